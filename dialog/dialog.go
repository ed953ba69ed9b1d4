// Package dialog is voicegate's brain, text in and text out: intents first, an LLM only as fallback, a guard
// on what may be promised, sentiment in context and a handoff policy. It knows nothing of audio.
package dialog

import (
	"context"
	"time"
)

// Route says which path produced a reply; the values appear in call records.
type Route string

const (
	RouteIntent   Route = "intent"
	RouteClarify  Route = "clarify"
	RouteLLM      Route = "llm"
	RouteHandoff  Route = "handoff"
	RouteFallback Route = "fallback"
)

// Expect tells the recognizer what the next caller turn should contain.
type Expect string

const (
	ExpectOpen   Expect = ""
	ExpectDigits Expect = "digits"
	ExpectYesNo  Expect = "yesno"
)

// Input is one caller turn.
type Input struct {
	Text string
	// ASRConfidence is the recognizer's confidence in Text, 1 for typed text.
	ASRConfidence float64
	// DTMF holds keys pressed during the turn.
	DTMF string
	// NoInput is set when the caller said nothing before the timeout.
	NoInput bool
	// HeardFraction is how much of the previous reply the caller heard before barging in (1 = all).
	HeardFraction float64
	// Loudness is the turn's level relative to the caller's own baseline in dB (0 = as usual).
	Loudness float64
}

// Reply is what the bot says back and what it decided.
type Reply struct {
	Text       string
	Route      Route
	Intent     string
	Confidence float64
	// Sentiment is the caller's mood after this turn, -1 (angry) … +1 (happy).
	Sentiment float64
	Slots     map[string]string
	Expect    Expect
	// Handoff is set when the call should go to a live agent.
	Handoff *Handoff
	// End is set when the bot says goodbye and the call should end after the reply.
	End bool
}

// Handoff is the decision to pass the caller to a human, with everything the agent needs.
type Handoff struct {
	Reason string        `json:"reason"`
	Packet ContextPacket `json:"packet"`
}

// Handoff reasons.
const (
	ReasonRequested     = "requested"
	ReasonLowConfidence = "low_confidence"
	ReasonClarifyFailed = "clarify_failed"
	ReasonSentiment     = "sentiment"
	ReasonLoop          = "loop"
	ReasonGuard         = "guard"
	ReasonSensitive     = "sensitive"
	ReasonLLMDown       = "llm_down"
	ReasonNoInput       = "no_input"
	ReasonSlotFailed    = "slot_failed"
)

// ContextPacket is what the agent sees when the call arrives.
type ContextPacket struct {
	CallID     string            `json:"call_id"`
	Lang       string            `json:"lang"`
	Transcript []Line            `json:"transcript"`
	Summary    string            `json:"summary"`
	Intents    []ScoredIntent    `json:"intents"`
	Slots      map[string]string `json:"slots"`
	Sentiment  []float64         `json:"sentiment"`
	Promised   []string          `json:"promised"`
	Reason     string            `json:"reason"`
}

// Line is one transcript line.
type Line struct {
	Speaker string    `json:"speaker"` // "caller" or "bot"
	Text    string    `json:"text"`
	At      time.Time `json:"at"`
	// Heard is, on a bot line the caller barged into, the share of it they heard (0..1); absent when heard
	// in full. An agent then knows which answers or promises never reached the caller.
	Heard *float64 `json:"heard,omitempty"`
}

// ScoredIntent is an intent with its confidence.
type ScoredIntent struct {
	Name       string  `json:"name"`
	Confidence float64 `json:"confidence"`
}

// Conversation is one call's dialog state. It is not safe for concurrent use.
type Conversation interface {
	// Greeting is the first thing the bot says.
	Greeting(ctx context.Context) Reply
	// Respond answers a caller turn. emit receives the reply sentence by sentence as soon as each is ready
	// (the LLM path streams), so speech can start before the whole reply exists; the returned Reply holds
	// the full text. emit may be nil.
	Respond(ctx context.Context, in Input, emit func(sentence string)) (Reply, error)
	// Packet is the context packet for a handoff the gateway decides on its own (e.g. DTMF 0).
	Packet(reason string) ContextPacket
}

// Engine creates conversations.
type Engine interface {
	NewConversation(callID, lang string) Conversation
	// Phrases are the knowledge base's example phrases, for the recognizer's domain model.
	Phrases(lang string) []string
}
