package sphinx

import (
	"bufio"
	"fmt"
	"os"
	"slices"
	"strings"
)

// lexicon maps words to pronunciations (CMU phone strings), only for the words a model needs: scanning the
// 135k-word dictionary once per model build keeps no large table in memory between builds.
type lexicon map[string][]string

// minPart is the shortest piece a compound may be split into ("voicegate" -> "voice" + "gate").
const minPart = 3

// loadLexicon reads the pronunciations of words (and of the pieces they could be split into) from a
// CMU-format dictionary file.
func loadLexicon(path string, words []string) (lexicon, error) {
	want := map[string]bool{}
	for _, w := range words {
		want[w] = true
		for i := minPart; i <= len(w)-minPart; i++ {
			want[w[:i]] = true
			want[w[i:]] = true
		}
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	lex := lexicon{}
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 64*1024), 1024*1024)
	for sc.Scan() {
		line := sc.Text()
		head, phones, ok := strings.Cut(line, " ")
		if !ok || strings.HasPrefix(line, "#") {
			continue
		}
		if i := strings.IndexByte(head, '('); i > 0 {
			head = head[:i] // alternate pronunciation "word(2)"
		}
		if want[head] {
			lex[head] = append(lex[head], strings.TrimSpace(phones))
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	return lex, nil
}

// pron returns the pronunciations of w, composing one from two known pieces when w itself is missing.
func (l lexicon) pron(w string) ([]string, bool) {
	if p, ok := l[w]; ok {
		return p, true
	}
	// Prefer the most balanced split: product names are usually two real words.
	best, bestScore := "", -1
	for i := minPart; i <= len(w)-minPart; i++ {
		a, okA := l[w[:i]]
		b, okB := l[w[i:]]
		if okA && okB {
			score := min(i, len(w)-i)
			if score > bestScore {
				best, bestScore = a[0]+" "+b[0], score
			}
		}
	}
	if bestScore < 0 {
		return nil, false
	}
	return []string{best}, true
}

// writeDict writes a pocketsphinx dictionary with the given words; it returns the words it had to leave out.
func (l lexicon) writeDict(path string, words []string) (missing []string, err error) {
	ws := slices.Clone(words)
	slices.Sort(ws)
	ws = slices.Compact(ws)
	var b strings.Builder
	for _, w := range ws {
		ps, ok := l.pron(w)
		if !ok {
			missing = append(missing, w)
			continue
		}
		for i, p := range ps {
			if i == 0 {
				fmt.Fprintf(&b, "%s %s\n", w, p)
			} else {
				fmt.Fprintf(&b, "%s(%d) %s\n", w, i+1, p)
			}
		}
	}
	return missing, os.WriteFile(path, []byte(b.String()), 0o600)
}
