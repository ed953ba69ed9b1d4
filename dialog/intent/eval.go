package intent

import (
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"time"
)

// Report is the outcome of `voicegate eval intents`.
type Report struct {
	N int `json:"n"`
	// InScopeAccuracy is top-1 accuracy on in-scope items; flagging one as out of scope counts as wrong
	// (the convention of Larson et al. 2019).
	InScopeAccuracy float64 `json:"in_scope_accuracy"`
	// OOSRecall is the share of out-of-scope items flagged as such (0 when the test set has none).
	OOSRecall float64 `json:"oos_recall"`
	// Coverage is the share of in-scope items the cheap path answers itself (Decide gives Answer).
	Coverage float64 `json:"coverage"`
	// SelectiveAccuracy is the accuracy on the items counted in Coverage.
	SelectiveAccuracy float64 `json:"selective_accuracy"`
	P50Micros         float64 `json:"p50_us"`
	P99Micros         float64 `json:"p99_us"`
}

// Evaluate classifies every test example and scores the results. Items labelled with the classifier's
// out-of-scope label are out of scope.
func Evaluate(c *Classifier, test []Example) Report {
	var r Report
	r.N = len(test)
	var inScope, inRight, oos, oosFlagged, answered, answeredRight int
	lat := make([]float64, 0, len(test))
	for _, ex := range test {
		start := time.Now()
		p := c.Classify(ex.Text)
		lat = append(lat, float64(time.Since(start).Nanoseconds())/1e3)
		gold := strings.TrimSpace(ex.Intent)
		if gold == c.cfg.oosLabel {
			oos++
			if p.OOS {
				oosFlagged++
			}
			continue
		}
		inScope++
		right := !p.OOS && p.Top == gold
		if right {
			inRight++
		}
		if c.Decide(p).Kind == Answer {
			answered++
			if right {
				answeredRight++
			}
		}
	}
	ratio := func(a, b int) float64 {
		if b == 0 {
			return 0
		}
		return float64(a) / float64(b)
	}
	r.InScopeAccuracy = ratio(inRight, inScope)
	r.OOSRecall = ratio(oosFlagged, oos)
	r.Coverage = ratio(answered, inScope)
	r.SelectiveAccuracy = ratio(answeredRight, answered)
	slices.Sort(lat)
	r.P50Micros = percentile(lat, 0.50)
	r.P99Micros = percentile(lat, 0.99)
	return r
}

// percentile reads the q-quantile of sorted values (nearest rank).
func percentile(sorted []float64, q float64) float64 {
	if len(sorted) == 0 {
		return 0
	}
	i := int(q*float64(len(sorted))+0.5) - 1
	return sorted[min(max(i, 0), len(sorted)-1)]
}

// LoadCLINC150 reads the public CLINC150 JSON layout: lists of [text, label] under train, val, test and, for
// out-of-scope items, oos_train, oos_val, oos_test (labelled "oos"). Missing keys give empty parts; each
// returned part holds its in-scope items followed by its out-of-scope ones.
func LoadCLINC150(path string) (train, val, test []Example, err error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, nil, fmt.Errorf("intent: open clinc150: %w", err)
	}
	defer f.Close()
	return ReadCLINC150(f)
}

// CLINC150EvalSets picks the parts `voicegate eval intents --format clinc150` uses from one file: it trains
// on train + oos_train and tests on test + oos_test when the file has a test part, otherwise on val +
// oos_val (the public train_val file kept in shared/data has no test part). Tuning happened on val, so a
// number measured on val is a development number, not a held-out one.
func CLINC150EvalSets(path string) (train, test []Example, err error) {
	train, val, test, err := LoadCLINC150(path)
	if err != nil {
		return nil, nil, err
	}
	if len(test) == 0 {
		test = val
	}
	if len(train) == 0 || len(test) == 0 {
		return nil, nil, fmt.Errorf("%w: clinc150 file needs train and test or val items", ErrFormat)
	}
	return train, test, nil
}

// ReadCLINC150 is LoadCLINC150 on a reader.
func ReadCLINC150(r io.Reader) (train, val, test []Example, err error) {
	var raw map[string][][]string
	if err := json.NewDecoder(r).Decode(&raw); err != nil {
		return nil, nil, nil, fmt.Errorf("%w: clinc150 json: %v", ErrFormat, err)
	}
	known := false
	part := func(keys ...string) ([]Example, error) {
		var out []Example
		for _, k := range keys {
			items, ok := raw[k]
			known = known || ok
			for i, it := range items {
				if len(it) != 2 {
					return nil, fmt.Errorf("%w: clinc150 %s[%d] has %d fields, want [text, label]", ErrFormat, k, i, len(it))
				}
				out = append(out, Example{Text: it[0], Intent: it[1]})
			}
		}
		return out, nil
	}
	if train, err = part("train", "oos_train"); err != nil {
		return nil, nil, nil, err
	}
	if val, err = part("val", "oos_val"); err != nil {
		return nil, nil, nil, err
	}
	if test, err = part("test", "oos_test"); err != nil {
		return nil, nil, nil, err
	}
	if !known {
		return nil, nil, nil, fmt.Errorf("%w: clinc150 json has none of train, val, test", ErrFormat)
	}
	return train, val, test, nil
}

// LoadCSV reads labelled examples from a CSV file with a header row: text in the first column, intent in
// the second; further columns are ignored.
func LoadCSV(path string) ([]Example, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("intent: open csv: %w", err)
	}
	defer f.Close()
	return ReadCSV(f)
}

// ReadCSV is LoadCSV on a reader.
func ReadCSV(r io.Reader) ([]Example, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	if _, err := cr.Read(); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, fmt.Errorf("%w: csv is empty, want a header row", ErrFormat)
		}
		return nil, fmt.Errorf("%w: csv header: %v", ErrFormat, err)
	}
	var out []Example
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return out, nil
		}
		if err != nil {
			return nil, fmt.Errorf("%w: csv: %v", ErrFormat, err)
		}
		if len(rec) < 2 {
			line, _ := cr.FieldPos(0)
			return nil, fmt.Errorf("%w: csv line %d has %d fields, want text,label", ErrFormat, line, len(rec))
		}
		out = append(out, Example{Text: rec[0], Intent: rec[1]})
	}
}
