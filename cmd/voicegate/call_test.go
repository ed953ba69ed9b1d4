package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/voicegate/voicegate/asr"
	"github.com/voicegate/voicegate/asr/asreval"
	"github.com/voicegate/voicegate/asr/sphinx"
	"github.com/voicegate/voicegate/audio"
	"github.com/voicegate/voicegate/store"
)

// voice synthesises a caller turn with a real offline voice: "flite:slt", "flite:kal16" or "espeak:en-us".
func voice(t *testing.T, v, text string) string {
	t.Helper()
	dir := t.TempDir()
	raw := filepath.Join(dir, "raw.wav")
	eng, name, _ := strings.Cut(v, ":")
	var cmd *exec.Cmd
	switch eng {
	case "flite":
		cmd = exec.Command("flite", "-voice", name, "-t", text, "-o", raw)
	case "espeak":
		cmd = exec.Command("espeak-ng", "-v", name, "-s", "160", "-w", raw, text)
	}
	if out, err := cmd.CombinedOutput(); err != nil {
		if os.Getenv("CI") == "" {
			t.Skipf("%s unavailable: %v", eng, err)
		}
		t.Fatalf("%s: %v %s", eng, err, out)
	}
	// The call resamples any rate itself; the file keeps the voice's own rate (22.05 kHz for espeak-ng).
	return raw
}

func TestCallCommandConversations(t *testing.T) {
	cases := []struct {
		name    string
		voice   string
		turns   []string
		intents []string
		replies []string // a word each reply must contain
		outcome string
		reason  string
	}{
		{"order status, flite slt", "flite:slt",
			[]string{"where is my order", "four zero seven two nine", "thank you goodbye"},
			[]string{"order_status", "order_status", "goodbye"}, []string{"order number", "shipped", "goodbye"},
			store.OutcomeContained, ""},
		{"agent request, flite kal16", "flite:kal16",
			[]string{"I want to talk to a person"},
			[]string{"agent_request"}, []string{"colleague"}, store.OutcomeHandoff, "requested"},
		{"return policy, espeak-ng", "espeak:en-us+f2",
			[]string{"what is your return policy", "thank you goodbye"},
			[]string{"return_policy", "goodbye"}, []string{"return", "goodbye"}, store.OutcomeContained, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			args := []string{"call", "--config", "../../configs/voicegate.yaml", "--json", "--speed", "3"}
			for _, turn := range tc.turns {
				args = append(args, "--wav", voice(t, tc.voice, turn))
			}
			out := filepath.Join(t.TempDir(), "reply.wav")
			args = append(args, "--out", out)
			var stdout, stderr bytes.Buffer
			if code := run(args, nil, &stdout, &stderr); code != 0 {
				t.Fatalf("exit %d: %s", code, stderr.String())
			}
			var rec store.CallRecord
			if err := json.Unmarshal(stdout.Bytes(), &rec); err != nil {
				t.Fatalf("not a call record: %v\n%s", err, stdout.String())
			}
			if rec.Channel != "sim" || rec.EndedAt == nil || rec.ID == "" {
				t.Fatalf("record header %+v", rec)
			}
			if len(rec.Turns) != len(tc.turns) {
				t.Fatalf("%d turns, want %d: %+v", len(rec.Turns), len(tc.turns), rec.Turns)
			}
			var said []string
			for i, tr := range rec.Turns {
				t.Logf("caller %q → %s/%s %.2f → %q (turn %.0f ms, asr %.0f ms)", tr.CallerText, tr.Route, tr.Intent, tr.Confidence, tr.ReplyText, tr.LatencyMS.Turn, tr.LatencyMS.ASR)
				if tr.Intent != tc.intents[i] {
					t.Errorf("turn %d: intent %s (heard %q), want %s", i+1, tr.Intent, tr.CallerText, tc.intents[i])
				}
				if !strings.Contains(strings.ToLower(tr.ReplyText), tc.replies[i]) {
					t.Errorf("turn %d: reply %q lacks %q", i+1, tr.ReplyText, tc.replies[i])
				}
				if tr.LatencyMS.Turn <= 0 {
					t.Errorf("turn %d: no latency stamp %+v", i+1, tr.LatencyMS)
				}
				said = append(said, tr.ReplyText)
			}
			if rec.Outcome != tc.outcome || rec.HandoffReason != tc.reason {
				t.Errorf("outcome %s/%s, want %s/%s", rec.Outcome, rec.HandoffReason, tc.outcome, tc.reason)
			}
			// What the bot said, recognised back with the general English model, matches what it meant.
			checkIntelligible(t, out, rec.Greeting+" "+strings.Join(said, " "), 0.5)
		})
	}
}

// checkIntelligible recognises wav with the general English model and fails when its word error rate against
// text exceeds maxWER (silence or noise scores about 1).
func checkIntelligible(t *testing.T, wav, text string, maxWER float64) {
	t.Helper()
	pcm, err := audio.LoadWAV16k(wav)
	if err != nil {
		t.Fatal(err)
	}
	rec, err := sphinx.New(sphinx.WithOpenLM(sphinx.OpenGeneral))
	if err != nil {
		t.Fatal(err)
	}
	defer rec.Close()
	ctx := context.Background()
	s, err := rec.NewSession(ctx, "en")
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	// Recognise sentence-sized pieces cut at the pauses, as a listener would.
	var hyp []string
	for _, seg := range splitAtSilence(pcm) {
		r, err := asreval.Recognize(ctx, s, asr.Hints{Mode: asr.ModeOpen}, seg)
		if err != nil {
			t.Fatal(err)
		}
		hyp = append(hyp, r.Text)
	}
	ref := asreval.Normalize(text)
	got := asreval.Normalize(strings.Join(hyp, " "))
	wer := float64(asreval.WordErrors(ref, got)) / float64(len(ref))
	t.Logf("bot reply recognised back: WER %.2f\n  said: %s\n heard: %s", wer, strings.Join(ref, " "), strings.Join(got, " "))
	if wer > maxWER {
		t.Errorf("reply audio is not intelligible: WER %.2f", wer)
	}
}

// splitAtSilence cuts 16 kHz audio at pauses of 300 ms or more.
func splitAtSilence(pcm []int16) [][]int16 {
	var out [][]int16
	start, quiet := -1, 0
	for i := 0; i+audio.FrameSamples <= len(pcm); i += audio.FrameSamples {
		var f audio.Frame
		copy(f[:], pcm[i:])
		loud := audio.Level(&f) > -45
		switch {
		case loud && start < 0:
			start, quiet = i, 0
		case loud:
			quiet = 0
		case start >= 0:
			quiet++
			if quiet >= 15 {
				out = append(out, pcm[start:i])
				start = -1
			}
		}
	}
	if start >= 0 {
		out = append(out, pcm[start:])
	}
	return out
}
