package slots

import (
	"strings"
	"unicode"

	"github.com/voicegate/voicegate/dialog/internal/numword"
)

// token is one word or number of English text, with its byte span in the source for Raw.
type token struct {
	s          string
	start, end int
}

// enText is lower-cased English text split into tokens.
type enText struct {
	src  string
	toks []token
}

func tokenizeEN(text string) enText {
	low := strings.ToLower(text)
	if len(low) != len(text) {
		text = low
	}
	// Dotted forms would otherwise split into single letters.
	if strings.ContainsAny(low, ".'") {
		low = strings.ReplaceAll(low, "a.m.", "am  ")
		low = strings.ReplaceAll(low, "p.m.", "pm  ")
		low = strings.ReplaceAll(low, "o'clock", "oclock ")
	}
	rs := []rune(low)
	// Work on byte offsets so Raw can slice the original text.
	offs := make([]int, len(rs)+1)
	b := 0
	for i, r := range rs {
		offs[i] = b
		b += len(string(r))
	}
	offs[len(rs)] = b
	var toks []token
	for i := 0; i < len(rs); {
		r := rs[i]
		switch {
		case unicode.IsLetter(r):
			j := i
			for j < len(rs) && (unicode.IsLetter(rs[j]) || (rs[j] == '\'' && j+1 < len(rs) && unicode.IsLetter(rs[j+1]))) {
				j++
			}
			toks = append(toks, token{string(rs[i:j]), offs[i], offs[j]})
			i = j
		case r >= '0' && r <= '9':
			j := i
			for j < len(rs) && ((rs[j] >= '0' && rs[j] <= '9') || ((rs[j] == '.' || rs[j] == ':' || rs[j] == ',') && j+1 < len(rs) && rs[j+1] >= '0' && rs[j+1] <= '9')) {
				j++
			}
			if j+1 < len(rs) {
				suf := string(rs[j : j+2])
				if (suf == "st" || suf == "nd" || suf == "rd" || suf == "th") && (j+2 == len(rs) || !unicode.IsLetter(rs[j+2])) {
					j += 2
				}
			}
			toks = append(toks, token{string(rs[i:j]), offs[i], offs[j]})
			i = j
		case r == '$' || r == '+' || r == '-' || r == '€' || r == '£' || r == '/':
			toks = append(toks, token{string(r), offs[i], offs[i+1]})
			i++
		default:
			i++
		}
	}
	return enText{src: text, toks: toks}
}

func (t enText) raw(from, to int) string {
	if from >= to || from < 0 || to > len(t.toks) {
		return ""
	}
	return t.src[t.toks[from].start:t.toks[to-1].end]
}

// at is the i-th token's text, or "" outside the text, so look-arounds need no bounds checks.
func (t enText) at(i int) string {
	if i >= 0 && i < len(t.toks) {
		return t.toks[i].s
	}
	return ""
}

func unitWord(w string) (int, bool)    { return numword.Unit(w) }
func teenWord(w string) (int, bool)    { return numword.Teen(w) }
func tensWord(w string) (int, bool)    { return numword.Tens(w) }
func ordinalWord(w string) (int, bool) { return numword.Ordinal(w) }

// cardinal parses an English number phrase ("forty seven", "a hundred and twenty", "two thousand five")
// starting at toks[i]. It stops where the grammar breaks, so "forty seven twenty nine" reads as two numbers.
// It returns the value and how many tokens it used (0 if none).
func cardinal(toks []token, i int) (int64, int) {
	const (
		stNone = iota
		stUnit
		stTeen
		stTens
		stHundred
		stScale
	)
	var total, cur int64
	state := stNone
	used := 0
	j := i
	for j < len(toks) {
		w := toks[j].s
		if u, ok := unitWord(w); ok && (u != 0 || state == stNone) {
			if state == stUnit || state == stTeen || (state == stTens && cur%10 != 0) {
				break
			}
			if u == 0 && state == stNone {
				// A lone "zero" is a number; "zero" inside a cardinal is not how people say numbers.
				return 0, 1
			}
			cur += int64(u)
			state = stUnit
			j++
			used = j - i
			continue
		}
		if v, ok := teenWord(w); ok {
			if state != stNone && state != stHundred && state != stScale {
				break
			}
			cur += int64(v)
			state = stTeen
			j++
			used = j - i
			continue
		}
		if v, ok := tensWord(w); ok {
			if state != stNone && state != stHundred && state != stScale {
				break
			}
			cur += int64(v)
			state = stTens
			j++
			used = j - i
			continue
		}
		if w == "a" && state == stNone && j+1 < len(toks) && (toks[j+1].s == "hundred" || toks[j+1].s == "thousand") {
			cur = 1
			state = stUnit
			j++
			continue
		}
		if w == "hundred" {
			if state != stUnit && state != stTeen && !(state == stTens && cur%10 != 0) {
				break
			}
			if cur%100 == 0 {
				break
			}
			cur = cur/100*100 + (cur%100)*100
			state = stHundred
			j++
			used = j - i
			continue
		}
		if w == "thousand" || w == "million" {
			if state == stNone || state == stScale || cur == 0 {
				break
			}
			mul := int64(1000)
			if w == "million" {
				mul = 1000000
			}
			total += cur * mul
			cur = 0
			state = stScale
			j++
			used = j - i
			continue
		}
		if w == "and" && (state == stHundred || state == stScale) && j+1 < len(toks) {
			n := toks[j+1].s
			_, u := unitWord(n)
			_, t := teenWord(n)
			_, d := tensWord(n)
			if u || t || d {
				j++
				continue
			}
		}
		break
	}
	if used == 0 {
		return 0, 0
	}
	return total + cur, used
}
