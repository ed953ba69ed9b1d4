package engine

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/voicegate/voicegate/dialog"
	"github.com/voicegate/voicegate/dialog/guard"
	"github.com/voicegate/voicegate/dialog/intent"
	"github.com/voicegate/voicegate/dialog/kb"
	"github.com/voicegate/voicegate/dialog/llm"
	"github.com/voicegate/voicegate/dialog/sentiment"
	"github.com/voicegate/voicegate/dialog/slots"
)

// pendingSlot is a slot the bot asked for.
type pendingSlot struct {
	intent  string
	slot    string
	retries int
	// confirming holds a value read back to the caller, waiting for yes or no.
	confirming string
}

// conversation is one call's dialog state.
type conversation struct {
	e     *Engine
	id    string
	lang  string
	track *sentiment.Tracker

	lines    []dialog.Line
	intents  []dialog.ScoredIntent
	slots    map[string]string
	promised []string

	pendSlot    *pendingSlot
	pendClarify []string // the two intents offered
	clarifyFail int
	lowConf     int
	fallbacks   int
	noInput     int
	lastIntent  string
	loop        int
	prevRoute   dialog.Route
	turn        int

	tokens int
	cost   float64
}

// Usage reports the LLM tokens and cost this call used.
func (c *conversation) Usage() (tokens int, cost float64) { return c.tokens, c.cost }

func (c *conversation) say(text string) {
	c.lines = append(c.lines, dialog.Line{Speaker: "bot", Text: text, At: c.e.now()})
}

func (c *conversation) render(lm *langModel, v kb.Variants, extra map[string]string) string {
	t := v.Pick(c.turn)
	if t.IsZero() {
		return ""
	}
	vars := lm.kb.Vars()
	for k, val := range c.slots {
		vars[k] = val
	}
	for k, val := range extra {
		vars[k] = val
	}
	s, err := t.Render(vars)
	if err != nil {
		c.e.log.Warn("template could not be filled", "call_id", c.id, "err", err)
		return ""
	}
	return s
}

// Greeting implements dialog.Conversation.
func (c *conversation) Greeting(context.Context) dialog.Reply {
	lm, err := c.e.model(c.lang)
	text := "Hello, how can I help you today?"
	if err == nil {
		if g := c.render(lm, lm.kb.Prompts.Greeting, nil); g != "" {
			text = g
		}
	}
	c.say(text)
	return dialog.Reply{Text: text, Route: dialog.RouteIntent, Intent: "greeting", Confidence: 1}
}

// Respond implements dialog.Conversation.
func (c *conversation) Respond(ctx context.Context, in dialog.Input, emit func(string)) (dialog.Reply, error) {
	lm, err := c.e.model(c.lang)
	if err != nil {
		return dialog.Reply{}, err
	}
	c.turn++
	text := strings.TrimSpace(in.Text)
	if !in.NoInput {
		c.lines = append(c.lines, dialog.Line{Speaker: "caller", Text: text, At: c.e.now()})
	}
	t := &turn{c: c, lm: lm, in: in, text: text, emit: emit}
	rep := t.run(ctx)
	if rep.Text != "" && !t.emitted && emit != nil {
		emit(rep.Text)
	}
	if rep.Text != "" {
		c.say(rep.Text)
	}
	rep.Sentiment = c.track.Last()
	if len(c.slots) > 0 {
		rep.Slots = make(map[string]string, len(c.slots))
		for k, v := range c.slots {
			rep.Slots[k] = v
		}
	}
	if rep.Intent != "" {
		c.intents = append(c.intents, dialog.ScoredIntent{Name: rep.Intent, Confidence: rep.Confidence})
	}
	if rep.Handoff != nil {
		rep.Handoff.Packet = c.packet(ctx, rep.Handoff.Reason)
	}
	c.prevRoute = rep.Route
	return rep, nil
}

// turn is one Respond call.
type turn struct {
	c       *conversation
	lm      *langModel
	in      dialog.Input
	text    string
	emit    func(string)
	emitted bool
	mood    sentiment.Reading
}

func (t *turn) prompt(v kb.Variants, extra map[string]string) string {
	return t.c.render(t.lm, v, extra)
}

func (t *turn) handoff(reason, text string, route dialog.Route) dialog.Reply {
	if text == "" {
		text = t.prompt(t.lm.kb.Prompts.Handoff, nil)
	}
	if text == "" {
		text = "Let me connect you with a colleague."
	}
	t.c.pendSlot, t.c.pendClarify = nil, nil
	return dialog.Reply{Text: text, Route: route, Handoff: &dialog.Handoff{Reason: reason}}
}

