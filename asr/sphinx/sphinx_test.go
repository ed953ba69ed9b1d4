package sphinx

import (
	"context"
	"errors"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/voicegate/voicegate/asr"
	"github.com/voicegate/voicegate/asr/asreval"
	"github.com/voicegate/voicegate/audio"
	"github.com/voicegate/voicegate/internal/shareddata"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// requireModel skips (fails in CI) when Debian's model is not installed.
func requireModel(tb testing.TB) {
	tb.Helper()
	if _, err := os.Stat(filepath.Join(DefaultModelDir, "en-us", "mdef")); err != nil {
		if os.Getenv("CI") != "" {
			tb.Fatalf("pocketsphinx-en-us not installed: %v", err)
		}
		tb.Skip("pocketsphinx-en-us not installed")
	}
}

func newRec(tb testing.TB, opts ...Option) *Recognizer {
	tb.Helper()
	requireModel(tb)
	r, err := New(opts...)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { _ = r.Close() })
	return r
}

func newSess(tb testing.TB, r *Recognizer) asr.Session {
	tb.Helper()
	s, err := r.NewSession(context.Background(), "en")
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { _ = s.Close() })
	return s
}

// synth speaks text with flite's slt voice (16 kHz).
func synth(tb testing.TB, text string) []int16 {
	tb.Helper()
	if _, err := exec.LookPath("flite"); err != nil {
		if os.Getenv("CI") != "" {
			tb.Fatal("flite not installed")
		}
		tb.Skip("flite not installed")
	}
	p := filepath.Join(tb.TempDir(), "s.wav")
	if out, err := exec.Command("flite", "-voice", "slt", "-t", text, "-o", p).CombinedOutput(); err != nil {
		tb.Fatalf("flite: %v %s", err, out)
	}
	pcm, err := audio.LoadWAV16k(p)
	if err != nil {
		tb.Fatal(err)
	}
	return pcm
}

func recognize(tb testing.TB, s asr.Session, mode asr.Mode, pcm []int16) asr.Result {
	tb.Helper()
	res, err := asreval.Recognize(context.Background(), s, asr.Hints{Mode: mode}, pcm)
	if err != nil {
		tb.Fatal(err)
	}
	return res
}

// TestDigitsFSDD: real 8 kHz digits (upsampled by audio.LoadWAV16k), every 3rd of the 300 recordings, in
// one session as in a call. With the telephone-band extension (on by default) against without it: the
// extension restores the 4-8 kHz fricative energy the 16 kHz model needs ("six" -> "eight" without it).
func TestDigitsFSDD(t *testing.T) {
	man := shareddata.Path(t, "data", "speech", "fsdd", "manifest.csv")
	items, err := asreval.ReadManifest(man)
	if err != nil {
		t.Fatal(err)
	}
	var sub []asreval.Item
	for i := 0; i < len(items); i += 3 {
		sub = append(sub, items[i])
	}
	wer := map[string]float64{}
	for _, tc := range []struct {
		name string
		opts []Option
		max  float64
	}{
		// 0.120 measured on this subset (0.083 over all 300 files, 0.087 on the train split, 0.060 on the
		// test split; 0.150 here before "oh" was restricted to between digits); the decoding is
		// deterministic, the margin is for library or model package updates.
		{"extended", nil, 0.14},
		{"telephone band", []Option{WithoutBandwidthExtension()}, 1},
	} {
		r := newRec(t, tc.opts...)
		rep, err := asreval.EvaluateItems(context.Background(), r, sub, asr.ModeDigits)
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("fsdd digits, %s: n=%d WER=%.3f RTF=%.3f", tc.name, rep.N, rep.WER, rep.RTF)
		if rep.WER > tc.max {
			t.Fatalf("%s: digit WER %.3f > %.2f", tc.name, rep.WER, tc.max)
		}
		wer[tc.name] = rep.WER
	}
	if wer["extended"] >= wer["telephone band"]-0.05 {
		t.Fatalf("band extension does not help: WER %.3f vs %.3f without", wer["extended"], wer["telephone band"])
	}
}

