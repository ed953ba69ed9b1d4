package gateway

import "errors"

var (
	// ErrConfig means the gateway was built with an invalid configuration.
	ErrConfig = errors.New("gateway: invalid configuration")
	// ErrDraining means the gateway no longer takes new calls because it is shutting down.
	ErrDraining = errors.New("gateway: draining, not taking calls")
)
