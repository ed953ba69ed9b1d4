package aritest

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/coder/websocket"

	"github.com/voicegate/voicegate/telephony/rtp"
)

// DateFormat is how Asterisk renders every date (ast_json_timeval): millis and a colon-less offset.
const DateFormat = "2006-01-02T15:04:05.000-0700"

// Violation is one breach of Asterisk's API contract seen by the simulator.
type Violation struct {
	Request string // "POST /ari/channels/x/answer" or "event StasisStart"
	Problem string
}

func (v Violation) String() string { return v.Request + ": " + v.Problem }

// Request is one REST request the simulator served.
type Request struct {
	Method, Path string
	Op           string // resource.nickname, "" if unmatched
	Args         Args
	Status       int
}

// Option configures a Server.
type Option func(*Server)

// WithCredentials sets the ARI user (default "voicegate"/"secret").
func WithCredentials(user, password string) Option {
	return func(s *Server) { s.user, s.password = user, password }
}

// WithLogger sets the simulator's logger (default: discard).
func WithLogger(l *slog.Logger) Option { return func(s *Server) { s.log = l } }

// WithAddr makes the simulator listen on addr (host:port) instead of a random loopback port, so people
// can point a separately started `voicegate serve` at it.
func WithAddr(addr string) Option { return func(s *Server) { s.addr = addr } }

// WithResponseDelay makes every REST response wait d (to test client timeouts).
func WithResponseDelay(d time.Duration) Option { return func(s *Server) { s.delay = d } }

// Server simulates one Asterisk 22 box's ARI: REST under /ari and the events websocket /ari/events.
type Server struct {
	spec      *Spec
	hs        *httptest.Server
	log       *slog.Logger
	user      string
	password  string
	entityID  string
	delay     time.Duration
	addr      string
	sched     *rtp.Scheduler // paces every simulated caller's RTP
	ctx       context.Context
	cancel    context.CancelFunc
	wg        sync.WaitGroup
	startedAt time.Time

	mu         sync.Mutex
	channels   map[string]*channel
	bridges    map[string]*bridge
	apps       map[string]*appConn
	violations []Violation
	requests   []Request
	endpoints  []*mediaEndpoint
	seq        int
	refuseWS   bool
	changed    chan struct{} // closed and replaced on every state change
	closing    bool          // Close has begun: no new event connections
}

type appConn struct {
	name string
	conn *websocket.Conn
	out  chan []byte
	done chan struct{}
}

// NewServer starts a simulator on a loopback port. Close it when done.
func NewServer(opts ...Option) (*Server, error) {
	spec, err := LoadSpec()
	if err != nil {
		return nil, err
	}
	s := &Server{
		spec: spec, log: slog.New(slog.DiscardHandler), user: "voicegate", password: "secret",
		entityID: "02:42:ac:11:00:02", channels: map[string]*channel{}, bridges: map[string]*bridge{},
		apps: map[string]*appConn{}, changed: make(chan struct{}), startedAt: time.Now(),
	}
	for _, o := range opts {
		o(s)
	}
	s.hs = httptest.NewUnstartedServer(http.HandlerFunc(s.serveHTTP))
	if s.addr != "" {
		ln, err := net.Listen("tcp", s.addr)
		if err != nil {
			s.hs.Close()
			return nil, fmt.Errorf("%w: %w", ErrListen, err)
		}
		_ = s.hs.Listener.Close()
		s.hs.Listener = ln
	}
	s.ctx, s.cancel = context.WithCancel(context.Background())
	s.sched = rtp.NewScheduler(20 * time.Millisecond)
	s.hs.Start()
	return s, nil
}

// URL is the REST root, e.g. http://127.0.0.1:port/ari.
func (s *Server) URL() string { return s.hs.URL + "/ari" }

// EventsURL is the websocket URL, e.g. ws://127.0.0.1:port/ari/events.
func (s *Server) EventsURL() string {
	return "ws" + strings.TrimPrefix(s.hs.URL, "http") + "/ari/events"
}

// Credentials returns the configured ARI user and password.
func (s *Server) Credentials() (string, string) { return s.user, s.password }

