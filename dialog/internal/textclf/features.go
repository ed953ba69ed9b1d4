// Package textclf is a small multinomial logistic-regression text classifier over word and character
// n-grams, trained on our own labelled rows. The guard and the sentiment analyser use it beside their rules:
// the rules stay the explainable first line, the model catches phrasings no rule author thought of.
//
// A model is a readable text file (one n-gram and its per-class weights per line), so a reviewer can see
// what was learned, and it is rebuilt deterministically from the committed rows.
package textclf

import (
	"unicode"
	"unicode/utf8"
)

// unit kinds: a Han character, a Latin word, a number, a symbol that carries meaning (! ? $ % emoji).
const (
	kHan = iota
	kWord
	kNum
	kSym
)

type unit struct {
	kind  int
	start int
	end   int
}

// walker splits text into units and hands each clause's units to a callback (appendGrams builds n-grams from them);
// a comma or full stop ends the clause so n-grams do not join unrelated phrases.
type walker struct {
	units []unit
}

// fnv-1a, streamed so a feature's hash equals the hash of its string form.
const (
	fnvOffset uint64 = 14695981039346656037
	fnvPrime  uint64 = 1099511628211
)

func hashStr(h uint64, s string) uint64 {
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= fnvPrime
	}
	return h
}

func hashBytes(h uint64, b []byte) uint64 {
	for _, c := range b {
		h ^= uint64(c)
		h *= fnvPrime
	}
	return h
}

func hashByte(h uint64, b byte) uint64 {
	h ^= uint64(b)
	return h * fnvPrime
}

// HashString is the hash of a feature's string form, as emitted by Strings.
func HashString(s string) uint64 { return hashStr(fnvOffset, s) }

func isHan(r rune) bool {
	return (r >= 0x4E00 && r <= 0x9FFF) || (r >= 0x3400 && r <= 0x4DBF)
}

func isClauseBreak(r rune) bool {
	switch r {
	case ',', '.', ';', ':', '，', '。', '；', '：', '、', '\n', '(', ')', '（', '）', '"', '“', '”', '…':
		return true
	}
	return false
}

func isMeaningSym(r rune) bool {
	switch r {
	case '!', '?', '！', '？', '$', '%', '¥', '€', '£', '#', '@', '～', '~':
		return true
	}
	// emoji and pictographs carry sentiment
	return r >= 0x2600 && r <= 0x27BF || r >= 0x1F300 && r <= 0x1FAFF
}

// lower is text in lower case with full-width ASCII folded; it is what unit offsets index.
func lower(dst []byte, text string) []byte {
	dst = dst[:0]
	for _, r := range text {
		if r == utf8.RuneError {
			r = ' '
		}
		switch {
		case r >= 0xFF01 && r <= 0xFF5E && r != 0xFF01 && r != 0xFF1F && r != 0xFF0C && r != 0xFF1A && r != 0xFF1B:
			r -= 0xFEE0
		case r == '’' || r == '‘':
			r = '\''
		}
		dst = utf8.AppendRune(dst, unicode.ToLower(r))
	}
	return dst
}

// split fills w.units from s and returns clause ids per unit via the sink callbacks.
func (w *walker) split(s []byte, emit func(units []unit)) {
	w.units = w.units[:0]
	flush := func() {
		if len(w.units) > 0 {
			emit(w.units)
		}
		w.units = w.units[:0]
	}
	i := 0
	for i < len(s) {
		r, n := utf8.DecodeRune(s[i:])
		switch {
		case isHan(r):
			w.units = append(w.units, unit{kHan, i, i + n})
			i += n
		case r < utf8.RuneSelf && (r >= 'a' && r <= 'z' || r == '\''):
			j := i
			for j < len(s) && (s[j] >= 'a' && s[j] <= 'z' || s[j] == '\'' || s[j] >= '0' && s[j] <= '9') {
				j++
			}
			w.units = append(w.units, unit{kWord, i, j})
			i = j
		case r >= '0' && r <= '9':
			j := i
			for j < len(s) && (s[j] >= '0' && s[j] <= '9' || s[j] == '.' && j+1 < len(s) && s[j+1] >= '0' && s[j+1] <= '9') {
				j++
			}
			w.units = append(w.units, unit{kNum, i, j})
			i = j
		case isMeaningSym(r):
			w.units = append(w.units, unit{kSym, i, i + n})
			i += n
			if r == '!' || r == '?' || r == '！' || r == '？' {
				flush()
			}
		case isClauseBreak(r):
			flush()
			i += n
		default:
			i += n
		}
	}
	flush()
}

// Extractor turns text into features. It is not safe for concurrent use; make one per goroutine or use
// a Model, which pools them.
type Extractor struct {
	buf []byte
	w   walker
}

// Hashes appends the hashes of text's features to dst.
func (e *Extractor) Hashes(dst []uint64, text string) []uint64 {
	return appendGrams(e, dst, text, hashForm{})
}

// Strings appends text's features in readable form (the same features Hashes emits, in the same order).
func (e *Extractor) Strings(dst []string, text string) []string {
	return appendGrams(e, dst, text, stringForm{})
}

// featureForm builds a feature piece by piece: as its hash (the scoring path, no allocations) or as its
// string (training and the model file). Both see the same pieces, so a feature's hash is the hash of its
// string form.
type featureForm[T any] interface {
	begin() T
	extend(f T, piece []byte) T
	extendByte(f T, b byte) T
}

type hashForm struct{}

func (hashForm) begin() uint64                        { return hashStr(fnvOffset, "g:") }
func (hashForm) extend(h uint64, piece []byte) uint64 { return hashBytes(h, piece) }
func (hashForm) extendByte(h uint64, b byte) uint64   { return hashByte(h, b) }

type stringForm struct{}

func (stringForm) begin() string                        { return "g:" }
func (stringForm) extend(f string, piece []byte) string { return f + string(piece) }
func (stringForm) extendByte(f string, b byte) string   { return f + string(rune(b)) }

// appendGrams appends the n-grams of one to three consecutive units within each clause of text, in form.
// A number is one shape ("0") so amounts generalise.
func appendGrams[T any, F featureForm[T]](e *Extractor, dst []T, text string, form F) []T {
	e.buf = lower(e.buf, text)
	s := e.buf
	e.w.split(s, func(us []unit) {
		for i := range us {
			f := form.begin()
			for n := 1; n <= 3 && i+n <= len(us); n++ {
				if n > 1 {
					f = form.extendByte(f, ' ')
				}
				if u := us[i+n-1]; u.kind == kNum {
					f = form.extendByte(f, '0')
				} else {
					f = form.extend(f, s[u.start:u.end])
				}
				dst = append(dst, f)
			}
		}
	})
	return dst
}
