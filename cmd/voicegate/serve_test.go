package main

import (
	"context"
	"encoding/json"
	"net/http"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/voicegate/voicegate/config"
	"github.com/voicegate/voicegate/store"
)

func TestMain(m *testing.M) {
	// `voicegate bench ari` starts the gateway as a child process of its own executable; under `go test`
	// that is this test binary, which then acts as voicegate itself.
	if os.Getenv(actAsVoicegate) == "1" {
		os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
	}
	goleak.VerifyTestMain(m)
}

const actAsVoicegate = "VOICEGATE_TEST_ACT_AS_BINARY"

func TestServeEndpoints(t *testing.T) {
	s := startServe(t, nil)

	code, _, body := s.get("/healthz")
	if code != http.StatusOK || strings.TrimSpace(string(body)) != "ok" {
		t.Errorf("/healthz: %d %q", code, body)
	}

	code, ctype, body := s.get("/")
	if code != http.StatusOK || !strings.HasPrefix(ctype, "text/html") {
		t.Errorf("/: %d %s", code, ctype)
	}
	for _, id := range []string{`id="call"`, `id="hangup"`, `id="transcript"`} {
		if !strings.Contains(string(body), id) {
			t.Errorf("caller page lacks %s", id)
		}
	}

	code, _, body = s.get("/api/calls")
	if code != http.StatusOK || strings.TrimSpace(string(body)) != "[]" {
		t.Errorf("/api/calls on a new database: %d %s", code, body)
	}
	code, ctype, body = s.get("/api/calls/no-such-call")
	var apiErr map[string]string
	if code != http.StatusNotFound || !strings.HasPrefix(ctype, "application/json") ||
		json.Unmarshal(body, &apiErr) != nil || !strings.Contains(apiErr["error"], "no-such-call") {
		t.Errorf("/api/calls/{unknown}: %d %s %s", code, ctype, body)
	}
	for _, tc := range []struct {
		limit string
		want  int
	}{{"0", 400}, {"-1", 400}, {"abc", 400}, {"1001", 400}, {"2.5", 400}, {"1", 200}, {"1000", 200}} {
		code, ctype, body := s.get("/api/calls?limit=" + tc.limit)
		if code != tc.want || !strings.HasPrefix(ctype, "application/json") {
			t.Errorf("limit=%s: %d %s %s, want %d", tc.limit, code, ctype, body, tc.want)
		}
	}

	// Demo order backend: the order in every KB example, an unknown one, a malformed one.
	var order struct {
		Number, Status, Customer string
	}
	s.getJSON("/api/demo/orders/40729", &order)
	if order.Number != "40729" || order.Status == "" || order.Customer == "" {
		t.Errorf("demo order %+v", order)
	}
	if code, _, body := s.get("/api/demo/orders/99999"); code != http.StatusNotFound {
		t.Errorf("unknown demo order: %d %s", code, body)
	}
	if code, _, body := s.get("/api/demo/orders/12ab"); code != http.StatusBadRequest {
		t.Errorf("malformed demo order number: %d %s", code, body)
	}

	// One call through the whole product from a non-browser WebRTC client: greeting, a spoken turn, hang-up.
	c := dialPion(t, s)
	c.waitHeard(20 * time.Second)
	c.waitQuiet(time.Second, 20*time.Second)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	turn := slices.Concat(silence(300*time.Millisecond), fliteWAV(t, "where is my order"), silence(2500*time.Millisecond))
	if err := c.send(ctx, turn); err != nil {
		t.Fatal(err)
	}
	rec := s.waitCall(c.id, 20*time.Second, func(r *store.CallRecord) bool { return len(r.Turns) > 0 })
	t.Logf("turn over Opus: %q → %s %s %q latency %+v", rec.Turns[0].CallerText, rec.Turns[0].Route,
		rec.Turns[0].Intent, rec.Turns[0].ReplyText, rec.Turns[0].LatencyMS)
	if rec.Channel != "webrtc" || rec.Turns[0].Intent != "order_status" {
		t.Errorf("call record: channel %s, first turn %+v", rec.Channel, rec.Turns[0])
	}
	c.waitQuiet(time.Second, 20*time.Second) // the caller listens to the answer, then hangs up
	c.hangup()
	rec = s.waitCall(c.id, 10*time.Second, func(r *store.CallRecord) bool { return r.EndedAt != nil })
	if rec.Outcome != store.OutcomeContained || rec.StartedAt.IsZero() || rec.EndedAt.Before(rec.StartedAt) {
		t.Errorf("ended record %+v", rec)
	}
	if lat := rec.Turns[0].LatencyMS; lat.Turn <= 0 || lat.ASR <= 0 || lat.TTSFirstAudio <= 0 {
		t.Errorf("turn latency not stamped: %+v", lat)
	}
	// Captions reached the client: the greeting first, then the caller's words and the answer.
	caps := c.captionsSoFar()
	if len(caps) < 3 || caps[0].Speaker != "bot" || !caps[0].Final {
		t.Errorf("captions %+v", caps)
	} else if !slices.ContainsFunc(caps, func(m captionMsg) bool { return m.Speaker == "caller" && m.Text == rec.Turns[0].CallerText }) {
		t.Errorf("no caller caption %q in %+v", rec.Turns[0].CallerText, caps)
	}

	var list []store.CallRecord
	s.getJSON("/api/calls?limit=1", &list)
	if len(list) != 1 || list[0].ID != c.id {
		t.Errorf("/api/calls?limit=1 = %+v", list)
	}

	code, ctype, body = s.get("/metrics")
	if code != http.StatusOK || !strings.HasPrefix(ctype, "text/plain") {
		t.Errorf("/metrics: %d %s", code, ctype)
	}
	for _, m := range []string{"voicegate_", "go_goroutines"} {
		if !strings.Contains(string(body), m) {
			t.Errorf("/metrics lacks %s", m)
		}
	}
	var names []string
	for _, line := range strings.Split(string(body), "\n") {
		if strings.HasPrefix(line, "# TYPE voicegate_") {
			names = append(names, strings.Fields(line)[2])
		}
	}
	t.Logf("voicegate metrics: %v", names)
	if len(names) < 5 {
		t.Errorf("only %d voicegate_ metrics", len(names))
	}
}

