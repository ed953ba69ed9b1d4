// Package intent is the dialog engine's cheap path: a fast text classifier that maps a caller's words to an
// intent of the knowledge base, with calibrated confidence, out-of-scope detection and a decision between
// answering, asking "did you mean A or B?", and passing the turn on to a costlier path.
//
// It works for English and Chinese without a tokenizer: Latin words give word unigrams, bigrams and
// character 3–5-grams (tolerant of typos and recognition errors), CJK runs give character 1–3-grams. A
// multinomial logistic regression is trained on TF-IDF-weighted features with seeded SGD, and its
// confidence is calibrated by temperature scaling on cross-validated predictions.
package intent

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
)

// Example is one labelled training or test utterance.
type Example struct {
	Text   string
	Intent string
}

// Scored is an intent with its calibrated confidence.
type Scored struct {
	Name       string  `json:"name"`
	Confidence float64 `json:"confidence"`
}

// Prediction is what Classify found.
type Prediction struct {
	// Ranked lists the best in-scope intents, most likely first (at most the configured limit).
	Ranked []Scored `json:"ranked"`
	// Top is the best in-scope intent and Confidence its calibrated probability of being right.
	Top        string  `json:"top"`
	Confidence float64 `json:"confidence"`
	// Margin is the confidence of the best minus that of the second best intent.
	Margin float64 `json:"margin"`
	// OOS is set when the query belongs to no intent: the out-of-scope class won, or Confidence fell below
	// the out-of-scope threshold.
	OOS bool `json:"oos"`
}

// DecisionKind says what the dialog engine should do with a prediction.
type DecisionKind string

const (
	// Answer: confident and clearly ahead of the runner-up; reply with the intent's answer.
	Answer DecisionKind = "answer"
	// Clarify: two intents share most of the probability; ask the caller which one they meant.
	Clarify DecisionKind = "clarify"
	// OOS: the query is outside what the knowledge base covers.
	OOS DecisionKind = "oos"
	// LowConfidence: in scope perhaps, but too uncertain to answer or clarify; use a costlier path.
	LowConfidence DecisionKind = "low_confidence"
)

// Decision is the cheap path's verdict on one prediction.
type Decision struct {
	Kind DecisionKind `json:"kind"`
	// Intent is the chosen intent for Answer, and the best guess otherwise.
	Intent     string  `json:"intent"`
	Confidence float64 `json:"confidence"`
	// Options holds the two intents to offer when Kind is Clarify.
	Options []string `json:"options,omitempty"`
}

// Classifier maps text to intents. It is immutable after Train and safe for concurrent use.
type Classifier struct {
	cfg         config
	labels      []string // class index → label; includes the out-of-scope label when it was trained
	oosClass    int      // index of the out-of-scope class, -1 if none
	vocab       *vocabulary
	model       *linear
	temperature float64
}

// Train learns a classifier from labelled examples. Examples labelled with the out-of-scope label (default
// "oos") teach an extra class that is never reported as an intent. Training is deterministic for a given
// seed and example order.
func Train(examples []Example, opts ...Option) (*Classifier, error) {
	cfg := defaultConfig()
	for _, o := range opts {
		if o != nil {
			o(&cfg)
		}
	}
	if err := cfg.validate(); err != nil {
		return nil, err
	}
	if len(examples) == 0 {
		return nil, ErrNoExamples
	}
	c := &Classifier{cfg: cfg, oosClass: -1, temperature: 1}
	classOf := make(map[string]int)
	ys := make([]int, len(examples))
	feats := make([][]rawFeature, len(examples))
	for i, ex := range examples {
		label := strings.TrimSpace(ex.Intent)
		if label == "" {
			return nil, fmt.Errorf("%w: example %d (%q) has no intent", ErrBadExample, i, ex.Text)
		}
		feats[i] = cfg.features.extract(ex.Text)
		if len(feats[i]) == 0 {
			return nil, fmt.Errorf("%w: example %d (%q) has no words", ErrBadExample, i, ex.Text)
		}
		k, ok := classOf[label]
		if !ok {
			k = len(c.labels)
			classOf[label] = k
			c.labels = append(c.labels, label)
			if label == cfg.oosLabel {
				c.oosClass = k
			}
		}
		ys[i] = k
	}
	if len(c.labels) < 2 {
		return nil, fmt.Errorf("%w: got %v", ErrTooFewIntents, c.labels)
	}
	if cfg.calibFolds >= 2 {
		c.temperature = calibrate(feats, ys, len(c.labels), &cfg)
	}
	c.vocab, c.model = fit(feats, ys, len(c.labels), &cfg)
	return c, nil
}

