package audio

import (
	"math"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"
)

// firstBargeIn returns when the detector first fires on pcm, or -1.
func firstBargeIn(b *BargeIn, pcm []int16) time.Duration {
	for i, f := range Frames(pcm) {
		if b.Process(&f) {
			return time.Duration(i+1) * FrameDuration
		}
	}
	return -1
}

func TestBargeInRealSpeechTriggers(t *testing.T) {
	clips := cvClips(t)
	for _, snr := range []float64{0, 20} {
		hits := 0
		for i, path := range clips {
			pcm, err := LoadWAV16k(path)
			if err != nil {
				t.Fatal(err)
			}
			start, _, _ := speechBounds(pcm)
			sig := concat(backgroundLike(pcm, 4800, uint64(i)), pcm)
			if snr > 0 {
				sig = addNoise(sig, snr, uint64(i))
			}
			at := firstBargeIn(NewBargeIn(), sig)
			onset := start + 300*time.Millisecond
			// Confirmed within 1.2 s of the (reference) onset: 300 ms of voicing, consonants in between.
			// The lower bound is loose because the reference onset is itself only an estimate.
			if at >= 300*time.Millisecond+DefaultBargeInSpeech && at <= onset+1200*time.Millisecond {
				hits++
			} else {
				t.Logf("snr %v %s: speech at %v, barge-in at %v", snr, filepath.Base(path), onset, at)
			}
		}
		t.Logf("snr %v: barge-in confirmed in time for %d/%d clips", snr, hits, len(clips))
		if hits < len(clips)*9/10 {
			t.Errorf("snr %v: only %d/%d clips triggered barge-in in time", snr, hits, len(clips))
		}
	}
}

func TestBargeInShortSpeechIgnored(t *testing.T) {
	// 200 ms cut from the middle of real speech, as a backchannel would be, must not trigger.
	clips := cvClips(t)
	fired, total := 0, 0
	for i, path := range clips {
		pcm, err := LoadWAV16k(path)
		if err != nil {
			t.Fatal(err)
		}
		start, end, _ := speechBounds(pcm)
		for at := start; at+200*time.Millisecond <= end; at += 700 * time.Millisecond {
			seg := cut(pcm, at, at+200*time.Millisecond)
			sig := concat(backgroundLike(pcm, 8000, uint64(i)), seg, backgroundLike(pcm, 8000, uint64(i)+1))
			total++
			if firstBargeIn(NewBargeIn(), sig) >= 0 {
				fired++
				t.Logf("%s at %v: fired", filepath.Base(path), at)
			}
		}
	}
	t.Logf("200 ms segments: %d of %d fired", fired, total)
	if fired != 0 {
		t.Errorf("%d of %d short segments triggered barge-in", fired, total)
	}
}

func TestBargeInNoisesIgnored(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	quiet := lowNoise(16000, 7)
	burst := func(ms int, amp float64) []int16 { // cough-like: broadband, fast attack, decaying
		n := ms * SampleRate / 1000
		out := make([]int16, n)
		for i := range out {
			env := math.Exp(-3 * float64(i) / float64(n))
			out[i] = clamp16(float32(rng.NormFloat64() * amp * env))
		}
		return out
	}
	click := func() []int16 {
		out := make([]int16, 40)
		out[0], out[1], out[2] = 30000, -20000, 8000
		return out
	}
	tests := []struct {
		name string
		sig  []int16
	}{
		{"clicks", concat(quiet, click(), quiet, click(), quiet, click(), quiet)},
		{"cough-250ms", concat(quiet, burst(250, 8000), quiet)},
		{"cough-400ms", concat(quiet, burst(400, 12000), quiet)},
		{"coughs-in-a-row", concat(quiet, burst(200, 8000), lowNoise(1600, 1), burst(200, 8000), lowNoise(1600, 2), burst(200, 8000), quiet)},
		{"white-noise-2s", concat(quiet, burst(2000, 3000), quiet)},
		{"short-voiced-200ms", concat(quiet, voiced(3200, 8000), quiet)},
		{"voiced-2x150ms", concat(quiet, voiced(2400, 8000), lowNoise(3200, 3), voiced(2400, 8000), quiet)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if at := firstBargeIn(NewBargeIn(), tc.sig); at >= 0 {
				t.Errorf("fired at %v", at)
			}
		})
	}
	// The same detector does fire on sustained voicing, and the option moves the threshold.
	if at := firstBargeIn(NewBargeIn(), concat(quiet, voiced(8000, 8000))); at < 0 || at > 1400*time.Millisecond {
		t.Errorf("sustained voicing: fired at %v", at)
	}
	if at := firstBargeIn(NewBargeIn(WithBargeInSpeech(600*time.Millisecond)), concat(quiet, voiced(16000, 8000))); at < 1550*time.Millisecond {
		t.Errorf("600 ms option fired at %v", at)
	}
}

