package textclf

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
)

// Errors.
var (
	ErrBadModel = errors.New("textclf: bad model file")
	ErrNoData   = errors.New("textclf: no training rows")
)

// Model scores text against a fixed set of classes. It is safe for concurrent use.
type Model struct {
	classes []string
	bias    []float32
	w       map[uint64][]float32
	// names keeps the feature strings for writing the model back out.
	names map[uint64]string
	pool  sync.Pool
}

type scratch struct {
	e  Extractor
	hs []uint64
	z  []float64
}

func (m *Model) init() {
	m.pool.New = func() any { return &scratch{z: make([]float64, len(m.classes))} }
}

// Classes returns the model's class names in output order.
func (m *Model) Classes() []string { return slices.Clone(m.classes) }

// Features is the number of n-grams with weights.
func (m *Model) Features() int { return len(m.w) }

// Probs writes the class probabilities of text into dst (len(dst) must be len(Classes())) and returns it.
func (m *Model) Probs(dst []float64, text string) []float64 {
	sc := m.pool.Get().(*scratch)
	sc.hs = sc.e.Hashes(sc.hs[:0], text)
	z := sc.z
	for k := range z {
		z[k] = float64(m.bias[k])
	}
	for _, h := range sc.hs {
		if ws, ok := m.w[h]; ok {
			for k, v := range ws {
				z[k] += float64(v)
			}
		}
	}
	softmax(dst, z)
	m.pool.Put(sc)
	return dst
}

// Prob is the probability of class c for text (0 when the model has no such class).
func (m *Model) Prob(text, c string) float64 {
	k := slices.Index(m.classes, c)
	if k < 0 {
		return 0
	}
	p := make([]float64, len(m.classes))
	return m.Probs(p, text)[k]
}

func softmax(dst, z []float64) {
	mx := math.Inf(-1)
	for _, v := range z {
		mx = max(mx, v)
	}
	sum := 0.0
	for k, v := range z {
		dst[k] = math.Exp(v - mx)
		sum += dst[k]
	}
	for k := range dst {
		dst[k] /= sum
	}
}

// Example is one labelled training row.
type Example struct {
	Text  string
	Class string
	// Weight scales the row's loss; 0 means 1.
	Weight float64
}

// TrainOptions tune training; the zero value gives the defaults.
type TrainOptions struct {
	Epochs   int     // default 25
	L2       float64 // per-update weight decay strength, default 1e-4
	Rate     float64 // AdaGrad base rate, default 0.3
	MinCount int     // an n-gram must occur in this many rows, default 2
	Seed     uint64
}

