// Package flite speaks English through libflite (Debian: libflite1; building needs flite1-dev and cgo)
// with the CMU voices slt (female, clustergen, the default) and kal16 (male, diphone). flite sounds more
// natural than espeak in English and is recognised far better by ASR; it has no Chinese.
//
// flite is not thread-safe, so syntheses run one at a time per process (an instance lock that honours
// the request's context, plus a C-side lock shared by all instances). Text is spoken in bounded pieces
// (sentences, long ones cut at clauses; see internal/textchunk) and each piece streams from flite's
// audio callback, so the first audio arrives after the first piece's front end, not the whole reply's,
// and cancellation waits at most for one piece's front end.
package flite

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"runtime/cgo"
	"strings"
	"unicode"

	"github.com/voicegate/voicegate/audio"
	"github.com/voicegate/voicegate/tts"
	"github.com/voicegate/voicegate/tts/internal/pcmq"
	"github.com/voicegate/voicegate/tts/internal/textchunk"
)

// voiceID indexes the voices compiled into the C side.
type voiceID int

const (
	voiceSLT voiceID = iota
	voiceKal16
)

func (v voiceID) String() string {
	if v == voiceKal16 {
		return "kal16"
	}
	return "slt"
}

// Voice names accepted in tts.Request.Voice and WithVoice.
const (
	VoiceSLT   = "slt"
	VoiceKal16 = "kal16"
)

// Synth is a flite Synthesizer, safe for concurrent use (syntheses are serialised).
type Synth struct {
	sem   chan struct{}
	voice voiceID
	log   *slog.Logger
}

// Option configures a Synth.
type Option func(*Synth) error

// WithVoice sets the default voice: "slt" or "kal16".
func WithVoice(name string) Option {
	return func(s *Synth) error {
		v, err := parseVoice(name)
		if err != nil {
			return err
		}
		s.voice = v
		return nil
	}
}

// WithLogger sets the logger (default slog.Default()).
func WithLogger(l *slog.Logger) Option {
	return func(s *Synth) error { s.log = l; return nil }
}

// New loads the default voice. A missing library or voice gives an error wrapping tts.ErrUnavailable.
func New(opts ...Option) (*Synth, error) {
	s := &Synth{sem: make(chan struct{}, 1), voice: voiceSLT, log: slog.Default()}
	for _, o := range opts {
		if err := o(s); err != nil {
			return nil, err
		}
	}
	if err := loadVoice(s.voice); err != nil {
		return nil, err
	}
	return s, nil
}

// Name identifies the provider and default voice.
func (s *Synth) Name() string { return "flite(" + s.voice.String() + ")" }

