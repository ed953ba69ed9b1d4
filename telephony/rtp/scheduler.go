package rtp

import (
	"runtime"
	"sync"
	"sync/atomic"
	"time"
)

// Scheduler drives many periodic media clocks (one per call, every 20 ms) from one goroutine per shard
// (by default one per CPU) instead of one timer per call. Each shard is a timing wheel: the period is
// cut into slots (1 ms by default), every stream lives in one slot, and the shard wakes once per
// non-empty slot and runs that slot's streams back to back. A stream's tick n is due at a fixed absolute
// time, first + n*period, on the monotonic clock, so nothing drifts however late a wake-up is; new
// streams go to the least loaded shard and slot, which spreads the sends of hundreds of calls evenly
// over the period instead of bunching them.
//
// With per-call timers every call costs a timer wake-up and a goroutine switch per packet; here a core
// pays one wake-up per slot for all the calls in it.
type Scheduler struct {
	period time.Duration
	slots  int
	res    time.Duration
	maxLag time.Duration
	late   func(time.Duration)
	epoch  time.Time
	shards []*shard

	stop      chan struct{}
	closeOnce sync.Once
	wg        sync.WaitGroup
}

// SchedulerOption tunes a Scheduler.
type SchedulerOption func(*Scheduler)

// WithShards sets how many goroutines run streams (default GOMAXPROCS).
func WithShards(n int) SchedulerOption {
	return func(s *Scheduler) { s.shards = make([]*shard, max(1, n)) }
}

// WithSlots sets how many slots the period is cut into (default period/1ms): more slots spread the work
// of many streams more finely, fewer mean fewer wake-ups.
func WithSlots(n int) SchedulerOption { return func(s *Scheduler) { s.slots = max(1, n) } }

// WithSchedulerMaxLag sets how far behind a shard may fall before it skips missed slots instead of
// running them all at once (default 10 periods); streams then see the gap in their tick numbers.
func WithSchedulerMaxLag(d time.Duration) SchedulerOption { return func(s *Scheduler) { s.maxLag = d } }

// WithLateness has every slot report how late it started against its due time (a metric of the media
// clock's health: sends are at least this late). fn runs on the shard goroutine and must be cheap.
func WithLateness(fn func(time.Duration)) SchedulerOption { return func(s *Scheduler) { s.late = fn } }

// NewScheduler starts a scheduler whose streams tick every period. Close stops it.
func NewScheduler(period time.Duration, opts ...SchedulerOption) *Scheduler {
	if period <= 0 {
		period = 20 * time.Millisecond
	}
	s := &Scheduler{period: period, maxLag: 10 * period, epoch: time.Now(), stop: make(chan struct{})}
	s.slots = max(1, int(period/time.Millisecond))
	s.shards = make([]*shard, runtime.GOMAXPROCS(0))
	for _, o := range opts {
		o(s)
	}
	s.res = period / time.Duration(s.slots)
	if s.res <= 0 {
		s.slots, s.res = 1, period
	}
	for i := range s.shards {
		sh := &shard{s: s, buckets: make([][]*Stream, s.slots), wake: make(chan struct{}, 1)}
		s.shards[i] = sh
		s.wg.Add(1)
		go sh.run()
	}
	return s
}

// Period returns the tick period.
func (s *Scheduler) Period() time.Duration { return s.period }

// Close stops every shard; streams stop ticking. It waits for running callbacks to return.
func (s *Scheduler) Close() {
	s.closeOnce.Do(func() { close(s.stop) })
	s.wg.Wait()
}

// Stream is one periodic clock on a Scheduler.
type Stream struct {
	fn     func(tick int64, due time.Time)
	sh     *shard
	slot0  int64 // absolute slot index of tick 0
	first  time.Time
	last   int64 // last tick run (shard goroutine only)
	runMu  sync.Mutex
	done   atomic.Bool
	missed atomic.Int64
}

