// Package espeak speaks through libespeak-ng (Debian: libespeak-ng1 + espeak-ng-data; building needs
// libespeak-ng-dev and cgo). It is the offline synthesizer for every language espeak-ng knows, Mandarin
// included.
//
// libespeak-ng keeps its state in process globals, so syntheses run one at a time: an instance waits on
// its own lock (giving up when the request's context ends) and the C side additionally serialises all
// instances. Synthesis runs at a few hundred times real time and never waits for the consumer (audio is
// queued, see internal/pcmq), so the lock is held for milliseconds per sentence.
package espeak

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"runtime/cgo"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/voicegate/voicegate/audio"
	"github.com/voicegate/voicegate/tts"
	"github.com/voicegate/voicegate/tts/internal/pcmq"
	"github.com/voicegate/voicegate/tts/internal/textchunk"
)

// Default voices per language. Mandarin must use the pinyin voice: espeak-ng 1.51's plain "cmn" voice
// reads the tone digits of its own transcription aloud.
const (
	DefaultEnglishVoice = "en-us"
	DefaultChineseVoice = "cmn-latn-pinyin"
)

// Parameter ranges accepted by libespeak-ng.
const (
	MinRate = 80  // words per minute
	MaxRate = 450 // words per minute
)

// chunkMs is espeak's output buffer: the first audio is handed over after this much speech is ready.
const chunkMs = 40

// Synth is an espeak-ng Synthesizer. It is safe for concurrent use; syntheses are serialised.
type Synth struct {
	sem        chan struct{} // one synthesis at a time; a channel so waiting can honour ctx
	rate       int
	pitch      int
	voices     map[string]string // lang prefix -> voice
	dataPath   string
	sampleRate int
	log        *slog.Logger
}

// Option configures a Synth.
type Option func(*Synth)

// WithRate sets the speaking rate in words per minute (MinRate..MaxRate; default 175).
func WithRate(wpm int) Option { return func(s *Synth) { s.rate = wpm } }

// WithPitch sets the base pitch, 0..100 (default 50).
func WithPitch(p int) Option { return func(s *Synth) { s.pitch = p } }

// WithVoice sets the voice used for a language ("en", "zh", or any other lang code) when the request
// names no voice.
func WithVoice(lang, voice string) Option {
	return func(s *Synth) { s.voices[normLang(lang)] = voice }
}

// WithDataPath points at the espeak-ng-data directory (or its parent). New fails if it holds no data;
// only the first initialisation in a process uses it (the library is process-global).
func WithDataPath(dir string) Option { return func(s *Synth) { s.dataPath = dir } }

// WithLogger sets the logger (default slog.Default()).
func WithLogger(l *slog.Logger) Option { return func(s *Synth) { s.log = l } }

// New loads libespeak-ng. A missing library or voice data gives an error wrapping tts.ErrUnavailable
// with the Debian package to install.
func New(opts ...Option) (*Synth, error) {
	s := &Synth{
		sem:    make(chan struct{}, 1),
		rate:   175,
		pitch:  50,
		voices: map[string]string{"en": DefaultEnglishVoice, "zh": DefaultChineseVoice},
		log:    slog.Default(),
	}
	for _, o := range opts {
		o(s)
	}
	if s.rate < MinRate || s.rate > MaxRate {
		return nil, fmt.Errorf("%w: rate %d wpm outside %d..%d", ErrBadOption, s.rate, MinRate, MaxRate)
	}
	if s.pitch < 0 || s.pitch > 100 {
		return nil, fmt.Errorf("%w: pitch %d outside 0..100", ErrBadOption, s.pitch)
	}
	for lang, v := range s.voices {
		if !validVoiceName(v) {
			return nil, fmt.Errorf("%w: voice %q for %q", ErrBadOption, v, lang)
		}
	}
	if s.dataPath != "" && !hasVoiceData(s.dataPath) {
		return nil, fmt.Errorf("%w: no espeak-ng data (phontab) in %s; install it with: apt-get install espeak-ng-data",
			tts.ErrUnavailable, s.dataPath)
	}
	rate, err := initEngine(s.dataPath, chunkMs)
	if err != nil {
		return nil, err
	}
	s.sampleRate = rate
	return s, nil
}

// Name identifies the provider (used in cache keys and logs).
func (s *Synth) Name() string { return fmt.Sprintf("espeak(rate=%d,pitch=%d)", s.rate, s.pitch) }

// SampleRate is espeak's native output rate before resampling to 16 kHz.
func (s *Synth) SampleRate() int { return s.sampleRate }

