package intent

import "fmt"

// DefaultOOSLabel marks out-of-scope examples, as in CLINC150.
const DefaultOOSLabel = "oos"

// config holds everything Train can be told. Defaults were tuned on CLINC150 val and a dev split of
// BANKING77's train set, then fixed.
type config struct {
	oosLabel string
	features featureConfig
	train    trainParams
	minDF    int

	calibFolds  int // 0 or 1: no calibration (temperature 1)
	calibTarget int // stop running folds once this many held-out predictions exist

	oosThreshold  float64 // calibrated confidence below which a query is out of scope
	minKnown      float64 // share of feature weight seen in training below which a query is out of scope
	answerConf    float64 // Decide answers at or above this confidence …
	answerMargin  float64 // … and top-2 margin
	clarifyMass   float64 // Decide asks "A or B?" when the top two together hold this much …
	clarifySecond float64 // … and the second alone at least this much
	rankedLimit   int
}

func defaultConfig() config {
	return config{
		oosLabel: DefaultOOSLabel,
		features: featureConfig{
			wordWeight:   1,
			charWeight:   1,
			cjkWeight:    1,
			charMin:      2,
			charMax:      5,
			cjkMax:       3,
			latinBigrams: true,
		},
		train:         trainParams{epochs: 12, lr: 1.0, lambda: 3e-6, seed: 1},
		minDF:         1,
		calibFolds:    5,
		calibTarget:   3000,
		oosThreshold:  0.2,
		minKnown:      0.3,
		answerConf:    0.75,
		answerMargin:  0.5,
		clarifyMass:   0.6,
		clarifySecond: 0.15,
		rankedLimit:   5,
	}
}

// Option changes how Train builds a Classifier.
type Option func(*config)

// WithOOSLabel names the label that marks out-of-scope training and test examples (default "oos").
func WithOOSLabel(name string) Option { return func(c *config) { c.oosLabel = name } }

// WithOOSThreshold sets the calibrated confidence below which a query is flagged out of scope.
func WithOOSThreshold(t float64) Option { return func(c *config) { c.oosThreshold = t } }

// WithMinKnown sets the share of a query's feature weight that must have been seen in training; below it the
// query is out of scope whatever the scores say (mostly unknown words: another topic or language).
func WithMinKnown(share float64) Option { return func(c *config) { c.minKnown = share } }

// WithAnswerThreshold sets the confidence and top-2 margin at or above which Decide answers directly.
func WithAnswerThreshold(confidence, margin float64) Option {
	return func(c *config) { c.answerConf, c.answerMargin = confidence, margin }
}

// WithClarify sets when Decide asks the caller to choose between the top two: their summed confidence must
// reach mass and the second must reach second.
func WithClarify(mass, second float64) Option {
	return func(c *config) { c.clarifyMass, c.clarifySecond = mass, second }
}

// WithSeed sets the seed of the training shuffle and of the calibration folds.
func WithSeed(seed uint64) Option { return func(c *config) { c.train.seed = seed } }

// WithEpochs sets the number of passes over the training data.
func WithEpochs(n int) Option { return func(c *config) { c.train.epochs = n } }

// WithRegularization sets the L2 strength and the initial SGD step size.
func WithRegularization(lambda, lr float64) Option {
	return func(c *config) { c.train.lambda, c.train.lr = lambda, lr }
}

// WithCalibrationFolds sets the number of cross-validation folds used to fit the confidence temperature;
// fewer than 2 turns calibration off.
func WithCalibrationFolds(k int) Option { return func(c *config) { c.calibFolds = k } }

// WithRankedLimit sets how many intents Prediction.Ranked lists.
func WithRankedLimit(n int) Option { return func(c *config) { c.rankedLimit = n } }

// WithFeatureWeights weights word (unigram, bigram), Latin character n-gram and CJK n-gram features.
func WithFeatureWeights(word, char, cjk float64) Option {
	return func(c *config) {
		c.features.wordWeight, c.features.charWeight, c.features.cjkWeight = word, char, cjk
	}
}

// WithCharNGrams sets the range of Latin character n-grams taken inside words and the longest CJK n-gram.
func WithCharNGrams(minN, maxN, cjkMax int) Option {
	return func(c *config) { c.features.charMin, c.features.charMax, c.features.cjkMax = minN, maxN, cjkMax }
}

func (c *config) validate() error {
	prob := func(name string, v float64) error {
		if !(v >= 0 && v <= 1) {
			return fmt.Errorf("%w: %s %v not in [0,1]", ErrBadOption, name, v)
		}
		return nil
	}
	for _, e := range []error{
		prob("oos threshold", c.oosThreshold),
		prob("answer confidence", c.answerConf),
		prob("known share", c.minKnown),
		prob("answer margin", c.answerMargin),
		prob("clarify mass", c.clarifyMass),
		prob("clarify second", c.clarifySecond),
	} {
		if e != nil {
			return e
		}
	}
	switch {
	case c.train.epochs < 1:
		return fmt.Errorf("%w: epochs %d < 1", ErrBadOption, c.train.epochs)
	case !(c.train.lr > 0 && c.train.lr < 100):
		return fmt.Errorf("%w: learning rate %v", ErrBadOption, c.train.lr)
	case !(c.train.lambda >= 0 && c.train.lambda*c.train.lr < 1):
		return fmt.Errorf("%w: L2 strength %v", ErrBadOption, c.train.lambda)
	case c.features.charMin < 1 || c.features.charMax < c.features.charMin || c.features.charMax > 10:
		return fmt.Errorf("%w: char n-gram range %d..%d", ErrBadOption, c.features.charMin, c.features.charMax)
	case c.features.cjkMax < 1 || c.features.cjkMax > 10:
		return fmt.Errorf("%w: CJK n-gram length %d", ErrBadOption, c.features.cjkMax)
	case c.features.wordWeight < 0 || c.features.charWeight < 0 || c.features.cjkWeight < 0:
		return fmt.Errorf("%w: negative feature weight", ErrBadOption)
	case c.rankedLimit < 2:
		return fmt.Errorf("%w: ranked limit %d < 2", ErrBadOption, c.rankedLimit)
	case c.oosLabel == "":
		return fmt.Errorf("%w: empty out-of-scope label", ErrBadOption)
	}
	return nil
}
