// Package telephony defines what a caller connection is (a Leg) and the pieces all legs share.
package telephony

import (
	"context"
	"time"

	"github.com/voicegate/voicegate/audio"
)

// EventKind tells what happened on a leg besides audio.
type EventKind int

const (
	// EventDTMF is a key the caller pressed; Event.Digit holds it.
	EventDTMF EventKind = iota + 1
	// EventHangup is the far end going away; Event.Reason may say why.
	EventHangup
)

// Event is a non-audio happening on a leg.
type Event struct {
	Kind   EventKind
	Digit  rune
	Reason string
	At     time.Time
}

// Leg is one caller connection as the gateway sees it: 16 kHz frames in and out, whatever the wire.
//
// Read returns caller audio at the leg's own pace (real time on a network leg) and an error wrapping
// ErrHangup once the caller is gone. Write queues bot audio; the leg plays it out at 20 ms pace and
// blocks the writer when its queue is full. Flush drops queued bot audio at once (barge-in).
type Leg interface {
	ID() string
	// Channel is "ari", "webrtc" or "sim", as in the call record.
	Channel() string
	Read(ctx context.Context) (audio.Frame, error)
	Write(ctx context.Context, f audio.Frame) error
	// Flush drops queued bot audio and returns how many queued frames were dropped.
	Flush() int
	// Played is the number of bot frames actually sent to the caller so far.
	Played() int64
	// Events delivers DTMF and hangup. Receivers must also watch Done: a leg may or may not close Events.
	Events() <-chan Event
	// Hangup ends the call from our side. It is safe to call more than once.
	Hangup(ctx context.Context, reason string) error
	// Done is closed when the leg is finished, whoever ended it.
	Done() <-chan struct{}
}

// FrameSource is implemented by legs whose caller audio already arrives on a channel. A consumer may
// receive from Frames instead of calling Read (same frames, same pace), which saves a goroutine and a
// wake-up per 20 ms frame per call; it must then watch Done, since the channel is never closed.
type FrameSource interface {
	Frames() <-chan audio.Frame
}

// Transfer asks the leg's telephony side to pass the caller to a human.
type Transfer struct {
	CallID  string
	Intent  string
	Reason  string
	Summary string
	// Vars are extra variables for the agent side (channel variables on Asterisk).
	Vars map[string]string
}

// Transferer is implemented by legs that can hand the caller to an agent outside voicegate (Asterisk's
// dialplan queue). After a successful Transfer the leg is done for the gateway.
type Transferer interface {
	Transfer(ctx context.Context, t Transfer) error
}

// Handler runs one call on a leg until it ends. The gateway provides it; telephony front ends call it
// once per answered caller, in its own goroutine.
type Handler func(ctx context.Context, leg Leg)
