package tts

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// abbreviations that end in a period without ending the sentence (lower case, without the period).
// Kept small on purpose: a wrong split only costs a slightly longer pause, a wrong join costs latency.
var abbreviations = map[string]bool{
	"mr": true, "mrs": true, "ms": true, "dr": true, "prof": true, "sr": true, "jr": true, "st": true,
	"vs": true, "etc": true, "e.g": true, "i.e": true, "no": true, "approx": true, "dept": true, "inc": true,
	"ltd": true, "co": true, "ave": true, "apt": true, "mt": true,
}

// SplitSentences cuts text into sentences so a reply can be spoken one sentence at a time: the first
// sentence is synthesised and played while the rest is still being synthesised. It understands English
// (. ! ? ; followed by a space or the end, not after common abbreviations nor inside numbers like 3.5)
// and Chinese (。！？；… end a sentence wherever they are) punctuation; line breaks end a sentence too.
// Closing quotes and brackets stay with the sentence they close. Pieces with no letter or digit are
// joined to the sentence before them, and surrounding space is trimmed, so every piece is worth speaking.
func SplitSentences(text string) []string {
	var out []string
	pending := "" // punctuation seen before the first real sentence
	add := func(s string) {
		s = strings.TrimSpace(s)
		switch {
		case s == "":
		case !hasWordRune(s) && len(out) > 0:
			out[len(out)-1] += " " + s
		case !hasWordRune(s):
			pending = strings.TrimSpace(pending + " " + s)
		default:
			out = append(out, strings.TrimSpace(pending+" "+s))
			pending = ""
		}
	}
	start := 0
	i := 0
	for i < len(text) {
		r, size := utf8.DecodeRuneInString(text[i:])
		next := i + size
		switch {
		case r == '\n' || r == '\r':
			add(text[start:i])
			start = next
		case isCJKTerminator(r):
			end := extendTerminator(text, next)
			add(text[start:end])
			start, next = end, end
		case r == '.' || r == '!' || r == '?' || r == ';':
			end := extendTerminator(text, next)
			if end < len(text) {
				after, _ := utf8.DecodeRuneInString(text[end:])
				if !unicode.IsSpace(after) {
					// "3.5", "example.com", "?!" inside a token: not a sentence end.
					break
				}
			}
			if r == '.' && isAbbreviation(text[start:i]) {
				break
			}
			add(text[start:end])
			start, next = end, end
		}
		i = next
	}
	add(text[start:])
	if pending != "" {
		out = append(out, pending) // nothing but punctuation: still the caller's text
	}
	return out
}

// extendTerminator moves past repeated terminators ("?!", "...") and closing quotes or brackets.
func extendTerminator(text string, i int) int {
	for i < len(text) {
		r, size := utf8.DecodeRuneInString(text[i:])
		if r == '.' || r == '!' || r == '?' || r == ';' || isCJKTerminator(r) || isCloser(r) {
			i += size
			continue
		}
		break
	}
	return i
}

func isCJKTerminator(r rune) bool {
	switch r {
	case '。', '！', '？', '；', '…', '．':
		return true
	}
	return false
}

func isCloser(r rune) bool {
	switch r {
	case '"', '\'', ')', ']', '}', '”', '’', '）', '」', '』', '》', '】':
		return true
	}
	return false
}

// isAbbreviation reports whether the word just before a period is a known abbreviation or a single
// letter (an initial such as "J. Smith").
func isAbbreviation(before string) bool {
	j := strings.LastIndexFunc(before, unicode.IsSpace)
	word := strings.ToLower(strings.TrimLeft(before[j+1:], "\"'([{“‘"))
	if word == "" {
		return false
	}
	if utf8.RuneCountInString(word) == 1 {
		r, _ := utf8.DecodeRuneInString(word)
		return unicode.IsLetter(r) && r < unicode.MaxLatin1
	}
	return abbreviations[word]
}

func hasWordRune(s string) bool {
	return strings.IndexFunc(s, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) >= 0
}
