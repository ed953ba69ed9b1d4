// Package webrtc answers browser callers over WebRTC (pion/webrtc/v4) and turns each call into a
// telephony.Leg: Opus (preferred) or PCMU audio at 16 kHz frames, RFC 4733 and data-channel DTMF, and
// caption messages back to the page.
//
// HTTP surface (Server.Handler):
//
//	POST   /api/webrtc/offer       body: SDP offer (application/sdp). Answers 201 with the SDP answer after
//	                               ICE gathering completes (non-trickle), Location: /api/calls/{id} and
//	                               X-Call-Session: /api/webrtc/calls/{id}. 400 bad offer (reason in body),
//	                               403 origin, 413 too big, 415 content type, 503 too many calls.
//	PATCH  /api/webrtc/calls/{id}  optional trickle: application/trickle-ice-sdpfrag (RFC 8840 lines
//	                               "a=mid:", "a=candidate:", "a=end-of-candidates") or application/json
//	                               {"candidate","sdpMid","sdpMLineIndex"} (one object or an array). 204.
//	DELETE /api/webrtc/calls/{id}  hang up. 204, 404 when unknown.
//	GET    /api/webrtc/config      {"iceServers":[...]} for the page's RTCPeerConnection.
//
// The page opens two data channels before its offer: "captions" (server→page JSON
// {"speaker":"caller"|"bot","text":...,"final":bool}) and "dtmf" (page→server {"digit":"5"}).
package webrtc

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/google/uuid"
	"github.com/pion/ice/v4"
	"github.com/pion/interceptor"
	"github.com/pion/webrtc/v4"
	"github.com/voicegate/voicegate/audio"
	"github.com/voicegate/voicegate/telephony"
)

// Payload types we offer in answers; pion answers with the browser's numbers where they differ.
const (
	ptOpus     = 111
	ptPCMU     = 0
	ptTE48000  = 110
	ptTE8000   = 126
	opusFmtp   = "minptime=10;useinbandfec=1"
	dtmfFmtp   = "0-16"
	callsPath  = "/api/webrtc/calls/"
	recordPath = "/api/calls/"
)

// Server answers WebRTC offers and runs the handler once per call.
type Server struct {
	handler telephony.Handler
	cfg     config
	api     *webrtc.API
	log     *slog.Logger
	metrics *metrics
	mux     *http.ServeMux

	baseCtx context.Context
	stop    context.CancelFunc
	wg      sync.WaitGroup

	mu      sync.Mutex
	closed  bool
	reserve int // slots taken by offers still being answered
	legs    map[string]*Leg
}

// NewServer builds a server; handler runs in its own goroutine for every answered call.
func NewServer(handler telephony.Handler, opts ...Option) (*Server, error) {
	if handler == nil {
		return nil, fmt.Errorf("%w: nil handler", ErrBadOption)
	}
	cfg := defaultConfig()
	for _, o := range opts {
		if err := o(&cfg); err != nil {
			return nil, err
		}
	}
	m, err := newMetrics(cfg.registerer)
	if err != nil {
		return nil, err
	}
	api, err := newAPI(&cfg)
	if err != nil {
		return nil, err
	}
	ctx, stop := context.WithCancel(context.Background())
	s := &Server{
		handler: handler,
		cfg:     cfg,
		api:     api,
		log:     cfg.logger.With("component", "webrtc"),
		metrics: m,
		baseCtx: ctx,
		stop:    stop,
		legs:    map[string]*Leg{},
	}
	s.mux = http.NewServeMux()
	s.mux.HandleFunc("POST /api/webrtc/offer", s.handleOffer)
	s.mux.HandleFunc("PATCH "+callsPath+"{id}", s.handleTrickle)
	s.mux.HandleFunc("DELETE "+callsPath+"{id}", s.handleHangup)
	s.mux.HandleFunc("GET /api/webrtc/config", s.handleConfig)
	return s, nil
}

