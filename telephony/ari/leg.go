package ari

import (
	"context"
	"sync"

	"github.com/voicegate/voicegate/audio"
	"github.com/voicegate/voicegate/telephony"
)

// legView is one owner's view of a call's media: the gateway's, or after an "agents" handoff the agent
// connector's. Only the current view gets caller audio and DTMF; a detached view reads ErrHangup.
type legView struct {
	s      *session
	events chan telephony.Event
	done   chan struct{}
	once   sync.Once
}

var (
	_ telephony.Leg         = (*legView)(nil)
	_ telephony.Transferer  = (*legView)(nil)
	_ telephony.FrameSource = (*legView)(nil)
)

func newLegView(s *session) *legView {
	return &legView{s: s, events: make(chan telephony.Event, 64), done: make(chan struct{})}
}

func (l *legView) detach() { l.once.Do(func() { close(l.done) }) }

func (l *legView) ID() string      { return l.s.callerID }
func (l *legView) Channel() string { return "ari" }

func (l *legView) Read(ctx context.Context) (audio.Frame, error) {
	select {
	case <-l.done:
		return audio.Frame{}, telephony.ErrHangup
	default:
	}
	select {
	case f := <-l.s.media.in:
		return f, nil
	case <-l.done:
		return audio.Frame{}, telephony.ErrHangup
	case <-ctx.Done():
		return audio.Frame{}, ctx.Err()
	}
}

// Frames is the media clock's queue of caller frames (see telephony.FrameSource). A detached view's
// owner stops at Done.
func (l *legView) Frames() <-chan audio.Frame { return l.s.media.in }

func (l *legView) Write(ctx context.Context, f audio.Frame) error {
	select {
	case <-l.done:
		return telephony.ErrHangup
	default:
	}
	select {
	case l.s.media.out <- f:
		return nil
	case <-l.done:
		return telephony.ErrHangup
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (l *legView) Flush() int                     { return l.s.media.flush() }
func (l *legView) Played() int64                  { return l.s.media.played.Load() }
func (l *legView) Events() <-chan telephony.Event { return l.events }
func (l *legView) Done() <-chan struct{}          { return l.done }
func (l *legView) Hangup(_ context.Context, reason string) error {
	l.s.requestStop(reason)
	return nil
}

func (l *legView) Transfer(ctx context.Context, t telephony.Transfer) error {
	return l.s.transfer(ctx, l, t)
}
