package bwe

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"math"
)

// Analysis layout shared by training and extension. The STFT runs on 16 kHz audio: 512-point frames
// (32 ms, 31.25 Hz bins) every 128 samples (8 ms), Hann window.
const (
	sampleRate = 16000
	fftSize    = 512
	hop        = 128
	binHz      = float64(sampleRate) / fftSize
	// powerFloor keeps log band powers finite on digital silence (samples scaled to ±1).
	powerFloor = 1e-10
)

// lowEdges are the band edges (Hz) of the features: mel-spaced over the part of the spectrum every
// telephone channel passes (300-3400 Hz) and the 8->16 kHz resampler keeps untouched.
var lowEdges = melEdges(250, 3400, 16)

// highEdges are the bands the model predicts: from the top of the telephone band to 8 kHz.
var highEdges = []float64{3400, 3800, 4200, 4600, 5000, 5500, 6000, 6500, 7000, 7500, 8000}

func melEdges(lo, hi float64, n int) []float64 {
	mel := func(f float64) float64 { return 2595 * math.Log10(1+f/700) }
	inv := func(m float64) float64 { return 700 * (math.Pow(10, m/2595) - 1) }
	a, b := mel(lo), mel(hi)
	out := make([]float64, n+1)
	for i := range out {
		out[i] = inv(a + (b-a)*float64(i)/float64(n))
	}
	return out
}

// bandBins turns Hz edges into [first, last) bin ranges; every band gets at least one bin.
func bandBins(edges []float64) [][2]int {
	out := make([][2]int, len(edges)-1)
	for i := range out {
		a := int(math.Round(edges[i] / binHz))
		b := int(math.Round(edges[i+1] / binHz))
		if b <= a {
			b = a + 1
		}
		out[i] = [2]int{a, min(b, fftSize/2+1)}
	}
	return out
}

// bandLogPower is the natural log of the mean bin power in each band.
func bandLogPower(dst []float64, pow []float64, bins [][2]int) {
	for i, b := range bins {
		s := 0.0
		for k := b[0]; k < b[1]; k++ {
			s += pow[k]
		}
		dst[i] = math.Log(s/float64(b[1]-b[0]) + powerFloor)
	}
}

// level is the frame's mean log power over the feature bands; features and targets are taken relative
// to it, so the mapping does not depend on loudness.
func level(low []float64) float64 {
	s := 0.0
	for _, v := range low {
		s += v
	}
	return s / float64(len(low))
}

// Model maps the telephone-band envelope of a few frames around t to the upper-band envelope at t with a
// soft mixture of linear experts: x = [low(t-C..t+C) - level(t), 1], high(t) = level(t) + Σ_k p_k W_k x,
// where p_k weighs expert k by how close the centre frame's spectral shape is to its centroid (vowels,
// fricatives and silence need different maps; one linear map smears fricatives into the mean).
type Model struct {
	Context     int           `json:"context"`     // frames each side
	LowHz       []float64     `json:"low_edges"`   // feature band edges, as in lowEdges
	HighHz      []float64     `json:"high_edges"`  // predicted band edges, as in highEdges
	Centroids   [][]float64   `json:"centroids"`   // K shapes of the centre frame (relative log powers)
	Temperature float64       `json:"temperature"` // softmax scale on squared distances to the centroids
	Experts     [][][]float64 `json:"experts"`     // K × len(HighHz)-1 rows of (2C+1)*(len(LowHz)-1)+1 weights
}

func (m *Model) nIn() int { return (2*m.Context+1)*(len(m.LowHz)-1) + 1 }

