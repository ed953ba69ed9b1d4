package webrtc

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/pion/ice/v4"
	"github.com/pion/logging"
	"github.com/pion/transport/v5/vnet"
	"github.com/pion/webrtc/v4"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/voicegate/voicegate/audio"
	"github.com/voicegate/voicegate/telephony"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}

// startServer runs a Server behind httptest and closes both at cleanup.
func startServer(t *testing.T, h telephony.Handler, opts ...Option) (*Server, string) {
	t.Helper()
	opts = append([]Option{WithLoopbackOnly()}, opts...)
	s, err := NewServer(h, opts...)
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(s.Handler())
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if err := s.Close(ctx); err != nil {
			t.Error(err)
		}
		hs.Close()
	})
	return s, hs.URL
}

func idleHandler(ctx context.Context, _ telephony.Leg) { <-ctx.Done() }

func TestOfferNegotiation(t *testing.T) {
	big := "v=0\r\n" + strings.Repeat("a=x:"+strings.Repeat("y", 100)+"\r\n", 1000)
	tests := []struct {
		name      string
		codecs    []webrtc.RTPCodecParameters // pion client offer; nil = use body
		body      string
		ctype     string
		origin    string
		wantCode  int
		wantCodec string
		wantErr   string
	}{
		{name: "opus only", codecs: []webrtc.RTPCodecParameters{clientOpus, clientTE48}, wantCode: 201, wantCodec: "opus"},
		{name: "pcmu only", codecs: []webrtc.RTPCodecParameters{clientPCMU, clientTE8}, wantCode: 201, wantCodec: "pcmu"},
		{name: "both prefers opus", codecs: []webrtc.RTPCodecParameters{clientPCMU, clientOpus, clientTE48, clientTE8},
			wantCode: 201, wantCodec: "opus"},
		{name: "no usable codec", codecs: []webrtc.RTPCodecParameters{clientG722}, wantCode: 400,
			wantErr: "no supported audio codec"},
		{name: "no audio", body: "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n" +
			"m=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\nc=IN IP4 0.0.0.0\r\n", wantCode: 400, wantErr: "no audio"},
		{name: "garbage", body: "hello, I am not SDP", wantCode: 400, wantErr: "bad SDP"},
		{name: "empty", body: "", wantCode: 400, wantErr: "empty body"},
		{name: "too big", body: big, wantCode: 413},
		{name: "wrong content type", body: "v=0", ctype: "text/plain", wantCode: 415},
		{name: "origin refused", codecs: []webrtc.RTPCodecParameters{clientOpus}, origin: "https://evil.example",
			wantCode: 403},
		{name: "origin allowed", origin: "https://ok.example",
			codecs: []webrtc.RTPCodecParameters{clientOpus, clientTE48}, wantCode: 201, wantCodec: "opus"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			reg := prometheus.NewRegistry()
			_, url := startServer(t, idleHandler, WithMaxBodyBytes(32<<10), WithAllowedOrigins("https://ok.example"),
				WithRegisterer(reg))
			body := tc.body
			var c *testClient
			if tc.codecs != nil {
				c = newTestClient(t, tc.codecs)
				body = c.offer(true)
			}
			ctype := tc.ctype
			if ctype == "" {
				ctype = "application/sdp"
			}
			var hdr []string
			if tc.origin != "" {
				hdr = []string{"Origin", tc.origin}
			}
			resp, got := post(t, url, ctype, body, hdr...)
			if resp.StatusCode != tc.wantCode {
				t.Fatalf("status %d (%s), want %d", resp.StatusCode, got, tc.wantCode)
			}
			if tc.wantErr != "" && !strings.Contains(got, tc.wantErr) {
				t.Errorf("body %q lacks %q", got, tc.wantErr)
			}
			if n := counterValue(t, reg, "voicegate_webrtc_offers_total", "code", strconv.Itoa(tc.wantCode)); n != 1 {
				t.Errorf("offers_total{code=%d} = %v", tc.wantCode, n)
			}
			if tc.wantCode != 201 {
				return
			}
			if !strings.HasPrefix(resp.Header.Get("Location"), "/api/calls/") {
				t.Errorf("Location %q", resp.Header.Get("Location"))
			}
			if !strings.Contains(got, "a=candidate") {
				t.Error("answer has no candidates (gathering not complete)")
			}
			lower := strings.ToLower(got)
			switch tc.wantCodec {
			case "opus":
				if !strings.Contains(lower, "opus/48000") {
					t.Errorf("answer lacks opus:\n%s", got)
				}
			case "pcmu":
				if !strings.Contains(lower, "pcmu/8000") || strings.Contains(lower, "opus") {
					t.Errorf("answer not PCMU only:\n%s", got)
				}
			}
			if !strings.Contains(lower, "telephone-event") {
				t.Errorf("answer lacks telephone-event:\n%s", got)
			}
		})
	}
}

