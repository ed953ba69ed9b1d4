package audio

import (
	"bufio"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/voicegate/voicegate/internal/shareddata"
)

// cvClips returns the cv-en clip paths from the manifest.
func cvClips(t testing.TB) []string {
	t.Helper()
	dir := shareddata.Path(t, "data", "speech", "cv-en")
	f, err := os.Open(filepath.Join(dir, "manifest.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []string
	sc := bufio.NewScanner(f)
	sc.Scan() // header
	for sc.Scan() {
		if p, _, ok := strings.Cut(sc.Text(), "\t"); ok {
			out = append(out, filepath.Join(dir, p))
		}
	}
	if len(out) == 0 {
		t.Fatal("no clips in manifest")
	}
	return out
}

// speechBounds is an independent reference for where speech is: 10 ms windows within 35 dB of the
// loudest one, ignoring isolated windows (clicks). It also returns the longest pause inside.
func speechBounds(pcm []int16) (start, end, longestPause time.Duration) {
	const win = 160
	n := len(pcm) / win
	en := make([]float64, n)
	peak := -200.0
	for i := range n {
		var s float64
		for _, v := range pcm[i*win : (i+1)*win] {
			s += float64(v) * float64(v)
		}
		en[i] = 10 * math.Log10(s/win+1)
		peak = max(peak, en[i])
	}
	sorted := slices.Clone(en)
	slices.Sort(sorted)
	background := sorted[n/10]
	active := make([]bool, n)
	for i := range n {
		active[i] = en[i] > max(peak-35, background+12)
	}
	// Speech starts where 8 of the next 10 windows are active and ends where 8 of the last 10 were.
	dense := func(from int) bool {
		c := 0
		for k := from; k < from+10 && k < n; k++ {
			if k >= 0 && active[k] {
				c++
			}
		}
		return c >= 8
	}
	first, last := -1, -1
	for i := range n {
		if active[i] && dense(i) {
			first = i
			break
		}
	}
	for j := n - 1; j >= 0; j-- {
		if active[j] && dense(j-9) {
			last = j
			break
		}
	}
	gap := 0
	for i := first; i <= last && first >= 0; i++ {
		if !active[i] {
			gap++
			longestPause = max(longestPause, time.Duration(gap)*10*time.Millisecond)
		} else {
			gap = 0
		}
	}
	return time.Duration(first) * 10 * time.Millisecond, time.Duration(last+1) * 10 * time.Millisecond, longestPause
}

type vadEvent struct {
	ev Event
	at time.Duration // end of the frame that produced it
}

func runEndpointer(e *Endpointer, pcm []int16) []vadEvent {
	var out []vadEvent
	for i, f := range Frames(pcm) {
		if ev := e.Process(&f); ev != EventNone {
			out = append(out, vadEvent{ev, time.Duration(i+1) * FrameDuration})
		}
	}
	return out
}

func addNoise(pcm []int16, snrDB float64, seed uint64) []int16 {
	var s float64
	for _, v := range pcm {
		s += float64(v) * float64(v)
	}
	// Speech power measured over the active part only would be higher; using the whole clip is harsher.
	sigma := math.Sqrt(s/float64(len(pcm))) / math.Pow(10, snrDB/20)
	rng := rand.New(rand.NewPCG(seed, 7))
	out := make([]int16, len(pcm))
	for i, v := range pcm {
		out[i] = clamp16(float32(float64(v) + rng.NormFloat64()*sigma))
	}
	return out
}

type clipResult struct {
	startOK, endOK, noMidEnd bool
}

// judge compares events with the reference speech span.
func judge(evs []vadEvent, start, end, pause, silence time.Duration, endLo, endHi time.Duration) clipResult {
	var r clipResult
	if len(evs) < 2 || evs[0].ev != EventSpeechStart || evs[len(evs)-1].ev != EventEndOfTurn {
		return r
	}
	at := evs[0].at
	r.startOK = at >= start-150*time.Millisecond && at <= start+DefaultMinSpeech+300*time.Millisecond
	endAt := evs[len(evs)-1].at - end
	r.endOK = endAt >= silence+endLo && endAt <= silence+endHi
	r.noMidEnd = pause >= 400*time.Millisecond || len(evs) == 2
	return r
}

func TestEndpointerCommonVoice(t *testing.T) {
	tests := []struct {
		name                  string
		snr                   float64
		endLo, endHi          time.Duration
		minStart, minEnd, mid float64
	}{
		{"clean", 0, -150 * time.Millisecond, 500 * time.Millisecond, 0.8, 0.85, 1},
		// Noise masks the quiet tail of the last word, so the turn may end a little before the reference.
		{"white-noise-20dB", 20, -700 * time.Millisecond, 500 * time.Millisecond, 0.8, 0.8, 1},
	}
	clips := cvClips(t)
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var nStart, nEnd, nMid int
			for i, path := range clips {
				pcm, err := LoadWAV16k(path)
				if err != nil {
					t.Fatal(err)
				}
				start, end, pause := speechBounds(pcm)
				// A call never begins mid-word: give the noise floor 300 ms of quiet line first (some
				// clips start speaking 30 ms in), and 1.5 s after the clip for the end of turn.
				lead := 300 * time.Millisecond
				pcm = concat(backgroundLike(pcm, int(lead.Seconds()*SampleRate), uint64(i)), pcm, make([]int16, SampleRate*3/2))
				start, end = start+lead, end+lead
				if tc.snr > 0 {
					pcm = addNoise(pcm, tc.snr, uint64(i))
				}
				evs := runEndpointer(NewEndpointer(), pcm)
				r := judge(evs, start, end, pause, DefaultSilence, tc.endLo, tc.endHi)
				if r.startOK {
					nStart++
				}
				if r.endOK {
					nEnd++
				}
				if r.noMidEnd {
					nMid++
				}
				if !r.startOK || !r.endOK || !r.noMidEnd {
					t.Logf("%s: speech %v..%v (pause %v), events %v", filepath.Base(path), start, end, pause, evs)
				}
			}
			n := float64(len(clips))
			t.Logf("start ok %d/%d, end ok %d/%d, no end inside speech %d/%d", nStart, len(clips), nEnd, len(clips), nMid, len(clips))
			if float64(nStart) < tc.minStart*n || float64(nEnd) < tc.minEnd*n || float64(nMid) < tc.mid*n {
				t.Errorf("below target: start %.0f%% end %.0f%% mid %.0f%%", tc.minStart*100, tc.minEnd*100, tc.mid*100)
			}
		})
	}
}

