// Package engine assembles voicegate's hybrid dialog engine from its parts: the knowledge base (kb), the
// cheap intent classifier (intent), slot extraction (slots), webhook actions, the LLM fallback (llm), the
// reply guard (guard), sentiment in context (sentiment) and the handoff policy.
package engine

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/voicegate/voicegate/dialog"
	"github.com/voicegate/voicegate/dialog/actions"
	"github.com/voicegate/voicegate/dialog/guard"
	"github.com/voicegate/voicegate/dialog/intent"
	"github.com/voicegate/voicegate/dialog/kb"
	"github.com/voicegate/voicegate/dialog/llm"
	"github.com/voicegate/voicegate/dialog/sentiment"
	"github.com/voicegate/voicegate/dialog/slots"
)

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
	// LLMFirstSentence is how long the caller may wait for the LLM's first sentence before the engine
	// gives up and hands off (default 3s): a slow model must not leave the line silent.
	LLMFirstSentence time.Duration
	// SummaryTimeout bounds the LLM summary of a handoff packet (default 1.5s); the extractive summary is
	// used when it runs out or no LLM is configured.
	SummaryTimeout time.Duration
	// RequestIntent is the intent meaning "give me a person" (default agent_request); its handoff reason is
	// "requested".
	RequestIntent string
	// DisableHandoff lists handoff reasons (dialog.Reason*) this deployment does not want triggered
	// automatically: low_confidence, clarify_failed, sentiment, loop, slot_failed. The engine then keeps
	// trying (fallback, re-ask) instead. Explicit requests, sensitive intents, guard blocks and LLM
	// failures always hand off.
	DisableHandoff []string
	// MaxTextRunes caps a caller turn's text (default 1000): longer input is cut, not rejected.
	MaxTextRunes int
}

// disabled reports whether an automatic handoff trigger is switched off.
func (c Config) disabled(reason string) bool {
	for _, r := range c.DisableHandoff {
		if r == reason {
			return true
		}
	}
	return false
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

// WithRegisterer registers the engine's metrics (voicegate_dialog_*).
func WithRegisterer(r prometheus.Registerer) Option { return func(e *Engine) { e.reg = r } }

// UsageReporter is implemented by the engine's conversations: the LLM tokens and cost one call used.
type UsageReporter interface {
	Usage() (tokens int, cost float64)
}

// langModel is everything the engine derives from one language's KB.
type langModel struct {
	kb    *kb.KB
	cls   *intent.Classifier
	guard *guard.Guard
	// kinds maps every slot name in the KB to its type, so values can be spoken in the right form.
	kinds map[string]slots.Kind
	// never holds the KB's never_promise phrases, lower case.
	never []string
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

	reg     prometheus.Registerer
	metrics *metrics

	cur atomic.Pointer[models]
	mu  sync.Mutex // serialises Reload
}

type metrics struct {
	turns    *prometheus.CounterVec
	handoffs *prometheus.CounterVec
	tokens   prometheus.Counter
	cost     prometheus.Counter
}

func newMetrics(reg prometheus.Registerer) (*metrics, error) {
	m := &metrics{
		turns: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "voicegate_dialog_turns_total",
			Help: "Caller turns answered, by route."}, []string{"route"}),
		handoffs: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "voicegate_dialog_handoffs_total",
			Help: "Handoffs decided by the dialog engine, by reason."}, []string{"reason"}),
		tokens: prometheus.NewCounter(prometheus.CounterOpts{Name: "voicegate_dialog_llm_tokens_total",
			Help: "LLM tokens (prompt and completion) used by the dialog fallback."}),
		cost: prometheus.NewCounter(prometheus.CounterOpts{Name: "voicegate_dialog_llm_cost_total",
			Help: "Estimated LLM cost of the dialog fallback, in the configured price unit."}),
	}
	if reg != nil {
		for _, c := range []prometheus.Collector{m.turns, m.handoffs, m.tokens, m.cost} {
			if err := reg.Register(c); err != nil {
				return nil, fmt.Errorf("engine: register metrics: %w", err)
			}
		}
	}
	return m, nil
}

var _ dialog.Engine = (*Engine)(nil)

// New trains the classifiers for every language in set.
func New(set *kb.Set, opts ...Option) (*Engine, error) {
	e := &Engine{log: slog.New(slog.DiscardHandler), now: time.Now}
	if err := e.setup(opts); err != nil {
		return nil, err
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

// setup applies options, defaults and metrics.
func (e *Engine) setup(opts []Option) error {
	for _, o := range opts {
		o(e)
	}
	c := &e.cfg
	if c.LowConfidenceTurns <= 0 {
		c.LowConfidenceTurns = 2
	}
	if c.LoopTurns <= 0 {
		c.LoopTurns = 3
	}
	if c.HistoryLines <= 0 {
		c.HistoryLines = 12
	}
	if c.GroundingIntents <= 0 {
		c.GroundingIntents = 3
	}
	if c.LLMFirstSentence <= 0 {
		c.LLMFirstSentence = 3 * time.Second
	}
	if c.SummaryTimeout <= 0 {
		c.SummaryTimeout = 1500 * time.Millisecond
	}
	if c.RequestIntent == "" {
		c.RequestIntent = "agent_request"
	}
	if c.MaxTextRunes <= 0 {
		c.MaxTextRunes = 1000
	}
	m, err := newMetrics(e.reg)
	if err != nil {
		return err
	}
	e.metrics = m
	return nil
}

// Clone returns an engine that shares this one's trained classifiers and applies opts on top of its
// settings (another LLM, tuning, actions; WithConfig replaces the whole Config): training is the expensive
// part and models are immutable. A clone registers metrics only when given WithRegisterer. Changing AnswerConfidence or ClarifyMargin
// retrains.
func (e *Engine) Clone(opts ...Option) (*Engine, error) {
	c := &Engine{cfg: e.cfg, llm: e.llm, actions: e.actions, sent: e.sent, log: e.log, now: e.now}
	if err := c.setup(opts); err != nil {
		return nil, err
	}
	m := e.cur.Load()
	if c.cfg.AnswerConfidence != e.cfg.AnswerConfidence || c.cfg.ClarifyMargin != e.cfg.ClarifyMargin {
		if err := c.Reload(m.set); err != nil {
			return nil, err
		}
		return c, nil
	}
	c.cur.Store(m)
	return c, nil
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
	kinds := map[string]slots.Kind{}
	for _, in := range k.Intents() {
		for _, s := range in.Slots {
			kinds[s.Name] = s.Type
		}
	}
	var never []string
	for _, p := range k.Policies.NeverPromise {
		if p = strings.ToLower(strings.TrimSpace(p)); p != "" {
			never = append(never, p)
		}
	}
	return &langModel{kb: k, cls: cls, guard: guard.New(GuardPolicy(k.Policies), guard.WithLogger(e.log)), kinds: kinds, never: never}, nil
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
	if lm, err := e.model(lang); err == nil {
		lang = lm.kb.Language // "zh-CN" → "zh": one spelling from here on
	} else {
		langs := e.cur.Load().set.Languages()
		lang = langs[0]
		for _, l := range langs {
			if l == "en" {
				lang = l
			}
		}
	}
	return &conversation{e: e, id: callID, lang: lang, track: e.sent.NewTracker(), slots: map[string]string{},
		confirmedFor: map[string]string{}}
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
	// Only the action's declared fields: the raw response may hold keys that collide with slot names
	// (the demo order's "amount" is its total, not the refund the caller asked for).
	fields := make(map[string]string, len(res.Vars))
	for k, v := range res.Vars {
		fields[k] = v
	}
	return ActionResult{Fields: fields}, nil
}
