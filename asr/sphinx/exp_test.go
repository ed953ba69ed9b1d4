package sphinx

import (
	"context"
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/voicegate/voicegate/asr"
	"github.com/voicegate/voicegate/asr/asreval"
	"github.com/voicegate/voicegate/audio"
	"github.com/voicegate/voicegate/audio/bwe"
	"strconv"
	"github.com/voicegate/voicegate/internal/shareddata"
)

type expItem struct {
	wav, ref, spk, split string
}

func expItems(t *testing.T) []expItem {
	man := shareddata.Path(t, "data", "speech", "fsdd", "manifest.csv")
	f, _ := os.Open(man)
	defer f.Close()
	rows, _ := csv.NewReader(f).ReadAll()
	var out []expItem
	for _, r := range rows[1:] {
		out = append(out, expItem{filepath.Join(filepath.Dir(man), r[0]), r[2], r[3], r[7]})
	}
	return out
}

func TestExp(t *testing.T) {
	split := os.Getenv("EXP")
	if split == "" {
		t.Skip()
	}
	var opts []Option
	if a := os.Getenv("EXPARGS"); a != "" {
		opts = append(opts, WithDecoderArgs(strings.Fields(a)...))
	}
	if os.Getenv("EXPNOBWE") != "" {
		opts = append(opts, WithoutBandwidthExtension())
	}
	var bo []bwe.Option
	if g := os.Getenv("EXPGAIN"); g != "" {
		v, _ := strconv.ParseFloat(g, 64)
		bo = append(bo, bwe.WithGain(v))
	}
	if p := os.Getenv("EXPMODEL"); p != "" {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		m, err := bwe.ParseModel(b)
		if err != nil {
			t.Fatal(err)
		}
		bo = append(bo, bwe.WithModel(m))
	}
	opts = append(opts, WithBandwidthExtension(bo...))
	r := newRec(t, opts...)
	s := newSess(t, r)
	errs := map[string]int{}
	n := map[string]int{}
	conf := map[string]int{}
	for _, it := range expItems(t) {
		if split != "all" && it.split != split {
			continue
		}
		pcm, err := audio.LoadWAV16k(it.wav)
		if err != nil {
			t.Fatal(err)
		}
		if w := os.Getenv("EXPWARP"); w != "" {
			to, _ := strconv.Atoi(w)
			pcm, _ = audio.Resample(pcm, 16000, to)
		}
		if p := os.Getenv("EXPPAD"); p != "" {
			ms, _ := strconv.Atoi(p)
			amp, _ := strconv.Atoi(os.Getenv("EXPPADAMP"))
			pad := func() []int16 {
				z := make([]int16, ms*16)
				for i := range z {
					z[i] = int16((i*7919)%(2*amp+1) - amp)
				}
				return z
			}
			pcm = append(append(pad(), pcm...), pad()...)
		}
		res, err := asreval.Recognize(context.Background(), s, asr.Hints{Mode: asr.ModeDigits}, pcm)
		if err != nil {
			t.Fatal(err)
		}
		e := asreval.WordErrors([]string{it.ref}, strings.Fields(res.Text))
		errs[it.spk] += e
		n[it.spk]++
		if e > 0 {
			conf[it.spk[:2]+":"+it.ref+"->"+res.Text]++
		}
	}
	tot, nn := 0, 0
	for k := range n {
		tot += errs[k]
		nn += n[k]
		fmt.Printf("%s: %d/%d\n", k, errs[k], n[k])
	}
	fmt.Printf("TOTAL %s: %d/%d = %.3f\n", split, tot, nn, float64(tot)/float64(nn))
	fmt.Println(conf)
}
