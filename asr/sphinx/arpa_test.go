package sphinx

import (
	"bufio"
	"bytes"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// readARPA parses the model back: log10 probabilities and backoffs keyed by space-joined words.
func readARPA(t *testing.T, b []byte) (prob, bow map[string]float64, order int) {
	t.Helper()
	prob, bow = map[string]float64{}, map[string]float64{}
	sc := bufio.NewScanner(bytes.NewReader(b))
	n := 0
	for sc.Scan() {
		line := sc.Text()
		switch {
		case strings.HasPrefix(line, "\\") && strings.HasSuffix(line, "-grams:"):
			n, _ = strconv.Atoi(line[1:2])
			order = max(order, n)
			continue
		case line == "" || strings.HasPrefix(line, "\\") || strings.HasPrefix(line, "ngram "):
			continue
		}
		f := strings.Fields(line)
		p, err := strconv.ParseFloat(f[0], 64)
		if err != nil {
			t.Fatalf("bad line %q", line)
		}
		key := strings.Join(f[1:1+n], " ")
		prob[key] = p
		if len(f) == n+2 {
			bow[key], _ = strconv.ParseFloat(f[n+1], 64)
		}
	}
	return prob, bow, order
}

func score(prob, bow map[string]float64, words []string) float64 {
	if p, ok := prob[strings.Join(words, " ")]; ok {
		return math.Pow(10, p)
	}
	if len(words) == 1 {
		return 0
	}
	return math.Pow(10, bow[strings.Join(words[:len(words)-1], " ")]) * score(prob, bow, words[1:])
}

func TestWittenBellSumsToOne(t *testing.T) {
	c := newNgramCounts(3)
	for _, s := range []string{"i want a refund", "i want to speak to an agent", "where is my order", "i want my order", "a refund please"} {
		c.add(strings.Fields(s), 1)
	}
	c.add([]string{"cancel", wordBreak, "order"}, 2)
	m, err := c.wittenBell()
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := m.writeARPA(&buf); err != nil {
		t.Fatal(err)
	}
	prob, bow, order := readARPA(t, buf.Bytes())
	if order != 3 {
		t.Fatalf("order %d", order)
	}
	if prob["<s>"] != -99 {
		t.Fatalf("<s> unigram %v", prob["<s>"])
	}
	if _, ok := prob["cancel order"]; ok {
		t.Fatal("n-gram spans a dropped word")
	}
	vocab := append(m.vocabulary(), sentEnd)
	histories := [][]string{{"<s>"}, {"i"}, {"want"}, {"<s>", "i"}, {"i", "want"}, {"want", "a"}, {"my"}, {"nothing"}, {"agent", "order"}}
	for _, h := range histories {
		var sum float64
		for _, w := range vocab {
			sum += score(prob, bow, append(append([]string{}, h...), w))
		}
		if math.Abs(sum-1) > 1e-4 {
			t.Errorf("history %v: probabilities sum to %.6f", h, sum)
		}
	}
	// Seen continuations beat unseen ones.
	if score(prob, bow, []string{"i", "want", "a"}) <= score(prob, bow, []string{"i", "want", "where"}) {
		t.Error("seen trigram not preferred")
	}
	for k, b := range bow {
		if b > 0 {
			t.Errorf("backoff weight of %q is %v > 1", k, b)
		}
	}
}

func TestWittenBellEmpty(t *testing.T) {
	if _, err := newNgramCounts(3).wittenBell(); err == nil {
		t.Fatal("empty model accepted")
	}
}

func TestARPALoadsInPocketsphinx(t *testing.T) {
	requireModel(t)
	c := newNgramCounts(3)
	c.add(strings.Fields("i want a refund"), 1)
	c.add(strings.Fields("where is my order"), 1)
	m, err := c.wittenBell()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	lm := filepath.Join(dir, "t.lm")
	f, err := os.Create(lm)
	if err != nil {
		t.Fatal(err)
	}
	if err := m.writeARPA(f); err != nil {
		t.Fatal(err)
	}
	f.Close()
	lex, err := loadLexicon(filepath.Join(DefaultModelDir, "cmudict-en-us.dict"), m.vocabulary())
	if err != nil {
		t.Fatal(err)
	}
	dict := filepath.Join(dir, "t.dict")
	if missing, err := lex.writeDict(dict, m.vocabulary()); err != nil || len(missing) > 0 {
		t.Fatalf("dict: %v %v", missing, err)
	}
	d, err := newDecoder([]string{"-hmm", filepath.Join(DefaultModelDir, "en-us"), "-dict", dict, "-logfn", os.DevNull})
	if err != nil {
		t.Fatal(err)
	}
	defer d.free()
	if err := d.setLMFile("t", lm); err != nil {
		t.Fatal(err)
	}
	if err := d.setLMFile("bad", filepath.Join(dir, "missing.lm")); err == nil {
		t.Fatal("missing LM loaded")
	}
}

func TestLexiconCompound(t *testing.T) {
	requireModel(t)
	lex, err := loadLexicon(filepath.Join(DefaultModelDir, "cmudict-en-us.dict"), []string{"voicegate", "qzxqzx", "refund"})
	if err != nil {
		t.Fatal(err)
	}
	if p, ok := lex.pron("voicegate"); !ok || p[0] != "V OY S G EY T" {
		t.Fatalf("voicegate: %v %v", p, ok)
	}
	if _, ok := lex.pron("qzxqzx"); ok {
		t.Fatal("nonsense word got a pronunciation")
	}
}

func TestCanonicalDigits(t *testing.T) {
	tests := map[string]string{
		"um four two oh":          "four two zero",
		"double five one":         "five five one",
		"my number is triple two": "two two two",
		"":                        "",
		"thank you":               "",
	}
	for in, want := range tests {
		if got := canonicalDigits(in); got != want {
			t.Errorf("canonicalDigits(%q)=%q want %q", in, got, want)
		}
	}
}