// Validate checks that the model fits this package's analysis layout.
func (m *Model) Validate() error {
	if m == nil {
		return fmt.Errorf("%w: nil", ErrModel)
	}
	if m.Context < 0 || m.Context > 8 {
		return fmt.Errorf("%w: context %d out of range 0..8", ErrModel, m.Context)
	}
	if !sameEdges(m.LowHz, lowEdges) || !sameEdges(m.HighHz, highEdges) {
		return fmt.Errorf("%w: band layout differs from this package's analysis", ErrModel)
	}
	k := len(m.Centroids)
	if k == 0 || k > 64 || len(m.Experts) != k {
		return fmt.Errorf("%w: %d centroids and %d experts (want 1..64 of each)", ErrModel, k, len(m.Experts))
	}
	if !(m.Temperature > 0) || math.IsInf(m.Temperature, 0) {
		return fmt.Errorf("%w: temperature %g", ErrModel, m.Temperature)
	}
	for c, cen := range m.Centroids {
		if len(cen) != len(m.LowHz)-1 || !finite(cen) {
			return fmt.Errorf("%w: centroid %d malformed", ErrModel, c)
		}
	}
	for e, w := range m.Experts {
		if len(w) != len(m.HighHz)-1 {
			return fmt.Errorf("%w: expert %d has %d rows, want %d", ErrModel, e, len(w), len(m.HighHz)-1)
		}
		for i, row := range w {
			if len(row) != m.nIn() || !finite(row) {
				return fmt.Errorf("%w: expert %d row %d malformed (%d weights, want %d finite)", ErrModel, e, i, len(row), m.nIn())
			}
		}
	}
	return nil
}

func finite(v []float64) bool {
	for _, x := range v {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return false
		}
	}
	return true
}

// posteriors fills p with the experts' weights for a centre frame of relative shape x.
func (m *Model) posteriors(p []float64, shape []float64) []float64 {
	p = p[:0]
	best := math.Inf(1)
	for _, c := range m.Centroids {
		d := 0.0
		for i, v := range c {
			e := shape[i] - v
			d += e * e
		}
		p = append(p, d)
		best = min(best, d)
	}
	sum := 0.0
	for i, d := range p {
		p[i] = math.Exp(-(d - best) / m.Temperature)
		sum += p[i]
	}
	for i := range p {
		p[i] /= sum
	}
	return p
}

func sameEdges(a, b []float64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if math.Abs(a[i]-b[i]) > 1e-6 {
			return false
		}
	}
	return true
}

// predict fills high (log band powers) for the centre frame of ctx (2C+1 frames of low log powers); x and
// p are scratch space.
func (m *Model) predict(high []float64, ctx [][]float64, x, p []float64) {
	lv := level(ctx[m.Context])
	x = features(x, ctx, lv)
	nl := len(m.LowHz) - 1
	p = m.posteriors(p, x[m.Context*nl:(m.Context+1)*nl])
	for i := range high {
		high[i] = lv
	}
	for k, w := range m.Experts {
		if p[k] < 1e-4 {
			continue
		}
		for i, row := range w {
			s := 0.0
			for j, v := range row {
				s += v * x[j]
			}
			high[i] += p[k] * s
		}
	}
}

// features stacks the context frames relative to the centre frame's level, plus a bias.
func features(x []float64, ctx [][]float64, lv float64) []float64 {
	x = x[:0]
	for _, f := range ctx {
		for _, v := range f {
			x = append(x, v-lv)
		}
	}
	return append(x, 1)
}

// Marshal encodes the model as JSON.
func (m *Model) Marshal() ([]byte, error) {
	if err := m.Validate(); err != nil {
		return nil, err
	}
	return json.Marshal(m)
}

// ParseModel decodes and validates a model written by Marshal.
func ParseModel(b []byte) (*Model, error) {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	var m Model
	if err := dec.Decode(&m); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrModel, err)
	}
	if err := m.Validate(); err != nil {
		return nil, err
	}
	return &m, nil
}

//go:embed model.json
var defaultModelJSON []byte

// DefaultModel is the model shipped with the package, trained by bwetrain on wideband speech (Common Voice
// clips and flite/espeak-ng voices) passed through an 8 kHz telephone channel.
func DefaultModel() (*Model, error) { return ParseModel(defaultModelJSON) }
