package llm

import "errors"

var (
	// ErrUnavailable means the LLM server could not be reached or answered with an error.
	ErrUnavailable = errors.New("llm: unavailable")
	// ErrTimeout means the request budget ran out.
	ErrTimeout = errors.New("llm: timed out")
	// ErrBreakerOpen means recent failures opened the circuit breaker; no request was sent.
	ErrBreakerOpen = errors.New("llm: circuit breaker open")
	// ErrCutOff means the stream ended before the server said it was done.
	ErrCutOff = errors.New("llm: stream cut off")
	// ErrConfig means the client was configured wrongly.
	ErrConfig = errors.New("llm: invalid configuration")
)
