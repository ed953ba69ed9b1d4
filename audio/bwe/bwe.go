// Package bwe extends telephone-band speech (nothing above ~3.4-4 kHz) to the full 8 kHz band of 16 kHz
// audio, so that recognizers trained on wideband speech see fricative energy where they expect it.
//
// A small learned model (a soft mixture of 4 ridge regressions on log band powers, see Train) predicts
// the 3.4-8 kHz envelope from the 250-3400 Hz envelope of a few neighbouring 8 ms frames. The missing band is synthesised by
// translating lower-band fine structure upward (which keeps voicing and noise bursts in step with the
// speech) and scaling each upper band to the predicted power. The input band is passed through untouched.
package bwe

import (
	"fmt"
	"math"
	"math/cmplx"
)

// Mode says when an Extender adds the upper band.
type Mode int

const (
	// Auto extends only while the stream looks band-limited (its 4.4-7.6 kHz band is almost empty).
	Auto Mode = iota
	// Always extends every stream.
	Always
)

// Option configures an Extender.
type Option func(*Extender) error

// WithModel replaces the default model.
func WithModel(m *Model) Option {
	return func(e *Extender) error {
		if err := m.Validate(); err != nil {
			return err
		}
		e.model = m
		return nil
	}
}

// WithMode sets when the extender works (default Auto).
func WithMode(m Mode) Option {
	return func(e *Extender) error {
		if m != Auto && m != Always {
			return fmt.Errorf("bwe: unknown mode %d", m)
		}
		e.mode = m
		return nil
	}
}

// WithGain scales the synthesised band's power by db decibels (default 0).
func WithGain(db float64) Option {
	return func(e *Extender) error {
		if math.IsNaN(db) || db < -40 || db > 20 {
			return fmt.Errorf("bwe: gain %g dB out of range -40..20", db)
		}
		e.gain = math.Pow(10, db/10)
		return nil
	}
}

// Band-limited detection: a stream is narrowband while the power above 4.4 kHz stays this far below the
// power in 300-3400 Hz, summed over loud frames. Wideband speech sits around -15 to -30 dB; an 8 kHz channel
// upsampled with a 70 dB stopband stays below -55 dB.
const (
	narrowRatio = 3e-5 // -45 dB
	// loudFrame: only frames whose 300-3400 Hz mean bin power exceeds this count; white noise of variance v
	// gives v·Σw² = 192v per bin, so this is speech above about -60 dBFS.
	loudFrame = 2e-4
)

// Extender adds the missing upper band to a 16 kHz stream. Output lags input by Delay samples; Flush
// returns the tail. An Extender is not safe for concurrent use; use one per stream.
type Extender struct {
	model *Model
	mode  Mode
	gain  float64
	a     *analyzer

	hist    []float64 // last fftSize input samples, scaled to ±1
	fresh   int       // input samples since the last frame
	nIn     int64     // input samples of this segment
	nFrames int64     // frames analysed in this segment
	ctx     []frameData
	ola     []float64 // synthesised upper band for output samples outPos..
	xq      []int16   // input samples not yet output, from outPos
	outPos  int64

	spec, ybuf []complex128
	xfeat      []float64
	post       []float64
	high       []float64
	ctxLow     [][]float64

	refSum, chkSum float64 // detector evidence; kept across Flush (the same call keeps its channel)
}

type frameData struct {
	low  []float64
	spec []complex128
	pow  []float64
}

// New returns an Extender with the default model unless WithModel is given.
func New(opts ...Option) (*Extender, error) {
	e := &Extender{gain: 1, a: newAnalyzer()}
	for _, o := range opts {
		if err := o(e); err != nil {
			return nil, err
		}
	}
	if e.model == nil {
		m, err := DefaultModel()
		if err != nil {
			return nil, err
		}
		e.model = m
	}
	c := e.model.Context
	e.ctx = make([]frameData, 2*c+1)
	for i := range e.ctx {
		e.ctx[i] = frameData{low: make([]float64, len(lowEdges)-1), spec: make([]complex128, fftSize), pow: make([]float64, fftSize/2+1)}
	}
	e.ctxLow = make([][]float64, 2*c+1)
	e.spec = make([]complex128, fftSize)
	e.ybuf = make([]complex128, fftSize)
	e.high = make([]float64, len(highEdges)-1)
	e.xfeat = make([]float64, 0, e.model.nIn())
	e.post = make([]float64, 0, len(e.model.Centroids))
	e.hist = make([]float64, fftSize)
	e.ola = make([]float64, 0, 4*fftSize)
	e.resetStream()
	return e, nil
}

// Delay is how many samples the output lags the input within a segment.
func (e *Extender) Delay() int { return (e.model.Context-1)*hop + fftSize }

// Narrowband reports whether the stream has looked band-limited so far (true until there is evidence).
func (e *Extender) Narrowband() bool {
	return e.refSum == 0 || e.chkSum < narrowRatio*e.refSum
}

// resetStream starts a new segment: empty history, and silent frames as past context.
func (e *Extender) resetStream() {
	clear(e.hist)
	e.fresh, e.nIn, e.nFrames, e.outPos = 0, 0, 0, 0
	e.ola = e.ola[:0]
	e.xq = e.xq[:0]
	for i := range e.ctx {
		f := &e.ctx[i]
		for j := range f.low {
			f.low[j] = math.Log(powerFloor)
		}
		clear(f.spec)
		clear(f.pow)
	}
}

// Reset forgets the stream entirely, including what it learned about the channel.
func (e *Extender) Reset() {
	e.resetStream()
	e.refSum, e.chkSum = 0, 0
}

// Process takes the next input samples and returns the output samples that are complete.
func (e *Extender) Process(in []int16) []int16 {
	return e.Append(nil, in)
}

