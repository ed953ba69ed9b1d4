// Package audio holds voicegate's one internal audio format and the conversions at its edges.
//
// Inside the gateway audio is signed 16-bit mono PCM at 16 kHz, cut in 20 ms frames. Edges convert:
// G.711 at 8 kHz for Asterisk, Opus at 48 kHz for browsers, WAV files at any rate.
package audio

import "time"

const (
	// SampleRate is the internal sample rate in Hz.
	SampleRate = 16000
	// FrameDuration is the length of one internal frame.
	FrameDuration = 20 * time.Millisecond
	// FrameSamples is the number of samples in one internal frame.
	FrameSamples = SampleRate / 50
)

// Frame is 20 ms of 16 kHz mono PCM16. A fixed-size array keeps the per-frame path free of allocations.
type Frame [FrameSamples]int16

// Frames cuts pcm (16 kHz) into frames, padding the last one with silence.
func Frames(pcm []int16) []Frame {
	n := (len(pcm) + FrameSamples - 1) / FrameSamples
	out := make([]Frame, n)
	for i := range out {
		copy(out[i][:], pcm[i*FrameSamples:])
	}
	return out
}
