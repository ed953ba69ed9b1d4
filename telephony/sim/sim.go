// Package sim is a simulated caller: a telephony.Leg that speaks scripted turns (16 kHz PCM) at a real-time
// pace, waits for the bot to answer between turns, and records everything the bot said. It backs
// `voicegate call` and the gateway's end-to-end tests.
package sim

import (
	"context"
	"sync"
	"sync/atomic"
	"time"

	"github.com/voicegate/voicegate/audio"
	"github.com/voicegate/voicegate/telephony"
)

// Option configures a Leg.
type Option func(*Leg)

// WithSpeed plays the call faster than real time (2 = twice as fast). Frame counts, and so every duration
// the gateway measures in frames, stay the same.
func WithSpeed(f float64) Option {
	return func(l *Leg) {
		if f > 0 {
			l.tick = time.Duration(float64(audio.FrameDuration) / f)
		}
	}
}

// WithReplyTimeout is how long (in call time) the caller waits for the bot to answer before speaking again.
func WithReplyTimeout(d time.Duration) Option { return func(l *Leg) { l.replyTimeout = frames(d) } }

// WithPause is the bot silence (in call time) after which the caller takes its turn.
func WithPause(d time.Duration) Option { return func(l *Leg) { l.pause = frames(d) } }

// WithHangupAfter makes the caller hang up once this many frames of its script were played, or -1 for
// never (the default: hang up after the last turn was answered).
func WithHangupAfter(n int) Option { return func(l *Leg) { l.hangupAt = n } }

// WithDTMF presses keys after the given turn's audio (0-based turn index).
func WithDTMF(turn int, digits string) Option {
	return func(l *Leg) { l.dtmf[turn] = digits }
}

// WithBargeIn makes the caller start the given turn (0-based) once the bot has been talking for d (call
// time) since the caller's previous turn, instead of waiting for the bot to finish.
func WithBargeIn(turn int, d time.Duration) Option {
	return func(l *Leg) { l.barge[turn] = frames(d) }
}

// WithStayOnLine keeps the caller on the line, silent, after its script instead of hanging up.
func WithStayOnLine() Option { return func(l *Leg) { l.stay = true } }

// WithID sets the leg id.
func WithID(id string) Option { return func(l *Leg) { l.id = id } }

func frames(d time.Duration) int { return int(d / audio.FrameDuration) }

// Leg is the simulated caller.
type Leg struct {
	id           string
	tick         time.Duration
	pause        int
	replyTimeout int
	hangupAt     int
	dtmf         map[int]string
	barge        map[int]int
	stay         bool

	turns [][]audio.Frame

	botQ   chan audio.Frame
	events chan telephony.Event
	done   chan struct{}

	closeOnce sync.Once
	mu        sync.Mutex
	heard     []int16 // every bot frame played, in order
	timeline  []int16 // caller and bot mixed, as a recording would hear it
	played    atomic.Int64
	readState
}

// readState is only touched by Read (one reader).
type readState struct {
	next      time.Time
	turn      int  // index of the turn being spoken or awaited
	pos       int  // frame position inside the current turn
	speaking  bool // caller is speaking turn `turn`
	silent    int  // consecutive frames without bot audio
	botSince  bool // the bot said something since the caller last spoke
	botFrames int  // bot frames played since the caller last spoke
	waited    int  // frames waited for the bot since the last turn
	sent      int  // caller script frames played
	finishing int  // frames left before hanging up after the script
}

// New makes a caller that will say each of turns (16 kHz PCM) in order.
func New(turns [][]int16, opts ...Option) *Leg {
	l := &Leg{
		id:           "sim",
		tick:         audio.FrameDuration,
		pause:        frames(500 * time.Millisecond),
		replyTimeout: frames(8 * time.Second),
		hangupAt:     -1,
		dtmf:         map[int]string{},
		barge:        map[int]int{},
		botQ:         make(chan audio.Frame, 5),
		events:       make(chan telephony.Event, 32),
		done:         make(chan struct{}),
	}
	for _, t := range turns {
		l.turns = append(l.turns, audio.Frames(t))
	}
	for _, o := range opts {
		o(l)
	}
	l.finishing = -1
	return l
}

// ID implements telephony.Leg.
func (l *Leg) ID() string { return l.id }

// Channel implements telephony.Leg.
func (l *Leg) Channel() string { return "sim" }

