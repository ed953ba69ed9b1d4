package main

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/voicegate/voicegate/audio"
	"github.com/voicegate/voicegate/store"
)

// fakeWhisper speaks OpenAI's /audio/transcriptions wire format and "hears" scripted Mandarin, one line per
// request: Debian has no offline Mandarin model, so Mandarin recognition goes to such a server by config.
type fakeWhisper struct {
	mu    sync.Mutex
	lines []string
	langs []string
}

func (f *fakeWhisper) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path != "/v1/audio/transcriptions" || r.ParseMultipartForm(32<<20) != nil {
		http.Error(w, `{"error":{"message":"bad request"}}`, http.StatusBadRequest)
		return
	}
	file, _, err := r.FormFile("file")
	if err != nil {
		http.Error(w, `{"error":{"message":"no file"}}`, http.StatusBadRequest)
		return
	}
	defer file.Close()
	var buf bytes.Buffer
	buf.ReadFrom(file)
	if _, _, err := audio.ReadWAV(bytes.NewReader(buf.Bytes())); err != nil {
		http.Error(w, `{"error":{"message":"not a wav"}}`, http.StatusBadRequest)
		return
	}
	f.mu.Lock()
	text := ""
	if len(f.lines) > 0 {
		text, f.lines = f.lines[0], f.lines[1:]
	}
	f.langs = append(f.langs, r.FormValue("language"))
	f.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(map[string]string{"text": text})
}

func TestCallMandarinThroughOpenAICompatibleASR(t *testing.T) {
	fw := &fakeWhisper{lines: []string{"我的订单到哪了", "四零七二九", "谢谢，再见"}}
	srv := httptest.NewServer(fw)
	defer srv.Close()
	cfgText, err := os.ReadFile("../../configs/voicegate.yaml")
	if err != nil {
		t.Fatal(err)
	}
	cfg := strings.Replace(string(cfgText), "  provider: sphinx", "  provider: openai", 1)
	cfg = strings.Replace(cfg, "dir: configs/kb", "dir: ../../configs/kb", 1)
	cfg = strings.Replace(cfg, `    base_url: ""           # e.g. http://localhost:8000/v1`, "    base_url: "+srv.URL+"/v1 #", 1)
	cfgPath := filepath.Join(t.TempDir(), "voicegate.yaml")
	if err := os.WriteFile(cfgPath, []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	// The caller's audio: Mandarin speech synthesised with espeak-ng's pinyin voice.
	var args []string
	for _, s := range []string{"wo3 de5 ding4 dan1 dao4 na3 le5", "si4 ling2 qi1 er4 jiu3", "xie4 xie5 zai4 jian4"} {
		args = append(args, "--wav", voice(t, "espeak:cmn-latn-pinyin", s))
	}
	out := filepath.Join(t.TempDir(), "reply.wav")
	var stdout, stderr bytes.Buffer
	code := run(append([]string{"call", "--config", cfgPath, "--lang", "zh", "--json", "--speed", "3", "--out", out}, args...), nil, &stdout, &stderr)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	var rec store.CallRecord
	if err := json.Unmarshal(stdout.Bytes(), &rec); err != nil {
		t.Fatal(err)
	}
	if rec.Lang != "zh" || len(rec.Turns) != 3 {
		t.Fatalf("record %+v", rec)
	}
	want := []string{"order_status", "order_status", "goodbye"}
	for i, tr := range rec.Turns {
		t.Logf("%q → %s/%s → %q", tr.CallerText, tr.Route, tr.Intent, tr.ReplyText)
		if want[i] != "" && tr.Intent != want[i] {
			t.Errorf("turn %d intent %s, want %s", i+1, tr.Intent, want[i])
		}
	}
	if !strings.ContainsAny(rec.Turns[1].ReplyText, "发货已送达运输") {
		t.Errorf("order reply %q does not report the order's state", rec.Turns[1].ReplyText)
	}
	pcm, err := audio.LoadWAV16k(out)
	if err != nil || len(pcm) < 3*audio.SampleRate {
		t.Fatalf("the bot said too little in Mandarin: %d samples, %v", len(pcm), err)
	}
	for _, l := range fw.langs {
		if l != "zh" {
			t.Fatalf("transcription language %q, want zh", l)
		}
	}
}
