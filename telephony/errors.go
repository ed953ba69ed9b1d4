package telephony

import "errors"

var (
	// ErrHangup means the caller (or we) ended the call; no more audio will flow.
	ErrHangup = errors.New("telephony: call hung up")
	// ErrLegClosed means the leg was used after it was closed.
	ErrLegClosed = errors.New("telephony: leg closed")
)
