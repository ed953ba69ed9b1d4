package audio

import "math"

// Per-frame analysis shared by the Endpointer and the BargeIn detector. All buffers are fixed-size
// arrays inside the analyzer, so analysing a frame allocates nothing.

const (
	minLevelDB = -120.0
	// 4 kHz copy of the last 40 ms for pitch analysis: voiced speech repeats every 2.5..14 ms (70..400 Hz).
	decFactor  = 4
	pitchLen   = 2 * FrameSamples / decFactor
	minLag     = SampleRate / decFactor / 400
	maxLag     = SampleRate / decFactor / 70
	lpcOrder   = 8
	floorFrame = 100 // noise floor = minimum frame energy over the last 2 s
	absFloorDB = -75.0
)

// features describes one 20 ms frame.
type features struct {
	energy      float64 // dBFS after removing DC and hum below ~100 Hz
	zcr         float64 // zero crossings per sample
	flatness    float64 // LPC residual energy / frame energy: ~1 for white noise, <0.1 for vowels
	periodicity float64 // best normalised autocorrelation at a pitch lag: ~0 for noise, >0.6 for vowels
}

type analyzer struct {
	hpPrevX, hpPrevY float32 // DC/hum blocker state
	lp               biquad  // 1 kHz low-pass before decimating for pitch
	hp               [FrameSamples]float32
	pitch            [pitchLen]float32 // newest samples last
}

// biquad is a direct-form-I second-order section.
type biquad struct {
	b0, b1, b2, a1, a2 float32
	x1, x2, y1, y2     float32
}

func newAnalyzer() *analyzer {
	a := &analyzer{}
	// RBJ cookbook low-pass, 1 kHz at 16 kHz, Q = 0.707.
	w := 2 * math.Pi * 1000 / SampleRate
	alpha := math.Sin(w) / (2 * 0.7071)
	c := math.Cos(w)
	a0 := 1 + alpha
	a.lp = biquad{
		b0: float32((1 - c) / 2 / a0), b1: float32((1 - c) / a0), b2: float32((1 - c) / 2 / a0),
		a1: float32(-2 * c / a0), a2: float32((1 - alpha) / a0),
	}
	return a
}

func (a *analyzer) reset() {
	lp := a.lp
	*a = analyzer{}
	a.lp = lp
	a.lp.x1, a.lp.x2, a.lp.y1, a.lp.y2 = 0, 0, 0, 0
}

// hpPole puts the DC blocker's corner near 100 Hz: mains hum and handset rumble are not speech.
const hpPole = 0.9615

// measure takes the cheap features (energy, zero crossings) and keeps the filter and pitch history
// current; spectral adds the costly ones. Callers skip spectral on frames whose energy already rules
// speech out, which is most frames of a call (the caller listening), so the decision is unchanged.
func (a *analyzer) measure(f *Frame) (ft features, meanSquare float64) {
	// High-pass, energy and zero crossings in one pass.
	px, py := a.hpPrevX, a.hpPrevY
	var sum float64
	crossings := 0
	prevNeg := py < 0
	for i, s := range f {
		x := float32(s)
		y := x - px + hpPole*py
		px, py = x, y
		a.hp[i] = y
		sum += float64(y * y)
		if neg := y < 0; neg != prevNeg {
			crossings++
			prevNeg = neg
		}
	}
	a.hpPrevX, a.hpPrevY = px, py
	ms := sum / FrameSamples
	ft.energy = powerDB(ms)
	ft.zcr = float64(crossings) / FrameSamples
	ft.flatness = 1 // unmeasured: what noise would give
	a.decimate()
	return ft, ms
}

// spectral adds flatness and periodicity to the features of the frame measure just took.
func (a *analyzer) spectral(ft *features, meanSquare float64) {
	ft.flatness = a.lpcFlatness(meanSquare)
	ft.periodicity = a.periodicity()
}

func powerDB(meanSquare float64) float64 {
	if meanSquare <= 0 {
		return minLevelDB
	}
	return max(10*math.Log10(meanSquare/(32768.0*32768.0)), minLevelDB)
}

