package pcmq

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

func TestDrainDeliversInOrderThenProducerError(t *testing.T) {
	q := New()
	boom := errors.New("engine failed")
	go func() {
		for i := range 100 {
			q.Push([]int16{int16(i)})
		}
		q.Push(nil) // ignored
		q.Finish(boom)
	}()
	var got []int16
	err := q.Drain(context.Background(), func(c []int16) error { got = append(got, c...); return nil })
	if !errors.Is(err, boom) {
		t.Fatalf("err = %v", err)
	}
	want := make([]int16, 100)
	for i := range want {
		want[i] = int16(i)
	}
	if !slices.Equal(got, want) {
		t.Fatalf("got %v", got)
	}
}

func TestDrainAbortsProducerOnCancelAndEmitError(t *testing.T) {
	for _, tc := range []struct {
		name   string
		cancel bool
	}{{"cancel", true}, {"emit error", false}} {
		t.Run(tc.name, func(t *testing.T) {
			q := New()
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			stopped := make(chan struct{})
			go func() {
				defer close(stopped)
				for q.Push([]int16{1}) {
					time.Sleep(time.Millisecond)
				}
				q.Finish(nil)
			}()
			boom := errors.New("leg gone")
			n := 0
			err := q.Drain(ctx, func([]int16) error {
				if n++; n == 3 {
					if tc.cancel {
						cancel()
						return nil
					}
					return boom
				}
				return nil
			})
			if tc.cancel && !errors.Is(err, context.Canceled) || !tc.cancel && !errors.Is(err, boom) {
				t.Fatalf("err = %v", err)
			}
			select {
			case <-stopped:
			case <-time.After(time.Second):
				t.Fatal("producer not told to stop")
			}
			if !q.Aborted() {
				t.Fatal("not aborted")
			}
			q.Abort() // idempotent
		})
	}
}

func TestDrainReturnsOnCancelWhileIdle(t *testing.T) {
	q := New()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Millisecond)
	defer cancel()
	start := time.Now()
	if err := q.Drain(ctx, func([]int16) error { return nil }); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v", err)
	}
	if time.Since(start) > time.Second {
		t.Fatal("slow")
	}
	select {
	case <-q.AbortCh():
	default:
		t.Fatal("abort channel not closed")
	}
}

func TestStream(t *testing.T) {
	var got []int16
	err := Stream(context.Background(), func(p []int16) error { got = append(got, p...); return nil },
		func(q *Queue) error {
			q.Push([]int16{1, 2})
			q.Push([]int16{3})
			return nil
		})
	if err != nil || len(got) != 3 || got[2] != 3 {
		t.Fatalf("got %v, %v", got, err)
	}
	boom := errors.New("boom")
	if err := Stream(context.Background(), func([]int16) error { return nil }, func(*Queue) error { return boom }); !errors.Is(err, boom) {
		t.Fatalf("producer error: %v", err)
	}
	// A consumer that gives up stops the producer, and Stream waits for it.
	stopped := make(chan struct{})
	err = Stream(context.Background(), func([]int16) error { return boom }, func(q *Queue) error {
		defer close(stopped)
		for q.Push([]int16{0}) {
			<-time.After(time.Millisecond)
		}
		return nil
	})
	if !errors.Is(err, boom) {
		t.Fatalf("consumer error: %v", err)
	}
	select {
	case <-stopped:
	default:
		t.Fatal("Stream returned before its producer stopped")
	}
}
