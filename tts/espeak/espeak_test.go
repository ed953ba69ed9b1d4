package espeak_test

import (
	"context"
	"errors"
	"fmt"
	"math"
	"strings"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/voicegate/voicegate/tts"
	"github.com/voicegate/voicegate/tts/espeak"
	"github.com/voicegate/voicegate/tts/ttstest"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

func newSynth(t testing.TB, opts ...espeak.Option) *espeak.Synth {
	t.Helper()
	s, err := espeak.New(opts...)
	if err != nil {
		t.Fatalf("espeak.New: %v (install: apt-get install libespeak-ng-dev espeak-ng-data)", err)
	}
	return s
}

func TestEnglishConforms(t *testing.T) {
	ttstest.Conformance{CancelBound: 300 * time.Millisecond}.Run(t, newSynth(t))
}

func TestChineseConforms(t *testing.T) {
	ttstest.Conformance{
		Lang:              "zh",
		Sentence:          "您好，欢迎致电客服中心，请问有什么可以帮您？",
		MinSecondsPerWord: 0.12, MaxSecondsPerWord: 0.6,
		CancelBound: 300 * time.Millisecond,
	}.Run(t, newSynth(t))
}

// The plain "cmn" voice of espeak-ng 1.51 reads its tone digits aloud, which makes every syllable much
// longer; the default Chinese voice must not.
func TestChineseUsesPinyinVoice(t *testing.T) {
	s := newSynth(t)
	text := "请问有什么可以帮您"
	def, err := ttstest.Collect(context.Background(), s, tts.Request{Text: text, Lang: "zh"})
	if err != nil {
		t.Fatal(err)
	}
	pinyin, err := ttstest.Collect(context.Background(), s, tts.Request{Text: text, Voice: espeak.DefaultChineseVoice})
	if err != nil {
		t.Fatal(err)
	}
	plain, err := ttstest.Collect(context.Background(), s, tts.Request{Text: text, Voice: "cmn"})
	if err != nil {
		t.Fatal(err)
	}
	// espeak adds a little random jitter, so compare lengths with a tolerance.
	if !near(len(def.PCM), len(pinyin.PCM), 0.02) {
		t.Fatalf("lang zh gave %d samples, %s gives %d", len(def.PCM), espeak.DefaultChineseVoice, len(pinyin.PCM))
	}
	if near(len(def.PCM), len(plain.PCM), 0.05) {
		t.Fatalf("lang zh (%d samples) sounds like the plain cmn voice (%d)", len(def.PCM), len(plain.PCM))
	}
	perChar := float64(len(def.PCM)) / ttstest.SampleRate / 9
	if perChar > 0.5 {
		t.Fatalf("%.2f s per character: tone digits read aloud?", perChar)
	}
}

func TestLangSelection(t *testing.T) {
	s := newSynth(t)
	tests := []struct {
		lang, voice string
		wantErr     error
	}{
		{lang: "", wantErr: nil},
		{lang: "en-US"},
		{lang: "zh-CN"},
		{lang: "cmn"},
		{lang: "de"},
		{voice: "en-gb"},
		{lang: "pt-BR"},
		{voice: "no-such-voice", wantErr: tts.ErrUnknownVoice},
		{voice: "../../etc/passwd", wantErr: tts.ErrUnknownVoice},
		{lang: "xx-klingon", wantErr: tts.ErrUnavailable},
	}
	for _, tt := range tests {
		t.Run(tt.lang+"/"+tt.voice, func(t *testing.T) {
			r, err := ttstest.Collect(context.Background(), s, tts.Request{Text: "hello 123", Lang: tt.lang, Voice: tt.voice})
			if tt.wantErr != nil {
				if !errors.Is(err, tt.wantErr) || !errors.Is(err, tts.ErrUnavailable) {
					t.Fatalf("err = %v, want %v", err, tt.wantErr)
				}
				return
			}
			if err != nil || ttstest.RMS(r.PCM) < 300 {
				t.Fatalf("err %v, rms %.0f", err, ttstest.RMS(r.PCM))
			}
		})
	}
	// A bad voice must not break the next request.
	if _, err := ttstest.Collect(context.Background(), s, tts.Request{Text: "still working"}); err != nil {
		t.Fatal(err)
	}
}

func TestOptions(t *testing.T) {
	for _, opts := range [][]espeak.Option{
		{espeak.WithRate(10)}, {espeak.WithRate(1000)}, {espeak.WithPitch(-1)}, {espeak.WithPitch(101)},
		{espeak.WithVoice("en", "bad voice")},
	} {
		if _, err := espeak.New(opts...); !errors.Is(err, espeak.ErrBadOption) {
			t.Errorf("err = %v, want ErrBadOption", err)
		}
	}
	text := "Your appointment is confirmed for Monday at nine in the morning."
	slow, err := ttstest.Collect(context.Background(), newSynth(t, espeak.WithRate(120)), tts.Request{Text: text})
	if err != nil {
		t.Fatal(err)
	}
	fast, err := ttstest.Collect(context.Background(), newSynth(t, espeak.WithRate(300)), tts.Request{Text: text})
	if err != nil {
		t.Fatal(err)
	}
	if ratio := float64(len(slow.PCM)) / float64(len(fast.PCM)); ratio < 1.6 {
		t.Fatalf("rate 120 vs 300 wpm: length ratio %.2f, want > 1.6", ratio)
	}
	low := newSynth(t, espeak.WithPitch(10))
	high := newSynth(t, espeak.WithPitch(90))
	lo, _ := ttstest.Collect(context.Background(), low, tts.Request{Text: "aaah"})
	hi, _ := ttstest.Collect(context.Background(), high, tts.Request{Text: "aaah"})
	if zeroCrossings(hi.PCM) <= zeroCrossings(lo.PCM) {
		t.Fatalf("pitch 90 has no more zero crossings/s (%.0f) than pitch 10 (%.0f)", zeroCrossings(hi.PCM), zeroCrossings(lo.PCM))
	}
	if !strings.Contains(low.Name(), "pitch=10") {
		t.Fatalf("Name() = %q", low.Name())
	}
}

func zeroCrossings(pcm []int16) float64 {
	n := 0
	for i := 1; i < len(pcm); i++ {
		if (pcm[i-1] < 0) != (pcm[i] < 0) {
			n++
		}
	}
	return float64(n) / (float64(len(pcm)) / ttstest.SampleRate)
}

// Two instances with different settings share the process-wide library: each must still get exactly
// its own audio.
func TestInstancesDoNotInterfere(t *testing.T) {
	a := newSynth(t, espeak.WithRate(130))
	b := newSynth(t, espeak.WithRate(260), espeak.WithPitch(80))
	reqA := tts.Request{Text: "Please hold for the next available agent."}
	reqB := tts.Request{Text: "您的订单已经发货。", Lang: "zh"}
	refA, err := ttstest.Collect(context.Background(), a, reqA)
	if err != nil {
		t.Fatal(err)
	}
	refB, err := ttstest.Collect(context.Background(), b, reqB)
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	errs := make(chan string, 16)
	for i := range 6 {
		s, req, ref := a, reqA, refA
		if i%2 == 1 {
			s, req, ref = b, reqB, refB
		}
		wg.Go(func() {
			for range 3 {
				r, err := ttstest.Collect(context.Background(), s, req)
				if err != nil {
					errs <- err.Error()
					return
				}
				// Leaked settings would change the length by 2x (rates 130 vs 260 wpm).
				if !near(len(r.PCM), len(ref.PCM), 0.03) {
					errs <- fmt.Sprintf("%d samples for %q, alone %d", len(r.PCM), req.Text, len(ref.PCM))
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
}

func near(a, b int, tol float64) bool {
	return math.Abs(float64(a-b)) <= tol*float64(max(a, b))
}

func TestMissingDataIsUnavailable(t *testing.T) {
	_, err := espeak.New(espeak.WithDataPath(t.TempDir()))
	if !errors.Is(err, tts.ErrUnavailable) || !strings.Contains(err.Error(), "apt-get install espeak-ng-data") {
		t.Fatalf("err = %v, want ErrUnavailable naming the package", err)
	}
	if _, err := espeak.New(espeak.WithDataPath("/usr/lib/x86_64-linux-gnu/espeak-ng-data")); err != nil && !strings.Contains(err.Error(), "phontab") {
		t.Fatalf("real data path: %v", err)
	}
}

func TestWaitingForLockHonoursContext(t *testing.T) {
	s := newSynth(t)
	long := strings.Repeat("This is a long announcement that keeps the engine busy. ", 15)
	block := make(chan struct{})
	released := make(chan struct{})
	go func() {
		defer close(released)
		// Emit blocks: synthesis itself still finishes (audio is queued), so the lock is free again.
		_ = s.Synthesize(context.Background(), tts.Request{Text: long}, func([]int16) error { <-block; return nil })
	}()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	r, err := ttstest.Collect(ctx, s, tts.Request{Text: "Are you still there?"})
	close(block)
	<-released
	if err != nil {
		t.Fatalf("second caller blocked behind a slow consumer: %v", err)
	}
	if r.FirstChunk > time.Second {
		t.Fatalf("first chunk after %v while another call's consumer was stalled", r.FirstChunk)
	}
}

func BenchmarkEnglish(b *testing.B) {
	ttstest.Bench(b, newSynth(b), tts.Request{Text: ttstest.TypicalReply, Lang: "en"})
}

func BenchmarkChinese(b *testing.B) {
	ttstest.Bench(b, newSynth(b), tts.Request{Text: "感谢您的来电。您的订单已经发货，预计周五送达；还有什么可以帮您的吗？", Lang: "zh"})
}

func BenchmarkCachedEnglish(b *testing.B) {
	c := tts.NewCache(newSynth(b))
	ttstest.Bench(b, c, tts.Request{Text: ttstest.TypicalReply, Lang: "en"})
}