func (v vadEvent) String() string { return fmt.Sprintf("%s@%v", v.ev, v.at) }

// lowNoise is background at about -70 dBFS, like a quiet line.
func lowNoise(n int, seed uint64) []int16 {
	rng := rand.New(rand.NewPCG(seed, 3))
	out := make([]int16, n)
	for i := range out {
		out[i] = int16(rng.NormFloat64() * 10)
	}
	return out
}

// backgroundLike is white noise at the level of the clip's quietest 60 ms, so the lead-in matches the
// clip's own background instead of adding a step the detector would rightly call a sound.
func backgroundLike(pcm []int16, n int, seed uint64) []int16 {
	quiet := math.Inf(1)
	for i := 0; i+960 <= len(pcm); i += 320 {
		quiet = min(quiet, rms(pcm[i:i+960]))
	}
	rng := rand.New(rand.NewPCG(seed, 5))
	out := make([]int16, n)
	for i := range out {
		out[i] = clamp16(float32(rng.NormFloat64() * quiet))
	}
	return out
}

func cut(pcm []int16, from, to time.Duration) []int16 {
	a := int(from.Seconds() * SampleRate)
	b := min(int(to.Seconds()*SampleRate), len(pcm))
	return pcm[a:b]
}

func concat(parts ...[]int16) []int16 {
	var out []int16
	for _, p := range parts {
		out = append(out, p...)
	}
	return out
}

func countEvents(evs []vadEvent, ev Event) int {
	n := 0
	for _, e := range evs {
		if e.ev == ev {
			n++
		}
	}
	return n
}