// Close hangs up every simulated channel, closes websockets and stops the server.
func (s *Server) Close() {
	s.mu.Lock()
	s.closing = true
	eps := s.endpoints
	for _, a := range s.apps {
		a.conn.CloseNow()
	}
	s.mu.Unlock()
	for _, m := range eps {
		m.close()
	}
	s.cancel()
	s.hs.CloseClientConnections()
	s.hs.Close()
	s.wg.Wait()
	s.sched.Close()
}

// Violations returns every contract violation recorded so far.
func (s *Server) Violations() []Violation {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.violations)
}

// Requests returns every REST request served so far.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.requests)
}

// Ops returns the "resource.nickname" of every REST request so far, in order.
func (s *Server) Ops() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]string, 0, len(s.requests))
	for _, r := range s.requests {
		out = append(out, r.Op)
	}
	return out
}

func (s *Server) violate(req, format string, a ...any) {
	v := Violation{Request: req, Problem: fmt.Sprintf(format, a...)}
	s.violations = append(s.violations, v)
	s.log.Warn("ARI contract violation", "request", req, "problem", v.Problem)
}

// notifyLocked wakes everyone waiting for a state change. Caller holds s.mu.
func (s *Server) notifyLocked() {
	close(s.changed)
	s.changed = make(chan struct{})
}

// waitFor blocks until cond (evaluated under s.mu) holds or ctx ends.
func (s *Server) waitFor(ctx context.Context, cond func() bool) error {
	for {
		s.mu.Lock()
		ok := cond()
		ch := s.changed
		s.mu.Unlock()
		if ok {
			return nil
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-ch:
		}
	}
}

// AppConnected reports whether an events websocket is open for app.
func (s *Server) AppConnected(app string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.apps[app] != nil
}

// WaitAppConnected waits until app has an events websocket.
func (s *Server) WaitAppConnected(ctx context.Context, app string) error {
	return s.waitFor(ctx, func() bool { return s.apps[app] != nil })
}

func (s *Server) now() string { return time.Now().Format(DateFormat) }

func (s *Server) authorized(r *http.Request) bool {
	if u, p, ok := r.BasicAuth(); ok {
		return u == s.user && p == s.password
	}
	if k := r.URL.Query().Get("api_key"); k != "" {
		u, p, _ := strings.Cut(k, ":")
		return u == s.user && p == s.password
	}
	return false
}

func (s *Server) serveHTTP(w http.ResponseWriter, r *http.Request) {
	path, ok := strings.CutPrefix(r.URL.Path, "/ari")
	reqName := r.Method + " " + r.URL.Path
	if !ok {
		writeError(w, http.StatusNotFound, "Not found")
		return
	}
	if !s.authorized(r) {
		w.Header().Set("WWW-Authenticate", `Basic realm="Asterisk REST Interface"`)
		writeError(w, http.StatusUnauthorized, "Authentication required")
		return
	}
	op, pathVars, status := s.spec.Match(r.Method, path)
	if op == nil {
		s.mu.Lock()
		s.violate(reqName, "no such operation in the API description (%d)", status)
		s.requests = append(s.requests, Request{Method: r.Method, Path: r.URL.Path, Status: status})
		s.mu.Unlock()
		writeError(w, status, map[int]string{404: "Not found", 405: "Method not allowed"}[status])
		return
	}
	if op.Resource == "events" && op.Nickname == "eventWebsocket" {
		s.serveEvents(w, r, op, pathVars)
		return
	}
	form, body, err := readBody(r)
	if err != nil {
		s.mu.Lock()
		s.violate(reqName, "unreadable body: %v", err)
		s.mu.Unlock()
		writeError(w, http.StatusBadRequest, err.Error())
		return
	}
	args, problems := op.ParseArgs(pathVars, r.URL.Query(), form, body)
	s.mu.Lock()
	for _, p := range problems {
		s.violate(reqName, "%s", p)
	}
	s.mu.Unlock()
	if s.delay > 0 {
		select {
		case <-time.After(s.delay):
		case <-r.Context().Done():
			return
		}
	}
	var res result
	if len(problems) > 0 {
		res = errResult(http.StatusBadRequest, strings.Join(problems, "; "))
	} else {
		res = s.dispatch(op, args)
	}
	s.mu.Lock()
	if !op.documentedStatus(res.status) {
		s.violate(reqName, "simulator answered undocumented status %d", res.status)
	}
	s.requests = append(s.requests, Request{Method: r.Method, Path: r.URL.Path, Op: op.Resource + "." + op.Nickname,
		Args: args, Status: res.status})
	s.mu.Unlock()
	if res.body != nil {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(res.status)
		_ = json.NewEncoder(w).Encode(res.body)
	} else {
		w.WriteHeader(res.status)
	}
	if f, ok := w.(http.Flusher); ok {
		f.Flush()
	}
	// Events caused by the request go out after the response, as they usually do on a real box.
	for _, after := range res.after {
		after()
	}
}

