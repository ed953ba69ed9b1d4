package webrtc

import (
	"context"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/voicegate/voicegate/audio"
	"github.com/voicegate/voicegate/internal/shareddata"
	"github.com/voicegate/voicegate/telephony"
	"github.com/voicegate/voicegate/web"
)

const (
	chromiumPath = "/usr/bin/chromium"
	e2eBotHz     = 1000.0
	e2eBotSecs   = 2
)

// browserTools finds node and chromium; without them the test skips locally and fails in CI.
func browserTools(t *testing.T) string {
	t.Helper()
	node, err := exec.LookPath("node")
	_, cerr := os.Stat(chromiumPath)
	if err != nil || cerr != nil {
		if os.Getenv("CI") == "" {
			t.Skipf("browser e2e needs node and %s (node: %v, chromium: %v)", chromiumPath, err, cerr)
		}
		t.Fatalf("CI needs node and %s (node: %v, chromium: %v)", chromiumPath, err, cerr)
	}
	if _, err := os.Stat(filepath.Join("e2e", "node_modules", "playwright-core")); err != nil {
		// npm ci installs the locked playwright-core only; it never downloads a browser.
		cmd := exec.Command("npm", "ci", "--no-audit", "--no-fund")
		cmd.Dir = "e2e"
		cmd.Env = append(os.Environ(), "PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("npm ci in e2e: %v\n%s", err, out)
		}
	}
	return node
}

// e2eHandler records the caller, and once it has heard a second of them, captions both sides and plays a
// 1 kHz tone as the bot's reply.
type e2eHandler struct {
	mu     sync.Mutex
	heard  []int16
	digits []rune
	legs   chan *Leg
	done   chan struct{}
}

func (h *e2eHandler) handle(ctx context.Context, tl telephony.Leg) {
	defer close(h.done)
	leg := tl.(*Leg)
	h.legs <- leg
	go func() {
		for ev := range leg.Events() {
			if ev.Kind == telephony.EventDTMF {
				h.mu.Lock()
				h.digits = append(h.digits, ev.Digit)
				h.mu.Unlock()
			}
		}
	}()
	replied := false
	for {
		f, err := leg.Read(ctx)
		if err != nil {
			<-ctx.Done()
			return
		}
		h.mu.Lock()
		h.heard = append(h.heard, f[:]...)
		n := len(h.heard)
		h.mu.Unlock()
		if !replied && n >= audio.SampleRate {
			replied = true
			leg.Caption("caller", "she couldn't decide which dress to wear", true)
			leg.Caption("bot", "Hello from voicegate", true)
			go func() {
				for _, fr := range audio.Frames(tone(e2eBotHz, e2eBotSecs*audio.SampleRate, 10000)) {
					if leg.Write(ctx, fr) != nil {
						return
					}
				}
			}()
		}
	}
}

type e2eResult struct {
	Error                  string   `json:"error"`
	Steps                  []string `json:"steps"`
	Console                []string `json:"console"`
	MicDeniedError         string   `json:"micDeniedError"`
	UnreachableError       string   `json:"unreachableError"`
	UnreachableCallEnabled bool     `json:"unreachableCallEnabled"`
	TranscriptAriaLive     string   `json:"transcriptAriaLive"`
	FirstFocus             string   `json:"firstFocus"`
	FocusAfterConnect      string   `json:"focusAfterConnect"`
	MicLevelMax            float64  `json:"micLevelMax"`
	Transcript             string   `json:"transcript"`
	BotRate                int      `json:"botRate"`
	BotPCM                 string   `json:"botPCM"`
	StatusAfterHangup      string   `json:"statusAfterHangup"`
	CallEnabledAfterHangup bool     `json:"callEnabledAfterHangup"`
}

