package ttstest

import (
	"context"
	"errors"
	"math"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/voicegate/voicegate/tts"
)

// Conformance describes what a Synthesizer is checked against by Run.
type Conformance struct {
	// Lang of the texts below ("en" if empty).
	Lang string
	// Voice for every request (provider default if empty).
	Voice string
	// Sentence is a typical one-sentence reply; defaults to an English one.
	Sentence string
	// SecondsPerWord bounds the plausible speech length per word (Han characters count as words);
	// default 0.12..1.0 s.
	MinSecondsPerWord, MaxSecondsPerWord float64
	// CancelBound is how soon Synthesize must return after its context is cancelled mid-sentence. The
	// contract is "promptly" (< 100 ms in production); the default 500 ms leaves room for -race on a
	// busy machine. The measured latency is logged.
	CancelBound time.Duration
}

// Result of one synthesis, for checks.
type Result struct {
	PCM        []int16
	Chunks     int
	FirstChunk time.Duration // from the call to the first emit
	Total      time.Duration
}

// Collect runs one synthesis and gathers its audio and timing.
func Collect(ctx context.Context, s tts.Synthesizer, req tts.Request) (Result, error) {
	var r Result
	start := time.Now()
	err := s.Synthesize(ctx, req, func(pcm []int16) error {
		if r.Chunks == 0 {
			r.FirstChunk = time.Since(start)
		}
		r.Chunks++
		r.PCM = append(r.PCM, pcm...)
		return nil
	})
	r.Total = time.Since(start)
	return r, err
}

// RMS is the root mean square level of pcm.
func RMS(pcm []int16) float64 {
	if len(pcm) == 0 {
		return 0
	}
	var sum float64
	for _, s := range pcm {
		sum += float64(s) * float64(s)
	}
	return math.Sqrt(sum / float64(len(pcm)))
}

func (c *Conformance) defaults() {
	if c.Lang == "" {
		c.Lang = "en"
	}
	if c.Sentence == "" {
		c.Sentence = "Thank you for calling, your order has shipped and should arrive on Friday."
	}
	if c.MinSecondsPerWord == 0 {
		c.MinSecondsPerWord = 0.12
	}
	if c.MaxSecondsPerWord == 0 {
		c.MaxSecondsPerWord = 1.0
	}
	if c.CancelBound == 0 {
		c.CancelBound = 500 * time.Millisecond
	}
}

func (c Conformance) req(text string) tts.Request {
	return tts.Request{Text: text, Lang: c.Lang, Voice: c.Voice}
}

