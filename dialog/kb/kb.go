package kb

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/voicegate/voicegate/dialog/slots"
)

// Flag marks how the engine must treat an intent.
type Flag string

// Intent flags.
const (
	// FlagSensitive: always a human (legal threats, account security); the bot only says the handoff line.
	FlagSensitive Flag = "sensitive"
	// FlagCommitment: the answer promises something (a refund): the policy check must pass first.
	FlagCommitment Flag = "commitment"
	// FlagHandoff: answer, then pass the caller to an agent (complaints, "let me talk to a person").
	FlagHandoff Flag = "handoff"
	// FlagEnd: answer, then end the call (goodbye).
	FlagEnd Flag = "end"
)

// Expectations of the next caller turn; the values match dialog.Expect.
const (
	ExpectOpen   = ""
	ExpectDigits = "digits"
	ExpectYesNo  = "yesno"
)

// Policy names a commitment may be checked against.
const PolicyRefund = "refund"

// Names the refund check reads: the slot with the amount the caller asks for, and the action field with
// the order's age in days (optional; without it only the amount limit applies).
const (
	RefundAmountSlot = "amount"
	RefundAgeField   = "days_since_order"
)

// Default action settings.
const (
	DefaultActionTimeout = 3 * time.Second
	MaxActionTimeout     = 30 * time.Second
	MaxActionRetries     = 5
)

// Slot is a value the bot collects before it answers.
type Slot struct {
	Name string     `yaml:"name"`
	Type slots.Kind `yaml:"type"`
	// Prompt asks for the value ("What's your order number?").
	Prompt Variants `yaml:"prompt"`
	// Required slots are asked for; optional ones are only taken when the caller volunteers them.
	Required bool `yaml:"required"`
	// Confirm makes the engine read the value back even when the extraction was confident.
	Confirm bool `yaml:"confirm"`
}

// Expect is what the recognizer should listen for while this slot is asked.
func (s Slot) Expect() string {
	switch s.Type {
	case slots.KindOrderNumber, slots.KindPhone:
		return ExpectDigits
	case slots.KindYesNo:
		return ExpectYesNo
	}
	return ExpectOpen
}

// Action is an HTTP webhook called once the intent's required slots are filled.
type Action struct {
	// Method is GET (default), POST, PUT, PATCH or DELETE.
	Method string `yaml:"method"`
	// URL is absolute (http/https) or a path starting with "/" resolved against the runner's base URL.
	// Placeholders are escaped for their place (path or query).
	URL Template `yaml:"url"`
	// Body, when set, is sent as a JSON object of rendered strings.
	Body map[string]Template `yaml:"body"`
	// Timeout is per attempt (default 3s, at most 30s).
	Timeout time.Duration `yaml:"timeout"`
	// Retries after a timeout, connection error or 5xx (0–5).
	Retries int `yaml:"retries"`
	// Fields maps an answer placeholder to a dotted path in the JSON response ("eta_text", "items.0.name").
	Fields map[string]string `yaml:"fields"`
	// Switch names a field whose value selects the answer from Cases (e.g. the order status).
	Switch string `yaml:"switch"`
	// Cases are answers by Switch value; the intent's answer is used for values not listed.
	Cases map[string]Variants `yaml:"cases"`
	// NotFound is said when the backend answers 404 (unknown order number).
	NotFound Variants `yaml:"not_found"`
	// Failed is said when the backend cannot be reached; the engine may also hand off.
	Failed Variants `yaml:"failed"`
}

// Intent is one thing a caller may want.
type Intent struct {
	Name string `yaml:"name"`
	// Clarify is the short label used in "Do you want X or Y?".
	Clarify string `yaml:"clarify"`
	// Examples are caller phrases for the classifier and the recognizer's language model.
	Examples []string `yaml:"examples"`
	// Answer is what the bot says (one variant is picked), with {{slot}}, {{field}} and policy placeholders.
	Answer Variants `yaml:"answer"`
	Slots  []Slot   `yaml:"slots"`
	Action *Action  `yaml:"action"`
	Flags  []Flag   `yaml:"flags"`
	// Expect is what the caller's next turn should contain after the answer ("digits", "yesno").
	Expect string `yaml:"expect"`
	// Policy names the check a commitment must pass ("refund").
	Policy string `yaml:"policy"`
	// Denied is said when the policy check refuses the commitment.
	Denied Variants `yaml:"denied"`

	line int
}

