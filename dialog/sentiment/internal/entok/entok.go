// Package entok splits English caller text into the tokens the sentiment analyzer scores, so the analyzer
// and the generator that derives its lexicon from data read text the same way.
package entok

import "strings"

// Contractions expands the contractions callers type or an ASR writes ("can't" -> "can not").
func Contractions() *strings.Replacer {
	return strings.NewReplacer("’", "'", "can't", "can not", "cannot", "can not", "won't", "will not",
		"n't", " not", "i'm", "i am", "it's", "it is", "that's", "that is", "you're", "you are",
		"i've", "i have", "'ll", " will", "'re", " are", "'ve", " have", "'d", " would")
}

// Token is a word, or a clause boundary (, . ; : ! ?) when Punct is set.
type Token struct {
	W     string
	Punct bool
}

// Split tokenizes lower-cased text, expanding contractions with r. Apostrophes and other symbols
// separate words; hyphens inside a word are kept ("rip-off").
func Split(lower string, r *strings.Replacer) []Token {
	if strings.ContainsAny(lower, "'’c") {
		lower = r.Replace(lower)
	}
	out := make([]Token, 0, 16)
	start := -1
	flush := func(end int) {
		if start >= 0 {
			out = append(out, Token{W: lower[start:end]})
			start = -1
		}
	}
	for i := 0; i < len(lower); i++ {
		c := lower[i]
		switch {
		case c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' && start >= 0:
			if start < 0 {
				start = i
			}
		case c == ',' || c == '.' || c == ';' || c == ':' || c == '!' || c == '?':
			flush(i)
			out = append(out, Token{W: string(c), Punct: true})
		default:
			flush(i)
		}
	}
	flush(len(lower))
	return out
}

// Stop reports function words that carry no complaint on their own; the derived lexicon keeps no
// unigram of them and no bigram made only of them, unless a negation is part of it ("did not").
func Stop(w string) bool {
	switch w {
	case "a", "an", "the", "i", "me", "my", "mine", "you", "your", "ur", "u", "we", "us", "our", "it", "its",
		"is", "am", "are", "was", "were", "be", "been", "being", "has", "have", "had", "do", "does", "did",
		"to", "of", "in", "on", "at", "for", "from", "with", "by", "about", "and", "or", "but", "so", "if",
		"that", "this", "these", "those", "there", "here", "what", "which", "who", "when", "where", "how",
		"can", "could", "will", "would", "should", "shall", "may", "might", "must", "s", "t", "d", "ll",
		"some", "any", "all", "just", "up", "out", "as", "than", "then", "also", "too", "very", "hi", "hello",
		"hey", "please", "get", "got", "make", "made", "go", "went", "one", "want", "need", "like", "know",
		"he", "she", "they", "them", "his", "her", "their", "him", "im", "dont", "it's", "get my", "yes", "ok":
		return true
	}
	return false
}

// Negation reports words that make a stop-word bigram worth keeping ("did not", "has not").
func Negation(w string) bool {
	switch w {
	case "not", "no", "never", "nothing", "nobody", "none", "didnt", "cant", "wont", "hasnt", "havent", "isnt", "wasnt", "doesnt":
		return true
	}
	return false
}
