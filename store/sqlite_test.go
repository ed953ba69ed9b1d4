package store

import (
	"context"
	"errors"
	"path/filepath"
	"testing"
	"time"
)

func TestSQLiteRoundTrip(t *testing.T) {
	ctx := context.Background()
	for _, dsn := range []string{":memory:", filepath.Join(t.TempDir(), "calls.db")} {
		t.Run(dsn, func(t *testing.T) {
			s, err := OpenSQLite(ctx, dsn)
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			base := time.Date(2026, 11, 24, 10, 0, 0, 0, time.UTC)
			for i, id := range []string{"a", "b", "c"} {
				rec := &CallRecord{ID: id, Channel: "sim", StartedAt: base.Add(time.Duration(i) * time.Minute),
					Outcome: OutcomeContained, Turns: []Turn{{CallerText: "hi " + id, Intent: "greeting", Route: "intent"}}}
				if err := s.SaveCall(ctx, rec); err != nil {
					t.Fatal(err)
				}
			}
			end := base.Add(time.Hour)
			upd := &CallRecord{ID: "b", Channel: "sim", StartedAt: base.Add(time.Minute), EndedAt: &end,
				Outcome: OutcomeHandoff, HandoffReason: "requested"}
			if err := s.SaveCall(ctx, upd); err != nil {
				t.Fatal(err)
			}
			got, err := s.GetCall(ctx, "b")
			if err != nil {
				t.Fatal(err)
			}
			if got.Outcome != OutcomeHandoff || got.HandoffReason != "requested" || got.EndedAt == nil || !got.EndedAt.Equal(end) {
				t.Fatalf("update lost: %+v", got)
			}
			list, err := s.ListCalls(ctx, 2)
			if err != nil {
				t.Fatal(err)
			}
			if len(list) != 2 || list[0].ID != "c" || list[1].ID != "b" {
				t.Fatalf("list order: %+v", list)
			}
			if _, err := s.GetCall(ctx, "zzz"); !errors.Is(err, ErrNotFound) {
				t.Fatalf("want ErrNotFound, got %v", err)
			}
		})
	}
}

func TestSQLiteBadInput(t *testing.T) {
	ctx := context.Background()
	if _, err := OpenSQLite(ctx, ""); !errors.Is(err, ErrInvalid) {
		t.Fatalf("empty dsn: %v", err)
	}
	if _, err := OpenSQLite(ctx, "/nonexistent-dir/x/y.db"); err == nil {
		t.Fatal("want error for unwritable path")
	}
	s, err := OpenSQLite(ctx, ":memory:")
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := s.SaveCall(ctx, &CallRecord{}); !errors.Is(err, ErrInvalid) {
		t.Fatalf("missing id: %v", err)
	}
	if err := s.SaveCall(ctx, nil); !errors.Is(err, ErrInvalid) {
		t.Fatalf("nil: %v", err)
	}
}
