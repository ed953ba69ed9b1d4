package gateway

import (
	"context"
	"errors"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"github.com/voicegate/voicegate/audio"
	"github.com/voicegate/voicegate/telephony"
	"github.com/voicegate/voicegate/tts"
)

// utterance is one piece of bot speech, tagged with the turn it answers (-1 = greeting/prompt).
type utterance struct {
	gen    int64 // speaker generation when queued; an interrupt makes older utterances stale
	turn   int
	text   string
	queued time.Time
}

// turnAudio tracks what was spoken for one turn, to stamp latency and to tell how much the caller heard.
type turnAudio struct {
	firstQueued time.Time // first sentence handed to the synthesizer
	firstFrame  time.Time // first frame handed to the leg
	startIdx    int64     // frames written (net of flushes) before this turn's first frame
	written     int64
	charsDone   int   // characters of sentences fully synthesised
	synthFrames int64 // frames those sentences made
	charsAll    int
}

// speaker turns queued text into frames on the leg, one utterance at a time, and can be interrupted.
type speaker struct {
	leg   telephony.Leg
	syn   tts.Synthesizer
	lang  string
	voc   string
	log   *slog.Logger
	onErr func()
	// onFirst is told when a turn's first frame went to the leg, and when its first sentence was queued.
	onFirst func(turn int, queued, first time.Time)

	queue chan utterance

	mu          sync.Mutex
	cancelSynth context.CancelFunc // cancels the synthesis in progress
	cancelWrite context.CancelFunc // cancels the playback in progress
	gen         int64              // bumped by interrupt; utterances from older generations are dropped
	turns       map[int]*turnAudio
	pending     int // utterances queued or being spoken
	cut         int // highest caller turn whose reply was interrupted

	written atomic.Int64 // frames handed to the leg, net of flushed ones
}

func newSpeaker(leg telephony.Leg, syn tts.Synthesizer, lang, voice string, log *slog.Logger, onErr func()) *speaker {
	return &speaker{leg: leg, syn: syn, lang: lang, voc: voice, log: log, onErr: onErr,
		queue: make(chan utterance, 64), turns: map[int]*turnAudio{}, cut: -1}
}

// say queues text for the given turn and reports whether it was queued (not dropped as the rest of an
// interrupted reply or for a full queue). It never blocks the caller's frame loop.
func (s *speaker) say(turn int, text string) bool {
	if text == "" {
		return false
	}
	now := time.Now()
	s.mu.Lock()
	if turn >= 0 && turn <= s.cut {
		// The rest of a reply the caller interrupted (an LLM still streaming it): drop it.
		s.mu.Unlock()
		return false
	}
	ta := s.turnLocked(turn)
	if ta.firstQueued.IsZero() {
		ta.firstQueued = now
	}
	ta.charsAll += utf8.RuneCountInString(text)
	s.pending++
	gen := s.gen
	s.mu.Unlock()
	select {
	case s.queue <- utterance{gen: gen, turn: turn, text: text, queued: now}:
		return true
	default:
		// 64 sentences behind: drop rather than stall the call loop.
		s.mu.Lock()
		s.pending--
		s.mu.Unlock()
		s.log.Warn("speech queue full, sentence dropped", "turn", turn)
		return false
	}
}

func (s *speaker) turnLocked(turn int) *turnAudio {
	ta := s.turns[turn]
	if ta == nil {
		ta = &turnAudio{startIdx: -1}
		s.turns[turn] = ta
	}
	return ta
}

// busy reports whether speech is queued, being synthesised, or still playing out of the leg.
func (s *speaker) busy() bool {
	s.mu.Lock()
	p := s.pending
	s.mu.Unlock()
	return p > 0 || s.written.Load() > s.leg.Played()
}

// interrupt stops the bot at once: queued audio is flushed from the leg, synthesis is cancelled and queued
// sentences are dropped. It returns the turn that was being spoken and the share of it the caller heard.
func (s *speaker) interrupt() (turn int, heard float64) {
	played := s.leg.Played()
	flushed := s.leg.Flush()
	s.mu.Lock()
	defer s.mu.Unlock()
	s.gen++
	if s.cancelSynth != nil {
		s.cancelSynth()
	}
	if s.cancelWrite != nil {
		s.cancelWrite()
	}
	s.written.Add(-int64(flushed))
	turn, heard = -2, 1
	defer func() { s.cut = max(s.cut, turn) }()
	for t, ta := range s.turns {
		if ta.startIdx < 0 || t < turn {
			continue
		}
		h := played - ta.startIdx
		if h < 0 {
			h = 0
		}
		if h > ta.written {
			h = ta.written
		}
		// Estimate the whole reply's length: from what was synthesised so far once a sentence is done,
		// before that from a typical speaking rate.
		perChar := 3.5 // frames per character of English at ~14 characters a second
		if s.lang == "zh" {
			perChar = 12 // ~4 Mandarin characters a second
		}
		if ta.charsDone > 0 && ta.synthFrames > 0 {
			perChar = float64(ta.synthFrames) / float64(ta.charsDone)
		}
		total := max(float64(ta.written), perChar*float64(ta.charsAll))
		turn, heard = t, 1
		if total > 0 {
			heard = float64(h) / total
		}
	}
	return turn, heard
}