// counterValue reads one labelled counter from a registry.
func counterValue(t *testing.T, reg *prometheus.Registry, name, label, value string) float64 {
	t.Helper()
	mfs, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	for _, mf := range mfs {
		if mf.GetName() != name {
			continue
		}
		for _, m := range mf.GetMetric() {
			for _, lp := range m.GetLabel() {
				if lp.GetName() == label && lp.GetValue() == value {
					return m.GetCounter().GetValue()
				}
			}
		}
	}
	return 0
}

func TestChooseCodec(t *testing.T) {
	const head = "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n"
	tests := []struct {
		name string
		sdp  string
		want codecKind
		err  error
	}{
		{"opus", head + "m=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=rtpmap:111 opus/48000/2\r\n", codecOpus, nil},
		{"static pcmu without rtpmap", head + "m=audio 9 RTP/AVP 0\r\n", codecPCMU, nil},
		{"pcmu and opus", head + "m=audio 9 RTP/AVP 0 111\r\na=rtpmap:111 OPUS/48000/2\r\n", codecOpus, nil},
		{"rtpmap for absent format ignored", head + "m=audio 9 RTP/AVP 8\r\na=rtpmap:111 opus/48000/2\r\n", 0, ErrNoCodec},
		{"opus at wrong rate", head + "m=audio 9 RTP/AVP 96\r\na=rtpmap:96 opus/16000\r\n", 0, ErrNoCodec},
		{"rejected audio", head + "m=audio 0 RTP/AVP 0\r\n", 0, ErrNoAudio},
		{"video only", head + "m=video 9 RTP/AVP 96\r\na=rtpmap:96 VP8/90000\r\n", 0, ErrNoAudio},
		{"garbage", "\x00\x01binary", 0, ErrBadOffer},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := chooseCodec(tc.sdp)
			if !errors.Is(err, tc.err) || got != tc.want {
				t.Fatalf("got %v, %v; want %v, %v", got, err, tc.want, tc.err)
			}
		})
	}
}

func FuzzChooseCodec(f *testing.F) {
	f.Add("v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\nm=audio 9 RTP/AVP 0 111\r\na=rtpmap:111 opus/48000/2\r\n")
	f.Add("v=0\r\n")
	f.Add("m=audio 9 RTP/AVP 0\r\na=rtpmap:0\r\n")
	f.Fuzz(func(t *testing.T, s string) {
		k, err := chooseCodec(s)
		if (err == nil) != (k != 0) {
			t.Fatalf("codec %v with err %v", k, err)
		}
	})
}

