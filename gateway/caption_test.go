package gateway_test

import (
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/voicegate/voicegate/dialog"
	"github.com/voicegate/voicegate/dialog/dialogtest"
	"github.com/voicegate/voicegate/gateway"
	"github.com/voicegate/voicegate/telephony/sim"
)

// captionLeg is a sim leg that can show captions, as the WebRTC leg does.
type captionLeg struct {
	*sim.Leg
	mu    sync.Mutex
	lines []captionLine
}

type captionLine struct {
	speaker, text string
	final         bool
}

func (l *captionLeg) Caption(speaker, text string, final bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.lines = append(l.lines, captionLine{speaker, text, final})
}

func (l *captionLeg) captions() []captionLine {
	l.mu.Lock()
	defer l.mu.Unlock()
	return slices.Clone(l.lines)
}

var _ gateway.Captioner = (*captionLeg)(nil)

func TestCaptionsFollowTheCall(t *testing.T) {
	eng := &dialogtest.Engine{
		Greeting: "Hello, this is the shop. How can I help?",
		Rules: []dialogtest.Rule{
			{Contains: "order", Intent: "order_status", Reply: "Sure. What is your order number?", Expect: dialog.ExpectDigits},
			{Contains: "40729", Intent: "order_status", Reply: "Your order has shipped.", End: true},
		},
	}
	gw := newGateway(t, eng, func(c *gateway.Config) { c.InterDigitTimeout = 400 * time.Millisecond })
	leg := &captionLeg{Leg: sim.New([][]int16{speak(t, "where is my order"), make([]int16, 1600)},
		sim.WithSpeed(3), sim.WithDTMF(1, "40729"))}
	rec := runCall(t, gw, leg)
	if len(rec.Turns) != 2 {
		t.Fatalf("turns %+v", rec.Turns)
	}
	got := leg.captions()
	for _, c := range got {
		t.Logf("caption %s %q final=%v", c.speaker, c.text, c.final)
		if !c.final {
			t.Errorf("caption %q not final", c.text)
		}
	}
	// Greeting sentence by sentence, then each caller turn before the bot's answer to it.
	want := []captionLine{
		{"bot", "Hello, this is the shop.", true},
		{"bot", "How can I help?", true},
		{"caller", rec.Turns[0].CallerText, true},
		{"bot", "Sure.", true},
		{"bot", "What is your order number?", true},
		{"caller", "40729", true},
		{"bot", "Your order has shipped.", true},
	}
	if !slices.Equal(got, want) {
		t.Fatalf("captions\n got %+v\nwant %+v", got, want)
	}
	if !strings.Contains(rec.Turns[0].CallerText, "order") {
		t.Errorf("caller caption %q", rec.Turns[0].CallerText)
	}
}

// A leg without captions works as before: the session never requires the interface.
func TestNoCaptionerIsFine(t *testing.T) {
	eng := &dialogtest.Engine{Greeting: "Hi.", Rules: []dialogtest.Rule{{Contains: "order", Intent: "order_status", Reply: "Done.", End: true}}}
	gw := newGateway(t, eng, nil)
	rec := runCall(t, gw, sim.New([][]int16{speak(t, "where is my order")}, sim.WithSpeed(3)))
	if len(rec.Turns) != 1 || rec.Turns[0].Intent != "order_status" {
		t.Fatalf("turns %+v", rec.Turns)
	}
}