// Train fits a model on rows. Classes are taken in the order given; a row with another class is an error.
// Training is deterministic for the same rows, classes and options.
func Train(rows []Example, classes []string, o TrainOptions) (*Model, error) {
	if len(rows) == 0 {
		return nil, ErrNoData
	}
	if len(classes) < 2 {
		return nil, fmt.Errorf("%w: need two classes or more", ErrNoData)
	}
	if o.Epochs == 0 {
		o.Epochs = 25
	}
	if o.L2 == 0 {
		o.L2 = 1e-4
	}
	if o.Rate == 0 {
		o.Rate = 0.3
	}
	if o.MinCount == 0 {
		o.MinCount = 2
	}
	K := len(classes)
	var e Extractor
	type enc struct {
		feats  []int
		y      int
		weight float64
	}
	df := map[string]int{}
	strs := make([][]string, len(rows))
	ys := make([]int, len(rows))
	for i, r := range rows {
		y := slices.Index(classes, r.Class)
		if y < 0 {
			return nil, fmt.Errorf("%w: row %d has class %q", ErrNoData, i, r.Class)
		}
		ys[i] = y
		fs := e.Strings(nil, r.Text)
		slices.Sort(fs)
		fs = slices.Compact(fs)
		strs[i] = fs
		for _, f := range fs {
			df[f]++
		}
	}
	vocab := make([]string, 0, len(df))
	for f, n := range df {
		if n >= o.MinCount {
			vocab = append(vocab, f)
		}
	}
	slices.Sort(vocab)
	index := make(map[string]int, len(vocab))
	for i, f := range vocab {
		index[f] = i
	}
	data := make([]enc, len(rows))
	for i, fs := range strs {
		d := enc{y: ys[i], weight: rows[i].Weight}
		if d.weight == 0 {
			d.weight = 1
		}
		for _, f := range fs {
			if j, ok := index[f]; ok {
				d.feats = append(d.feats, j)
			}
		}
		data[i] = d
	}
	W := make([]float64, len(vocab)*K)
	G := make([]float64, len(vocab)*K)
	B := make([]float64, K)
	GB := make([]float64, K)
	z := make([]float64, K)
	p := make([]float64, K)
	order := make([]int, len(data))
	for i := range order {
		order[i] = i
	}
	rng := rand.New(rand.NewPCG(o.Seed, 0x9e3779b97f4a7c15))
	for ep := 0; ep < o.Epochs; ep++ {
		rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		for _, i := range order {
			d := data[i]
			for k := range z {
				z[k] = B[k]
			}
			for _, j := range d.feats {
				for k := 0; k < K; k++ {
					z[k] += W[j*K+k]
				}
			}
			softmax(p, z)
			for k := 0; k < K; k++ {
				g := p[k]
				if k == d.y {
					g -= 1
				}
				g *= d.weight
				GB[k] += g * g
				B[k] -= o.Rate * g / math.Sqrt(GB[k]+1e-8)
				for _, j := range d.feats {
					idx := j*K + k
					gw := g + o.L2*W[idx]
					G[idx] += gw * gw
					W[idx] -= o.Rate * gw / math.Sqrt(G[idx]+1e-8)
				}
			}
		}
	}
	m := &Model{
		classes: slices.Clone(classes),
		bias:    make([]float32, K),
		w:       map[uint64][]float32{},
		names:   map[uint64]string{},
	}
	for k := range B {
		m.bias[k] = float32(round4(B[k]))
	}
	for j, f := range vocab {
		ws := make([]float32, K)
		big := false
		for k := 0; k < K; k++ {
			ws[k] = float32(round4(W[j*K+k]))
			if math.Abs(W[j*K+k]) >= 0.01 {
				big = true
			}
		}
		if !big {
			continue
		}
		h := HashString(f)
		m.w[h] = ws
		m.names[h] = f
	}
	m.init()
	return m, nil
}

// round4 keeps four significant digits, the precision the model file stores, so a trained model and the
// same model read back from its file score text identically.
func round4(v float64) float64 {
	f, _ := strconv.ParseFloat(strconv.FormatFloat(v, 'g', 4, 64), 64)
	return f
}

const header = "# textclf v1"

// WriteTo writes the model in its text form: a header, the classes, the biases, then one n-gram per line
// with its weight per class, sorted by n-gram.
func (m *Model) WriteTo(w io.Writer) (int64, error) {
	bw := bufio.NewWriter(w)
	var n int64
	put := func(s string) {
		k, _ := bw.WriteString(s)
		n += int64(k)
	}
	put(header + "\n")
	put("classes\t" + strings.Join(m.classes, "\t") + "\n")
	put("bias")
	for _, b := range m.bias {
		put("\t" + strconv.FormatFloat(float64(b), 'g', 4, 32))
	}
	put("\n")
	names := make([]string, 0, len(m.names))
	for _, f := range m.names {
		names = append(names, f)
	}
	slices.Sort(names)
	for _, f := range names {
		put(strconv.Quote(f))
		for _, v := range m.w[HashString(f)] {
			put("\t" + strconv.FormatFloat(float64(v), 'g', 4, 32))
		}
		put("\n")
	}
	return n, bw.Flush()
}

