package intent

import (
	"math"
	"slices"
	"strings"
	"unicode"
)

// Feature kinds are mixed into the hash so that the word "ab" and the character bigram "ab" differ.
const (
	kindWord byte = iota + 1
	kindBigram
	kindChar
	kindCJK
)

// Normalize folds text to the form features are taken from: full-width ASCII becomes half-width, letters are
// lower-cased, apostrophes vanish (don't → dont), every run of digits becomes the single digit 0 (order numbers
// and amounts say little about intent), and other punctuation and symbols become spaces.
func Normalize(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	prevDigit := false
	for _, r := range s {
		switch {
		case r >= 0xFF01 && r <= 0xFF5E:
			r -= 0xFEE0
		case r == 0x3000:
			r = ' '
		}
		if unicode.IsDigit(r) {
			if !prevDigit {
				b.WriteByte('0')
			}
			prevDigit = true
			continue
		}
		prevDigit = false
		switch {
		case r == '\'' || r == '\u2019' || r == '`':
			// dropped: contractions join up
		case unicode.IsLetter(r) || unicode.IsMark(r):
			b.WriteRune(unicode.ToLower(r))
		default:
			b.WriteByte(' ')
		}
	}
	return b.String()
}

// isCJK reports runes written without spaces between words, whose features are character n-grams.
func isCJK(r rune) bool {
	return unicode.Is(unicode.Han, r) || unicode.Is(unicode.Hiragana, r) || unicode.Is(unicode.Katakana, r) ||
		unicode.Is(unicode.Hangul, r)
}

// token is a run of runes: a Latin word, or a run of CJK characters.
type token struct {
	runes []rune
	cjk   bool
}

func tokenize(norm string) []token {
	var toks []token
	var cur []rune
	curCJK := false
	flush := func() {
		if len(cur) > 0 {
			toks = append(toks, token{runes: cur, cjk: curCJK})
			cur = nil
		}
	}
	for _, r := range norm {
		if r == ' ' || unicode.IsSpace(r) {
			flush()
			continue
		}
		c := isCJK(r)
		if len(cur) > 0 && c != curCJK {
			flush()
		}
		curCJK = c
		cur = append(cur, r)
	}
	flush()
	return toks
}

// FNV-1a over a kind byte and runes: cheap, allocation-free and stable across runs and machines.
const (
	fnvOffset = 14695981039346656037
	fnvPrime  = 1099511628211
)

func hashStart(kind byte) uint64 { return (fnvOffset ^ uint64(kind)) * fnvPrime }

func hashRune(h uint64, r rune) uint64 {
	for range 3 {
		h = (h ^ uint64(r&0xFF)) * fnvPrime
		r >>= 8
	}
	return h
}

func hashRunes(kind byte, rs []rune) uint64 {
	h := hashStart(kind)
	for _, r := range rs {
		h = hashRune(h, r)
	}
	return h
}

// featureConfig says which features are extracted and how groups are weighted against each other.
type featureConfig struct {
	wordWeight   float64 // word unigrams and bigrams
	charWeight   float64 // Latin character n-grams
	cjkWeight    float64 // CJK character n-grams
	charMin      int
	charMax      int
	cjkMax       int
	latinBigrams bool
}

// rawFeature is a hashed feature with its group weight and count in one text.
type rawFeature struct {
	h      uint64
	weight float64
	count  float64
}

// extract returns the hashed features of text with their counts, sorted by hash and merged.
func (fc *featureConfig) extract(text string) []rawFeature {
	toks := tokenize(Normalize(text))
	feats := make([]rawFeature, 0, 16*len(toks)+8)
	add := func(h uint64, w float64) { feats = append(feats, rawFeature{h: h, weight: w, count: 1}) }
	padded := make([]rune, 0, 32)
	for i, t := range toks {
		if t.cjk {
			// Every CJK n-gram up to cjkMax: unigrams act as words, longer ones as words and phrases.
			for n := 1; n <= fc.cjkMax; n++ {
				for s := 0; s+n <= len(t.runes); s++ {
					add(hashRunes(kindCJK, t.runes[s:s+n]), fc.cjkWeight)
				}
			}
			continue
		}
		add(hashRunes(kindWord, t.runes), fc.wordWeight)
		if fc.latinBigrams && i > 0 && !toks[i-1].cjk {
			h := hashRunes(kindBigram, toks[i-1].runes)
			h = hashRune(h, ' ')
			for _, r := range t.runes {
				h = hashRune(h, r)
			}
			add(h, fc.wordWeight)
		}
		// Character n-grams inside the word with boundary marks: they survive misspellings and
		// recognition errors ("instalation" shares most of its n-grams with "installation").
		padded = append(padded[:0], '<')
		padded = append(padded, t.runes...)
		padded = append(padded, '>')
		if len(padded) < fc.charMin {
			continue
		}
		for n := fc.charMin; n <= fc.charMax && n <= len(padded); n++ {
			for s := 0; s+n <= len(padded); s++ {
				add(hashRunes(kindChar, padded[s:s+n]), fc.charWeight)
			}
		}
	}
	slices.SortFunc(feats, func(a, b rawFeature) int {
		switch {
		case a.h < b.h:
			return -1
		case a.h > b.h:
			return 1
		}
		return 0
	})
	out := feats[:0]
	for _, f := range feats {
		if n := len(out); n > 0 && out[n-1].h == f.h {
			out[n-1].count++
			continue
		}
		out = append(out, f)
	}
	return out
}

// sparse is an L2-normalised feature vector over the classifier's vocabulary.
type sparse struct {
	idx []int32
	val []float32
	// known is the share of the text's squared feature weight that the vocabulary knows.
	known float64
}

// vocabulary maps feature hashes to columns and holds their inverse document frequencies.
type vocabulary struct {
	index      map[uint64]int32
	idf        []float64
	unknownIDF float64
}

func buildVocabulary(docs [][]rawFeature, minDF int) *vocabulary {
	df := make(map[uint64]int)
	for _, d := range docs {
		for _, f := range d {
			df[f.h]++
		}
	}
	keys := make([]uint64, 0, len(df))
	for h, n := range df {
		if n >= minDF {
			keys = append(keys, h)
		}
	}
	slices.Sort(keys) // column order must not depend on map iteration
	v := &vocabulary{index: make(map[uint64]int32, len(keys)), idf: make([]float64, len(keys))}
	n := float64(len(docs))
	for i, h := range keys {
		v.index[h] = int32(i)
		v.idf[i] = math.Log((n+1)/(float64(df[h])+1)) + 1
	}
	v.unknownIDF = math.Log(n+1) + 1
	return v
}

// vectorize weights features by sublinear tf × idf × group weight and normalises to unit length. Features the
// vocabulary has never seen still count toward the length, so text made mostly of unfamiliar material gets a
// short known part and hence low scores, which is what out-of-scope detection wants.
func (v *vocabulary) vectorize(feats []rawFeature) sparse {
	s := sparse{idx: make([]int32, 0, len(feats)), val: make([]float32, 0, len(feats))}
	var norm, knownNorm float64
	for _, f := range feats {
		tf := 1 + math.Log(f.count)
		col, ok := v.index[f.h]
		if !ok {
			w := tf * v.unknownIDF * f.weight
			norm += w * w
			continue
		}
		w := tf * v.idf[col] * f.weight
		norm += w * w
		knownNorm += w * w
		s.idx = append(s.idx, col)
		s.val = append(s.val, float32(w))
	}
	if norm > 0 {
		s.known = knownNorm / norm
		inv := float32(1 / math.Sqrt(norm))
		for i := range s.val {
			s.val[i] *= inv
		}
	}
	return s
}
