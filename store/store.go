// Package store keeps call records: SQLite by default.
package store

import (
	"context"
	"time"
)

// Outcomes of a call.
const (
	OutcomeContained = "contained"
	OutcomeHandoff   = "handoff"
	OutcomeAbandoned = "abandoned"
)

// Latency holds per-turn stamps in milliseconds. Turn runs from the caller's end of speech (after the
// end-of-turn silence was detected, the silence itself not counted) to the first reply frame out.
type Latency struct {
	ASR           float64 `json:"asr"`
	Dialog        float64 `json:"dialog"`
	TTSFirstAudio float64 `json:"tts_first_audio"`
	Turn          float64 `json:"turn"`
}

// Turn is one caller turn and the bot's answer.
type Turn struct {
	CallerText string            `json:"caller_text"`
	Intent     string            `json:"intent"`
	Confidence float64           `json:"confidence"`
	Route      string            `json:"route"`
	ReplyText  string            `json:"reply_text"`
	Sentiment  float64           `json:"sentiment"`
	LatencyMS  Latency           `json:"latency_ms"`
	ASRConf    float64           `json:"asr_confidence"`
	DTMF       string            `json:"dtmf,omitempty"`
	Slots      map[string]string `json:"slots,omitempty"`
	// Heard is the share of the reply the caller heard before barging in (1 = all).
	Heard float64   `json:"heard"`
	At    time.Time `json:"at"`
}

// CallRecord is the JSON shape of GET /api/calls/{id} and `voicegate call --json`.
type CallRecord struct {
	ID            string         `json:"id"`
	Channel       string         `json:"channel"`
	Lang          string         `json:"lang"`
	StartedAt     time.Time      `json:"started_at"`
	EndedAt       *time.Time     `json:"ended_at"`
	Outcome       string         `json:"outcome"`
	HandoffReason string         `json:"handoff_reason"`
	Greeting      string         `json:"greeting"`
	Turns         []Turn         `json:"turns"`
	Context       map[string]any `json:"context,omitempty"`
}

// Store persists call records.
type Store interface {
	// SaveCall inserts or replaces a record.
	SaveCall(ctx context.Context, rec *CallRecord) error
	GetCall(ctx context.Context, id string) (*CallRecord, error)
	// ListCalls returns up to limit records, newest first.
	ListCalls(ctx context.Context, limit int) ([]CallRecord, error)
	Close() error
}