func TestBargeInBackchannelsEspeak(t *testing.T) {
	bin, err := exec.LookPath("espeak-ng")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("espeak-ng missing in CI")
		}
		t.Skip("espeak-ng not installed")
	}
	dir := t.TempDir()
	// Backchannels are quick; at 260 words per minute espeak-ng says them in about 150-250 ms.
	for i, word := range []string{"mm", "uh-huh", "ok", "yeah", "hmm"} {
		path := filepath.Join(dir, word+".wav")
		if out, err := exec.Command(bin, "-s", "260", "-w", path, word).CombinedOutput(); err != nil {
			t.Fatalf("espeak-ng: %v %s", err, out)
		}
		pcm, err := LoadWAV16k(path)
		if err != nil {
			t.Fatal(err)
		}
		sig := concat(lowNoise(8000, uint64(i)), pcm, lowNoise(8000, 9))
		if at := firstBargeIn(NewBargeIn(), sig); at >= 0 {
			t.Errorf("backchannel %q (%v long) triggered at %v", word, time.Duration(len(pcm))*time.Second/SampleRate, at)
		}
	}
	// A full sentence does trigger.
	path := filepath.Join(dir, "sentence.wav")
	if out, err := exec.Command(bin, "-w", path, "I want to talk to a real person about my bill").CombinedOutput(); err != nil {
		t.Fatalf("espeak-ng: %v %s", err, out)
	}
	pcm, err := LoadWAV16k(path)
	if err != nil {
		t.Fatal(err)
	}
	if firstBargeIn(NewBargeIn(), concat(lowNoise(8000, 1), pcm)) < 0 {
		t.Error("spoken sentence did not trigger barge-in")
	}
}

func TestBargeInNoAllocs(t *testing.T) {
	b := NewBargeIn()
	frames := Frames(voiced(16000, 5000))
	i := 0
	if n := testing.AllocsPerRun(200, func() { b.Process(&frames[i%len(frames)]); i++ }); n != 0 {
		t.Errorf("Process allocates %.1f per frame", n)
	}
	e := NewEndpointer()
	if n := testing.AllocsPerRun(200, func() { e.Process(&frames[i%len(frames)]); b.ProcessAfter(e); i++ }); n != 0 {
		t.Errorf("Endpointer.Process + ProcessAfter allocate %.1f per frame", n)
	}
}

// firstBargeInAfter is firstBargeIn through ProcessAfter: the detector reuses an Endpointer's analysis of
// each frame, as the gateway feeds it.
func firstBargeInAfter(b *BargeIn, pcm []int16) time.Duration {
	e := NewEndpointer()
	for i, f := range Frames(pcm) {
		e.Process(&f)
		if b.ProcessAfter(e) {
			return time.Duration(i+1) * FrameDuration
		}
	}
	return -1
}

// Reusing the Endpointer's analysis must decide as the detector's own would: the same clips fire (within
// a frame or two: the shared analyser's filters are already warm) and the same noises stay quiet.
func TestBargeInProcessAfterMatchesProcess(t *testing.T) {
	var sigs [][]int16
	for i, path := range cvClips(t) {
		pcm, err := LoadWAV16k(path)
		if err != nil {
			t.Fatal(err)
		}
		sigs = append(sigs, concat(backgroundLike(pcm, 4800, uint64(i)), pcm), addNoise(concat(lowNoise(4800, uint64(i)), pcm), 20, uint64(i)))
	}
	sigs = append(sigs, lowNoise(16000, 3), concat(lowNoise(8000, 4), voiced(8000, 8000)))
	for i, sig := range sigs {
		own, shared := firstBargeIn(NewBargeIn(), sig), firstBargeInAfter(NewBargeIn(), sig)
		if (own < 0) != (shared < 0) || max(own-shared, shared-own) > 2*FrameDuration {
			t.Errorf("signal %d: own analysis fires at %v, shared at %v", i, own, shared)
		}
	}
}

func TestBargeInResetIsCheapWhenFresh(t *testing.T) {
	b := NewBargeIn()
	if n := testing.AllocsPerRun(100, b.Reset); n != 0 || !b.fresh {
		t.Fatalf("allocs %v, fresh %v", n, b.fresh)
	}
	f := Frames(voiced(320, 8000))[0]
	b.Process(&f)
	if b.fresh {
		t.Fatal("fresh after a frame")
	}
	b.Reset()
	if !b.fresh || b.voicedFrames != 0 || b.gap != 0 {
		t.Fatal("Reset after a frame did not reset")
	}
}