func newAPI(cfg *config) (*webrtc.API, error) {
	me := &webrtc.MediaEngine{}
	codecs := []webrtc.RTPCodecParameters{
		{RTPCodecCapability: webrtc.RTPCodecCapability{MimeType: webrtc.MimeTypeOpus, ClockRate: opusRate, Channels: 2,
			SDPFmtpLine: opusFmtp}, PayloadType: ptOpus},
		{RTPCodecCapability: webrtc.RTPCodecCapability{MimeType: webrtc.MimeTypePCMU, ClockRate: pcmuRate},
			PayloadType: ptPCMU},
		{RTPCodecCapability: webrtc.RTPCodecCapability{MimeType: "audio/telephone-event", ClockRate: opusRate,
			SDPFmtpLine: dtmfFmtp}, PayloadType: ptTE48000},
		{RTPCodecCapability: webrtc.RTPCodecCapability{MimeType: "audio/telephone-event", ClockRate: pcmuRate,
			SDPFmtpLine: dtmfFmtp}, PayloadType: ptTE8000},
	}
	for _, c := range codecs {
		if err := me.RegisterCodec(c, webrtc.RTPCodecTypeAudio); err != nil {
			return nil, fmt.Errorf("%w: register codec %s: %v", ErrBadOption, c.MimeType, err)
		}
	}
	ir := &interceptor.Registry{}
	// Sender/receiver reports only: NACK and congestion control do not help a 20 ms voice stream.
	if err := webrtc.ConfigureRTCPReports(ir); err != nil {
		return nil, fmt.Errorf("%w: interceptors: %v", ErrBadOption, err)
	}
	se := webrtc.SettingEngine{}
	if cfg.portMin != 0 {
		if err := se.SetEphemeralUDPPortRange(cfg.portMin, cfg.portMax); err != nil {
			return nil, fmt.Errorf("%w: port range: %v", ErrBadOption, err)
		}
	}
	if len(cfg.nat1to1IPs) > 0 {
		se.SetNAT1To1IPs(cfg.nat1to1IPs, cfg.nat1to1Type)
	}
	if cfg.iceDisconnected > 0 {
		se.SetICETimeouts(cfg.iceDisconnected, cfg.iceFailed, cfg.iceKeepalive)
	}
	if cfg.loopbackOnly {
		se.SetIncludeLoopbackCandidate(true)
		se.SetIPFilter(func(ip net.IP) bool { return ip.IsLoopback() })
		se.SetNetworkTypes([]webrtc.NetworkType{webrtc.NetworkTypeUDP4})
		se.SetICEMulticastDNSMode(ice.MulticastDNSModeDisabled)
	}
	for _, h := range cfg.settingHooks {
		h(&se)
	}
	return webrtc.NewAPI(webrtc.WithMediaEngine(me), webrtc.WithInterceptorRegistry(ir),
		webrtc.WithSettingEngine(se)), nil
}

// Handler serves the /api/webrtc/ endpoints.
func (s *Server) Handler() http.Handler { return s.mux }

// ServeHTTP lets the server be mounted directly.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.mux.ServeHTTP(w, r) }

// ActiveCalls is the number of calls up (or being answered).
func (s *Server) ActiveCalls() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.legs) + s.reserve
}

// Call returns a live call's leg.
func (s *Server) Call(id string) (*Leg, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	l, ok := s.legs[id]
	return l, ok
}

// Close stops accepting offers, hangs up every call and waits until handlers and media goroutines are
// done or ctx ends.
func (s *Server) Close(ctx context.Context) error {
	s.mu.Lock()
	s.closed = true
	legs := make([]*Leg, 0, len(s.legs))
	for _, l := range s.legs {
		legs = append(legs, l)
	}
	s.mu.Unlock()
	for _, l := range legs {
		l.end("server shutdown")
	}
	s.stop()
	waited := make(chan struct{})
	go func() {
		s.wg.Wait()
		close(waited)
	}()
	select {
	case <-waited:
		return nil
	case <-ctx.Done():
		return fmt.Errorf("webrtc: close: %w", ctx.Err())
	}
}

// httpError writes a plain-text error and counts the offer outcome.
func (s *Server) httpError(w http.ResponseWriter, code int, err error, offer bool) {
	if offer {
		s.metrics.offers.WithLabelValues(fmt.Sprint(code)).Inc()
	}
	if code == http.StatusServiceUnavailable {
		w.Header().Set("Retry-After", "5")
	}
	http.Error(w, err.Error(), code)
}