// lpcFlatness is the prediction error left by an order-8 linear predictor relative to the frame's energy
// (Levinson-Durbin on the autocorrelation). It measures spectral flatness without an FFT: a peaky
// (formant) spectrum is predictable, white noise is not.
func (a *analyzer) lpcFlatness(ms float64) float64 {
	if ms < 1 { // below about -90 dBFS there is nothing to measure
		return 1
	}
	var r [lpcOrder + 1]float64
	x := a.hp[:]
	for lag := 0; lag <= lpcOrder; lag++ {
		var s float32
		y := x[lag:]
		z := x[:len(y)]
		for i, v := range y {
			s += v * z[i]
		}
		r[lag] = float64(s)
	}
	r[0] *= 1 + 1e-6 // white-noise correction keeps the recursion stable on pure tones
	var k, aPrev, aCur [lpcOrder + 1]float64
	e := r[0]
	for i := 1; i <= lpcOrder; i++ {
		acc := r[i]
		for j := 1; j < i; j++ {
			acc -= aPrev[j] * r[i-j]
		}
		k[i] = acc / e
		aCur[i] = k[i]
		for j := 1; j < i; j++ {
			aCur[j] = aPrev[j] - k[i]*aPrev[i-j]
		}
		e *= 1 - k[i]*k[i]
		if e <= 0 {
			return 0
		}
		aPrev = aCur
	}
	return min(max(e/r[0], 0), 1)
}

// decimate low-passes the new frame and appends every 4th sample to the pitch buffer.
func (a *analyzer) decimate() {
	const n = FrameSamples / decFactor
	copy(a.pitch[:], a.pitch[n:])
	out := a.pitch[pitchLen-n:]
	q := &a.lp
	for i, x := range a.hp {
		y := q.b0*x + q.b1*q.x1 + q.b2*q.x2 - q.a1*q.y1 - q.a2*q.y2
		q.x2, q.x1 = q.x1, x
		q.y2, q.y1 = q.y1, y
		if i%decFactor == decFactor-1 {
			out[i/decFactor] = y
		}
	}
}

// periodicity is the highest normalised autocorrelation peak over pitch lags in the last 40 ms.
func (a *analyzer) periodicity() float64 {
	x := a.pitch[:]
	// Prefix sums of squares give each lag's two window energies in O(1).
	var cum [pitchLen + 1]float64
	for i, v := range x {
		cum[i+1] = cum[i] + float64(v*v)
	}
	var r [maxLag + 2]float64
	for lag := minLag - 1; lag <= maxLag+1; lag++ {
		n := pitchLen - lag
		u := x[:n]
		v := x[lag : lag+n]
		var s0, s1 float32
		i := 0
		for ; i+2 <= n; i += 2 {
			s0 += u[i] * v[i]
			s1 += u[i+1] * v[i+1]
		}
		for ; i < n; i++ {
			s0 += u[i] * v[i]
		}
		eu, ev := cum[n], cum[pitchLen]-cum[lag]
		if d := eu * ev; d > 0 {
			r[lag] = float64(s0+s1) / math.Sqrt(d)
		}
	}
	best := 0.0
	for lag := minLag; lag <= maxLag; lag++ {
		// Only a local peak counts: low-frequency noise correlates at short lags without repeating.
		if r[lag] > best && r[lag] >= r[lag-1] && r[lag] >= r[lag+1] {
			best = r[lag]
		}
	}
	return best
}

// floorTracker estimates the background level by minimum statistics: the lowest 3-frame median energy of
// the last 2 s. Speech always pauses within that window while noise never goes away, so the floor follows
// a noisier line within 2 s even while someone keeps talking. The median keeps a single dropout frame
// (digital silence) from dragging the floor down, which would make every later frame look like speech.
type floorTracker struct {
	hist   [floorFrame]float64
	n      int // medians pushed
	recent [3]float64
	seen   int // frames seen
}

func (t *floorTracker) reset() { t.n, t.seen = 0, 0 }

func (t *floorTracker) push(e float64) {
	t.recent[t.seen%3] = max(e, absFloorDB)
	t.seen++
	if t.seen < 3 {
		return
	}
	a, b, c := t.recent[0], t.recent[1], t.recent[2]
	med := max(min(a, b), min(max(a, b), c))
	t.hist[t.n%floorFrame] = med
	t.n++
}

// floor is the noise floor in dBFS; +Inf until three frames have been seen.
func (t *floorTracker) floor() float64 {
	m := math.Inf(1)
	for i := range min(t.n, floorFrame) {
		m = min(m, t.hist[i])
	}
	return m
}

// Level returns the frame's RMS level in dBFS (0 for a full-scale square wave, about -3 for a full-scale
// sine, -120 for digital silence), for tracking loudness against a caller's own baseline.
func Level(f *Frame) float64 {
	var sum float64
	for _, s := range f {
		sum += float64(s) * float64(s)
	}
	return powerDB(sum / FrameSamples)
}