func speechOf(t *testing.T, path string) []int16 {
	t.Helper()
	pcm, err := LoadWAV16k(path)
	if err != nil {
		t.Fatal(err)
	}
	start, end, _ := speechBounds(pcm)
	return cut(pcm, start, end)
}

func TestEndpointerPauses(t *testing.T) {
	clips := cvClips(t)
	a, b := speechOf(t, clips[1]), speechOf(t, clips[2])
	tests := []struct {
		pause time.Duration
		turns int
	}{
		{250 * time.Millisecond, 1},
		{400 * time.Millisecond, 1},
		{1000 * time.Millisecond, 2},
	}
	for _, tc := range tests {
		t.Run(tc.pause.String(), func(t *testing.T) {
			sig := concat(lowNoise(8000, 1), a, lowNoise(int(tc.pause.Seconds()*SampleRate), 2), b, lowNoise(32000, 3))
			evs := runEndpointer(NewEndpointer(), sig)
			if n := countEvents(evs, EventEndOfTurn); n != tc.turns || countEvents(evs, EventSpeechStart) != tc.turns {
				t.Errorf("events %v, want %d turns", evs, tc.turns)
			}
		})
	}
}

func fsddPath(t *testing.T, name string) string {
	return shareddata.Path(t, "data", "speech", "fsdd", "recordings", name)
}

func TestEndpointerDigits(t *testing.T) {
	dir := shareddata.Path(t, "data", "speech", "fsdd", "recordings")
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	found := 0
	for _, ent := range entries {
		pcm, err := LoadWAV16k(filepath.Join(dir, ent.Name()))
		if err != nil {
			t.Fatal(err)
		}
		evs := runEndpointer(NewEndpointer(), concat(lowNoise(6400, 1), pcm, lowNoise(24000, 2)))
		if countEvents(evs, EventSpeechStart) == 1 && countEvents(evs, EventEndOfTurn) == 1 {
			found++
		} else {
			t.Logf("%s: %v", ent.Name(), evs)
		}
	}
	if found < len(entries)*9/10 {
		t.Errorf("digits detected as one turn in %d of %d recordings", found, len(entries))
	}
	t.Logf("digits detected as one turn in %d of %d recordings", found, len(entries))

	// "one ... two ... three" with 700 ms gaps: three turns normally, one while digits are expected.
	var parts [][]int16
	parts = append(parts, lowNoise(8000, 4))
	for _, name := range []string{"1_jackson_0.wav", "2_george_3.wav", "3_lucas_5.wav"} {
		pcm, err := LoadWAV16k(fsddPath(t, name))
		if err != nil {
			t.Fatal(err)
		}
		parts = append(parts, pcm, lowNoise(11200, 5))
	}
	parts = append(parts, lowNoise(32000, 6))
	sig := concat(parts...)
	if evs := runEndpointer(NewEndpointer(), sig); countEvents(evs, EventEndOfTurn) != 3 {
		t.Errorf("normal mode: %v, want 3 turns", evs)
	}
	e := NewEndpointer()
	e.SetExpectDigits(true)
	if evs := runEndpointer(e, sig); countEvents(evs, EventEndOfTurn) != 1 {
		t.Errorf("digit mode: %v, want 1 turn", evs)
	}
}

// voiced synthesises a vowel-like signal: harmonics of a pitch that glides, at the given level.
func voiced(n int, amp float64) []int16 {
	out := make([]int16, n)
	phase := 0.0
	for i := range out {
		f0 := 120 + 20*math.Sin(2*math.Pi*float64(i)/SampleRate*3)
		phase += 2 * math.Pi * f0 / SampleRate
		var v float64
		for k := 1; k <= 25; k++ {
			v += math.Sin(float64(k)*phase) / float64(k)
		}
		out[i] = int16(amp * v / 2)
	}
	return out
}

