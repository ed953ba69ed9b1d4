package bwe

import (
	"fmt"
	"math"
)

// UpperBandError is the root-mean-square difference, in dB, between the 3.4-8 kHz band powers of got and
// ref (16 kHz, aligned), over frames within 50 dB of ref's loudest. It measures how close an extension
// comes to the true upper band.
func UpperBandError(ref, got []int16) (float64, error) {
	if len(ref) != len(got) {
		return 0, fmt.Errorf("bwe: %d reference samples vs %d", len(ref), len(got))
	}
	a := newAnalyzer()
	rl, rh := a.frames(ref)
	_, gh := a.frames(got)
	top := math.Inf(-1)
	for _, f := range rl {
		top = max(top, level(f))
	}
	gate := top - 50*math.Ln10/10
	// Powers below -80 dB of the loudest frame are clamped there: the ear and the recognizer's
	// log filterbank both stop caring.
	floor := top - 80*math.Ln10/10
	var s float64
	n := 0
	for t := range rh {
		if level(rl[t]) < gate {
			continue
		}
		for b := range rh[t] {
			d := max(rh[t][b], floor) - max(gh[t][b], floor)
			s += d * d
			n++
		}
	}
	if n == 0 {
		return 0, fmt.Errorf("bwe: no speech frames in the reference")
	}
	return math.Sqrt(s/float64(n)) * 10 / math.Ln10, nil
}