func (s *Server) originOK(r *http.Request) bool {
	if len(s.cfg.allowedOrigins) == 0 {
		return true
	}
	o := r.Header.Get("Origin")
	return o == "" || s.cfg.allowedOrigins[o]
}

// readBody reads a limited body; the int is the HTTP status for the error.
func (s *Server) readBody(w http.ResponseWriter, r *http.Request) ([]byte, int, error) {
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, s.cfg.maxBody))
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return nil, http.StatusRequestEntityTooLarge, fmt.Errorf("body larger than %d bytes", mbe.Limit)
		}
		return nil, http.StatusBadRequest, fmt.Errorf("read body: %w", err)
	}
	return body, 0, nil
}

func mediaType(r *http.Request) string {
	mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil {
		return ""
	}
	return mt
}

func (s *Server) handleOffer(w http.ResponseWriter, r *http.Request) {
	if !s.originOK(r) {
		s.httpError(w, http.StatusForbidden, ErrOriginNotAllowed, true)
		return
	}
	if mt := mediaType(r); mt != "application/sdp" {
		s.httpError(w, http.StatusUnsupportedMediaType,
			fmt.Errorf("%w: Content-Type must be application/sdp, got %q", ErrBadOffer, mt), true)
		return
	}
	body, code, err := s.readBody(w, r)
	if err != nil {
		s.httpError(w, code, err, true)
		return
	}
	codec, err := chooseCodec(string(body))
	if err != nil {
		s.httpError(w, http.StatusBadRequest, err, true)
		return
	}
	if err := s.take(); err != nil {
		code := http.StatusServiceUnavailable
		s.httpError(w, code, err, true)
		return
	}
	leg, answer, err := s.answer(r.Context(), string(body), codec)
	s.mu.Lock()
	s.reserve--
	if err == nil {
		s.legs[leg.id] = leg
	}
	s.mu.Unlock()
	if err != nil {
		code := http.StatusInternalServerError
		if errors.Is(err, ErrBadOffer) {
			code = http.StatusBadRequest
		}
		s.httpError(w, code, err, true)
		return
	}
	s.start(leg)
	s.metrics.offers.WithLabelValues("201").Inc()
	w.Header().Set("Content-Type", "application/sdp")
	w.Header().Set("Location", recordPath+leg.id)
	w.Header().Set("X-Call-Session", callsPath+leg.id)
	w.Header().Set("X-Call-Id", leg.id)
	w.WriteHeader(http.StatusCreated)
	if _, err := io.WriteString(w, answer); err != nil {
		s.log.Debug("write answer", "err", err)
	}
}

// take reserves a call slot.
func (s *Server) take() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return ErrServerClosed
	}
	if len(s.legs)+s.reserve >= s.cfg.maxCalls {
		return fmt.Errorf("%w: limit %d", ErrTooManyCalls, s.cfg.maxCalls)
	}
	s.reserve++
	return nil
}

