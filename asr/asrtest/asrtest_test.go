package asrtest

import (
	"context"
	"errors"
	"testing"

	"github.com/voicegate/voicegate/asr"
)

func TestScript(t *testing.T) {
	ctx := context.Background()
	r := New(
		Turn{Result: asr.Result{Text: "yes", Confidence: 0.9}, Partial: asr.Result{Text: "ye"}},
		Turn{Result: asr.Result{Text: "one two"}, MinSamples: 1000},
		Turn{Err: errors.New("boom")},
	)
	s, err := r.NewSession(ctx, "en")
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Write(make([]int16, 10)); !errors.Is(err, asr.ErrNoTurn) {
		t.Fatalf("Write before Begin: %v", err)
	}
	if err := s.Begin(ctx, asr.Hints{Mode: asr.ModeYesNo, Phrases: []string{"a"}}); err != nil {
		t.Fatal(err)
	}
	if p := s.Partial(); p.Text != "" {
		t.Fatalf("partial before audio: %+v", p)
	}
	_ = s.Write(make([]int16, 320))
	if p := s.Partial(); p.Text != "ye" || p.Final {
		t.Fatalf("partial: %+v", p)
	}
	res, err := s.End(ctx)
	if err != nil || res.Text != "yes" || !res.Final {
		t.Fatalf("End: %+v %v", res, err)
	}
	// Too little audio: empty final result, script still advances.
	_ = s.Begin(ctx, asr.Hints{Mode: asr.ModeDigits})
	_ = s.Write(make([]int16, 500))
	if res, err := s.End(ctx); err != nil || res.Text != "" || !res.Final {
		t.Fatalf("short turn: %+v %v", res, err)
	}
	_ = s.Begin(ctx, asr.Hints{})
	if _, err := s.End(ctx); err == nil || err.Error() != "boom" {
		t.Fatalf("scripted error: %v", err)
	}
	_ = s.Begin(ctx, asr.Hints{})
	if _, err := s.End(ctx); !errors.Is(err, ErrScriptExhausted) {
		t.Fatalf("exhausted: %v", err)
	}
	fs := r.Sessions()[0]
	turns := fs.Turns()
	if len(turns) != 4 || turns[0].Hints.Mode != asr.ModeYesNo || turns[0].Samples != 320 || turns[1].Samples != 500 || turns[0].Hints.Phrases[0] != "a" {
		t.Fatalf("records: %+v", turns)
	}
	if err := s.Close(); err != nil || !fs.Closed() {
		t.Fatal("close")
	}
	if err := s.Begin(ctx, asr.Hints{}); !errors.Is(err, asr.ErrClosed) {
		t.Fatalf("Begin after Close: %v", err)
	}
}

func TestDomainAndErrors(t *testing.T) {
	ctx := context.Background()
	r := Texts("a")
	if err := r.SetDomainPhrases(ctx, []string{"x", "y"}); err != nil {
		t.Fatal(err)
	}
	if got := r.DomainPhrases(); len(got) != 1 || got[0][1] != "y" {
		t.Fatalf("phrases %v", got)
	}
	r.NewSessionErr = asr.ErrUnavailable
	if _, err := r.NewSession(ctx, "zh"); !errors.Is(err, asr.ErrUnavailable) {
		t.Fatal(err)
	}
	if r.Remaining() != 1 || r.Name() != "asrtest" {
		t.Fatal("remaining/name")
	}
}
