// Package engine assembles voicegate's hybrid dialog engine from its parts: the knowledge base (kb), the
// cheap intent classifier (intent), slot extraction (slots), webhook actions, the LLM fallback (llm), the
// reply guard (guard), sentiment in context (sentiment) and the handoff policy.
package engine

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/voicegate/voicegate/dialog"
	"github.com/voicegate/voicegate/dialog/actions"
	"github.com/voicegate/voicegate/dialog/guard"
	"github.com/voicegate/voicegate/dialog/intent"
	"github.com/voicegate/voicegate/dialog/kb"
	"github.com/voicegate/voicegate/dialog/llm"
	"github.com/voicegate/voicegate/dialog/sentiment"
)

// ErrNoKB means the engine was given no knowledge base for a language it must serve.
var ErrNoKB = errors.New("engine: no knowledge base")

// ActionResult is what a webhook returned.
type ActionResult struct {
	// Fields are the values the action's field map read from the response.
	Fields map[string]string
	// NotFound is set when the backend answered 404 (an unknown order number).
	NotFound bool
}

// ActionRunner calls a KB action's webhook with the slot values.
type ActionRunner interface {
	Run(ctx context.Context, a *kb.Action, vars map[string]string) (ActionResult, error)
}

// Config tunes the engine; zero values take the KB's handoff policy or built-in defaults.
type Config struct {
	// AnswerConfidence and ClarifyMargin override the KB's min_confidence and clarify_margin when set.
	AnswerConfidence float64
	ClarifyMargin    float64
	// LowConfidenceTurns in a row hand the caller to a human.
	LowConfidenceTurns int
	// SentimentBelow: a caller mood at or below this hands off (overrides the KB when non-zero).
	SentimentBelow float64
	// LoopTurns: the same intent this many times in a row means the bot is not helping.
	LoopTurns int
	// DTMFMenu maps a key to an intent for callers who press instead of speak.
	DTMFMenu map[string]string
	// HistoryLines bounds the transcript the LLM sees.
	HistoryLines int
	// GroundingIntents is how many KB entries the LLM prompt is grounded on.
	GroundingIntents int
}

// Option configures the Engine.
type Option func(*Engine)

// WithConfig sets the tuning.
func WithConfig(c Config) Option { return func(e *Engine) { e.cfg = c } }

// WithLLM enables the LLM fallback.
func WithLLM(c *llm.Client) Option { return func(e *Engine) { e.llm = c } }

// WithActions sets the webhook runner; without one, intents with actions answer with their failed text.
func WithActions(r ActionRunner) Option { return func(e *Engine) { e.actions = r } }

// WithLogger sets the logger.
func WithLogger(l *slog.Logger) Option { return func(e *Engine) { e.log = l } }

// WithClock sets the time source for relative dates ("tomorrow").
func WithClock(now func() time.Time) Option { return func(e *Engine) { e.now = now } }

// langModel is everything the engine derives from one language's KB.
type langModel struct {
	kb    *kb.KB
	cls   *intent.Classifier
	guard *guard.Guard
}

type models struct {
	byLang map[string]*langModel
	set    *kb.Set
}

// Engine is the hybrid dialog engine. Safe for concurrent use; Reload swaps the KB atomically.
type Engine struct {
	cfg     Config
	llm     *llm.Client
	actions ActionRunner
	sent    *sentiment.Analyzer
	log     *slog.Logger
	now     func() time.Time

	cur atomic.Pointer[models]
	mu  sync.Mutex // serialises Reload
}

var _ dialog.Engine = (*Engine)(nil)

// New trains the classifiers for every language in set.
func New(set *kb.Set, opts ...Option) (*Engine, error) {
	e := &Engine{log: slog.New(slog.DiscardHandler), now: time.Now}
	for _, o := range opts {
		o(e)
	}
	if e.cfg.LowConfidenceTurns <= 0 {
		e.cfg.LowConfidenceTurns = 2
	}
	if e.cfg.LoopTurns <= 0 {
		e.cfg.LoopTurns = 3
	}
	if e.cfg.HistoryLines <= 0 {
		e.cfg.HistoryLines = 12
	}
	if e.cfg.GroundingIntents <= 0 {
		e.cfg.GroundingIntents = 3
	}
	a, err := sentiment.New()
	if err != nil {
		return nil, fmt.Errorf("engine: sentiment: %w", err)
	}
	e.sent = a
	if err := e.Reload(set); err != nil {
		return nil, err
	}
	return e, nil
}

