package intent

import "errors"

var (
	// ErrNoExamples means Train got nothing to learn from.
	ErrNoExamples = errors.New("intent: no training examples")
	// ErrTooFewIntents means the examples name fewer than two labels, so there is nothing to tell apart.
	ErrTooFewIntents = errors.New("intent: need at least two labels")
	// ErrBadExample means an example has an empty label or no usable text.
	ErrBadExample = errors.New("intent: bad example")
	// ErrBadOption means an option value is out of range.
	ErrBadOption = errors.New("intent: bad option")
	// ErrFormat means a data file could not be parsed.
	ErrFormat = errors.New("intent: bad data file")
)
