package bwe

import (
	"fmt"
	"math"

	"github.com/voicegate/voicegate/audio"
)

// Pair is one training utterance: the wideband original and the same audio after a narrowband channel,
// both 16 kHz and time-aligned.
type Pair struct {
	Wide, Narrow []int16
}

// TelephoneChannel passes 16 kHz audio through what a phone call does to it: down to 8 kHz, G.711 µ-law,
// and back up to 16 kHz with the gateway's resampler. The result is aligned with the input.
func TelephoneChannel(wide []int16) ([]int16, error) {
	nb, err := audio.Resample(wide, sampleRate, 8000)
	if err != nil {
		return nil, err
	}
	enc := make([]byte, len(nb))
	audio.MulawEncode(enc, nb)
	audio.MulawDecode(nb, enc)
	up, err := audio.Resample(nb, 8000, sampleRate)
	if err != nil {
		return nil, err
	}
	return up[:min(len(up), len(wide))], nil
}

// TrainOption configures Train.
type TrainOption func(*trainConfig)

type trainConfig struct {
	context int
	ridge   float64
	dynamic float64
}

// WithContext sets how many frames on each side of the predicted frame the model sees (default 2).
func WithContext(c int) TrainOption { return func(t *trainConfig) { t.context = c } }

// WithRidge sets the ridge penalty, relative to the mean diagonal of XᵀX (default 1e-3).
func WithRidge(r float64) TrainOption { return func(t *trainConfig) { t.ridge = r } }

// WithDynamicRange sets which frames train the model: those within this many dB of the loudest frame of
// their utterance (default 50); digital silence would otherwise dominate the fit.
func WithDynamicRange(db float64) TrainOption { return func(t *trainConfig) { t.dynamic = db } }

// minTrainFrames is the least speech that gives a usable fit.
const minTrainFrames = 500

// Train fits a Model by ridge regression of the wideband upper-band log powers on the narrowband envelope.
func Train(pairs []Pair, opts ...TrainOption) (*Model, error) {
	cfg := trainConfig{context: 2, ridge: 1e-3, dynamic: 50}
	for _, o := range opts {
		o(&cfg)
	}
	if cfg.context < 0 || cfg.context > 8 || cfg.ridge < 0 || cfg.dynamic <= 0 {
		return nil, fmt.Errorf("%w: bad options (context %d, ridge %g, range %g dB)", ErrTraining, cfg.context, cfg.ridge, cfg.dynamic)
	}
	m := &Model{Context: cfg.context, LowHz: lowEdges, HighHz: highEdges}
	nIn, nOut := m.nIn(), len(highEdges)-1
	xtx := make([]float64, nIn*nIn)
	xty := make([]float64, nIn*nOut)
	a := newAnalyzer()
	x := make([]float64, 0, nIn)
	used := 0
	for pi, p := range pairs {
		if len(p.Narrow) != len(p.Wide) {
			return nil, fmt.Errorf("%w: pair %d: %d narrowband samples vs %d wideband", ErrTraining, pi, len(p.Narrow), len(p.Wide))
		}
		low, _ := a.frames(p.Narrow)
		wlow, high := a.frames(p.Wide)
		top := math.Inf(-1)
		for _, f := range wlow {
			top = max(top, level(f))
		}
		gate := top - cfg.dynamic*math.Ln10/10
		for t := cfg.context; t+cfg.context < len(low); t++ {
			if level(wlow[t]) < gate {
				continue
			}
			lv := level(low[t])
			x = features(x, low[t-cfg.context:t+cfg.context+1], lv)
			for i, xi := range x {
				if xi == 0 {
					continue
				}
				row := xtx[i*nIn:]
				for j := i; j < nIn; j++ {
					row[j] += xi * x[j]
				}
				for o := range nOut {
					xty[i*nOut+o] += xi * (high[t][o] - lv)
				}
			}
			used++
		}
	}
	if used < minTrainFrames {
		return nil, fmt.Errorf("%w: %d speech frames, need %d", ErrTraining, used, minTrainFrames)
	}
	for i := range nIn {
		for j := range i {
			xtx[i*nIn+j] = xtx[j*nIn+i]
		}
	}
	diag := 0.0
	for i := range nIn {
		diag += xtx[i*nIn+i]
	}
	lambda := cfg.ridge * diag / float64(nIn)
	for i := range nIn - 1 { // the bias is not penalised
		xtx[i*nIn+i] += lambda
	}
	if err := cholesky(xtx, nIn); err != nil {
		return nil, err
	}
	m.W = make([][]float64, nOut)
	b := make([]float64, nIn)
	for o := range nOut {
		for i := range nIn {
			b[i] = xty[i*nOut+o]
		}
		m.W[o] = cholSolve(xtx, nIn, b)
	}
	if err := m.Validate(); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrTraining, err)
	}
	return m, nil
}

// cholesky factors the symmetric positive definite n×n matrix a in place (lower triangle = L).
func cholesky(a []float64, n int) error {
	for j := range n {
		s := a[j*n+j]
		for k := range j {
			s -= a[j*n+k] * a[j*n+k]
		}
		if s <= 0 || math.IsNaN(s) {
			return fmt.Errorf("%w: normal equations not positive definite (column %d)", ErrTraining, j)
		}
		d := math.Sqrt(s)
		a[j*n+j] = d
		for i := j + 1; i < n; i++ {
			s := a[i*n+j]
			for k := range j {
				s -= a[i*n+k] * a[j*n+k]
			}
			a[i*n+j] = s / d
		}
	}
	return nil
}

// cholSolve solves L Lᵀ x = b with the factor from cholesky.
func cholSolve(l []float64, n int, b []float64) []float64 {
	y := make([]float64, n)
	for i := range n {
		s := b[i]
		for k := range i {
			s -= l[i*n+k] * y[k]
		}
		y[i] = s / l[i*n+i]
	}
	x := make([]float64, n)
	for i := n - 1; i >= 0; i-- {
		s := y[i]
		for k := i + 1; k < n; k++ {
			s -= l[k*n+i] * x[k]
		}
		x[i] = s / l[i*n+i]
	}
	return x
}