func (t *turn) run(ctx context.Context) dialog.Reply {
	c := t.c
	if t.in.NoInput {
		c.noInput++
		max := t.lm.kb.Policies.Handoff.MaxNoInput
		if max <= 0 {
			max = 2
		}
		if c.noInput > max {
			return dialog.Reply{Text: t.prompt(t.lm.kb.Prompts.Goodbye, nil), Route: dialog.RouteFallback, End: true}
		}
		rep := dialog.Reply{Text: t.prompt(t.lm.kb.Prompts.NoInput, nil), Route: dialog.RouteFallback}
		if p := c.pendSlot; p != nil {
			if in, ok := t.lm.kb.Intent(p.intent); ok {
				if s, ok := in.Slot(p.slot); ok {
					rep.Text = strings.TrimSpace(rep.Text + " " + t.prompt(s.Prompt, nil))
					rep.Expect = dialog.Expect(s.Expect())
				}
			}
		}
		return rep
	}
	c.noInput = 0

	// Mood first: it can decide the turn on its own.
	sctx := sentiment.Context{
		PrevFailed:    c.prevRoute == dialog.RouteFallback || c.lastIntent == "complaint",
		PrevClarified: c.prevRoute == dialog.RouteClarify || c.pendSlot != nil && c.pendSlot.retries > 0,
		PrevHandoff:   c.prevRoute == dialog.RouteHandoff,
		LoudnessDB:    t.in.Loudness,
	}
	if t.text != "" {
		t.mood = c.track.Observe(t.text, sctx)
	}

	// DTMF outside digit collection chooses from the menu.
	if t.in.DTMF != "" && (c.pendSlot == nil || c.pendSlot.confirming != "") {
		if name, ok := c.e.cfg.DTMFMenu[t.in.DTMF]; ok {
			if in, ok := t.lm.kb.Intent(name); ok {
				c.pendClarify = nil
				return t.answerIntent(ctx, in, 1)
			}
		}
	}

	if rep, ok := t.pending(ctx); ok {
		return rep
	}
	return t.classifyAndAnswer(ctx)
}

// moodHandoff hands off on a low or sharply dropping mood.
func (t *turn) moodHandoff() (dialog.Reply, bool) {
	thr := t.lm.kb.Policies.Handoff.Sentiment
	if t.c.e.cfg.SentimentBelow != 0 {
		thr = t.c.e.cfg.SentimentBelow
	}
	if thr == 0 {
		thr = -0.6
	}
	if t.text != "" && (t.mood.Score <= thr || t.mood.Drop && t.mood.Score < 0) {
		return t.handoff(dialog.ReasonSentiment, "", dialog.RouteHandoff), true
	}
	return dialog.Reply{}, false
}

// pending continues a slot question or a clarification.
func (t *turn) pending(ctx context.Context) (dialog.Reply, bool) {
	c := t.c
	if len(c.pendClarify) == 2 {
		opts := c.pendClarify
		choice := t.pickOption(opts)
		c.pendClarify = nil
		if choice != "" {
			c.clarifyFail = 0
			in, _ := t.lm.kb.Intent(choice)
			return t.answerIntent(ctx, in, 1), true
		}
		c.clarifyFail++
		max := t.lm.kb.Policies.Handoff.MaxClarify
		if max <= 0 {
			max = 1
		}
		if c.clarifyFail >= max {
			return t.handoff(dialog.ReasonClarifyFailed, "", dialog.RouteHandoff), true
		}
		// Not an answer to the question: treat the turn as a new request.
		return dialog.Reply{}, false
	}
	p := c.pendSlot
	if p == nil {
		return dialog.Reply{}, false
	}
	in, ok := t.lm.kb.Intent(p.intent)
	if !ok {
		c.pendSlot = nil
		return dialog.Reply{}, false
	}
	s, _ := in.Slot(p.slot)
	if p.confirming != "" {
		yn, ok := slots.Extract(slots.KindYesNo, t.text, t.c.lang, t.c.e.now())
		if t.in.DTMF == "1" {
			yn, ok = slots.Value{Normalized: "yes"}, true
		} else if t.in.DTMF == "2" {
			yn, ok = slots.Value{Normalized: "no"}, true
		}
		switch {
		case ok && yn.Normalized == "yes":
			c.slots[p.slot] = p.confirming
			c.pendSlot = nil
			return t.continueIntent(ctx, in, 1), true
		case ok && yn.Normalized == "no":
			p.confirming = ""
			return t.askSlot(in, s, true), true
		}
		// A correction instead of yes/no ("no, it's 40728") is handled as a new value below.
		if v, ok := slots.Extract(s.Type, t.text, t.c.lang, t.c.e.now()); ok {
			p.confirming = ""
			return t.takeSlot(ctx, in, s, v), true
		}
		return t.slotFailed(in, s), true
	}
	var v slots.Value
	var got bool
	if t.in.DTMF != "" {
		v, got = slots.Value{Raw: t.in.DTMF, Normalized: strings.TrimRight(t.in.DTMF, "#"), Confident: true}, true
	} else {
		v, got = slots.Extract(s.Type, t.text, t.c.lang, t.c.e.now())
	}
	if got {
		return t.takeSlot(ctx, in, s, v), true
	}
	// Maybe the caller changed the subject: a confident other intent wins over a retry.
	pred := t.lm.cls.Classify(t.text)
	if d := t.lm.cls.Decide(pred); d.Kind == intent.Answer && d.Intent != in.Name {
		c.pendSlot = nil
		return dialog.Reply{}, false
	}
	return t.slotFailed(in, s), true
}

