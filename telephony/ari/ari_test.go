package ari_test

import (
	"context"
	"encoding/json"
	"errors"
	"math"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"go.uber.org/goleak"

	"github.com/voicegate/voicegate/audio"
	"github.com/voicegate/voicegate/telephony"
	"github.com/voicegate/voicegate/telephony/ari"
	"github.com/voicegate/voicegate/telephony/ari/aritest"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

func tone(freq float64, rate, n int, amp float64) []int16 {
	out := make([]int16, n)
	for i := range out {
		out[i] = int16(amp * math.Sin(2*math.Pi*freq*float64(i)/float64(rate)))
	}
	return out
}

// goertzel returns the power of freq in pcm relative to total power (0..1).
func goertzel(pcm []int16, freq float64, rate int) float64 {
	if len(pcm) == 0 {
		return 0
	}
	k := 2 * math.Cos(2*math.Pi*freq/float64(rate))
	var s1, s2, total float64
	for _, x := range pcm {
		v := float64(x)
		total += v * v
		s0 := v + k*s1 - s2
		s2, s1 = s1, s0
	}
	p := s1*s1 + s2*s2 - k*s1*s2
	if total == 0 {
		return 0
	}
	return 2 * p / (total * float64(len(pcm)))
}

// recorder is a handler that speaks `say` (16 kHz) once, records what the caller says and the events.
type recorder struct {
	say      []int16
	transfer *telephony.Transfer
	mu       sync.Mutex
	heard    []int16
	byLeg    map[string][]int16
	digits   []rune
	played   int64
	legs     chan telephony.Leg
	xferErr  chan error
}

func newRecorder(say []int16) *recorder {
	return &recorder{say: say, byLeg: map[string][]int16{}, legs: make(chan telephony.Leg, 4), xferErr: make(chan error, 4)}
}

func (r *recorder) handle(ctx context.Context, leg telephony.Leg) {
	select {
	case r.legs <- leg:
	default:
	}
	go func() {
		for ev := range leg.Events() {
			if ev.Kind == telephony.EventDTMF {
				r.mu.Lock()
				r.digits = append(r.digits, ev.Digit)
				r.mu.Unlock()
			}
		}
	}()
	go func() {
		for _, f := range audio.Frames(r.say) {
			if leg.Write(ctx, f) != nil {
				return
			}
		}
	}()
	for {
		f, err := leg.Read(ctx)
		if err != nil {
			r.mu.Lock()
			r.played = leg.Played()
			r.mu.Unlock()
			return
		}
		r.mu.Lock()
		r.heard = append(r.heard, f[:]...)
		r.byLeg[leg.ID()] = append(r.byLeg[leg.ID()], f[:]...)
		n := len(r.heard)
		r.mu.Unlock()
		if r.transfer != nil && n >= audio.SampleRate/2 {
			if tr, ok := leg.(telephony.Transferer); ok {
				r.xferErr <- tr.Transfer(ctx, *r.transfer)
				r.transfer = nil
			}
		}
	}
}

func (r *recorder) snapshot() ([]int16, []rune) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Clone(r.heard), slices.Clone(r.digits)
}

func ctxT(t *testing.T, d time.Duration) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), d)
	t.Cleanup(cancel)
	return ctx
}

