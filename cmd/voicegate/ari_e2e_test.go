package main

import (
	"context"
	"fmt"
	"log/slog"
	"math"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/voicegate/voicegate/audio"
	"github.com/voicegate/voicegate/dialog"
	"github.com/voicegate/voicegate/gateway"
	"github.com/voicegate/voicegate/internal/shareddata"
	"github.com/voicegate/voicegate/store"
	"github.com/voicegate/voicegate/telephony"
	"github.com/voicegate/voicegate/telephony/ari"
	"github.com/voicegate/voicegate/telephony/ari/aritest"
)

// These tests are phone calls: a simulated Asterisk (contract-checked against Asterisk's API description)
// hands callers to the ARI app, which runs the real offline gateway (pocketsphinx, flite, the dialog engine
// on configs/kb, the demo order backend). Callers speak over µ-law RTP in real time and record what comes
// back, as a phone would.

// recordSink keeps the call records the gateway returns, by call id.
type recordSink struct {
	mu      sync.Mutex
	recs    map[string]*store.CallRecord
	changed chan struct{}
}

func newRecordSink() *recordSink {
	return &recordSink{recs: map[string]*store.CallRecord{}, changed: make(chan struct{})}
}

func (r *recordSink) put(rec *store.CallRecord) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.recs[rec.ID] = rec
	close(r.changed)
	r.changed = make(chan struct{})
}

func (r *recordSink) wait(t *testing.T, id string, timeout time.Duration) *store.CallRecord {
	t.Helper()
	deadline := time.After(timeout)
	for {
		r.mu.Lock()
		rec, ch := r.recs[id], r.changed
		r.mu.Unlock()
		if rec != nil {
			return rec
		}
		select {
		case <-ch:
		case <-deadline:
			t.Fatalf("no call record for %s after %v", id, timeout)
		}
	}
}

// ariRig is the real gateway behind an ARI app on the simulator.
type ariRig struct {
	pair *aritest.Pair
	recs *recordSink
	logs *syncBuffer
}

// newRealStack builds the offline stack from the repository's configuration, and a gateway on it that
// logs what it does into the returned buffer (shown when a test fails).
func newRealStack(t *testing.T, eng dialog.Engine) (*stack, *gateway.Gateway, *syncBuffer) {
	t.Helper()
	logs := &syncBuffer{}
	st, err := newStack(context.Background(), repoConfig, true, "", logs, nil)
	if err != nil {
		t.Fatalf("offline stack: %v", err)
	}
	t.Cleanup(st.Close)
	if eng == nil {
		eng = st.eng
	}
	log := slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelInfo}))
	gw, err := gateway.New(st.rec, st.syn, eng, gateway.WithConfig(st.cfg.Call), gateway.WithLogger(log))
	if err != nil {
		t.Fatal(err)
	}
	return st, gw, logs
}

// startRig connects gw (built on st's engines, or st.gw when nil) to a fresh simulator and ARI app.
func startRig(t *testing.T, gw *gateway.Gateway, logs *syncBuffer, po aritest.PairOptions) *ariRig {
	t.Helper()
	r := &ariRig{recs: newRecordSink(), logs: logs}
	log := slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelInfo}))
	po.AppOptions = append(po.AppOptions, ari.WithLogger(log.With("component", "ari")))
	po.Handler = func(ctx context.Context, leg telephony.Leg) {
		rec, err := gw.HandleCall(ctx, leg)
		if err != nil {
			t.Errorf("HandleCall(%s): %v", leg.ID(), err)
			return
		}
		r.recs.put(rec)
	}
	r.pair = aritest.StartPair(t, po)
	t.Cleanup(func() {
		if t.Failed() || testing.Verbose() {
			t.Logf("stack log:\n%s", logs)
		}
	})
	return r
}

// speak plays a recorded turn as the caller, then the line noise of a caller waiting for the answer.
func speak(ctx context.Context, t *testing.T, c *aritest.Call, pcm8k []int16, trail time.Duration) {
	t.Helper()
	if err := c.SendPCM(ctx, append(slices.Clone(pcm8k), make([]int16, int(trail.Seconds()*8000))...)); err != nil {
		t.Fatalf("caller audio: %v", err)
	}
}

