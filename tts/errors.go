package tts

import "errors"

var (
	// ErrUnavailable means the synthesizer cannot run here (missing package or voice).
	ErrUnavailable = errors.New("tts: synthesizer unavailable")
	// ErrEmptyText means there was nothing to say.
	ErrEmptyText = errors.New("tts: empty text")
)