// Draining: /healthz turns 503 at once, serve waits for the call in progress and returns when it ends.
func TestServeDrainWaitsForCall(t *testing.T) {
	s := startServe(t, func(c *config.Config) { c.HTTP.DrainTimeout = 30 * time.Second })
	c := dialPion(t, s)
	c.waitHeard(20 * time.Second)

	s.cancel()
	waitHealth(t, s, http.StatusServiceUnavailable)
	select {
	case err := <-s.done:
		t.Fatalf("serve returned (%v) while a call was in progress", err)
	case <-time.After(time.Second):
	}
	// The call is still up and the API still answers during the drain.
	rec := s.waitCall(c.id, 5*time.Second, func(r *store.CallRecord) bool { return true })
	if rec.EndedAt != nil {
		t.Fatalf("call ended by the drain: %+v", rec)
	}
	ended := time.Now()
	c.hangup()
	if err := s.stop(15 * time.Second); err != nil {
		t.Fatal(err)
	}
	t.Logf("serve returned %v after the caller hung up", time.Since(ended).Round(time.Millisecond))
	checkStoredEnded(t, s, c.id)
}

// A call that outlasts the drain timeout is ended by the gateway, and serve returns soon after.
func TestServeDrainTimeoutEndsCall(t *testing.T) {
	const drain = 1500 * time.Millisecond
	s := startServe(t, func(c *config.Config) { c.HTTP.DrainTimeout = drain })
	c := dialPion(t, s)
	c.waitHeard(20 * time.Second)
	start := time.Now()
	if err := s.stop(drain + 15*time.Second); err != nil {
		t.Fatal(err)
	}
	took := time.Since(start)
	t.Logf("serve returned %v after cancel (drain timeout %v)", took.Round(time.Millisecond), drain)
	if took < drain {
		t.Errorf("serve returned after %v, before the drain timeout", took)
	}
	select {
	case <-c.closed:
	case <-time.After(10 * time.Second):
		t.Error("the caller's connection is still up after serve returned")
	}
	checkStoredEnded(t, s, c.id)
}

func waitHealth(t *testing.T, s *testServer, want int) {
	t.Helper()
	deadline := time.Now().Add(3 * time.Second)
	for {
		code, _, _ := s.get("/healthz")
		if code == want {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("/healthz %d, want %d", code, want)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// checkStoredEnded opens the stopped server's database and wants the call closed in it.
func checkStoredEnded(t *testing.T, s *testServer, id string) {
	t.Helper()
	st, err := store.OpenSQLite(context.Background(), s.cfg.Database)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	rec, err := st.GetCall(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	if rec.Channel != "webrtc" || rec.EndedAt == nil || rec.Outcome == "" {
		t.Errorf("stored record after drain: %+v", rec)
	}
}