// The call's cepstral mean is taken from the decoder after each turn and restored at the next Begin.
func TestCallCepstralMean(t *testing.T) {
	r := newRec(t)
	s := newSess(t, r).(*session)
	if s.cmn != nil {
		t.Fatal("mean before the first turn")
	}
	_ = recognize(t, s, asr.ModeDigits, synth(t, "four two"))
	first := slices.Clone(s.cmn)
	if len(first) != 13 {
		t.Fatalf("cepstral mean of %d values", len(first))
	}
	_ = recognize(t, s, asr.ModeDigits, synth(t, "nine"))
	if slices.Equal(first, s.cmn) {
		t.Fatal("mean not updated by the second turn")
	}
	if err := s.Begin(context.Background(), asr.Hints{Mode: asr.ModeDigits}); err != nil {
		t.Fatal(err)
	}
	got := s.d.cmnMean()
	for i := range got {
		if math.Abs(float64(got[i]-s.cmn[i])) > 1e-3 {
			t.Fatalf("decoder mean %v, want the call's %v", got, s.cmn)
		}
	}
	if err := s.d.setCMNMean(nil); err == nil {
		t.Fatal("empty mean accepted")
	}
}

var kbPhrases = []string{
	"where is my order",
	"I want to return my headphones",
	"my VoiceGate speaker is broken",
	"how long does delivery take",
	"I want to cancel my order",
	"can I change my delivery address",
	"what is your refund policy",
	"I was charged twice for my order",
}

func TestDomainLMOnSynthesizedSpeech(t *testing.T) {
	r := newRec(t)
	if err := r.SetDomainPhrases(context.Background(), kbPhrases); err != nil {
		t.Fatal(err)
	}
	s := newSess(t, r)
	var edits, words int
	for _, p := range kbPhrases {
		res := recognize(t, s, asr.ModeOpen, synth(t, p))
		ref := strings.Fields(strings.ToLower(p))
		e := asreval.WordErrors(ref, strings.Fields(res.Text))
		edits += e
		words += len(ref)
		if e > 0 {
			t.Logf("ref %q hyp %q", p, res.Text)
		}
		if res.Confidence < 0 || res.Confidence > 1 || !res.Final {
			t.Fatalf("bad result %+v", res)
		}
	}
	wer := float64(edits) / float64(words)
	t.Logf("domain LM on flite: WER %.3f (%d/%d)", wer, edits, words)
	if wer > 0.15 {
		t.Fatalf("domain WER %.3f > 0.15", wer)
	}
}

func TestRejection(t *testing.T) {
	r := newRec(t)
	s := newSess(t, r)
	cases := []struct {
		mode   asr.Mode
		text   string
		reject bool
		want   string
	}{
		{asr.ModeDigits, "four two seven one", false, "four two seven one"},
		{asr.ModeDigits, "nine nine five zero", false, "nine nine five zero"},
		{asr.ModeDigits, "two oh one", false, "two zero one"},
		{asr.ModeDigits, "six six three one two", false, "six six three one two"},
		{asr.ModeDigits, "what's the weather like today", true, ""},
		{asr.ModeDigits, "i want to speak to an agent", true, ""},
		{asr.ModeDigits, "can you tell me where my order is", true, ""},
		{asr.ModeDigits, "i would like a refund please", true, ""},
		{asr.ModeYesNo, "yes", false, "yes"},
		{asr.ModeYesNo, "no thank you", false, "no thank you"},
		{asr.ModeYesNo, "yes please", false, "yes please"},
		{asr.ModeYesNo, "what's the weather like today", true, ""},
		{asr.ModeYesNo, "the package never arrived", true, ""},
		{asr.ModeYesNo, "four two seven one", true, ""},
	}
	wrong := 0
	for _, tc := range cases {
		res := recognize(t, s, tc.mode, synth(t, tc.text))
		ok := res.Rejected == tc.reject && (tc.reject || res.Text == tc.want)
		if !ok {
			wrong++
			t.Logf("%s %q: got %+v", tc.mode, tc.text, res)
		}
	}
	// One miss in fourteen is tolerated: the threshold trades false rejections against false accepts.
	if wrong > 1 {
		t.Fatalf("%d of %d rejection cases wrong", wrong, len(cases))
	}
}

