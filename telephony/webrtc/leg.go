package webrtc

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/pion/rtp"
	"github.com/pion/webrtc/v4"
	"github.com/pion/webrtc/v4/pkg/media"
	"github.com/voicegate/voicegate/audio"
	"github.com/voicegate/voicegate/telephony"
)

// Captioner is implemented by legs that can show the caller live captions of what the bot heard and said.
// The gateway type-asserts a telephony.Leg to it.
type Captioner interface {
	// Caption sends one caption; speaker is "caller" or "bot", final false marks a partial result.
	Caption(speaker, text string, final bool)
}

// Caption is the JSON message sent on the "captions" data channel.
type Caption struct {
	Speaker string `json:"speaker"`
	Text    string `json:"text"`
	Final   bool   `json:"final"`
}

// Data channel labels the page opens before its offer.
const (
	captionsLabel = "captions"
	dtmfLabel     = "dtmf"
)

const (
	framePeriod      = audio.FrameDuration
	maxPendingCaps   = 64
	maxConcealedRun  = 10                     // longer gaps are a stream restart, not loss
	resyncAfter      = 200 * time.Millisecond // a stall this long restarts the send schedule instead of bursting
	watchdogInterval = 250 * time.Millisecond
)

var (
	_ telephony.Leg = (*Leg)(nil)
	_ Captioner     = (*Leg)(nil)
)

// Leg is one browser call. It implements telephony.Leg and Captioner.
type Leg struct {
	id      string
	srv     *Server
	log     *slog.Logger
	pc      *webrtc.PeerConnection
	codec   codecKind
	track   *webrtc.TrackLocalStaticSample
	created time.Time

	in        chan audio.Frame
	out       chan audio.Frame
	events    chan telephony.Event
	done      chan struct{}
	connected chan struct{}
	connOnce  sync.Once

	played     atomic.Int64
	received   atomic.Int64
	lastRTP    atomic.Int64 // unix nanos of the last caller packet
	discSince  atomic.Int64 // unix nanos when the session went disconnected, 0 when not
	ctx        context.Context
	cancel     context.CancelFunc
	internalWG sync.WaitGroup

	mu          sync.Mutex
	closed      bool
	reason      string
	captions    *webrtc.DataChannel
	captionsUp  bool
	pendingCaps [][]byte
}

// ID is the call id (also in the offer's Location header).
func (l *Leg) ID() string { return l.id }

// Channel is always "webrtc".
func (l *Leg) Channel() string { return "webrtc" }

// Codec is the negotiated audio codec ("opus" or "pcmu").
func (l *Leg) Codec() string { return l.codec.String() }

// Read returns the next 20 ms caller frame. After the caller is gone it still hands out frames already
// decoded, then an error wrapping telephony.ErrHangup.
func (l *Leg) Read(ctx context.Context) (audio.Frame, error) {
	select {
	case f := <-l.in:
		return f, nil
	default:
	}
	select {
	case f := <-l.in:
		return f, nil
	case <-ctx.Done():
		return audio.Frame{}, ctx.Err()
	case <-l.done:
		select {
		case f := <-l.in:
			return f, nil
		default:
			return audio.Frame{}, l.hangupErr()
		}
	}
}

// Write queues one bot frame, blocking while the playout queue is full.
func (l *Leg) Write(ctx context.Context, f audio.Frame) error {
	select {
	case <-l.done:
		return l.hangupErr()
	default:
	}
	select {
	case l.out <- f:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	case <-l.done:
		return l.hangupErr()
	}
}

// Flush drops queued bot audio (barge-in) and returns how many frames were dropped.
func (l *Leg) Flush() int {
	n := 0
	for {
		select {
		case <-l.out:
			n++
		default:
			l.srv.metrics.framesFlushed.Add(float64(n))
			return n
		}
	}
}

// Played is the number of bot frames sent to the browser so far.
func (l *Leg) Played() int64 { return l.played.Load() }

