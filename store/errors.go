package store

import "errors"

var (
	// ErrNotFound means no call record has that id.
	ErrNotFound = errors.New("store: call not found")
	// ErrInvalid means a record cannot be stored as given.
	ErrInvalid = errors.New("store: invalid record")
)
