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
	experts int
	ridge   float64
	dynamic float64
}

// WithContext sets how many frames on each side of the predicted frame the model sees (default 2).
func WithContext(c int) TrainOption { return func(t *trainConfig) { t.context = c } }

// WithExperts sets how many linear experts the model mixes (default 4; 1 is plain ridge regression).
func WithExperts(k int) TrainOption { return func(t *trainConfig) { t.experts = k } }

// WithRidge sets the ridge penalty, relative to the mean diagonal of XᵀX (default 1e-3).
func WithRidge(r float64) TrainOption { return func(t *trainConfig) { t.ridge = r } }

// WithDynamicRange sets which frames train the model: those within this many dB of the loudest frame of
// their utterance (default 50); digital silence would otherwise dominate the fit.
func WithDynamicRange(db float64) TrainOption { return func(t *trainConfig) { t.dynamic = db } }

// minTrainFrames is the least speech that gives a usable fit.
const minTrainFrames = 500

// Train fits a Model: k-means on the centre frame's spectral shape, then one ridge regression per cluster
// (weighted by the soft assignment used at run time) of the wideband upper-band log powers on the
// narrowband envelope.
func Train(pairs []Pair, opts ...TrainOption) (*Model, error) {
	cfg := trainConfig{context: 2, experts: 4, ridge: 1e-3, dynamic: 50}
	for _, o := range opts {
		o(&cfg)
	}
	if cfg.context < 0 || cfg.context > 8 || cfg.experts < 1 || cfg.experts > 64 || cfg.ridge < 0 || cfg.dynamic <= 0 {
		return nil, fmt.Errorf("%w: bad options (context %d, experts %d, ridge %g, range %g dB)", ErrTraining, cfg.context, cfg.experts, cfg.ridge, cfg.dynamic)
	}
	m := &Model{Context: cfg.context, LowHz: lowEdges, HighHz: highEdges}
	nIn, nOut, nLow := m.nIn(), len(highEdges)-1, len(lowEdges)-1
	a := newAnalyzer()
	var xs, ys [][]float64
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
			xs = append(xs, features(make([]float64, 0, nIn), low[t-cfg.context:t+cfg.context+1], lv))
			y := make([]float64, nOut)
			for o := range y {
				y[o] = high[t][o] - lv
			}
			ys = append(ys, y)
		}
	}
	if len(xs) < minTrainFrames*cfg.experts {
		return nil, fmt.Errorf("%w: %d speech frames, need %d", ErrTraining, len(xs), minTrainFrames*cfg.experts)
	}
	shape := func(x []float64) []float64 { return x[cfg.context*nLow : (cfg.context+1)*nLow] }
	m.Centroids, m.Temperature = kmeans(xs, shape, cfg.experts)
	post := make([][]float64, len(xs))
	for i, x := range xs {
		post[i] = m.posteriors(make([]float64, 0, cfg.experts), shape(x))
	}
	m.Experts = make([][][]float64, cfg.experts)
	for k := range cfg.experts {
		w, err := ridge(xs, ys, post, k, cfg.ridge)
		if err != nil {
			return nil, fmt.Errorf("expert %d: %w", k, err)
		}
		m.Experts[k] = w
	}
	if err := m.Validate(); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrTraining, err)
	}
	return m, nil
}

// kmeans clusters the shapes of xs into k centroids (deterministic farthest-point start) and returns a
// softmax temperature equal to the mean squared distance to the nearest centroid.
func kmeans(xs [][]float64, shape func([]float64) []float64, k int) ([][]float64, float64) {
	dim := len(shape(xs[0]))
	dist := func(a, b []float64) float64 {
		d := 0.0
		for i := range a {
			e := a[i] - b[i]
			d += e * e
		}
		return d
	}
	cents := [][]float64{append([]float64(nil), shape(xs[0])...)}
	for len(cents) < k {
		far, fd := 0, -1.0
		for i := 0; i < len(xs); i += 7 { // a sample is enough to seed
			d := math.Inf(1)
			for _, c := range cents {
				d = min(d, dist(shape(xs[i]), c))
			}
			if d > fd {
				far, fd = i, d
			}
		}
		cents = append(cents, append([]float64(nil), shape(xs[far])...))
	}
	assign := make([]int, len(xs))
	var mean float64
	for range 20 {
		mean = 0
		for i, x := range xs {
			best, bd := 0, math.Inf(1)
			for c, cen := range cents {
				if d := dist(shape(x), cen); d < bd {
					best, bd = c, d
				}
			}
			assign[i] = best
			mean += bd
		}
		mean /= float64(len(xs))
		sums := make([][]float64, k)
		counts := make([]int, k)
		for c := range sums {
			sums[c] = make([]float64, dim)
		}
		for i, x := range xs {
			counts[assign[i]]++
			for j, v := range shape(x) {
				sums[assign[i]][j] += v
			}
		}
		for c := range cents {
			if counts[c] == 0 {
				continue // an empty cluster keeps its centroid
			}
			for j := range cents[c] {
				cents[c][j] = sums[c][j] / float64(counts[c])
			}
		}
	}
	return cents, max(mean, 1e-6)
}

// ridge solves the weighted ridge regression of ys on xs for expert k (sample weights post[i][k]).
func ridge(xs, ys, post [][]float64, k int, penalty float64) ([][]float64, error) {
	nIn, nOut := len(xs[0]), len(ys[0])
	xtx := make([]float64, nIn*nIn)
	xty := make([]float64, nIn*nOut)
	wsum := 0.0
	for i, x := range xs {
		w := post[i][k]
		if w < 1e-4 {
			continue
		}
		wsum += w
		for a, xa := range x {
			if xa == 0 {
				continue
			}
			wa := w * xa
			row := xtx[a*nIn:]
			for b := a; b < nIn; b++ {
				row[b] += wa * x[b]
			}
			for o := range nOut {
				xty[a*nOut+o] += wa * ys[i][o]
			}
		}
	}
	if wsum < minTrainFrames/4 {
		return nil, fmt.Errorf("%w: %.0f frames' weight, too little", ErrTraining, wsum)
	}
	for a := range nIn {
		for b := range a {
			xtx[a*nIn+b] = xtx[b*nIn+a]
		}
	}
	diag := 0.0
	for a := range nIn {
		diag += xtx[a*nIn+a]
	}
	lambda := penalty * diag / float64(nIn)
	for a := range nIn - 1 { // the bias is not penalised
		xtx[a*nIn+a] += lambda
	}
	if err := cholesky(xtx, nIn); err != nil {
		return nil, err
	}
	out := make([][]float64, nOut)
	b := make([]float64, nIn)
	for o := range nOut {
		for a := range nIn {
			b[a] = xty[a*nOut+o]
		}
		out[o] = cholSolve(xtx, nIn, b)
	}
	return out, nil
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
