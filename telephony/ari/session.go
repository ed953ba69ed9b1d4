package ari

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/CyCoreSystems/ari/v5"

	"github.com/voicegate/voicegate/telephony"
)

var errCallerGone = errors.New("caller gone")

// session is one answered caller: setup, media, handler, teardown. Its events arrive through an
// unbounded queue so the websocket reader never waits on a call.
type session struct {
	a        *App
	log      *slog.Logger
	callerID string
	emID     string
	bridgeID string

	qmu   sync.Mutex
	queue []ari.Event
	qsig  chan struct{}

	gone       chan struct{} // caller left Stasis / hung up
	goneOnce   sync.Once
	goneReason string
	emReady    chan struct{}
	emOnce     sync.Once
	stopCh     chan struct{} // we end the call
	stopOnce   sync.Once
	stopReason string
	finished   chan struct{}

	media *media

	vmu         sync.Mutex
	views       []*legView
	current     *legView
	transferred bool // caller left via dialplan handoff: do not hang it up
	agentWG     sync.WaitGroup
	emCreated   bool
	brCreated   bool
	tearingDown bool
}

func newSession(a *App, e *ari.StasisStart) *session {
	id := e.Channel.ID
	s := &session{
		a: a, callerID: id, emID: "vg-em-" + id, bridgeID: "vg-br-" + id,
		log:  a.log.With("call_id", id, "channel", "ari"),
		qsig: make(chan struct{}, 1), gone: make(chan struct{}), emReady: make(chan struct{}),
		stopCh: make(chan struct{}), finished: make(chan struct{}),
	}
	s.current = newLegView(s)
	s.views = append(s.views, s.current)
	return s
}

func (s *session) push(ev ari.Event) {
	s.qmu.Lock()
	s.queue = append(s.queue, ev)
	s.qmu.Unlock()
	select {
	case s.qsig <- struct{}{}:
	default:
	}
}

func (s *session) callerGone(reason string) {
	s.goneOnce.Do(func() {
		s.goneReason = reason
		close(s.gone)
	})
}

func (s *session) requestStop(reason string) {
	s.stopOnce.Do(func() {
		s.stopReason = reason
		close(s.stopCh)
	})
}

func (s *session) shutdown() { s.requestStop("shutdown") }

func (s *session) isGone() bool {
	select {
	case <-s.gone:
		return true
	default:
		return false
	}
}

// eventLoop applies this call's events in order until the session is finished.
func (s *session) eventLoop() {
	defer func() {
		s.vmu.Lock()
		for _, v := range s.views {
			close(v.events)
		}
		s.views = nil
		s.vmu.Unlock()
	}()
	for {
		select {
		case <-s.finished:
			return
		case <-s.qsig:
		}
		s.qmu.Lock()
		batch := s.queue
		s.queue = nil
		s.qmu.Unlock()
		for _, ev := range batch {
			s.apply(ev)
		}
	}
}

func (s *session) apply(ev ari.Event) {
	switch e := ev.(type) {
	case *ari.StasisStart:
		if e.Channel.ID == s.emID {
			s.emOnce.Do(func() { close(s.emReady) })
		}
	case *ari.ChannelHangupRequest:
		if e.Channel.ID == s.callerID {
			s.callerGone("hangup cause " + strconv.Itoa(e.Cause))
		}
	case *ari.StasisEnd:
		if e.Channel.ID == s.callerID {
			s.callerGone("stasis end")
		} else if e.Channel.ID == s.emID {
			s.vmu.Lock()
			expected := s.tearingDown
			s.vmu.Unlock()
			if !expected {
				s.requestStop("external media channel ended")
			}
		}
	case *ari.ChannelDtmfReceived:
		if e.Channel.ID != s.callerID || e.Digit == "" {
			return
		}
		d, _ := utf8.DecodeRuneInString(e.Digit)
		s.vmu.Lock()
		cur := s.current
		s.vmu.Unlock()
		if cur == nil {
			return
		}
		select {
		case cur.events <- telephony.Event{Kind: telephony.EventDTMF, Digit: d, At: time.Time(e.Timestamp)}:
		default:
			s.log.Warn("DTMF dropped: leg events not read", "digit", e.Digit)
		}
	}
}

func (s *session) run(ctx context.Context) {
	defer s.a.wg.Done()
	defer s.a.unregister(s)
	evDone := make(chan struct{})
	go func() {
		defer close(evDone)
		s.eventLoop()
	}()
	outcome := s.serve(ctx)
	s.teardown()
	close(s.finished)
	<-evDone
	s.a.m.calls.WithLabelValues(outcome).Inc()
	s.log.Info("ARI call ended", "outcome", outcome)
}

// step runs one setup REST call unless the caller already left.
func (s *session) step(name string, f func() error) error {
	if s.isGone() {
		return errCallerGone
	}
	if err := f(); err != nil {
		if s.isGone() {
			return errCallerGone
		}
		return fmt.Errorf("%w: %s: %w", ErrSetup, name, err)
	}
	return nil
}