// Synthesize streams req.Text as 16 kHz PCM to emit. See tts.Synthesizer. Only English is spoken:
// any other Lang gives an error wrapping tts.ErrUnsupportedLanguage.
func (s *Synth) Synthesize(ctx context.Context, req tts.Request, emit func(pcm []int16) error) error {
	if strings.TrimSpace(req.Text) == "" {
		return tts.ErrEmptyText
	}
	if !isEnglish(req.Lang) {
		return fmt.Errorf("%w: flite speaks English only, not %q", tts.ErrUnsupportedLanguage, req.Lang)
	}
	voice := s.voice
	if req.Voice != "" {
		v, err := parseVoice(req.Voice)
		if err != nil {
			return err
		}
		voice = v
	}
	var sentences []string
	for _, sent := range textchunk.Pieces(strings.ToValidUTF8(req.Text, " "), textchunk.MaxWords, textchunk.MaxTokenRunes) {
		if c := cleanText(sent); c != "" {
			sentences = append(sentences, c)
		}
	}
	if len(sentences) == 0 {
		if strings.IndexFunc(req.Text, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) < 0 {
			return fmt.Errorf("%w: only punctuation and symbols", tts.ErrEmptyText)
		}
		return fmt.Errorf("%w: flite speaks English only and the text has no Latin letters or digits", tts.ErrUnsupportedLanguage)
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	return pcmq.Stream(ctx, emit, func(q *pcmq.Queue) error {
		err := s.produce(q, voice, sentences)
		if err != nil && !errors.Is(err, errAborted) {
			s.log.Warn("flite synthesis failed", "voice", voice, "err", err)
		}
		return err
	})
}

func (s *Synth) produce(q *pcmq.Queue, voice voiceID, sentences []string) error {
	r := &run{q: q}
	h := cgo.NewHandle(r)
	defer h.Delete()
	for _, sent := range sentences {
		// Take the lock per piece so one long reply does not starve other calls.
		select {
		case s.sem <- struct{}{}:
		case <-q.AbortCh():
			return errAborted
		}
		err := speakUtterance(voice, sent, h)
		<-s.sem
		if err != nil {
			return err
		}
		if r.err != nil {
			return r.err
		}
		if q.Aborted() {
			return errAborted
		}
	}
	if r.rs != nil {
		if tail := r.rs.Flush(); len(tail) > 0 {
			q.Push(tail)
		}
	}
	return nil
}

// run is the state of one request, reached from the C callback through a cgo.Handle.
type run struct {
	q    *pcmq.Queue
	rate int
	rs   *audio.Resampler // nil while the voice is already at 16 kHz
	err  error
}

// chunk converts and queues audio at the voice's rate; false asks flite to stop.
func (r *run) chunk(pcm []int16, rate int) bool {
	if r.q.Aborted() || r.err != nil {
		return false
	}
	if rate != r.rate {
		if rate <= 0 {
			r.err = fmt.Errorf("%w: flite reported sample rate %d", errSynthesis, rate)
			return false
		}
		r.rate = rate
		r.rs = nil
		if rate != audio.SampleRate {
			rs, err := audio.NewResampler(rate, audio.SampleRate)
			if err != nil {
				r.err = fmt.Errorf("flite: resampler %d->%d Hz: %w", rate, audio.SampleRate, err)
				return false
			}
			r.rs = rs
		}
	}
	var out []int16
	if r.rs != nil {
		out = r.rs.Process(pcm) // a fresh slice
	} else {
		out = append([]int16(nil), pcm...) // pcm points into flite's wave, freed after the utterance
	}
	return r.q.Push(out)
}

func parseVoice(name string) (voiceID, error) {
	switch strings.ToLower(strings.TrimSpace(name)) {
	case VoiceSLT, "cmu_us_slt":
		return voiceSLT, nil
	case VoiceKal16, "cmu_us_kal16":
		return voiceKal16, nil
	}
	return 0, fmt.Errorf("%w: flite voice %q (have %s, %s)", tts.ErrUnknownVoice, name, VoiceSLT, VoiceKal16)
}

func isEnglish(lang string) bool {
	l := strings.ToLower(strings.TrimSpace(lang))
	return l == "" || l == "en" || strings.HasPrefix(l, "en-") || strings.HasPrefix(l, "en_")
}

// asciiFor maps the typographic characters replies commonly contain to ASCII flite understands.
var asciiFor = map[rune]string{
	'‘': "'", '’': "'", '“': "\"", '”': "\"", '–': ", ", '—': ", ", '…': "...", '\u00a0': " ",
	'€': " euros ", '£': " pounds ", '×': " times ", '°': " degrees ",
}

// cleanText reduces text to printable ASCII: flite's English front end has no use for other
// characters and can spell out stray bytes of multi-byte UTF-8. It returns "" when no letter or digit
// is left.
func cleanText(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r >= 0x20 && r < 0x7f:
			b.WriteRune(r)
		case asciiFor[r] != "":
			b.WriteString(asciiFor[r])
		default:
			b.WriteByte(' ') // spaces, controls, other scripts: flite cannot say them
		}
	}
	out := strings.Join(strings.Fields(b.String()), " ")
	if strings.IndexFunc(out, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) < 0 {
		return ""
	}
	return out
}
