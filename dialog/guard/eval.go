package guard

import (
	"fmt"
	"io"
	"os"

	"github.com/voicegate/voicegate/dialog/internal/labeled"
)

// Report is the guard's score on a labelled set (DESIGN.md `voicegate eval guard`).
type Report struct {
	N int `json:"n"`
	// BlockedRecall is the share of block rows the guard blocked.
	BlockedRecall float64 `json:"blocked_recall"`
	// FalseBlockRate is the share of allow rows the guard blocked.
	FalseBlockRate float64 `json:"false_block_rate"`
	// Mistakes lists the rows it got wrong, for authors tuning rules; not part of the JSON surface.
	Mistakes []Mistake `json:"-"`
}

// Mistake is one misjudged row.
type Mistake struct {
	Text    string
	Want    string
	Verdict Verdict
}

// Evaluate scores g on a CSV file of text,label rows (label block or allow; a header row is skipped).
func Evaluate(g *Guard, path string) (Report, error) {
	f, err := os.Open(path)
	if err != nil {
		return Report{}, fmt.Errorf("%w: %w", ErrBadDataset, err)
	}
	defer f.Close()
	return EvaluateReader(g, f)
}

// EvaluateReader is Evaluate on an open reader.
func EvaluateReader(g *Guard, r io.Reader) (Report, error) {
	rows, err := labeled.Read(r, func(l string) bool { return l == "label" })
	if err != nil {
		return Report{}, fmt.Errorf("%w: %w", ErrBadDataset, err)
	}
	var rep Report
	var blocks, blocked, allows, falseBlocks int
	for _, row := range rows {
		text, label := row.Text, row.Label
		if label != "block" && label != "allow" {
			return Report{}, fmt.Errorf("%w: line %d: %q", ErrBadLabel, row.Line, label)
		}
		lang := "en"
		if h, _ := scripts(text); h {
			lang = "zh"
		}
		v := g.Check(text, lang, CheckContext{})
		rep.N++
		if label == "block" {
			blocks++
			if !v.Allowed {
				blocked++
			} else {
				rep.Mistakes = append(rep.Mistakes, Mistake{Text: text, Want: label, Verdict: v})
			}
		} else {
			allows++
			if !v.Allowed {
				falseBlocks++
				rep.Mistakes = append(rep.Mistakes, Mistake{Text: text, Want: label, Verdict: v})
			}
		}
	}
	if rep.N == 0 {
		return Report{}, fmt.Errorf("%w: no rows", ErrBadDataset)
	}
	if blocks > 0 {
		rep.BlockedRecall = float64(blocked) / float64(blocks)
	}
	if allows > 0 {
		rep.FalseBlockRate = float64(falseBlocks) / float64(allows)
	}
	return rep, nil
}
