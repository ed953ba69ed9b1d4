// Package guard is the hard stop on what the bot may say. Check reads a reply the bot is about to speak
// (LLM output or a filled template) and blocks commitments the knowledge base's policy does not allow
// (refunds, discounts, price changes, compensation, free shipping, delivery guarantees), claims to be human,
// legal or medical advice and echoes of a prompt-injection, in English and Chinese. Factual policy
// statements ("returns are accepted within 30 days") pass. CheckCaller flags prompt-injection attempts in
// what the caller said.
//
// The guard is rule based first: it must be deterministic, explainable in a call record and fast enough
// (tens of microseconds) to run on every sentence of a streamed reply. A learned n-gram model (learned.go),
// trained on our own labelled replies, backs the rules up on phrasings they do not name.
package guard

import (
	"log/slog"
	"regexp"
	"strings"
)

// Categories a verdict can carry.
const (
	CatRefund            = "refund"
	CatDiscount          = "discount"
	CatPriceChange       = "price_change"
	CatCompensation      = "compensation"
	CatFreeShipping      = "free_shipping"
	CatDeliveryGuarantee = "delivery_guarantee"
	CatLegalAdvice       = "legal_advice"
	CatMedicalAdvice     = "medical_advice"
	CatClaimsHuman       = "claims_human"
	CatInjectionEcho     = "prompt_injection_echo"
)

// Policy is what the knowledge base allows the bot to promise. The zero value is the strictest policy:
// nothing may be promised. The yaml tags match a knowledge base's `policy:` section, e.g.
//
//	policy:
//	  currency: USD
//	  refund_max_amount: 50
//	  refund_window_days: 30
//	  allow_discounts: true
//	  max_discount_percent: 10
type Policy struct {
	// Currency of the limits below (ISO code: USD, EUR, CNY, GBP); empty means USD.
	Currency string `yaml:"currency" json:"currency"`
	// ExchangeRates converts other currencies into Currency (1 unit of key = value units of Currency).
	// An amount in a currency with no rate cannot be checked and is blocked.
	ExchangeRates map[string]float64 `yaml:"exchange_rates" json:"exchange_rates"`

	// RefundMaxAmount is the largest refund the bot may promise; 0 forbids refund promises.
	RefundMaxAmount float64 `yaml:"refund_max_amount" json:"refund_max_amount"`
	// RefundWindowDays is how long after purchase a refund may be promised; 0 means no window check.
	RefundWindowDays int `yaml:"refund_window_days" json:"refund_window_days"`
	// AllowFullRefund lets the bot promise a "full refund" whatever the order total.
	AllowFullRefund bool `yaml:"allow_full_refund" json:"allow_full_refund"`

	AllowDiscounts bool `yaml:"allow_discounts" json:"allow_discounts"`
	// MaxDiscountPercent and MaxDiscountAmount cap a promised discount; 0 means no cap of that kind.
	MaxDiscountPercent float64 `yaml:"max_discount_percent" json:"max_discount_percent"`
	MaxDiscountAmount  float64 `yaml:"max_discount_amount" json:"max_discount_amount"`

	// AllowPriceMatch lets the bot change, match or lower a price or waive a fee.
	AllowPriceMatch bool `yaml:"allow_price_match" json:"allow_price_match"`

	AllowCompensation bool `yaml:"allow_compensation" json:"allow_compensation"`
	// MaxCompensationAmount caps credits, vouchers and goodwill payments; 0 means no cap.
	MaxCompensationAmount float64 `yaml:"max_compensation_amount" json:"max_compensation_amount"`

	AllowFreeShipping      bool `yaml:"allow_free_shipping" json:"allow_free_shipping"`
	AllowDeliveryGuarantee bool `yaml:"allow_delivery_guarantee" json:"allow_delivery_guarantee"`
}

// CheckContext is what the caller's case adds to the policy.
type CheckContext struct {
	// OrderTotal is the order's value in the policy currency; 0 = unknown.
	OrderTotal float64
	// PurchaseAgeDays is how many days ago the order was placed; 0 = today or unknown.
	PurchaseAgeDays int
}

// Verdict is the guard's decision on one reply.
type Verdict struct {
	Allowed bool `json:"allowed"`
	// Category is the blocked category, or for an allowed reply the category of a commitment that the
	// policy allows ("" when the reply commits to nothing).
	Category string `json:"category,omitempty"`
	Reason   string `json:"reason,omitempty"`
	// Matched is the piece of the (normalized) reply that triggered the verdict.
	Matched string `json:"matched,omitempty"`
}

// Option configures a Guard.
type Option func(*Guard)

// WithLogger logs blocked replies at debug level.
func WithLogger(l *slog.Logger) Option {
	return func(g *Guard) {
		if l != nil {
			g.log = l
		}
	}
}

