package asr_test

import (
	"context"
	"errors"
	"testing"

	"github.com/voicegate/voicegate/asr"
)

func TestOff(t *testing.T) {
	var r asr.Recognizer = asr.Off{}
	if r.Name() != "none" {
		t.Errorf("name %q", r.Name())
	}
	if s, err := r.NewSession(context.Background(), "en"); s != nil || !errors.Is(err, asr.ErrDisabled) {
		t.Errorf("NewSession = %v, %v; want ErrDisabled", s, err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := r.NewSession(ctx, "en"); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled context: %v", err)
	}
}