func (t *turn) takeSlot(ctx context.Context, in *kb.Intent, s kb.Slot, v slots.Value) dialog.Reply {
	c := t.c
	if !v.Confident || s.Confirm || t.in.ASRConfidence > 0 && t.in.ASRConfidence < 0.5 {
		c.pendSlot = &pendingSlot{intent: in.Name, slot: s.Name, confirming: v.Normalized}
		text := t.prompt(t.lm.kb.Prompts.Confirm, map[string]string{"value": spell(v.Normalized, s.Type)})
		return dialog.Reply{Text: text, Route: dialog.RouteIntent, Intent: in.Name, Confidence: 1, Expect: dialog.ExpectYesNo}
	}
	c.slots[s.Name] = v.Normalized
	c.pendSlot = nil
	return t.continueIntent(ctx, in, 1)
}

// spell reads digit strings one digit at a time ("4 0 7 2 9") so the caller can check them.
func spell(v string, k slots.Kind) string {
	if k != slots.KindOrderNumber && k != slots.KindPhone {
		return v
	}
	return strings.Join(strings.Split(v, ""), " ")
}

func (t *turn) slotFailed(in *kb.Intent, s kb.Slot) dialog.Reply {
	c := t.c
	p := c.pendSlot
	p.retries++
	max := t.lm.kb.Policies.Handoff.MaxSlotRetries
	if max <= 0 {
		max = 1
	}
	if p.retries > max {
		return t.handoff(dialog.ReasonSlotFailed, "", dialog.RouteHandoff)
	}
	return t.askSlot(in, s, true)
}

func (t *turn) askSlot(in *kb.Intent, s kb.Slot, retry bool) dialog.Reply {
	c := t.c
	if c.pendSlot == nil || c.pendSlot.slot != s.Name {
		c.pendSlot = &pendingSlot{intent: in.Name, slot: s.Name}
	}
	text := t.prompt(s.Prompt, nil)
	if retry {
		text = strings.TrimSpace(t.prompt(t.lm.kb.Prompts.SlotRetry, nil) + " " + text)
	}
	return dialog.Reply{Text: text, Route: dialog.RouteIntent, Intent: in.Name, Confidence: 1, Expect: dialog.Expect(s.Expect())}
}

// pickOption reads which of two offered intents the caller chose.
func (t *turn) pickOption(opts []string) string {
	low := strings.ToLower(t.text)
	ordinal := []struct {
		words []string
		idx   int
	}{
		{[]string{"first", "former", "第一", "前一", "前者"}, 0},
		{[]string{"second", "latter", "last one", "第二", "后一", "后者"}, 1},
	}
	for _, o := range ordinal {
		for _, w := range o.words {
			if strings.Contains(low, w) {
				return opts[o.idx]
			}
		}
	}
	// Words of one option's label and not the other's.
	best, bestScore := "", 0.0
	for _, name := range opts {
		in, ok := t.lm.kb.Intent(name)
		if !ok {
			continue
		}
		if lbl := strings.ToLower(in.ClarifyLabel()); lbl != "" && strings.Contains(low, lbl) {
			return name
		}
	}
	pred := t.lm.cls.Classify(t.text)
	var p [2]float64
	for _, r := range pred.Ranked {
		for i, name := range opts {
			if r.Name == name {
				p[i] = r.Confidence
			}
		}
	}
	for i, name := range opts {
		if p[i] > p[1-i]*2 && p[i] > 0.2 && p[i] > bestScore {
			best, bestScore = name, p[i]
		}
	}
	return best
}