// Received is the number of caller frames decoded so far.
func (l *Leg) Received() int64 { return l.received.Load() }

// Events delivers DTMF keys and the final hangup; it is closed when the leg ends.
func (l *Leg) Events() <-chan telephony.Event { return l.events }

// Done is closed when the call is over.
func (l *Leg) Done() <-chan struct{} { return l.done }

// Hangup ends the call from our side.
func (l *Leg) Hangup(_ context.Context, reason string) error {
	if reason == "" {
		reason = "hangup"
	}
	l.end(reason)
	return nil
}

// Reason says why the call ended ("" while it is up).
func (l *Leg) Reason() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.reason
}

// Caption sends a caption to the page over the "captions" data channel; captions sent before the channel
// opens are held (up to 64) and sent when it does. After the call ends they are dropped.
func (l *Leg) Caption(speaker, text string, final bool) {
	msg, err := json.Marshal(Caption{Speaker: speaker, Text: text, Final: final})
	if err != nil {
		return
	}
	l.mu.Lock()
	if l.closed {
		l.mu.Unlock()
		return
	}
	dc, up := l.captions, l.captionsUp
	if !up {
		if len(l.pendingCaps) < maxPendingCaps {
			l.pendingCaps = append(l.pendingCaps, msg)
		}
		l.mu.Unlock()
		return
	}
	l.mu.Unlock()
	if err := dc.SendText(string(msg)); err != nil {
		l.log.Debug("caption not sent", "err", err)
	}
}

func (l *Leg) hangupErr() error {
	return fmt.Errorf("%w: %s", telephony.ErrHangup, l.Reason())
}

// emit delivers an event unless the leg is closed; a full queue drops it rather than stall the media path.
func (l *Leg) emit(ev telephony.Event) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.closed {
		return
	}
	select {
	case l.events <- ev:
	default:
		l.log.Warn("event dropped, queue full", "kind", ev.Kind)
	}
}

// end closes the leg once: hangup event, events closed, handler ctx cancelled, Done closed. The peer
// connection is torn down by the leg's supervisor goroutine, never inside a pion callback.
func (l *Leg) end(reason string) {
	l.mu.Lock()
	if l.closed {
		l.mu.Unlock()
		return
	}
	l.closed = true
	l.reason = reason
	select {
	case l.events <- telephony.Event{Kind: telephony.EventHangup, Reason: reason, At: time.Now()}:
	default:
	}
	close(l.events)
	l.pendingCaps = nil
	l.mu.Unlock()
	l.cancel()
	close(l.done)
	l.log.Info("call ended", "reason", reason)
}

// goInternal runs f as one of the leg's media goroutines unless the leg is already closed, so the
// supervisor can wait for all of them.
func (l *Leg) goInternal(f func()) {
	if !l.enter() {
		return
	}
	go func() {
		defer l.internalWG.Done()
		f()
	}()
}

// enter counts one media goroutine unless the leg is closed (the supervisor's Wait starts only after).
func (l *Leg) enter() bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.closed {
		return false
	}
	l.internalWG.Add(1)
	return true
}

// supervise ends the call on timeouts and, once it has ended, closes the peer connection and waits for
// the media goroutines.
func (l *Leg) supervise() {
	t := time.NewTicker(watchdogInterval)
	defer t.Stop()
	cfg := &l.srv.cfg
loop:
	for {
		select {
		case <-l.done:
			break loop
		case now := <-t.C:
			select {
			case <-l.connected:
				if last := time.Unix(0, l.lastRTP.Load()); now.Sub(last) > cfg.idleTimeout {
					l.end("idle")
				}
				if d := l.discSince.Load(); d != 0 && now.Sub(time.Unix(0, d)) > cfg.disconnectTimeout {
					l.end("disconnected")
				}
			default:
				if now.Sub(l.created) > cfg.connectTimeout {
					l.end("connect timeout")
				}
			}
		}
	}
	if err := l.pc.Close(); err != nil {
		l.log.Debug("peer connection close", "err", err)
	}
	l.internalWG.Wait()
}