// stream is one utterance's synthesised audio, produced ahead of playback.
type stream struct {
	u      utterance
	chunks chan []int16 // closed when synthesis ends
}

// run speaks utterances until ctx ends. Synthesis runs up to two utterances ahead of playback, so a slow
// first chunk of the next sentence (a loaded machine) never leaves a gap the caller would take as the end
// of the bot's turn.
func (s *speaker) run(ctx context.Context) {
	ready := make(chan *stream, 2)
	done := make(chan struct{})
	go func() {
		defer close(done)
		s.produce(ctx, ready)
	}()
	for st := range ready {
		s.play(ctx, st)
		s.mu.Lock()
		s.pending--
		s.mu.Unlock()
	}
	<-done
}

// produce synthesises queued utterances in order; it closes ready when ctx ends.
func (s *speaker) produce(ctx context.Context, ready chan<- *stream) {
	defer close(ready)
	for {
		var u utterance
		select {
		case <-ctx.Done():
			return
		case u = <-s.queue:
		}
		s.mu.Lock()
		if u.gen != s.gen {
			s.pending-- // queued before an interrupt
			s.mu.Unlock()
			continue
		}
		uctx, cancel := context.WithCancel(ctx)
		s.cancelSynth = cancel
		s.mu.Unlock()
		st := &stream{u: u, chunks: make(chan []int16, 256)}
		select {
		case ready <- st:
		case <-ctx.Done():
			cancel()
			s.mu.Lock()
			s.pending--
			s.mu.Unlock()
			return
		}
		samples := 0
		err := s.syn.Synthesize(uctx, ttsRequest(u.text, s.lang, s.voc), func(pcm []int16) error {
			samples += len(pcm)
			select {
			case st.chunks <- append([]int16(nil), pcm...):
				return nil
			case <-uctx.Done():
				return uctx.Err()
			}
		})
		close(st.chunks)
		cancel()
		switch {
		case err == nil:
			s.mu.Lock()
			ta := s.turnLocked(u.turn)
			ta.charsDone += utf8.RuneCountInString(u.text)
			ta.synthFrames += int64(samples / audio.FrameSamples)
			s.mu.Unlock()
		case errors.Is(err, context.Canceled) || uctx.Err() != nil:
		default:
			s.log.Error("speech synthesis failed", "err", err, "text", u.text)
			if s.onErr != nil {
				s.onErr()
			}
		}
	}
}

// play writes one stream's audio to the leg in frames, unless an interrupt made it stale.
func (s *speaker) play(ctx context.Context, st *stream) {
	// Whatever ends playback early, let the producer finish this stream.
	defer func() {
		for range st.chunks {
		}
	}()
	s.mu.Lock()
	gen := st.u.gen
	if gen != s.gen {
		s.mu.Unlock()
		return
	}
	wctx, cancel := context.WithCancel(ctx)
	s.cancelWrite = cancel
	s.mu.Unlock()
	defer cancel()
	write := func(f *audio.Frame) error {
		s.mu.Lock()
		if s.gen != gen {
			s.mu.Unlock()
			return context.Canceled
		}
		ta := s.turnLocked(st.u.turn)
		first := ta.startIdx < 0
		if first {
			ta.startIdx = s.written.Load()
		}
		s.mu.Unlock()
		if err := s.leg.Write(wctx, *f); err != nil {
			return err
		}
		s.written.Add(1)
		s.mu.Lock()
		ta.written++
		var queued, at time.Time
		if first {
			ta.firstFrame = time.Now()
			queued, at = ta.firstQueued, ta.firstFrame
		}
		s.mu.Unlock()
		if first && s.onFirst != nil {
			s.onFirst(st.u.turn, queued, at)
		}
		return nil
	}
	var buf []int16
	var frame audio.Frame
	for pcm := range st.chunks {
		buf = append(buf, pcm...)
		for len(buf) >= audio.FrameSamples {
			copy(frame[:], buf[:audio.FrameSamples])
			buf = buf[audio.FrameSamples:]
			if err := write(&frame); err != nil {
				return
			}
		}
	}
	if len(buf) > 0 {
		frame = audio.Frame{}
		copy(frame[:], buf)
		_ = write(&frame)
	}
}

func ttsRequest(text, lang, voice string) tts.Request {
	return tts.Request{Text: text, Lang: lang, Voice: voice}
}