func (t *turn) classifyAndAnswer(ctx context.Context) dialog.Reply {
	c := t.c
	if t.text == "" {
		c.fallbacks++
		return t.fallback(ctx, intent.Prediction{})
	}
	pred := t.lm.cls.Classify(t.text)
	dec := t.lm.cls.Decide(pred)
	// An explicit request for a person and sensitive topics win over everything, mood included.
	if dec.Kind == intent.Answer || dec.Kind == intent.Clarify {
		if in, ok := t.lm.kb.Intent(dec.Intent); ok && (in.Sensitive() || in.Name == "agent_request") {
			return t.answerIntent(ctx, in, dec.Confidence)
		}
	}
	if rep, ok := t.moodHandoff(); ok {
		rep.Intent, rep.Confidence = dec.Intent, dec.Confidence
		return rep
	}
	switch dec.Kind {
	case intent.Answer:
		c.lowConf, c.fallbacks = 0, 0
		in, _ := t.lm.kb.Intent(dec.Intent)
		return t.answerIntent(ctx, in, dec.Confidence)
	case intent.Clarify:
		a, okA := t.lm.kb.Intent(dec.Options[0])
		b, okB := t.lm.kb.Intent(dec.Options[1])
		if okA && okB {
			c.pendClarify = dec.Options
			text := t.prompt(t.lm.kb.Prompts.Clarify, map[string]string{"first": a.ClarifyLabel(), "second": b.ClarifyLabel()})
			return dialog.Reply{Text: text, Route: dialog.RouteClarify, Intent: dec.Intent, Confidence: dec.Confidence}
		}
	}
	c.lowConf++
	if c.lowConf >= c.e.cfg.LowConfidenceTurns {
		rep := t.handoff(dialog.ReasonLowConfidence, "", dialog.RouteHandoff)
		rep.Intent, rep.Confidence = dec.Intent, dec.Confidence
		return rep
	}
	return t.fallback(ctx, pred)
}

// fallback uses the LLM when enabled, else the KB's no-match line.
func (t *turn) fallback(ctx context.Context, pred intent.Prediction) dialog.Reply {
	if t.c.e.llm != nil && t.text != "" {
		return t.askLLM(ctx, pred)
	}
	t.c.fallbacks++
	max := t.lm.kb.Policies.Handoff.MaxFallbacks
	if max > 0 && t.c.fallbacks > max {
		return t.handoff(dialog.ReasonLowConfidence, "", dialog.RouteHandoff)
	}
	return dialog.Reply{Text: t.prompt(t.lm.kb.Prompts.Fallback, nil), Route: dialog.RouteFallback, Intent: pred.Top, Confidence: pred.Confidence}
}

// answerIntent answers a recognised intent: flags, slots, action, policy, template, guard.
func (t *turn) answerIntent(ctx context.Context, in *kb.Intent, conf float64) dialog.Reply {
	c := t.c
	if in.Sensitive() {
		rep := t.handoff(dialog.ReasonSensitive, t.prompt(in.Answer, nil), dialog.RouteHandoff)
		rep.Intent, rep.Confidence = in.Name, conf
		return rep
	}
	if in.Name == c.lastIntent && !in.Has(kb.FlagEnd) {
		c.loop++
	} else {
		c.loop = 1
	}
	c.lastIntent = in.Name
	if c.loop >= c.e.cfg.LoopTurns {
		rep := t.handoff(dialog.ReasonLoop, "", dialog.RouteHandoff)
		rep.Intent, rep.Confidence = in.Name, conf
		return rep
	}
	// Take values the caller volunteered in the same sentence ("where is order 40729").
	for _, s := range in.Slots {
		if _, have := c.slots[s.Name]; have {
			continue
		}
		if v, ok := slots.Extract(s.Type, t.text, c.lang, c.e.now()); ok && v.Confident && s.Type != slots.KindText {
			c.slots[s.Name] = v.Normalized
		}
	}
	return t.continueIntent(ctx, in, conf)
}

