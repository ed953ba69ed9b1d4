// Package dialogtest has a scripted dialog engine for tests of what sits around the brain (gateway, legs).
package dialogtest

import (
	"context"
	"strings"
	"sync"
	"time"

	"github.com/voicegate/voicegate/dialog"
)

// Rule answers caller text containing Contains (case-insensitive).
type Rule struct {
	Contains string
	Intent   string
	Reply    string
	Expect   dialog.Expect
	Handoff  string // a handoff reason, or empty
	End      bool
	// Delay simulates a slow engine (an LLM).
	Delay time.Duration
}

// Engine is a fake dialog.Engine. Safe for concurrent use.
type Engine struct {
	Greeting string
	Rules    []Rule
	Fallback string

	mu     sync.Mutex
	inputs []dialog.Input
}

// NewConversation implements dialog.Engine.
func (e *Engine) NewConversation(callID, lang string) dialog.Conversation {
	return &conv{e: e, id: callID, lang: lang}
}

// Phrases implements dialog.Engine.
func (e *Engine) Phrases(string) []string {
	out := make([]string, 0, len(e.Rules))
	for _, r := range e.Rules {
		out = append(out, r.Contains)
	}
	return out
}

// Inputs returns every input the engine received, in order.
func (e *Engine) Inputs() []dialog.Input {
	e.mu.Lock()
	defer e.mu.Unlock()
	return append([]dialog.Input(nil), e.inputs...)
}

type conv struct {
	e     *Engine
	id    string
	lang  string
	lines []dialog.Line
}

func (c *conv) Greeting(context.Context) dialog.Reply {
	g := c.e.Greeting
	if g == "" {
		g = "Hello, how can I help?"
	}
	c.lines = append(c.lines, dialog.Line{Speaker: "bot", Text: g, At: time.Now()})
	return dialog.Reply{Text: g, Route: dialog.RouteIntent, Intent: "greeting", Confidence: 1}
}

func (c *conv) Respond(ctx context.Context, in dialog.Input, emit func(string)) (dialog.Reply, error) {
	c.e.mu.Lock()
	c.e.inputs = append(c.e.inputs, in)
	c.e.mu.Unlock()
	c.lines = append(c.lines, dialog.Line{Speaker: "caller", Text: in.Text, At: time.Now()})
	text := strings.ToLower(in.Text)
	for _, r := range c.e.Rules {
		if r.Contains == "" || !strings.Contains(text, strings.ToLower(r.Contains)) {
			continue
		}
		if r.Delay > 0 {
			select {
			case <-time.After(r.Delay):
			case <-ctx.Done():
				return dialog.Reply{}, ctx.Err()
			}
		}
		rep := dialog.Reply{Text: r.Reply, Route: dialog.RouteIntent, Intent: r.Intent, Confidence: 0.9, Expect: r.Expect, End: r.End}
		if r.Handoff != "" {
			rep.Route = dialog.RouteHandoff
			rep.Handoff = &dialog.Handoff{Reason: r.Handoff, Packet: c.Packet(r.Handoff)}
		}
		if emit != nil {
			emit(rep.Text)
		}
		c.lines = append(c.lines, dialog.Line{Speaker: "bot", Text: rep.Text, At: time.Now()})
		return rep, nil
	}
	fb := c.e.Fallback
	if fb == "" {
		fb = "Sorry, could you say that again?"
	}
	if in.NoInput {
		fb = "Are you still there?"
	}
	if emit != nil {
		emit(fb)
	}
	return dialog.Reply{Text: fb, Route: dialog.RouteFallback}, nil
}

func (c *conv) Packet(reason string) dialog.ContextPacket {
	return dialog.ContextPacket{CallID: c.id, Lang: c.lang, Transcript: append([]dialog.Line(nil), c.lines...), Reason: reason}
}

var _ dialog.Engine = (*Engine)(nil)
