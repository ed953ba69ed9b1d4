package ari

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/CyCoreSystems/ari/v5"
	"github.com/CyCoreSystems/ari/v5/client/native"
	"github.com/coder/websocket"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/voicegate/voicegate/audio"
	"github.com/voicegate/voicegate/telephony"
	"github.com/voicegate/voicegate/telephony/rtp"
)

// AgentConnector takes a caller that stays in the ARI app ("agents" handoff mode) and connects its audio
// to a live agent. caller is the same media as the gateway's leg (16 kHz frames both ways); ConnectAgent
// returns when the agent side is finished, after which the call is hung up.
type AgentConnector interface {
	ConnectAgent(ctx context.Context, t telephony.Transfer, caller telephony.Leg) error
}

// App is one Stasis application on one Asterisk.
type App struct {
	cfg     Config
	log     *slog.Logger
	reg     prometheus.Registerer
	handler telephony.Handler
	agents  AgentConnector
	m       *metrics

	rest  *native.Client
	front *restFront
	// sched runs every call's 20 ms media clock; shared if given with WithScheduler, else owned by Run.
	sched    *rtp.Scheduler
	ownSched bool

	mu       sync.Mutex
	sessions map[string]*session // by caller channel id and by external media channel id
	wg       sync.WaitGroup
	ready    chan struct{}
	readyOne sync.Once
}

// New checks cfg and builds an App; Run connects it.
func New(cfg Config, opts ...Option) (*App, error) {
	if err := cfg.normalize(); err != nil {
		return nil, err
	}
	a := &App{cfg: cfg, log: slog.New(slog.DiscardHandler), sessions: map[string]*session{}, ready: make(chan struct{})}
	for _, o := range opts {
		o(a)
	}
	if a.handler == nil {
		return nil, fmt.Errorf("%w: a handler is required", ErrConfig)
	}
	if cfg.Handoff.Mode == HandoffAgents && a.agents == nil {
		return nil, fmt.Errorf("%w: agents handoff mode needs an AgentConnector", ErrConfig)
	}
	a.m = newMetrics(a.reg)
	return a, nil
}

// Ready is closed once the events websocket is connected for the first time.
func (a *App) Ready() <-chan struct{} { return a.ready }

// ActiveCalls returns how many calls are in progress.
func (a *App) ActiveCalls() int {
	a.mu.Lock()
	defer a.mu.Unlock()
	n := 0
	for id, s := range a.sessions {
		if id == s.callerID {
			n++
		}
	}
	return n
}

// Ping checks that Asterisk's ARI answers and accepts our credentials (GET /asterisk/info), within
// ConnectTimeout. native.Connect would block forever on bad credentials; this fails fast instead.
func (a *App) Ping(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, a.cfg.ConnectTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, a.cfg.URL+"/asterisk/info", nil)
	if err != nil {
		return fmt.Errorf("%w: %w", ErrConfig, err)
	}
	req.SetBasicAuth(a.cfg.Username, a.cfg.Password)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return fmt.Errorf("%w: %s: %w", ErrUnreachable, a.cfg.URL, err)
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<16))
	switch {
	case resp.StatusCode == http.StatusUnauthorized || resp.StatusCode == http.StatusForbidden:
		return fmt.Errorf("%w: user %q (HTTP %d)", ErrAuth, a.cfg.Username, resp.StatusCode)
	case resp.StatusCode != http.StatusOK:
		return fmt.Errorf("%w: GET /asterisk/info: HTTP %d", ErrUnreachable, resp.StatusCode)
	}
	return nil
}

// Run connects to Asterisk and serves calls until ctx ends (returns nil) or the application is taken
// over by another connection (ErrApplicationReplaced). Calls in progress are hung up on return.
func (a *App) Run(ctx context.Context) error {
	if err := a.Ping(ctx); err != nil {
		return err
	}
	front, err := newRESTFront(a.cfg.URL, a.cfg.RequestTimeout, a.log, a.m)
	if err != nil {
		return fmt.Errorf("%w: rest proxy: %w", ErrConfig, err)
	}
	a.front = front
	if a.sched == nil {
		a.sched = rtp.NewScheduler(audio.FrameDuration, rtp.WithLateness(func(d time.Duration) { a.m.clockLate.Observe(d.Seconds()) }))
		a.ownSched = true
	}
	// REST only: native.New does not open the library's websocket (whose reader panics on unknown events,
	// drops events past 100 buffered and races on shutdown); events come from our own reader below.
	a.rest = native.New(&native.Options{Application: a.cfg.App, URL: front.url(), WebsocketURL: a.cfg.EventsURL,
		Username: a.cfg.Username, Password: a.cfg.Password})
	runCtx, cancel := context.WithCancel(ctx)
	defer func() {
		cancel()
		a.endAll()
		a.wg.Wait()
		front.close()
		if a.ownSched {
			a.sched.Close()
			a.sched, a.ownSched = nil, false
		}
	}()
	err = a.eventLoop(runCtx)
	if ctx.Err() != nil && !errors.Is(err, ErrApplicationReplaced) {
		return nil
	}
	return err
}

