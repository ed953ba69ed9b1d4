// Package pcmq hands audio from a synthesis engine to the caller's emit function.
//
// The C engines run on a producer goroutine and push chunks from their callbacks; the caller's
// goroutine drains them into emit. Decoupling the two means a slow consumer (a leg pacing playback at
// real time) never holds an engine's process-wide lock, and cancellation is noticed by the consumer at
// once instead of at the engine's next callback.
package pcmq

import (
	"context"
	"sync"
)

// Queue is an unbounded single-producer, single-consumer queue of PCM chunks. Unbounded is fine: a
// producer only ever queues one reply, a few seconds of audio.
type Queue struct {
	mu      sync.Mutex
	chunks  [][]int16
	done    bool
	err     error
	notify  chan struct{} // capacity 1: "something changed"
	abort   chan struct{} // closed by Abort
	abortMu sync.Once
}

// New returns an empty queue.
func New() *Queue {
	return &Queue{notify: make(chan struct{}, 1), abort: make(chan struct{})}
}

// Push queues a chunk (the queue keeps the slice; do not reuse it). It reports false once the consumer
// has aborted, telling the producer to stop.
func (q *Queue) Push(pcm []int16) bool {
	if q.Aborted() {
		return false
	}
	if len(pcm) == 0 {
		return true
	}
	q.mu.Lock()
	q.chunks = append(q.chunks, pcm)
	q.mu.Unlock()
	q.signal()
	return true
}

// Finish marks the end of production with the producer's error (nil on success).
func (q *Queue) Finish(err error) {
	q.mu.Lock()
	q.done, q.err = true, err
	q.mu.Unlock()
	q.signal()
}

// Abort tells the producer to stop; safe to call more than once.
func (q *Queue) Abort() { q.abortMu.Do(func() { close(q.abort) }) }

// Aborted reports whether the consumer gave up.
func (q *Queue) Aborted() bool {
	select {
	case <-q.abort:
		return true
	default:
		return false
	}
}

// AbortCh is closed when the consumer gives up, for producers that wait (on a lock, say).
func (q *Queue) AbortCh() <-chan struct{} { return q.abort }

func (q *Queue) signal() {
	select {
	case q.notify <- struct{}{}:
	default:
	}
}

// Stream runs produce on its own goroutine, feeding a new queue, and drains that queue into emit on the
// caller's goroutine (see Drain). It returns once both are done: a producer told to stop by Abort ends
// at its next chunk, so waiting for it is short and no goroutine outlives the call.
func Stream(ctx context.Context, emit func([]int16) error, produce func(*Queue) error) error {
	q := New()
	done := make(chan struct{})
	go func() {
		defer close(done)
		q.Finish(produce(q))
	}()
	err := q.Drain(ctx, emit)
	<-done
	return err
}

// Drain calls emit with each chunk in order until the producer finishes, returning the producer's
// error. If ctx ends or emit fails it aborts the producer and returns that error at once; chunks still
// queued are dropped (barge-in must not play stale audio).
func (q *Queue) Drain(ctx context.Context, emit func([]int16) error) error {
	for {
		q.mu.Lock()
		chunks := q.chunks
		q.chunks = nil
		done, perr := q.done, q.err
		q.mu.Unlock()
		for _, c := range chunks {
			if err := ctx.Err(); err != nil {
				q.Abort()
				return err
			}
			if err := emit(c); err != nil {
				q.Abort()
				return err
			}
		}
		if done && len(chunks) == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
			return perr
		}
		if done {
			continue // pick up the error on the next pass, after nothing is left
		}
		select {
		case <-ctx.Done():
			q.Abort()
			return ctx.Err()
		case <-q.notify:
		}
	}
}
