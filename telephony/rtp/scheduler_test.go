package rtp

import (
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

func TestSchedulerTicksOnAbsoluteSchedule(t *testing.T) {
	const period = 10 * time.Millisecond
	s := NewScheduler(period, WithShards(2), WithSlots(10))
	defer s.Close()
	type tickAt struct {
		tick     int64
		due, ran time.Time
	}
	var mu sync.Mutex
	got := map[*Stream][]tickAt{}
	var streams []*Stream
	for range 5 {
		var st *Stream
		ready := make(chan struct{})
		st = s.Add(func(tick int64, due time.Time) {
			<-ready
			mu.Lock()
			got[st] = append(got[st], tickAt{tick, due, time.Now()})
			mu.Unlock()
		})
		streams = append(streams, st)
		close(ready)
	}
	time.Sleep(30 * period)
	for _, st := range streams {
		st.Stop()
	}
	mu.Lock()
	defer mu.Unlock()
	for i, st := range streams {
		ticks := got[st]
		if len(ticks) < 20 {
			t.Fatalf("stream %d ran %d times in 30 periods", i, len(ticks))
		}
		for j, x := range ticks {
			if x.tick != int64(j) {
				t.Fatalf("stream %d: tick %d at position %d", i, x.tick, j)
			}
			if want := st.First().Add(time.Duration(x.tick) * period); !x.due.Equal(want) {
				t.Fatalf("stream %d tick %d due %v, want %v (drift)", i, x.tick, x.due, want)
			}
			if x.ran.Before(x.due) {
				t.Fatalf("stream %d tick %d ran %v early", i, x.tick, x.due.Sub(x.ran))
			}
		}
	}
}

func TestSchedulerSpreadsStreamsOverSlots(t *testing.T) {
	s := NewScheduler(20*time.Millisecond, WithShards(1), WithSlots(20))
	defer s.Close()
	var streams []*Stream
	for range 40 {
		streams = append(streams, s.Add(func(int64, time.Time) {}))
	}
	phases := map[int64]int{}
	for _, st := range streams {
		phases[st.slot0%20]++
	}
	if len(phases) != 20 {
		t.Errorf("40 streams landed in %d of 20 slots: %v", len(phases), phases)
	}
	for p, n := range phases {
		if n != 2 {
			t.Errorf("slot %d holds %d streams, want 2", p, n)
		}
	}
	for _, st := range streams {
		st.Stop()
	}
}

func TestSchedulerStopAndClose(t *testing.T) {
	s := NewScheduler(5*time.Millisecond, WithShards(1))
	var n atomic.Int64
	st := s.Add(func(int64, time.Time) { n.Add(1) })
	deadline := time.Now().Add(2 * time.Second)
	for n.Load() < 3 && time.Now().Before(deadline) {
		time.Sleep(time.Millisecond)
	}
	st.Stop()
	after := n.Load()
	time.Sleep(30 * time.Millisecond)
	if n.Load() != after || after < 3 {
		t.Errorf("callback ran %d times, %d after Stop", after, n.Load()-after)
	}
	st.Stop() // twice is fine
	s.Close()
	s.Close()
	s.Add(func(int64, time.Time) { t.Error("ran after Close") }).Stop()
}

func TestSchedulerSkipsAfterStall(t *testing.T) {
	const period = 5 * time.Millisecond
	s := NewScheduler(period, WithShards(1), WithSlots(5), WithSchedulerMaxLag(2*period))
	defer s.Close()
	var stalled atomic.Bool
	var mu sync.Mutex
	var ticks []int64
	a := s.Add(func(tick int64, _ time.Time) {
		if tick == 3 && stalled.CompareAndSwap(false, true) {
			time.Sleep(20 * period) // blocks the shard: everyone's ticks are late
		}
	})
	b := s.Add(func(tick int64, _ time.Time) {
		mu.Lock()
		ticks = append(ticks, tick)
		mu.Unlock()
	})
	time.Sleep(40 * period)
	a.Stop()
	b.Stop()
	mu.Lock()
	defer mu.Unlock()
	jumped := false
	for i := 1; i < len(ticks); i++ {
		if ticks[i] <= ticks[i-1] {
			t.Fatalf("ticks not increasing: %v", ticks)
		}
		jumped = jumped || ticks[i]-ticks[i-1] > 1
	}
	if !jumped || b.Missed() == 0 {
		t.Errorf("no skip after a stall: missed %d, ticks %v", b.Missed(), ticks)
	}
}

func TestSchedulerReportsLateness(t *testing.T) {
	const period = 5 * time.Millisecond
	var mu sync.Mutex
	var lates []time.Duration
	s := NewScheduler(period, WithShards(1), WithSlots(5), WithLateness(func(d time.Duration) {
		mu.Lock()
		lates = append(lates, d)
		mu.Unlock()
	}))
	defer s.Close()
	var stalled atomic.Bool
	st := s.Add(func(tick int64, _ time.Time) {
		if tick == 2 && stalled.CompareAndSwap(false, true) {
			time.Sleep(6 * period) // the slots after this one start late
		}
	})
	time.Sleep(20 * period)
	st.Stop()
	mu.Lock()
	defer mu.Unlock()
	worst := time.Duration(0)
	for _, d := range lates {
		worst = max(worst, d)
	}
	if len(lates) < 5 || worst < 4*period {
		t.Errorf("%d slots reported, worst lateness %v; want the stall (>= %v) seen", len(lates), worst, 4*period)
	}
}
