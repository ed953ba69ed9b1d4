package gateway_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/voicegate/voicegate/asr"
	"github.com/voicegate/voicegate/asr/sphinx"
	"github.com/voicegate/voicegate/dialog"
	"github.com/voicegate/voicegate/dialog/dialogtest"
	"github.com/voicegate/voicegate/gateway"
	"github.com/voicegate/voicegate/store"
	"github.com/voicegate/voicegate/telephony"
	"github.com/voicegate/voicegate/telephony/sim"
	"github.com/voicegate/voicegate/tts/flite"
)

var (
	engOnce sync.Once
	recg    *sphinx.Recognizer
	engErr  error
)

// recognizer is shared by the tests: one pocketsphinx model, sessions per call.
func recognizer(t testing.TB) *sphinx.Recognizer {
	t.Helper()
	engOnce.Do(func() {
		recg, engErr = sphinx.New(sphinx.WithDomainPhrases([]string{
			"where is my order", "what is your return policy", "thank you goodbye", "I want to talk to a person",
			"tell me about the warranty please"}))
	})
	if engErr != nil {
		t.Fatal(engErr)
	}
	return recg
}

func newGateway(t testing.TB, eng dialog.Engine, cfg func(*gateway.Config), opts ...gateway.Option) *gateway.Gateway {
	t.Helper()
	syn, err := flite.New()
	if err != nil {
		t.Fatal(err)
	}
	c := gateway.DefaultConfig()
	if cfg != nil {
		cfg(&c)
	}
	gw, err := gateway.New(recognizer(t), syn, eng, append([]gateway.Option{gateway.WithConfig(c)}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	return gw
}

func runCall(t testing.TB, gw *gateway.Gateway, leg telephony.Leg) *store.CallRecord {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	rec, err := gw.HandleCall(ctx, leg)
	if err != nil {
		t.Fatal(err)
	}
	return rec
}

const longReply = "Our return policy lets you send back any item within thirty days of delivery. " +
	"The item should be unused and in its original packaging. Print the return label from your account, " +
	"attach it to the parcel, and drop it at any post office. We refund the purchase price once it arrives."

func TestBargeInStopsBotWithinAFrame(t *testing.T) {
	eng := &dialogtest.Engine{Rules: []dialogtest.Rule{
		{Contains: "return", Intent: "return_policy", Reply: longReply},
		{Contains: "warranty", Intent: "warranty", Reply: "Every product has a two year warranty."},
		{Contains: "bye", Intent: "goodbye", Reply: "Goodbye.", End: true},
	}}
	gw := newGateway(t, eng, nil)
	leg := sim.New([][]int16{speak(t, "what is your return policy"), speak(t, "tell me about the warranty please"), speak(t, "thank you goodbye")},
		sim.WithSpeed(3), sim.WithBargeIn(1, 2*time.Second))
	rec := runCall(t, gw, leg)
	if len(rec.Turns) < 2 {
		t.Fatalf("turns %+v", rec.Turns)
	}
	if rec.Turns[0].Intent != "return_policy" || rec.Turns[1].Intent != "warranty" {
		t.Fatalf("intents %s, %s (heard %q, %q)", rec.Turns[0].Intent, rec.Turns[1].Intent, rec.Turns[0].CallerText, rec.Turns[1].CallerText)
	}
	if h := rec.Turns[0].Heard; h <= 0 || h >= 0.6 {
		t.Fatalf("caller heard %.2f of the long reply before barging in, want a small share", h)
	}
	// The reply is ~15 s of speech; the caller interrupted after 2 s, so far less than all of it played.
	full := len(speakFlite(t, longReply))
	if got := len(leg.BotAudio()); got > full/2+len(speakFlite(t, "Every product has a two year warranty. Goodbye.")) {
		t.Fatalf("bot kept talking after the barge-in: %d samples played, the whole reply is %d", got, full)
	}
}

func TestNoInputRepromptsThenEnds(t *testing.T) {
	eng := &dialogtest.Engine{}
	gw := newGateway(t, eng, func(c *gateway.Config) { c.NoInputTimeout = 2 * time.Second; c.MaxNoInput = 1 })
	leg := sim.New(nil, sim.WithSpeed(8), sim.WithStayOnLine())
	rec := runCall(t, gw, leg)
	noInputs := 0
	for _, in := range eng.Inputs() {
		if in.NoInput {
			noInputs++
		}
	}
	// The fake engine never ends the call itself: the gateway reprompts, then ends politely on its own.
	if noInputs < 2 {
		t.Fatalf("engine saw %d no-input turns", noInputs)
	}
	if rec.EndedAt == nil || len(leg.BotAudio()) == 0 {
		t.Fatalf("call did not end politely: %+v", rec)
	}
}

func TestDTMFReachesDialog(t *testing.T) {
	eng := &dialogtest.Engine{Rules: []dialogtest.Rule{{Contains: "40729", Intent: "order_status", Reply: "Found it.", End: true}}}
	gw := newGateway(t, eng, func(c *gateway.Config) { c.InterDigitTimeout = 500 * time.Millisecond })
	leg := sim.New([][]int16{make([]int16, 1600)}, sim.WithSpeed(4), sim.WithDTMF(0, "40729#"))
	rec := runCall(t, gw, leg)
	found := false
	for _, tr := range rec.Turns {
		if tr.DTMF == "40729" && tr.Intent == "order_status" {
			found = true
		}
	}
	if !found {
		t.Fatalf("DTMF turn missing: %+v", rec.Turns)
	}
}

func TestCallerHangsUpMidReply(t *testing.T) {
	eng := &dialogtest.Engine{Rules: []dialogtest.Rule{{Contains: "return", Intent: "return_policy", Reply: longReply}}}
	gw := newGateway(t, eng, nil)
	turn := speak(t, "what is your return policy")
	// Hang up half a second into the bot's long reply.
	leg := sim.New([][]int16{turn}, sim.WithSpeed(4), sim.WithHangupAfter(len(turn)/320+60))
	start := time.Now()
	rec := runCall(t, gw, leg)
	if rec.Outcome == store.OutcomeHandoff || rec.EndedAt == nil {
		t.Fatalf("record %+v", rec)
	}
	if time.Since(start) > 30*time.Second {
		t.Fatal("call did not end promptly after hangup")
	}
}

// transferLeg is a sim leg whose telephony side can transfer to a queue (as the ARI leg does).
type transferLeg struct {
	*sim.Leg
	mu  sync.Mutex
	got []telephony.Transfer
}

func (l *transferLeg) Transfer(_ context.Context, tr telephony.Transfer) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.got = append(l.got, tr)
	return nil
}

func TestHandoffTransfersWithContext(t *testing.T) {
	eng := &dialogtest.Engine{Rules: []dialogtest.Rule{{Contains: "person", Intent: "agent_request",
		Reply: "Let me put you through to a colleague.", Handoff: dialog.ReasonRequested}}}
	st, err := store.OpenSQLite(context.Background(), ":memory:")
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	gw := newGateway(t, eng, nil, gateway.WithStore(st))
	leg := &transferLeg{Leg: sim.New([][]int16{speak(t, "I want to talk to a person")}, sim.WithSpeed(3), sim.WithStayOnLine())}
	rec := runCall(t, gw, leg)
	if rec.Outcome != store.OutcomeHandoff || rec.HandoffReason != dialog.ReasonRequested {
		t.Fatalf("outcome %s reason %s", rec.Outcome, rec.HandoffReason)
	}
	if len(leg.got) != 1 || leg.got[0].Reason != dialog.ReasonRequested || leg.got[0].CallID != rec.ID {
		t.Fatalf("transfer %+v", leg.got)
	}
	select {
	case <-leg.Done():
		t.Fatal("gateway hung up a transferred caller")
	default:
	}
	_ = leg.Hangup(context.Background(), "test over")
	saved, err := st.GetCall(context.Background(), rec.ID)
	if err != nil || saved.Outcome != store.OutcomeHandoff || saved.Context == nil {
		t.Fatalf("saved %v %+v", err, saved)
	}
}

// failingEngine answers nothing: the caller must still hear something.
type failingEngine struct{ dialogtest.Engine }

func (f *failingEngine) NewConversation(id, lang string) dialog.Conversation {
	return failingConv{f.Engine.NewConversation(id, lang)}
}

type failingConv struct{ dialog.Conversation }

func (failingConv) Respond(context.Context, dialog.Input, func(string)) (dialog.Reply, error) {
	return dialog.Reply{}, errors.New("knowledge base on fire")
}

func TestEngineFailureNeverLeavesSilence(t *testing.T) {
	gw := newGateway(t, &failingEngine{}, nil)
	leg := sim.New([][]int16{speak(t, "where is my order")}, sim.WithSpeed(3), sim.WithStayOnLine())
	greetingOnly := len(speakFlite(t, "Hello, how can I help?"))
	rec := runCall(t, gw, leg)
	if len(rec.Turns) != 1 || rec.Turns[0].Route != string(dialog.RouteFallback) || rec.Outcome != store.OutcomeHandoff {
		t.Fatalf("record %+v", rec)
	}
	if len(leg.BotAudio()) < greetingOnly+8000 {
		t.Fatal("caller heard nothing after the engine failed")
	}
}

// brokenRecognizer cannot open sessions (a missing model): DTMF must still work.
type brokenRecognizer struct{}

func (brokenRecognizer) NewSession(context.Context, string) (asr.Session, error) {
	return nil, asr.ErrUnavailable
}
func (brokenRecognizer) Name() string { return "broken" }

func TestRecognizerDownKeepsDTMF(t *testing.T) {
	syn, err := flite.New()
	if err != nil {
		t.Fatal(err)
	}
	eng := &dialogtest.Engine{Rules: []dialogtest.Rule{{Contains: "0", Intent: "agent_request", Reply: "Connecting you.", Handoff: "requested"}}}
	c := gateway.DefaultConfig()
	c.InterDigitTimeout = 300 * time.Millisecond
	gw, err := gateway.New(brokenRecognizer{}, syn, eng, gateway.WithConfig(c))
	if err != nil {
		t.Fatal(err)
	}
	leg := sim.New([][]int16{speak(t, "hello")}, sim.WithSpeed(4), sim.WithDTMF(0, "0"))
	rec := runCall(t, gw, leg)
	if rec.Outcome != store.OutcomeHandoff {
		t.Fatalf("record %+v", rec)
	}
}