// Run checks s against the tts.Synthesizer contract: plausible non-silent audio, streaming, prompt
// cancellation that stops emitting, errors from emit, bad input, and concurrent use.
func (c Conformance) Run(t *testing.T, s tts.Synthesizer) {
	t.Helper()
	c.defaults()
	ctx := context.Background()
	long := strings.TrimSpace(strings.Repeat(c.Sentence+" ", 12))

	t.Run("plausible audio", func(t *testing.T) {
		r, err := Collect(ctx, s, c.req(c.Sentence))
		if err != nil {
			t.Fatal(err)
		}
		words := float64(len(Words(c.Sentence)))
		secs := float64(len(r.PCM)) / SampleRate
		if secs < c.MinSecondsPerWord*words || secs > c.MaxSecondsPerWord*words {
			t.Errorf("%.2f s of audio for %.0f words, want %.2f..%.2f s", secs, words,
				c.MinSecondsPerWord*words, c.MaxSecondsPerWord*words)
		}
		if rms := RMS(r.PCM); rms < 300 {
			t.Errorf("audio RMS %.0f: silent", rms)
		}
		t.Logf("%d samples (%.2f s) in %d chunks, first chunk after %v, total %v", len(r.PCM), secs, r.Chunks, r.FirstChunk, r.Total)
	})

	t.Run("streams", func(t *testing.T) {
		r, err := Collect(ctx, s, c.req(long))
		if err != nil {
			t.Fatal(err)
		}
		if r.Chunks < 10 {
			t.Fatalf("%d chunks for %.1f s of audio: not streaming", r.Chunks, float64(len(r.PCM))/SampleRate)
		}
		// The first audio must not wait for the whole text.
		if r.FirstChunk > r.Total/2 {
			t.Errorf("first chunk after %v of %v", r.FirstChunk, r.Total)
		}
		t.Logf("long text: first chunk %v, total %v, %.1f s audio", r.FirstChunk, r.Total, float64(len(r.PCM))/SampleRate)
	})

	t.Run("cancel mid-sentence", func(t *testing.T) {
		full, err := Collect(ctx, s, c.req(long))
		if err != nil {
			t.Fatal(err)
		}
		cctx, cancel := context.WithCancel(ctx)
		defer cancel()
		var mu sync.Mutex
		got, afterCancel := 0, 0
		var cancelled time.Time
		err = s.Synthesize(cctx, c.req(long), func(pcm []int16) error {
			mu.Lock()
			defer mu.Unlock()
			if !cancelled.IsZero() {
				afterCancel++
			}
			got += len(pcm)
			if got >= SampleRate/2 && cancelled.IsZero() {
				cancelled = time.Now()
				cancel()
			}
			return nil
		})
		latency := time.Since(cancelled)
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("err = %v, want context.Canceled", err)
		}
		if cancelled.IsZero() {
			t.Fatal("never cancelled")
		}
		if latency > c.CancelBound {
			t.Errorf("returned %v after cancel, want < %v", latency, c.CancelBound)
		}
		if afterCancel > 0 {
			t.Errorf("%d chunks emitted after cancel", afterCancel)
		}
		if got >= len(full.PCM) {
			t.Errorf("cancelled synthesis emitted all %d samples", got)
		}
		t.Logf("returned %v after cancel (in emit)", latency)

		// Cancel from outside while synthesis runs.
		cctx2, cancel2 := context.WithCancel(ctx)
		var at time.Time
		var late int
		err = s.Synthesize(cctx2, c.req(long), func([]int16) error {
			mu.Lock()
			defer mu.Unlock()
			if at.IsZero() {
				at = time.Now()
				go func() { time.Sleep(5 * time.Millisecond); cancel2() }()
			} else if cctx2.Err() != nil {
				late++
			}
			return nil
		})
		mu.Lock()
		defer mu.Unlock()
		if !errors.Is(err, context.Canceled) && err != nil {
			t.Fatalf("err = %v", err)
		}
		if late > 1 { // one emit may race with the cancel
			t.Errorf("%d chunks emitted after cancel", late)
		}

		// Still usable, and the abort left nothing behind.
		again, err := Collect(ctx, s, c.req(c.Sentence))
		if err != nil {
			t.Fatal(err)
		}
		ref, err := Collect(ctx, s, c.req(c.Sentence))
		if err != nil {
			t.Fatal(err)
		}
		if d := math.Abs(float64(len(again.PCM) - len(ref.PCM))); d > SampleRate/10 {
			t.Errorf("after cancel: %d samples, normally %d", len(again.PCM), len(ref.PCM))
		}
	})

	t.Run("emit error", func(t *testing.T) {
		boom := errors.New("leg closed")
		calls := 0
		err := s.Synthesize(ctx, c.req(long), func([]int16) error { calls++; return boom })
		if !errors.Is(err, boom) {
			t.Fatalf("err = %v, want the emit error", err)
		}
		if calls != 1 {
			t.Errorf("emit called %d times after failing", calls)
		}
	})

	t.Run("bad input", func(t *testing.T) {
		for _, text := range []string{"", "   ", "\n\t"} {
			if err := s.Synthesize(ctx, c.req(text), func([]int16) error { return nil }); !errors.Is(err, tts.ErrEmptyText) {
				t.Errorf("Synthesize(%q) = %v, want ErrEmptyText", text, err)
			}
		}
		odd := []string{
			"hello\x00world",
			"bad \xff\xfe utf8 \xc3",
			"emoji 😀🎉 and ZWJ 👩‍👩‍👧",
			"RTL مرحبا and combining e\u0301\u0301\u0301",
			"control \x01\x02\x1b[31m chars",
			"?!.,;:",
			strings.Repeat("a", 3000),
			strings.Repeat("1234567890", 30),
			"<speak>not ssml</speak> & < >",
		}
		odd = append(odd, strings.Repeat(c.Sentence+" ", 200)) // a very long reply
		for _, text := range odd {
			// Only the start matters here (no panic, sane error, prompt first audio): stop after 2 s
			// of audio so pathological texts do not run for minutes.
			cctx, cancel := context.WithCancel(ctx)
			got := 0
			start := time.Now()
			var first time.Duration
			err := s.Synthesize(cctx, c.req(text), func(pcm []int16) error {
				if got == 0 {
					first = time.Since(start)
				}
				if got += len(pcm); got >= 2*SampleRate {
					cancel()
				}
				return nil
			})
			cancel()
			switch {
			case err == nil, errors.Is(err, context.Canceled), errors.Is(err, tts.ErrEmptyText), errors.Is(err, tts.ErrUnavailable):
			default:
				t.Errorf("Synthesize(%.40q): %v", text, err)
			}
			if first > c.CancelBound*4 {
				t.Errorf("Synthesize(%.40q): first audio after %v", text, first)
			}
		}
		if err := ctx.Err(); err != nil {
			t.Fatal(err)
		}
		cctx, cancel := context.WithCancel(ctx)
		cancel()
		if err := s.Synthesize(cctx, c.req(c.Sentence), func([]int16) error { return nil }); !errors.Is(err, context.Canceled) {
			t.Errorf("already cancelled: err = %v", err)
		}
	})

	t.Run("concurrent", func(t *testing.T) {
		ref, err := Collect(ctx, s, c.req(c.Sentence))
		if err != nil {
			t.Fatal(err)
		}
		var wg sync.WaitGroup
		errs := make(chan error, 8)
		for range 4 {
			wg.Go(func() {
				for range 2 {
					r, err := Collect(ctx, s, c.req(c.Sentence))
					if err != nil {
						errs <- err
						return
					}
					if math.Abs(float64(len(r.PCM)-len(ref.PCM))) > SampleRate/10 {
						errs <- errors.New("concurrent synthesis changed the audio length")
						return
					}
				}
			})
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Error(err)
		}
	})
}
