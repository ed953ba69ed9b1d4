package actions

import "errors"

// Sentinel errors; Run wraps one of them with %w.
var (
	// ErrTimeout: no answer within the action's timeout (or the budget) on the last attempt.
	ErrTimeout = errors.New("actions: backend timed out")
	// ErrUpstream: the backend answered 5xx or 429, or the connection failed, on every attempt.
	ErrUpstream = errors.New("actions: backend error")
	// ErrNotFound: the backend answered 404 (an unknown order number, usually).
	ErrNotFound = errors.New("actions: not found")
	// ErrRejected: the backend answered another 4xx; retrying will not help.
	ErrRejected = errors.New("actions: request rejected")
	// ErrBadResponse: the body is not a JSON object.
	ErrBadResponse = errors.New("actions: bad response")
	// ErrBadRequest: the action could not be turned into a request (URL, missing slot value).
	ErrBadRequest = errors.New("actions: cannot build request")
)
