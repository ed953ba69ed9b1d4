package guard

import "errors"

// Sentinel errors; callers test them with errors.Is.
var (
	// ErrBadDataset means an evaluation file is missing, unreadable or malformed.
	ErrBadDataset = errors.New("guard: bad dataset")
	// ErrBadLabel means a dataset row carries a label other than block or allow.
	ErrBadLabel = errors.New("guard: bad label")
)
