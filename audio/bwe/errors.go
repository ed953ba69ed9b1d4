package bwe

import "errors"

var (
	// ErrModel means a model cannot be used: malformed data, wrong dimensions or non-finite weights.
	ErrModel = errors.New("bwe: bad model")
	// ErrTraining means a model cannot be trained from the data given (too little speech, singular system).
	ErrTraining = errors.New("bwe: training failed")
)