// callOnce runs one pion client call against a recorder and checks media both ways, captions, DTMF on
// both paths, Played and hang-up by DELETE.
func TestLegLoopback(t *testing.T) {
	for _, tc := range []struct {
		name   string
		codecs []webrtc.RTPCodecParameters
		codec  string
		loss   int
	}{
		{"opus", []webrtc.RTPCodecParameters{clientOpus, clientTE48}, "opus", 0},
		{"opus with loss", []webrtc.RTPCodecParameters{clientOpus, clientTE48}, "opus", 7},
		{"pcmu", []webrtc.RTPCodecParameters{clientPCMU, clientTE8}, "pcmu", 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			botTone := tone(1000, audio.SampleRate*3/2, 8000) // 1.5 s
			rec := newRecorder(botTone, Caption{"caller", "I want my balance", true}, Caption{"bot", "Your balance is", false})
			srv, url := startServer(t, rec.handle)
			c := newTestClient(t, tc.codecs)
			c.dial(url)
			var leg *Leg
			select {
			case leg = <-rec.legs:
			case <-ctx.Done():
				t.Fatal("handler not started")
			}
			if leg.Codec() != tc.codec || leg.Channel() != "webrtc" || leg.ID() != c.id {
				t.Fatalf("leg codec %s channel %s id %s", leg.Codec(), leg.Channel(), leg.ID())
			}
			recvCtx, stopRecv := context.WithCancel(ctx)
			got := make(chan []int16, 1)
			go func() { got <- c.recvAudio(recvCtx) }()

			callerTone := tone(440, audio.SampleRate, 8000) // 1 s
			if err := c.sendAudio(ctx, callerTone, tc.loss); err != nil {
				t.Fatal(err)
			}
			if err := c.sendDTMF('7', 123456); err != nil {
				t.Fatal(err)
			}
			<-c.dtmfOpen
			if err := c.dtmf.SendText(`{"digit":"#"}`); err != nil {
				t.Fatal(err)
			}
			// Let the bot's 1.5 s reply finish playing (it started with the connection).
			deadline := time.Now().Add(5 * time.Second)
			// RTP and the data channel are separate paths, so the two keys may arrive in either order.
			for leg.Played() < int64(len(botTone)/audio.FrameSamples) || (rec.digits() != "7#" && rec.digits() != "#7") {
				if time.Now().After(deadline) {
					t.Fatalf("played %d frames, digits %q", leg.Played(), rec.digits())
				}
				time.Sleep(20 * time.Millisecond)
			}
			time.Sleep(200 * time.Millisecond)
			stopRecv()
			botHeard := <-got

			heard := rec.pcm()
			if n := len(heard); n < audio.SampleRate*8/10 {
				t.Errorf("server got %d samples of 1 s caller audio", n)
			}
			if r := goertzelRatio(heard, audio.SampleRate, 440); r < 0.6 {
				t.Errorf("caller tone ratio at 440 Hz = %.2f", r)
			}
			if r := goertzelRatio(botHeard, audio.SampleRate, 1000); r < 0.3 {
				t.Errorf("bot tone ratio at 1000 Hz = %.2f (rms %.0f, %d samples)", r, rms(botHeard), len(botHeard))
			}
			if len(botHeard) < len(botTone) {
				t.Errorf("client got %d samples, bot sent %d", len(botHeard), len(botTone))
			}
			for _, want := range rec.captions {
				select {
				case cp := <-c.captions:
					if cp != want {
						t.Errorf("caption %+v, want %+v", cp, want)
					}
				case <-ctx.Done():
					t.Fatal("caption not received")
				}
			}
			if code := c.hangup(url); code != http.StatusNoContent {
				t.Errorf("DELETE = %d", code)
			}
			waitDone(t, leg, rec)
			if leg.Reason() != "remote hangup" {
				t.Errorf("reason %q", leg.Reason())
			}
			if _, err := leg.Read(ctx); !errors.Is(err, telephony.ErrHangup) {
				for err == nil {
					_, err = leg.Read(ctx)
				}
				if !errors.Is(err, telephony.ErrHangup) {
					t.Errorf("Read after hangup: %v", err)
				}
			}
			if err := leg.Write(ctx, audio.Frame{}); !errors.Is(err, telephony.ErrHangup) {
				t.Errorf("Write after hangup: %v", err)
			}
			waitCalls(t, srv, 0)
			if code := c.hangup(url); code != http.StatusNotFound {
				t.Errorf("DELETE after the call is gone = %d", code)
			}
		})
	}
}

func waitDone(t *testing.T, leg *Leg, rec *recorder) {
	t.Helper()
	select {
	case <-leg.Done():
	case <-time.After(10 * time.Second):
		t.Fatal("leg not done")
	}
	select {
	case <-rec.ctxDone:
	case <-time.After(10 * time.Second):
		t.Fatal("handler ctx not cancelled")
	}
}

