package sphinx

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"testing"

	"github.com/voicegate/voicegate/asr"
	"github.com/voicegate/voicegate/asr/asreval"
	"github.com/voicegate/voicegate/audio"
)

func TestScratchReject(t *testing.T) {
	r, err := New(WithRejectThreshold(1e9), WithLogger(slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelDebug}))))
	if err != nil { t.Fatal(err) }
	defer r.Close()
	s, _ := r.NewSession(context.Background(), "en")
	defer s.Close()
	for _, pre := range []string{"in", "oog"} {
		for i := 1; i <= 10; i++ {
			pcm, err := audio.LoadWAV16k(fmt.Sprintf("/tmp/exp/oog/%s%d.wav", pre, i))
			if err != nil { t.Fatal(err) }
			for _, m := range []asr.Mode{asr.ModeDigits, asr.ModeYesNo} {
				res, err := asreval.Recognize(context.Background(), s, asr.Hints{Mode: m}, pcm)
				if err != nil { t.Fatal(err) }
				t.Logf("%s%d %s %q", pre, i, m, res.Text)
			}
		}
	}
	items, _ := asreval.ReadManifest("/work/shared/data/speech/cv-en/manifest.tsv")
	for _, it := range items[:15] {
		pcm, _ := audio.LoadWAV16k(it.WAV)
		res, _ := asreval.Recognize(context.Background(), s, asr.Hints{Mode: asr.ModeDigits}, pcm)
		t.Logf("cv %q", res.Text)
	}
	items, _ = asreval.ReadManifest("/work/shared/data/speech/fsdd/manifest.csv")
	for i := 0; i < len(items); i += 10 {
		pcm, _ := audio.LoadWAV16k(items[i].WAV)
		res, _ := asreval.Recognize(context.Background(), s, asr.Hints{Mode: asr.ModeDigits}, pcm)
		t.Logf("fsdd %q", res.Text)
	}
}