// continueIntent asks for the next missing slot or finishes the intent.
func (t *turn) continueIntent(ctx context.Context, in *kb.Intent, conf float64) dialog.Reply {
	c := t.c
	for _, s := range in.Slots {
		if _, have := c.slots[s.Name]; !have && s.Required {
			rep := t.askSlot(in, s, false)
			rep.Confidence = conf
			return rep
		}
	}
	extra := map[string]string{}
	answer := in.Answer
	caller := len(in.Slots) > 0 // caller-provided values make the reply not verbatim KB text
	if a := in.Action; a != nil {
		caller = true
		if c.e.actions == nil {
			answer = pick(a.Failed, t.lm.kb.Prompts.ActionFailed)
		} else {
			vars := t.lm.kb.Vars()
			for k, v := range c.slots {
				vars[k] = v
			}
			res, err := c.e.actions.Run(ctx, a, vars)
			switch {
			case err != nil:
				c.e.log.Warn("action failed", "call_id", c.id, "intent", in.Name, "err", err)
				rep := t.handoff("action_failed", t.prompt(pick(a.Failed, t.lm.kb.Prompts.ActionFailed), nil), dialog.RouteHandoff)
				rep.Intent, rep.Confidence = in.Name, conf
				return rep
			case res.NotFound:
				answer = a.NotFound
				// Let the caller try another number.
				for _, s := range in.Slots {
					delete(c.slots, s.Name)
				}
				if len(in.Slots) > 0 {
					c.pendSlot = &pendingSlot{intent: in.Name, slot: in.Slots[0].Name}
				}
			default:
				for k, v := range res.Fields {
					extra[k] = v
				}
				if a.Switch != "" {
					if v, ok := a.Cases[res.Fields[a.Switch]]; ok && len(v) > 0 {
						answer = v
					}
				}
			}
		}
	}
	if in.Commitment() && in.Policy == kb.PolicyRefund {
		amount, _ := strconv.ParseFloat(c.slots[kb.RefundAmountSlot], 64)
		days, _ := strconv.Atoi(extra[kb.RefundAgeField])
		if err := t.lm.kb.Policies.CheckRefund(amount, days); err != nil {
			c.e.log.Info("commitment refused by policy", "call_id", c.id, "intent", in.Name, "err", err)
			rep := t.handoff(dialog.ReasonGuard, t.prompt(in.Denied, extra), dialog.RouteHandoff)
			rep.Intent, rep.Confidence = in.Name, conf
			return rep
		}
	}
	text := t.prompt(answer, extra)
	if text == "" {
		text = t.prompt(t.lm.kb.Prompts.Fallback, nil)
	}
	if caller {
		if v := t.lm.guard.Check(text, c.lang, t.guardContext(extra)); !v.Allowed {
			c.e.log.Warn("guard blocked a templated reply", "call_id", c.id, "category", v.Category, "reason", v.Reason)
			rep := t.handoff(dialog.ReasonGuard, t.prompt(t.lm.kb.Prompts.GuardSafeReply, nil), dialog.RouteHandoff)
			rep.Intent, rep.Confidence = in.Name, conf
			return rep
		} else if v.Category != "" {
			c.promised = append(c.promised, text)
		}
	}
	rep := dialog.Reply{Text: text, Route: dialog.RouteIntent, Intent: in.Name, Confidence: conf, Expect: dialog.Expect(in.Expect)}
	if c.pendSlot != nil && c.pendSlot.intent == in.Name {
		if s, ok := in.Slot(c.pendSlot.slot); ok {
			rep.Expect = dialog.Expect(s.Expect())
		}
	}
	if in.Has(kb.FlagHandoff) {
		reason := "intent:" + in.Name
		if in.Name == "agent_request" {
			reason = dialog.ReasonRequested
		}
		rep.Route = dialog.RouteHandoff
		rep.Handoff = &dialog.Handoff{Reason: reason}
	}
	if in.Has(kb.FlagEnd) {
		rep.End = true
	}
	return rep
}

func pick(a, b kb.Variants) kb.Variants {
	if len(a) > 0 {
		return a
	}
	return b
}

func (t *turn) guardContext(fields map[string]string) (gc guardCtx) {
	if v, err := strconv.ParseFloat(fields["total"], 64); err == nil {
		gc.OrderTotal = v
	}
	if v, err := strconv.Atoi(fields[kb.RefundAgeField]); err == nil {
		gc.PurchaseAgeDays = v
	}
	return gc
}

