package audio

import "testing"

// BenchmarkFramePath is the per-frame work for a telephone caller: 20 ms of µ-law at 8 kHz decoded,
// resampled to 16 kHz, then voice activity / end of turn and barge-in detection.
func BenchmarkFramePath(b *testing.B) {
	pcm8 := voiced(8000, 6000)[:8000] // 1 s of voiced signal, used as 8 kHz audio
	ulaw := make([]byte, len(pcm8))
	MulawEncode(ulaw, pcm8)
	r, err := NewResampler(8000, SampleRate)
	if err != nil {
		b.Fatal(err)
	}
	e := NewEndpointer()
	var dec [160]int16
	out := make([]int16, 0, 2*FrameSamples)
	var frame Frame
	i := 0
	b.ReportAllocs()
	for b.Loop() {
		off := (i % 50) * 160
		MulawDecode(dec[:], ulaw[off:off+160])
		out = r.Append(out[:0], dec[:])
		copy(frame[:], out)
		e.Process(&frame)
		i++
	}
}

func BenchmarkBargeIn(b *testing.B) {
	d := NewBargeIn()
	frames := Frames(voiced(16000, 5000))
	i := 0
	for b.Loop() {
		d.Process(&frames[i%len(frames)])
		i++
	}
}