// Reload retrains from a new KB set and swaps it in; on error the old one stays.
func (e *Engine) Reload(set *kb.Set) error {
	if set == nil || len(set.Languages()) == 0 {
		return ErrNoKB
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	m := &models{byLang: map[string]*langModel{}, set: set}
	for _, lang := range set.Languages() {
		k, _ := set.Get(lang)
		lm, err := e.build(k)
		if err != nil {
			return fmt.Errorf("engine: %s knowledge base %s: %w", lang, k.File(), err)
		}
		m.byLang[lang] = lm
	}
	e.cur.Store(m)
	return nil
}

func (e *Engine) build(k *kb.KB) (*langModel, error) {
	var ex []intent.Example
	for _, in := range k.Intents() {
		for _, p := range in.Examples {
			ex = append(ex, intent.Example{Text: p, Intent: in.Name})
		}
	}
	hp := k.Policies.Handoff
	conf, margin := hp.MinConfidence, hp.ClarifyMargin
	if e.cfg.AnswerConfidence > 0 {
		conf = e.cfg.AnswerConfidence
	}
	if e.cfg.ClarifyMargin > 0 {
		margin = e.cfg.ClarifyMargin
	}
	opts := []intent.Option{}
	if conf > 0 {
		opts = append(opts, intent.WithAnswerThreshold(conf, margin))
	}
	cls, err := intent.Train(ex, opts...)
	if err != nil {
		return nil, err
	}
	return &langModel{kb: k, cls: cls, guard: guard.New(GuardPolicy(k.Policies), guard.WithLogger(e.log))}, nil
}

// GuardPolicy maps the KB's business rules onto what the guard enforces.
func GuardPolicy(p kb.Policies) guard.Policy {
	return guard.Policy{
		Currency:               p.Currency,
		RefundMaxAmount:        p.RefundMaxAmount,
		RefundWindowDays:       p.RefundWindowDays,
		AllowDiscounts:         p.DiscountsAllowed,
		AllowPriceMatch:        p.PriceMatch,
		AllowFreeShipping:      p.FreeShippingOver > 0,
		AllowDeliveryGuarantee: p.DeliveryGuarantee,
	}
}

// Phrases implements dialog.Engine.
func (e *Engine) Phrases(lang string) []string { return e.cur.Load().set.Phrases(lang) }

// Classify exposes the cheap path for tools (chat, eval).
func (e *Engine) Classify(lang, text string) (intent.Prediction, intent.Decision, error) {
	lm, err := e.model(lang)
	if err != nil {
		return intent.Prediction{}, intent.Decision{}, err
	}
	p := lm.cls.Classify(text)
	return p, lm.cls.Decide(p), nil
}

func (e *Engine) model(lang string) (*langModel, error) {
	m := e.cur.Load()
	if lm, ok := m.byLang[lang]; ok {
		return lm, nil
	}
	if k, ok := m.set.Get(lang); ok {
		if lm, ok := m.byLang[k.Language]; ok {
			return lm, nil
		}
	}
	return nil, fmt.Errorf("%w for language %q", ErrNoKB, lang)
}

// NewConversation implements dialog.Engine. An unknown language falls back to English (or the first KB).
func (e *Engine) NewConversation(callID, lang string) dialog.Conversation {
	if _, err := e.model(lang); err != nil {
		langs := e.cur.Load().set.Languages()
		lang = langs[0]
		for _, l := range langs {
			if l == "en" {
				lang = l
			}
		}
	}
	return &conversation{e: e, id: callID, lang: lang, track: e.sent.NewTracker(), slots: map[string]string{}}
}

// FromRunner adapts the webhook runner to the engine: a 404 is an answer ("no such order"), not a failure.
func FromRunner(r *actions.Runner) ActionRunner { return runnerAdapter{r} }

type runnerAdapter struct{ r *actions.Runner }

func (a runnerAdapter) Run(ctx context.Context, act *kb.Action, vars map[string]string) (ActionResult, error) {
	res, err := a.r.Run(ctx, *act, vars)
	if errors.Is(err, actions.ErrNotFound) {
		return ActionResult{NotFound: true}, nil
	}
	if err != nil {
		return ActionResult{}, err
	}
	fields := make(map[string]string, len(res.Fields)+len(res.Vars))
	for k, v := range res.Fields {
		fields[k] = v
	}
	for k, v := range res.Vars {
		fields[k] = v
	}
	return ActionResult{Fields: fields}, nil
}
