package intent

import (
	"math"
	"math/rand/v2"
)

// linear is a multinomial logistic regression: logits = Wᵀx + b, W stored feature-major so that a sparse
// example touches contiguous rows.
type linear struct {
	classes int
	w       []float32 // features × classes
	b       []float32
}

// trainParams are the optimiser's knobs.
type trainParams struct {
	epochs int
	lr     float64 // initial step size
	lambda float64 // L2 strength
	seed   uint64
}

// trainLinear fits softmax regression with plain SGD. Weight decay is applied through a shared scale factor
// (W = scale·V) so each step costs only the example's non-zeros times the classes, not the whole matrix.
// The step size decays linearly to a tenth over the run; the visiting order is a seeded shuffle, so
// training is deterministic.
func trainLinear(xs []sparse, ys []int, nFeat, nClass int, p trainParams) *linear {
	m := &linear{classes: nClass, w: make([]float32, nFeat*nClass), b: make([]float32, nClass)}
	if len(xs) == 0 {
		return m
	}
	v := make([]float64, nFeat*nClass) // float64 while training: the scale trick divides by small numbers
	b := make([]float64, nClass)
	scale := 1.0
	order := make([]int, len(xs))
	for i := range order {
		order[i] = i
	}
	rng := rand.New(rand.NewPCG(p.seed, 0x9e3779b97f4a7c15))
	z := make([]float64, nClass)
	total := float64(p.epochs * len(xs))
	step := 0.0
	for range p.epochs {
		rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		for _, i := range order {
			lr := p.lr * (1 - 0.9*step/total)
			step++
			x := xs[i]
			copy(z, b)
			for k, col := range x.idx {
				xv := float64(x.val[k]) * scale
				row := v[int(col)*nClass : int(col)*nClass+nClass]
				for c := range row {
					z[c] += xv * row[c]
				}
			}
			softmaxInPlace(z)
			z[ys[i]] -= 1 // z now holds the gradient of the loss wrt the logits
			scale *= 1 - lr*p.lambda
			g := lr / scale
			for k, col := range x.idx {
				xv := float64(x.val[k]) * g
				row := v[int(col)*nClass : int(col)*nClass+nClass]
				for c := range row {
					row[c] -= xv * z[c]
				}
			}
			for c := range b {
				b[c] -= lr * z[c]
			}
			if scale < 1e-6 {
				for j := range v {
					v[j] *= scale
				}
				scale = 1
			}
		}
	}
	for j := range v {
		m.w[j] = float32(v[j] * scale)
	}
	for c := range b {
		m.b[c] = float32(b[c])
	}
	return m
}

// logits writes Wᵀx + b into z (len classes).
func (m *linear) logits(x sparse, z []float64) {
	for c := range z {
		z[c] = float64(m.b[c])
	}
	n := m.classes
	for k, col := range x.idx {
		xv := x.val[k]
		row := m.w[int(col)*n : int(col)*n+n]
		for c := range row {
			z[c] += float64(xv * row[c])
		}
	}
}

func softmaxInPlace(z []float64) {
	mx := math.Inf(-1)
	for _, v := range z {
		mx = max(mx, v)
	}
	var sum float64
	for i, v := range z {
		e := math.Exp(v - mx)
		z[i] = e
		sum += e
	}
	for i := range z {
		z[i] /= sum
	}
}
