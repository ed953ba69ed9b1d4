package sentiment

import (
	"encoding/json"
	"flag"
	"math"
	"os"
	"slices"
	"testing"

	"github.com/voicegate/voicegate/dialog/internal/labeled"
	"github.com/voicegate/voicegate/dialog/internal/textclf"
	"github.com/voicegate/voicegate/internal/shareddata"
)

var update = flag.Bool("update", false, "rebuild learned/negative.txt from the files learned/TRAINING lists")

func trainLearned(t testing.TB) *textclf.Model {
	t.Helper()
	list, err := labeled.ReadList("learned/TRAINING")
	if err != nil {
		t.Fatal(err)
	}
	var rows []textclf.Example
	for _, path := range list {
		if path == "clinc150" {
			rows = append(rows, clincCalm(t)...)
			continue
		}
		rs, err := labeled.ReadFile(path, func(l string) bool { return l == "label" || l == "sentiment" })
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range rs {
			c := "other"
			if r.Label == Negative || r.Label == "0" {
				c = Negative
			}
			rows = append(rows, textclf.Example{Text: r.Text, Class: c})
		}
	}
	m, err := textclf.Train(rows, []string{"other", Negative}, textclf.TrainOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// clincCalm: every fifth CLINC150 training query as "other" at weight 0.3. Queries to an assistant are
// mostly calm requests; they teach the model that naming a problem in a request ("my card was declined,
// what do I do") is not yet a complaint. The weight keeps the few genuinely unhappy ones from teaching the
// opposite. The CLINC150 validation split stays out and measures it (TestDerivedLexicon).
func clincCalm(t testing.TB) []textclf.Example {
	var out []textclf.Example
	for i, q := range clincQueries(t, "train") {
		if i%5 == 0 {
			out = append(out, textclf.Example{Text: q, Class: "other", Weight: 0.3})
		}
	}
	return out
}

// clincQueries reads the query texts of one CLINC150 split ("train" or "val").
func clincQueries(t testing.TB, split string) []string {
	t.Helper()
	raw, err := os.ReadFile(shareddata.Path(t, "data", "clinc150", "train_val.json"))
	if err != nil {
		t.Fatal(err)
	}
	var d map[string][][]string
	if err := json.Unmarshal(raw, &d); err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, r := range d[split] {
		if len(r) > 0 {
			out = append(out, r[0])
		}
	}
	return out
}

// TestLearnedModelUpToDate: the committed model is what the committed rows train (-update rebuilds it).
func TestLearnedModelUpToDate(t *testing.T) {
	probes := []string{"the parcel never arrived", "快递三天了还没到", "thanks, all sorted"}
	if err := textclf.Refresh("learned/negative.txt", negativeModelText, trainLearned(t), probes, *update); err != nil {
		t.Fatalf("%v (go test ./dialog/sentiment/ -run TestLearnedModelUpToDate -args -update)", err)
	}
}

// TestLearnedPass: failure reports no lexicon entry names are tipped to negative by the model, calm
// requests stay neutral, and the cap keeps the rules' reading in charge.
func TestLearnedPass(t *testing.T) {
	a := newAnalyzer(t)
	off := newAnalyzer(t, WithLearnedCap(0))
	tests := []struct {
		text, want string
	}{
		{"the engineer was booked for tuesday and nobody came", Negative},
		{"我的快递显示已签收但是我根本没收到", Negative},
		{"can you tell me when the store opens on sunday", Neutral},
		{"请问怎么修改收货地址", Neutral},
		{"brilliant, that sorted it, thank you so much", Positive},
	}
	for _, tc := range tests {
		if got := a.Score(tc.text, Context{}); got.Label != tc.want {
			t.Errorf("%q: %s (%.2f, cues %v), want %s", tc.text, got.Label, got.Score, got.Cues, tc.want)
		}
	}
	// The nudge is bounded: no score moves by more than the cap.
	for _, tc := range tests {
		on, rules := a.Score(tc.text, Context{}), off.Score(tc.text, Context{})
		if d := math.Abs(on.Score - rules.Score); d > DefaultLearnedCap+1e-9 {
			t.Errorf("%q moved %.2f", tc.text, d)
		}
		if on.Label != rules.Label && !slices.Contains(on.Cues, CueLearned) {
			t.Errorf("%q: label changed without the learned cue", tc.text)
		}
	}
	if _, err := New(WithLearnedCap(2)); err == nil {
		t.Error("cap 2 accepted")
	}
}

// BenchmarkNew: building an analyzer (its embedded model is parsed once per process).
func BenchmarkNew(b *testing.B) {
	for b.Loop() {
		if _, err := New(); err != nil {
			b.Fatal(err)
		}
	}
}
