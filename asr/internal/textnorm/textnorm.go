// Package textnorm turns written text into the spoken word sequence that recognizers output: lower case,
// no punctuation, numbers spelled out. Language-model building and WER scoring must agree on it.
package textnorm

import (
	"strings"
	"unicode"
)

var ones = [...]string{"zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
	"ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"}

var tens = [...]string{"", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"}

// Words normalises s and splits it into words.
func Words(s string) []string {
	var out []string
	for _, tok := range tokens(s) {
		out = append(out, expand(tok)...)
	}
	return out
}

// String is Words joined with single spaces.
func String(s string) string { return strings.Join(Words(s), " ") }

// tokens splits on anything that is not a letter, digit or an apostrophe inside a word, and splits runs of
// digits from letters ("4pm" -> "4", "pm").
func tokens(s string) []string {
	s = strings.NewReplacer("’", "'", "‘", "'", "&", " and ", "%", " percent ", "+", " plus ", "@", " at ").Replace(s)
	s = strings.ToLower(s)
	var out []string
	var cur []rune
	kind := 0 // 1 letters, 2 digits
	flush := func() {
		if len(cur) > 0 {
			w := strings.Trim(string(cur), "'")
			if w != "" {
				out = append(out, w)
			}
			cur = cur[:0]
		}
		kind = 0
	}
	rs := []rune(s)
	for i, r := range rs {
		switch {
		case unicode.IsDigit(r):
			if kind == 1 {
				flush()
			}
			kind = 2
			cur = append(cur, r)
		case unicode.IsLetter(r):
			if kind == 2 {
				flush()
			}
			kind = 1
			cur = append(cur, r)
		case r == '\'' && kind == 1 && i+1 < len(rs) && unicode.IsLetter(rs[i+1]):
			cur = append(cur, r)
		case r == ',' && kind == 2 && i+1 < len(rs) && unicode.IsDigit(rs[i+1]):
			// thousands separator: "1,000"
		default:
			flush()
		}
	}
	flush()
	return out
}

func expand(tok string) []string {
	if tok == "" {
		return nil
	}
	if r := []rune(tok)[0]; !unicode.IsDigit(r) {
		return []string{tok}
	}
	ds := []rune(tok)
	for _, r := range ds {
		if r < '0' || r > '9' {
			// other scripts' digits: keep as is
			return []string{tok}
		}
	}
	// Short numbers without a leading zero are read as numbers; codes (leading zero, 5+ digits) digit by digit.
	if len(ds) <= 4 && (ds[0] != '0' || len(ds) == 1) {
		n := 0
		for _, r := range ds {
			n = n*10 + int(r-'0')
		}
		return cardinal(n)
	}
	out := make([]string, 0, len(ds))
	for _, r := range ds {
		out = append(out, ones[r-'0'])
	}
	return out
}

// cardinal spells 0..9999.
func cardinal(n int) []string {
	if n < 20 {
		return []string{ones[n]}
	}
	var out []string
	if n >= 1000 {
		out = append(out, ones[n/1000], "thousand")
		n %= 1000
		if n == 0 {
			return out
		}
	}
	if n >= 100 {
		out = append(out, ones[n/100], "hundred")
		n %= 100
		if n == 0 {
			return out
		}
	}
	if n < 20 {
		return append(out, ones[n])
	}
	out = append(out, tens[n/10])
	if n%10 != 0 {
		out = append(out, ones[n%10])
	}
	return out
}
