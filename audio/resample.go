package audio

import (
	"fmt"
	"math"
)

// Resampler design: a Kaiser-windowed sinc low-pass, applied as a rational polyphase filter. For rates
// from and to with g = gcd(from, to), output sample n sits at input time n*M/L (L = to/g, M = from/g), so its
// fractional position takes one of L phases and each phase has its own short row of coefficients. When L is
// large (odd rate pairs such as 44101 -> 16000) the table instead holds interpPhases+1 evenly spaced rows and
// the output is interpolated linearly between the two nearest, which keeps the table small for any pair.
//
// The filter is causal: it delays the signal by a whole number of output samples (Delay), which lets a
// stream produce exactly ceil(n*L/M) outputs for n inputs from the first call on (160 samples of 8 kHz
// always give 320 of 16 kHz). Resample removes that delay so one-shot output lines up with its input.
const (
	minRate = 1000
	maxRate = 768000
	// Passband ends at 85 % of the lower Nyquist frequency and the stopband starts exactly at it, so nothing
	// above the target Nyquist folds back. 3.4 kHz telephone audio passes 8 kHz -> 16 kHz untouched.
	passEdge = 0.85
	stopEdge = 1.0
	// Stopband attenuation in dB: well past the 40 dB aliasing requirement while keeping 8k->16k at
	// about 50 multiply-adds per output sample.
	stopAttenuation = 70.0
	maxExactPhases  = 1024
	interpPhases    = 512
)

// Resampler converts a stream of 16-bit mono PCM from one sample rate to another with a band-limited
// filter. It keeps its filter history across Process calls, so a stream cut into chunks of any size gives
// the same output as one call over the whole stream. A Resampler is not safe for concurrent use.
type Resampler struct {
	from, to int
	l, m     int64
	taps     int
	delay    int // in output samples
	interp   bool
	rows     int
	coef     []float32 // rows*taps; row r holds the coefficients for inputs oldest..newest

	buf      []float32 // inputs from global index bufStart on
	bufStart int64
	base     int64 // newest input index used by the next output
	phase    int64 // (next output index * M) mod L
	nIn      int64
	nOut     int64
}

// NewResampler returns a streaming resampler from one sample rate (Hz) to another. Rates must lie
// between 1 kHz and 768 kHz; any pair works, including 44.1 kHz <-> 16 kHz.
func NewResampler(from, to int) (*Resampler, error) {
	if from < minRate || from > maxRate || to < minRate || to > maxRate {
		return nil, fmt.Errorf("%w: %d Hz -> %d Hz (want %d..%d)", ErrBadRate, from, to, minRate, maxRate)
	}
	g := gcd(from, to)
	r := &Resampler{from: from, to: to, l: int64(to / g), m: int64(from / g)}
	if from != to {
		r.design()
	}
	r.Reset()
	return r, nil
}

func (r *Resampler) design() {
	l, m := float64(r.l), float64(r.m)
	scale := min(1, l/m) // the filter runs at the input rate; downsampling narrows it to the output band
	fc := 0.5 * scale * (passEdge + stopEdge) / 2
	width := 0.5 * scale * (stopEdge - passEdge) // transition width in cycles per input sample
	n := (stopAttenuation - 7.95) / (2.285 * 2 * math.Pi * width)
	hw := n / 2
	beta := 0.1102 * (stopAttenuation - 8.7)

	r.delay = int(math.Ceil(hw * l / m))
	tc := float64(r.delay) * m / l
	r.taps = int(math.Ceil(tc+hw)) + 1
	r.interp = r.l > maxExactPhases
	r.rows = int(r.l)
	if r.interp {
		r.rows = interpPhases + 1
	}
	r.coef = make([]float32, r.rows*r.taps)
	i0b := besselI0(beta)
	row := make([]float64, r.taps)
	for p := range r.rows {
		var f float64 // fractional position of the output past its newest input
		if r.interp {
			f = float64(p) / interpPhases
		} else {
			f = float64(p) / l
		}
		sum := 0.0
		for i := range r.taps {
			u := float64(r.taps-1-i) + f - tc // distance from the filter centre, in input samples
			v := 0.0
			if math.Abs(u) < hw {
				x := u / hw
				v = 2 * fc * sinc(2*fc*u) * besselI0(beta*math.Sqrt(1-x*x)) / i0b
			}
			row[i] = v
			sum += v
		}
		for i, v := range row {
			r.coef[p*r.taps+i] = float32(v / sum) // exact unity gain at DC for every phase
		}
	}
}

// Reset clears the filter history so the next Process starts a new stream.
func (r *Resampler) Reset() {
	hist := max(r.taps-1, 0)
	r.buf = r.buf[:0]
	for range hist {
		r.buf = append(r.buf, 0)
	}
	r.bufStart = -int64(hist)
	r.base, r.phase, r.nIn, r.nOut = 0, 0, 0, 0
}

// Delay is the filter's latency in output samples: output sample Delay+k corresponds to input time k.
func (r *Resampler) Delay() int { return r.delay }

// Process resamples the next chunk of the stream and returns the output it completes.
func (r *Resampler) Process(in []int16) []int16 {
	return r.Append(nil, in)
}

// Append is Process that appends the output to dst, so a caller reusing dst allocates nothing per frame.
func (r *Resampler) Append(dst, in []int16) []int16 {
	if r.l == r.m {
		r.nIn += int64(len(in))
		return append(dst, in...)
	}
	for _, s := range in {
		r.buf = append(r.buf, float32(s))
	}
	r.nIn += int64(len(in))
	return r.run(dst, -1)
}

// Flush returns the output still held in the filter (its Delay samples plus any rounding remainder, as
// if the stream ended in silence) and resets the Resampler for a new stream.
func (r *Resampler) Flush() []int16 {
	out := r.flush(nil)
	r.Reset()
	return out
}