// answer builds the peer connection and leg and returns the complete SDP answer.
func (s *Server) answer(ctx context.Context, offer string, codec codecKind) (*Leg, string, error) {
	pc, err := s.api.NewPeerConnection(webrtc.Configuration{ICEServers: s.cfg.iceServers})
	if err != nil {
		return nil, "", fmt.Errorf("webrtc: new peer connection: %w", err)
	}
	fail := func(err error) (*Leg, string, error) {
		if cerr := pc.Close(); cerr != nil {
			s.log.Debug("close after failed answer", "err", cerr)
		}
		return nil, "", err
	}
	id := uuid.NewString()
	lctx, cancel := context.WithCancel(s.baseCtx)
	l := &Leg{
		id:        id,
		srv:       s,
		log:       s.log.With("call_id", id, "channel", "webrtc"),
		pc:        pc,
		codec:     codec,
		created:   time.Now(),
		in:        make(chan audio.Frame, s.cfg.inQueue),
		out:       make(chan audio.Frame, s.cfg.outQueue),
		events:    make(chan telephony.Event, 16),
		done:      make(chan struct{}),
		connected: make(chan struct{}),
		ctx:       lctx,
		cancel:    cancel,
	}
	pc.OnConnectionStateChange(l.onConnectionState)
	pc.OnDataChannel(l.onDataChannel)
	// The page's SCTP association ending (tab closed, pc.close()) is the quickest sign the caller left;
	// DTLS close_notify and ICE timeouts cover peers without data channels.
	pc.SCTP().OnClose(func(error) { l.end("closed") })
	pc.OnTrack(func(t *webrtc.TrackRemote, rc *webrtc.RTPReceiver) {
		// pion already runs OnTrack in its own goroutine; count it so teardown can wait for it.
		if !l.enter() {
			return
		}
		defer l.internalWG.Done()
		l.receive(t, rc)
	})
	if err := pc.SetRemoteDescription(webrtc.SessionDescription{Type: webrtc.SDPTypeOffer, SDP: offer}); err != nil {
		cancel()
		return fail(fmt.Errorf("%w: %v", ErrBadOffer, err))
	}
	mimeType := webrtc.MimeTypeOpus
	capab := webrtc.RTPCodecCapability{MimeType: mimeType, ClockRate: opusRate, Channels: 2, SDPFmtpLine: opusFmtp}
	if codec == codecPCMU {
		capab = webrtc.RTPCodecCapability{MimeType: webrtc.MimeTypePCMU, ClockRate: pcmuRate}
	}
	track, err := webrtc.NewTrackLocalStaticSample(capab, "audio", "voicegate-"+id)
	if err != nil {
		cancel()
		return fail(fmt.Errorf("webrtc: track: %w", err))
	}
	sender, err := pc.AddTrack(track)
	if err != nil {
		cancel()
		return fail(fmt.Errorf("%w: cannot send audio: %v", ErrBadOffer, err))
	}
	l.track = track
	answer, err := pc.CreateAnswer(nil)
	if err != nil {
		cancel()
		return fail(fmt.Errorf("%w: %v", ErrBadOffer, err))
	}
	gathered := webrtc.GatheringCompletePromise(pc)
	if err := pc.SetLocalDescription(answer); err != nil {
		cancel()
		return fail(fmt.Errorf("%w: %v", ErrBadOffer, err))
	}
	gctx, gcancel := context.WithTimeout(ctx, s.cfg.gatherTimeout)
	defer gcancel()
	select {
	case <-gathered:
	case <-gctx.Done():
		if ctx.Err() != nil {
			cancel()
			return fail(fmt.Errorf("webrtc: offer abandoned: %w", ctx.Err()))
		}
		// Answer with the candidates gathered so far; the rest would need trickle from our side.
		s.log.Warn("ICE gathering timed out, answering with partial candidates", "call_id", id)
	}
	// Drain RTCP so the interceptors (sender/receiver reports) keep running.
	l.goInternal(func() {
		buf := make([]byte, 1500)
		for {
			if _, _, err := sender.Read(buf); err != nil {
				return
			}
		}
	})
	return l, pc.LocalDescription().SDP, nil
}

// start runs the leg's goroutines and the handler.
func (s *Server) start(l *Leg) {
	s.metrics.active.Inc()
	l.goInternal(l.send)
	s.wg.Add(2)
	go func() {
		defer s.wg.Done()
		l.supervise()
		s.mu.Lock()
		delete(s.legs, l.id)
		s.mu.Unlock()
		s.metrics.active.Dec()
		s.metrics.ended.WithLabelValues(reasonLabel(l.Reason())).Inc()
		s.metrics.callSeconds.Observe(time.Since(l.created).Seconds())
	}()
	go func() {
		defer s.wg.Done()
		defer func() {
			if p := recover(); p != nil {
				l.log.Error("handler panicked", "panic", p)
			}
			// When the handler returns, the call is over for the gateway.
			l.end("handler done")
		}()
		s.handler(l.ctx, l)
	}()
}

// reasonLabel keeps the metric's label set small.
func reasonLabel(r string) string {
	switch r {
	case "idle", "disconnected", "ice failed", "closed", "connect timeout", "server shutdown", "handler done",
		"remote hangup", "codec error":
		return strings.ReplaceAll(r, " ", "_")
	default:
		return "hangup"
	}
}