// fit builds the vocabulary from the given examples and trains the linear model on them.
func fit(feats [][]rawFeature, ys []int, nClass int, cfg *config) (*vocabulary, *linear) {
	vocab := buildVocabulary(feats, cfg.minDF)
	xs := make([]sparse, len(feats))
	for i, f := range feats {
		xs[i] = vocab.vectorize(f)
	}
	return vocab, trainLinear(xs, ys, len(vocab.idf), nClass, cfg.train)
}

// Intents lists the in-scope intents the classifier knows, in first-seen order.
func (c *Classifier) Intents() []string {
	out := make([]string, 0, len(c.labels))
	for k, l := range c.labels {
		if k != c.oosClass {
			out = append(out, l)
		}
	}
	return out
}

// Temperature is the fitted calibration temperature (1 when calibration is off).
func (c *Classifier) Temperature() float64 { return c.temperature }

// probabilities returns the calibrated class distribution of text.
// known is the share of the text's feature weight seen in training: near 0 the scores are the bias alone
// and say nothing about the text.
func (c *Classifier) probabilities(text string) (probs []float64, known float64) {
	x := c.vocab.vectorize(c.cfg.features.extract(text))
	z := make([]float64, len(c.labels))
	c.model.logits(x, z)
	for i := range z {
		z[i] /= c.temperature
	}
	softmaxInPlace(z)
	return z, x.known
}

// Classify ranks the intents for text. Text with no word or n-gram seen in training is out of scope.
func (c *Classifier) Classify(text string) Prediction {
	probs, known := c.probabilities(text)
	type pc struct {
		k int
		p float64
	}
	ranked := make([]pc, 0, len(probs))
	oosP := 0.0
	for k, p := range probs {
		if k == c.oosClass {
			oosP = p
			continue
		}
		ranked = append(ranked, pc{k, p})
	}
	slices.SortFunc(ranked, func(a, b pc) int {
		if r := cmp.Compare(b.p, a.p); r != 0 {
			return r
		}
		return cmp.Compare(a.k, b.k)
	})
	var pr Prediction
	n := min(len(ranked), c.cfg.rankedLimit)
	pr.Ranked = make([]Scored, n)
	for i := range n {
		pr.Ranked[i] = Scored{Name: c.labels[ranked[i].k], Confidence: ranked[i].p}
	}
	pr.Top = pr.Ranked[0].Name
	pr.Confidence = pr.Ranked[0].Confidence
	if n > 1 {
		pr.Margin = pr.Confidence - pr.Ranked[1].Confidence
	} else {
		pr.Margin = pr.Confidence
	}
	pr.OOS = known < c.cfg.minKnown || oosP > pr.Confidence || pr.Confidence < c.cfg.oosThreshold
	return pr
}

// Decide turns a prediction into what to do: answer when confidence and the lead over the runner-up are both
// high, clarify between the top two when they share the probability, and otherwise report out of scope or
// low confidence.
func (c *Classifier) Decide(p Prediction) Decision {
	d := Decision{Intent: p.Top, Confidence: p.Confidence}
	switch {
	case p.OOS || len(p.Ranked) == 0:
		d.Kind = OOS
	case p.Confidence >= c.cfg.answerConf && p.Margin >= c.cfg.answerMargin:
		d.Kind = Answer
	case len(p.Ranked) >= 2 && p.Ranked[0].Confidence+p.Ranked[1].Confidence >= c.cfg.clarifyMass &&
		p.Ranked[1].Confidence >= c.cfg.clarifySecond:
		d.Kind = Clarify
		d.Options = []string{p.Ranked[0].Name, p.Ranked[1].Name}
	default:
		d.Kind = LowConfidence
	}
	return d
}