func waitCalls(t *testing.T, s *Server, n int) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for s.ActiveCalls() != n {
		if time.Now().After(deadline) {
			t.Fatalf("active calls %d, want %d", s.ActiveCalls(), n)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func TestFlushAndPlayed(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	legs := make(chan *Leg, 1)
	_, url := startServer(t, func(ctx context.Context, l telephony.Leg) {
		legs <- l.(*Leg)
		<-ctx.Done()
	}, WithPlayoutQueue(100))
	c := newTestClient(t, []webrtc.RTPCodecParameters{clientOpus})
	c.dial(url)
	leg := <-legs
	for range 100 {
		if err := leg.Write(ctx, audio.Frame{}); err != nil {
			t.Fatal(err)
		}
	}
	time.Sleep(300 * time.Millisecond)
	n := leg.Flush()
	played := leg.Played()
	if n < 50 || n > 100 || played+int64(n) > 100 {
		t.Fatalf("flushed %d, played %d of 100", n, played)
	}
	time.Sleep(200 * time.Millisecond)
	if p := leg.Played(); p > played+1 {
		t.Errorf("played went on after flush: %d -> %d", played, p)
	}
	// Write blocks on a full queue until ctx ends.
	wctx, wcancel := context.WithTimeout(ctx, 100*time.Millisecond)
	defer wcancel()
	var err error
	for i := 0; i < 1000 && err == nil; i++ {
		err = leg.Write(wctx, audio.Frame{})
	}
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("Write on full queue: %v", err)
	}
	if err := leg.Hangup(ctx, "test over"); err != nil {
		t.Fatal(err)
	}
	if err := leg.Hangup(ctx, "again"); err != nil {
		t.Fatal(err)
	}
	<-leg.Done()
	if leg.Reason() != "test over" {
		t.Errorf("reason %q", leg.Reason())
	}
}

func TestConcurrencyLimit(t *testing.T) {
	srv, url := startServer(t, idleHandler, WithMaxCalls(1))
	c1 := newTestClient(t, []webrtc.RTPCodecParameters{clientOpus})
	c1.dial(url)
	c2 := newTestClient(t, []webrtc.RTPCodecParameters{clientOpus})
	resp, body := post(t, url, "application/sdp", c2.offer(true))
	if resp.StatusCode != http.StatusServiceUnavailable || resp.Header.Get("Retry-After") == "" {
		t.Fatalf("second call: %d %s", resp.StatusCode, body)
	}
	if code := c1.hangup(url); code != http.StatusNoContent {
		t.Fatalf("DELETE %d", code)
	}
	waitCalls(t, srv, 0)
	c3 := newTestClient(t, []webrtc.RTPCodecParameters{clientOpus})
	c3.dial(url)
	waitCalls(t, srv, 1)
}

// TestCleanup ends calls the caller abandons: the peer closes, the network drops (ICE fails), or media stops.
func TestCleanup(t *testing.T) {
	t.Run("peer closes", func(t *testing.T) {
		rec := newRecorder(nil)
		// Short ICE timeouts: should close_notify and the SCTP shutdown both be lost, ICE still ends it.
		srv, url := startServer(t, rec.handle, WithICETimeouts(time.Second, 2*time.Second, 200*time.Millisecond),
			WithTimeouts(0, 0, time.Second))
		c := newTestClient(t, []webrtc.RTPCodecParameters{clientOpus})
		c.dial(url)
		leg := <-rec.legs
		waitConnected(t, leg)
		if err := c.pc.Close(); err != nil {
			t.Fatal(err)
		}
		waitDone(t, leg, rec)
		waitCalls(t, srv, 0)
	})
	t.Run("idle", func(t *testing.T) {
		rec := newRecorder(nil)
		srv, url := startServer(t, rec.handle, WithTimeouts(time.Second, 0, 0))
		c := newTestClient(t, []webrtc.RTPCodecParameters{clientOpus})
		c.dial(url)
		leg := <-rec.legs
		waitDone(t, leg, rec)
		if leg.Reason() != "idle" {
			t.Errorf("reason %q", leg.Reason())
		}
		waitCalls(t, srv, 0)
	})
	t.Run("never connects", func(t *testing.T) {
		rec := newRecorder(nil)
		srv, url := startServer(t, rec.handle, WithTimeouts(0, time.Second, 0))
		c := newTestClient(t, []webrtc.RTPCodecParameters{clientOpus})
		resp, body := post(t, url, "application/sdp", c.offer(true))
		if resp.StatusCode != http.StatusCreated {
			t.Fatalf("%d %s", resp.StatusCode, body)
		}
		leg := <-rec.legs // the answer is never applied by the client
		waitDone(t, leg, rec)
		if leg.Reason() != "connect timeout" {
			t.Errorf("reason %q", leg.Reason())
		}
		waitCalls(t, srv, 0)
	})
	t.Run("network drops", func(t *testing.T) {
		router, err := vnet.NewRouter(&vnet.RouterConfig{CIDR: "10.77.0.0/24", LoggerFactory: logging.NewDefaultLoggerFactory()})
		if err != nil {
			t.Fatal(err)
		}
		srvNet, err := vnet.NewNet(&vnet.NetConfig{StaticIPs: []string{"10.77.0.1"}})
		if err != nil {
			t.Fatal(err)
		}
		cliNet, err := vnet.NewNet(&vnet.NetConfig{StaticIPs: []string{"10.77.0.2"}})
		if err != nil {
			t.Fatal(err)
		}
		for _, n := range []*vnet.Net{srvNet, cliNet} {
			if err := router.AddNet(n); err != nil {
				t.Fatal(err)
			}
		}
		var blocked atomic.Bool
		router.AddChunkFilter(func(vnet.Chunk) bool { return !blocked.Load() })
		if err := router.Start(); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = router.Stop() })

		rec := newRecorder(nil)
		s, err := NewServer(rec.handle, WithICETimeouts(500*time.Millisecond, time.Second, 200*time.Millisecond),
			WithTimeouts(0, 0, 30*time.Second), WithSettingEngine(func(se *webrtc.SettingEngine) {
				se.SetNet(srvNet)
				se.SetICEMulticastDNSMode(ice.MulticastDNSModeDisabled)
			}))
		if err != nil {
			t.Fatal(err)
		}
		hs := httptest.NewServer(s.Handler())
		t.Cleanup(func() {
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			if err := s.Close(ctx); err != nil {
				t.Error(err)
			}
			hs.Close()
		})
		c := newTestClient(t, []webrtc.RTPCodecParameters{clientOpus}, func(se *webrtc.SettingEngine) {
			se.SetNet(cliNet)
			se.SetIPFilter(nil)
		})
		c.dial(hs.URL)
		leg := <-rec.legs
		waitConnected(t, leg)
		blocked.Store(true)
		waitDone(t, leg, rec)
		if leg.Reason() != "ice failed" {
			t.Errorf("reason %q", leg.Reason())
		}
		waitCalls(t, s, 0)
	})
}

