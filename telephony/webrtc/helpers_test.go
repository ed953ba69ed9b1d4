package webrtc

import (
	"context"
	"encoding/json"
	"io"
	"math"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pion/ice/v4"
	"github.com/pion/rtp"
	"github.com/pion/webrtc/v4"
	"github.com/voicegate/voicegate/audio"
	"github.com/voicegate/voicegate/telephony"
)

var (
	clientOpus = webrtc.RTPCodecParameters{RTPCodecCapability: webrtc.RTPCodecCapability{
		MimeType: webrtc.MimeTypeOpus, ClockRate: 48000, Channels: 2, SDPFmtpLine: "minptime=10;useinbandfec=1"},
		PayloadType: 109}
	clientPCMU = webrtc.RTPCodecParameters{RTPCodecCapability: webrtc.RTPCodecCapability{
		MimeType: webrtc.MimeTypePCMU, ClockRate: 8000}, PayloadType: 0}
	clientG722 = webrtc.RTPCodecParameters{RTPCodecCapability: webrtc.RTPCodecCapability{
		MimeType: webrtc.MimeTypeG722, ClockRate: 8000}, PayloadType: 9}
	clientTE48 = webrtc.RTPCodecParameters{RTPCodecCapability: webrtc.RTPCodecCapability{
		MimeType: "audio/telephone-event", ClockRate: 48000, SDPFmtpLine: "0-15"}, PayloadType: 101}
	clientTE8 = webrtc.RTPCodecParameters{RTPCodecCapability: webrtc.RTPCodecCapability{
		MimeType: "audio/telephone-event", ClockRate: 8000, SDPFmtpLine: "0-15"}, PayloadType: 126}
)

// rawTrack is a client TrackLocal that writes whole RTP packets with any payload type, so a test can
// interleave audio and RFC 4733 events the way a browser does and leave gaps to simulate loss.
type rawTrack struct {
	mu     sync.Mutex
	bound  chan struct{}
	once   sync.Once
	w      webrtc.TrackLocalWriter
	ssrc   webrtc.SSRC
	codecs []webrtc.RTPCodecParameters
	sel    webrtc.RTPCodecParameters
	seq    uint16
}

func newRawTrack() *rawTrack { return &rawTrack{bound: make(chan struct{})} }

func (r *rawTrack) Bind(c webrtc.TrackLocalContext) (webrtc.RTPCodecParameters, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.codecs = c.CodecParameters()
	for _, p := range r.codecs {
		m := strings.ToLower(p.MimeType)
		if m == "audio/opus" || m == "audio/pcmu" {
			r.sel = p
			break
		}
	}
	if r.sel.MimeType == "" {
		return webrtc.RTPCodecParameters{}, webrtc.ErrUnsupportedCodec
	}
	r.w, r.ssrc = c.WriteStream(), c.SSRC()
	r.once.Do(func() { close(r.bound) })
	return r.sel, nil
}

func (r *rawTrack) Unbind(webrtc.TrackLocalContext) error { return nil }
func (r *rawTrack) ID() string                            { return "audio" }
func (r *rawTrack) RID() string                           { return "" }
func (r *rawTrack) StreamID() string                      { return "client" }
func (r *rawTrack) Kind() webrtc.RTPCodecType             { return webrtc.RTPCodecTypeAudio }

func (r *rawTrack) kind() codecKind {
	r.mu.Lock()
	defer r.mu.Unlock()
	if strings.EqualFold(r.sel.MimeType, webrtc.MimeTypeOpus) {
		return codecOpus
	}
	return codecPCMU
}

func (r *rawTrack) tePT() (uint8, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, p := range r.codecs {
		if strings.EqualFold(p.MimeType, "audio/telephone-event") && p.ClockRate == r.sel.ClockRate {
			return uint8(p.PayloadType), true
		}
	}
	return 0, false
}

// write sends one packet; skip>0 burns sequence numbers first (simulated loss).
func (r *rawTrack) write(pt uint8, ts uint32, marker bool, payload []byte, skip uint16) error {
	r.mu.Lock()
	r.seq += skip
	h := rtp.Header{Version: 2, PayloadType: pt, SequenceNumber: r.seq, Timestamp: ts, SSRC: uint32(r.ssrc),
		Marker: marker}
	r.seq++
	w := r.w
	r.mu.Unlock()
	_, err := w.WriteRTP(&h, payload)
	return err
}

// testClient is a pion PeerConnection standing in for the browser.
type testClient struct {
	t        testing.TB
	pc       *webrtc.PeerConnection
	track    *rawTrack
	remote   chan *webrtc.TrackRemote
	captions chan Caption
	dtmf     *webrtc.DataChannel
	dtmfOpen chan struct{}
	session  string
	id       string
}

type clientOpt func(*webrtc.SettingEngine)

