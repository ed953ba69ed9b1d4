// Package tts is the speech-synthesis seam. Providers stream 16 kHz PCM as they synthesise so the first
// audio reaches the caller before the sentence is done; cancelling the context stops mid-sentence.
package tts

import "context"

// Request is one piece of text to speak.
type Request struct {
	Text string
	// Lang is "en" or "zh"; providers choose a voice for it unless Voice is set.
	Lang  string
	Voice string
}

// Synthesizer turns text into speech.
type Synthesizer interface {
	// Synthesize calls emit with consecutive chunks of 16 kHz mono PCM16 (any length) until the text is
	// spoken. It returns ctx.Err() promptly when ctx is cancelled, or the error emit returned.
	Synthesize(ctx context.Context, req Request, emit func(pcm []int16) error) error
	Name() string
}
