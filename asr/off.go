package asr

import (
	"context"
	"fmt"
)

// Off is the recognizer of a keypad-only line (asr.provider: none): every session fails with ErrDisabled,
// so calls run on DTMF, the menu and handoff alone. It is also how media and dialog capacity are measured
// without recognition.
type Off struct{}

var _ Recognizer = Off{}

// Name is "none".
func (Off) Name() string { return "none" }

// NewSession always fails with ErrDisabled.
func (Off) NewSession(ctx context.Context, lang string) (Session, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return nil, fmt.Errorf("%w (asr.provider: none)", ErrDisabled)
}
