package main

import (
	"context"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/voicegate/voicegate/asr"
	"github.com/voicegate/voicegate/asr/sphinx"
	"github.com/voicegate/voicegate/audio"
	"github.com/voicegate/voicegate/dialog/kb"
	"github.com/voicegate/voicegate/store"
	"github.com/voicegate/voicegate/tts"
)

const (
	chromiumPath = "/usr/bin/chromium"
	driverDir    = "../../telephony/webrtc/e2e"
	// micLead is the silence before the caller speaks. Chromium starts the fake microphone file when the
	// page asks for it, a little before the call connects, and the bot greets first: the caller waits
	// for the greeting (about 4 s of flite speech) to end, as a polite caller does, so no barge-in cuts it.
	micLead = 7 * time.Second
	// micLength is the whole file. Chromium loops it; it is long enough that the caller's words never
	// come round again before the test hangs up (greeting, turn and the bot's reply take about 17 s).
	micLength = 40 * time.Second
)

// browserDriver finds node and chromium and installs the driver's locked playwright-core (never a
// browser); without the tools the test skips locally and fails in CI.
func browserDriver(t *testing.T) string {
	t.Helper()
	node, err := exec.LookPath("node")
	_, cerr := os.Stat(chromiumPath)
	if err != nil || cerr != nil {
		if os.Getenv("CI") == "" {
			t.Skipf("browser e2e needs node and %s (node: %v, chromium: %v)", chromiumPath, err, cerr)
		}
		t.Fatalf("CI needs node and %s (node: %v, chromium: %v)", chromiumPath, err, cerr)
	}
	if _, err := os.Stat(filepath.Join(driverDir, "node_modules", "playwright-core")); err != nil {
		cmd := exec.Command("npm", "ci", "--no-audit", "--no-fund")
		cmd.Dir = driverDir
		cmd.Env = append(os.Environ(), "PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("npm ci in %s: %v\n%s", driverDir, err, out)
		}
	}
	return node
}

type transcriptLine struct {
	Speaker string `json:"speaker"`
	Text    string `json:"text"`
	Final   bool   `json:"final"`
}

type conversationResult struct {
	Error             string           `json:"error"`
	Steps             []string         `json:"steps"`
	Console           []string         `json:"console"`
	Lines             []transcriptLine `json:"lines"`
	Transcript        string           `json:"transcript"`
	ListenTimedOut    bool             `json:"listenTimedOut"`
	FirstBotAudioMs   float64          `json:"firstBotAudioMs"`
	BotRate           int              `json:"botRate"`
	BotPCM            string           `json:"botPCM"`
	StatusAfterHangup string           `json:"statusAfterHangup"`
}