func newTestClient(t testing.TB, codecs []webrtc.RTPCodecParameters, opts ...clientOpt) *testClient {
	t.Helper()
	me := &webrtc.MediaEngine{}
	for _, c := range codecs {
		if err := me.RegisterCodec(c, webrtc.RTPCodecTypeAudio); err != nil {
			t.Fatalf("register %s: %v", c.MimeType, err)
		}
	}
	se := webrtc.SettingEngine{}
	se.SetIncludeLoopbackCandidate(true)
	se.SetIPFilter(func(ip net.IP) bool { return ip.IsLoopback() })
	se.SetNetworkTypes([]webrtc.NetworkType{webrtc.NetworkTypeUDP4})
	se.SetICEMulticastDNSMode(ice.MulticastDNSModeDisabled)
	for _, o := range opts {
		o(&se)
	}
	api := webrtc.NewAPI(webrtc.WithMediaEngine(me), webrtc.WithSettingEngine(se))
	pc, err := api.NewPeerConnection(webrtc.Configuration{})
	if err != nil {
		t.Fatal(err)
	}
	c := &testClient{t: t, pc: pc, remote: make(chan *webrtc.TrackRemote, 1), captions: make(chan Caption, 64),
		dtmfOpen: make(chan struct{})}
	t.Cleanup(func() { _ = pc.Close() })
	pc.OnTrack(func(tr *webrtc.TrackRemote, _ *webrtc.RTPReceiver) {
		select {
		case c.remote <- tr:
		default:
		}
	})
	return c
}

// offer builds a complete (non-trickle) offer with the page's two data channels and, if audio, a track.
func (c *testClient) offer(withAudio bool) string {
	c.t.Helper()
	capDC, err := c.pc.CreateDataChannel(captionsLabel, nil)
	if err != nil {
		c.t.Fatal(err)
	}
	capDC.OnMessage(func(m webrtc.DataChannelMessage) {
		var cp Caption
		if json.Unmarshal(m.Data, &cp) == nil {
			select {
			case c.captions <- cp:
			default:
			}
		}
	})
	c.dtmf, err = c.pc.CreateDataChannel(dtmfLabel, nil)
	if err != nil {
		c.t.Fatal(err)
	}
	c.dtmf.OnOpen(func() { close(c.dtmfOpen) })
	if withAudio {
		c.track = newRawTrack()
		if _, err := c.pc.AddTrack(c.track); err != nil {
			c.t.Fatal(err)
		}
	}
	o, err := c.pc.CreateOffer(nil)
	if err != nil {
		c.t.Fatal(err)
	}
	g := webrtc.GatheringCompletePromise(c.pc)
	if err := c.pc.SetLocalDescription(o); err != nil {
		c.t.Fatal(err)
	}
	<-g
	return c.pc.LocalDescription().SDP
}

// post sends an offer body and returns the response and its body.
func post(t testing.TB, url, ctype, body string, hdr ...string) (*http.Response, string) {
	t.Helper()
	req, err := http.NewRequestWithContext(context.Background(), http.MethodPost, url+"/api/webrtc/offer",
		strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", ctype)
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, string(b)
}

// dial offers to the server and applies its answer; it fails the test unless the server answers 201.
func (c *testClient) dial(url string) {
	c.t.Helper()
	resp, body := post(c.t, url, "application/sdp", c.offer(true))
	if resp.StatusCode != http.StatusCreated {
		c.t.Fatalf("offer: %d %s", resp.StatusCode, body)
	}
	c.session = resp.Header.Get("X-Call-Session")
	c.id = resp.Header.Get("X-Call-Id")
	if err := c.pc.SetRemoteDescription(webrtc.SessionDescription{Type: webrtc.SDPTypeAnswer, SDP: body}); err != nil {
		c.t.Fatal(err)
	}
}

func (c *testClient) waitBound(ctx context.Context) {
	c.t.Helper()
	select {
	case <-c.track.bound:
	case <-ctx.Done():
		c.t.Fatal("client track never bound")
	}
}

// sendAudio sends 16 kHz pcm as 20 ms packets at real-time pace; every lossEvery-th packet is dropped
// (0 = none). It returns when all is sent or ctx ends.
func (c *testClient) sendAudio(ctx context.Context, pcm []int16, lossEvery int) error {
	c.waitBound(ctx)
	kind := c.track.kind()
	enc, err := newOutbound(kind)
	if err != nil {
		return err
	}
	pt := uint8(c.track.sel.PayloadType)
	step := kind.clockRate() / 50
	frames := audio.Frames(pcm)
	tick := time.NewTicker(framePeriod)
	defer tick.Stop()
	var ts uint32
	skip := uint16(0)
	for i := range frames {
		payload, err := enc.encode(&frames[i])
		if err != nil {
			return err
		}
		if lossEvery > 0 && i > 0 && i%lossEvery == 0 {
			skip++
		} else {
			if err := c.track.write(pt, ts, i == 0, payload, skip); err != nil {
				return err
			}
			skip = 0
		}
		ts += step
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-tick.C:
		}
	}
	return nil
}