func waitConnected(t *testing.T, leg *Leg) {
	t.Helper()
	select {
	case <-leg.connected:
	case <-time.After(10 * time.Second):
		t.Fatal("never connected")
	}
}

func TestServerClose(t *testing.T) {
	rec := newRecorder(nil)
	s, err := NewServer(rec.handle, WithLoopbackOnly())
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(s.Handler())
	defer hs.Close()
	c := newTestClient(t, []webrtc.RTPCodecParameters{clientOpus})
	c.dial(hs.URL)
	leg := <-rec.legs
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := s.Close(ctx); err != nil {
		t.Fatal(err)
	}
	if leg.Reason() != "server shutdown" || s.ActiveCalls() != 0 {
		t.Errorf("reason %q, active %d", leg.Reason(), s.ActiveCalls())
	}
	resp, _ := post(t, hs.URL, "application/sdp", newTestClient(t, []webrtc.RTPCodecParameters{clientOpus}).offer(true))
	if resp.StatusCode != http.StatusServiceUnavailable {
		t.Errorf("offer after close: %d", resp.StatusCode)
	}
}

func TestOptionsValidate(t *testing.T) {
	for _, o := range []Option{WithMaxCalls(0), WithMaxBodyBytes(0), WithUDPPortRange(5000, 4000),
		WithGatherTimeout(0), WithPlayoutQueue(0), WithTimeouts(-1, 0, 0),
		WithNAT1To1IPs(webrtc.ICECandidateTypeRelay, "1.2.3.4")} {
		if _, err := NewServer(idleHandler, o); !errors.Is(err, ErrBadOption) {
			t.Errorf("want ErrBadOption, got %v", err)
		}
	}
	if _, err := NewServer(nil); !errors.Is(err, ErrBadOption) {
		t.Errorf("nil handler: %v", err)
	}
	reg := prometheus.NewRegistry()
	if _, err := NewServer(idleHandler, WithRegisterer(reg)); err != nil {
		t.Fatal(err)
	}
	if _, err := NewServer(idleHandler, WithRegisterer(reg)); !errors.Is(err, ErrBadOption) {
		t.Errorf("double registration: %v", err)
	}
	if _, err := NewServer(idleHandler, WithUDPPortRange(40000, 40100), WithNAT1To1IPs(webrtc.ICECandidateTypeHost,
		"203.0.113.7"), WithICEServers(webrtc.ICEServer{URLs: []string{"stun:127.0.0.1:3478"}})); err != nil {
		t.Fatal(err)
	}
}
