package engine_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/voicegate/voicegate/dialog"
	"github.com/voicegate/voicegate/dialog/actions"
	"github.com/voicegate/voicegate/dialog/demo"
	"github.com/voicegate/voicegate/dialog/engine"
	"github.com/voicegate/voicegate/dialog/kb"
)

// scenario is a golden dialog: caller lines in, expected routes, intents, replies and handoff out.
type scenario struct {
	Name  string `yaml:"name"`
	Lang  string `yaml:"lang"`
	Turns []struct {
		Say          string   `yaml:"say"`
		DTMF         string   `yaml:"dtmf"`
		NoInput      bool     `yaml:"no_input"`
		ASRConf      float64  `yaml:"asr_confidence"`
		Route        string   `yaml:"route"`
		Intent       string   `yaml:"intent"`
		Reply        []string `yaml:"reply"`     // substrings the reply must contain
		NotReply     []string `yaml:"not_reply"` // substrings it must not contain
		Expect       string   `yaml:"expect"`
		Handoff      string   `yaml:"handoff"`
		End          bool     `yaml:"end"`
		Slots        map[string]string `yaml:"slots"`
		SentimentMax *float64 `yaml:"sentiment_max"`
	} `yaml:"turns"`
}

// newEngine builds the engine on the shipped demo KB with the demo order backend behind its actions.
func newEngine(t testing.TB, opts ...engine.Option) *engine.Engine {
	t.Helper()
	set, err := kb.LoadDir(filepath.Join("..", "..", "configs", "kb"))
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 11, 24, 10, 0, 0, 0, time.UTC)
	b, err := demo.Open(context.Background(), ":memory:", demo.WithClock(func() time.Time { return now }))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { b.Close() })
	mux := http.NewServeMux()
	mux.Handle("/api/demo/", b.Handler())
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	r, err := actions.NewRunner(actions.WithBaseURL(srv.URL))
	if err != nil {
		t.Fatal(err)
	}
	opts = append([]engine.Option{engine.WithActions(engine.FromRunner(r)), engine.WithClock(func() time.Time { return now }),
		engine.WithConfig(engine.Config{DTMFMenu: map[string]string{"1": "order_status", "0": "agent_request"}})}, opts...)
	e, err := engine.New(set, opts...)
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func TestScenarios(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "scenarios", "*.yaml"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no scenarios: %v", err)
	}
	e := newEngine(t)
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var sc scenario
		dec := yaml.NewDecoder(strings.NewReader(string(b)))
		dec.KnownFields(true)
		if err := dec.Decode(&sc); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		t.Run(filepath.Base(f), func(t *testing.T) {
			conv := e.NewConversation("test-"+sc.Name, sc.Lang)
			conv.Greeting(context.Background())
			for i, turn := range sc.Turns {
				conf := turn.ASRConf
				if conf == 0 {
					conf = 0.9
				}
				in := dialog.Input{Text: turn.Say, DTMF: turn.DTMF, NoInput: turn.NoInput, ASRConfidence: conf, HeardFraction: 1}
				if turn.DTMF != "" && turn.Say == "" {
					in.Text = strings.TrimSuffix(turn.DTMF, "#")
				}
				var streamed []string
				r, err := conv.Respond(context.Background(), in, func(s string) { streamed = append(streamed, s) })
				if err != nil {
					t.Fatalf("turn %d: %v", i+1, err)
				}
				where := func() string { return "turn " + itoa(i+1) + " (" + turn.Say + ") → " + string(r.Route) + "/" + r.Intent + ": " + r.Text }
				if strings.Join(streamed, " ") != r.Text {
					t.Errorf("%s: streamed %q differs from reply", where(), streamed)
				}
				if turn.Route != "" && string(r.Route) != turn.Route {
					t.Errorf("%s: route %s, want %s", where(), r.Route, turn.Route)
				}
				if turn.Intent != "" && r.Intent != turn.Intent {
					t.Errorf("%s: intent %s, want %s", where(), r.Intent, turn.Intent)
				}
				for _, s := range turn.Reply {
					if !strings.Contains(strings.ToLower(r.Text), strings.ToLower(s)) {
						t.Errorf("%s: reply lacks %q", where(), s)
					}
				}
				for _, s := range turn.NotReply {
					if strings.Contains(strings.ToLower(r.Text), strings.ToLower(s)) {
						t.Errorf("%s: reply has %q", where(), s)
					}
				}
				if turn.Expect != "" && string(r.Expect) != turn.Expect {
					t.Errorf("%s: expect %q, want %q", where(), r.Expect, turn.Expect)
				}
				switch {
				case turn.Handoff == "" && r.Handoff != nil:
					t.Errorf("%s: unexpected handoff %s", where(), r.Handoff.Reason)
				case turn.Handoff != "" && (r.Handoff == nil || r.Handoff.Reason != turn.Handoff):
					t.Errorf("%s: handoff %+v, want %s", where(), r.Handoff, turn.Handoff)
				}
				if r.Handoff != nil && (r.Handoff.Packet.Summary == "" || len(r.Handoff.Packet.Transcript) == 0) {
					t.Errorf("%s: handoff without context packet", where())
				}
				if r.End != turn.End {
					t.Errorf("%s: end %v, want %v", where(), r.End, turn.End)
				}
				for k, v := range turn.Slots {
					if r.Slots[k] != v {
						t.Errorf("%s: slot %s=%q, want %q", where(), k, r.Slots[k], v)
					}
				}
				if turn.SentimentMax != nil && r.Sentiment > *turn.SentimentMax {
					t.Errorf("%s: sentiment %.2f, want ≤ %.2f", where(), r.Sentiment, *turn.SentimentMax)
				}
				if r.Handoff != nil || r.End {
					break
				}
			}
		})
	}
}

func itoa(i int) string { return strings.TrimSpace(strings.Repeat(" ", 0) + fmtInt(i)) }

func fmtInt(i int) string {
	if i < 10 {
		return string(rune('0' + i))
	}
	return fmtInt(i/10) + string(rune('0'+i%10))
}
