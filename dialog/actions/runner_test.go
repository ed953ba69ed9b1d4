package actions

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"go.uber.org/goleak"

	"github.com/voicegate/voicegate/dialog/kb"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

func server(t *testing.T, h http.HandlerFunc) *httptest.Server {
	t.Helper()
	s := httptest.NewServer(h)
	t.Cleanup(s.Close)
	return s
}

func runner(t *testing.T, base string, opts ...Option) *Runner {
	t.Helper()
	tr := &http.Transport{}
	t.Cleanup(tr.CloseIdleConnections)
	r, err := NewRunner(append([]Option{WithBaseURL(base), WithHTTPClient(&http.Client{Transport: tr}), WithBackoff(5*time.Millisecond, 20*time.Millisecond)}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func action(url string, timeout time.Duration, retries int) kb.Action {
	return kb.Action{Method: "GET", URL: kb.MustTemplate(url), Timeout: timeout, Retries: retries,
		Fields: map[string]string{"status": "status", "eta": "eta_text", "first": "items.0.name", "missing": "nope"}}
}

func TestRunSuccess(t *testing.T) {
	var gotPath, gotQuery string
	s := server(t, func(w http.ResponseWriter, r *http.Request) {
		gotPath, gotQuery = r.URL.EscapedPath(), r.URL.RawQuery
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"status":"shipped","eta_text":"Friday, March 6","amount":29.5,"refundable":true,"carrier":null,
			"items":[{"name":"Desk lamp","qty":2}],"tags":["a","b"]}`)
	})
	reg := prometheus.NewRegistry()
	r := runner(t, s.URL, WithRegisterer(reg))
	res, err := r.Run(context.Background(), action("/api/orders/{{order_number}}?who={{name}}", time.Second, 0),
		map[string]string{"order_number": "40/729", "name": "Ann & Bo"})
	if err != nil {
		t.Fatal(err)
	}
	if gotPath != "/api/orders/40%2F729" || gotQuery != "who=Ann+%26+Bo" {
		t.Errorf("path %q query %q: values not escaped for their place", gotPath, gotQuery)
	}
	want := map[string]string{"status": "shipped", "eta": "Friday, March 6", "first": "Desk lamp"}
	for k, v := range want {
		if res.Vars[k] != v {
			t.Errorf("Vars[%s] = %q, want %q", k, res.Vars[k], v)
		}
	}
	if _, ok := res.Vars["missing"]; ok {
		t.Error("missing path should not be in Vars")
	}
	for k, v := range map[string]string{"amount": "29.5", "refundable": "true", "carrier": "", "items.0.qty": "2", "items.#": "1", "tags": "a, b"} {
		if res.Fields[k] != v {
			t.Errorf("Fields[%s] = %q, want %q", k, res.Fields[k], v)
		}
	}
	if res.Attempts != 1 || res.Status != 200 {
		t.Errorf("attempts %d status %d", res.Attempts, res.Status)
	}
	mfs, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, mf := range mfs {
		if mf.GetName() == "voicegate_action_requests_total" {
			for _, m := range mf.GetMetric() {
				if m.GetLabel()[0].GetValue() == "ok" && m.GetCounter().GetValue() == 1 {
					found = true
				}
			}
		}
	}
	if !found {
		t.Error("voicegate_action_requests_total{result=ok} != 1")
	}
}

func TestRunPOSTBody(t *testing.T) {
	var got map[string]string
	var ct string
	s := server(t, func(w http.ResponseWriter, r *http.Request) {
		ct = r.Header.Get("Content-Type")
		if r.Method != http.MethodPost {
			t.Errorf("method %s", r.Method)
		}
		json.NewDecoder(r.Body).Decode(&got)
		io.WriteString(w, `{"result":"updated"}`)
	})
	r := runner(t, s.URL, WithHeader("X-Api-Key", "k"))
	a := kb.Action{Method: "POST", URL: kb.MustTemplate("/orders/{{n}}/address"), Body: map[string]kb.Template{"address": kb.MustTemplate("{{addr}}")}, Fields: map[string]string{"result": "result"}}
	res, err := r.Run(context.Background(), a, map[string]string{"n": "1", "addr": "12 Elm Street"})
	if err != nil {
		t.Fatal(err)
	}
	if got["address"] != "12 Elm Street" || ct != "application/json" || res.Vars["result"] != "updated" {
		t.Errorf("body %v ct %q vars %v", got, ct, res.Vars)
	}
}

func TestRunErrors(t *testing.T) {
	cases := []struct {
		name     string
		handler  func(n int32, w http.ResponseWriter, r *http.Request)
		timeout  time.Duration
		retries  int
		want     error
		attempts int32
	}{
		{"500 retried then fails", func(n int32, w http.ResponseWriter, r *http.Request) { w.WriteHeader(500) }, time.Second, 2, ErrUpstream, 3},
		{"500 then success", func(n int32, w http.ResponseWriter, r *http.Request) {
			if n == 1 {
				w.WriteHeader(503)
				return
			}
			io.WriteString(w, `{"status":"ok"}`)
		}, time.Second, 2, nil, 2},
		{"429 retried", func(n int32, w http.ResponseWriter, r *http.Request) { w.WriteHeader(429) }, time.Second, 1, ErrUpstream, 2},
		{"404 not retried", func(n int32, w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(404)
			io.WriteString(w, `{"error":"not_found"}`)
		}, time.Second, 3, ErrNotFound, 1},
		{"400 not retried", func(n int32, w http.ResponseWriter, r *http.Request) { w.WriteHeader(400) }, time.Second, 3, ErrRejected, 1},
		{"bad JSON", func(n int32, w http.ResponseWriter, r *http.Request) { io.WriteString(w, `{"status":`) }, time.Second, 2, ErrBadResponse, 1},
		{"JSON array", func(n int32, w http.ResponseWriter, r *http.Request) { io.WriteString(w, `[1,2]`) }, time.Second, 0, ErrBadResponse, 1},
		{"slow always", func(n int32, w http.ResponseWriter, r *http.Request) {
			select {
			case <-r.Context().Done():
			case <-time.After(2 * time.Second):
			}
		}, 50 * time.Millisecond, 1, ErrTimeout, 2},
		{"slow once then fast", func(n int32, w http.ResponseWriter, r *http.Request) {
			if n == 1 {
				select {
				case <-r.Context().Done():
				case <-time.After(2 * time.Second):
				}
				return
			}
			io.WriteString(w, `{"status":"ok"}`)
		}, 50 * time.Millisecond, 1, nil, 2},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var n atomic.Int32
			s := server(t, func(w http.ResponseWriter, r *http.Request) { c.handler(n.Add(1), w, r) })
			r := runner(t, s.URL)
			_, err := r.Run(context.Background(), action("/x", c.timeout, c.retries), nil)
			if c.want == nil && err != nil || c.want != nil && !errors.Is(err, c.want) {
				t.Fatalf("err = %v, want %v", err, c.want)
			}
			if n.Load() != c.attempts {
				t.Errorf("attempts = %d, want %d", n.Load(), c.attempts)
			}
		})
	}
}

func TestRunBudget(t *testing.T) {
	var n atomic.Int32
	s := server(t, func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		select {
		case <-r.Context().Done():
		case <-time.After(2 * time.Second):
		}
	})
	r := runner(t, s.URL, WithBudget(150*time.Millisecond))
	start := time.Now()
	_, err := r.Run(context.Background(), action("/x", 100*time.Millisecond, 5), nil)
	if !errors.Is(err, ErrTimeout) {
		t.Fatalf("err = %v", err)
	}
	if el := time.Since(start); el > 600*time.Millisecond {
		t.Errorf("budget not respected: %v", el)
	}
	if n.Load() > 2 {
		t.Errorf("%d attempts within a 150ms budget", n.Load())
	}
}

func TestRunCanceled(t *testing.T) {
	s := server(t, func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-time.After(2 * time.Second):
		}
	})
	r := runner(t, s.URL)
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(30*time.Millisecond, cancel)
	_, err := r.Run(ctx, action("/x", time.Second, 3), nil)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
}

func TestRunBadRequest(t *testing.T) {
	r := runner(t, "")
	for name, c := range map[string]struct {
		url  string
		vars map[string]string
	}{
		"missing var":  {"http://127.0.0.1:1/{{a}}", nil},
		"path no base": {"/x", nil},
		"not http":     {"ftp://host/x", nil},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := r.Run(context.Background(), action(c.url, time.Second, 0), c.vars)
			if !errors.Is(err, ErrBadRequest) {
				t.Fatalf("err = %v", err)
			}
		})
	}
	if _, err := NewRunner(WithBaseURL("not a url")); !errors.Is(err, ErrBadRequest) {
		t.Errorf("bad base URL accepted: %v", err)
	}
}

func TestConnectionRefused(t *testing.T) {
	s := httptest.NewServer(http.NotFoundHandler())
	base := s.URL
	s.Close()
	r := runner(t, base)
	_, err := r.Run(context.Background(), action("/x", 200*time.Millisecond, 1), nil)
	if !errors.Is(err, ErrUpstream) {
		t.Fatalf("err = %v", err)
	}
}
