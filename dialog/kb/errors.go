package kb

import (
	"errors"
	"fmt"
)

// Sentinel errors; every load error wraps one of them inside a *FileError.
var (
	ErrSyntax        = errors.New("kb: yaml syntax error")
	ErrUnknownKey    = errors.New("kb: unknown key")
	ErrInvalid       = errors.New("kb: invalid value")
	ErrMissing       = errors.New("kb: required field missing")
	ErrDuplicate     = errors.New("kb: duplicate name")
	ErrTemplate      = errors.New("kb: bad template")
	ErrUnknownSlot   = errors.New("kb: template refers to an unknown slot or field")
	ErrBadURL        = errors.New("kb: bad action URL")
	ErrNoFiles       = errors.New("kb: no knowledge-base files")
	ErrDuplicateLang = errors.New("kb: language defined twice")
	ErrMissingVar    = errors.New("kb: template value missing")
	ErrPolicy        = errors.New("kb: refused by policy")
)

// FileError locates a problem in a knowledge-base file so an author can jump to it.
type FileError struct {
	File string
	Line int // 0 when the whole file is at fault
	Err  error
}

func (e *FileError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %v", e.File, e.Line, e.Err)
	}
	return fmt.Sprintf("%s: %v", e.File, e.Err)
}

func (e *FileError) Unwrap() error { return e.Err }