func readBody(r *http.Request) (url.Values, map[string]any, error) {
	b, err := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	if err != nil {
		return nil, nil, err
	}
	ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if ct == "application/x-www-form-urlencoded" {
		form, err := url.ParseQuery(string(b))
		if err != nil {
			return nil, nil, err
		}
		if len(form) > 0 {
			return form, nil, nil
		}
	}
	trimmed := strings.TrimSpace(string(b))
	if trimmed == "" || trimmed == "null" {
		return nil, nil, nil
	}
	var body map[string]any
	if err := json.Unmarshal([]byte(trimmed), &body); err != nil {
		return nil, nil, fmt.Errorf("body is not a JSON object: %w", err)
	}
	return nil, body, nil
}

type result struct {
	status int
	body   any
	after  []func()
}

func errResult(status int, msg string) result {
	return result{status: status, body: map[string]any{"message": msg}}
}

func writeError(w http.ResponseWriter, status int, msg string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(map[string]any{"message": msg})
}

// serveEvents upgrades /ari/events to the events websocket of one or more applications.
func (s *Server) serveEvents(w http.ResponseWriter, r *http.Request, op *Operation, pathVars map[string]string) {
	reqName := "GET " + r.URL.Path
	args, problems := op.ParseArgs(pathVars, r.URL.Query(), nil, nil)
	s.mu.Lock()
	for _, p := range problems {
		s.violate(reqName, "%s", p)
	}
	refuse := s.refuseWS
	s.requests = append(s.requests, Request{Method: r.Method, Path: r.URL.Path, Op: "events.eventWebsocket", Args: args})
	s.mu.Unlock()
	if len(problems) > 0 {
		writeError(w, http.StatusBadRequest, strings.Join(problems, "; "))
		return
	}
	if refuse {
		writeError(w, http.StatusServiceUnavailable, "Service unavailable")
		return
	}
	var names []string
	if list, ok := args["app"].([]any); ok {
		for _, a := range list {
			names = append(names, a.(string))
		}
	} else {
		names = append(names, args.Str("app"))
	}
	if len(names) != 1 || names[0] == "" {
		writeError(w, http.StatusBadRequest, "simulator supports exactly one app per websocket")
		return
	}
	// Asterisk checks no Origin on ARI websockets and needs no subprotocol when only "ari" is registered.
	conn, err := websocket.Accept(w, r, &websocket.AcceptOptions{InsecureSkipVerify: true})
	if err != nil {
		return
	}
	a := &appConn{name: names[0], conn: conn, out: make(chan []byte, 4096), done: make(chan struct{})}
	s.mu.Lock()
	if s.closing {
		// Close has begun (and may be in wg.Wait): take no new connection.
		s.mu.Unlock()
		conn.CloseNow()
		return
	}
	old := s.apps[a.name]
	s.apps[a.name] = a
	s.notifyLocked()
	s.wg.Add(1) // under mu, so it cannot race Close's Wait
	s.mu.Unlock()
	if old != nil {
		s.replace(old)
	}
	go s.writeLoop(a)
}

// replace tells an old connection it lost its application and closes it (app.c app_update).
func (s *Server) replace(old *appConn) {
	ev := map[string]any{"type": "ApplicationReplaced", "application": old.name, "timestamp": s.now(),
		"asterisk_id": s.entityID}
	s.mu.Lock()
	s.checkEvent(ev)
	s.mu.Unlock()
	b, _ := json.Marshal(ev)
	ctx, cancel := context.WithTimeout(s.ctx, time.Second)
	_ = old.conn.Write(ctx, websocket.MessageText, b)
	cancel()
	old.conn.CloseNow()
}