// Has reports whether the intent carries a flag.
func (in *Intent) Has(f Flag) bool {
	for _, x := range in.Flags {
		if x == f {
			return true
		}
	}
	return false
}

// Sensitive intents always go to a human.
func (in *Intent) Sensitive() bool { return in.Has(FlagSensitive) }

// Commitment intents need a policy check before the answer.
func (in *Intent) Commitment() bool { return in.Has(FlagCommitment) }

// Line is where the intent starts in its file.
func (in *Intent) Line() int { return in.line }

// ClarifyLabel is the clarify phrase, or the name in words when none is set.
func (in *Intent) ClarifyLabel() string {
	if in.Clarify != "" {
		return in.Clarify
	}
	return strings.ReplaceAll(in.Name, "_", " ")
}

// Slot returns the named slot.
func (in *Intent) Slot(name string) (Slot, bool) {
	for _, s := range in.Slots {
		if s.Name == name {
			return s, true
		}
	}
	return Slot{}, false
}

// HandoffPolicy holds the thresholds at which the engine gives up and calls a human.
type HandoffPolicy struct {
	// MinConfidence: below it the classifier's guess is not used (clarify or fallback instead).
	MinConfidence float64 `yaml:"min_confidence"`
	// ClarifyMargin: when the top two intents are closer than this, ask which one.
	ClarifyMargin float64 `yaml:"clarify_margin"`
	// MaxClarify, MaxNoInput, MaxSlotRetries, MaxFallbacks: how many failures in a row before a handoff.
	MaxClarify     int `yaml:"max_clarify"`
	MaxNoInput     int `yaml:"max_no_input"`
	MaxSlotRetries int `yaml:"max_slot_retries"`
	MaxFallbacks   int `yaml:"max_fallbacks"`
	// Sentiment: at or below this mood (-1 … 1) the caller goes to an agent.
	Sentiment float64 `yaml:"sentiment"`
}

// Policies are the business rules the bot may not break; the guard is built from them.
type Policies struct {
	Currency string `yaml:"currency"`
	// RefundMaxAmount is the largest refund the bot may approve itself.
	RefundMaxAmount float64 `yaml:"refund_max_amount"`
	// RefundWindowDays: orders older than this are not refunded by the bot.
	RefundWindowDays int `yaml:"refund_window_days"`
	// ReturnWindowDays: how long a return is accepted.
	ReturnWindowDays  int  `yaml:"return_window_days"`
	DiscountsAllowed  bool `yaml:"discounts_allowed"`
	DeliveryGuarantee bool `yaml:"delivery_guarantee"`
	PriceMatch        bool `yaml:"price_match"`
	// FreeShippingOver is the order value from which shipping is free; 0 means never free.
	FreeShippingOver float64 `yaml:"free_shipping_over"`
	// WarrantyMonths is the standard warranty.
	WarrantyMonths int `yaml:"warranty_months"`
	// NeverPromise lists phrases the bot must never say in this language (the guard blocks them).
	NeverPromise []string      `yaml:"never_promise"`
	Handoff      HandoffPolicy `yaml:"handoff"`
}

// CheckRefund applies the refund limits. It returns nil when the bot may approve the refund itself, or an
// error wrapping ErrPolicy that says which limit was hit.
func (p Policies) CheckRefund(amount float64, daysSinceOrder int) error {
	if amount > p.RefundMaxAmount {
		return fmt.Errorf("%w: refund %.2f over the limit %.2f", ErrPolicy, amount, p.RefundMaxAmount)
	}
	if daysSinceOrder > p.RefundWindowDays {
		return fmt.Errorf("%w: order is %d days old, refund window is %d days", ErrPolicy, daysSinceOrder, p.RefundWindowDays)
	}
	if amount <= 0 {
		return fmt.Errorf("%w: refund amount must be positive", ErrPolicy)
	}
	return nil
}