// TestBrowserCallWhereIsMyOrder is the whole product in a real browser: Chromium's microphone says "where
// is my order" into the caller page, the gateway recognises it, the dialog engine asks for the order
// number, and what the page played back is recognised again as that answer.
func TestBrowserCallWhereIsMyOrder(t *testing.T) {
	started := time.Now()
	node := browserDriver(t)
	dir := t.TempDir()

	speech := fliteWAV(t, "where is my order")
	mic := slices.Concat(silence(micLead), speech)
	mic = append(mic, silence(micLength-time.Duration(len(mic))*time.Second/audio.SampleRate)...)
	micPath := filepath.Join(dir, "caller.wav")
	if err := audio.WriteWAVFile(micPath, mic, audio.SampleRate); err != nil {
		t.Fatal(err)
	}

	s := startServe(t, nil)
	ctx, cancel := context.WithTimeout(context.Background(), 120*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, node, "caller.mjs", s.url+"/", micPath, filepath.Join(dir, "profile"))
	cmd.Dir = driverDir
	cmd.Env = append(os.Environ(), "CALLER_FLOW=conversation", "CHROMIUM="+chromiumPath)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("node caller.mjs: %v\n%s", err, stderr.String())
	}
	var res conversationResult
	if err := json.Unmarshal(out, &res); err != nil {
		t.Fatalf("driver output: %v\n%.2000s", err, out)
	}
	if res.Error != "" {
		t.Fatalf("driver failed after %v: %s\nconsole: %v", res.Steps, res.Error, res.Console)
	}
	for _, l := range res.Lines {
		t.Logf("#transcript %s: %q (final %v)", l.Speaker, l.Text, l.Final)
	}
	if res.ListenTimedOut {
		t.Errorf("the bot never answered the caller and went quiet; console: %v", res.Console)
	}
	if !strings.Contains(res.Transcript, "You:") || !strings.Contains(res.Transcript, "Agent:") {
		t.Errorf("#transcript %q lacks the speaker labels", res.Transcript)
	}
	if !strings.Contains(res.StatusAfterHangup, "ended") {
		t.Errorf("status after hang-up %q", res.StatusAfterHangup)
	}

	// The call record: the newest call, on the webrtc channel, with the order-status turn.
	var list []store.CallRecord
	s.getJSON("/api/calls?limit=1", &list)
	if len(list) != 1 {
		t.Fatalf("/api/calls?limit=1 = %+v", list)
	}
	rec := s.waitCall(list[0].ID, 15*time.Second, func(r *store.CallRecord) bool { return r.EndedAt != nil })
	if rec.Channel != "webrtc" {
		t.Errorf("channel %q", rec.Channel)
	}
	i := slices.IndexFunc(rec.Turns, func(tr store.Turn) bool { return tr.Intent == "order_status" })
	for _, tr := range rec.Turns {
		t.Logf("turn: caller %q → %s/%s (%.2f) reply %q latency %+v", tr.CallerText, tr.Route, tr.Intent,
			tr.Confidence, tr.ReplyText, tr.LatencyMS)
	}
	if i < 0 {
		t.Fatalf("no order_status turn in %+v", rec.Turns)
	}
	turn := rec.Turns[i]
	if turn.LatencyMS.Turn <= 0 || turn.LatencyMS.ASR <= 0 {
		t.Errorf("turn latency not stamped: %+v", turn.LatencyMS)
	}

	// Captions: the greeting, the caller's words and the reply's sentences, in that order, all final.
	wantLines := []transcriptLine{{"caller", turn.CallerText, true}}
	for _, sent := range tts.SplitSentences(turn.ReplyText) {
		wantLines = append(wantLines, transcriptLine{"bot", sent, true})
	}
	ci := slices.IndexFunc(res.Lines, func(l transcriptLine) bool { return l.Speaker == "caller" })
	if ci < 1 || res.Lines[0].Speaker != "bot" || !strings.HasPrefix(rec.Greeting, res.Lines[0].Text) {
		t.Errorf("transcript does not open with the greeting %q: %+v", rec.Greeting, res.Lines)
	} else if got := res.Lines[ci:min(len(res.Lines), ci+len(wantLines))]; !slices.Equal(got, wantLines) {
		t.Errorf("transcript after the greeting\n got %+v\nwant %+v", got, wantLines)
	}

	// What the page played: saved as WAV and recognised again.
	bot := decodePCM(t, res.BotPCM)
	if res.BotRate == 0 || len(bot) == 0 {
		t.Fatalf("page recorded no bot audio (rate %d)", res.BotRate)
	}
	bot16, err := audio.Resample(bot, res.BotRate, audio.SampleRate)
	if err != nil {
		t.Fatal(err)
	}
	botPath := filepath.Join(dir, "bot.wav")
	if err := audio.WriteWAVFile(botPath, bot16, audio.SampleRate); err != nil {
		t.Fatal(err)
	}
	heard := recognise(t, bot16)
	said := rec.Greeting + " " + turn.ReplyText
	overlap := wordOverlap(said, heard)
	if p := os.Getenv("VOICEGATE_E2E_KEEP"); p != "" {
		_ = audio.WriteWAVFile(p, bot16, audio.SampleRate)
	}
	t.Logf("bot audio: %.1f s at %d Hz (%s); recognised %q", float64(len(bot))/float64(res.BotRate), res.BotRate, botPath, heard)
	t.Logf("said %q; word overlap %.0f%%", said, 100*overlap)
	if overlap < 0.5 && !strings.Contains(heard, "order number") {
		t.Errorf("the page's audio is not the bot's answer: overlap %.2f", overlap)
	}
	// Not just the greeting: the answer to the caller's turn was played too.
	if ro := wordOverlap(turn.ReplyText, heard); ro < 0.3 {
		t.Errorf("the reply %q is missing from the page's audio: overlap %.2f", turn.ReplyText, ro)
	}
	if res.FirstBotAudioMs <= 0 || res.FirstBotAudioMs > 5000 {
		t.Errorf("first bot audio %.0f ms after pressing Call", res.FirstBotAudioMs)
	}
	t.Logf("MEASURED: Call→first bot audio in the page %.0f ms; caller heard as %q (intent %s); bot recognised as %q; test wall time %v",
		res.FirstBotAudioMs, turn.CallerText, turn.Intent, heard, time.Since(started).Round(time.Millisecond))
}

func decodePCM(t *testing.T, b64 string) []int16 {
	t.Helper()
	raw, err := base64.StdEncoding.DecodeString(b64)
	if err != nil {
		t.Fatal(err)
	}
	pcm := make([]int16, len(raw)/2)
	for i := range pcm {
		pcm[i] = int16(binary.LittleEndian.Uint16(raw[2*i:]))
	}
	return pcm
}

// recognise runs the product's recognizer (domain model from the demo KB, open mode) over pcm.
func recognise(t *testing.T, pcm []int16) string {
	t.Helper()
	k, err := kb.LoadFile("../../configs/kb/en.yaml")
	if err != nil {
		t.Fatal(err)
	}
	r, err := sphinx.New(sphinx.WithDomainPhrases(k.Phrases()), sphinx.WithPoolSize(1))
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	sess, err := r.NewSession(ctx, "en")
	if err != nil {
		t.Fatal(err)
	}
	defer sess.Close()
	if err := sess.Begin(ctx, asr.Hints{Mode: asr.ModeOpen, Lang: "en"}); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < len(pcm); i += audio.FrameSamples {
		if err := sess.Write(pcm[i:min(i+audio.FrameSamples, len(pcm))]); err != nil {
			t.Fatal(err)
		}
	}
	res, err := sess.End(ctx)
	if err != nil {
		t.Fatal(err)
	}
	return res.Text
}

var wordRE = regexp.MustCompile(`[a-z']+`)

// wordOverlap is the share of the words in said (as a set) that appear in heard.
func wordOverlap(said, heard string) float64 {
	want := map[string]bool{}
	for _, w := range wordRE.FindAllString(strings.ToLower(said), -1) {
		want[w] = true
	}
	got := map[string]bool{}
	for _, w := range wordRE.FindAllString(strings.ToLower(heard), -1) {
		got[w] = true
	}
	n := 0
	for w := range want {
		if got[w] {
			n++
		}
	}
	if len(want) == 0 {
		return 0
	}
	return float64(n) / float64(len(want))
}
