package demo

import "errors"

// Sentinel errors.
var (
	ErrNotFound  = errors.New("demo: order not found")
	ErrBadNumber = errors.New("demo: order number must be 1 to 12 digits")
	ErrStore     = errors.New("demo: database error")
	ErrBadInput  = errors.New("demo: bad input")
)
