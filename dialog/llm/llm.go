// Package llm is the dialog engine's fallback: any OpenAI-compatible chat-completions server through
// github.com/sashabaranov/go-openai, streamed sentence by sentence so speech starts before the answer is
// complete, with a time budget, retries inside it, a circuit breaker, and token/cost accounting.
package llm

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	openai "github.com/sashabaranov/go-openai"
)

// Config is the client's configuration (YAML dialog.llm).
type Config struct {
	BaseURL         string
	APIKey          string
	Model           string
	Timeout         time.Duration // the whole budget of one Stream call, retries included
	MaxRetries      int
	MaxTokens       int
	BreakerFailures int
	BreakerCooldown time.Duration
	PricePer1K      float64
}

// Message is one chat message.
type Message struct {
	Role    string // "system", "user", "assistant"
	Content string
}

// Tool is an action the model may ask for; the engine checks every call against policy before running it.
type Tool struct {
	Name        string
	Description string
	Parameters  map[string]any // JSON schema
}

// ToolCall is the model asking for a tool.
type ToolCall struct {
	Name      string
	Arguments string // JSON
}

// Request is one completion.
type Request struct {
	Messages []Message
	Tools    []Tool
}

// Response is what came back.
type Response struct {
	Text             string
	ToolCalls        []ToolCall
	PromptTokens     int
	CompletionTokens int
	Cost             float64
	Attempts         int
}

// Option configures a Client.
type Option func(*Client)

// WithLogger sets the logger.
func WithLogger(l *slog.Logger) Option { return func(c *Client) { c.log = l } }

// WithHTTPClient sets the HTTP client (tests, proxies).
func WithHTTPClient(h *http.Client) Option { return func(c *Client) { c.http = h } }

// WithClock replaces time.Now (breaker tests).
func WithClock(now func() time.Time) Option { return func(c *Client) { c.now = now } }

// Client talks to one OpenAI-compatible server. Safe for concurrent use.
type Client struct {
	cfg  Config
	api  *openai.Client
	http *http.Client
	log  *slog.Logger
	now  func() time.Time

	mu        sync.Mutex
	failures  int
	openUntil time.Time
	trial     bool
}

// New builds a client.
func New(cfg Config, opts ...Option) (*Client, error) {
	if cfg.BaseURL == "" {
		return nil, fmt.Errorf("%w: base URL is required", ErrConfig)
	}
	if cfg.Model == "" {
		return nil, fmt.Errorf("%w: model is required", ErrConfig)
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = 8 * time.Second
	}
	if cfg.BreakerFailures <= 0 {
		cfg.BreakerFailures = 3
	}
	if cfg.BreakerCooldown <= 0 {
		cfg.BreakerCooldown = 30 * time.Second
	}
	if cfg.MaxRetries < 0 {
		cfg.MaxRetries = 0
	}
	c := &Client{cfg: cfg, log: slog.New(slog.DiscardHandler), now: time.Now, http: &http.Client{}}
	for _, o := range opts {
		o(c)
	}
	oc := openai.DefaultConfig(cfg.APIKey)
	oc.BaseURL = strings.TrimRight(cfg.BaseURL, "/")
	oc.HTTPClient = c.http
	c.api = openai.NewClientWithConfig(oc)
	return c, nil
}

// allow reports whether the breaker lets a request through.
func (c *Client) allow() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.failures < c.cfg.BreakerFailures {
		return true
	}
	if c.now().Before(c.openUntil) || c.trial {
		return false
	}
	c.trial = true // half-open: one request decides
	return true
}

func (c *Client) record(ok bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.trial = false
	if ok {
		c.failures = 0
		return
	}
	c.failures++
	if c.failures >= c.cfg.BreakerFailures {
		c.openUntil = c.now().Add(c.cfg.BreakerCooldown)
	}
}

// Stream runs a completion and calls onSentence with each complete sentence as it arrives. Retries happen
// only while nothing was emitted: once the caller heard part of an answer, a second answer would confuse.
func (c *Client) Stream(ctx context.Context, req Request, onSentence func(string)) (Response, error) {
	if !c.allow() {
		return Response{}, ErrBreakerOpen
	}
	ctx, cancel := context.WithTimeout(ctx, c.cfg.Timeout)
	defer cancel()
	var resp Response
	var err error
	for attempt := 0; attempt <= c.cfg.MaxRetries; attempt++ {
		resp.Attempts = attempt + 1
		var emitted bool
		resp, emitted, err = c.once(ctx, req, onSentence)
		resp.Attempts = attempt + 1
		if err == nil {
			c.record(true)
			return resp, nil
		}
		if emitted || ctx.Err() != nil || !retryable(err) {
			break
		}
		c.log.Warn("llm request failed, retrying", "attempt", attempt+1, "err", err)
		backoff := time.Duration(100*(attempt+1)) * time.Millisecond
		select {
		case <-time.After(backoff):
		case <-ctx.Done():
		}
	}
	c.record(false)
	if errors.Is(ctx.Err(), context.DeadlineExceeded) && !errors.Is(err, ErrCutOff) {
		return resp, fmt.Errorf("%w after %s: %v", ErrTimeout, c.cfg.Timeout, err)
	}
	return resp, err
}

