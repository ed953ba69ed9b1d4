package intent_test

import (
	"math"
	"testing"
	"time"

	"github.com/voicegate/voicegate/dialog/intent"
	"github.com/voicegate/voicegate/internal/shareddata"
)

// devSplit holds out every k-th example of each intent (stratified, deterministic) as a dev set.
func devSplit(all []intent.Example, k int) (train, dev []intent.Example) {
	seen := make(map[string]int)
	for _, ex := range all {
		n := seen[ex.Intent]
		seen[ex.Intent]++
		if n%k == 0 {
			dev = append(dev, ex)
		} else {
			train = append(train, ex)
		}
	}
	return train, dev
}

func skipUnderRace(t *testing.T) {
	t.Helper()
	if raceEnabled {
		t.Skip("dataset-scale training is ~10× slower under the race detector; run without -race")
	}
}

// expectedCalibrationError bins in-scope predictions by confidence and averages |accuracy − confidence|.
func expectedCalibrationError(c *intent.Classifier, test []intent.Example) float64 {
	const bins = 10
	var n, right [bins]float64
	var conf [bins]float64
	total := 0.0
	for _, ex := range test {
		if ex.Intent == intent.DefaultOOSLabel {
			continue
		}
		p := c.Classify(ex.Text)
		b := min(int(p.Confidence*bins), bins-1)
		n[b]++
		conf[b] += p.Confidence
		if p.Top == ex.Intent {
			right[b]++
		}
		total++
	}
	ece := 0.0
	for b := range bins {
		if n[b] > 0 {
			ece += n[b] / total * math.Abs(right[b]/n[b]-conf[b]/n[b])
		}
	}
	return ece
}

// TestCLINC150Goals trains on CLINC150 train + oos_train and checks the val split against the goals
// (Larson et al. 2019 anchors: Dialogflow 90.8 / 26.7, Rasa 90.9 / 31.2, BERT 96.2 / 52.3).
func TestCLINC150Goals(t *testing.T) {
	skipUnderRace(t)
	train, val, _, err := intent.LoadCLINC150(shareddata.Path(t, "data", "clinc150", "train_val.json"))
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	c, err := intent.Train(train)
	if err != nil {
		t.Fatal(err)
	}
	took := time.Since(start)
	r := intent.Evaluate(c, val)
	ece := expectedCalibrationError(c, val)
	t.Logf("CLINC150 val: train %v (T=%.3f) %+v ECE=%.3f", took, c.Temperature(), r, ece)
	check := func(name string, got, want float64) {
		if got < want {
			t.Errorf("%s = %.4f, want ≥ %.4f", name, got, want)
		}
	}
	check("in-scope accuracy", r.InScopeAccuracy, 0.915)
	check("OOS recall", r.OOSRecall, 0.55)
	check("coverage", r.Coverage, 0.85)
	check("selective accuracy", r.SelectiveAccuracy, 0.97)
	if ece > 0.05 {
		t.Errorf("expected calibration error %.3f > 0.05", ece)
	}
	if r.N != len(val) {
		t.Errorf("report n = %d, want %d", r.N, len(val))
	}
	if r.P50Micros <= 0 || r.P50Micros > 1000 {
		t.Errorf("median classify latency %.0f µs, want (0, 1000]", r.P50Micros)
	}
}

func TestDevSplitAccuracy(t *testing.T) {
	skipUnderRace(t)
	tests := []struct {
		name string
		want float64
	}{
		{"banking77", 0.90},
		{"bitext", 0.98},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			all, err := intent.LoadCSV(shareddata.Path(t, "data", tt.name, "train.csv"))
			if err != nil {
				t.Fatal(err)
			}
			train, dev := devSplit(all, 5)
			c, err := intent.Train(train)
			if err != nil {
				t.Fatal(err)
			}
			r := intent.Evaluate(c, dev)
			t.Logf("%s 80/20 dev split: %+v ECE=%.3f", tt.name, r, expectedCalibrationError(c, dev))
			if r.InScopeAccuracy < tt.want {
				t.Errorf("accuracy %.4f, want ≥ %.4f", r.InScopeAccuracy, tt.want)
			}
		})
	}
}
