package sphinx

import (
	"context"
	"testing"

	"github.com/voicegate/voicegate/asr"
	"github.com/voicegate/voicegate/asr/asreval"
	"github.com/voicegate/voicegate/audio"
)

func TestScratchEval(t *testing.T) {
	ctx := context.Background()
	r := newRec(t)
	rep, err := asreval.Evaluate(ctx, r, "/work/shared/data/speech/fsdd/manifest.csv", asr.ModeDigits)
	t.Logf("fsdd digits: %+v %v", rep, err)
	rep, err = asreval.Evaluate(ctx, r, "/work/shared/data/speech/cv-en/manifest.tsv", asr.ModeOpen)
	t.Logf("cv-en domain: %+v %v", rep, err)
	rep, err = asreval.Evaluate(ctx, r, "/work/shared/data/speech/cv-en/manifest.tsv", asr.ModeDigits)
	t.Logf("cv-en digits (rejection stats n/a): %+v %v", rep, err)
	g := newRec(t, WithOpenLM(OpenGeneral))
	rep, err = asreval.Evaluate(ctx, g, "/work/shared/data/speech/cv-en/manifest.tsv", asr.ModeOpen)
	t.Logf("cv-en general en-us LM: %+v %v", rep, err)
	// rejection rate on cv-en (real out-of-grammar speech) in digits and yesno mode
	items, _ := asreval.ReadManifest("/work/shared/data/speech/cv-en/manifest.tsv")
	s := newSess(t, r)
	for _, m := range []asr.Mode{asr.ModeDigits, asr.ModeYesNo} {
		rej := 0
		for _, it := range items {
			pcm, _ := audioLoad(it.WAV)
			res, _ := asreval.Recognize(ctx, s, asr.Hints{Mode: m}, pcm)
			if res.Rejected { rej++ }
		}
		t.Logf("cv-en OOG rejection %s: %d/%d", m, rej, len(items))
	}
	items, _ = asreval.ReadManifest("/work/shared/data/speech/fsdd/manifest.csv")
	rej := 0
	for _, it := range items {
		pcm, _ := audioLoad(it.WAV)
		res, _ := asreval.Recognize(ctx, s, asr.Hints{Mode: asr.ModeDigits}, pcm)
		if res.Rejected { rej++ }
	}
	t.Logf("fsdd false rejection digits: %d/%d", rej, len(items))
}

func audioLoad(p string) ([]int16, error) { return audioLoadWAV(p) }
var audioLoadWAV = audio.LoadWAV16k
