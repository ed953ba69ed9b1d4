//go:build cgo

package flite_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/voicegate/voicegate/asr"
	"github.com/voicegate/voicegate/asr/sphinx"
	"github.com/voicegate/voicegate/tts"
	"github.com/voicegate/voicegate/tts/flite"
	"github.com/voicegate/voicegate/tts/ttstest"
)

// TestRecognisedBySphinx closes the loop: what flite says must be what pocketsphinx hears. Digits go
// through the digits grammar (exact match required); open sentences through a small domain model
// (word error rate bounded).
func TestRecognisedBySphinx(t *testing.T) {
	if testing.Short() {
		t.Skip("slow: loads the acoustic model")
	}
	domain := []string{
		"thank you for calling how can I help you today",
		"your order has shipped and will arrive on friday",
		"please hold while I transfer you to an agent",
		"I want to check my order status",
		"what are your opening hours",
	}
	rec, err := sphinx.New(sphinx.WithDomainPhrases(domain))
	if errors.Is(err, asr.ErrUnavailable) {
		t.Skipf("pocketsphinx unavailable: %v", err)
	}
	if err != nil {
		t.Fatal(err)
	}
	defer rec.Close()

	for _, voice := range []string{flite.VoiceSLT, flite.VoiceKal16} {
		s := newSynth(t, flite.WithVoice(voice))
		t.Run(voice+"/digits", func(t *testing.T) {
			got := recognise(t, rec, s, "4 2 7 1 9 0 3", asr.ModeDigits)
			heard := strings.Fields(strings.ReplaceAll(norm(got), "oh", "zero"))
			// One digit error in seven is tolerated: the recogniser's adaptation makes it vary slightly.
			if d := editDistance(strings.Fields("four two seven one nine zero three"), heard); d > 1 {
				t.Errorf("heard %q: %d digit errors", got, d)
			}
		})
		t.Run(voice+"/open", func(t *testing.T) {
			errs, words := 0, 0
			for _, text := range domain[:3] {
				got := recognise(t, rec, s, text, asr.ModeOpen)
				errs += editDistance(strings.Fields(norm(text)), strings.Fields(norm(got)))
				words += len(strings.Fields(text))
				t.Logf("said %q, heard %q", text, got)
			}
			if wer := float64(errs) / float64(words); wer > 0.25 {
				t.Errorf("word error rate %.2f", wer)
			}
		})
	}
}

func recognise(t *testing.T, rec asr.Recognizer, s tts.Synthesizer, text string, mode asr.Mode) string {
	t.Helper()
	ctx := context.Background()
	sess, err := rec.NewSession(ctx, "en")
	if err != nil {
		t.Fatal(err)
	}
	defer sess.Close()
	if err := sess.Begin(ctx, asr.Hints{Mode: mode}); err != nil {
		t.Fatal(err)
	}
	silence := make([]int16, ttstest.SampleRate/4)
	if err := sess.Write(silence); err != nil {
		t.Fatal(err)
	}
	if err := s.Synthesize(ctx, tts.Request{Text: text, Lang: "en"}, sess.Write); err != nil {
		t.Fatal(err)
	}
	if err := sess.Write(silence); err != nil {
		t.Fatal(err)
	}
	res, err := sess.End(ctx)
	if err != nil {
		t.Fatal(err)
	}
	return res.Text
}

func norm(s string) string { return strings.Join(strings.Fields(strings.ToLower(s)), " ") }

func editDistance(a, b []string) int {
	prev := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur := make([]int, len(b)+1)
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev = cur
	}
	return prev[len(b)]
}