func (r *Resampler) flush(dst []int16) []int16 {
	if r.l == r.m {
		return dst
	}
	// Every output up to the last one the real input reaches, shifted by the filter delay.
	total := ceilDiv(r.nIn*r.l, r.m) + int64(r.delay)
	if total <= r.nOut {
		return dst
	}
	lastBase := (total - 1) * r.m / r.l
	for r.bufStart+int64(len(r.buf)) <= lastBase {
		r.buf = append(r.buf, 0)
	}
	return r.run(dst, total)
}

// run emits outputs while their newest input is buffered (and, if limit >= 0, fewer than limit in all).
func (r *Resampler) run(dst []int16, limit int64) []int16 {
	avail := r.bufStart + int64(len(r.buf)) - 1
	taps := r.taps
	stepBase, stepPhase := r.m/r.l, r.m%r.l
	for r.base <= avail && (limit < 0 || r.nOut < limit) {
		start := int(r.base - r.bufStart - int64(taps) + 1)
		x := r.buf[start : start+taps]
		// Upsampling: the next output often reads the same inputs with the next phase, so compute
		// both in one pass over x.
		if !r.interp && r.l > r.m && r.phase+stepPhase < r.l && stepBase == 0 && (limit < 0 || r.nOut+1 < limit) {
			p, q := int(r.phase), int(r.phase+stepPhase)
			y0, y1 := dot2(r.coef[p*taps:(p+1)*taps], r.coef[q*taps:(q+1)*taps], x)
			dst = append(dst, clamp16(y0), clamp16(y1))
			r.nOut += 2
			r.phase += 2 * stepPhase
			if r.phase >= r.l {
				r.phase -= r.l
				r.base++
			}
			continue
		}
		var y float32
		if r.interp {
			pos := r.phase * interpPhases
			p := int(pos / r.l)
			w := float32(pos%r.l) / float32(r.l)
			a := dot(r.coef[p*taps:(p+1)*taps], x)
			b := dot(r.coef[(p+1)*taps:(p+2)*taps], x)
			y = a + w*(b-a)
		} else {
			p := int(r.phase)
			y = dot(r.coef[p*taps:(p+1)*taps], x)
		}
		dst = append(dst, clamp16(y))
		r.nOut++
		r.base += stepBase
		r.phase += stepPhase
		if r.phase >= r.l {
			r.phase -= r.l
			r.base++
		}
	}
	// Keep only the history the next output needs.
	keep := r.base - int64(taps) + 1
	if drop := int(keep - r.bufStart); drop > 0 {
		drop = min(drop, len(r.buf))
		n := copy(r.buf, r.buf[drop:])
		r.buf = r.buf[:n]
		r.bufStart += int64(drop)
	}
	return dst
}

// Resample converts a whole signal from one rate to another. The output has ceil(len(in)*to/from)
// samples and is time-aligned with the input (the filter delay is removed).
func Resample(in []int16, from, to int) ([]int16, error) {
	r, err := NewResampler(from, to)
	if err != nil {
		return nil, err
	}
	if from == to {
		return append([]int16(nil), in...), nil
	}
	want := int(ceilDiv(int64(len(in))*r.l, r.m))
	out := make([]int16, 0, want+r.delay)
	out = r.Append(out, in)
	out = r.flush(out)
	return out[r.delay:], nil
}

func dot(a, b []float32) float32 {
	b = b[:len(a)]
	var s0, s1, s2, s3 float32
	i := 0
	for ; i+4 <= len(a); i += 4 {
		a4 := a[i : i+4 : i+4]
		b4 := b[i : i+4 : i+4]
		s0 += a4[0] * b4[0]
		s1 += a4[1] * b4[1]
		s2 += a4[2] * b4[2]
		s3 += a4[3] * b4[3]
	}
	for ; i < len(a); i++ {
		s0 += a[i] * b[i]
	}
	return (s0 + s1) + (s2 + s3)
}

// dot2 is two dot products sharing the input vector x.
func dot2(a, b, x []float32) (float32, float32) {
	b = b[:len(a)]
	x = x[:len(a)]
	var s0, s1, t0, t1 float32
	i := 0
	for ; i+2 <= len(a); i += 2 {
		a2 := a[i : i+2 : i+2]
		b2 := b[i : i+2 : i+2]
		x2 := x[i : i+2 : i+2]
		s0 += a2[0] * x2[0]
		t0 += b2[0] * x2[0]
		s1 += a2[1] * x2[1]
		t1 += b2[1] * x2[1]
	}
	for ; i < len(a); i++ {
		s0 += a[i] * x[i]
		t0 += b[i] * x[i]
	}
	return s0 + s1, t0 + t1
}

func clamp16(y float32) int16 {
	switch {
	case y >= 32767:
		return 32767
	case y <= -32768:
		return -32768
	case y >= 0:
		return int16(y + 0.5)
	default:
		return int16(y - 0.5)
	}
}

func sinc(x float64) float64 {
	if x == 0 {
		return 1
	}
	return math.Sin(math.Pi*x) / (math.Pi * x)
}

// besselI0 is the zeroth-order modified Bessel function of the first kind, by its power series.
func besselI0(x float64) float64 {
	sum, term := 1.0, 1.0
	q := x * x / 4
	for k := 1; k < 200; k++ {
		term *= q / float64(k*k)
		sum += term
		if term < sum*1e-12 {
			break
		}
	}
	return sum
}

func gcd(a, b int) int {
	for b != 0 {
		a, b = b, a%b
	}
	return a
}

func ceilDiv(a, b int64) int64 { return (a + b - 1) / b }
