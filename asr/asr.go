// Package asr is the speech-recognition seam: a Recognizer opens one streaming Session per call.
//
// Providers live in sub-packages (asr/sphinx offline, clouds by config); asr/asrtest has a scripted fake.
package asr

import "context"

// Mode narrows what the recognizer listens for in the current dialog state.
type Mode string

const (
	// ModeOpen is free speech, recognised against the domain language model.
	ModeOpen Mode = ""
	// ModeDigits expects a digit string (order or phone number); out-of-grammar speech is rejected.
	ModeDigits Mode = "digits"
	// ModeYesNo expects yes or no; out-of-grammar speech is rejected.
	ModeYesNo Mode = "yesno"
)

// Hints is what the dialog tells the recognizer before an utterance.
type Hints struct {
	Mode Mode
	// Lang is a BCP-47 tag such as "en" or "zh"; empty means the session's default.
	Lang string
	// Phrases are expected phrases for this turn (menu options, names); providers may bias towards them.
	Phrases []string
}

// Result is a recognition hypothesis.
type Result struct {
	Text string
	// Confidence is in [0,1]; providers that have none report 1 for a final result.
	Confidence float64
	Final      bool
	// Rejected is set when a grammar mode heard speech that is not in its grammar.
	Rejected bool
}

// Session is one call's recognizer, kept across turns. It is not safe for concurrent use.
//
// A turn is Begin, any number of Write calls (16 kHz mono PCM16), then End for the final result.
// Partial may be called between writes.
type Session interface {
	Begin(ctx context.Context, h Hints) error
	Write(pcm []int16) error
	Partial() Result
	End(ctx context.Context) (Result, error)
	Close() error
}

// Recognizer opens sessions.
type Recognizer interface {
	NewSession(ctx context.Context, lang string) (Session, error)
	// Name identifies the provider in logs and metrics.
	Name() string
}

// DomainUpdater is implemented by recognizers that follow the knowledge base (a domain language model).
type DomainUpdater interface {
	// SetDomainPhrases rebuilds the domain model from the knowledge base's example phrases.
	SetDomainPhrases(ctx context.Context, phrases []string) error
}
