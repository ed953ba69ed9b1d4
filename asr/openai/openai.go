// Package openai recognises speech with any OpenAI-compatible transcription server (/audio/transcriptions:
// OpenAI Whisper, LocalAI, vLLM, faster-whisper servers) through github.com/sashabaranov/go-openai. The API
// is not streaming: a turn's audio is buffered and sent as one WAV when the turn ends. It is the way to
// recognise Mandarin here, since no offline Mandarin model ships with Debian.
package openai

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	goopenai "github.com/sashabaranov/go-openai"

	"github.com/voicegate/voicegate/asr"
	"github.com/voicegate/voicegate/audio"
)

// ErrConfig means the recognizer was configured wrongly.
var ErrConfig = errors.New("asr/openai: invalid configuration")

// Config locates the server.
type Config struct {
	BaseURL string
	APIKey  string
	Model   string
	// Timeout bounds one transcription request.
	Timeout time.Duration
	// MaxTurn caps the audio kept for one turn (longer turns are cut; the server would reject huge files).
	MaxTurn time.Duration
}

// Recognizer opens sessions against the server. Safe for concurrent use.
type Recognizer struct {
	cfg Config
	api *goopenai.Client
}

var _ asr.Recognizer = (*Recognizer)(nil)

// New builds a recognizer; httpClient may be nil.
func New(cfg Config, httpClient *http.Client) (*Recognizer, error) {
	if cfg.BaseURL == "" {
		return nil, fmt.Errorf("%w: base URL is required", ErrConfig)
	}
	if cfg.Model == "" {
		cfg.Model = "whisper-1"
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = 10 * time.Second
	}
	if cfg.MaxTurn <= 0 {
		cfg.MaxTurn = 60 * time.Second
	}
	oc := goopenai.DefaultConfig(cfg.APIKey)
	oc.BaseURL = strings.TrimRight(cfg.BaseURL, "/")
	if httpClient != nil {
		oc.HTTPClient = httpClient
	}
	return &Recognizer{cfg: cfg, api: goopenai.NewClientWithConfig(oc)}, nil
}

// Name implements asr.Recognizer.
func (r *Recognizer) Name() string { return "openai(" + r.cfg.Model + ")" }

// NewSession implements asr.Recognizer.
func (r *Recognizer) NewSession(_ context.Context, lang string) (asr.Session, error) {
	return &session{r: r, lang: lang}, nil
}

type session struct {
	r      *Recognizer
	lang   string
	hints  asr.Hints
	pcm    []int16
	inTurn bool
	closed bool
}

func (s *session) Begin(ctx context.Context, h asr.Hints) error {
	if s.closed {
		return asr.ErrClosed
	}
	s.hints, s.pcm, s.inTurn = h, s.pcm[:0], true
	return ctx.Err()
}

func (s *session) Write(pcm []int16) error {
	switch {
	case s.closed:
		return asr.ErrClosed
	case !s.inTurn:
		return asr.ErrNoTurn
	}
	room := int(s.r.cfg.MaxTurn/time.Second)*audio.SampleRate - len(s.pcm)
	if room > 0 {
		s.pcm = append(s.pcm, pcm[:min(room, len(pcm))]...)
	}
	return nil
}

// Partial implements asr.Session; the transcription API has no partial results.
func (s *session) Partial() asr.Result { return asr.Result{} }

func (s *session) End(ctx context.Context) (asr.Result, error) {
	switch {
	case s.closed:
		return asr.Result{}, asr.ErrClosed
	case !s.inTurn:
		return asr.Result{}, asr.ErrNoTurn
	}
	s.inTurn = false
	var buf writeSeeker
	if err := audio.WriteWAV(&buf, s.pcm, audio.SampleRate); err != nil {
		return asr.Result{}, err
	}
	lang := s.hints.Lang
	if lang == "" {
		lang = s.lang
	}
	if i := strings.IndexAny(lang, "-_"); i > 0 {
		lang = lang[:i]
	}
	req := goopenai.AudioRequest{Model: s.r.cfg.Model, FilePath: "turn.wav", Reader: bytes.NewReader(buf.b),
		Language: lang, Format: goopenai.AudioResponseFormatJSON, Prompt: prompt(s.hints)}
	ctx, cancel := context.WithTimeout(ctx, s.r.cfg.Timeout)
	defer cancel()
	resp, err := s.r.api.CreateTranscription(ctx, req)
	if err != nil {
		return asr.Result{}, fmt.Errorf("%w: transcription: %v", asr.ErrUnavailable, err)
	}
	text := strings.TrimSpace(resp.Text)
	res := asr.Result{Text: text, Final: true, Confidence: 1}
	if text == "" {
		res.Confidence = 0
	}
	if s.hints.Mode == asr.ModeDigits && text != "" && !strings.ContainsAny(text, "0123456789") && !hasDigitWord(text) {
		res.Rejected = true
	}
	return res, nil
}

// prompt biases the model towards what the dialog expects.
func prompt(h asr.Hints) string {
	switch h.Mode {
	case asr.ModeDigits:
		return "The caller reads out digits, for example 4 0 7 2 9."
	case asr.ModeYesNo:
		return "The caller answers yes or no."
	}
	return strings.Join(h.Phrases, ". ")
}

func hasDigitWord(s string) bool {
	for _, w := range strings.Fields(strings.ToLower(s)) {
		switch strings.Trim(w, ".,!?") {
		case "zero", "oh", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "double", "triple",
			"零", "一", "二", "三", "四", "五", "六", "七", "八", "九", "幺", "两":
			return true
		}
	}
	return false
}

func (s *session) Close() error {
	s.closed = true
	return nil
}

// writeSeeker is an in-memory io.WriteSeeker for the WAV writer.
type writeSeeker struct {
	b   []byte
	pos int
}

func (w *writeSeeker) Write(p []byte) (int, error) {
	if need := w.pos + len(p); need > len(w.b) {
		w.b = append(w.b, make([]byte, need-len(w.b))...)
	}
	copy(w.b[w.pos:], p)
	w.pos += len(p)
	return len(p), nil
}

func (w *writeSeeker) Seek(off int64, whence int) (int64, error) {
	var base int
	switch whence {
	case 0:
	case 1:
		base = w.pos
	case 2:
		base = len(w.b)
	}
	n := base + int(off)
	if n < 0 {
		return 0, errors.New("asr/openai: negative seek")
	}
	w.pos = n
	return int64(n), nil
}