// Guard checks replies against a policy. It is safe for concurrent use.
type Guard struct {
	policy Policy
	log    *slog.Logger
	contr  *strings.Replacer
	rx     *rules
	gen    *generalRules
	st     *structRules
	tk     *takenRules
	inj    []injectionRule
	dec    *declinedRules
	anc    *anchorRules
	// ml is the learned pass (learned.go); nil if its embedded model failed to load.
	ml          *learned
	modelThr    float64
	vetoThr     float64
	hardVetoThr float64
}

// New builds a guard for p.
func New(p Policy, opts ...Option) *Guard {
	if p.Currency == "" {
		p.Currency = "USD"
	}
	p.Currency = strings.ToUpper(p.Currency)
	g := &Guard{
		policy: p,
		log:    slog.New(slog.DiscardHandler),
		contr:  contractions(),
		rx:     compileRules(),
		gen:    compileGeneral(),
		st:     compileStructural(),
		tk:     compileTaken(),
		inj:    compileInjection(),
		dec:    compileDeclined(),
		anc:    compileAnchors(),

		modelThr:    DefaultModelThreshold,
		vetoThr:     DefaultVetoThreshold,
		hardVetoThr: DefaultHardVetoThreshold,
	}
	for _, o := range opts {
		o(g)
	}
	ml, err := learnedModels()
	if err != nil {
		// The embedded model is checked by the tests; should it ever be broken, the rules still run.
		g.log.Error("guard: learned pass disabled", "err", err)
	}
	g.ml = ml
	return g
}

// Policy returns the policy the guard enforces.
func (g *Guard) Policy() Policy { return g.policy }

// Check decides whether reply may be spoken. lang ("en", "zh" or "") is a hint only: both languages'
// rules run on the scripts present, since replies mix them ("我给您退$50").
func (g *Guard) Check(reply string, lang string, ctx CheckContext) Verdict {
	_ = lang
	norm := normalize(reply, g.contr)
	p := g.blockProb(norm)
	decl := &replyRefusals{g: g, norm: norm}
	var allowed Verdict
	for _, s := range sentences(norm) {
		v := g.checkSentence(s, ctx, decl)
		if !v.Allowed && g.vetoes(v, s, norm, p) {
			g.log.Debug("guard: learned pass overruled a rule", "category", v.Category, "matched", v.Matched, "p_block", p)
			continue
		}
		if !v.Allowed {
			g.log.Debug("guard blocked reply", "category", v.Category, "reason", v.Reason, "matched", v.Matched)
			return v
		}
		if allowed.Category == "" && v.Category != "" {
			allowed = v
		}
	}
	if v, blocked := g.learnedCheck(norm, p, decl, ctx); blocked {
		g.log.Debug("guard blocked reply", "category", v.Category, "reason", v.Reason)
		return v
	}
	allowed.Allowed = true
	return allowed
}

func (g *Guard) checkSentence(s string, ctx CheckContext, decl *replyRefusals) Verdict {
	hasHan, hasLatin := scripts(s)
	for _, h := range g.rx.hard {
		if (h.zh && !hasHan) || (!h.zh && !hasLatin) {
			continue
		}
		if h.also != nil && !h.also.MatchString(s) {
			continue
		}
		if loc := h.re.FindStringIndex(s); loc != nil {
			if (h.unless != nil && exempted(h.unless, s, loc)) || decl.excuses(h.cat) {
				continue
			}
			return Verdict{Category: h.cat, Reason: h.reason, Matched: s[loc[0]:loc[1]]}
		}
	}
	var allowed Verdict
	found := g.findCommitments(s, hasHan, hasLatin)
	if len(found) == 0 {
		found = g.generalCommit(s, hasHan, hasLatin)
	}
	if len(found) == 0 {
		found = g.structuralCommit(s, hasHan, hasLatin)
	}
	if len(found) == 0 {
		found = g.takenCommit(s, hasHan, hasLatin)
	}
	for _, c := range found {
		if g.declined(s, c.matched) {
			continue
		}
		v := g.judge(c, s, ctx)
		if !v.Allowed {
			return v
		}
		if allowed.Category == "" {
			allowed = v
		}
	}
	allowed.Allowed = true
	return allowed
}

func scripts(s string) (han, latin bool) {
	for _, r := range s {
		switch {
		case r >= 0x4E00 && r <= 0x9FFF:
			han = true
		case r >= 'a' && r <= 'z':
			latin = true
		}
		if han && latin {
			return
		}
	}
	return
}

// exempted reports whether the sentence holds a refusal or referral outside the matched advice itself
// ("I can't give legal advice, please consult a lawyer"), so "you do not need to see a doctor" is not
// excused by its own "see a doctor".
func exempted(unless *regexp.Regexp, s string, loc []int) bool {
	for _, u := range unless.FindAllStringIndex(s, -1) {
		if u[1] <= loc[0] || u[0] >= loc[1] {
			return true
		}
	}
	return false
}