func TestBrowserE2E(t *testing.T) {
	node := browserTools(t)
	speech := shareddata.Path(t, "data", "speech", "cv-en", "wav", "common_voice_en_11289260.wav")

	h := &e2eHandler{legs: make(chan *Leg, 1), done: make(chan struct{})}
	srv, err := NewServer(h.handle, WithLoopbackOnly())
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	mux.Handle("/api/webrtc/", srv.Handler())
	mux.Handle("/", web.Handler())
	hs := httptest.NewServer(mux)
	defer hs.Close()
	defer func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if err := srv.Close(ctx); err != nil {
			t.Error(err)
		}
	}()

	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, node, "caller.mjs", hs.URL+"/", speech, t.TempDir())
	cmd.Dir = "e2e"
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("node caller.mjs: %v\n%s", err, stderr.String())
	}
	var res e2eResult
	if err := json.Unmarshal(out, &res); err != nil {
		t.Fatalf("driver output: %v\n%.2000s", err, out)
	}
	if res.Error != "" {
		t.Fatalf("driver failed after %v: %s\nconsole: %v", res.Steps, res.Error, res.Console)
	}

	// Page behaviour.
	if !strings.Contains(res.MicDeniedError, "Microphone access was denied") {
		t.Errorf("mic denied message %q", res.MicDeniedError)
	}
	if !strings.Contains(res.UnreachableError, "Cannot reach the server") || !res.UnreachableCallEnabled {
		t.Errorf("unreachable message %q, call enabled %v", res.UnreachableError, res.UnreachableCallEnabled)
	}
	if res.TranscriptAriaLive != "polite" || res.FirstFocus != "call" || res.FocusAfterConnect != "hangup" {
		t.Errorf("a11y: aria-live %q, first focus %q, focus after connect %q", res.TranscriptAriaLive,
			res.FirstFocus, res.FocusAfterConnect)
	}
	if res.MicLevelMax <= 0.05 {
		t.Errorf("mic meter max %.3f", res.MicLevelMax)
	}
	for _, want := range []string{"You:", "which dress", "Agent:", "Hello from voicegate"} {
		if !strings.Contains(res.Transcript, want) {
			t.Errorf("transcript %q lacks %q", res.Transcript, want)
		}
	}
	if !strings.Contains(res.StatusAfterHangup, "ended") || !res.CallEnabledAfterHangup {
		t.Errorf("after hangup: status %q, call enabled %v", res.StatusAfterHangup, res.CallEnabledAfterHangup)
	}

	// Server side: the leg heard speech, got the keys, and ended with the page's hang-up.
	var leg *Leg
	select {
	case leg = <-h.legs:
	default:
		t.Fatal("no call reached the handler")
	}
	select {
	case <-leg.Done():
	case <-time.After(10 * time.Second):
		t.Fatal("leg not done after #hangup")
	}
	select {
	case <-h.done:
	case <-time.After(10 * time.Second):
		t.Fatal("handler still running after hang-up")
	}
	h.mu.Lock()
	heard, digits := h.heard, string(h.digits)
	h.mu.Unlock()
	if err := audio.WriteWAVFile(filepath.Join(t.TempDir(), "caller.wav"), heard, audio.SampleRate); err != nil {
		t.Error(err)
	}
	checkSpeechLike(t, heard)
	if digits != "5#" {
		t.Errorf("DTMF from the page = %q, want \"5#\"", digits)
	}
	if leg.Reason() != "remote hangup" && leg.Reason() != "closed" {
		t.Errorf("end reason %q", leg.Reason())
	}
	t.Logf("leg %s codec %s: heard %.1f s, played %d frames, digits %q, reason %q", leg.ID(), leg.Codec(),
		float64(len(heard))/audio.SampleRate, leg.Played(), digits, leg.Reason())

	// Page side: the bot's tone arrived and lasted about as long as sent.
	raw, err := base64.StdEncoding.DecodeString(res.BotPCM)
	if err != nil || res.BotRate == 0 {
		t.Fatalf("bot recording: %v (rate %d)", err, res.BotRate)
	}
	bot := make([]int16, len(raw)/2)
	for i := range bot {
		bot[i] = int16(binary.LittleEndian.Uint16(raw[2*i:]))
	}
	checkTone(t, bot, res.BotRate)
	if leg.Codec() != "opus" {
		t.Errorf("chromium call negotiated %s, want opus", leg.Codec())
	}
}

// checkSpeechLike wants several seconds of audio whose 20 ms energy rises and falls like speech: loud
// enough, with both voiced and quiet frames (a tone or silence would fail one side).
func checkSpeechLike(t *testing.T, pcm []int16) {
	t.Helper()
	frames := audio.Frames(pcm)
	if len(frames) < 150 {
		t.Fatalf("server heard only %d frames", len(frames))
	}
	loud := 0
	var peak float64
	for i := range frames {
		r := rms(frames[i][:])
		peak = max(peak, r)
		if r > 300 {
			loud++
		}
	}
	share := float64(loud) / float64(len(frames))
	t.Logf("caller audio: %d frames, %.0f%% voiced, peak frame rms %.0f", len(frames), 100*share, peak)
	if peak < 1000 || share < 0.2 || share > 0.97 {
		t.Errorf("caller audio not speech-like: peak rms %.0f, voiced share %.2f", peak, share)
	}
}

// checkTone finds the loud part of the page's recording and wants it to be the bot's 1 kHz tone, about
// as long as it was sent.
func checkTone(t *testing.T, pcm []int16, rate int) {
	t.Helper()
	win := rate / 50
	first, last := -1, -1
	for i := 0; i+win <= len(pcm); i += win {
		if rms(pcm[i:i+win]) > 1000 {
			if first < 0 {
				first = i
			}
			last = i + win
		}
	}
	if first < 0 {
		t.Fatalf("page recorded no bot audio (%d samples at %d Hz, rms %.0f)", len(pcm), rate, rms(pcm))
	}
	loud := pcm[first:last]
	secs := float64(len(loud)) / float64(rate)
	ratio := goertzelRatio(loud, rate, e2eBotHz)
	off := goertzelRatio(loud, rate, 700)
	t.Logf("page heard %.2f s of bot audio, energy share at %.0f Hz %.2f (at 700 Hz %.3f)", secs, e2eBotHz, ratio, off)
	if ratio < 0.5 || off > 0.05 {
		t.Errorf("bot audio is not the %.0f Hz tone: share %.2f, off-tone %.3f", e2eBotHz, ratio, off)
	}
	if secs < e2eBotSecs-0.3 || secs > e2eBotSecs+0.5 {
		t.Errorf("bot tone lasted %.2f s, sent %d s", secs, e2eBotSecs)
	}
}
