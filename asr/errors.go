package asr

import "errors"

var (
	// ErrUnavailable means the recognizer cannot run here (missing package, model or network).
	ErrUnavailable = errors.New("asr: recognizer unavailable")
	// ErrNoTurn means Write or End was called without Begin.
	ErrNoTurn = errors.New("asr: no utterance in progress")
	// ErrClosed means the session was used after Close.
	ErrClosed = errors.New("asr: session closed")
)

// ErrDisabled means speech recognition is switched off by configuration (asr.provider: none).
var ErrDisabled = errors.New("asr: speech recognition is disabled")