// A bare "oh" is a digit only between two digits: "two oh one" keeps it, while a lone "oh" (a vowel any
// digit can decay into on the telephone band, or an exclamation) cannot come out as "zero".
func TestDigitsOhBetweenDigits(t *testing.T) {
	r := newRec(t)
	s := newSess(t, r)
	for _, tc := range []struct {
		text, want string
	}{
		{"two oh one", "two zero one"},
		{"nine oh nine", "nine zero nine"},
		{"five five five oh one four two", "five five five zero one four two"},
		{"two", "two"},
		{"zero", "zero"},
	} {
		if res := recognize(t, s, asr.ModeDigits, synth(t, tc.text)); res.Text != tc.want {
			t.Errorf("%q: got %+v, want %q", tc.text, res, tc.want)
		}
	}
	if res := recognize(t, s, asr.ModeDigits, synth(t, "oh")); res.Text == "zero" {
		t.Errorf("a lone %q read as a digit: %+v", "oh", res)
	}
}

func TestUnavailable(t *testing.T) {
	_, err := New(WithModelDir(filepath.Join(t.TempDir(), "nope")))
	if !errors.Is(err, asr.ErrUnavailable) || !strings.Contains(err.Error(), "apt-get install -y pocketsphinx-en-us") {
		t.Fatalf("wrong model dir: %v", err)
	}
	r := newRec(t)
	for _, lang := range []string{"zh", "zh-CN", "fr"} {
		if _, err := r.NewSession(context.Background(), lang); !errors.Is(err, asr.ErrUnavailable) {
			t.Fatalf("lang %s: %v", lang, err)
		}
	}
	s := newSess(t, r)
	if err := s.Begin(context.Background(), asr.Hints{Lang: "zh"}); !errors.Is(err, asr.ErrUnavailable) || !strings.Contains(err.Error(), "Mandarin") {
		t.Fatalf("zh turn: %v", err)
	}
}

func TestSessionLifecycle(t *testing.T) {
	r := newRec(t, WithPoolSize(1))
	ctx := context.Background()
	s := newSess(t, r)
	if err := s.Write(make([]int16, 320)); !errors.Is(err, asr.ErrNoTurn) {
		t.Fatalf("Write without Begin: %v", err)
	}
	if _, err := s.End(ctx); !errors.Is(err, asr.ErrNoTurn) {
		t.Fatalf("End without Begin: %v", err)
	}
	if err := s.Begin(ctx, asr.Hints{Mode: "menu"}); !errors.Is(err, ErrMode) {
		t.Fatalf("unknown mode: %v", err)
	}
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	if err := s.Begin(cctx, asr.Hints{}); !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled ctx: %v", err)
	}
	// Silence: an empty result, not an error; a turn left open is dropped by the next Begin.
	if err := s.Begin(ctx, asr.Hints{}); err != nil {
		t.Fatal(err)
	}
	_ = s.Write(make([]int16, 8000))
	if p := s.Partial(); p.Final {
		t.Fatal("partial marked final")
	}
	res := recognize(t, s, asr.ModeDigits, make([]int16, 16000))
	if res.Text != "" || !res.Final {
		t.Fatalf("silence: %+v", res)
	}
	d := s.(*session).d
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal("second Close:", err)
	}
	if err := s.Begin(ctx, asr.Hints{}); !errors.Is(err, asr.ErrClosed) {
		t.Fatalf("Begin after Close: %v", err)
	}
	if err := s.Write(nil); !errors.Is(err, asr.ErrClosed) {
		t.Fatalf("Write after Close: %v", err)
	}
	// The pooled decoder is reused by the next session.
	s2 := newSess(t, r)
	if s2.(*session).d != d {
		t.Fatal("decoder not reused from the pool")
	}
	_ = s2.Close()
	if err := r.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := r.NewSession(ctx, ""); !errors.Is(err, ErrRecognizerClosed) {
		t.Fatalf("NewSession after Close: %v", err)
	}
}