// Append is Process appending to dst.
func (e *Extender) Append(dst, in []int16) []int16 {
	for len(in) > 0 {
		n := min(hop-e.fresh, len(in))
		copy(e.hist, e.hist[n:])
		for i, v := range in[:n] {
			e.hist[fftSize-n+i] = float64(v) / 32768
		}
		e.xq = append(e.xq, in[:n]...)
		e.fresh += n
		e.nIn += int64(n)
		in = in[n:]
		if e.fresh == hop {
			e.fresh = 0
			dst = e.frame(dst, -1)
		}
	}
	return dst
}

// Flush returns every remaining output sample (the input's tail, extended) and starts a new segment;
// what the detector learned about the channel is kept.
func (e *Extender) Flush() []int16 {
	return e.AppendFlush(nil)
}

// AppendFlush is Flush appending to dst.
func (e *Extender) AppendFlush(dst []int16) []int16 {
	end := e.nIn
	for e.outPos < end {
		n := hop - e.fresh
		copy(e.hist, e.hist[n:])
		clear(e.hist[fftSize-n:])
		e.xq = append(e.xq, make([]int16, n)...)
		e.fresh = 0
		e.nIn += int64(n)
		dst = e.frame(dst, end)
	}
	e.resetStream()
	return dst
}

// frame analyses the newest frame, synthesises the frame Context frames back and emits the samples that
// no later frame touches. limit (when >= 0) stops output at that input index.
func (e *Extender) frame(dst []int16, limit int64) []int16 {
	// Rotate the context queue: the oldest slot takes the new frame.
	old := e.ctx[0]
	copy(e.ctx, e.ctx[1:])
	e.ctx[len(e.ctx)-1] = old
	cur := &e.ctx[len(e.ctx)-1]
	e.a.spectrum(cur.spec, cur.pow, e.hist)
	bandLogPower(cur.low, cur.pow, e.a.lowBins)
	e.observe(cur.pow)
	e.nFrames++

	c := int64(e.model.Context)
	s := e.nFrames - 1 - c // the frame to synthesise
	if s < 0 {
		return dst
	}
	// The segment's output starts at outPos=0 and frame s covers [(s+1)*hop-N, (s+1)*hop).
	start := (s+1)*hop - fftSize
	for int64(len(e.ola)) < (s+1)*hop-e.outPos {
		e.ola = append(e.ola, 0)
	}
	if e.mode == Always || e.Narrowband() {
		e.synth(start)
	}
	final := (s+2)*hop - fftSize
	if limit >= 0 {
		final = min(final, limit)
	}
	if final <= e.outPos {
		return dst
	}
	n := int(final - e.outPos)
	for i := range n {
		dst = append(dst, clamp16(float64(e.xq[i])+e.ola[i]*32768))
	}
	e.xq = e.xq[:copy(e.xq, e.xq[n:])]
	e.ola = e.ola[:copy(e.ola, e.ola[n:])]
	e.outPos = final
	return dst
}

// observe adds a frame's evidence to the band-limit detector.
func (e *Extender) observe(pow []float64) {
	ref, chk := 0.0, 0.0
	for k := e.a.refBins[0]; k < e.a.refBins[1]; k++ {
		ref += pow[k]
	}
	for k := e.a.checkBins[0]; k < e.a.checkBins[1]; k++ {
		chk += pow[k]
	}
	nref := float64(e.a.refBins[1] - e.a.refBins[0])
	nchk := float64(e.a.checkBins[1] - e.a.checkBins[0])
	if ref/nref < loudFrame {
		return
	}
	e.refSum += ref / nref
	e.chkSum += chk / nchk
}

// shiftFor is how many bins upward the fine structure for target bin k comes from; a multiple of N/hop, so
// the translated frames stay phase-coherent across hops.
func shiftFor(k int) int {
	if k < hzBin(6000) {
		return 96 // 3 kHz: 3.4-6 kHz from 0.4-3 kHz
	}
	return 160 // 5 kHz: 6-8 kHz from 1-3 kHz
}

// synth adds the upper band of the centre context frame to the overlap-add buffer at stream index start.
func (e *Extender) synth(start int64) {
	for i := range e.ctx {
		e.ctxLow[i] = e.ctx[i].low
	}
	mid := &e.ctx[e.model.Context]
	e.model.predict(e.high, e.ctxLow, e.xfeat, e.post)
	y := e.ybuf
	clear(y)
	any := false
	for b, bins := range e.a.highBins {
		exist, src := 0.0, 0.0
		for k := bins[0]; k < bins[1]; k++ {
			exist += mid.pow[k]
			src += mid.pow[k-shiftFor(k)]
		}
		n := float64(bins[1] - bins[0])
		want := e.gain*math.Exp(e.high[b]) - exist/n
		if want <= 0 || src <= 0 {
			continue
		}
		g := math.Sqrt(want / (src / n))
		for k := bins[0]; k < bins[1] && k < fftSize/2; k++ {
			v := mid.spec[k-shiftFor(k)] * complex(g, 0)
			y[k] = v
			y[fftSize-k] = cmplx.Conj(v)
		}
		any = true
	}
	if !any {
		return
	}
	e.a.fft.transform(y, true)
	for i := range fftSize {
		idx := start + int64(i) - e.outPos
		if idx < 0 {
			continue
		}
		e.ola[idx] += real(y[i]) / 2 // Hann frames at hop N/4 sum to 2
	}
}

func clamp16(v float64) int16 {
	switch {
	case v > math.MaxInt16:
		return math.MaxInt16
	case v < math.MinInt16:
		return math.MinInt16
	}
	return int16(math.Round(v))
}