func (s *session) serve(ctx context.Context) string {
	a := s.a
	ch := a.rest.Channel()
	caller := ari.NewKey(ari.ChannelKey, s.callerID)
	brKey := ari.NewKey(ari.BridgeKey, s.bridgeID)
	emKey := ari.NewKey(ari.ChannelKey, s.emID)
	fail := func(err error) string {
		if errors.Is(err, errCallerGone) {
			return "abandoned_setup"
		}
		s.log.Error("ARI call setup failed", "error", err)
		return "setup_failed"
	}
	if err := s.step("answer", func() error { return ch.Answer(caller) }); err != nil {
		return fail(err)
	}
	if err := s.step("create bridge", func() error {
		_, err := a.rest.Bridge().Create(brKey, "mixing,dtmf_events", "")
		if err == nil {
			s.vmu.Lock()
			s.brCreated = true
			s.vmu.Unlock()
		}
		return err
	}); err != nil {
		return fail(err)
	}
	if err := s.step("add caller", func() error { return a.rest.Bridge().AddChannel(brKey, s.callerID) }); err != nil {
		return fail(err)
	}
	sock, err := listenRTP(a.cfg.RTPHost, a.cfg.RTPPortMin, a.cfg.RTPPortMax)
	if err != nil {
		return fail(err)
	}
	s.media = newMedia(sock, a.cfg.JitterDepth, a.m)
	a.register(s.emID, s)
	if err := s.step("external media", func() error {
		_, err := ch.ExternalMedia(caller, ari.ExternalMediaOptions{
			ChannelID: s.emID, App: a.cfg.App, ExternalHost: sock.LocalAddr().String(),
			Encapsulation: "rtp", Transport: "udp", ConnectionType: "client", Format: "ulaw", Direction: "both",
		})
		if err == nil {
			s.vmu.Lock()
			s.emCreated = true
			s.vmu.Unlock()
		}
		return err
	}); err != nil {
		return fail(err)
	}
	// ari v5.3.1 throws away the externalMedia response (and its channelvars): ask for them.
	var host, port string
	if err := s.step("rtp address", func() error {
		var err error
		if host, err = ch.GetVariable(emKey, "UNICASTRTP_LOCAL_ADDRESS"); err != nil {
			return err
		}
		port, err = ch.GetVariable(emKey, "UNICASTRTP_LOCAL_PORT")
		return err
	}); err != nil {
		return fail(err)
	}
	s.media.setPeer(host, port)
	// The external media channel must be in Stasis before it can join the bridge.
	timer := time.NewTimer(a.cfg.RequestTimeout)
	select {
	case <-s.emReady:
		timer.Stop()
	case <-s.gone:
		timer.Stop()
		return fail(errCallerGone)
	case <-s.stopCh:
		timer.Stop()
		return "ended_setup"
	case <-timer.C:
		return fail(fmt.Errorf("%w: external media channel never entered Stasis", ErrSetup))
	}
	if err := s.step("add external media", func() error { return a.rest.Bridge().AddChannel(brKey, s.emID) }); err != nil {
		return fail(err)
	}
	s.media.start(a.sched)
	hctx, hcancel := context.WithCancel(ctx)
	defer hcancel()
	handlerDone := make(chan struct{})
	gw := s.current
	go func() {
		defer close(handlerDone)
		a.handler(hctx, gw)
	}()
	s.log.Info("ARI call answered", "rtp_local", sock.LocalAddr().String(), "rtp_peer", net.JoinHostPort(host, port))
	outcome := ""
	for outcome == "" {
		select {
		case <-s.gone:
			outcome = "hangup"
		case <-s.stopCh:
			outcome = "ended"
			if strings.HasPrefix(s.stopReason, "transfer") {
				outcome = "transferred"
			}
		case <-ctx.Done():
			outcome = "shutdown"
		case <-handlerDone:
			if s.agentActive() {
				handlerDone = nil // the agent connector owns the call now
				continue
			}
			outcome = "handler_done"
		}
	}
	hcancel()
	s.detachAll()
	if handlerDone != nil {
		// The handler must return once its leg is done; a stuck one is reported, not waited on forever,
		// so the call's resources are still freed.
		select {
		case <-handlerDone:
		case <-time.After(5 * time.Second):
			s.log.Error("call handler did not return 5s after its leg ended")
		}
	}
	s.agentWG.Wait()
	return outcome
}

func (s *session) agentActive() bool {
	s.vmu.Lock()
	defer s.vmu.Unlock()
	return s.current != nil && len(s.views) > 1
}

func (s *session) detachAll() {
	s.vmu.Lock()
	defer s.vmu.Unlock()
	for _, v := range s.views {
		v.detach()
	}
	s.current = nil
}

