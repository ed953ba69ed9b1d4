package sentiment

import (
	_ "embed"
	"fmt"
	"math"
	"sync"

	"github.com/voicegate/voicegate/dialog/internal/textclf"
)

// The learned pass: an n-gram logistic regression (negative vs not) trained on our labelled customer
// lines, English and Chinese (learned/TRAINING lists the files; TestLearnedModelUpToDate rebuilds it).
// The rules and lexicons stay the reading, with their context (sarcasm after a failure, repeats, loudness);
// the model nudges the score by at most DefaultLearnedCap, enough to tip failure reports no lexicon names
// ("the bin collection skipped our street again") and to pull back rule false alarms.

//go:embed learned/negative.txt
var negativeModelText string

// learnedCenter is the model probability at which the nudge is zero; DefaultLearnedCap bounds it either
// way. Both were chosen on customer lines neither the rules nor the model had seen (SOURCE.txt).
const (
	learnedCenter     = 0.6
	DefaultLearnedCap = 0.4
)

// WithLearnedCap bounds how far the learned model may move a score; 0 turns the learned pass off.
func WithLearnedCap(c float64) Option {
	return func(a *Analyzer) error {
		if c < 0 || c > 1 {
			return fmt.Errorf("%w: learned cap %v", ErrBadLexicon, c)
		}
		a.mlCap = c
		return nil
	}
}

type negModel struct {
	m  *textclf.Model
	ni int
}

// negModels parses the embedded model once per process; it is read-only once parsed and safe for
// concurrent use, so every Analyzer shares it.
var negModels = sync.OnceValues(loadNegModel)

func loadNegModel() (*negModel, error) {
	m, ni, err := textclf.ParseClass(negativeModelText, Negative)
	if err != nil {
		return nil, fmt.Errorf("sentiment: negative model: %w", err)
	}
	return &negModel{m: m, ni: ni}, nil
}

// learned lets the model's reading of text decide whether a turn is negative where it disagrees with
// the rules, and leaves how negative it is to them. The model's nudge (center minus probability, capped)
// is added before the score is squashed into -1…1, 1.25 raw units per unit of probability, about the same
// in score units near the threshold.
//   - A turn the rules call negative and the model calm is pulled up; if that crosses the threshold, the
//     turn is not negative. Otherwise its rule score stands, so the model never deepens anger and never
//     brings an angry-caller handoff forward.
//   - A turn the rules call not negative and the model negative is tipped just below the threshold.
//   - The model reads words only: when the context made the turn negative (a repeat, a failure before, a
//     raised voice) it is not allowed to pull the turn back up.
func (a *Analyzer) learned(text string, raw float64, ctxNeg bool, t *tally) float64 {
	score := squash(raw)
	if a.ml == nil || a.mlCap == 0 {
		return score
	}
	var buf [2]float64
	p := a.ml.m.Probs(buf[:], text)[a.ml.ni]
	nudge := min(a.mlCap, max(-a.mlCap, learnedCenter-p))
	if score <= a.negThr {
		if nudge <= 0 || ctxNeg {
			return score
		}
		if up := squash(raw + 1.25*nudge); up > a.negThr {
			t.cue(CueLearned)
			return up
		}
		return score
	}
	if nudge >= 0 {
		return score
	}
	down := squash(raw + 1.25*nudge)
	if down > a.negThr {
		return score
	}
	t.cue(CueLearned)
	return max(down, a.negThr-tipMargin)
}

// tipMargin: a turn the model tips to negative reads as mildly negative, just past the threshold.
const tipMargin = 0.05

func squash(raw float64) float64 { return raw / math.Sqrt(raw*raw+1.5) }
