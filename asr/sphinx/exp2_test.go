package sphinx

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/voicegate/voicegate/asr"
	"github.com/voicegate/voicegate/asr/asreval"
	"github.com/voicegate/voicegate/audio"
	"github.com/voicegate/voicegate/audio/bwe"
)

func TestExpSynth(t *testing.T) {
	if os.Getenv("EXPSYN") == "" {
		t.Skip()
	}
	digits := []string{"zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"}
	dir := t.TempDir()
	type utt struct{ ref string; pcm []int16 }
	var utts []utt
	n := 0
	for _, v := range []string{"en-us+m3", "en+m5", "en-us+f2", "en+m1"} {
		for _, d := range digits {
			n++
			p := filepath.Join(dir, fmt.Sprint(n, ".wav"))
			if out, err := exec.Command("espeak-ng", "-v", v, "-s", "150", "-w", p, d).CombinedOutput(); err != nil {
				t.Fatal(err, string(out))
			}
			pcm, _ := audio.LoadWAV16k(p)
			utts = append(utts, utt{d, pcm})
		}
	}
	for _, cond := range []string{"wide", "tel", "tel+bwe"} {
		var opts []Option
		if cond != "tel+bwe" {
			opts = append(opts, WithoutBandwidthExtension())
		} else {
			opts = append(opts, WithBandwidthExtension(bwe.WithMode(bwe.Always)))
		}
		r := newRec(t, opts...)
		s := newSess(t, r)
		errs := 0
		var bad []string
		for _, u := range utts {
			pcm := u.pcm
			if cond != "wide" {
				pcm, _ = bwe.TelephoneChannel(pcm)
			}
			res, _ := asreval.Recognize(context.Background(), s, asr.Hints{Mode: asr.ModeDigits}, pcm)
			e := asreval.WordErrors([]string{u.ref}, strings.Fields(res.Text))
			errs += e
			if e > 0 {
				bad = append(bad, u.ref+"->"+res.Text)
			}
		}
		fmt.Printf("%s: %d/%d %v\n", cond, errs, len(utts), bad)
	}
}
