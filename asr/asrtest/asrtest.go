// Package asrtest has a scripted fake recognizer for tests of packages that use asr: it returns given
// results turn by turn and records the hints and the amount of audio each turn received.
package asrtest

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"

	"github.com/voicegate/voicegate/asr"
)

// ErrScriptExhausted means End was called for a turn the script has no result for.
var ErrScriptExhausted = errors.New("asrtest: no scripted result left")

// Turn is the scripted outcome of one utterance.
type Turn struct {
	// Result is returned by End (Final is set for you).
	Result asr.Result
	// Partial is returned by Partial once the turn has received MinSamples samples.
	Partial asr.Result
	// MinSamples is the audio a turn must receive before End returns Result (default 0); fewer gives an empty
	// final result, as a real recognizer hearing nothing would.
	MinSamples int
	// Err, if set, is returned by End instead of a result.
	Err error
}

// TurnRecord is what a session saw during one turn.
type TurnRecord struct {
	Hints   asr.Hints
	Samples int
	Writes  int
	Ended   bool
}

// Recognizer is a scripted asr.Recognizer and asr.DomainUpdater. Turns are consumed in order across all its
// sessions. It is safe for concurrent use.
type Recognizer struct {
	// NewSessionErr, if set, makes NewSession fail.
	NewSessionErr error

	mu       sync.Mutex
	turns    []Turn
	next     int
	sessions []*Session
	phrases  [][]string
}

var (
	_ asr.Recognizer    = (*Recognizer)(nil)
	_ asr.DomainUpdater = (*Recognizer)(nil)
)

// New returns a recognizer that answers with turns in order.
func New(turns ...Turn) *Recognizer { return &Recognizer{turns: turns} }

// Texts is a shortcut: one confident final result per text.
func Texts(texts ...string) *Recognizer {
	ts := make([]Turn, len(texts))
	for i, t := range texts {
		ts[i] = Turn{Result: asr.Result{Text: t, Confidence: 1}}
	}
	return New(ts...)
}

// Add appends turns to the script.
func (r *Recognizer) Add(turns ...Turn) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.turns = append(r.turns, turns...)
}

// Name is "asrtest".
func (r *Recognizer) Name() string { return "asrtest" }

// NewSession opens a recording session.
func (r *Recognizer) NewSession(ctx context.Context, lang string) (asr.Session, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.NewSessionErr != nil {
		return nil, r.NewSessionErr
	}
	s := &Session{r: r, lang: lang}
	r.sessions = append(r.sessions, s)
	return s, nil
}

// SetDomainPhrases records the phrases.
func (r *Recognizer) SetDomainPhrases(ctx context.Context, phrases []string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.phrases = append(r.phrases, slices.Clone(phrases))
	return nil
}

// DomainPhrases returns every phrase list passed to SetDomainPhrases, oldest first.
func (r *Recognizer) DomainPhrases() [][]string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Clone(r.phrases)
}

// Sessions returns the sessions opened so far.
func (r *Recognizer) Sessions() []*Session {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Clone(r.sessions)
}

// Remaining is the number of scripted turns not yet used.
func (r *Recognizer) Remaining() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.turns) - r.next
}

func (r *Recognizer) take() (Turn, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.next >= len(r.turns) {
		return Turn{}, false
	}
	t := r.turns[r.next]
	r.next++
	return t, true
}

// Session is a fake asr.Session. Its methods may be called from one goroutine while another reads the
// records.
type Session struct {
	r    *Recognizer
	lang string

	mu     sync.Mutex
	turns  []TurnRecord
	cur    *Turn
	closed bool
}

// Lang is the language the session was opened with.
func (s *Session) Lang() string { return s.lang }

// Turns returns a copy of the per-turn records.
func (s *Session) Turns() []TurnRecord {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.turns)
}

// Closed reports whether Close was called.
func (s *Session) Closed() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.closed
}

// Begin takes the next scripted turn.
func (s *Session) Begin(ctx context.Context, h asr.Hints) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return asr.ErrClosed
	}
	t, ok := s.r.take()
	if !ok {
		t = Turn{Err: fmt.Errorf("%w (turn %d)", ErrScriptExhausted, len(s.turns)+1)}
	}
	s.cur = &t
	h.Phrases = slices.Clone(h.Phrases)
	s.turns = append(s.turns, TurnRecord{Hints: h})
	return nil
}

// Write counts the audio.
func (s *Session) Write(pcm []int16) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return asr.ErrClosed
	}
	if s.cur == nil {
		return asr.ErrNoTurn
	}
	rec := &s.turns[len(s.turns)-1]
	rec.Samples += len(pcm)
	rec.Writes++
	return nil
}

// Partial returns the turn's scripted partial once enough audio arrived.
func (s *Session) Partial() asr.Result {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed || s.cur == nil {
		return asr.Result{}
	}
	if s.turns[len(s.turns)-1].Samples < max(s.cur.MinSamples, 1) {
		return asr.Result{}
	}
	p := s.cur.Partial
	p.Final = false
	return p
}

// End returns the turn's scripted result.
func (s *Session) End(ctx context.Context) (asr.Result, error) {
	if err := ctx.Err(); err != nil {
		return asr.Result{}, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return asr.Result{}, asr.ErrClosed
	}
	if s.cur == nil {
		return asr.Result{}, asr.ErrNoTurn
	}
	t := *s.cur
	s.cur = nil
	rec := &s.turns[len(s.turns)-1]
	rec.Ended = true
	if t.Err != nil {
		return asr.Result{}, t.Err
	}
	if rec.Samples < t.MinSamples {
		return asr.Result{Final: true}, nil
	}
	res := t.Result
	res.Final = true
	return res, nil
}

// Close marks the session closed; it is idempotent.
func (s *Session) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.closed = true
	s.cur = nil
	return nil
}
