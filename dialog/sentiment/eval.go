package sentiment

import (
	"fmt"
	"io"
	"os"

	"github.com/voicegate/voicegate/dialog/internal/labeled"
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
	rows, err := labeled.Read(r, func(l string) bool { return l == "label" || l == "sentiment" })
	if err != nil {
		return Report{}, fmt.Errorf("%w: %w", ErrBadDataset, err)
	}
	var rep Report
	var correct, tp, fp, fn int
	for _, row := range rows {
		label := row.Label
		binary := false
		switch label {
		case "0":
			label, binary = Negative, true
		case "1":
			label, binary = Positive, true
		case Negative, Neutral, Positive:
		default:
			return Report{}, fmt.Errorf("%w: line %d: %q", ErrBadLabel, row.Line, row.Label)
		}
		rd := a.Score(row.Text, Context{})
		got := rd.Label
		rep.N++
		ok := got == label
		if binary {
			ok = (got == Negative) == (label == Negative)
		}
		if ok {
			correct++
		} else {
			rep.Mistakes = append(rep.Mistakes, Mistake{Text: row.Text, Want: label, Reading: rd})
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