func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func TestCallAudioRoundTripAndDTMF(t *testing.T) {
	rec := newRecorder(tone(1000, audio.SampleRate, audio.SampleRate, 8000)) // bot says 1 s of 1 kHz
	p := aritest.StartPair(t, aritest.PairOptions{Handler: rec.handle})
	ctx := ctxT(t, 20*time.Second)
	call, err := p.Call(ctx, aritest.CallOptions{Args: []string{"inbound"}})
	if err != nil {
		t.Fatal(err)
	}
	if call.State() != "Up" {
		t.Errorf("caller state %q, want Up (answered)", call.State())
	}
	if err := call.SendPCM(ctx, tone(440, 8000, 8000, 8000)); err != nil { // caller says 1 s of 440 Hz
		t.Fatal(err)
	}
	for _, d := range "12#" {
		if err := call.DTMF(d, 100*time.Millisecond); err != nil {
			t.Fatal(err)
		}
	}
	time.Sleep(300 * time.Millisecond)
	heard, digits := rec.snapshot()
	if string(digits) != "12#" {
		t.Errorf("DTMF digits %q, want 12#", string(digits))
	}
	// The caller's tone must reach the handler at 16 kHz; skip the jitter-buffer/resampler start.
	if len(heard) < audio.SampleRate {
		t.Fatalf("handler heard %d samples, want >= 1 s", len(heard))
	}
	seg := heard[audio.SampleRate/5 : audio.SampleRate*4/5]
	if g := goertzel(seg, 440, audio.SampleRate); g < 0.8 {
		t.Errorf("440 Hz share of what the handler heard = %.2f, want > 0.8", g)
	}
	got := call.Heard()
	if len(got) < 7000 {
		t.Fatalf("caller heard %d samples, want about 8000", len(got))
	}
	if g := goertzel(got[800:7200], 1000, 8000); g < 0.8 {
		t.Errorf("1 kHz share of what the caller heard = %.2f, want > 0.8", g)
	}
	st := call.RTPStats()
	if st.WrongSource != 0 || st.BadPayload != 0 || st.SSRCChanges != 0 || st.SeqDisorder != 0 || st.BadTimestamp != 0 {
		t.Errorf("RTP from the app broke the rules: %+v", st)
	}
	if st.Packets < 48 || st.Markers < 1 {
		t.Errorf("RTP packets %d markers %d, want ~50 and >= 1", st.Packets, st.Markers)
	}
	if err := call.Hangup(); err != nil {
		t.Fatal(err)
	}
	leg := <-rec.legs
	select {
	case <-leg.Done():
	case <-ctx.Done():
		t.Fatal("leg not done after caller hangup")
	}
	if _, err := leg.Read(ctx); !errors.Is(err, telephony.ErrHangup) {
		t.Errorf("Read after hangup: %v, want ErrHangup", err)
	}
	if leg.Played() < 48 {
		t.Errorf("Played = %d, want about 50 frames", leg.Played())
	}
	eventually(t, "cleanup", func() bool {
		return p.App.ActiveCalls() == 0 && p.Sim.ChannelCount() == 0 && p.Sim.BridgeCount() == 0
	})
}

func TestDialplanHandoff(t *testing.T) {
	long := strings.Repeat("caller wants a refund for order 42; ", 20)
	rec := newRecorder(nil)
	rec.transfer = &telephony.Transfer{CallID: "call-7", Intent: "refund", Reason: "low_confidence", Summary: long,
		Vars: map[string]string{"VG_LANG": "en"}}
	p := aritest.StartPair(t, aritest.PairOptions{Handler: rec.handle,
		Configure: func(c *ari.Config) { c.SummaryMax = 64 }})
	ctx := ctxT(t, 20*time.Second)
	call, err := p.Call(ctx, aritest.CallOptions{})
	if err != nil {
		t.Fatal(err)
	}
	go func() { _ = call.SendPCM(ctx, tone(440, 8000, 8000, 4000)) }()
	if err := <-rec.xferErr; err != nil {
		t.Fatalf("Transfer: %v", err)
	}
	<-call.Done()
	cont, ok := call.Continued()
	if !ok || cont != (aritest.Continued{Context: "agent-handoff", Extension: "s", Priority: 1}) {
		t.Fatalf("continued = %+v %v", cont, ok)
	}
	want := map[string]string{"__VG_CALL_ID": "call-7", "__VG_INTENT": "refund", "__VG_REASON": "low_confidence",
		"__VG_SUMMARY": long[:64], "__VG_LANG": "en"}
	// The caller is back in the dialplan (alive, no longer ours): its variables are still readable.
	for k, v := range want {
		if got, _ := call.Var(k); got != v {
			t.Errorf("%s = %q, want %q", k, got, v)
		}
	}
	leg := <-rec.legs
	<-leg.Done()
	ops := p.Sim.Ops()
	order := []string{"channels.setChannelVar", "bridges.removeChannel", "channels.hangup", "bridges.destroy",
		"channels.continueInDialplan"}
	i := 0
	for _, op := range ops {
		if i < len(order) && op == order[i] {
			i++
		}
	}
	if i != len(order) {
		t.Errorf("handoff requests out of order: %v", ops)
	}
	eventually(t, "cleanup", func() bool { return p.App.ActiveCalls() == 0 && p.Sim.BridgeCount() == 0 })
	if slices.Contains(ops[slices.Index(ops, "channels.continueInDialplan"):], "channels.hangup") {
		t.Errorf("caller was hung up after handoff: %v", ops)
	}
}

