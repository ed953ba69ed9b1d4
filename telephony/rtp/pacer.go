package rtp

import (
	"context"
	"time"
)

// Pacer releases a caller once per period on an absolute schedule: tick n is due at start + n*period,
// measured on Go's monotonic clock. Sleeping "period" after each send would accumulate every wake-up
// delay (drift of seconds over an hour); an absolute schedule keeps the long-run rate exact and lets a
// late tick be followed by an early one.
type Pacer struct {
	start   time.Time
	period  time.Duration
	n       int64
	maxLag  time.Duration
	skipped int64
	timer   *time.Timer
	now     func() time.Time
}

// PacerOption tunes a Pacer.
type PacerOption func(*Pacer)

// WithMaxLag sets how far behind schedule the pacer may fall before it gives up catching up and skips
// the missed ticks (after a process stall, bursting a second of audio would be worse than a gap).
// Default: 10 periods.
func WithMaxLag(d time.Duration) PacerOption { return func(p *Pacer) { p.maxLag = d } }

// NewPacer starts a schedule at start (tick 0 is due at start).
func NewPacer(start time.Time, period time.Duration, opts ...PacerOption) *Pacer {
	p := &Pacer{start: start, period: period, maxLag: 10 * period, now: time.Now}
	for _, o := range opts {
		o(p)
	}
	return p
}

// Due returns when the next tick is due.
func (p *Pacer) Due() time.Time { return p.start.Add(time.Duration(p.n) * p.period) }

// Tick returns the index of the next tick.
func (p *Pacer) Tick() int64 { return p.n }

// Skipped returns how many ticks were dropped because the pacer fell more than the max lag behind.
func (p *Pacer) Skipped() int64 { return p.skipped }

// Wait blocks until the next tick is due and returns its index, or ctx's error.
func (p *Pacer) Wait(ctx context.Context) (int64, error) {
	due := p.Due()
	if lag := p.now().Sub(due); lag > p.maxLag {
		missed := int64(lag / p.period)
		p.n += missed
		p.skipped += missed
		due = p.Due()
	}
	if d := due.Sub(p.now()); d > 0 {
		if p.timer == nil {
			p.timer = time.NewTimer(d)
		} else {
			p.timer.Reset(d)
		}
		select {
		case <-ctx.Done():
			p.timer.Stop()
			return p.n, ctx.Err()
		case <-p.timer.C:
		}
	} else if err := ctx.Err(); err != nil {
		return p.n, err
	}
	n := p.n
	p.n++
	return n, nil
}

// Stop releases the pacer's timer.
func (p *Pacer) Stop() {
	if p.timer != nil {
		p.timer.Stop()
	}
}