// askLLM streams a grounded answer; every sentence passes the guard before it is spoken.
func (t *turn) askLLM(ctx context.Context, pred intent.Prediction) dialog.Reply {
	c := t.c
	if inj := t.lm.guard.CheckCaller(t.text, c.lang); inj.Injection {
		c.e.log.Warn("prompt injection attempt kept from the LLM", "call_id", c.id, "matched", inj.Matched)
		return t.handoff(dialog.ReasonGuard, t.prompt(t.lm.kb.Prompts.GuardSafeReply, nil), dialog.RouteHandoff)
	}
	req := t.llmRequest(pred)
	var blocked bool
	var spoken []string
	resp, err := c.e.llm.Stream(ctx, req, func(s string) {
		if blocked {
			return
		}
		if v := t.lm.guard.Check(s, c.lang, guardCtx{}); !v.Allowed {
			blocked = true
			c.e.log.Warn("guard blocked an LLM sentence", "call_id", c.id, "category", v.Category, "reason", v.Reason)
			return
		}
		spoken = append(spoken, s)
		if t.emit != nil {
			t.emit(s)
			t.emitted = true
		}
	})
	c.tokens += resp.PromptTokens + resp.CompletionTokens
	c.cost += resp.Cost
	switch {
	case blocked:
		safe := t.prompt(t.lm.kb.Prompts.GuardSafeReply, nil)
		if t.emitted && t.emit != nil {
			t.emit(safe)
		}
		rep := t.handoff(dialog.ReasonGuard, strings.TrimSpace(strings.Join(append(spoken, safe), " ")), dialog.RouteHandoff)
		return rep
	case err != nil:
		c.e.log.Warn("llm fallback failed", "call_id", c.id, "err", err)
		if t.emitted {
			// Part of an answer was spoken: finish with a handoff line rather than silence.
			h := t.prompt(t.lm.kb.Prompts.Handoff, nil)
			t.emit(h)
			return t.handoff(dialog.ReasonLLMDown, strings.Join(append(spoken, h), " "), dialog.RouteHandoff)
		}
		return t.handoff(dialog.ReasonLLMDown, "", dialog.RouteHandoff)
	}
	for _, tc := range resp.ToolCalls {
		// A tool is an intent with an action: it goes through slots, policy and guard like any other.
		in, ok := t.lm.kb.Intent(tc.Name)
		if !ok || in.Action == nil {
			continue
		}
		var args map[string]any
		if json.Unmarshal([]byte(tc.Arguments), &args) == nil {
			for _, s := range in.Slots {
				if v, ok := args[s.Name]; ok {
					if val, ok := slots.Extract(s.Type, fmt.Sprint(v), c.lang, c.e.now()); ok {
						c.slots[s.Name] = val.Normalized
					}
				}
			}
		}
		rep := t.continueIntent(ctx, in, pred.Confidence)
		if rep.Route == dialog.RouteIntent {
			rep.Route = dialog.RouteLLM
		}
		return rep
	}
	text := strings.TrimSpace(strings.Join(spoken, " "))
	if text == "" {
		return t.handoff(dialog.ReasonLLMDown, "", dialog.RouteHandoff)
	}
	c.lowConf = 0
	return dialog.Reply{Text: text, Route: dialog.RouteLLM, Intent: pred.Top, Confidence: pred.Confidence}
}

