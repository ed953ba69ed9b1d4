package sphinx

import (
	"context"
	"encoding/csv"
	"os"
	"log/slog"
	"path/filepath"
	"testing"
	"time"
	"strings"

	"github.com/go-audio/wav"
	"github.com/voicegate/voicegate/asr"
	"github.com/voicegate/voicegate/audio"
)

func rss() string { b,_ := os.ReadFile("/proc/self/status"); for _, l := range strings.Split(string(b),"\n") { if strings.HasPrefix(l,"VmRSS") {return l} }; return "" }

func load16k(t testing.TB, p string) []int16 {
	f, err := os.Open(p); if err != nil { t.Fatal(err) }
	defer f.Close()
	d := wav.NewDecoder(f)
	buf, err := d.FullPCMBuffer(); if err != nil { t.Fatal(err) }
	pcm := make([]int16, len(buf.Data))
	for i, v := range buf.Data { pcm[i] = int16(v) }
	if buf.Format.NumChannels != 1 { t.Fatal("stereo") }
	if r := buf.Format.SampleRate; r != 16000 { pcm, err = audio.Resample(pcm, r, 16000); if err != nil { t.Fatal(err) } }
	return pcm
}

func run(t testing.TB, s asr.Session, mode asr.Mode, pcm []int16) asr.Result {
	ctx := context.Background()
	if err := s.Begin(ctx, asr.Hints{Mode: mode}); err != nil { t.Fatal(err) }
	for i := 0; i < len(pcm); i += 320 { if err := s.Write(pcm[i:min(i+320, len(pcm))]); err != nil { t.Fatal(err) } }
	res, err := s.End(ctx); if err != nil { t.Fatal(err) }
	return res
}

func TestScratchFSDD(t *testing.T) {
	r, err := New(WithRejectThreshold(100), WithLogger(slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelDebug}))))
	if err != nil { t.Fatal(err) }
	defer r.Close()
	st := time.Now()
	s, err := r.NewSession(context.Background(), "en")
	if err != nil { t.Fatal(err) }
	t.Log("session", time.Since(st), rss())
	defer s.Close()
	dir := "/work/shared/data/speech/fsdd"
	f, _ := os.Open(dir + "/manifest.csv")
	rows, _ := csv.NewReader(f).ReadAll()
	errs, n := 0, 0
	var audioDur, proc time.Duration
	for _, row := range rows[1:] {
		pcm := load16k(t, filepath.Join(dir, row[0]))
		st := time.Now()
		res := run(t, s, asr.ModeDigits, pcm)
		proc += time.Since(st)
		audioDur += time.Duration(len(pcm)) * time.Second / 16000
		n++
		if res.Text != row[2] { errs++; t.Logf("%s ref=%s hyp=%q conf=%.2f rej=%v", row[0], row[2], res.Text, res.Confidence, res.Rejected) }
	}
	t.Logf("n=%d err=%d rtf=%.3f", n, errs, proc.Seconds()/audioDur.Seconds())
}
