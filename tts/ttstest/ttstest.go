// Package ttstest provides a fake tts.Synthesizer for other packages' tests: deterministic tone bursts,
// one per word, with configurable latency, and a record of every request.
package ttstest

import (
	"context"
	"hash/fnv"
	"math"
	"strings"
	"sync"
	"time"
	"unicode"

	"github.com/voicegate/voicegate/tts"
)

// Audio layout of the fake: each word is a tone burst followed by a silence.
const (
	SampleRate      = 16000
	DefaultWordMs   = 250
	DefaultGapMs    = 50
	DefaultChunk    = 320 // 20 ms
	burstAmplitude  = 8000
	fadeSamples     = 160 // 10 ms ramps keep the bursts click-free
	baseFrequencyHz = 300
)

// Synth is a fake tts.Synthesizer. It is safe for concurrent use.
type Synth struct {
	name       string
	firstDelay time.Duration
	chunkDelay time.Duration
	chunk      int
	wordMs     int
	err        error

	mu   sync.Mutex
	reqs []tts.Request
}

// Option configures a Synth.
type Option func(*Synth)

// WithName sets Name() (default "fake").
func WithName(n string) Option { return func(s *Synth) { s.name = n } }

// WithFirstChunkDelay waits d before the first chunk, like a real engine's front end.
func WithFirstChunkDelay(d time.Duration) Option { return func(s *Synth) { s.firstDelay = d } }

// WithChunkDelay waits d between chunks (set it to the chunk's duration to simulate real time).
func WithChunkDelay(d time.Duration) Option { return func(s *Synth) { s.chunkDelay = d } }

// WithChunkSamples sets the size of each emitted chunk (default 320 = 20 ms).
func WithChunkSamples(n int) Option {
	return func(s *Synth) {
		if n > 0 {
			s.chunk = n
		}
	}
}

// WithWordDuration sets the length of each word's tone burst (default 250 ms).
func WithWordDuration(d time.Duration) Option {
	return func(s *Synth) {
		if ms := int(d / time.Millisecond); ms > 0 {
			s.wordMs = ms
		}
	}
}

// WithError makes every Synthesize fail with err before emitting anything (after recording the request).
func WithError(err error) Option { return func(s *Synth) { s.err = err } }

// New returns a fake synthesizer.
func New(opts ...Option) *Synth {
	s := &Synth{name: "fake", chunk: DefaultChunk, wordMs: DefaultWordMs}
	for _, o := range opts {
		o(s)
	}
	return s
}

// Name reports the configured name.
func (s *Synth) Name() string { return s.name }

// Requests returns every request received, in order.
func (s *Synth) Requests() []tts.Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]tts.Request(nil), s.reqs...)
}

// Calls is the number of requests received.
func (s *Synth) Calls() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.reqs)
}

// Synthesize emits Render(req.Text) in chunks, honouring the configured delays and ctx.
func (s *Synth) Synthesize(ctx context.Context, req tts.Request, emit func(pcm []int16) error) error {
	s.mu.Lock()
	s.reqs = append(s.reqs, req)
	s.mu.Unlock()
	if strings.TrimSpace(req.Text) == "" {
		return tts.ErrEmptyText
	}
	if s.err != nil {
		return s.err
	}
	if err := sleep(ctx, s.firstDelay); err != nil {
		return err
	}
	// Render word by word so the first chunk does not wait for the whole text, like a real engine.
	var buf []int16
	sent := 0
	flush := func(all bool) error {
		for len(buf) >= s.chunk || (all && len(buf) > 0) {
			if sent > 0 {
				if err := sleep(ctx, s.chunkDelay); err != nil {
					return err
				}
			}
			if err := ctx.Err(); err != nil {
				return err
			}
			n := min(s.chunk, len(buf))
			if err := emit(append([]int16(nil), buf[:n]...)); err != nil {
				return err
			}
			buf = buf[n:]
			sent++
		}
		return nil
	}
	for _, w := range Words(req.Text) {
		buf = appendWord(buf, w, s.wordMs)
		if err := flush(false); err != nil {
			return err
		}
	}
	return flush(true)
}

func sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// Render is the audio the fake speaks for text with default settings: what a test should expect.
func Render(text string) []int16 { return render(text, DefaultWordMs) }

// Words splits text the way the fake does: on spaces, and every Han character is a word of its own.
func Words(text string) []string {
	var words []string
	var cur []rune
	flush := func() {
		if len(cur) > 0 {
			words = append(words, string(cur))
			cur = cur[:0]
		}
	}
	for _, r := range text {
		switch {
		case unicode.Is(unicode.Han, r):
			flush()
			words = append(words, string(r))
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			cur = append(cur, r)
		default:
			flush()
		}
	}
	flush()
	return words
}

// WordFrequency is the tone frequency the fake uses for word: 300..1050 Hz in 50 Hz steps.
func WordFrequency(word string) float64 {
	h := fnv.New32a()
	h.Write([]byte(strings.ToLower(word)))
	return baseFrequencyHz + float64(h.Sum32()%16)*50
}

func render(text string, wordMs int) []int16 {
	var out []int16
	for _, w := range Words(text) {
		out = appendWord(out, w, wordMs)
	}
	return out
}

// appendWord appends one word's tone burst and the silence after it.
func appendWord(out []int16, word string, wordMs int) []int16 {
	burst := SampleRate * wordMs / 1000
	f := WordFrequency(word)
	for i := 0; i < burst; i++ {
		amp := float64(burstAmplitude)
		if i < fadeSamples {
			amp *= float64(i) / fadeSamples
		} else if burst-i < fadeSamples {
			amp *= float64(burst-i) / fadeSamples
		}
		out = append(out, int16(amp*math.Sin(2*math.Pi*f*float64(i)/SampleRate)))
	}
	return append(out, make([]int16, SampleRate*DefaultGapMs/1000)...)
}
