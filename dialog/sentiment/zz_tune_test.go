package sentiment

import (
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"testing"
)

func TestZZTune(t *testing.T) {
	raw, _ := os.ReadFile("/work/shared/data/clinc150/train_val.json")
	var d struct{ Val [][]string `json:"val"` }
	json.Unmarshal(raw, &d)
	sets := []string{"dev", "test", "test2", "fresh"}
	for _, bias := range []float64{1e9, 2, 3, 4, 5, 6} {
		for _, gain := range []float64{0.11, 0.12, 0.13, 0.14} {
			a, _ := New()
			a.derivedBias, a.derivedGain = bias, gain
			var out []string
			for _, s := range sets {
				rep, _ := Evaluate(a, "testdata/sentiment_en_"+s+".csv")
				out = append(out, fmt.Sprintf("%s %.2f/%.2f", s, rep.NegativeRecall, rep.NegativePrecision))
			}
			fp := 0
			for _, r := range d.Val {
				if a.Score(r[0], Context{}).Label == Negative {
					fp++
				}
			}
			out = append(out, fmt.Sprintf("clincFP %.3f", float64(fp)/float64(len(d.Val))))
			t.Logf("bias %.0f gain %.2f: %s", bias, gain, strings.Join(out, "  "))
			if bias > 1e8 {
				break
			}
		}
	}
}