// sendDTMF sends one key as RFC 4733 packets (start, two updates, end three times), as browsers do.
func (c *testClient) sendDTMF(digit rune, ts uint32) error {
	pt, ok := c.tePT()
	if !ok {
		c.t.Fatal("telephone-event not negotiated")
	}
	ev, _ := digitEvent(digit)
	for i, d := range []uint16{0, 320, 640, 960, 960, 960} {
		e := TelephoneEvent{Event: ev, Volume: 10, Duration: d, End: i >= 3}
		if err := c.track.write(pt, ts, i == 0, e.Marshal(), 0); err != nil {
			return err
		}
	}
	return nil
}

func (c *testClient) tePT() (uint8, bool) { return c.track.tePT() }

// recvAudio decodes what the server sends until ctx ends, returning 16 kHz pcm.
func (c *testClient) recvAudio(ctx context.Context) []int16 {
	var tr *webrtc.TrackRemote
	select {
	case tr = <-c.remote:
	case <-ctx.Done():
		return nil
	}
	kind := codecPCMU
	if strings.EqualFold(tr.Codec().MimeType, webrtc.MimeTypeOpus) {
		kind = codecOpus
	}
	in, err := newInbound(kind)
	if err != nil {
		c.t.Error(err)
		return nil
	}
	stop := context.AfterFunc(ctx, func() { _ = tr.SetReadDeadline(time.Now()) })
	defer stop()
	var out []int16
	var frames []audio.Frame
	for {
		pkt, _, err := tr.ReadRTP()
		if err != nil {
			return out
		}
		frames, _ = in.decode(frames[:0], pkt.Payload)
		for i := range frames {
			out = append(out, frames[i][:]...)
		}
	}
}

func (c *testClient) hangup(url string) int {
	req, _ := http.NewRequestWithContext(context.Background(), http.MethodDelete, url+c.session, nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

// tone returns n samples of a sine at 16 kHz.
func tone(freq float64, n int, amp float64) []int16 {
	out := make([]int16, n)
	for i := range out {
		out[i] = int16(amp * math.Sin(2*math.Pi*freq*float64(i)/audio.SampleRate))
	}
	return out
}

// goertzelRatio is the share of the signal's energy at freq (1 for a pure tone, ~0 for other content).
func goertzelRatio(pcm []int16, rate int, freq float64) float64 {
	if len(pcm) == 0 {
		return 0
	}
	k := 2 * math.Cos(2*math.Pi*freq/float64(rate))
	var s1, s2, energy float64
	for _, v := range pcm {
		x := float64(v)
		energy += x * x
		s0 := x + k*s1 - s2
		s2, s1 = s1, s0
	}
	power := s1*s1 + s2*s2 - k*s1*s2
	if energy == 0 {
		return 0
	}
	return 2 * power / (float64(len(pcm)) * energy)
}

func rms(pcm []int16) float64 {
	if len(pcm) == 0 {
		return 0
	}
	var e float64
	for _, v := range pcm {
		e += float64(v) * float64(v)
	}
	return math.Sqrt(e / float64(len(pcm)))
}

// recorder is a test handler: it records caller frames and events, plays a scripted bot reply and
// captions, and reports when its context ends.
type recorder struct {
	mu       sync.Mutex
	frames   []audio.Frame
	events   []rune
	legs     chan *Leg
	ctxDone  chan struct{}
	reply    []int16
	captions []Caption
}

func newRecorder(reply []int16, caps ...Caption) *recorder {
	return &recorder{legs: make(chan *Leg, 8), ctxDone: make(chan struct{}, 8), reply: reply, captions: caps}
}

func (r *recorder) handle(ctx context.Context, tl telephony.Leg) {
	defer func() { r.ctxDone <- struct{}{} }()
	leg := tl.(*Leg)
	r.legs <- leg
	for _, cp := range r.captions {
		leg.Caption(cp.Speaker, cp.Text, cp.Final)
	}
	go func() {
		for ev := range leg.Events() {
			if ev.Kind == telephony.EventDTMF {
				r.mu.Lock()
				r.events = append(r.events, ev.Digit)
				r.mu.Unlock()
			}
		}
	}()
	go func() {
		for _, f := range audio.Frames(r.reply) {
			if leg.Write(ctx, f) != nil {
				return
			}
		}
	}()
	for {
		f, err := leg.Read(ctx)
		if err != nil {
			<-ctx.Done()
			return
		}
		r.mu.Lock()
		r.frames = append(r.frames, f)
		r.mu.Unlock()
	}
}

func (r *recorder) pcm() []int16 {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := make([]int16, 0, len(r.frames)*audio.FrameSamples)
	for i := range r.frames {
		out = append(out, r.frames[i][:]...)
	}
	return out
}

func (r *recorder) digits() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return string(r.events)
}

func newBenchHTTP(s *Server) *httptest.Server { return httptest.NewServer(s.Handler()) }