// teardown frees everything the call holds, whatever stage it reached.
func (s *session) teardown() {
	s.detachAll()
	if s.media != nil {
		s.media.close()
	}
	s.vmu.Lock()
	s.tearingDown = true
	transferred, em, br := s.transferred, s.emCreated, s.brCreated
	s.vmu.Unlock()
	if transferred {
		return
	}
	rest := s.a.rest
	if em {
		if err := rest.Channel().Hangup(ari.NewKey(ari.ChannelKey, s.emID), "normal"); err != nil {
			s.log.Debug("hangup external media", "error", err) // usually already gone with the caller
		}
	}
	if br {
		_ = rest.Bridge().Delete(ari.NewKey(ari.BridgeKey, s.bridgeID))
	}
	if !s.isGone() {
		_ = rest.Channel().Hangup(ari.NewKey(ari.ChannelKey, s.callerID), "normal")
	}
}

// transfer implements telephony.Transferer for the view v.
func (s *session) transfer(ctx context.Context, v *legView, t telephony.Transfer) error {
	s.vmu.Lock()
	if s.current != v {
		s.vmu.Unlock()
		return telephony.ErrLegClosed
	}
	s.vmu.Unlock()
	if s.a.cfg.Handoff.Mode == HandoffAgents {
		return s.transferToAgent(ctx, v, t)
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	rest := s.a.rest
	caller := ari.NewKey(ari.ChannelKey, s.callerID)
	vars := [][2]string{
		{"__VG_CALL_ID", t.CallID}, {"__VG_INTENT", t.Intent}, {"__VG_REASON", t.Reason},
		{"__VG_SUMMARY", truncate(t.Summary, s.a.cfg.SummaryMax)},
	}
	for k, val := range t.Vars {
		if !strings.HasPrefix(k, "_") {
			k = "__" + k
		}
		vars = append(vars, [2]string{k, val})
	}
	for _, kv := range vars {
		if kv[1] == "" {
			continue
		}
		if err := rest.Channel().SetVariable(caller, kv[0], kv[1]); err != nil {
			return fmt.Errorf("%w: set %s: %w", ErrTransfer, kv[0], err)
		}
	}
	// From here on the caller leaves us: stop our audio first so nothing is sent into a dying bridge.
	s.vmu.Lock()
	s.tearingDown = true
	s.vmu.Unlock()
	s.media.close()
	brKey := ari.NewKey(ari.BridgeKey, s.bridgeID)
	if err := rest.Bridge().RemoveChannel(brKey, s.callerID); err != nil {
		s.requestStop("transfer failed")
		return fmt.Errorf("%w: remove caller from bridge: %w", ErrTransfer, err)
	}
	if err := rest.Channel().Hangup(ari.NewKey(ari.ChannelKey, s.emID), "normal"); err != nil {
		s.log.Warn("handoff: hangup external media failed", "error", err)
	}
	if err := rest.Bridge().Delete(brKey); err != nil {
		s.log.Warn("handoff: destroy bridge failed", "error", err)
	}
	s.vmu.Lock()
	s.emCreated, s.brCreated = false, false
	s.vmu.Unlock()
	h := s.a.cfg.Handoff
	if err := rest.Channel().Continue(caller, h.Context, h.Extension, h.Priority); err != nil {
		s.requestStop("transfer failed")
		return fmt.Errorf("%w: continue to %s,%s,%d: %w", ErrTransfer, h.Context, h.Extension, h.Priority, err)
	}
	s.vmu.Lock()
	s.transferred = true
	s.vmu.Unlock()
	s.log.Info("ARI call handed to dialplan", "context", h.Context, "extension", h.Extension, "intent", t.Intent)
	s.requestStop("transfer")
	return nil
}

// transferToAgent keeps the caller bridged with our ExternalMedia channel and gives the media to the
// AgentConnector through a fresh view; the gateway's view is detached.
func (s *session) transferToAgent(ctx context.Context, v *legView, t telephony.Transfer) error {
	agentView := newLegView(s)
	s.vmu.Lock()
	if s.views == nil {
		s.vmu.Unlock()
		return telephony.ErrLegClosed
	}
	s.views = append(s.views, agentView)
	s.current = agentView
	s.agentWG.Add(1)
	s.vmu.Unlock()
	v.detach()
	s.log.Info("ARI call handed to a voicegate agent", "intent", t.Intent)
	go func() {
		defer s.agentWG.Done()
		actx, cancel := context.WithCancel(context.WithoutCancel(ctx))
		defer cancel()
		go func() {
			select {
			case <-agentView.done:
				cancel()
			case <-actx.Done():
			}
		}()
		if err := s.a.agents.ConnectAgent(actx, t, agentView); err != nil {
			s.log.Warn("agent connector ended with error", "error", err)
		}
		s.requestStop("agent finished")
	}()
	return nil
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	cut := n
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut]
}