// echoAgent is a fake live agent: it sends back what the caller says until its context ends.
type echoAgent struct {
	got chan telephony.Transfer
}

func (e *echoAgent) ConnectAgent(ctx context.Context, tr telephony.Transfer, leg telephony.Leg) error {
	e.got <- tr
	for {
		f, err := leg.Read(ctx)
		if err != nil {
			return nil
		}
		if err := leg.Write(ctx, f); err != nil {
			return nil
		}
	}
}

func TestAgentsHandoff(t *testing.T) {
	rec := newRecorder(nil)
	rec.transfer = &telephony.Transfer{CallID: "c1", Intent: "complaint", Reason: "angry"}
	agent := &echoAgent{got: make(chan telephony.Transfer, 1)}
	p := aritest.StartPair(t, aritest.PairOptions{Handler: rec.handle, Agents: agent,
		Handoff: ari.HandoffConfig{Mode: ari.HandoffAgents}})
	ctx := ctxT(t, 20*time.Second)
	call, err := p.Call(ctx, aritest.CallOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if err := call.SendPCM(ctx, make([]int16, 8000*6/10)); err != nil { // 0.6 s: handler transfers
		t.Fatal(err)
	}
	if err := <-rec.xferErr; err != nil {
		t.Fatal(err)
	}
	if tr := <-agent.got; tr.Intent != "complaint" {
		t.Errorf("agent got %+v", tr)
	}
	leg := <-rec.legs
	<-leg.Done() // the gateway's view ends; the caller stays
	before := len(call.Heard())
	if err := call.SendPCM(ctx, tone(600, 8000, 8000, 8000)); err != nil {
		t.Fatal(err)
	}
	time.Sleep(200 * time.Millisecond)
	heard := call.Heard()[before:]
	if len(heard) < 6000 || goertzel(heard[len(heard)-6000:len(heard)-1000], 600, 8000) < 0.7 {
		t.Errorf("caller did not hear the agent echo (%d samples)", len(heard))
	}
	if _, ok := call.Continued(); ok || call.State() != "Up" {
		t.Errorf("agents mode must keep the caller in the app")
	}
	_ = call.Hangup()
	eventually(t, "cleanup", func() bool { return p.App.ActiveCalls() == 0 && p.Sim.ChannelCount() == 0 })
}

func TestHangupAtEveryStage(t *testing.T) {
	stages := []struct {
		name  string
		after string // hang up once this op was served ("" = right after StasisStart)
		nth   int
	}{
		{"before answer", "", 0},
		{"after answer", "channels.answer", 1},
		{"after bridge", "bridges.createWithId", 1},
		{"after external media", "channels.externalMedia", 1},
		{"after rtp address", "channels.getChannelVar", 2},
		{"in call", "bridges.addChannel", 2},
	}
	rec := newRecorder(tone(500, audio.SampleRate, audio.SampleRate*5, 3000))
	p := aritest.StartPair(t, aritest.PairOptions{Handler: rec.handle})
	for _, st := range stages {
		t.Run(st.name, func(t *testing.T) {
			start := len(p.Sim.Ops())
			call, err := p.Sim.NewCall(aritest.CallOptions{App: p.Config.App})
			if err != nil {
				t.Fatal(err)
			}
			if st.after != "" {
				eventually(t, st.after, func() bool {
					n := 0
					for _, op := range p.Sim.Ops()[start:] {
						if op == st.after {
							n++
						}
					}
					return n >= st.nth
				})
			}
			if err := call.Hangup(); err != nil {
				t.Fatal(err)
			}
			eventually(t, "everything freed", func() bool {
				return p.App.ActiveCalls() == 0 && p.Sim.ChannelCount() == 0 && p.Sim.BridgeCount() == 0
			})
		})
	}
}

func TestHandlerHangsUp(t *testing.T) {
	p := aritest.StartPair(t, aritest.PairOptions{Handler: func(ctx context.Context, leg telephony.Leg) {
		_ = leg.Hangup(ctx, "done")
		<-leg.Done()
	}})
	call, err := p.Sim.NewCall(aritest.CallOptions{App: p.Config.App})
	if err != nil {
		t.Fatal(err)
	}
	select {
	case <-call.Done():
	case <-time.After(5 * time.Second):
		t.Fatal("caller not hung up")
	}
	eventually(t, "cleanup", func() bool { return p.Sim.ChannelCount() == 0 && p.Sim.BridgeCount() == 0 })
}

func TestWebsocketDropMidCall(t *testing.T) {
	rec := newRecorder(nil)
	reg := prometheus.NewRegistry()
	p := aritest.StartPair(t, aritest.PairOptions{Handler: rec.handle, AppOptions: []ari.Option{ari.WithRegisterer(reg)}})
	ctx := ctxT(t, 30*time.Second)
	call, err := p.Call(ctx, aritest.CallOptions{})
	if err != nil {
		t.Fatal(err)
	}
	lost, err := p.Call(ctx, aritest.CallOptions{})
	if err != nil {
		t.Fatal(err)
	}
	sent := make(chan error, 1)
	go func() { sent <- call.SendPCM(ctx, tone(440, 8000, 8000*2, 8000)) }()
	time.Sleep(500 * time.Millisecond)
	p.Sim.DropEvents(p.Config.App)
	_ = lost.Hangup() // during the outage: its events are lost, reconciliation must notice
	if err := <-sent; err != nil {
		t.Fatalf("media stopped during the websocket outage: %v", err)
	}
	if err := p.Sim.WaitAppConnected(ctx, p.Config.App); err != nil {
		t.Fatal(err)
	}
	time.Sleep(200 * time.Millisecond)
	rec.mu.Lock()
	heard := slices.Clone(rec.byLeg[call.ID()])
	rec.mu.Unlock()
	// The 2 s tone must arrive whole although the events websocket dropped 0.5 s into it.
	i := slices.IndexFunc(heard, func(v int16) bool { return v > 2000 || v < -2000 })
	if i < 0 || len(heard)-i < audio.SampleRate*19/10 {
		t.Fatalf("handler got %d samples (tone from %d) across the outage", len(heard), i)
	}
	if g := goertzel(heard[i+1000:i+audio.SampleRate*18/10], 440, audio.SampleRate); g < 0.8 {
		t.Errorf("440 Hz share across the outage = %.2f", g)
	}
	eventually(t, "reconcile ends the lost call", func() bool { return p.App.ActiveCalls() == 1 })
	if err := call.DTMF('5', 80*time.Millisecond); err != nil {
		t.Fatal(err)
	}
	eventually(t, "DTMF after reconnect", func() bool { _, d := rec.snapshot(); return slices.Contains(d, '5') })
	if n := counter(t, reg, "voicegate_ari_reconnects_total"); n < 1 {
		t.Errorf("reconnects = %v", n)
	}
	_ = call.Hangup()
	eventually(t, "cleanup", func() bool { return p.App.ActiveCalls() == 0 && p.Sim.ChannelCount() == 0 })
}

func counter(t *testing.T, reg *prometheus.Registry, name string) float64 {
	t.Helper()
	mfs, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	var sum float64
	for _, mf := range mfs {
		if mf.GetName() == name {
			for _, m := range mf.GetMetric() {
				sum += m.GetCounter().GetValue()
			}
		}
	}
	return sum
}

func TestUnknownEventsAndBadTimestamps(t *testing.T) {
	rec := newRecorder(nil)
	reg := prometheus.NewRegistry()
	p := aritest.StartPair(t, aritest.PairOptions{Handler: rec.handle, AppOptions: []ari.Option{ari.WithRegisterer(reg)}})
	ctx := ctxT(t, 20*time.Second)
	call, err := p.Call(ctx, aritest.CallOptions{})
	if err != nil {
		t.Fatal(err)
	}
	app := p.Config.App
	chJSON := map[string]any{"id": call.ID(), "name": "PJSIP/x", "state": "Up", "protocol_id": "",
		"caller": map[string]any{"name": "", "number": ""}, "connected": map[string]any{"name": "", "number": ""},
		"accountcode": "", "dialplan": map[string]any{"context": "c", "exten": "s", "priority": 1, "app_name": "", "app_data": ""},
		"creationtime": time.Now().Format(aritest.DateFormat), "language": "en"}
	// Valid Asterisk 22 events that ari v5.3.1 does not know (it would panic on each).
	for _, ev := range []struct {
		typ    string
		fields map[string]any
	}{
		{"ChannelToneDetected", map[string]any{"channel": chJSON}},
		{"ApplicationRegistered", nil},
		{"ApplicationUnregistered", nil},
		{"ChannelTransfer", map[string]any{"state": "ringing", "refer_to": map[string]any{"requested_destination": map[string]any{}}, "referred_by": map[string]any{"source_channel": chJSON}}},
		{"CallBroadcast", map[string]any{"channel": chJSON}},
	} {
		if err := p.Sim.InjectEvent(app, ev.typ, ev.fields); err != nil {
			t.Fatal(err)
		}
	}
	raws := []string{
		`{"type":"NoSuchEvent","application":"voicegate","timestamp":"2026-02-25T10:15:00.000+0000"}`,
		`not json at all`,
		`{"application":"voicegate"}`,
		`{"type":"ChannelDtmfReceived","application":"voicegate","timestamp":"2026-02-25T10:15:00Z","digit":"7","duration_ms":100,"channel":` + jsonOf(chJSON) + `}`,
		`{"type":"ChannelDtmfReceived","application":"voicegate","timestamp":12345,"digit":"8","duration_ms":100,"channel":` + strings.Replace(jsonOf(chJSON), `"creationtime":"`, `"creationtime":"yesterday`, 1) + `}`,
	}
	for _, r := range raws {
		if err := p.Sim.InjectRaw(app, []byte(r)); err != nil {
			t.Fatal(err)
		}
	}
	eventually(t, "normalised DTMF", func() bool { _, d := rec.snapshot(); return string(d) == "78" })
	if n := counter(t, reg, "voicegate_ari_events_dropped_total"); n != 8 {
		t.Errorf("dropped events = %v, want 8", n)
	}
	// Still alive: the call continues and hangs up normally.
	_ = call.Hangup()
	eventually(t, "cleanup", func() bool { return p.App.ActiveCalls() == 0 })
}

func jsonOf(m map[string]any) string {
	b, _ := json.Marshal(m)
	return string(b)
}

func TestBadCredentialsFailFast(t *testing.T) {
	sim, err := aritest.NewServer()
	if err != nil {
		t.Fatal(err)
	}
	defer sim.Close()
	app, err := ari.New(ari.Config{URL: sim.URL(), Username: "voicegate", Password: "wrong", App: "x",
		RTPHost: "127.0.0.1", Handoff: ari.HandoffConfig{Context: "q"}, ConnectTimeout: time.Second},
		ari.WithHandler(func(context.Context, telephony.Leg) {}))
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	err = app.Run(context.Background())
	if !errors.Is(err, ari.ErrAuth) {
		t.Errorf("Run = %v, want ErrAuth", err)
	}
	if time.Since(start) > 2*time.Second {
		t.Errorf("bad credentials took %v", time.Since(start))
	}
	// Nothing listening: a clear unreachable error, not a hang.
	app2, _ := ari.New(ari.Config{URL: "http://127.0.0.1:1/ari", Username: "u", App: "x", RTPHost: "127.0.0.1",
		Handoff: ari.HandoffConfig{Context: "q"}, ConnectTimeout: time.Second},
		ari.WithHandler(func(context.Context, telephony.Leg) {}))
	if err := app2.Run(context.Background()); !errors.Is(err, ari.ErrUnreachable) {
		t.Errorf("Run = %v, want ErrUnreachable", err)
	}
}

func TestApplicationReplaced(t *testing.T) {
	reg := prometheus.NewRegistry()
	rec := newRecorder(nil)
	p := aritest.StartPair(t, aritest.PairOptions{Handler: rec.handle, AppOptions: []ari.Option{ari.WithRegisterer(reg)}})
	if err := p.Sim.ReplaceApp(p.Config.App); err != nil {
		t.Fatal(err)
	}
	eventually(t, "replaced metric", func() bool {
		return counter(t, reg, "voicegate_ari_application_replaced_total") == 1
	})
	if err := p.Stop(); !errors.Is(err, ari.ErrApplicationReplaced) {
		t.Errorf("Run = %v, want ErrApplicationReplaced", err)
	}
	if n := counter(t, reg, "voicegate_ari_application_replaced_total"); n != 1 {
		t.Errorf("replaced metric = %v", n)
	}
}

func TestRESTTimeout(t *testing.T) {
	rec := newRecorder(nil)
	p := aritest.StartPair(t, aritest.PairOptions{Handler: rec.handle,
		SimOptions: []aritest.Option{aritest.WithResponseDelay(700 * time.Millisecond)},
		Configure:  func(c *ari.Config) { c.RequestTimeout = 200 * time.Millisecond; c.ConnectTimeout = 3 * time.Second }})
	call, err := p.Sim.NewCall(aritest.CallOptions{App: p.Config.App})
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	eventually(t, "setup gives up", func() bool { return p.App.ActiveCalls() == 0 && len(p.Sim.Ops()) > 0 })
	if d := time.Since(start); d > 4*time.Second {
		t.Errorf("timed-out setup took %v", d)
	}
	_ = call.Hangup()
}

func TestConfigErrors(t *testing.T) {
	h := ari.WithHandler(func(context.Context, telephony.Leg) {})
	tests := []struct {
		name string
		cfg  ari.Config
		opts []ari.Option
	}{
		{"empty", ari.Config{}, []ari.Option{h}},
		{"bad url", ari.Config{URL: "ftp://x", App: "a", Username: "u", RTPHost: "127.0.0.1", Handoff: ari.HandoffConfig{Context: "q"}}, []ari.Option{h}},
		{"bad rtp host", ari.Config{URL: "http://x/ari", App: "a", Username: "u", RTPHost: "host", Handoff: ari.HandoffConfig{Context: "q"}}, []ari.Option{h}},
		{"bad ports", ari.Config{URL: "http://x/ari", App: "a", Username: "u", RTPHost: "127.0.0.1", RTPPortMin: 10, RTPPortMax: 5, Handoff: ari.HandoffConfig{Context: "q"}}, []ari.Option{h}},
		{"no context", ari.Config{URL: "http://x/ari", App: "a", Username: "u", RTPHost: "127.0.0.1"}, []ari.Option{h}},
		{"agents without connector", ari.Config{URL: "http://x/ari", App: "a", Username: "u", RTPHost: "127.0.0.1", Handoff: ari.HandoffConfig{Mode: "agents"}}, []ari.Option{h}},
		{"no handler", ari.Config{URL: "http://x/ari", App: "a", Username: "u", RTPHost: "127.0.0.1", Handoff: ari.HandoffConfig{Context: "q"}}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := ari.New(tt.cfg, tt.opts...); !errors.Is(err, ari.ErrConfig) {
				t.Errorf("err = %v, want ErrConfig", err)
			}
		})
	}
}
