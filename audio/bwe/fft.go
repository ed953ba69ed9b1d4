package bwe

import (
	"math"
	"math/cmplx"
)

// fftPlan is an iterative radix-2 complex FFT of one fixed size; it holds only read-only tables, so one plan
// may serve any number of extenders.
type fftPlan struct {
	n       int
	twiddle []complex128 // e^{-2πik/n}, k < n/2
	rev     []int
}

func newFFT(n int) *fftPlan {
	if n < 2 || n&(n-1) != 0 {
		panic("bwe: FFT size must be a power of two") // internal sizes only; never user input
	}
	p := &fftPlan{n: n, twiddle: make([]complex128, n/2), rev: make([]int, n)}
	for k := range p.twiddle {
		p.twiddle[k] = cmplx.Exp(complex(0, -2*math.Pi*float64(k)/float64(n)))
	}
	bits := 0
	for 1<<bits < n {
		bits++
	}
	for i := range p.rev {
		r := 0
		for b := range bits {
			if i&(1<<b) != 0 {
				r |= 1 << (bits - 1 - b)
			}
		}
		p.rev[i] = r
	}
	return p
}

// transform runs the FFT in place; inverse uses conjugate twiddles and scales by 1/n.
func (p *fftPlan) transform(x []complex128, inverse bool) {
	n := p.n
	for i, r := range p.rev {
		if i < r {
			x[i], x[r] = x[r], x[i]
		}
	}
	for size := 2; size <= n; size <<= 1 {
		half, step := size/2, n/size
		for start := 0; start < n; start += size {
			for k := range half {
				w := p.twiddle[k*step]
				if inverse {
					w = cmplx.Conj(w)
				}
				a, b := x[start+k], x[start+k+half]*w
				x[start+k], x[start+k+half] = a+b, a-b
			}
		}
	}
	if inverse {
		s := complex(1/float64(n), 0)
		for i := range x {
			x[i] *= s
		}
	}
}