// Synthesize streams req.Text as 16 kHz PCM to emit. See tts.Synthesizer.
func (s *Synth) Synthesize(ctx context.Context, req tts.Request, emit func(pcm []int16) error) error {
	text := cleanText(req.Text)
	if text == "" {
		return tts.ErrEmptyText
	}
	voice := s.voiceFor(req)
	if !validVoiceName(voice) {
		return fmt.Errorf("%w: %q is not a voice name", tts.ErrUnknownVoice, voice)
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	return pcmq.Stream(ctx, emit, func(q *pcmq.Queue) error {
		err := s.produce(q, voice, text)
		if err != nil && !errors.Is(err, errAborted) {
			s.log.Warn("espeak synthesis failed", "voice", voice, "err", err)
		}
		return err
	})
}

// produce runs on its own goroutine and feeds q, one bounded piece (about a sentence) at a time: the
// library lock is taken per piece so a long announcement cannot delay another call's first audio by
// more than a piece.
func (s *Synth) produce(q *pcmq.Queue, voice, text string) error {
	rs, err := audio.NewResampler(s.sampleRate, audio.SampleRate)
	if err != nil {
		return fmt.Errorf("espeak: resampler %d->%d Hz: %w", s.sampleRate, audio.SampleRate, err)
	}
	r := &run{q: q, rs: rs}
	h := cgo.NewHandle(r)
	defer h.Delete()
	for _, sentence := range textchunk.Pieces(text, textchunk.MaxWords, textchunk.MaxTokenRunes) {
		select {
		case s.sem <- struct{}{}:
		case <-q.AbortCh():
			return errAborted
		}
		err := speak(voice, s.rate, s.pitch, sentence, h)
		<-s.sem
		if err != nil {
			return err
		}
		if q.Aborted() {
			return errAborted
		}
	}
	if tail := rs.Flush(); len(tail) > 0 {
		q.Push(tail)
	}
	return nil
}

// run is the state of one synthesis, reached from the C callback through a cgo.Handle.
type run struct {
	q  *pcmq.Queue
	rs *audio.Resampler
}

// chunk resamples and queues native-rate audio; false asks espeak to stop.
func (r *run) chunk(pcm []int16) bool {
	if r.q.Aborted() {
		return false
	}
	// Process returns a fresh slice, so nothing keeps pointing into espeak's reused buffer.
	return r.q.Push(r.rs.Process(pcm))
}

func (s *Synth) voiceFor(req tts.Request) string {
	if req.Voice != "" {
		return req.Voice
	}
	lang := normLang(req.Lang)
	if v, ok := s.voices[lang]; ok {
		return v
	}
	if v, ok := s.voices[strings.SplitN(lang, "-", 2)[0]]; ok {
		return v
	}
	return lang // other languages: espeak-ng voices are named by language code ("de", "fr", ...)
}

func normLang(lang string) string {
	l := strings.ToLower(strings.ReplaceAll(strings.TrimSpace(lang), "_", "-"))
	switch {
	case l == "":
		return "en"
	case l == "cmn" || l == "zh" || strings.HasPrefix(l, "zh-") || strings.HasPrefix(l, "cmn-"):
		return "zh"
	}
	return l
}

// validVoiceName keeps arbitrary request strings away from espeak's voice-file lookup (which builds
// paths from the name).
func validVoiceName(v string) bool {
	if v == "" || len(v) > 64 {
		return false
	}
	for _, r := range v {
		if !(r == '-' || r == '_' || r == '+' || (r < utf8.RuneSelf && (unicode.IsLetter(r) || unicode.IsDigit(r)))) {
			return false
		}
	}
	return true
}

// cleanText makes text safe for a C string and for espeak: valid UTF-8, no NULs or control
// characters. It returns "" when nothing speakable is left.
func cleanText(s string) string {
	s = strings.ToValidUTF8(s, " ")
	s = strings.Map(func(r rune) rune {
		if r == 0 || (unicode.IsControl(r) && r != '\n') || r == utf8.RuneError {
			return ' '
		}
		return r
	}, s)
	s = strings.TrimSpace(s)
	if strings.IndexFunc(s, func(r rune) bool { return !unicode.IsSpace(r) }) < 0 {
		return ""
	}
	return s
}

// hasVoiceData reports whether dir is, or contains, an espeak-ng-data directory: espeak-ng itself would
// silently fall back to its built-in path.
func hasVoiceData(dir string) bool {
	for _, p := range []string{filepath.Join(dir, "phontab"), filepath.Join(dir, "espeak-ng-data", "phontab")} {
		if fi, err := os.Stat(p); err == nil && fi.Mode().IsRegular() {
			return true
		}
	}
	return false
}
