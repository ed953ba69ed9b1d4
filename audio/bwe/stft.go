package bwe

import "math"

// analyzer holds the read-only tables of the analysis: window, FFT plan and band bins.
type analyzer struct {
	win       []float64
	fft       *fftPlan
	lowBins   [][2]int
	highBins  [][2]int
	checkBins [2]int // 4.4-7.6 kHz, where a telephone channel leaves nothing
	refBins   [2]int // 300-3400 Hz
}

func newAnalyzer() *analyzer {
	a := &analyzer{win: make([]float64, fftSize), fft: newFFT(fftSize)}
	for i := range a.win {
		a.win[i] = 0.5 - 0.5*math.Cos(2*math.Pi*float64(i)/fftSize) // periodic Hann: sums to 2 at hop N/4
	}
	a.lowBins = bandBins(lowEdges)
	a.highBins = bandBins(highEdges)
	a.checkBins = [2]int{hzBin(4400), hzBin(7600)}
	a.refBins = [2]int{hzBin(300), hzBin(3400)}
	return a
}

// spectrum windows frame (fftSize samples scaled to ±1) into spec and fills pow with |X_k|² for k <= N/2.
func (a *analyzer) spectrum(spec []complex128, pow []float64, frame []float64) {
	for i, v := range frame {
		spec[i] = complex(v*a.win[i], 0)
	}
	a.fft.transform(spec, false)
	for k := 0; k <= fftSize/2; k++ {
		re, im := real(spec[k]), imag(spec[k])
		pow[k] = re*re + im*im
	}
}

// frames returns the low and high log band powers of every analysis frame of pcm, framed as the
// Extender frames a stream (frame j ends at sample (j+1)*hop, zeros before the start).
func (a *analyzer) frames(pcm []int16) (low, high [][]float64) {
	buf := make([]float64, fftSize)
	spec := make([]complex128, fftSize)
	pow := make([]float64, fftSize/2+1)
	n := len(pcm) / hop
	for j := range n {
		end := (j + 1) * hop
		for i := range buf {
			s := end - fftSize + i
			if s >= 0 {
				buf[i] = float64(pcm[s]) / 32768
			} else {
				buf[i] = 0
			}
		}
		a.spectrum(spec, pow, buf)
		l := make([]float64, len(a.lowBins))
		h := make([]float64, len(a.highBins))
		bandLogPower(l, pow, a.lowBins)
		bandLogPower(h, pow, a.highBins)
		low = append(low, l)
		high = append(high, h)
	}
	return low, high
}

func hzBin(hz float64) int { return int(math.Round(hz / binHz)) }