func (l *Leg) onConnectionState(s webrtc.PeerConnectionState) {
	l.log.Debug("connection state", "state", s.String())
	switch s {
	case webrtc.PeerConnectionStateConnected:
		l.discSince.Store(0)
		l.lastRTP.Store(time.Now().UnixNano())
		l.connOnce.Do(func() { close(l.connected) })
	case webrtc.PeerConnectionStateDisconnected:
		l.discSince.CompareAndSwap(0, time.Now().UnixNano())
	case webrtc.PeerConnectionStateFailed:
		l.end("ice failed")
	case webrtc.PeerConnectionStateClosed:
		l.end("closed")
	default:
	}
}

func (l *Leg) onDataChannel(dc *webrtc.DataChannel) {
	switch dc.Label() {
	case captionsLabel:
		dc.OnOpen(func() {
			l.mu.Lock()
			if l.closed {
				l.mu.Unlock()
				return
			}
			l.captions, l.captionsUp = dc, true
			pending := l.pendingCaps
			l.pendingCaps = nil
			l.mu.Unlock()
			for _, m := range pending {
				if err := dc.SendText(string(m)); err != nil {
					l.log.Debug("caption not sent", "err", err)
				}
			}
		})
		dc.OnClose(func() {
			l.mu.Lock()
			l.captionsUp = false
			l.mu.Unlock()
		})
	case dtmfLabel:
		dc.OnMessage(func(msg webrtc.DataChannelMessage) {
			for _, d := range parseKeypadMessage(msg.Data) {
				l.srv.metrics.dtmf.WithLabelValues("datachannel").Inc()
				l.emit(telephony.Event{Kind: telephony.EventDTMF, Digit: d, At: time.Now()})
			}
		})
	default:
		l.log.Debug("unknown data channel", "label", dc.Label())
	}
}

// parseKeypadMessage reads keys from the page's "dtmf" channel: JSON {"digit":"5"} or plain text "5";
// anything that is not a DTMF key is ignored.
func parseKeypadMessage(b []byte) []rune {
	var m struct {
		Digit string `json:"digit"`
	}
	s := string(b)
	if json.Unmarshal(b, &m) == nil {
		s = m.Digit
	}
	if len(s) > 32 {
		s = s[:32]
	}
	var out []rune
	for _, r := range s {
		if ev, ok := digitEvent(r); ok {
			out = append(out, rune(dtmfDigits[ev]))
		}
	}
	return out
}

// payloadKinds maps the negotiated payload types of the receiver.
type payloadKinds struct {
	audio map[uint8]codecKind
	te    map[uint8]bool
}

func receiverPayloads(params webrtc.RTPParameters) payloadKinds {
	p := payloadKinds{audio: map[uint8]codecKind{}, te: map[uint8]bool{}}
	for _, c := range params.Codecs {
		switch strings.ToLower(c.MimeType) {
		case "audio/opus":
			p.audio[uint8(c.PayloadType)] = codecOpus
		case "audio/pcmu":
			p.audio[uint8(c.PayloadType)] = codecPCMU
		case "audio/telephone-event":
			p.te[uint8(c.PayloadType)] = true
		}
	}
	return p
}

