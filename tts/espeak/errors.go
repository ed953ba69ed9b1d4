package espeak

import "errors"

var (
	// ErrBadOption means New was given an option outside libespeak-ng's range.
	ErrBadOption = errors.New("espeak: bad option")

	errSynthesis = errors.New("espeak: synthesis failed")
	errAborted   = errors.New("espeak: synthesis aborted")
)
