package audio

import (
	"fmt"
	"math"
	"slices"
)

// HalfBand is a fast path for the one conversion every telephone call does twice per 20 ms frame: a rate
// and exactly twice it (8 kHz <-> 16 kHz). Its filter is a half-band FIR: the transition band is centred
// on the lower rate's Nyquist frequency, which makes every other coefficient zero and the rest symmetric,
// so an output costs hbSide multiplies instead of Resampler's ~60 (upsampling: even outputs are the input
// itself; downsampling: half the inputs need only the centre tap).
//
// The price is the band edge: flat to 85 % of the lower Nyquist frequency (3.4 kHz at 8 kHz, the G.711
// telephone band) and 70 dB down from 115 % (4.6 kHz); between the two, a downsampler lets content fold into
// 3.4-4 kHz and an upsampler leaves part of the image at 4-4.6 kHz. Use Resampler when content up to the
// Nyquist frequency matters; for µ-law telephone audio there is none. Not safe for concurrent use.
type HalfBand struct {
	up  bool
	h   [hbSide]float32 // odd taps 1, 3, 5… (each used on both sides); down: as designed, up: doubled
	buf []float32       // history then the chunk being processed
}

const (
	hbSide = 15 // odd taps per side: 4*hbSide-1 = 59 taps in all, 70 dB at a 0.15 fs_low transition
	// The Kaiser beta for 70 dB stopband attenuation.
	hbBeta = 0.1102 * (70 - 8.7)
	// history each direction keeps between calls (input samples)
	hbUpHist   = 2*hbSide - 1
	hbDownHist = 4*hbSide - 2
)

// NewHalfBand returns a streaming converter from one rate to the other, which must be exactly twice or
// half of it (8000 -> 16000 or 16000 -> 8000, say).
func NewHalfBand(from, to int) (*HalfBand, error) {
	if from < minRate || from > maxRate || to < minRate || to > maxRate || (from*2 != to && to*2 != from) {
		return nil, fmt.Errorf("%w: half-band %d Hz -> %d Hz (want a 2:1 pair within %d..%d)",
			ErrBadRate, from, to, minRate, maxRate)
	}
	hb := &HalfBand{up: to > from}
	// h[k] = 0.5 sinc(k/2) w(k) at the higher rate; only odd k are non-zero besides h[0] = 0.5.
	var sum float64
	var h [hbSide]float64
	i0b := besselI0(hbBeta)
	const half = 2 * hbSide // window half-length: the outermost taps (±(2*hbSide-1)) stay non-zero
	for i := range hbSide {
		k := float64(2*i + 1)
		x := k / half
		h[i] = 0.5 * sinc(k/2) * besselI0(hbBeta*math.Sqrt(1-x*x)) / i0b
		sum += 2 * h[i]
	}
	gain := 1.0
	if hb.up {
		gain = 2 // zero-stuffing halves the level
	}
	for i := range h {
		hb.h[i] = float32(h[i] * 0.5 / sum * gain) // odd taps sum to exactly 0.5: unity gain at DC
	}
	hb.Reset()
	return hb, nil
}

// Reset clears the history so the next Append starts a new stream.
func (hb *HalfBand) Reset() {
	n := hbDownHist
	if hb.up {
		n = hbUpHist
	}
	hb.buf = append(hb.buf[:0], make([]float32, n)...)
}

// Delay is the latency in output samples: output sample Delay+k corresponds to input time k.
func (hb *HalfBand) Delay() int {
	if hb.up {
		return 2 * hbSide
	}
	return hbSide - 1
}

// Process converts the next chunk of the stream and returns its output.
func (hb *HalfBand) Process(in []int16) []int16 { return hb.Append(nil, in) }

// Append converts the next chunk and appends the output to dst: exactly 2*len(in) samples upsampling;
// downsampling, one per input pair (an odd sample waits for its partner). Reusing dst, it allocates
// nothing per frame.
func (hb *HalfBand) Append(dst, in []int16) []int16 {
	n := len(hb.buf)
	hb.buf = slices.Grow(hb.buf, len(in))[:n+len(in)]
	for i, s := range in {
		hb.buf[n+i] = float32(s)
	}
	if hb.up {
		return hb.upsample(dst)
	}
	return hb.downsample(dst)
}

func (hb *HalfBand) upsample(dst []int16) []int16 {
	b := hb.buf
	h := &hb.h
	// Window w = b[q : q+2*hbSide] ends at the newest input x[m+hbSide]; its centre w[hbSide-1] is x[m].
	n := len(b) - hbUpHist
	for q := range n {
		w := (*[2 * hbSide]float32)(b[q : q+2*hbSide]) // an array: no bounds checks below
		var s0, s1 float32
		for i := 0; i+1 < hbSide; i += 2 {
			s0 += h[hbSide-1-i] * (w[i] + w[2*hbSide-1-i])
			s1 += h[hbSide-2-i] * (w[i+1] + w[2*hbSide-2-i])
		}
		if hbSide%2 == 1 {
			s0 += h[0] * (w[hbSide-1] + w[hbSide])
		}
		dst = append(dst, clamp16(w[hbSide-1]), clamp16(s0+s1))
	}
	hb.buf = b[:copy(b, b[n:])]
	return dst
}

func (hb *HalfBand) downsample(dst []int16) []int16 {
	b := hb.buf
	h := &hb.h
	// Each input pair completes one output whose window b[q : q+4*hbSide-1] ends at the pair's second
	// sample; the centre sits at q+2*hbSide-1 and the odd taps reach ±(2*hbSide-1) around it.
	pairs := (len(b) - hbDownHist) / 2
	for p := range pairs {
		q := 2*p + 1
		w := (*[4*hbSide - 1]float32)(b[q : q+4*hbSide-1])
		const c = 2*hbSide - 1
		var s0, s1 float32
		for i := 0; i+1 < hbSide; i += 2 {
			s0 += h[i] * (w[c-1-2*i] + w[c+1+2*i])
			s1 += h[i+1] * (w[c-3-2*i] + w[c+3+2*i])
		}
		if hbSide%2 == 1 {
			s0 += h[hbSide-1] * (w[0] + w[4*hbSide-2])
		}
		dst = append(dst, clamp16(0.5*w[c]+s0+s1))
	}
	hb.buf = b[:copy(b, b[2*pairs:])]
	return dst
}