func TestEndpointerSilenceControls(t *testing.T) {
	sig := concat(lowNoise(8000, 1), voiced(16000, 8000), lowNoise(48000, 2))
	speechEnd := 1500 * time.Millisecond
	tests := []struct {
		name string
		opts []VADOption
		set  func(*Endpointer)
		want time.Duration // silence before end of turn
	}{
		{"default", nil, nil, DefaultSilence},
		{"custom", []VADOption{WithSilence(900 * time.Millisecond)}, nil, 900 * time.Millisecond},
		{"digits", nil, func(e *Endpointer) { e.SetExpectDigits(true) }, DefaultDigitSilence},
		{"shortened", nil, func(e *Endpointer) { e.ShortenSilence(200 * time.Millisecond) }, 200 * time.Millisecond},
		{"shorten-never-raises", nil, func(e *Endpointer) { e.ShortenSilence(5 * time.Second) }, DefaultSilence},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e := NewEndpointer(tc.opts...)
			var evs []vadEvent
			for i, f := range Frames(sig) {
				if i == 50 && tc.set != nil { // mid-turn, as the gateway would
					tc.set(e)
				}
				if ev := e.Process(&f); ev != EventNone {
					evs = append(evs, vadEvent{ev, time.Duration(i+1) * FrameDuration})
				}
			}
			if len(evs) != 2 || evs[1].ev != EventEndOfTurn {
				t.Fatalf("events %v", evs)
			}
			if got := evs[1].at - speechEnd; got < tc.want-40*time.Millisecond || got > tc.want+60*time.Millisecond {
				t.Errorf("end of turn %v after speech, want %v", got, tc.want)
			}
			if evs[0].at > 500*time.Millisecond+DefaultMinSpeech+60*time.Millisecond {
				t.Errorf("speech start at %v, speech began at 500ms", evs[0].at)
			}
		})
	}
}

func TestEndpointerMaxUtteranceAndReset(t *testing.T) {
	e := NewEndpointer(WithMaxUtterance(time.Second))
	evs := runEndpointer(e, concat(lowNoise(8000, 1), voiced(48000, 8000)))
	if len(evs) < 2 || evs[1].ev != EventEndOfTurn || evs[1].at > 1700*time.Millisecond {
		t.Errorf("max utterance: %v", evs)
	}
	e.Reset()
	if e.Speaking() {
		t.Error("speaking after Reset")
	}
}

func TestEndpointerIgnoresNoise(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 9))
	var sig []int16
	for _, sigma := range []float64{30, 300, 3000, 300} { // white noise that steps up and down
		for range 2 * SampleRate {
			sig = append(sig, clamp16(float32(rng.NormFloat64()*sigma)))
		}
	}
	// Clicks: single-sample spikes every 300 ms.
	for i := SampleRate; i < len(sig); i += SampleRate * 3 / 10 {
		sig[i] = 30000
	}
	if evs := runEndpointer(NewEndpointer(), sig); len(evs) != 0 {
		t.Errorf("noise produced events %v", evs)
	}
}

func TestLevel(t *testing.T) {
	var f Frame
	if l := Level(&f); l != -120 {
		t.Errorf("silence level %v", l)
	}
	copy(f[:], tone(SampleRate, 1000, 32767, FrameSamples))
	if l := Level(&f); math.Abs(l+3.01) > 0.05 {
		t.Errorf("full-scale sine level %.2f, want -3.01", l)
	}
	copy(f[:], tone(SampleRate, 1000, 3277, FrameSamples))
	if l := Level(&f); math.Abs(l+23.01) > 0.05 {
		t.Errorf("-20 dB sine level %.2f, want -23.01", l)
	}
}

func TestEndpointerNoAllocs(t *testing.T) {
	e := NewEndpointer()
	frames := Frames(voiced(16000, 5000))
	i := 0
	if n := testing.AllocsPerRun(200, func() { e.Process(&frames[i%len(frames)]); i++ }); n != 0 {
		t.Errorf("Process allocates %.1f per frame", n)
	}
}

func BenchmarkEndpointer(b *testing.B) {
	e := NewEndpointer()
	frames := Frames(voiced(16000, 5000))
	i := 0
	for b.Loop() {
		e.Process(&frames[i%len(frames)])
		i++
	}
}