func (t *turn) llmRequest(pred intent.Prediction) llm.Request {
	c := t.c
	k := t.lm.kb
	var sb strings.Builder
	langName := map[string]string{"en": "English", "zh": "Mandarin Chinese (简体中文)"}[c.lang]
	if langName == "" {
		langName = c.lang
	}
	fmt.Fprintf(&sb, "You are the phone assistant of %s customer service. Answer in %s, in one to three short spoken sentences, no lists or markdown.\n", k.Company, langName)
	sb.WriteString("Use only the facts below. Never promise refunds, discounts, price changes, compensation, free shipping or delivery dates; never give legal or medical advice; never claim to be human. If the facts do not answer the question, say you will connect the caller with a colleague.\n")
	fmt.Fprintf(&sb, "Policies: returns within %d days; refunds up to %v %s within %d days need a check by the order tools; warranty %d months.\n",
		k.Policies.ReturnWindowDays, k.Policies.RefundMaxAmount, k.Policies.Currency, k.Policies.RefundWindowDays, k.Policies.WarrantyMonths)
	sb.WriteString("Facts:\n")
	n := 0
	for _, r := range pred.Ranked {
		if n >= c.e.cfg.GroundingIntents {
			break
		}
		in, ok := k.Intent(r.Name)
		if !ok || in.Sensitive() {
			continue
		}
		vars := k.Vars()
		ans, err := in.Answer.Pick(0).Render(vars)
		if err != nil {
			// Templates that need caller data are described by their first example instead.
			ans = "(needs the caller's details; use a tool)"
		}
		fmt.Fprintf(&sb, "- %s: %s\n", in.ClarifyLabel(), ans)
		n++
	}
	req := llm.Request{Messages: []llm.Message{{Role: "system", Content: sb.String()}}}
	lines := c.lines
	if len(lines) > c.e.cfg.HistoryLines {
		lines = lines[len(lines)-c.e.cfg.HistoryLines:]
	}
	for _, l := range lines {
		role := "user"
		if l.Speaker == "bot" {
			role = "assistant"
		}
		req.Messages = append(req.Messages, llm.Message{Role: role, Content: l.Text})
	}
	for _, in := range k.Intents() {
		if in.Action == nil || in.Sensitive() {
			continue
		}
		props := map[string]any{}
		var req2 []string
		for _, s := range in.Slots {
			props[s.Name] = map[string]any{"type": "string", "description": string(s.Type)}
			if s.Required {
				req2 = append(req2, s.Name)
			}
		}
		req.Tools = append(req.Tools, llm.Tool{Name: in.Name, Description: "Caller wants: " + in.ClarifyLabel(),
			Parameters: map[string]any{"type": "object", "properties": props, "required": req2}})
	}
	return req
}

// Packet implements dialog.Conversation.
func (c *conversation) Packet(reason string) dialog.ContextPacket {
	return c.packet(context.Background(), reason)
}

func (c *conversation) packet(_ context.Context, reason string) dialog.ContextPacket {
	p := dialog.ContextPacket{
		CallID: c.id, Lang: c.lang, Reason: reason,
		Transcript: append([]dialog.Line(nil), c.lines...),
		Intents:    append([]dialog.ScoredIntent(nil), c.intents...),
		Slots:      map[string]string{},
		Sentiment:  c.track.Trajectory(),
		Promised:   append([]string(nil), c.promised...),
	}
	for k, v := range c.slots {
		p.Slots[k] = v
	}
	p.Summary = c.summary(reason)
	return p
}

// summary is extractive: what the caller wanted, what they gave, how they feel, and why a human is needed.
func (c *conversation) summary(reason string) string {
	var parts []string
	var first, last string
	for _, l := range c.lines {
		if l.Speaker == "caller" && l.Text != "" {
			if first == "" {
				first = l.Text
			}
			last = l.Text
		}
	}
	if first != "" {
		parts = append(parts, fmt.Sprintf("Caller said: %q", first))
		if last != first {
			parts = append(parts, fmt.Sprintf("last: %q", last))
		}
	}
	if n := len(c.intents); n > 0 {
		seen := map[string]bool{}
		var names []string
		for _, in := range c.intents {
			if !seen[in.Name] {
				seen[in.Name] = true
				names = append(names, in.Name)
			}
		}
		parts = append(parts, "topics: "+strings.Join(names, ", "))
	}
	if len(c.slots) > 0 {
		var kv []string
		for k, v := range c.slots {
			kv = append(kv, k+"="+v)
		}
		parts = append(parts, "details: "+strings.Join(sortStrings(kv), ", "))
	}
	tr := c.track.Trajectory()
	if len(tr) > 0 {
		parts = append(parts, fmt.Sprintf("mood: %s (%.2f)", moodWord(tr[len(tr)-1]), tr[len(tr)-1]))
	}
	if reason != "" {
		parts = append(parts, "handoff: "+reason)
	}
	return strings.Join(parts, "; ")
}

func moodWord(s float64) string {
	switch {
	case s <= -0.3:
		return "negative"
	case s >= 0.3:
		return "positive"
	}
	return "neutral"
}

func sortStrings(s []string) []string {
	for i := 1; i < len(s); i++ {
		for j := i; j > 0 && s[j] < s[j-1]; j-- {
			s[j], s[j-1] = s[j-1], s[j]
		}
	}
	return s
}

type guardCtx = guard.CheckContext
