package sentiment

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
)

// Report is the analyzer's score on a labelled set (DESIGN.md `voicegate eval sentiment`).
type Report struct {
	N                 int     `json:"n"`
	Accuracy          float64 `json:"accuracy"`
	NegativePrecision float64 `json:"negative_precision"`
	NegativeRecall    float64 `json:"negative_recall"`
	// Mistakes lists misjudged rows for lexicon authors; not part of the JSON surface.
	Mistakes []Mistake `json:"-"`
}

// Mistake is one misjudged row.
type Mistake struct {
	Text    string
	Want    string
	Reading Reading
}

// Evaluate scores a on a CSV file of text,label rows. Labels are negative|neutral|positive, or 0/1 for
// negative/positive (binary sets: a neutral prediction then counts as not negative, and accuracy compares
// negative vs not negative). A header row is skipped. Each row is scored on its own, without call context.
func Evaluate(a *Analyzer, path string) (Report, error) {
	f, err := os.Open(path)
	if err != nil {
		return Report{}, fmt.Errorf("%w: %w", ErrBadDataset, err)
	}
	defer f.Close()
	return EvaluateReader(a, f)
}

// EvaluateReader is Evaluate on an open reader.
func EvaluateReader(a *Analyzer, r io.Reader) (Report, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	var rep Report
	var correct, tp, fp, fn int
	for line := 1; ; line++ {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return Report{}, fmt.Errorf("%w: %w", ErrBadDataset, err)
		}
		if len(rec) < 2 {
			return Report{}, fmt.Errorf("%w: line %d has %d fields, want text,label", ErrBadDataset, line, len(rec))
		}
		label := strings.ToLower(strings.TrimSpace(rec[1]))
		if line == 1 && (label == "label" || label == "sentiment") {
			continue
		}
		binary := false
		switch label {
		case "0":
			label, binary = Negative, true
		case "1":
			label, binary = Positive, true
		case Negative, Neutral, Positive:
		default:
			return Report{}, fmt.Errorf("%w: line %d: %q", ErrBadLabel, line, rec[1])
		}
		rd := a.Score(rec[0], Context{})
		got := rd.Label
		rep.N++
		ok := got == label
		if binary {
			ok = (got == Negative) == (label == Negative)
		}
		if ok {
			correct++
		} else {
			rep.Mistakes = append(rep.Mistakes, Mistake{Text: rec[0], Want: label, Reading: rd})
		}
		switch {
		case got == Negative && label == Negative:
			tp++
		case got == Negative:
			fp++
		case label == Negative:
			fn++
		}
	}
	if rep.N == 0 {
		return Report{}, fmt.Errorf("%w: no rows", ErrBadDataset)
	}
	rep.Accuracy = float64(correct) / float64(rep.N)
	if tp+fp > 0 {
		rep.NegativePrecision = float64(tp) / float64(tp+fp)
	}
	if tp+fn > 0 {
		rep.NegativeRecall = float64(tp) / float64(tp+fn)
	}
	return rep, nil
}
