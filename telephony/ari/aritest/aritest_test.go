package aritest

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

func do(t *testing.T, s *Server, method, path, ctype, body string, auth bool) (int, string) {
	t.Helper()
	req, _ := http.NewRequest(method, s.URL()+path, strings.NewReader(body))
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	if auth {
		req.SetBasicAuth(s.Credentials())
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func TestContractChecks(t *testing.T) {
	s, err := NewServer()
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	tests := []struct {
		name, method, path, ctype, body string
		auth                            bool
		status                          int
		violation                       string
	}{
		{"no auth", "GET", "/asterisk/info", "", "", false, 401, ""},
		{"info", "GET", "/asterisk/info", "", "", true, 200, ""},
		{"api_key", "GET", "/asterisk/ping?api_key=voicegate:secret", "", "", false, 200, ""},
		{"unknown path", "GET", "/nope", "", "", true, 404, "no such operation"},
		{"wrong method", "PUT", "/channels", "", "", true, 405, "no such operation"},
		{"missing required", "POST", "/channels/externalMedia", "application/json", `{"app":"a"}`, true, 400, `missing required parameter "format"`},
		{"bad allowed value", "POST", "/channels/externalMedia?app=a&format=ulaw&external_host=1.2.3.4:5&encapsulation=sip", "", "", true, 400, "not in"},
		{"wrong JSON type", "POST", "/channels/x/continue", "application/json", `{"priority":"one"}`, true, 400, "want integer"},
		{"undocumented param", "POST", "/bridges/b1", "application/json", `{"type":"mixing","colour":"red"}`, true, 400, "undocumented body parameter"},
		{"body overrides query", "POST", "/bridges/b2?type=bogus", "application/json", `{"type":"mixing,dtmf_events"}`, true, 200, ""},
		{"form body", "POST", "/bridges/b3", "application/x-www-form-urlencoded", "type=holding", true, 200, ""},
		{"unknown channel", "POST", "/channels/none/answer", "", "", true, 404, ""},
		{"var not found", "GET", "/channels/none/variable?variable=X", "", "", true, 404, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := len(s.Violations())
			status, body := do(t, s, tt.method, tt.path, tt.ctype, tt.body, tt.auth)
			if status != tt.status {
				t.Errorf("status %d (%s), want %d", status, body, tt.status)
			}
			if status >= 400 && !strings.Contains(body, `"message"`) {
				t.Errorf("error body %q lacks message", body)
			}
			v := s.Violations()[before:]
			if tt.violation == "" && len(v) != 0 {
				t.Errorf("unexpected violations %v", v)
			}
			if tt.violation != "" && (len(v) == 0 || !strings.Contains(v[0].Problem, tt.violation)) {
				t.Errorf("violations %v, want %q", v, tt.violation)
			}
		})
	}
}

func TestEventsAreValidAndOrdered(t *testing.T) {
	s, err := NewServer()
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if _, err := s.NewCall(CallOptions{App: "a"}); err == nil {
		t.Fatal("call into an inactive app must fail (STASISSTATUS=FAILED)")
	}
	h := http.Header{}
	req, _ := http.NewRequest("GET", "http://x", nil)
	req.SetBasicAuth(s.Credentials())
	h.Set("Authorization", req.Header.Get("Authorization"))
	conn, _, err := websocket.Dial(ctx, s.EventsURL()+"?app=a", &websocket.DialOptions{HTTPHeader: h})
	if err != nil {
		t.Fatal(err)
	}
	defer conn.CloseNow()
	if err := s.WaitAppConnected(ctx, "a"); err != nil {
		t.Fatal(err)
	}
	c, err := s.NewCall(CallOptions{App: "a", Args: []string{"x"}})
	if err != nil {
		t.Fatal(err)
	}
	_ = c.DTMF('5', 100*time.Millisecond)
	_ = c.Hangup()
	var types []string
	for range 4 {
		_, b, err := conn.Read(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(b), `"timestamp":"`) || !ariDate.MatchString(extract(string(b), "timestamp")) {
			t.Errorf("bad timestamp in %s", b)
		}
		types = append(types, extract(string(b), "type"))
	}
	want := "StasisStart ChannelDtmfReceived ChannelHangupRequest StasisEnd"
	if got := strings.Join(types, " "); got != want {
		t.Errorf("events %q, want %q", got, want)
	}
	if v := s.Violations(); len(v) != 0 {
		t.Errorf("violations: %v", v)
	}
	spec, _ := LoadSpec()
	if p := spec.ValidateEvent(map[string]any{"type": "StasisEnd", "application": "a", "timestamp": "2026-01-01T00:00:00Z"}); len(p) != 2 {
		t.Errorf("bad event problems = %v, want missing channel and bad timestamp", p)
	}
}

func extract(js, key string) string {
	i := strings.Index(js, `"`+key+`":"`)
	if i < 0 {
		return ""
	}
	rest := js[i+len(key)+4:]
	return rest[:strings.IndexByte(rest, '"')]
}
