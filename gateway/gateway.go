// Package gateway runs one call's session: caller frames from a Leg go through VAD and end-of-turn into the
// recognizer, the dialog engine answers, the synthesizer speaks back into the Leg; barge-in, no-input,
// DTMF, handoff and the call record with per-turn latency stamps live here.
package gateway

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/voicegate/voicegate/asr"
	"github.com/voicegate/voicegate/dialog"
	"github.com/voicegate/voicegate/store"
	"github.com/voicegate/voicegate/telephony"
	"github.com/voicegate/voicegate/tts"
)

// Config holds the call-handling knobs (YAML section `call:`).
type Config struct {
	// Lang is the default conversation language ("en" or "zh").
	Lang string `yaml:"lang"`
	// EndSilence is the caller silence that ends a turn.
	EndSilence time.Duration `yaml:"end_silence"`
	// DigitSilence replaces EndSilence while the caller is expected to give digits.
	DigitSilence time.Duration `yaml:"digit_silence"`
	// NoInputTimeout is how long the bot waits for the caller before reprompting.
	NoInputTimeout time.Duration `yaml:"no_input_timeout"`
	// MaxNoInput is the number of reprompts before the bot ends the call politely.
	MaxNoInput int `yaml:"max_no_input"`
	// BargeIn lets caller speech interrupt the bot.
	BargeIn bool `yaml:"barge_in"`
	// BargeInMin is the caller speech needed to interrupt the bot; shorter sounds are ignored.
	BargeInMin time.Duration `yaml:"barge_in_min"`
	// InterDigitTimeout ends a DTMF entry when no key follows.
	InterDigitTimeout time.Duration `yaml:"inter_digit_timeout"`
	// MaxCallDuration ends a call that runs too long.
	MaxCallDuration time.Duration `yaml:"max_call_duration"`
	// Voice is the synthesizer voice; empty means the provider's default for the language.
	Voice string `yaml:"voice"`
	// FallbackPrompt is said when the dialog engine fails, so the caller is never left in silence.
	FallbackPrompt map[string]string `yaml:"fallback_prompt"`
}

// DefaultConfig is what the offline default deployment uses.
func DefaultConfig() Config {
	return Config{
		Lang:              "en",
		EndSilence:        600 * time.Millisecond,
		DigitSilence:      1200 * time.Millisecond,
		NoInputTimeout:    7 * time.Second,
		MaxNoInput:        2,
		BargeIn:           true,
		BargeInMin:        300 * time.Millisecond,
		InterDigitTimeout: 2 * time.Second,
		MaxCallDuration:   30 * time.Minute,
		FallbackPrompt: map[string]string{
			"en": "Sorry, I'm having trouble right now. Let me get a colleague to help you.",
			"zh": "抱歉，系统暂时出了点问题，我帮您转接人工客服。",
		},
	}
}

// Validate reports the first invalid setting.
func (c Config) Validate() error {
	switch {
	case c.Lang != "en" && c.Lang != "zh":
		return fmt.Errorf("%w: call.lang must be en or zh, got %q", ErrConfig, c.Lang)
	case c.EndSilence < 200*time.Millisecond || c.EndSilence > 5*time.Second:
		return fmt.Errorf("%w: call.end_silence must be between 200ms and 5s, got %s", ErrConfig, c.EndSilence)
	case c.DigitSilence < c.EndSilence:
		return fmt.Errorf("%w: call.digit_silence (%s) must not be shorter than end_silence (%s)", ErrConfig, c.DigitSilence, c.EndSilence)
	case c.NoInputTimeout < time.Second:
		return fmt.Errorf("%w: call.no_input_timeout must be at least 1s, got %s", ErrConfig, c.NoInputTimeout)
	case c.MaxNoInput < 0:
		return fmt.Errorf("%w: call.max_no_input must not be negative", ErrConfig)
	case c.BargeInMin < 100*time.Millisecond:
		return fmt.Errorf("%w: call.barge_in_min must be at least 100ms, got %s", ErrConfig, c.BargeInMin)
	case c.InterDigitTimeout < 200*time.Millisecond:
		return fmt.Errorf("%w: call.inter_digit_timeout must be at least 200ms", ErrConfig)
	case c.MaxCallDuration < 10*time.Second:
		return fmt.Errorf("%w: call.max_call_duration must be at least 10s", ErrConfig)
	}
	return nil
}