func (s *Server) leg(w http.ResponseWriter, r *http.Request) (*Leg, bool) {
	if !s.originOK(r) {
		s.httpError(w, http.StatusForbidden, ErrOriginNotAllowed, false)
		return nil, false
	}
	l, ok := s.Call(r.PathValue("id"))
	if !ok {
		s.httpError(w, http.StatusNotFound, ErrUnknownCall, false)
		return nil, false
	}
	return l, true
}

func (s *Server) handleHangup(w http.ResponseWriter, r *http.Request) {
	l, ok := s.leg(w, r)
	if !ok {
		return
	}
	l.end("remote hangup")
	w.WriteHeader(http.StatusNoContent)
}

func (s *Server) handleTrickle(w http.ResponseWriter, r *http.Request) {
	l, ok := s.leg(w, r)
	if !ok {
		return
	}
	body, code, err := s.readBody(w, r)
	if err != nil {
		s.httpError(w, code, err, false)
		return
	}
	var cands []webrtc.ICECandidateInit
	switch mediaType(r) {
	case "application/trickle-ice-sdpfrag":
		cands, err = parseSDPFrag(string(body))
	case "application/json":
		cands, err = parseJSONCandidates(body)
	default:
		s.httpError(w, http.StatusUnsupportedMediaType,
			fmt.Errorf("%w: use application/trickle-ice-sdpfrag or application/json", ErrBadCandidate), false)
		return
	}
	if err != nil {
		s.httpError(w, http.StatusBadRequest, err, false)
		return
	}
	for _, c := range cands {
		if err := l.pc.AddICECandidate(c); err != nil {
			s.httpError(w, http.StatusBadRequest, fmt.Errorf("%w: %v", ErrBadCandidate, err), false)
			return
		}
	}
	w.WriteHeader(http.StatusNoContent)
}

// parseSDPFrag reads RFC 8840 trickle lines; end-of-candidates needs no action with pion.
func parseSDPFrag(frag string) ([]webrtc.ICECandidateInit, error) {
	var out []webrtc.ICECandidateInit
	var mid *string
	for _, line := range strings.Split(frag, "\n") {
		line = strings.TrimSpace(line)
		switch {
		case strings.HasPrefix(line, "a=mid:"):
			m := strings.TrimPrefix(line, "a=mid:")
			mid = &m
		case strings.HasPrefix(line, "a=candidate:"):
			out = append(out, webrtc.ICECandidateInit{Candidate: strings.TrimPrefix(line, "a="), SDPMid: mid})
		}
	}
	if len(out) == 0 && !strings.Contains(frag, "a=end-of-candidates") {
		return nil, fmt.Errorf("%w: no a=candidate line", ErrBadCandidate)
	}
	return out, nil
}

func parseJSONCandidates(b []byte) ([]webrtc.ICECandidateInit, error) {
	var many []webrtc.ICECandidateInit
	if err := json.Unmarshal(b, &many); err == nil {
		return many, nil
	}
	var one webrtc.ICECandidateInit
	if err := json.Unmarshal(b, &one); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrBadCandidate, err)
	}
	if one.Candidate == "" {
		return nil, nil // end of candidates
	}
	return []webrtc.ICECandidateInit{one}, nil
}

func (s *Server) handleConfig(w http.ResponseWriter, r *http.Request) {
	if !s.originOK(r) {
		s.httpError(w, http.StatusForbidden, ErrOriginNotAllowed, false)
		return
	}
	type server struct {
		URLs       []string `json:"urls"`
		Username   string   `json:"username,omitempty"`
		Credential any      `json:"credential,omitempty"`
	}
	out := struct {
		ICEServers []server `json:"iceServers"`
	}{ICEServers: []server{}}
	for _, is := range s.cfg.iceServers {
		out.ICEServers = append(out.ICEServers, server{URLs: is.URLs, Username: is.Username, Credential: is.Credential})
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	if err := json.NewEncoder(w).Encode(out); err != nil {
		s.log.Debug("write config", "err", err)
	}
}
