package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pion/ice/v4"
	pwebrtc "github.com/pion/webrtc/v4"
	"github.com/pion/webrtc/v4/pkg/media"
	"gopkg.in/hraban/opus.v2"

	"github.com/voicegate/voicegate/audio"
	"github.com/voicegate/voicegate/config"
	"github.com/voicegate/voicegate/store"
	"github.com/voicegate/voicegate/telephony/webrtc"
)

const repoConfig = "../../configs/voicegate.yaml"

// syncBuffer collects the server's log; handlers write from many goroutines.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// testServer is `voicegate serve` running in this process on a loopback port.
type testServer struct {
	t      *testing.T
	url    string
	cfg    config.Config
	cancel context.CancelFunc
	done   chan error
	logs   *syncBuffer
	http   *http.Client

	stopOnce sync.Once
	err      error
}

// startServe runs serve() with the repository's configuration on temporary databases; adjust may change
// the configuration first. The server is stopped (and drained) when the test ends.
func startServe(t *testing.T, adjust func(*config.Config)) *testServer {
	t.Helper()
	c, err := config.Load(repoConfig)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	c.HTTP.Addr = "127.0.0.1:0"
	c.HTTP.DrainTimeout = 10 * time.Second
	c.Database = filepath.Join(dir, "calls.db")
	c.Demo.Database = filepath.Join(dir, "demo-orders.db")
	c.ARI.URL, c.ARI.EventsURL = "", "" // the environment may point at a real Asterisk
	if adjust != nil {
		adjust(&c)
	}
	logs := &syncBuffer{}
	log := slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	ctx, cancel := context.WithCancel(context.Background())
	ready := make(chan string, 1)
	s := &testServer{t: t, cfg: c, cancel: cancel, done: make(chan error, 1), logs: logs,
		http: &http.Client{Timeout: 20 * time.Second, Transport: &http.Transport{}}}
	started := time.Now()
	go func() { s.done <- serve(ctx, c, repoConfig, log, ready, webrtc.WithLoopbackOnly()) }()
	t.Cleanup(func() {
		if err := s.stop(30 * time.Second); err != nil {
			t.Errorf("serve: %v", err)
		}
		s.http.CloseIdleConnections()
		if t.Failed() || testing.Verbose() {
			t.Logf("server log:\n%s", logs)
		}
	})
	select {
	case addr := <-ready:
		s.url = "http://" + addr
		t.Logf("serve ready on %s in %v", addr, time.Since(started).Round(time.Millisecond))
	case err := <-s.done:
		s.stopOnce.Do(func() { s.err = err })
		t.Fatalf("serve returned before it was ready: %v\n%s", err, logs)
	case <-time.After(90 * time.Second):
		t.Fatalf("serve not ready after 90 s\n%s", logs)
	}
	return s
}

// stop cancels serve's context and waits for it to return; later calls return the same result.
func (s *testServer) stop(wait time.Duration) error {
	s.stopOnce.Do(func() {
		s.cancel()
		select {
		case s.err = <-s.done:
		case <-time.After(wait):
			s.err = fmt.Errorf("serve did not return %v after its context ended", wait)
		}
	})
	return s.err
}

