package openai_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/voicegate/voicegate/asr"
	"github.com/voicegate/voicegate/asr/openai"
	"github.com/voicegate/voicegate/audio"
)

// whisperServer speaks OpenAI's /audio/transcriptions wire format: a multipart form with the file, JSON back.
type whisperServer struct {
	text    string
	status  int
	gotRate int
	gotLen  int
	gotForm map[string]string
}

func (w *whisperServer) ServeHTTP(rw http.ResponseWriter, r *http.Request) {
	if r.URL.Path != "/v1/audio/transcriptions" || r.Method != http.MethodPost {
		http.NotFound(rw, r)
		return
	}
	if err := r.ParseMultipartForm(10 << 20); err != nil {
		http.Error(rw, `{"error":{"message":"bad form"}}`, http.StatusBadRequest)
		return
	}
	w.gotForm = map[string]string{}
	for _, k := range []string{"model", "language", "prompt", "response_format"} {
		w.gotForm[k] = r.FormValue(k)
	}
	f, _, err := r.FormFile("file")
	if err != nil {
		http.Error(rw, `{"error":{"message":"no file"}}`, http.StatusBadRequest)
		return
	}
	b, _ := io.ReadAll(f)
	pcm, rate, err := audio.ReadWAV(bytes.NewReader(b))
	if err != nil {
		http.Error(rw, `{"error":{"message":"not a wav"}}`, http.StatusBadRequest)
		return
	}
	w.gotRate, w.gotLen = rate, len(pcm)
	if w.status != 0 {
		rw.WriteHeader(w.status)
		rw.Write([]byte(`{"error":{"message":"scripted failure","type":"server_error"}}`))
		return
	}
	rw.Header().Set("Content-Type", "application/json")
	json.NewEncoder(rw).Encode(map[string]any{"text": w.text})
}

func turn(t *testing.T, s asr.Session, h asr.Hints, n int) (asr.Result, error) {
	t.Helper()
	if err := s.Begin(context.Background(), h); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < n; i++ {
		var f audio.Frame
		for j := range f {
			f[j] = int16((j % 40) * 200)
		}
		if err := s.Write(f[:]); err != nil {
			t.Fatal(err)
		}
	}
	return s.End(context.Background())
}

func TestTranscribesTurns(t *testing.T) {
	ws := &whisperServer{text: "我的订单到哪了"}
	srv := httptest.NewServer(ws)
	defer srv.Close()
	rec, err := openai.New(openai.Config{BaseURL: srv.URL + "/v1", Model: "whisper-large"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	s, _ := rec.NewSession(context.Background(), "zh-CN")
	defer s.Close()
	r, err := turn(t, s, asr.Hints{}, 50)
	if err != nil {
		t.Fatal(err)
	}
	if r.Text != "我的订单到哪了" || !r.Final || r.Confidence != 1 {
		t.Fatalf("result %+v", r)
	}
	if ws.gotRate != 16000 || ws.gotLen != 50*audio.FrameSamples || ws.gotForm["model"] != "whisper-large" || ws.gotForm["language"] != "zh" {
		t.Fatalf("server saw rate %d len %d form %v", ws.gotRate, ws.gotLen, ws.gotForm)
	}
	ws.text = "what's the weather"
	r, err = turn(t, s, asr.Hints{Mode: asr.ModeDigits}, 20)
	if err != nil || !r.Rejected {
		t.Fatalf("digits mode should reject non-digits: %+v %v", r, err)
	}
	if ws.gotForm["prompt"] == "" {
		t.Fatal("digits mode sent no prompt")
	}
	ws.text = "4 0 7 2 9"
	if r, _ = turn(t, s, asr.Hints{Mode: asr.ModeDigits}, 20); r.Rejected {
		t.Fatalf("digits rejected: %+v", r)
	}
}

func TestServerErrorsAndMisuse(t *testing.T) {
	ws := &whisperServer{status: 503}
	srv := httptest.NewServer(ws)
	defer srv.Close()
	rec, _ := openai.New(openai.Config{BaseURL: srv.URL + "/v1"}, nil)
	s, _ := rec.NewSession(context.Background(), "en")
	if _, err := turn(t, s, asr.Hints{}, 5); !errors.Is(err, asr.ErrUnavailable) {
		t.Fatalf("want ErrUnavailable, got %v", err)
	}
	if _, err := s.End(context.Background()); !errors.Is(err, asr.ErrNoTurn) {
		t.Fatalf("End without Begin: %v", err)
	}
	s.Close()
	if err := s.Write(make([]int16, 10)); !errors.Is(err, asr.ErrClosed) {
		t.Fatalf("Write after Close: %v", err)
	}
	if _, err := openai.New(openai.Config{}, nil); !errors.Is(err, openai.ErrConfig) {
		t.Fatal(err)
	}
}