// eventLoop keeps the events websocket up: dial, read until it drops, back off, dial again, reconcile.
func (a *App) eventLoop(ctx context.Context) error {
	backoff := 100 * time.Millisecond
	first := true
	for {
		conn, err := a.dialEvents(ctx)
		if err != nil {
			if first || ctx.Err() != nil {
				return err
			}
			a.log.Warn("ARI events websocket reconnect failed", "error", err, "retry_in", backoff)
			select {
			case <-ctx.Done():
				return ctx.Err()
			case <-time.After(backoff + rand.N(backoff/2+1)):
			}
			backoff = min(backoff*2, 5*time.Second)
			continue
		}
		if !first {
			a.m.reconnects.Inc()
			a.log.Info("ARI events websocket reconnected; reconciling calls")
			a.reconcile(ctx)
		}
		first = false
		backoff = 100 * time.Millisecond
		a.readyOne.Do(func() { close(a.ready) })
		err = a.readEvents(ctx, conn)
		conn.CloseNow()
		if errors.Is(err, ErrApplicationReplaced) || ctx.Err() != nil {
			return err
		}
		a.log.Warn("ARI events websocket dropped", "error", err)
	}
}

func (a *App) dialEvents(ctx context.Context) (*websocket.Conn, error) {
	dctx, cancel := context.WithTimeout(ctx, a.cfg.ConnectTimeout)
	defer cancel()
	h := http.Header{}
	req, _ := http.NewRequest(http.MethodGet, "http://x", nil)
	req.SetBasicAuth(a.cfg.Username, a.cfg.Password)
	h.Set("Authorization", req.Header.Get("Authorization"))
	conn, resp, err := websocket.Dial(dctx, a.cfg.EventsURL+"?app="+url.QueryEscape(a.cfg.App), &websocket.DialOptions{HTTPHeader: h})
	if err != nil {
		if resp != nil && (resp.StatusCode == http.StatusUnauthorized || resp.StatusCode == http.StatusForbidden) {
			return nil, fmt.Errorf("%w: events websocket HTTP %d", ErrAuth, resp.StatusCode)
		}
		return nil, fmt.Errorf("%w: events websocket: %w", ErrUnreachable, err)
	}
	conn.SetReadLimit(1 << 22)
	return conn, nil
}

func (a *App) readEvents(ctx context.Context, conn *websocket.Conn) error {
	for {
		_, raw, err := conn.Read(ctx)
		if err != nil {
			return err
		}
		ev, m, res, reason := sanitizeEvent(raw, time.Now())
		switch res {
		case filterDropped:
			a.m.events.WithLabelValues("dropped").Inc()
			a.m.eventsDropped.WithLabelValues(reason).Inc()
			typ, _ := m["type"].(string)
			a.log.Warn("ARI event dropped before the client library", "type", typ, "reason", reason)
			continue
		case filterNormalised:
			a.m.events.WithLabelValues("normalised").Inc()
			a.log.Warn("ARI event had a malformed date; normalised", "type", ev.GetType())
		default:
			a.m.events.WithLabelValues("ok").Inc()
		}
		if _, ok := ev.(*ari.ApplicationReplaced); ok {
			a.m.replaced.Inc()
			a.log.Error("ARI application replaced: another client registered the same app name; "+
				"this instance no longer receives events and will not reconnect", "app", a.cfg.App)
			return ErrApplicationReplaced
		}
		a.dispatch(ctx, ev)
	}
}

// dispatch routes one event to its call. It never blocks: sessions queue events without bound, so no
// event is lost however slow a call's setup is.
func (a *App) dispatch(ctx context.Context, ev ari.Event) {
	var chID string
	switch e := ev.(type) {
	case *ari.StasisStart:
		chID = e.Channel.ID
		a.mu.Lock()
		s := a.sessions[chID]
		if s == nil && strings.HasPrefix(chID, "vg-em-") {
			a.mu.Unlock()
			a.log.Warn("ARI: external media channel of an unknown call entered Stasis; ignoring", "channel", chID)
			return
		}
		if s == nil {
			s = newSession(a, e)
			a.sessions[chID] = s
			a.m.active.Inc()
			a.wg.Add(1)
			go s.run(ctx)
		}
		a.mu.Unlock()
		s.push(ev)
		return
	case *ari.StasisEnd:
		chID = e.Channel.ID
	case *ari.ChannelHangupRequest:
		chID = e.Channel.ID
	case *ari.ChannelDtmfReceived:
		chID = e.Channel.ID
	case *ari.ChannelDestroyed:
		chID = e.Channel.ID
	default:
		return
	}
	a.mu.Lock()
	s := a.sessions[chID]
	a.mu.Unlock()
	if s != nil {
		s.push(ev)
	}
}

// reconcile runs after a websocket outage: calls whose caller channel vanished meanwhile missed their
// hangup events, so they are ended; the others carry on (their RTP never stopped).
func (a *App) reconcile(ctx context.Context) {
	keys, err := a.rest.Channel().List(nil)
	if err != nil {
		a.log.Warn("ARI reconcile: listing channels failed", "error", err)
		return
	}
	live := map[string]bool{}
	for _, k := range keys {
		live[k.ID] = true
	}
	a.mu.Lock()
	var gone []*session
	for id, s := range a.sessions {
		if id == s.callerID && !live[id] {
			gone = append(gone, s)
		}
	}
	a.mu.Unlock()
	for _, s := range gone {
		a.log.Info("ARI reconcile: caller gone during outage", "channel", s.callerID)
		s.callerGone("reconciled: channel gone")
	}
	if ctx.Err() != nil {
		return
	}
}

func (a *App) register(id string, s *session) {
	a.mu.Lock()
	a.sessions[id] = s
	a.mu.Unlock()
}

func (a *App) unregister(s *session) {
	a.mu.Lock()
	for id, x := range a.sessions {
		if x == s {
			delete(a.sessions, id)
		}
	}
	a.mu.Unlock()
	a.m.active.Dec()
}

func (a *App) endAll() {
	a.mu.Lock()
	var all []*session
	for id, s := range a.sessions {
		if id == s.callerID {
			all = append(all, s)
		}
	}
	a.mu.Unlock()
	for _, s := range all {
		s.shutdown()
	}
}