func retryable(err error) bool {
	var apiErr *openai.APIError
	if errors.As(err, &apiErr) {
		return apiErr.HTTPStatusCode == 429 || apiErr.HTTPStatusCode >= 500
	}
	var reqErr *openai.RequestError
	if errors.As(err, &reqErr) {
		return reqErr.HTTPStatusCode == 429 || reqErr.HTTPStatusCode >= 500
	}
	return !errors.Is(err, ErrCutOff)
}

func (c *Client) once(ctx context.Context, req Request, onSentence func(string)) (Response, bool, error) {
	creq := openai.ChatCompletionRequest{
		Model:         c.cfg.Model,
		MaxTokens:     c.cfg.MaxTokens,
		Stream:        true,
		StreamOptions: &openai.StreamOptions{IncludeUsage: true},
	}
	promptChars := 0
	for _, m := range req.Messages {
		creq.Messages = append(creq.Messages, openai.ChatCompletionMessage{Role: m.Role, Content: m.Content})
		promptChars += utf8.RuneCountInString(m.Content)
	}
	for _, t := range req.Tools {
		creq.Tools = append(creq.Tools, openai.Tool{Type: openai.ToolTypeFunction,
			Function: &openai.FunctionDefinition{Name: t.Name, Description: t.Description, Parameters: t.Parameters}})
	}
	stream, err := c.api.CreateChatCompletionStream(ctx, creq)
	if err != nil {
		return Response{}, false, fmt.Errorf("%w: %w", ErrUnavailable, err)
	}
	defer stream.Close()

	var resp Response
	var text strings.Builder
	var sb sentenceBuffer
	emitted := false
	emit := func(s string) {
		if s = strings.TrimSpace(s); s != "" && onSentence != nil {
			onSentence(s)
			emitted = true
		}
	}
	type partial struct{ name, args strings.Builder }
	var calls []*partial
	done := false
	for {
		chunk, err := stream.Recv()
		if errors.Is(err, io.EOF) {
			done = true
			break
		}
		if err != nil {
			if ctx.Err() != nil {
				return resp, emitted, fmt.Errorf("%w: %w", ErrTimeout, ctx.Err())
			}
			return resp, emitted, fmt.Errorf("%w: %w", ErrCutOff, err)
		}
		if chunk.Usage != nil {
			resp.PromptTokens = chunk.Usage.PromptTokens
			resp.CompletionTokens = chunk.Usage.CompletionTokens
		}
		for _, ch := range chunk.Choices {
			if d := ch.Delta.Content; d != "" {
				text.WriteString(d)
				for _, s := range sb.add(d) {
					emit(s)
				}
			}
			for _, tc := range ch.Delta.ToolCalls {
				i := len(calls) - 1
				if tc.Index != nil {
					i = *tc.Index
				}
				for i >= len(calls) || i < 0 {
					calls = append(calls, &partial{})
					if i < 0 {
						i = 0
					}
				}
				calls[i].name.WriteString(tc.Function.Name)
				calls[i].args.WriteString(tc.Function.Arguments)
			}
		}
	}
	if !done {
		return resp, emitted, ErrCutOff
	}
	emit(sb.flush())
	resp.Text = strings.TrimSpace(text.String())
	for _, p := range calls {
		if p.name.Len() > 0 {
			resp.ToolCalls = append(resp.ToolCalls, ToolCall{Name: p.name.String(), Arguments: p.args.String()})
		}
	}
	if resp.PromptTokens == 0 && resp.CompletionTokens == 0 {
		// Servers that do not report usage: estimate (about four characters a token).
		resp.PromptTokens = promptChars/4 + 1
		resp.CompletionTokens = utf8.RuneCountInString(resp.Text)/4 + 1
	}
	resp.Cost = float64(resp.PromptTokens+resp.CompletionTokens) / 1000 * c.cfg.PricePer1K
	return resp, emitted, nil
}

// sentenceBuffer cuts streamed text into sentences (English and Chinese punctuation).
type sentenceBuffer struct{ buf strings.Builder }

func (s *sentenceBuffer) add(delta string) []string {
	s.buf.WriteString(delta)
	cur := s.buf.String()
	var out []string
	start := 0
	rs := []rune(cur)
	pos := 0 // byte offset
	for i, r := range rs {
		size := utf8.RuneLen(r)
		end := pos + size
		switch r {
		case '。', '！', '？', '；':
			out = append(out, cur[start:end])
			start = end
		case '.', '!', '?':
			// A sentence ends at the mark only when whitespace follows, so "3.5" and "e.g." mid-stream wait.
			if i+1 < len(rs) && (rs[i+1] == ' ' || rs[i+1] == '\n') {
				out = append(out, cur[start:end])
				start = end
			}
		}
		pos = end
	}
	rest := cur[start:]
	s.buf.Reset()
	s.buf.WriteString(rest)
	return out
}

func (s *sentenceBuffer) flush() string {
	r := s.buf.String()
	s.buf.Reset()
	return r
}
