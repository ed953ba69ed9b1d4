package sentiment

import "errors"

// Sentinel errors; callers test them with errors.Is.
var (
	// ErrBadDataset means an evaluation file is missing, unreadable or malformed.
	ErrBadDataset = errors.New("sentiment: bad dataset")
	// ErrBadLabel means a dataset row carries a label other than negative, neutral, positive, 0 or 1.
	ErrBadLabel = errors.New("sentiment: bad label")
	// ErrBadLexicon means an extra lexicon entry could not be read.
	ErrBadLexicon = errors.New("sentiment: bad lexicon")
)
