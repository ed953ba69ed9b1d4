package tts

import (
	"errors"
	"fmt"
)

var (
	// ErrUnavailable means the synthesizer cannot run here (missing package or voice).
	ErrUnavailable = errors.New("tts: synthesizer unavailable")
	// ErrEmptyText means there was nothing to say.
	ErrEmptyText = errors.New("tts: empty text")
)

// Refinements of ErrUnavailable, so a caller can fall back to another provider with errors.Is(err,
// ErrUnavailable) and still tell why.
var (
	// ErrUnsupportedLanguage means the provider cannot speak the requested language.
	ErrUnsupportedLanguage = fmt.Errorf("%w: unsupported language", ErrUnavailable)
	// ErrUnknownVoice means the requested voice is not installed or not known to the provider.
	ErrUnknownVoice = fmt.Errorf("%w: unknown voice", ErrUnavailable)
)