// flite8k synthesises a caller turn with a flite voice ("slt", "kal16") and brings it to the telephone rate.
func flite8k(t *testing.T, v, text string) []int16 {
	t.Helper()
	pcm, rate, err := audio.ReadWAVFile(voice(t, "flite:"+v, text))
	if err != nil {
		t.Fatal(err)
	}
	out, err := audio.Resample(pcm, rate, 8000)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// fsddDigits strings free-spoken-digit recordings (real human speakers, 8 kHz) together.
func fsddDigits(t *testing.T, speaker, digits string) []int16 {
	t.Helper()
	var out []int16
	for i, d := range digits {
		path := shareddata.Path(t, "data", "speech", "fsdd", "recordings", fmt.Sprintf("%c_%s_%d.wav", d, speaker, i))
		pcm, rate, err := audio.ReadWAVFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if rate != 8000 {
			t.Fatalf("%s: %d Hz, want 8000", path, rate)
		}
		out = append(out, pcm...) // said in one breath, as people read out a number
	}
	return out
}

// digitWords counts the digit words in a transcript.
func digitWords(s string) int {
	n := 0
	for _, w := range strings.Fields(s) {
		if slices.Contains([]string{"zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "oh"}, w) {
			n++
		}
	}
	return n
}

// waitBot waits until the bot finished what it is saying (1 s of quiet after new audio).
func waitBot(ctx context.Context, t *testing.T, c *aritest.Call, after int) int {
	t.Helper()
	start := time.Now()
	n, err := c.WaitQuiet(ctx, after, time.Second)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("bot spoke %d packets, quiet after %v", n-after, time.Since(start).Round(time.Millisecond))
	return n
}

// heardIntelligible recognises what the caller heard (8 kHz µ-law off the wire) with the general English
// model and compares it with what the bot meant to say.
func heardIntelligible(t *testing.T, c *aritest.Call, text string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "heard.wav")
	if err := c.WriteHeardWAV(path); err != nil {
		t.Fatal(err)
	}
	// Telephone band (8 kHz µ-law) into the 16 kHz general model: measured WER 0.16–0.51 across runs.
	checkIntelligible(t, path, text, 0.6)
}

func replies(rec *store.CallRecord) string {
	parts := []string{rec.Greeting}
	for _, tr := range rec.Turns {
		parts = append(parts, tr.ReplyText)
	}
	return strings.Join(parts, " ")
}

func checkTurns(t *testing.T, rec *store.CallRecord, intents, replyWords []string) {
	t.Helper()
	for _, tr := range rec.Turns {
		t.Logf("caller %q → %s/%s %.2f → %q (turn %.0f ms, asr %.0f ms)", tr.CallerText, tr.Route, tr.Intent,
			tr.Confidence, tr.ReplyText, tr.LatencyMS.Turn, tr.LatencyMS.ASR)
	}
	if len(rec.Turns) != len(intents) {
		t.Fatalf("%d turns, want %d", len(rec.Turns), len(intents))
	}
	for i, tr := range rec.Turns {
		if tr.Intent != intents[i] {
			t.Errorf("turn %d: intent %q (heard %q), want %q", i+1, tr.Intent, tr.CallerText, intents[i])
		}
		if !strings.Contains(strings.ToLower(tr.ReplyText), replyWords[i]) {
			t.Errorf("turn %d: reply %q lacks %q", i+1, tr.ReplyText, replyWords[i])
		}
	}
}

func checkRTP(t *testing.T, c *aritest.Call) {
	t.Helper()
	st := c.RTPStats()
	t.Logf("RTP to the caller: %d packets, %d talk spurts, p99 jitter %v", st.Packets, st.Markers, aritest.P99(st.JitterSamples))
	if st.Packets == 0 || st.WrongSource+st.BadPayload+st.SSRCChanges+st.SeqDisorder+st.BadTimestamp != 0 {
		t.Errorf("RTP stream not clean: %+v", withoutSamples(st))
	}
}

func withoutSamples(st aritest.RTPStats) aritest.RTPStats {
	st.JitterSamples = nil
	return st
}

func checkNoViolations(t *testing.T, p *aritest.Pair) {
	t.Helper()
	for _, v := range p.Sim.Violations() {
		t.Errorf("ARI contract violation: %s", v)
	}
}

// TestARIRealGatewayCalls runs whole phone calls through the simulator with the real gateway: an order
// enquiry answered from a real human's spoken digits, the same with synthetic digits, and a DTMF menu
// choice that ends in a dialplan handoff.
func TestARIRealGatewayCalls(t *testing.T) {
	t.Parallel()
	needTool(t, "flite", "apt-get install flite")
	st, gw, logs := newRealStack(t, nil)
	rig := startRig(t, gw, logs, aritest.PairOptions{
		Handoff: ari.HandoffConfig{Mode: ari.HandoffDialplan, Context: st.cfg.ARI.Context,
			Extension: st.cfg.ARI.Extension, Priority: st.cfg.ARI.Priority},
	})
	p := rig.pair
	// The first turn is kal16's voice: on fresh 8 kHz µ-law audio the recognizer hears slt's "where is my
	// order" as "where i'm there" (it gets it right once a decoder has heard a turn of telephone audio).
	orderCall := func(t *testing.T, digits []int16, wantOrder string) {
		ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
		defer cancel()
		c, err := p.Call(ctx, aritest.CallOptions{})
		if err != nil {
			t.Fatal(err)
		}
		n := waitBot(ctx, t, c, 0) // greeting
		speak(ctx, t, c, flite8k(t, "kal16", "where is my order"), 1200*time.Millisecond)
		n = waitBot(ctx, t, c, n) // asks for the order number
		speak(ctx, t, c, digits, 1500*time.Millisecond)
		waitBot(ctx, t, c, n) // order status
		if err := c.Hangup(); err != nil {
			t.Fatal(err)
		}
		rec := rig.recs.wait(t, c.ID(), 15*time.Second)
		if rec.Channel != "ari" || rec.ID != c.ID() || rec.EndedAt == nil {
			t.Errorf("record header %+v", rec)
		}
		second := "shipped"
		if wantOrder == "" {
			second = "order" // the order, or a request to repeat its number
		}
		checkTurns(t, rec, []string{"order_status", "order_status"}, []string{"order number", second})
		got := rec.Turns[len(rec.Turns)-1].Slots["order_number"]
		if wantOrder != "" && got != wantOrder {
			t.Errorf("order number slot %q, want %s", got, wantOrder)
		}
		if digits := digitWords(rec.Turns[len(rec.Turns)-1].CallerText); digits < 2 {
			t.Errorf("the recognizer heard %d digits in %q", digits, rec.Turns[len(rec.Turns)-1].CallerText)
		}
		if rec.Outcome != store.OutcomeContained {
			t.Errorf("outcome %s, want contained", rec.Outcome)
		}
		checkRTP(t, c)
		heardIntelligible(t, c, replies(rec))
	}
	t.Run("human digits", func(t *testing.T) {
		t.Parallel()
		// A real speaker's digits over the phone: pocketsphinx's digit recognition on 8 kHz µ-law human
		// speech is weak ("four zero seven two nine" comes out as "four zero zero two"), so this checks that
		// the digits reach the recognizer and the order dialog carries on, not the exact number.
		orderCall(t, fsddDigits(t, "jackson", "40729"), "")
	})
	t.Run("synthetic digits", func(t *testing.T) {
		t.Parallel()
		orderCall(t, flite8k(t, "kal16", "four zero seven two nine"), "40729")
	})
	t.Run("dtmf menu to dialplan handoff", func(t *testing.T) {
		t.Parallel()
		ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
		defer cancel()
		c, err := p.Call(ctx, aritest.CallOptions{})
		if err != nil {
			t.Fatal(err)
		}
		waitBot(ctx, t, c, 0)
		if err := c.DTMF('0', 120*time.Millisecond); err != nil {
			t.Fatal(err)
		}
		select {
		case <-c.Done():
		case <-ctx.Done():
			t.Fatal("caller was not handed off")
		}
		rec := rig.recs.wait(t, c.ID(), 15*time.Second)
		checkTurns(t, rec, []string{"agent_request"}, []string{""})
		if rec.Outcome != store.OutcomeHandoff || rec.HandoffReason != dialog.ReasonRequested || rec.Turns[0].DTMF != "0" {
			t.Errorf("outcome %s/%s dtmf %q, want handoff/requested by key 0", rec.Outcome, rec.HandoffReason, rec.Turns[0].DTMF)
		}
		cont, ok := c.Continued()
		want := aritest.Continued{Context: st.cfg.ARI.Context, Extension: st.cfg.ARI.Extension, Priority: int64(st.cfg.ARI.Priority)}
		if !ok || cont != want {
			t.Errorf("continued to %+v (%v), want %+v", cont, ok, want)
		}
		for k, v := range map[string]string{"__VG_REASON": "requested", "__VG_CALL_ID": c.ID(), "__VG_INTENT": "agent_request"} {
			if got, _ := c.Var(k); got != v {
				t.Errorf("%s = %q, want %q", k, got, v)
			}
		}
		if s, _ := c.Var("__VG_SUMMARY"); s == "" {
			t.Error("__VG_SUMMARY not set")
		}
		checkRTP(t, c)
		// The caller heard the whole handoff message before leaving the app.
		heardIntelligible(t, c, replies(rec))
	})
	t.Cleanup(func() { checkNoViolations(t, p) })
}

// fakeAgent is a voicegate agent desk: it greets the caller with a tone and records the transfer.
type fakeAgent struct {
	got chan telephony.Transfer
}

func (a *fakeAgent) ConnectAgent(ctx context.Context, tr telephony.Transfer, leg telephony.Leg) error {
	a.got <- tr
	tone := make([]int16, audio.SampleRate) // 1 s at 1 kHz: easy to find in what the caller heard
	for i := range tone {
		tone[i] = int16(8000 * sin1k(i))
	}
	for _, f := range audio.Frames(tone) {
		if err := leg.Write(ctx, f); err != nil {
			return nil
		}
	}
	for {
		if _, err := leg.Read(ctx); err != nil {
			return nil
		}
	}
}

// sin1k is a 1 kHz sine at 16 kHz: 16 samples per period.
func sin1k(i int) float64 {
	return [16]float64{0, .383, .707, .924, 1, .924, .707, .383, 0, -.383, -.707, -.924, -1, -.924, -.707, -.383}[i%16]
}

// TestARIAgentsHandoffRealGateway: a spoken request for a person, handed to voicegate's own agents while
// the caller stays in the app.
func TestARIAgentsHandoffRealGateway(t *testing.T) {
	t.Parallel()
	needTool(t, "flite", "apt-get install flite")
	_, gw, logs := newRealStack(t, nil)
	agent := &fakeAgent{got: make(chan telephony.Transfer, 1)}
	rig := startRig(t, gw, logs, aritest.PairOptions{Agents: agent, Handoff: ari.HandoffConfig{Mode: ari.HandoffAgents}})
	p := rig.pair
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	c, err := p.Call(ctx, aritest.CallOptions{})
	if err != nil {
		t.Fatal(err)
	}
	n := waitBot(ctx, t, c, 0)
	speak(ctx, t, c, flite8k(t, "slt", "I want to talk to a person"), 1200*time.Millisecond)
	var tr telephony.Transfer
	select {
	case tr = <-agent.got:
	case <-ctx.Done():
		t.Fatal("the agent connector was never called")
	}
	rec := rig.recs.wait(t, c.ID(), 15*time.Second)
	checkTurns(t, rec, []string{"agent_request"}, []string{"colleague"})
	if rec.Outcome != store.OutcomeHandoff || rec.HandoffReason != dialog.ReasonRequested {
		t.Errorf("outcome %s/%s, want handoff/requested", rec.Outcome, rec.HandoffReason)
	}
	if tr.CallID != c.ID() || tr.Intent != "agent_request" || tr.Reason != dialog.ReasonRequested || tr.Summary == "" {
		t.Errorf("transfer %+v", tr)
	}
	// The agent's voice reaches the caller on the same RTP stream.
	waitBot(ctx, t, c, n)
	heard := c.Heard()
	tail := heard[max(0, len(heard)-8000):]
	if g := goertzelPower(tail, 1000, 8000); g < 0.5 {
		t.Errorf("caller did not hear the agent (1 kHz share %.2f)", g)
	}
	if _, ok := c.Continued(); ok || c.State() != "Up" {
		t.Error("agents mode must keep the caller in the app")
	}
	if err := c.Hangup(); err != nil {
		t.Fatal(err)
	}
	waitFreed(t, p)
	checkRTP(t, c)
	checkNoViolations(t, p)
}

// goertzelPower is the share of pcm's power at freq (0..1).
func goertzelPower(pcm []int16, freq float64, rate int) float64 {
	if len(pcm) == 0 {
		return 0
	}
	k := 2 * math.Cos(2*math.Pi*freq/float64(rate))
	var s1, s2, total float64
	for _, x := range pcm {
		v := float64(x)
		total += v * v
		s1, s2 = v+k*s1-s2, s1
	}
	if total == 0 {
		return 0
	}
	return 2 * (s1*s1 + s2*s2 - k*s1*s2) / (total * float64(len(pcm)))
}

// waitFreed waits until the simulated Asterisk has no channels or bridges left and the app no calls.
func waitFreed(t *testing.T, p *aritest.Pair) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		if p.Sim.ChannelCount() == 0 && p.Sim.BridgeCount() == 0 && p.App.ActiveCalls() == 0 {
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Errorf("not freed: %d channels, %d bridges, %d calls", p.Sim.ChannelCount(), p.Sim.BridgeCount(), p.App.ActiveCalls())
}

// slowEngine delays every answer, like an LLM taking its time, until the call's context ends.
type slowEngine struct {
	dialog.Engine
	delay   time.Duration
	entered chan string
}

func (e *slowEngine) NewConversation(id, lang string) dialog.Conversation {
	return &slowConversation{Conversation: e.Engine.NewConversation(id, lang), e: e}
}

type slowConversation struct {
	dialog.Conversation
	e *slowEngine
}

func (c *slowConversation) Respond(ctx context.Context, in dialog.Input, emit func(string)) (dialog.Reply, error) {
	select {
	case c.e.entered <- in.Text:
	default:
	}
	t := time.NewTimer(c.e.delay)
	defer t.Stop()
	select {
	case <-t.C:
	case <-ctx.Done():
		return dialog.Reply{}, ctx.Err()
	}
	return c.Conversation.Respond(ctx, in, emit)
}

// TestARICallerHangsUp (not parallel: it counts goroutines): the caller leaves while the bot speaks, while the caller is mid-sentence, and while
// the dialog engine is thinking. Each time the call is recorded as abandoned and everything is freed: no
// channel or bridge left on Asterisk, no call in the app, no goroutine left behind.
func TestARICallerHangsUp(t *testing.T) {
	needTool(t, "flite", "apt-get install flite")
	slow := &slowEngine{delay: 20 * time.Second, entered: make(chan string, 1)}
	st, gw, logs := newRealStack(t, slow)
	slow.Engine = st.eng
	utterance := flite8k(t, "kal16", "where is my order")
	// Everything the stack itself runs exists now; the calls must not add to it.
	leaks := goleak.IgnoreCurrent()
	rig := startRig(t, gw, logs, aritest.PairOptions{})
	p := rig.pair
	cases := []struct {
		name  string
		until func(ctx context.Context, t *testing.T, c *aritest.Call)
	}{
		{"during the greeting (TTS)", func(ctx context.Context, t *testing.T, c *aritest.Call) {
			for c.HeardPackets() < 25 { // half a second of the greeting
				if ctx.Err() != nil {
					t.Fatal("no greeting")
				}
				time.Sleep(10 * time.Millisecond)
			}
		}},
		{"mid-utterance (ASR)", func(ctx context.Context, t *testing.T, c *aritest.Call) {
			waitBot(ctx, t, c, 0)
			speak(ctx, t, c, utterance[:len(utterance)*2/3], 0)
		}},
		{"during a slow dialog turn", func(ctx context.Context, t *testing.T, c *aritest.Call) {
			waitBot(ctx, t, c, 0)
			speak(ctx, t, c, utterance, 1200*time.Millisecond)
			select {
			case text := <-slow.entered:
				t.Logf("dialog engine thinking about %q", text)
			case <-ctx.Done():
				t.Fatal("the turn never reached the dialog engine")
			}
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 40*time.Second)
			defer cancel()
			c, err := p.Call(ctx, aritest.CallOptions{})
			if err != nil {
				t.Fatal(err)
			}
			tc.until(ctx, t, c)
			hungUp := time.Now()
			if err := c.Hangup(); err != nil {
				t.Fatal(err)
			}
			rec := rig.recs.wait(t, c.ID(), 10*time.Second)
			t.Logf("record closed %v after the hangup", time.Since(hungUp).Round(time.Millisecond))
			if rec.Outcome != store.OutcomeAbandoned || rec.EndedAt == nil {
				t.Errorf("outcome %q ended %v, want abandoned", rec.Outcome, rec.EndedAt)
			}
			if time.Since(hungUp) > 5*time.Second {
				t.Errorf("call took %v to end after the caller left", time.Since(hungUp))
			}
			waitFreed(t, p)
		})
	}
	checkNoViolations(t, p)
	if err := p.Stop(); err != nil {
		t.Fatal(err)
	}
	goleak.VerifyNone(t, leaks)
}
