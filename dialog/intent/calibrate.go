package intent

import (
	"math"
	"math/rand/v2"
)

// calibrate fits the softmax temperature on cross-validated logits: stratified folds are held out one at a
// time, a model trained on the rest scores them, and the temperature minimising the held-out negative
// log-likelihood is kept. Folds stop once cfg.calibTarget held-out predictions exist, so large training sets
// pay for one extra (smaller) training, small knowledge bases get every example scored once.
func calibrate(feats [][]rawFeature, ys []int, nClass int, cfg *config) float64 {
	folds := stratifiedFolds(ys, nClass, cfg.calibFolds, cfg.train.seed)
	var logits [][]float64
	var gold []int
	for f := range cfg.calibFolds {
		if len(gold) >= cfg.calibTarget {
			break
		}
		var trF [][]rawFeature
		var trY []int
		var teIdx []int
		for i, fi := range folds {
			if fi == f {
				teIdx = append(teIdx, i)
				continue
			}
			trF = append(trF, feats[i])
			trY = append(trY, ys[i])
		}
		if len(teIdx) == 0 || len(trF) == 0 {
			continue
		}
		vocab, m := fit(trF, trY, nClass, cfg)
		for _, i := range teIdx {
			z := make([]float64, nClass)
			m.logits(vocab.vectorize(feats[i]), z)
			logits = append(logits, z)
			gold = append(gold, ys[i])
		}
	}
	if len(gold) == 0 {
		return 1
	}
	return fitTemperature(logits, gold)
}

// stratifiedFolds assigns each example a fold so that every class is spread evenly over the folds.
func stratifiedFolds(ys []int, nClass, k int, seed uint64) []int {
	byClass := make([][]int, nClass)
	for i, y := range ys {
		byClass[y] = append(byClass[y], i)
	}
	rng := rand.New(rand.NewPCG(seed, 0x243f6a8885a308d3))
	folds := make([]int, len(ys))
	next := 0 // continue round-robin across classes so small classes do not all land in fold 0
	for _, idx := range byClass {
		rng.Shuffle(len(idx), func(i, j int) { idx[i], idx[j] = idx[j], idx[i] })
		for _, i := range idx {
			folds[i] = next % k
			next++
		}
	}
	return folds
}

// fitTemperature minimises the mean negative log-likelihood of softmax(z/T) over T by golden-section search
// on log T (the objective is smooth and unimodal in practice).
func fitTemperature(logits [][]float64, gold []int) float64 {
	nll := func(logT float64) float64 {
		t := math.Exp(logT)
		var sum float64
		for i, z := range logits {
			mx := math.Inf(-1)
			for _, v := range z {
				mx = max(mx, v/t)
			}
			var s float64
			for _, v := range z {
				s += math.Exp(v/t - mx)
			}
			sum += mx + math.Log(s) - z[gold[i]]/t
		}
		return sum / float64(len(logits))
	}
	lo, hi := math.Log(0.02), math.Log(50.0)
	phi := (math.Sqrt(5) - 1) / 2
	a, b := hi-phi*(hi-lo), lo+phi*(hi-lo)
	fa, fb := nll(a), nll(b)
	for range 60 {
		if fa < fb {
			hi, b, fb = b, a, fa
			a = hi - phi*(hi-lo)
			fa = nll(a)
		} else {
			lo, a, fa = a, b, fb
			b = lo + phi*(hi-lo)
			fb = nll(b)
		}
	}
	return math.Exp((lo + hi) / 2)
}
