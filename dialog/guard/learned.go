package guard

import (
	_ "embed"
	"fmt"
	"slices"
	"strings"

	"github.com/voicegate/voicegate/dialog/internal/textclf"
)

// The learned pass: an n-gram logistic regression trained on our labelled replies (learned/TRAINING lists
// the files; TestLearnedModelsUpToDate rebuilds it). The rules run first and explain most blocks; the model
// catches commitments phrased in ways no rule names. A second model names the category of such a reply, so
// the knowledge base's policy still decides whether it may be said.

//go:embed learned/block.txt
var blockModelText string

//go:embed learned/category.txt
var categoryModelText string

// Thresholds of the learned pass, chosen by leave-one-set-out on the ten blind training sets (model trained on
// every other set; SOURCE.txt): at or above DefaultModelThreshold the model blocks a reply the rules let
// through; below DefaultVetoThreshold, for the reply and for the sentence the rule matched, it overrules a
// rule's block of a policy-judged commitment. It never overrules advice, a human claim or an injection echo.
// Block threshold 0.7 / 0.8 / 0.9: recall 0.945 / 0.939 / 0.932 at false blocks 0.043 / 0.041 / 0.038; no
// veto: false blocks +0.02; the rules alone: 0.769 / 0.045.
const (
	DefaultModelThreshold = 0.7
	DefaultVetoThreshold  = 0.02
)

// WithModelThreshold sets the learned pass's block threshold; a value above 1 turns the pass off (and its
// veto with it).
func WithModelThreshold(t float64) Option {
	return func(g *Guard) { g.modelThr = t }
}

// WithVetoThreshold sets the block probability below which the model overrules a rule's block of a
// policy-judged commitment; 0 turns the veto off.
func WithVetoThreshold(t float64) Option {
	return func(g *Guard) { g.vetoThr = t }
}

// vetoes reports whether the model overrules the rules' block v of sentence s in the reply norm (block
// probability p). Both the reply and the sentence must read benign: a commitment buried in a long friendly
// reply leaves the reply's probability low, but not its own sentence's.
func (g *Guard) vetoes(v Verdict, s, norm string, p float64) bool {
	if g.ml == nil || g.modelThr > 1 || p < 0 || p >= g.vetoThr || hardCategory(v.Category) || !longEnough(norm) {
		return false
	}
	return s == norm || g.blockProb(s) < g.vetoThr
}

type learned struct {
	block *textclf.Model
	cat   *textclf.Model
	// bi is the index of the "block" class in block's output.
	bi int
}

func loadLearned() (*learned, error) {
	b, err := textclf.Parse(strings.NewReader(blockModelText))
	if err != nil {
		return nil, fmt.Errorf("guard: block model: %w", err)
	}
	c, err := textclf.Parse(strings.NewReader(categoryModelText))
	if err != nil {
		return nil, fmt.Errorf("guard: category model: %w", err)
	}
	bi := slices.Index(b.Classes(), "block")
	if bi < 0 {
		return nil, fmt.Errorf("%w: block model has no block class", textclf.ErrBadModel)
	}
	return &learned{block: b, cat: c, bi: bi}, nil
}

// hardCategory: never allowed by any policy.
func hardCategory(cat string) bool {
	switch cat {
	case CatLegalAdvice, CatMedicalAdvice, CatClaimsHuman, CatInjectionEcho:
		return true
	}
	return false
}

// blockProb is the model's block probability for the whole normalized reply (a commitment buried mid-reply
// still reads as one), or -1 without a model.
func (g *Guard) blockProb(norm string) float64 {
	if g.ml == nil {
		return -1
	}
	var buf [2]float64
	return g.ml.block.Probs(buf[:], norm)[g.ml.bi]
}

// learnedCheck returns a blocking verdict for a reply the rules allowed, or ok=false.
func (g *Guard) learnedCheck(norm string, p float64, decl declinedHard, ctx CheckContext) (Verdict, bool) {
	// A short reply gives the model too few n-grams to go on: "给您添麻烦了" (sorry for the trouble) reads as
	// a grant by its 给您 alone. Short commitments are the rules' ground ("dinner's on us").
	if g.ml == nil || p < g.modelThr || !longEnough(norm) {
		return Verdict{}, false
	}
	cats := g.ml.cat.Classes()
	probs := g.ml.cat.Probs(make([]float64, len(cats)), norm)
	best := 0
	for k := range probs {
		if probs[k] > probs[best] {
			best = k
		}
	}
	cat := cats[best]
	// A refusal ("we can't refund you") is left to the rules, which read it clause by clause; the model sees
	// the words of the benefit and not who withholds it. Advice is different: "they can't sue you" is the
	// advice itself, so a refusal word does not excuse it.
	if decl.advice || decl.injection || (!hardCategory(cat) || cat == CatInjectionEcho) && g.refuses(norm) {
		return Verdict{}, false
	}
	why := fmt.Sprintf("learned model: reads as a %s commitment (p=%.2f)", strings.ReplaceAll(cat, "_", " "), p)
	if hardCategory(cat) {
		return Verdict{Category: cat, Reason: why}, true
	}
	v := g.judge(g.figures(cat, norm, ""), norm, ctx)
	if v.Allowed {
		return Verdict{}, false
	}
	v.Reason = why + "; " + v.Reason
	return v, true
}

func (g *Guard) refuses(s string) bool {
	return g.dec.en.MatchString(s) || g.dec.zh.MatchString(s) || g.gen.refuse.MatchString(s) || g.st.refuseEN.MatchString(s) || g.gen.zhRefuse.MatchString(s) || g.st.refuseZH.MatchString(s) ||
		strings.Contains(s, "没法")
}

// longEnough: at least 4 Latin words or 8 Han characters (a Han character carries about half a word).
// Chosen by leave-one-set-out: a floor of 6 kept short commitments (这单算我们的) from the model; 3 and 2
// gained nothing more.
func longEnough(s string) bool {
	words, han := 0, 0
	inWord := false
	for _, r := range s {
		switch {
		case r >= 0x4E00 && r <= 0x9FFF:
			han++
			inWord = false
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			if !inWord {
				words++
			}
			inWord = true
		case r == '\'':
		default:
			inWord = false
		}
	}
	return words+han/2 >= 4
}
