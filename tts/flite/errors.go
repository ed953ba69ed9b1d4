package flite

import "errors"

var (
	errSynthesis = errors.New("flite: synthesis failed")
	errAborted   = errors.New("flite: synthesis aborted")
)
