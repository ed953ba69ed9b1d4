package sphinx

import "errors"

var (
	// ErrModel means a language model or grammar could not be built or loaded.
	ErrModel = errors.New("sphinx: bad model")
	// ErrMode means Hints.Mode is not one this recognizer knows.
	ErrMode = errors.New("sphinx: unknown recognition mode")
	// ErrRecognizerClosed means the recognizer was used after Close.
	ErrRecognizerClosed = errors.New("sphinx: recognizer closed")
)