// AgentQueue takes a caller the bot hands off, when voicegate runs its own agents. It owns the leg afterwards.
type AgentQueue interface {
	Enqueue(ctx context.Context, leg telephony.Leg, h dialog.Handoff) error
}

// Captioner is implemented by legs that can show the caller live captions (the WebRTC page). The session
// type-asserts its leg to it; it is declared here so telephony packages need not be imported by the gateway.
type Captioner interface {
	// Caption shows one line; speaker is "caller" or "bot", final false marks a partial result.
	Caption(speaker, text string, final bool)
}

// Option configures a Gateway.
type Option func(*Gateway)

// WithLogger sets the parent logger; each call gets a child with its call id.
func WithLogger(l *slog.Logger) Option { return func(g *Gateway) { g.log = l } }

// WithConfig sets the call-handling configuration.
func WithConfig(c Config) Option { return func(g *Gateway) { g.cfg = c } }

// WithStore keeps call records.
func WithStore(s store.Store) Option { return func(g *Gateway) { g.store = s } }

// WithRegisterer registers the gateway's metrics.
func WithRegisterer(r prometheus.Registerer) Option { return func(g *Gateway) { g.reg = r } }

// WithAgentQueue hands callers to voicegate's own agents instead of ending the call after the handoff message.
func WithAgentQueue(q AgentQueue) Option { return func(g *Gateway) { g.agents = q } }

// WithCallIDs sets how call ids are made when a leg has none.
func WithCallIDs(f func() string) Option { return func(g *Gateway) { g.newID = f } }

// Gateway runs calls.
type Gateway struct {
	rec    asr.Recognizer
	syn    tts.Synthesizer
	eng    dialog.Engine
	store  store.Store
	agents AgentQueue
	cfg    Config
	log    *slog.Logger
	reg    prometheus.Registerer
	m      *metrics
	newID  func() string

	active   sync.WaitGroup
	draining atomic.Bool
	seq      atomic.Int64
}

// New builds a gateway from its engines.
func New(rec asr.Recognizer, syn tts.Synthesizer, eng dialog.Engine, opts ...Option) (*Gateway, error) {
	if rec == nil || syn == nil || eng == nil {
		return nil, fmt.Errorf("%w: recognizer, synthesizer and dialog engine are required", ErrConfig)
	}
	g := &Gateway{rec: rec, syn: syn, eng: eng, cfg: DefaultConfig(), log: slog.New(slog.DiscardHandler)}
	for _, o := range opts {
		o(g)
	}
	if err := g.cfg.Validate(); err != nil {
		return nil, err
	}
	if g.newID == nil {
		g.newID = func() string { return fmt.Sprintf("call-%d-%d", time.Now().UnixNano(), g.seq.Add(1)) }
	}
	m, err := newMetrics(g.reg)
	if err != nil {
		return nil, err
	}
	g.m = m
	return g, nil
}

// Handler adapts the gateway to telephony front ends.
func (g *Gateway) Handler() telephony.Handler {
	return func(ctx context.Context, leg telephony.Leg) {
		if _, err := g.HandleCall(ctx, leg); err != nil {
			g.log.Warn("call ended with error", "call_id", leg.ID(), "err", err)
		}
	}
}

// HandleCall runs the call on leg until it ends and returns its record.
func (g *Gateway) HandleCall(ctx context.Context, leg telephony.Leg) (*store.CallRecord, error) {
	if g.draining.Load() {
		_ = leg.Hangup(ctx, "draining")
		return nil, ErrDraining
	}
	g.active.Add(1)
	defer g.active.Done()
	s, err := newSession(ctx, g, leg)
	if err != nil {
		_ = leg.Hangup(ctx, "setup failed")
		return nil, err
	}
	return s.run(ctx), nil
}

// Drain stops taking new calls and waits for calls in progress to end, or ctx to expire.
func (g *Gateway) Drain(ctx context.Context) error {
	g.draining.Store(true)
	done := make(chan struct{})
	go func() { g.active.Wait(); close(done) }()
	select {
	case <-done:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