func TestDomainUpdateReachesOpenSession(t *testing.T) {
	r := newRec(t)
	s := newSess(t, r)
	ctx := context.Background()
	_ = recognize(t, s, asr.ModeOpen, make([]int16, 3200))
	if s.(*session).d.hasWord("headphones") {
		t.Fatal("word present before update")
	}
	if err := r.SetDomainPhrases(ctx, []string{"my new headphones from VoiceGate are broken", "zzqxj"}); err != nil {
		t.Fatal(err)
	}
	res := recognize(t, s, asr.ModeOpen, synth(t, "my new headphones are broken"))
	if !s.(*session).d.hasWord("headphones") || !s.(*session).d.hasWord("voicegate") {
		t.Fatal("session did not pick up the new words")
	}
	if !strings.Contains(res.Text, "headphones") {
		t.Fatalf("new domain phrase not recognised: %q", res.Text)
	}
}

// TestSessionMemory reports the resident memory and start time of fresh decoders (no pool).
func TestSessionMemory(t *testing.T) {
	r := newRec(t, WithPoolSize(0))
	before := rss(t)
	const n = 4
	var ss []asr.Session
	start := time.Now()
	for range n {
		ss = append(ss, newSess(t, r))
	}
	el := time.Since(start) / n
	per := (rss(t) - before) / n
	t.Logf("fresh session: %v to start, %d KiB resident each", el, per)
	for _, s := range ss {
		_ = s.Close()
	}
	if per > 64<<10 {
		t.Fatalf("session uses %d KiB", per)
	}
}

func rss(t *testing.T) int {
	t.Helper()
	runtime.GC()
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		t.Skip("no /proc")
	}
	for _, l := range strings.Split(string(b), "\n") {
		if f := strings.Fields(l); len(f) >= 2 && f[0] == "VmRSS:" {
			var kb int
			for _, c := range f[1] {
				kb = kb*10 + int(c-'0')
			}
			return kb
		}
	}
	return 0
}

func benchTurn(b *testing.B, mode asr.Mode, text string) {
	r := newRec(b)
	if err := r.SetDomainPhrases(context.Background(), kbPhrases); err != nil {
		b.Fatal(err)
	}
	s := newSess(b, r)
	pcm := synth(b, text)
	b.ResetTimer()
	start := time.Now()
	for b.Loop() {
		recognize(b, s, mode, pcm)
	}
	audioSec := float64(b.N) * float64(len(pcm)) / audio.SampleRate
	b.ReportMetric(time.Since(start).Seconds()/audioSec, "rtf")
}

func BenchmarkSessionTurn(b *testing.B) {
	b.Run("open", func(b *testing.B) { benchTurn(b, asr.ModeOpen, "I want to cancel my order") })
	b.Run("digits", func(b *testing.B) { benchTurn(b, asr.ModeDigits, "four two seven one nine") })
	b.Run("yesno", func(b *testing.B) { benchTurn(b, asr.ModeYesNo, "yes please") })
}

func BenchmarkNewSession(b *testing.B) {
	for _, pool := range []int{0, 1} {
		b.Run(map[int]string{0: "fresh", 1: "pooled"}[pool], func(b *testing.B) {
			r := newRec(b, WithPoolSize(pool))
			for b.Loop() {
				s, err := r.NewSession(context.Background(), "en")
				if err != nil {
					b.Fatal(err)
				}
				_ = s.Close()
			}
		})
	}
}

