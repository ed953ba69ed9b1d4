package sphinx

import (
	"context"
	"fmt"
	"os"
	"sort"
	"strings"
	"testing"

	"github.com/voicegate/voicegate/asr"
	"github.com/voicegate/voicegate/asr/asreval"
	"github.com/voicegate/voicegate/audio"
)

func TestExpWarp(t *testing.T) {
	split := os.Getenv("EXPW")
	if split == "" {
		t.Skip()
	}
	warps := []int{15200, 16000, 16800, 17600, 18400}
	r := newRec(t, WithRejectThreshold(-1))
	s := newSess(t, r)
	d := s.(*session).d
	type out struct {
		text        string
		score, perf float64
	}
	rules := map[string]int{}
	single := make([]int, len(warps))
	n := 0
	for _, it := range expItems(t) {
		if split != "all" && it.split != split {
			continue
		}
		n++
		pcm0, _ := audio.LoadWAV16k(it.wav)
		var outs []out
		for _, w := range warps {
			pcm, _ := audio.Resample(pcm0, 16000, w)
			res, err := asreval.Recognize(context.Background(), s, asr.Hints{Mode: asr.ModeDigits}, pcm)
			if err != nil {
				t.Fatal(err)
			}
			_, sc := d.hyp()
			a, fr := d.acoustic()
			_ = a
			outs = append(outs, out{res.Text, d.scoreLn(sc), d.scoreLn(sc) / float64(max(fr, 1))})
		}
		ref := []string{it.ref}
		for i, o := range outs {
			single[i] += asreval.WordErrors(ref, strings.Fields(o.text))
		}
		best := func(less func(a, b out) bool) string {
			b := outs[0]
			for _, o := range outs[1:] {
				if less(o, b) {
					b = o
				}
			}
			return b.text
		}
		rules["score"] += asreval.WordErrors(ref, strings.Fields(best(func(a, b out) bool { return a.score > b.score })))
		rules["perframe"] += asreval.WordErrors(ref, strings.Fields(best(func(a, b out) bool { return a.perf > b.perf })))
		votes := map[string]int{}
		for _, o := range outs {
			votes[o.text]++
		}
		type kv struct {
			k string
			v int
		}
		var kvs []kv
		for k, v := range votes {
			kvs = append(kvs, kv{k, v})
		}
		sort.Slice(kvs, func(i, j int) bool {
			if kvs[i].v != kvs[j].v {
				return kvs[i].v > kvs[j].v
			}
			return kvs[i].k == outs[2].text
		})
		rules["vote"] += asreval.WordErrors(ref, strings.Fields(kvs[0].k))
		if os.Getenv("EXPV") != "" {
			fmt.Println(it.ref, it.spk, outs)
		}
	}
	fmt.Println("n", n, "single", single, "rules", rules)
}
