// Package textchunk cuts text into pieces an engine can synthesise quickly. Engines only check for
// cancellation while producing audio, and their front ends (tokenising, letter-to-sound, prosody) work
// on a whole utterance first, some in superlinear time for long tokens: flite needs 11 s before the
// first sample of a 3000-letter "word". Bounding the piece size bounds time to first audio, the time
// cancellation can take, and how long one call holds a process-wide engine lock.
package textchunk

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/voicegate/voicegate/tts"
)

// Limits used by the offline engines.
const (
	// MaxWords per piece (estimated spoken words): a long sentence is cut at a comma past this, or
	// anywhere past one and a half times this.
	MaxWords = 20
	// MaxTokenRunes: longer runs of non-space characters are broken up.
	MaxTokenRunes = 24
)

// Pieces splits text into sentences (tts.SplitSentences) and then bounds each as described above.
// Words are estimated (see words). text must be valid UTF-8 (the engines clean it first).
func Pieces(text string, maxWords, maxToken int) []string {
	var out []string
	for _, s := range tts.SplitSentences(text) {
		var cur []string
		weight := 0.0
		for _, tok := range strings.Fields(s) {
			for _, part := range splitToken(tok, maxToken) {
				cur = append(cur, part)
				weight += words(part)
				if (weight >= float64(maxWords) && endsClause(part)) || weight >= 1.5*float64(maxWords) {
					out = append(out, strings.Join(cur, " "))
					cur, weight = cur[:0], 0
				}
			}
		}
		if len(cur) > 0 {
			out = append(out, strings.Join(cur, " "))
		}
	}
	return out
}

// splitToken breaks tok into runs of at most max runes, preferring to cut after clause punctuation
// (Chinese clauses have no spaces).
func splitToken(tok string, max int) []string {
	if utf8.RuneCountInString(tok) <= max {
		return []string{tok}
	}
	var parts []string
	runes := []rune(tok)
	for len(runes) > max {
		cut := max
		for i := max - 1; i >= max/2; i-- {
			if isClausePunct(runes[i]) {
				cut = i + 1
				break
			}
		}
		parts = append(parts, string(runes[:cut]))
		runes = runes[cut:]
	}
	if len(runes) > 0 {
		parts = append(parts, string(runes))
	}
	return parts
}

// words estimates how many spoken words tok becomes: a Han character is one, a letter a sixth of one
// (but one each past 14 letters), and a digit one and a half ("12345678" is read "twelve million
// three hundred ...").
func words(tok string) float64 {
	var han, digits, letters int
	for _, r := range tok {
		switch {
		case unicode.Is(unicode.Han, r):
			han++
		case unicode.IsDigit(r):
			digits++
		case unicode.IsLetter(r):
			letters++
		}
	}
	w := float64(han) + 1.5*float64(digits) + float64(letters)/6
	if letters > 14 {
		w += float64(letters - 14) // no real word is that long: engines spell it out letter by letter
	}
	return max(w, 1)
}

func endsClause(tok string) bool {
	r, _ := utf8.DecodeLastRuneInString(tok)
	return isClausePunct(r)
}

func isClausePunct(r rune) bool {
	switch r {
	case ',', ':', '，', '、', '：', '；', ';':
		return true
	}
	return false
}