// Add starts a stream whose callback runs once per period, from the first free slot after now. The
// callback gets the tick index (0, 1, 2…; a jump means ticks were skipped after a stall) and the time the
// tick was due. It runs on a shared goroutine: it must not block, and must not call Stop on its own stream.
func (s *Scheduler) Add(fn func(tick int64, due time.Time)) *Stream {
	sh := s.shards[0]
	for _, x := range s.shards[1:] {
		if x.load.Load() < sh.load.Load() {
			sh = x
		}
	}
	sh.mu.Lock()
	// The least loaded slot, first due at least one slot from now so the shard cannot have passed it.
	now := int64(time.Since(s.epoch)/s.res) + 1
	best, bestN := 0, -1
	for i := range s.slots {
		slot := int((now + int64(i)) % int64(s.slots))
		if n := len(sh.buckets[slot]); bestN < 0 || n < bestN {
			best, bestN = i, n
		}
	}
	abs := now + int64(best)
	st := &Stream{fn: fn, sh: sh, slot0: abs, first: s.epoch.Add(time.Duration(abs) * s.res), last: -1}
	slot := int(abs % int64(s.slots))
	sh.buckets[slot] = append(sh.buckets[slot], st)
	sh.load.Add(1)
	sh.mu.Unlock()
	select {
	case sh.wake <- struct{}{}:
	default:
	}
	return st
}

// First returns when tick 0 is due; tick n is due at First() + n*period.
func (st *Stream) First() time.Time { return st.first }

// Missed returns how many ticks were skipped because the scheduler fell too far behind.
func (st *Stream) Missed() int64 { return st.missed.Load() }

// Stop ends the stream. When it returns the callback is not running and will not run again. Safe to call
// more than once, and after the scheduler closed.
func (st *Stream) Stop() {
	st.done.Store(true)
	st.runMu.Lock()
	//nolint:staticcheck // empty critical section: waits for a callback in progress
	st.runMu.Unlock()
}

type shard struct {
	s       *Scheduler
	mu      sync.Mutex
	buckets [][]*Stream
	load    atomic.Int64
	wake    chan struct{}
}

// nextBusy returns the first absolute slot >= k whose bucket has streams, or -1 if all are empty.
// Caller holds sh.mu.
func (sh *shard) nextBusy(k int64) int64 {
	n := int64(sh.s.slots)
	for i := range n {
		if len(sh.buckets[(k+i)%n]) > 0 {
			return k + i
		}
	}
	return -1
}

func (sh *shard) run() {
	defer sh.s.wg.Done()
	s := sh.s
	timer := time.NewTimer(time.Hour)
	defer timer.Stop()
	k := int64(time.Since(s.epoch)/s.res) + 1
	for {
		sh.mu.Lock()
		next := sh.nextBusy(k)
		sh.mu.Unlock()
		if next < 0 {
			// Nothing scheduled: sleep until a stream is added.
			select {
			case <-s.stop:
				return
			case <-sh.wake:
				k = max(k, int64(time.Since(s.epoch)/s.res)+1)
				continue
			}
		}
		k = next
		due := s.epoch.Add(time.Duration(k) * s.res)
		if d := time.Until(due); d > 0 {
			timer.Reset(d)
			select {
			case <-s.stop:
				return
			case <-sh.wake:
				// A new stream may sit in an earlier slot than the one we wait for. (Go ≥ 1.23 timers:
				// after Stop no stale tick is delivered, so there is nothing to drain.)
				timer.Stop()
				continue
			case <-timer.C:
			}
		} else {
			select {
			case <-s.stop:
				return
			default:
			}
		}
		lag := time.Since(due)
		if s.late != nil {
			s.late(lag)
		}
		if lag > s.maxLag {
			// A stall (process frozen, machine overloaded): skip to now rather than bursting.
			k = int64(time.Since(s.epoch)/s.res) + 1
			continue
		}
		sh.runSlot(k, due)
		k++
	}
}

// runSlot runs every stream of absolute slot k and drops the stopped ones.
func (sh *shard) runSlot(k int64, due time.Time) {
	n := int64(sh.s.slots)
	sh.mu.Lock()
	defer sh.mu.Unlock()
	b := sh.buckets[k%n]
	live := b[:0]
	for _, st := range b {
		if st.done.Load() || k < st.slot0 {
			if !st.done.Load() {
				live = append(live, st)
			} else {
				sh.load.Add(-1)
			}
			continue
		}
		tick := (k - st.slot0) / n
		st.runMu.Lock()
		if !st.done.Load() {
			if gap := tick - st.last - 1; gap > 0 {
				st.missed.Add(gap)
			}
			st.last = tick
			st.fn(tick, due)
		}
		st.runMu.Unlock()
		if st.done.Load() {
			sh.load.Add(-1)
			continue
		}
		live = append(live, st)
	}
	clear(b[len(live):])
	sh.buckets[k%n] = live
}