// get fetches path and returns status, content type and body.
func (s *testServer) get(path string) (int, string, []byte) {
	s.t.Helper()
	resp, err := s.http.Get(s.url + path)
	if err != nil {
		s.t.Fatalf("GET %s: %v", path, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		s.t.Fatalf("GET %s: %v", path, err)
	}
	return resp.StatusCode, resp.Header.Get("Content-Type"), b
}

// getJSON fetches path, wants 200 and decodes the body into v.
func (s *testServer) getJSON(path string, v any) {
	s.t.Helper()
	code, _, body := s.get(path)
	if code != http.StatusOK {
		s.t.Fatalf("GET %s: %d %s", path, code, body)
	}
	if err := json.Unmarshal(body, v); err != nil {
		s.t.Fatalf("GET %s: %v in %s", path, err, body)
	}
}

// waitCall polls GET /api/calls/{id} until ok accepts the record.
func (s *testServer) waitCall(id string, timeout time.Duration, ok func(*store.CallRecord) bool) *store.CallRecord {
	s.t.Helper()
	deadline := time.Now().Add(timeout)
	var rec store.CallRecord
	for {
		code, _, body := s.get("/api/calls/" + id)
		if code == http.StatusOK {
			rec = store.CallRecord{}
			if err := json.Unmarshal(body, &rec); err != nil {
				s.t.Fatalf("call record: %v in %s", err, body)
			}
			if ok(&rec) {
				return &rec
			}
		}
		if time.Now().After(deadline) {
			s.t.Fatalf("call %s not as expected after %v (last status %d): %+v", id, timeout, code, rec)
		}
		time.Sleep(200 * time.Millisecond)
	}
}

type captionMsg struct {
	Speaker string `json:"speaker"`
	Text    string `json:"text"`
	Final   bool   `json:"final"`
}

// opusCodec is what browsers offer: Opus at 48 kHz, sent mono.
var opusCodec = pwebrtc.RTPCodecCapability{MimeType: pwebrtc.MimeTypeOpus, ClockRate: 48000, Channels: 2,
	SDPFmtpLine: "minptime=10;useinbandfec=1"}

// pionCaller is a browser stand-in built on pion: the page's two data channels and an Opus microphone.
type pionCaller struct {
	t       *testing.T
	pc      *pwebrtc.PeerConnection
	track   *pwebrtc.TrackLocalStaticSample
	id      string
	session string
	base    string
	client  *http.Client

	mu       sync.Mutex
	captions []captionMsg
	firstBot time.Time
	lastLoud time.Time

	heard     chan struct{} // closed at the first loud bot packet
	heardOnce sync.Once
	closed    chan struct{} // closed when the connection ends (either side)
	closeOnce sync.Once
}

// dialPion places a call to the server the way the page does and waits until media flows.
func dialPion(t *testing.T, s *testServer) *pionCaller {
	t.Helper()
	me := &pwebrtc.MediaEngine{}
	if err := me.RegisterCodec(pwebrtc.RTPCodecParameters{RTPCodecCapability: opusCodec, PayloadType: 111},
		pwebrtc.RTPCodecTypeAudio); err != nil {
		t.Fatal(err)
	}
	// Loopback only, no mDNS: nothing leaves this host.
	se := pwebrtc.SettingEngine{}
	se.SetIncludeLoopbackCandidate(true)
	se.SetIPFilter(func(ip net.IP) bool { return ip.IsLoopback() })
	se.SetNetworkTypes([]pwebrtc.NetworkType{pwebrtc.NetworkTypeUDP4})
	se.SetICEMulticastDNSMode(ice.MulticastDNSModeDisabled)
	pc, err := pwebrtc.NewAPI(pwebrtc.WithMediaEngine(me), pwebrtc.WithSettingEngine(se)).NewPeerConnection(pwebrtc.Configuration{})
	if err != nil {
		t.Fatal(err)
	}
	c := &pionCaller{t: t, pc: pc, base: s.url, client: s.http, heard: make(chan struct{}), closed: make(chan struct{})}
	t.Cleanup(func() { _ = pc.Close() })
	pc.OnConnectionStateChange(func(st pwebrtc.PeerConnectionState) {
		if st == pwebrtc.PeerConnectionStateClosed || st == pwebrtc.PeerConnectionStateFailed ||
			st == pwebrtc.PeerConnectionStateDisconnected {
			c.closeOnce.Do(func() { close(c.closed) })
		}
	})
	dec, err := opus.NewDecoder(48000, 1)
	if err != nil {
		t.Fatal(err)
	}
	pc.OnTrack(func(tr *pwebrtc.TrackRemote, _ *pwebrtc.RTPReceiver) {
		buf := make([]int16, 5760) // 120 ms, the longest Opus packet
		for {
			pkt, _, err := tr.ReadRTP()
			if err != nil {
				return
			}
			n, err := dec.Decode(pkt.Payload, buf)
			if err != nil {
				continue
			}
			pcm := buf[:n]
			c.mu.Lock()
			if rms(pcm) > 300 {
				c.lastLoud = time.Now()
				if c.firstBot.IsZero() {
					c.firstBot = c.lastLoud
					c.heardOnce.Do(func() { close(c.heard) })
				}
			}
			c.mu.Unlock()
		}
	})
	capDC, err := pc.CreateDataChannel("captions", nil)
	if err != nil {
		t.Fatal(err)
	}
	capDC.OnMessage(func(m pwebrtc.DataChannelMessage) {
		var cm captionMsg
		if json.Unmarshal(m.Data, &cm) == nil {
			c.mu.Lock()
			c.captions = append(c.captions, cm)
			c.mu.Unlock()
		}
	})
	if _, err := pc.CreateDataChannel("dtmf", nil); err != nil {
		t.Fatal(err)
	}
	c.track, err = pwebrtc.NewTrackLocalStaticSample(opusCodec, "mic", "caller")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := pc.AddTrack(c.track); err != nil {
		t.Fatal(err)
	}
	offer, err := pc.CreateOffer(nil)
	if err != nil {
		t.Fatal(err)
	}
	gathered := pwebrtc.GatheringCompletePromise(pc)
	if err := pc.SetLocalDescription(offer); err != nil {
		t.Fatal(err)
	}
	select {
	case <-gathered:
	case <-time.After(10 * time.Second):
		t.Fatal("ICE gathering did not complete")
	}
	resp, err := s.http.Post(s.url+"/api/webrtc/offer", "application/sdp", strings.NewReader(pc.LocalDescription().SDP))
	if err != nil {
		t.Fatal(err)
	}
	answer, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusCreated {
		t.Fatalf("offer: %d %s", resp.StatusCode, answer)
	}
	c.id, c.session = resp.Header.Get("X-Call-Id"), resp.Header.Get("X-Call-Session")
	if loc := resp.Header.Get("Location"); loc != "/api/calls/"+c.id {
		t.Errorf("Location %q for call %q", loc, c.id)
	}
	if err := pc.SetRemoteDescription(pwebrtc.SessionDescription{Type: pwebrtc.SDPTypeAnswer, SDP: string(answer)}); err != nil {
		t.Fatal(err)
	}
	return c
}

// waitHeard waits for the bot's first loud audio (the greeting).
func (c *pionCaller) waitHeard(timeout time.Duration) {
	c.t.Helper()
	select {
	case <-c.heard:
	case <-time.After(timeout):
		c.t.Fatalf("no bot audio within %v", timeout)
	}
}

// waitQuiet waits until the bot has been silent for quiet (it finished its sentence), like a polite caller.
func (c *pionCaller) waitQuiet(quiet, timeout time.Duration) {
	c.t.Helper()
	deadline := time.Now().Add(timeout)
	for time.Now().Before(deadline) {
		c.mu.Lock()
		last := c.lastLoud
		c.mu.Unlock()
		if !last.IsZero() && time.Since(last) >= quiet {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	c.t.Fatalf("bot still talking after %v", timeout)
}

// send plays 16 kHz pcm into the call as 20 ms Opus packets at real-time pace.
func (c *pionCaller) send(ctx context.Context, pcm []int16) error {
	wb, err := audio.Resample(pcm, audio.SampleRate, 48000)
	if err != nil {
		return err
	}
	enc, err := opus.NewEncoder(48000, 1, opus.AppVoIP)
	if err != nil {
		return err
	}
	tick := time.NewTicker(20 * time.Millisecond)
	defer tick.Stop()
	buf := make([]byte, 1500)
	for i := 0; i < len(wb); i += 960 {
		chunk := wb[i:min(i+960, len(wb))]
		if len(chunk) < 960 {
			chunk = append(chunk, make([]int16, 960-len(chunk))...)
		}
		n, err := enc.Encode(chunk, buf)
		if err != nil {
			return err
		}
		if err := c.track.WriteSample(media.Sample{Data: buf[:n], Duration: 20 * time.Millisecond}); err != nil {
			return err
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-c.closed:
			return errors.New("call ended")
		case <-tick.C:
		}
	}
	return nil
}

// hangup presses the page's hang-up: DELETE on the session URL.
func (c *pionCaller) hangup() {
	c.t.Helper()
	req, err := http.NewRequest(http.MethodDelete, c.base+c.session, nil)
	if err != nil {
		c.t.Fatal(err)
	}
	resp, err := c.client.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusNoContent {
		c.t.Errorf("hangup: %d", resp.StatusCode)
	}
}

func (c *pionCaller) captionsSoFar() []captionMsg {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]captionMsg(nil), c.captions...)
}

func rms(pcm []int16) float64 {
	if len(pcm) == 0 {
		return 0
	}
	var sum float64
	for _, v := range pcm {
		sum += float64(v) * float64(v)
	}
	return math.Sqrt(sum / float64(len(pcm)))
}

// needTool skips locally when a program is missing; in CI (CI set) it fails instead.
func needTool(t *testing.T, name, hint string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		if os.Getenv("CI") == "" {
			t.Skipf("%s not installed (%s)", name, hint)
		}
		t.Fatalf("CI needs %s: %s", name, hint)
	}
	return p
}

// fliteWAV synthesises text with flite's slt voice and returns it at 16 kHz.
func fliteWAV(t *testing.T, text string) []int16 {
	t.Helper()
	flite := needTool(t, "flite", "apt-get install -y flite")
	p := filepath.Join(t.TempDir(), "say.wav")
	if out, err := exec.Command(flite, "-voice", "slt", "-t", text, "-o", p).CombinedOutput(); err != nil {
		t.Fatalf("flite: %v %s", err, out)
	}
	pcm, err := audio.LoadWAV16k(p)
	if err != nil {
		t.Fatal(err)
	}
	return pcm
}

func silence(d time.Duration) []int16 { return make([]int16, int(d.Seconds()*audio.SampleRate)) }
