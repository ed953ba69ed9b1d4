package flite_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/voicegate/voicegate/tts"
	"github.com/voicegate/voicegate/tts/flite"
	"github.com/voicegate/voicegate/tts/ttstest"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

func newSynth(t testing.TB, opts ...flite.Option) *flite.Synth {
	t.Helper()
	s, err := flite.New(opts...)
	if err != nil {
		t.Fatalf("flite.New: %v (install: apt-get install flite1-dev)", err)
	}
	return s
}

func TestSLTConforms(t *testing.T) {
	ttstest.Conformance{CancelBound: 300 * time.Millisecond}.Run(t, newSynth(t))
}

func TestKal16Conforms(t *testing.T) {
	ttstest.Conformance{CancelBound: 300 * time.Millisecond}.Run(t, newSynth(t, flite.WithVoice(flite.VoiceKal16)))
}

func TestVoices(t *testing.T) {
	s := newSynth(t)
	if s.Name() != "flite(slt)" {
		t.Fatalf("Name() = %q", s.Name())
	}
	text := "Your refund has been processed."
	slt, err := ttstest.Collect(context.Background(), s, tts.Request{Text: text})
	if err != nil {
		t.Fatal(err)
	}
	kal, err := ttstest.Collect(context.Background(), s, tts.Request{Text: text, Voice: "kal16"})
	if err != nil {
		t.Fatal(err)
	}
	// slt is a female voice, kal a male one: slt's pitch (zero-crossing rate of voiced speech) is higher.
	if zeroCrossings(slt.PCM) <= zeroCrossings(kal.PCM) {
		t.Errorf("slt %.0f crossings/s, kal16 %.0f: voices not distinct", zeroCrossings(slt.PCM), zeroCrossings(kal.PCM))
	}
	if _, err := flite.New(flite.WithVoice("awb")); !errors.Is(err, tts.ErrUnknownVoice) {
		t.Fatalf("unknown default voice: %v", err)
	}
	if _, err := ttstest.Collect(context.Background(), s, tts.Request{Text: text, Voice: "rms"}); !errors.Is(err, tts.ErrUnavailable) {
		t.Fatalf("unknown request voice: %v", err)
	}
}

func zeroCrossings(pcm []int16) float64 {
	n := 0
	for i := 1; i < len(pcm); i++ {
		if (pcm[i-1] < 0) != (pcm[i] < 0) {
			n++
		}
	}
	return float64(n) / (float64(len(pcm)) / ttstest.SampleRate)
}

func TestChineseIsUnsupported(t *testing.T) {
	s := newSynth(t)
	tests := []struct {
		name string
		req  tts.Request
		want error
	}{
		{"lang zh", tts.Request{Text: "您好", Lang: "zh"}, tts.ErrUnsupportedLanguage},
		{"lang zh latin text", tts.Request{Text: "hello", Lang: "zh-CN"}, tts.ErrUnsupportedLanguage},
		{"lang fr", tts.Request{Text: "bonjour", Lang: "fr"}, tts.ErrUnsupportedLanguage},
		{"han text as english", tts.Request{Text: "您好，欢迎。", Lang: "en"}, tts.ErrUnsupportedLanguage},
		{"punctuation only", tts.Request{Text: "?! ...", Lang: "en"}, tts.ErrEmptyText},
		{"mixed keeps english", tts.Request{Text: "Order 42 您好 shipped", Lang: "en-US"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := ttstest.Collect(context.Background(), s, tt.req)
			if tt.want == nil {
				if err != nil || ttstest.RMS(r.PCM) < 300 {
					t.Fatalf("err %v rms %.0f", err, ttstest.RMS(r.PCM))
				}
				return
			}
			if !errors.Is(err, tt.want) {
				t.Fatalf("err = %v, want %v", err, tt.want)
			}
			if tt.want == tts.ErrUnsupportedLanguage && !errors.Is(err, tts.ErrUnavailable) {
				t.Fatal("unsupported language must wrap ErrUnavailable")
			}
		})
	}
}

func TestTypographicTextIsSpoken(t *testing.T) {
	s := newSynth(t)
	plain, err := ttstest.Collect(context.Background(), s, tts.Request{Text: `It's "done" - thanks...`})
	if err != nil {
		t.Fatal(err)
	}
	fancy, err := ttstest.Collect(context.Background(), s, tts.Request{Text: "It’s “done” – thanks…"})
	if err != nil {
		t.Fatal(err)
	}
	if d := len(plain.PCM) - len(fancy.PCM); d > ttstest.SampleRate/2 || d < -ttstest.SampleRate/2 {
		t.Fatalf("typographic quotes changed the speech: %d vs %d samples", len(fancy.PCM), len(plain.PCM))
	}
}

// Cancelling must stop flite inside a long sentence, not after it.
func TestCancelInsideOneLongSentence(t *testing.T) {
	s := newSynth(t)
	sentence := strings.Repeat("and then the caller asked about the delivery window for the replacement parts ", 8) + "."
	full, err := ttstest.Collect(context.Background(), s, tts.Request{Text: sentence})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	var at time.Time
	err = s.Synthesize(ctx, tts.Request{Text: sentence}, func([]int16) error {
		if at.IsZero() {
			at = time.Now()
			cancel()
		}
		return nil
	})
	latency := time.Since(at)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v", err)
	}
	t.Logf("one sentence of %.1f s (synthesised in %v): returned %v after cancel", float64(len(full.PCM))/ttstest.SampleRate, full.Total, latency)
	if latency > full.Total/2+50*time.Millisecond {
		t.Errorf("returned %v after cancel; the whole sentence takes %v: flite was not stopped", latency, full.Total)
	}
}

func TestInstancesShareTheLibrarySafely(t *testing.T) {
	a := newSynth(t)
	b := newSynth(t, flite.WithVoice(flite.VoiceKal16))
	text := "Please hold for the next available agent."
	refA, _ := ttstest.Collect(context.Background(), a, tts.Request{Text: text})
	refB, _ := ttstest.Collect(context.Background(), b, tts.Request{Text: text})
	var wg sync.WaitGroup
	errs := make(chan string, 16)
	for i := range 6 {
		s, ref := a, refA
		if i%2 == 1 {
			s, ref = b, refB
		}
		wg.Go(func() {
			for range 3 {
				r, err := ttstest.Collect(context.Background(), s, tts.Request{Text: text})
				if err != nil {
					errs <- err.Error()
					return
				}
				if len(r.PCM) != len(ref.PCM) { // flite is deterministic
					errs <- s.Name() + ": audio differs when run concurrently"
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
}

func BenchmarkSLT(b *testing.B) {
	ttstest.Bench(b, newSynth(b), tts.Request{Text: ttstest.TypicalReply, Lang: "en"})
}

func BenchmarkKal16(b *testing.B) {
	ttstest.Bench(b, newSynth(b, flite.WithVoice(flite.VoiceKal16)), tts.Request{Text: ttstest.TypicalReply, Lang: "en"})
}

func BenchmarkCachedSLT(b *testing.B) {
	ttstest.Bench(b, tts.NewCache(newSynth(b)), tts.Request{Text: ttstest.TypicalReply, Lang: "en"})
}