func (s *Server) writeLoop(a *appConn) {
	defer s.wg.Done()
	defer close(a.done)
	readCtx := a.conn.CloseRead(s.ctx)
	defer func() {
		a.conn.CloseNow()
		s.mu.Lock()
		if s.apps[a.name] == a {
			delete(s.apps, a.name) // app deactivated: events are dropped until it reconnects
			s.notifyLocked()
		}
		s.mu.Unlock()
	}()
	for {
		select {
		case <-readCtx.Done():
			return
		case b := <-a.out:
			ctx, cancel := context.WithTimeout(s.ctx, 5*time.Second)
			err := a.conn.Write(ctx, websocket.MessageText, b)
			cancel()
			if err != nil {
				return
			}
		}
	}
}

// checkEvent validates an event the simulator is about to send. Caller holds s.mu.
func (s *Server) checkEvent(ev map[string]any) {
	// Round-trip through JSON so numbers and nested types look exactly as they will on the wire.
	b, _ := json.Marshal(ev)
	var wire map[string]any
	_ = json.Unmarshal(b, &wire)
	for _, p := range s.spec.ValidateEvent(wire) {
		s.violate("event "+fmt.Sprint(ev["type"]), "simulator emitted invalid event: %s", p)
	}
}

// emitLocked validates and queues an event for app; dropped if the app has no websocket, as Asterisk
// does for an inactive application. Caller holds s.mu.
func (s *Server) emitLocked(app, typ string, fields map[string]any) {
	ev := map[string]any{"type": typ, "application": app, "timestamp": s.now(), "asterisk_id": s.entityID}
	for k, v := range fields {
		ev[k] = v
	}
	s.checkEvent(ev)
	a := s.apps[app]
	if a == nil {
		return
	}
	b, _ := json.Marshal(ev)
	s.sendLocked(a, b)
}

func (s *Server) sendLocked(a *appConn, b []byte) {
	select {
	case a.out <- b:
	default:
		s.violate("event", "simulator event queue overflow for %s", a.name)
	}
}

// InjectRaw sends raw bytes as one event frame to app's websocket, bypassing validation: for testing
// how the client copes with events it does not know or malformed ones.
func (s *Server) InjectRaw(app string, raw []byte) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	a := s.apps[app]
	if a == nil {
		return ErrAppNotActive
	}
	s.sendLocked(a, raw)
	return nil
}

// InjectEvent sends an event of any type (unknown to old clients, e.g. ChannelToneDetected) with the
// standard envelope, validated against events.json.
func (s *Server) InjectEvent(app, typ string, fields map[string]any) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.apps[app] == nil {
		return ErrAppNotActive
	}
	s.emitLocked(app, typ, fields)
	return nil
}

// DropEvents closes app's events websocket abruptly, as a network failure would. Asterisk deactivates the
// app; events until the client reconnects are lost; calls in progress keep their media.
func (s *Server) DropEvents(app string) {
	s.mu.Lock()
	a := s.apps[app]
	s.mu.Unlock()
	if a != nil {
		a.conn.CloseNow()
		<-a.done
	}
}

// RefuseEvents makes new events websocket requests fail with 503 while on (an Asterisk that is down).
func (s *Server) RefuseEvents(on bool) {
	s.mu.Lock()
	s.refuseWS = on
	s.mu.Unlock()
}

// ReplaceApp simulates another client registering the same application name: the current connection
// gets ApplicationReplaced and is closed.
func (s *Server) ReplaceApp(app string) error {
	s.mu.Lock()
	a := s.apps[app]
	if a != nil {
		delete(s.apps, app)
		s.notifyLocked()
	}
	s.mu.Unlock()
	if a == nil {
		return ErrAppNotActive
	}
	// Flush queued events first so ApplicationReplaced is the last thing the client reads.
	s.replace(a)
	<-a.done
	return nil
}

func (s *Server) nextID() string {
	s.seq++
	return strconv.FormatInt(s.startedAt.Unix(), 10) + "." + strconv.Itoa(s.seq)
}

func hostPort(h string) (string, int, error) {
	host, port, err := net.SplitHostPort(h)
	if err != nil {
		return "", 0, err
	}
	p, err := strconv.Atoi(port)
	if err != nil || p <= 0 || p > 65535 {
		return "", 0, fmt.Errorf("bad port %q", port)
	}
	return host, p, nil
}

// ChannelCount returns how many channels exist on the simulated box.
func (s *Server) ChannelCount() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.channels)
}

// BridgeCount returns how many bridges exist on the simulated box.
func (s *Server) BridgeCount() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.bridges)
}
