package llm_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/voicegate/voicegate/dialog/llm"
	"github.com/voicegate/voicegate/dialog/llm/llmtest"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

func client(t *testing.T, url string, mod func(*llm.Config)) *llm.Client {
	t.Helper()
	cfg := llm.Config{BaseURL: url, Model: "test-model", Timeout: 2 * time.Second, MaxRetries: 1,
		BreakerFailures: 2, BreakerCooldown: time.Hour, PricePer1K: 0.5}
	if mod != nil {
		mod(&cfg)
	}
	c, err := llm.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestStreamsFirstSentenceBeforeTheRest(t *testing.T) {
	hold := make(chan struct{})
	srv := llmtest.New(llmtest.Step{Chunks: []string{"Your order ships ", "tomorrow. ", "It arrives ", "Friday."},
		Hold: hold, HoldAfter: 1, PromptTokens: 40, CompletionTokens: 10})
	defer srv.Close()
	c := client(t, srv.BaseURL(), nil)
	first := make(chan string, 1)
	var mu sync.Mutex
	var got []string
	done := make(chan llm.Response, 1)
	go func() {
		resp, err := c.Stream(context.Background(), llm.Request{Messages: []llm.Message{{Role: "user", Content: "when?"}}},
			func(s string) {
				mu.Lock()
				got = append(got, s)
				mu.Unlock()
				select {
				case first <- s:
				default:
				}
			})
		if err != nil {
			t.Error(err)
		}
		done <- resp
	}()
	// The server holds the stream after the first sentence: it must reach us while the rest is outstanding.
	select {
	case s := <-first:
		if s != "Your order ships tomorrow." {
			t.Fatalf("first sentence %q", s)
		}
	case <-time.After(2 * time.Second):
		t.Fatal("no sentence streamed before the rest of the answer")
	}
	close(hold)
	resp := <-done
	mu.Lock()
	defer mu.Unlock()
	if len(got) != 2 || got[1] != "It arrives Friday." {
		t.Fatalf("sentences %q", got)
	}
	if resp.Text != "Your order ships tomorrow. It arrives Friday." || resp.PromptTokens != 40 || resp.CompletionTokens != 10 {
		t.Fatalf("response %+v", resp)
	}
	if resp.Cost != 0.025 {
		t.Fatalf("cost %v", resp.Cost)
	}
	reqs := srv.Requests()
	if len(reqs) != 1 || reqs[0]["model"] != "test-model" || reqs[0]["stream"] != true {
		t.Fatalf("request %+v", reqs)
	}
}

func TestStreamErrors(t *testing.T) {
	cases := []struct {
		name     string
		steps    []llmtest.Step
		timeout  time.Duration
		want     error
		attempts int
	}{
		{"500 then success", []llmtest.Step{{Status: 500}, {Chunks: []string{"Fine."}}}, 0, nil, 2},
		{"500 twice", []llmtest.Step{{Status: 500}, {Status: 503}}, 0, llm.ErrUnavailable, 2},
		{"401 not retried", []llmtest.Step{{Status: 401}, {Chunks: []string{"x"}}}, 0, llm.ErrUnavailable, 1},
		{"cut off", []llmtest.Step{{Chunks: []string{"Half an"}, CutOff: true}}, 0, llm.ErrCutOff, 1},
		{"slow", []llmtest.Step{{Chunks: []string{"a", "b", "c"}, Pause: time.Second}}, 300 * time.Millisecond, llm.ErrTimeout, 1},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			srv := llmtest.New(tc.steps...)
			defer srv.Close()
			c := client(t, srv.BaseURL(), func(c *llm.Config) {
				if tc.timeout > 0 {
					c.Timeout = tc.timeout
				}
				c.BreakerFailures = 10
			})
			resp, err := c.Stream(context.Background(), llm.Request{Messages: []llm.Message{{Role: "user", Content: "hi"}}}, nil)
			if tc.want == nil && err != nil || tc.want != nil && !errors.Is(err, tc.want) {
				t.Fatalf("err %v, want %v", err, tc.want)
			}
			if got := len(srv.Requests()); got != tc.attempts {
				t.Fatalf("attempts %d, want %d (resp %+v)", got, tc.attempts, resp)
			}
		})
	}
}

func TestToolCalls(t *testing.T) {
	srv := llmtest.New(llmtest.Step{ToolName: "lookup_order", ToolArgs: `{"order_number":"40729"}`})
	defer srv.Close()
	c := client(t, srv.BaseURL(), nil)
	resp, err := c.Stream(context.Background(), llm.Request{
		Messages: []llm.Message{{Role: "user", Content: "where is 40729"}},
		Tools: []llm.Tool{{Name: "lookup_order", Description: "Look up an order",
			Parameters: map[string]any{"type": "object", "properties": map[string]any{"order_number": map[string]any{"type": "string"}}}}},
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(resp.ToolCalls) != 1 || resp.ToolCalls[0].Name != "lookup_order" || resp.ToolCalls[0].Arguments != `{"order_number":"40729"}` {
		t.Fatalf("tool calls %+v", resp.ToolCalls)
	}
	tools, _ := srv.Requests()[0]["tools"].([]any)
	if len(tools) != 1 {
		t.Fatalf("tools not sent: %+v", srv.Requests()[0])
	}
}

func TestBreakerOpensAndRecovers(t *testing.T) {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	srv := llmtest.New(llmtest.Step{Status: 500}, llmtest.Step{Status: 500}, llmtest.Step{Chunks: []string{"Back."}})
	defer srv.Close()
	c, err := llm.New(llm.Config{BaseURL: srv.BaseURL(), Model: "m", Timeout: time.Second, BreakerFailures: 2,
		BreakerCooldown: time.Minute}, llm.WithClock(func() time.Time { return now }))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	req := llm.Request{Messages: []llm.Message{{Role: "user", Content: "x"}}}
	for i := 0; i < 2; i++ {
		if _, err := c.Stream(ctx, req, nil); !errors.Is(err, llm.ErrUnavailable) {
			t.Fatalf("call %d: %v", i, err)
		}
	}
	if _, err := c.Stream(ctx, req, nil); !errors.Is(err, llm.ErrBreakerOpen) {
		t.Fatalf("breaker should be open: %v", err)
	}
	if n := len(srv.Requests()); n != 2 {
		t.Fatalf("open breaker still sent requests: %d", n)
	}
	now = now.Add(2 * time.Minute)
	resp, err := c.Stream(ctx, req, nil)
	if err != nil || resp.Text != "Back." {
		t.Fatalf("half-open trial: %v %+v", err, resp)
	}
}

func TestServerDown(t *testing.T) {
	srv := llmtest.New()
	url := srv.BaseURL()
	srv.Close()
	c := client(t, url, nil)
	if _, err := c.Stream(context.Background(), llm.Request{Messages: []llm.Message{{Role: "user", Content: "x"}}}, nil); !errors.Is(err, llm.ErrUnavailable) {
		t.Fatalf("got %v", err)
	}
}

func TestConfigErrors(t *testing.T) {
	if _, err := llm.New(llm.Config{Model: "m"}); !errors.Is(err, llm.ErrConfig) {
		t.Fatal(err)
	}
	if _, err := llm.New(llm.Config{BaseURL: "http://x"}); !errors.Is(err, llm.ErrConfig) {
		t.Fatal(err)
	}
}
