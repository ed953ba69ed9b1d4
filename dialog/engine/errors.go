package engine

import "errors"

// ErrNoKB means the engine was given no knowledge base for a language it must serve.
var ErrNoKB = errors.New("engine: no knowledge base")