// ParseClass parses the model text (an embedded model file) and returns the index at which Probs reports
// class, which the model must have.
func ParseClass(text, class string) (*Model, int, error) {
	m, err := Parse(strings.NewReader(text))
	if err != nil {
		return nil, 0, err
	}
	i := slices.Index(m.classes, class)
	if i < 0 {
		return nil, 0, fmt.Errorf("%w: no class %q", ErrBadModel, class)
	}
	return m, i, nil
}

// Parse reads a model written by WriteTo. Errors name the line.
func Parse(r io.Reader) (*Model, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64*1024), 1<<20)
	m := &Model{w: map[uint64][]float32{}, names: map[uint64]string{}}
	line := 0
	floats := func(fields []string) ([]float32, error) {
		out := make([]float32, len(fields))
		for i, f := range fields {
			v, err := strconv.ParseFloat(f, 32)
			if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
				return nil, fmt.Errorf("%w: line %d: weight %q", ErrBadModel, line, f)
			}
			out[i] = float32(v)
		}
		return out, nil
	}
	for sc.Scan() {
		line++
		t := sc.Text()
		switch {
		case line == 1:
			if t != header {
				return nil, fmt.Errorf("%w: line 1: want %q", ErrBadModel, header)
			}
		case line == 2:
			f := strings.Split(t, "\t")
			if f[0] != "classes" || len(f) < 3 {
				return nil, fmt.Errorf("%w: line 2: want classes and two class names or more", ErrBadModel)
			}
			m.classes = f[1:]
		case line == 3:
			f := strings.Split(t, "\t")
			if f[0] != "bias" || len(f) != len(m.classes)+1 {
				return nil, fmt.Errorf("%w: line 3: want bias and %d weights", ErrBadModel, len(m.classes))
			}
			b, err := floats(f[1:])
			if err != nil {
				return nil, err
			}
			m.bias = b
		default:
			f := strings.Split(t, "\t")
			if len(f) != len(m.classes)+1 {
				return nil, fmt.Errorf("%w: line %d: want an n-gram and %d weights", ErrBadModel, line, len(m.classes))
			}
			name, err := strconv.Unquote(f[0])
			if err != nil {
				return nil, fmt.Errorf("%w: line %d: n-gram %s: %w", ErrBadModel, line, f[0], err)
			}
			ws, err := floats(f[1:])
			if err != nil {
				return nil, err
			}
			h := HashString(name)
			m.w[h] = ws
			m.names[h] = name
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrBadModel, err)
	}
	if line < 3 {
		return nil, fmt.Errorf("%w: %d lines, want a header, classes and biases", ErrBadModel, line)
	}
	m.init()
	return m, nil
}

// ErrStale means a committed model is not what its rows train.
var ErrStale = errors.New("textclf: committed model is stale")

// Refresh compares a freshly trained model with the committed text of the same model. With write set it
// writes the trained model to path instead (the -update path of the tests that keep models reproducible).
// Texts equal byte for byte pass; otherwise the two must have the same n-grams and agree within 1e-3 on
// every probe text, since floating point on another CPU may move the last stored digit.
func Refresh(path, committed string, trained *Model, probes []string, write bool) error {
	var buf bytes.Buffer
	if _, err := trained.WriteTo(&buf); err != nil {
		return err
	}
	if write {
		return os.WriteFile(path, buf.Bytes(), 0o644)
	}
	if buf.String() == committed {
		return nil
	}
	old, err := Parse(strings.NewReader(committed))
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	if old.Features() != trained.Features() {
		return fmt.Errorf("%w: %s has %d n-grams, retraining gives %d", ErrStale, path, old.Features(), trained.Features())
	}
	n := len(old.Classes())
	for _, text := range probes {
		a, b := old.Probs(make([]float64, n), text), trained.Probs(make([]float64, n), text)
		for k := range a {
			if math.Abs(a[k]-b[k]) > 1e-3 {
				return fmt.Errorf("%w: %s: P(%s|%q) %.4f committed, %.4f retrained", ErrStale, path, old.Classes()[k], text, a[k], b[k])
			}
		}
	}
	return nil
}
