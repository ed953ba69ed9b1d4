// Package llmtest is a local server that speaks OpenAI's chat-completions wire format (JSON and SSE
// chunks, tool calls, errors, slow and cut-off streams), so the real go-openai client runs in tests.
package llmtest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"time"
)

// Step is one scripted answer.
type Step struct {
	// Chunks are content deltas streamed in order.
	Chunks []string
	// Pause waits before each chunk after the first (a slow model).
	Pause time.Duration
	// Hold, when non-nil, is waited on after chunk HoldAfter (lets a test observe streaming).
	Hold      chan struct{}
	HoldAfter int
	// ToolName/ToolArgs stream one tool call (arguments split in two deltas).
	ToolName, ToolArgs string
	// Status answers with an HTTP error and OpenAI's error JSON instead of a stream.
	Status int
	// CutOff closes the connection after the chunks without [DONE].
	CutOff bool
	// Usage reports token usage in a final chunk when set.
	PromptTokens, CompletionTokens int
}

// Server is the fake. Steps are consumed one per request; the last step repeats.
type Server struct {
	*httptest.Server
	mu       sync.Mutex
	steps    []Step
	requests []map[string]any
}

// New starts a server; URL()+"/v1" is the base URL for go-openai.
func New(steps ...Step) *Server {
	s := &Server{steps: steps}
	s.Server = httptest.NewServer(http.HandlerFunc(s.handle))
	return s
}

// BaseURL is what a client configures.
func (s *Server) BaseURL() string { return s.URL + "/v1" }

// Requests returns the decoded request bodies received.
func (s *Server) Requests() []map[string]any {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]map[string]any(nil), s.requests...)
}

func (s *Server) handle(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path != "/v1/chat/completions" || r.Method != http.MethodPost {
		http.Error(w, `{"error":{"message":"not found","type":"invalid_request_error"}}`, http.StatusNotFound)
		return
	}
	var body map[string]any
	if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
		w.WriteHeader(http.StatusBadRequest)
		fmt.Fprintf(w, `{"error":{"message":%q,"type":"invalid_request_error"}}`, err.Error())
		return
	}
	s.mu.Lock()
	s.requests = append(s.requests, body)
	step := Step{Chunks: []string{"OK."}}
	if len(s.steps) > 0 {
		step = s.steps[0]
		if len(s.steps) > 1 {
			s.steps = s.steps[1:]
		}
	}
	s.mu.Unlock()
	if step.Status != 0 {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(step.Status)
		fmt.Fprintf(w, `{"error":{"message":"scripted failure %d","type":"server_error","code":null}}`, step.Status)
		return
	}
	stream, _ := body["stream"].(bool)
	if !stream {
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(map[string]any{
			"id": "chatcmpl-test", "object": "chat.completion", "created": time.Now().Unix(), "model": body["model"],
			"choices": []any{map[string]any{"index": 0, "finish_reason": "stop",
				"message": map[string]any{"role": "assistant", "content": strings.Join(step.Chunks, "")}}},
			"usage": map[string]any{"prompt_tokens": step.PromptTokens, "completion_tokens": step.CompletionTokens,
				"total_tokens": step.PromptTokens + step.CompletionTokens},
		})
		return
	}
	fl, _ := w.(http.Flusher)
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-cache")
	send := func(v any) {
		b, _ := json.Marshal(v)
		fmt.Fprintf(w, "data: %s\n\n", b)
		if fl != nil {
			fl.Flush()
		}
	}
	chunk := func(delta map[string]any, finish any) map[string]any {
		return map[string]any{"id": "chatcmpl-test", "object": "chat.completion.chunk", "created": time.Now().Unix(),
			"model": body["model"], "choices": []any{map[string]any{"index": 0, "delta": delta, "finish_reason": finish}}}
	}
	send(chunk(map[string]any{"role": "assistant", "content": ""}, nil))
	for i, c := range step.Chunks {
		if i > 0 && step.Pause > 0 {
			select {
			case <-time.After(step.Pause):
			case <-r.Context().Done():
				return
			}
		}
		send(chunk(map[string]any{"content": c}, nil))
		if i == step.HoldAfter && step.Hold != nil {
			select {
			case <-step.Hold:
			case <-r.Context().Done():
				return
			}
		}
	}
	if step.ToolName != "" {
		half := len(step.ToolArgs) / 2
		send(chunk(map[string]any{"tool_calls": []any{map[string]any{"index": 0, "id": "call_1", "type": "function",
			"function": map[string]any{"name": step.ToolName, "arguments": step.ToolArgs[:half]}}}}, nil))
		send(chunk(map[string]any{"tool_calls": []any{map[string]any{"index": 0,
			"function": map[string]any{"arguments": step.ToolArgs[half:]}}}}, nil))
	}
	if step.CutOff {
		// Abort the connection mid-stream, as a crashed server or proxy would.
		if hj, ok := w.(http.Hijacker); ok {
			if conn, _, err := hj.Hijack(); err == nil {
				conn.Close()
			}
		}
		return
	}
	finish := "stop"
	if step.ToolName != "" {
		finish = "tool_calls"
	}
	send(chunk(map[string]any{}, finish))
	if step.PromptTokens > 0 {
		send(map[string]any{"id": "chatcmpl-test", "object": "chat.completion.chunk", "created": time.Now().Unix(),
			"model": body["model"], "choices": []any{},
			"usage": map[string]any{"prompt_tokens": step.PromptTokens, "completion_tokens": step.CompletionTokens,
				"total_tokens": step.PromptTokens + step.CompletionTokens}})
	}
	fmt.Fprint(w, "data: [DONE]\n\n")
	if fl != nil {
		fl.Flush()
	}
}
