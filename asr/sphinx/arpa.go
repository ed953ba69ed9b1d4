package sphinx

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"slices"
	"strings"
)

const (
	sentStart = "<s>"
	sentEnd   = "</s>"
	// wordBreak in a training sentence stops n-grams from spanning a dropped (unpronounceable) word.
	wordBreak = ""
	// sep joins n-gram words into map keys; it cannot occur inside a word.
	sep = "\x00"
)

// ngramCounts accumulates weighted n-gram counts for an interpolated Witten-Bell model.
type ngramCounts struct {
	order  int
	counts []map[string]float64 // counts[k] holds (k+1)-grams
}

func newNgramCounts(order int) *ngramCounts {
	if order < 1 {
		order = 1
	}
	c := &ngramCounts{order: order, counts: make([]map[string]float64, order)}
	for i := range c.counts {
		c.counts[i] = map[string]float64{}
	}
	return c
}

// add counts one sentence (already normalised words, wordBreak marking gaps) with weight w.
func (c *ngramCounts) add(words []string, w float64) {
	toks := make([]string, 0, len(words)+2)
	toks = append(toks, sentStart)
	toks = append(toks, words...)
	toks = append(toks, sentEnd)
	for i := range toks {
		for k := 1; k <= c.order && i+k <= len(toks); k++ {
			win := toks[i : i+k]
			if slices.Contains(win, wordBreak) {
				break
			}
			// <s> is never predicted: no unigram for it, but it may start longer n-grams.
			if k == 1 && win[0] == sentStart {
				continue
			}
			c.counts[k-1][strings.Join(win, sep)] += w
		}
	}
}

// arpaModel is a backoff model ready to be written: log10 probabilities and backoff weights per n-gram.
type arpaModel struct {
	order   int
	prob    []map[string]float64 // prob[k][(k+1)-gram] = log10 p
	backoff []map[string]float64 // backoff[k][(k+1)-gram] = log10 alpha, only for n-grams that are histories
}

// wittenBell estimates an interpolated Witten-Bell model and converts it to backoff form exactly: for a
// history h with count c(h) and T(h) distinct followers, P(w|h) = (c(h,w) + T(h) P(w|h')) / (c(h) + T(h)),
// so the mass left for unseen words is T(h)/(c(h)+T(h)) times their lower-order mass, which makes the backoff
// weight alpha(h) = T(h) / (c(h) + T(h)).
func (c *ngramCounts) wittenBell() (*arpaModel, error) {
	uni := c.counts[0]
	if len(uni) == 0 {
		return nil, fmt.Errorf("%w: no words to build a language model from", ErrModel)
	}
	m := &arpaModel{order: c.order, prob: make([]map[string]float64, c.order), backoff: make([]map[string]float64, c.order)}
	for i := range m.prob {
		m.prob[i] = map[string]float64{}
		m.backoff[i] = map[string]float64{}
	}
	// Unigrams: interpolate with the uniform distribution over the vocabulary.
	var n float64
	for _, v := range uni {
		n += v
	}
	t := float64(len(uni))
	full := make([]map[string]float64, c.order) // linear probabilities of listed n-grams
	full[0] = map[string]float64{}
	for w, v := range uni {
		p := (v + t/t) / (n + t) // T * (1/|V|) with |V| = T
		full[0][w] = p
		m.prob[0][w] = math.Log10(p)
	}
	// lower returns the full interpolated probability of the n-gram key (k words) from the backoff model.
	var lower func(words []string) float64
	lower = func(words []string) float64 {
		k := len(words)
		if p, ok := full[k-1][strings.Join(words, sep)]; ok {
			return p
		}
		if k == 1 {
			return 0 // cannot happen: every predicted word is a unigram
		}
		a := 1.0
		if b, ok := m.backoff[k-2][strings.Join(words[:k-1], sep)]; ok {
			a = math.Pow(10, b)
		}
		return a * lower(words[1:])
	}
	for k := 1; k < c.order; k++ {
		grams := c.counts[k]
		if len(grams) == 0 {
			break
		}
		full[k] = map[string]float64{}
		hc := map[string]float64{} // c(h)
		ht := map[string]float64{} // T(h)
		for g, v := range grams {
			h := g[:strings.LastIndex(g, sep)]
			hc[h] += v
			ht[h]++
		}
		keys := make([]string, 0, len(grams))
		for g := range grams {
			keys = append(keys, g)
		}
		slices.Sort(keys)
		for _, g := range keys {
			words := strings.Split(g, sep)
			h := strings.Join(words[:k], sep)
			pl := lower(words[1:])
			p := (grams[g] + ht[h]*pl) / (hc[h] + ht[h])
			full[k][g] = p
			m.prob[k][g] = math.Log10(p)
		}
		for h, cnt := range hc {
			m.backoff[k-1][h] = math.Log10(ht[h] / (cnt + ht[h]))
		}
	}
	// <s> must be listed as a unigram (it carries the backoff weight of sentence-initial histories).
	if _, ok := m.prob[0][sentStart]; !ok {
		m.prob[0][sentStart] = -99
	}
	return m, nil
}

// vocabulary returns the model's words other than the sentence markers.
func (m *arpaModel) vocabulary() []string {
	var out []string
	for w := range m.prob[0] {
		if w != sentStart && w != sentEnd {
			out = append(out, w)
		}
	}
	slices.Sort(out)
	return out
}

// writeARPA writes the model in the ARPA text format that pocketsphinx's ngram_model_read accepts.
func (m *arpaModel) writeARPA(w io.Writer) error {
	bw := bufio.NewWriter(w)
	top := 0
	for k := range m.prob {
		if len(m.prob[k]) > 0 {
			top = k + 1
		}
	}
	fmt.Fprintf(bw, "\\data\\\n")
	for k := 0; k < top; k++ {
		fmt.Fprintf(bw, "ngram %d=%d\n", k+1, len(m.prob[k]))
	}
	for k := 0; k < top; k++ {
		fmt.Fprintf(bw, "\n\\%d-grams:\n", k+1)
		keys := make([]string, 0, len(m.prob[k]))
		for g := range m.prob[k] {
			keys = append(keys, g)
		}
		slices.Sort(keys)
		for _, g := range keys {
			line := strings.ReplaceAll(g, sep, " ")
			if b, ok := m.backoff[k][g]; ok && k+1 < top {
				fmt.Fprintf(bw, "%.6f %s %.6f\n", m.prob[k][g], line, b)
			} else {
				fmt.Fprintf(bw, "%.6f %s\n", m.prob[k][g], line)
			}
		}
	}
	fmt.Fprintf(bw, "\n\\end\\\n")
	return bw.Flush()
}