// Prompts are the engine's own lines, per language.
type Prompts struct {
	Greeting Variants `yaml:"greeting"`
	Goodbye  Variants `yaml:"goodbye"`
	// Fallback: nothing matched and the LLM is off or had nothing.
	Fallback Variants `yaml:"fallback"`
	// NoInput: the caller said nothing.
	NoInput Variants `yaml:"no_input"`
	// Clarify asks between two intents; it must use {{first}} and {{second}}.
	Clarify Variants `yaml:"clarify"`
	// Handoff is said before the transfer to an agent.
	Handoff Variants `yaml:"handoff"`
	// GuardSafeReply replaces a reply the guard blocked.
	GuardSafeReply Variants `yaml:"guard_safe_reply"`
	// Confirm reads a slot value back; it must use {{value}}.
	Confirm Variants `yaml:"confirm"`
	// SlotRetry is said when a slot value could not be understood, before the slot prompt again.
	SlotRetry Variants `yaml:"slot_retry"`
	// ActionFailed is said when a backend call failed and the intent has no failed answer of its own.
	ActionFailed Variants `yaml:"action_failed"`
}

// KB is one language's knowledge base. It is immutable once loaded; share it freely.
type KB struct {
	Language string
	// Company is the business name, available to every template as {{company}}.
	Company  string
	Policies Policies
	Prompts  Prompts

	file    string
	intents []*Intent
	byName  map[string]*Intent
	vars    map[string]string
}

// File is the path the KB was loaded from.
func (k *KB) File() string { return k.file }

// Intents returns the intents in file order.
func (k *KB) Intents() []*Intent { return append([]*Intent(nil), k.intents...) }

// Intent returns the named intent.
func (k *KB) Intent(name string) (*Intent, bool) {
	in, ok := k.byName[name]
	return in, ok
}

// Phrases are all example phrases, for the recognizer's domain language model.
func (k *KB) Phrases() []string {
	var out []string
	for _, in := range k.intents {
		out = append(out, in.Examples...)
	}
	return out
}

// Vars are the placeholders every template may use: company and policy values.
func (k *KB) Vars() map[string]string {
	out := make(map[string]string, len(k.vars))
	for n, v := range k.vars {
		out[n] = v
	}
	return out
}

// globalVars lists the names Vars provides (validation uses it before values exist).
func globalVars(company string, p Policies) map[string]string {
	return map[string]string{
		"company":            company,
		"currency":           p.Currency,
		"refund_max_amount":  spokenAmount(p.RefundMaxAmount),
		"refund_window_days": strconv.Itoa(p.RefundWindowDays),
		"return_window_days": strconv.Itoa(p.ReturnWindowDays),
		"free_shipping_over": spokenAmount(p.FreeShippingOver),
		"warranty_months":    strconv.Itoa(p.WarrantyMonths),
	}
}

// spokenAmount drops ".00" so "200" is read as two hundred.
func spokenAmount(f float64) string {
	if f == float64(int64(f)) {
		return strconv.FormatInt(int64(f), 10)
	}
	return strconv.FormatFloat(f, 'f', 2, 64)
}

// Set is every language's KB. It is immutable; the Watcher swaps whole Sets.
type Set struct {
	byLang map[string]*KB
}

// NewSet builds a Set; two KBs for one language are an error.
func NewSet(kbs ...*KB) (*Set, error) {
	s := &Set{byLang: make(map[string]*KB, len(kbs))}
	for _, k := range kbs {
		if prev, ok := s.byLang[k.Language]; ok {
			return nil, &FileError{File: k.file, Err: fmt.Errorf("%w: %q is also defined in %s", ErrDuplicateLang, k.Language, prev.file)}
		}
		s.byLang[k.Language] = k
	}
	return s, nil
}

// Get returns the KB for a language; "zh-CN" falls back to "zh".
func (s *Set) Get(lang string) (*KB, bool) {
	if s == nil {
		return nil, false
	}
	if k, ok := s.byLang[lang]; ok {
		return k, true
	}
	if i := strings.IndexAny(lang, "-_"); i > 0 {
		k, ok := s.byLang[strings.ToLower(lang[:i])]
		return k, ok
	}
	k, ok := s.byLang[strings.ToLower(lang)]
	return k, ok
}

// Languages lists the languages, sorted.
func (s *Set) Languages() []string {
	out := make([]string, 0, len(s.byLang))
	for l := range s.byLang {
		out = append(out, l)
	}
	sort.Strings(out)
	return out
}

// Phrases returns a language's example phrases (nil for an unknown language).
func (s *Set) Phrases(lang string) []string {
	if k, ok := s.Get(lang); ok {
		return k.Phrases()
	}
	return nil
}