// receive reads the caller's RTP: audio is decoded into frames, RFC 4733 packets become DTMF events.
func (l *Leg) receive(track *webrtc.TrackRemote, receiver *webrtc.RTPReceiver) {
	if track.Kind() != webrtc.RTPCodecTypeAudio {
		return
	}
	pts := receiverPayloads(receiver.GetParameters())
	decoders := map[codecKind]*inbound{}
	var det dtmfDetector
	var lastSeq uint16
	haveSeq := false
	frames := make([]audio.Frame, 0, 8)
	m := l.srv.metrics
	for {
		pkt, _, err := track.ReadRTP()
		if err != nil {
			return
		}
		l.lastRTP.Store(time.Now().UnixNano())
		gap := 0
		if haveSeq {
			d := pkt.SequenceNumber - lastSeq
			if d == 0 || d > 0x8000 {
				m.framesDropped.WithLabelValues("rtp").Inc() // duplicate or late
				continue
			}
			if d > 1 && d <= maxConcealedRun {
				gap = int(d) - 1
			}
		}
		lastSeq, haveSeq = pkt.SequenceNumber, true
		if pts.te[pkt.PayloadType] {
			l.onTelephoneEvent(&det, pkt)
			continue
		}
		kind, ok := pts.audio[pkt.PayloadType]
		if !ok {
			m.framesDropped.WithLabelValues("rtp").Inc()
			continue
		}
		dec := decoders[kind]
		if dec == nil {
			if dec, err = newInbound(kind); err != nil {
				l.log.Error("decoder", "err", err)
				l.end("codec error")
				return
			}
			decoders[kind] = dec
		}
		frames = frames[:0]
		for range gap {
			frames = dec.conceal(frames)
			m.concealed.Inc()
		}
		if frames, err = dec.decode(frames, pkt.Payload); err != nil {
			m.framesDropped.WithLabelValues("rtp").Inc()
			continue
		}
		for i := range frames {
			l.deliver(frames[i])
		}
	}
}

func (l *Leg) onTelephoneEvent(det *dtmfDetector, pkt *rtp.Packet) {
	ev, err := ParseTelephoneEvent(pkt.Payload)
	if err != nil {
		l.srv.metrics.framesDropped.WithLabelValues("rtp").Inc()
		return
	}
	if d, ok := det.push(pkt.Timestamp, ev); ok {
		l.srv.metrics.dtmf.WithLabelValues("rfc4733").Inc()
		l.emit(telephony.Event{Kind: telephony.EventDTMF, Digit: d, At: time.Now()})
	}
}

// deliver hands a caller frame to Read; if the handler has fallen a whole queue behind, the oldest frame
// goes, so latency stays bounded.
func (l *Leg) deliver(f audio.Frame) {
	l.received.Add(1)
	l.srv.metrics.framesIn.Inc()
	for {
		select {
		case l.in <- f:
			return
		default:
		}
		select {
		case <-l.in:
			l.srv.metrics.framesDropped.WithLabelValues("in").Inc()
		default:
		}
	}
}

// send plays bot audio at 20 ms on an absolute monotonic schedule (no drift from sleep overshoot), silence
// when nothing is queued, so the browser's jitter buffer sees a steady stream.
func (l *Leg) send() {
	select {
	case <-l.connected:
	case <-l.done:
		return
	}
	enc, err := newOutbound(l.codec)
	if err != nil {
		l.log.Error("encoder", "err", err)
		l.end("codec error")
		return
	}
	m := l.srv.metrics
	observe := l.srv.cfg.jitterObserver
	timer := time.NewTimer(framePeriod)
	defer timer.Stop()
	start := time.Now()
	var silence audio.Frame
	for n := int64(1); ; n++ {
		due := start.Add(time.Duration(n) * framePeriod)
		timer.Reset(time.Until(due))
		select {
		case <-l.done:
			return
		case <-timer.C:
		}
		late := time.Since(due)
		m.sendJitter.Observe(late.Seconds())
		if observe != nil {
			observe(late)
		}
		if late > resyncAfter {
			start, n = time.Now(), 0
		}
		f, real := &silence, false
		var queued audio.Frame
		select {
		case queued = <-l.out:
			f, real = &queued, true
		default:
		}
		payload, err := enc.encode(f)
		if err != nil {
			l.log.Error("encode", "err", err)
			continue
		}
		if err := l.track.WriteSample(media.Sample{Data: payload, Duration: framePeriod}); err != nil {
			l.log.Debug("write sample", "err", err)
		}
		if real {
			l.played.Add(1)
			m.framesOut.Inc()
		}
	}
}
