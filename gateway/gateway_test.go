package gateway_test

import (
	"context"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/voicegate/voicegate/asr/sphinx"
	"github.com/voicegate/voicegate/audio"
	"github.com/voicegate/voicegate/dialog"
	"github.com/voicegate/voicegate/dialog/dialogtest"
	"github.com/voicegate/voicegate/gateway"
	"github.com/voicegate/voicegate/store"
	"github.com/voicegate/voicegate/telephony/sim"
	"github.com/voicegate/voicegate/tts/flite"
)

func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}

// speakFlite is what the bot's own voice makes of text (for length comparisons).
func speakFlite(t testing.TB, text string) []int16 { return speak(t, text) }

// speak synthesises a caller turn with flite (a real voice, recognised by the real recognizer).
func speak(t testing.TB, text string) []int16 {
	t.Helper()
	if _, err := exec.LookPath("flite"); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("flite missing: apt-get install -y flite")
		}
		t.Skip("flite missing")
	}
	p := filepath.Join(t.TempDir(), "turn.wav")
	if out, err := exec.Command("flite", "-voice", "slt", "-t", text, "-o", p).CombinedOutput(); err != nil {
		t.Fatalf("flite: %v %s", err, out)
	}
	pcm, err := audio.LoadWAV16k(p)
	if err != nil {
		t.Fatal(err)
	}
	return pcm
}

func TestCallEndToEnd(t *testing.T) {
	eng := &dialogtest.Engine{
		Greeting: "Hello, how can I help?",
		Rules: []dialogtest.Rule{
			{Contains: "order", Intent: "order_status", Reply: "Sure. What is your order number?", Expect: dialog.ExpectDigits},
			{Contains: "seven two nine", Intent: "order_status", Reply: "Your order has shipped."},
			{Contains: "bye", Intent: "goodbye", Reply: "Goodbye.", End: true},
		},
	}
	rec, err := sphinx.New(sphinx.WithLogger(slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelDebug}))), sphinx.WithDomainPhrases([]string{"where is my order", "thank you goodbye", "my order number is four oh seven two nine"}))
	if err != nil {
		t.Fatal(err)
	}
	defer rec.Close()
	syn, err := flite.New()
	if err != nil {
		t.Fatal(err)
	}
	st, err := store.OpenSQLite(context.Background(), ":memory:")
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	gw, err := gateway.New(rec, syn, eng, gateway.WithStore(st), gateway.WithLogger(slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelDebug}))))
	if err != nil {
		t.Fatal(err)
	}
	leg := sim.New([][]int16{speak(t, "where is my order"), speak(t, "four oh seven two nine"), speak(t, "thank you goodbye")},
		sim.WithSpeed(3), sim.WithID("e2e-1"))
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	r, err := gw.HandleCall(ctx, leg)
	if err != nil {
		t.Fatal(err)
	}
	for _, tr := range r.Turns {
		t.Logf("turn: %q → %s %s %q latency %+v", tr.CallerText, tr.Route, tr.Intent, tr.ReplyText, tr.LatencyMS)
	}
	if len(r.Turns) != 3 {
		t.Fatalf("turns: %d, want 3: %+v", len(r.Turns), r.Turns)
	}
	wantIntents := []string{"order_status", "order_status", "goodbye"}
	for i, tr := range r.Turns {
		if tr.Intent != wantIntents[i] {
			t.Errorf("turn %d intent %s (heard %q), want %s", i, tr.Intent, tr.CallerText, wantIntents[i])
		}
		if tr.LatencyMS.Turn <= 0 || tr.LatencyMS.Turn > 2000 {
			t.Errorf("turn %d latency %+v", i, tr.LatencyMS)
		}
	}
	if !strings.Contains(r.Turns[1].CallerText, "seven two nine") {
		t.Errorf("digits turn heard as %q", r.Turns[1].CallerText)
	}
	if r.Outcome != store.OutcomeContained || r.EndedAt == nil {
		t.Errorf("outcome %s", r.Outcome)
	}
	got, err := st.GetCall(ctx, "e2e-1")
	if err != nil || len(got.Turns) != 3 {
		t.Fatalf("stored record: %v %+v", err, got)
	}
	if len(leg.BotAudio()) < audio.SampleRate {
		t.Fatalf("bot said too little: %d samples", len(leg.BotAudio()))
	}
}