// Read implements telephony.Leg: one caller frame per tick; each tick also plays one queued bot frame.
func (l *Leg) Read(ctx context.Context) (audio.Frame, error) {
	var f audio.Frame
	select {
	case <-l.done:
		return f, telephony.ErrHangup
	default:
	}
	now := time.Now()
	if l.next.IsZero() {
		l.next = now
	}
	l.next = l.next.Add(l.tick)
	if d := time.Until(l.next); d > 0 {
		t := time.NewTimer(d)
		select {
		case <-ctx.Done():
			t.Stop()
			return f, ctx.Err()
		case <-l.done:
			t.Stop()
			return f, telephony.ErrHangup
		case <-t.C:
		}
	}
	var bot audio.Frame
	botPlaying := false
	select {
	case bot = <-l.botQ:
		botPlaying = true
		l.played.Add(1)
	default:
	}
	if botPlaying {
		l.silent = 0
		l.botSince = true
		l.botFrames++
	} else {
		l.silent++
	}
	f = l.callerFrame()
	l.mu.Lock()
	if botPlaying {
		l.heard = append(l.heard, bot[:]...)
	}
	for i := range f {
		l.timeline = append(l.timeline, clip(int32(f[i])+int32(bot[i])))
	}
	l.mu.Unlock()
	if l.finishing == 0 {
		l.hangup("caller hung up")
		return f, telephony.ErrHangup
	}
	return f, nil
}

// callerFrame advances the caller's script by one frame.
func (l *Leg) callerFrame() audio.Frame {
	var f audio.Frame
	if l.hangupAt >= 0 && l.sent >= l.hangupAt && l.finishing < 0 {
		l.finishing = 0
		return f
	}
	if l.finishing > 0 {
		l.finishing--
		return f
	}
	if l.speaking {
		f = l.turns[l.turn][l.pos]
		l.pos++
		l.sent++
		if l.pos == len(l.turns[l.turn]) {
			l.speaking = false
			if d, ok := l.dtmf[l.turn]; ok {
				for _, r := range d {
					select {
					case l.events <- telephony.Event{Kind: telephony.EventDTMF, Digit: r, At: time.Now()}:
					default: // a caller pressing keys nobody reads loses them, as on a phone
					}
				}
			}
			l.turn++
			l.pos = 0
			l.botSince = false
			l.botFrames = 0
			l.waited = 0
		}
		return f
	}
	l.waited++
	answered := l.botSince && l.silent >= l.pause
	if n, ok := l.barge[l.turn]; ok && l.botFrames >= n && l.turn < len(l.turns) {
		answered = true
	}
	if l.turn == 0 && !l.botSince && l.waited < l.replyTimeout {
		return f // wait for the greeting
	}
	if answered || l.waited >= l.replyTimeout {
		if l.turn >= len(l.turns) {
			if l.stay {
				return f
			}
			l.finishing = l.pause
			return f
		}
		l.speaking = true
	}
	return f
}

func clip(v int32) int16 {
	if v > 32767 {
		return 32767
	}
	if v < -32768 {
		return -32768
	}
	return int16(v)
}

// Write implements telephony.Leg; it blocks while 100 ms of bot audio is already queued.
func (l *Leg) Write(ctx context.Context, f audio.Frame) error {
	select {
	case <-l.done:
		return telephony.ErrHangup
	default:
	}
	select {
	case l.botQ <- f:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	case <-l.done:
		return telephony.ErrHangup
	}
}

// Flush implements telephony.Leg.
func (l *Leg) Flush() int {
	n := 0
	for {
		select {
		case <-l.botQ:
			n++
		default:
			return n
		}
	}
}

// Played implements telephony.Leg.
func (l *Leg) Played() int64 { return l.played.Load() }

// Events implements telephony.Leg.
func (l *Leg) Events() <-chan telephony.Event { return l.events }

// Hangup implements telephony.Leg.
func (l *Leg) Hangup(_ context.Context, reason string) error {
	l.hangup(reason)
	return nil
}

func (l *Leg) hangup(reason string) {
	l.closeOnce.Do(func() {
		select {
		case l.events <- telephony.Event{Kind: telephony.EventHangup, Reason: reason, At: time.Now()}:
		default:
		}
		close(l.done)
	})
}

// Done implements telephony.Leg.
func (l *Leg) Done() <-chan struct{} { return l.done }

// BotAudio returns every bot frame played, concatenated (16 kHz).
func (l *Leg) BotAudio() []int16 {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]int16(nil), l.heard...)
}

// Timeline returns caller and bot audio mixed as a call recording would hear them (16 kHz).
func (l *Leg) Timeline() []int16 {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]int16(nil), l.timeline...)
}

var _ telephony.Leg = (*Leg)(nil)