func TestRejectThresholdOptions(t *testing.T) {
	for _, tc := range []struct {
		name          string
		opts          []Option
		digits, yesno float64
		err           error
	}{
		{"defaults", nil, defaultRejectDigits, defaultRejectYesNo, nil},
		{"one for all", []Option{WithRejectThreshold(3)}, 3, 3, nil},
		{"per mode", []Option{WithRejectThresholds(map[asr.Mode]float64{asr.ModeYesNo: 6})}, defaultRejectDigits, 6, nil},
		{"open mode", []Option{WithRejectThresholds(map[asr.Mode]float64{asr.ModeOpen: 1})}, 0, 0, ErrMode},
	} {
		r := &Recognizer{rejectDigits: defaultRejectDigits, rejectYesNo: defaultRejectYesNo}
		var err error
		for _, o := range tc.opts {
			if err = o(r); err != nil {
				break
			}
		}
		if !errors.Is(err, tc.err) {
			t.Fatalf("%s: error %v, want %v", tc.name, err, tc.err)
		}
		if err == nil && (r.rejectThreshold(asr.ModeDigits) != tc.digits || r.rejectThreshold(asr.ModeYesNo) != tc.yesno) {
			t.Fatalf("%s: thresholds %v/%v", tc.name, r.rejectThreshold(asr.ModeDigits), r.rejectThreshold(asr.ModeYesNo))
		}
	}
	if err := WithRejectThresholds(map[asr.Mode]float64{asr.ModeDigits: math.NaN()})(&Recognizer{}); err == nil {
		t.Fatal("NaN threshold accepted")
	}
}

// TestYesNoRejectsOpenSpeech: in yes/no mode, real open sentences (cv-en, half of them through the telephone
// band) must mostly be rejected, while synthesised answers in several voices are accepted. Before the phone-
// count check the acoustic score alone rejected 3 of 50 such sentences.
func TestYesNoRejectsOpenSpeech(t *testing.T) {
	r := newRec(t)
	man := shareddata.Path(t, "data", "speech", "cv-en", "manifest.tsv")
	b, err := os.ReadFile(man)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")[1:]
	rejected, n := 0, 0
	for i, l := range lines {
		if i%2 == 1 || n == 20 { // every other clip: 20 in all
			continue
		}
		pcm, err := audio.LoadWAV16k(filepath.Join(filepath.Dir(man), strings.Split(l, "\t")[0]))
		if err != nil {
			t.Fatal(err)
		}
		if n%2 == 1 {
			pcm = telephoneBand(t, pcm)
		}
		n++
		if res := recognize(t, newSess(t, r), asr.ModeYesNo, pcm); res.Rejected {
			rejected++
		} else {
			t.Logf("open sentence accepted as %q", res.Text)
		}
	}
	accepted := 0
	answers := []string{"yes", "no", "yeah", "nope", "no thank you", "yes please", "that's right", "not really"}
	for _, a := range answers {
		if res := recognize(t, newSess(t, r), asr.ModeYesNo, synth(t, a)); !res.Rejected {
			accepted++
		} else {
			t.Logf("answer %q rejected", a)
		}
	}
	t.Logf("open sentences rejected %d/%d, answers accepted %d/%d", rejected, n, accepted, len(answers))
	if rejected < n*6/10 || accepted < len(answers)-1 {
		t.Fatalf("open sentences rejected %d/%d (want >= 60%%), answers accepted %d/%d", rejected, n, accepted, len(answers))
	}
}

// telephoneBand passes 16 kHz speech through an 8 kHz µ-law line and back.
func telephoneBand(t *testing.T, pcm []int16) []int16 {
	t.Helper()
	p8, err := audio.Resample(pcm, 16000, 8000)
	if err != nil {
		t.Fatal(err)
	}
	u := make([]byte, len(p8))
	audio.MulawEncode(u, p8)
	audio.MulawDecode(p8, u)
	p16, err := audio.Resample(p8, 8000, 16000)
	if err != nil {
		t.Fatal(err)
	}
	return p16
}
