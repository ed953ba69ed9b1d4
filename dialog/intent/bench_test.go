package intent_test

import (
	"slices"
	"testing"
	"time"

	"github.com/voicegate/voicegate/dialog/intent"
	"github.com/voicegate/voicegate/internal/shareddata"
)

// BenchmarkClassify measures one query against a CLINC150-sized model (150 intents + oos) and reports the
// 99th-percentile latency over the benchmark's queries as p99-µs.
func BenchmarkClassify(b *testing.B) {
	train, val, _, err := intent.LoadCLINC150(shareddata.Path(b, "data", "clinc150", "train_val.json"))
	if err != nil {
		b.Fatal(err)
	}
	c, err := intent.Train(train, intent.WithCalibrationFolds(0))
	if err != nil {
		b.Fatal(err)
	}
	lat := make([]time.Duration, 0, b.N)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		start := time.Now()
		c.Classify(val[i%len(val)].Text)
		lat = append(lat, time.Since(start))
	}
	b.StopTimer()
	slices.Sort(lat)
	b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds()), "p99-µs")
}

// BenchmarkTrainCLINC150 measures training on 15,100 examples and 151 classes, calibration included.
func BenchmarkTrainCLINC150(b *testing.B) {
	train, _, _, err := intent.LoadCLINC150(shareddata.Path(b, "data", "clinc150", "train_val.json"))
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := intent.Train(train); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkTrainSmallKB measures a knowledge-base reload: a few dozen examples per language.
func BenchmarkTrainSmallKB(b *testing.B) {
	ex, err := intent.LoadCSV("testdata/kb_en.csv")
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := intent.Train(ex); err != nil {
			b.Fatal(err)
		}
	}
}
