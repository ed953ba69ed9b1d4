package textclf

import (
	"bytes"
	"errors"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestHashesMatchStrings(t *testing.T) {
	var e Extractor
	for _, text := range []string{
		"I've refunded the $40 to your card!",
		"我已经给您退了50元，请查收。",
		"Oh great, ANOTHER delay 🙄 thanks a lot #fail",
		"混合 mixed 文本 with 3.5% 利率",
		"",
		"\xff\xfe broken utf8",
	} {
		ss := e.Strings(nil, text)
		hs := e.Hashes(nil, text)
		if len(ss) != len(hs) {
			t.Fatalf("%q: %d strings, %d hashes", text, len(ss), len(hs))
		}
		for i := range ss {
			if HashString(ss[i]) != hs[i] {
				t.Errorf("%q: feature %d %q hash differs", text, i, ss[i])
			}
		}
	}
}

func TestFeatures(t *testing.T) {
	var e Extractor
	got := strings.Join(e.Strings(nil, "Not HAPPY, 退50元!"), "|")
	for _, want := range []string{"g:not", "g:not happy", "g:退", "g:退 0 元", "g:元 !"} {
		if !strings.Contains("|"+got+"|", "|"+want+"|") {
			t.Errorf("features %q lack %q", got, want)
		}
	}
	// a comma ends the clause: no n-gram joins its two sides
	if strings.Contains(got, "happy 退") {
		t.Errorf("n-gram crosses a clause break: %q", got)
	}
}

func toyRows() []Example {
	var rows []Example
	for _, s := range []string{"refund issued to your card", "we refunded you", "your refund is done", "refund sent today", "I refunded the fee"} {
		rows = append(rows, Example{Text: s, Class: "block"})
	}
	for _, s := range []string{"refunds take five days", "our policy allows returns", "returns take five days", "the policy is thirty days", "policy says five days"} {
		rows = append(rows, Example{Text: s, Class: "allow"})
	}
	return rows
}

func TestTrainLearnsAndRoundTrips(t *testing.T) {
	m, err := Train(toyRows(), []string{"allow", "block"}, TrainOptions{MinCount: 1})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		text string
		want string
	}{
		{"we refunded the card", "block"},
		{"policy: returns take days", "allow"},
	}
	for _, tc := range tests {
		if p := m.Prob(tc.text, tc.want); p < 0.6 {
			t.Errorf("P(%s | %q) = %.2f, want > 0.6", tc.want, tc.text, p)
		}
	}
	var buf bytes.Buffer
	if _, err := m.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	m2, err := Parse(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	if m2.Features() != m.Features() || m2.Features() == 0 {
		t.Fatalf("features %d after reading back, %d before", m2.Features(), m.Features())
	}
	for _, tc := range tests {
		a, b := m.Prob(tc.text, "block"), m2.Prob(tc.text, "block")
		if math.Abs(a-b) > 1e-6 {
			t.Errorf("%q: %.6f trained, %.6f read back", tc.text, a, b)
		}
	}
	// deterministic
	m3, _ := Train(toyRows(), []string{"allow", "block"}, TrainOptions{MinCount: 1})
	var buf3 bytes.Buffer
	m3.WriteTo(&buf3)
	if !bytes.Equal(buf.Bytes(), buf3.Bytes()) {
		t.Error("training twice gave different models")
	}
}

func TestTrainErrors(t *testing.T) {
	if _, err := Train(nil, []string{"a", "b"}, TrainOptions{}); !errors.Is(err, ErrNoData) {
		t.Errorf("no rows: %v", err)
	}
	if _, err := Train(toyRows(), []string{"allow", "other"}, TrainOptions{}); !errors.Is(err, ErrNoData) {
		t.Errorf("unknown class: %v", err)
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct{ name, in, line string }{
		{"empty", "", "0 lines"},
		{"header", "# other\n", "line 1"},
		{"classes", header + "\nclasses\tone\n", "line 2"},
		{"bias count", header + "\nclasses\ta\tb\nbias\t1\n", "line 3"},
		{"weight", header + "\nclasses\ta\tb\nbias\t1\t2\n\"g:x\"\t1\tNaN\n", "line 4"},
		{"quote", header + "\nclasses\ta\tb\nbias\t1\t2\ng:x\t1\t2\n", "line 4"},
		{"fields", header + "\nclasses\ta\tb\nbias\t1\t2\n\"g:x\"\t1\n", "line 4"},
	}
	for _, tc := range tests {
		_, err := Parse(strings.NewReader(tc.in))
		if !errors.Is(err, ErrBadModel) || !strings.Contains(err.Error(), tc.line) {
			t.Errorf("%s: %v, want ErrBadModel naming %q", tc.name, err, tc.line)
		}
	}
}

func FuzzParse(f *testing.F) {
	f.Add(header + "\nclasses\ta\tb\nbias\t1\t2\n\"g:x\"\t1\t-1\n")
	f.Add("# textclf v1\nclasses\n")
	f.Fuzz(func(t *testing.T, in string) {
		m, err := Parse(strings.NewReader(in))
		if err != nil {
			return
		}
		p := m.Probs(make([]float64, len(m.Classes())), "some text 文本")
		for _, v := range p {
			if math.IsNaN(v) {
				t.Fatalf("NaN probability from %q", in)
			}
		}
	})
}

func FuzzExtract(f *testing.F) {
	f.Add("I've refunded the $40!")
	f.Add("退50元，好的")
	f.Fuzz(func(t *testing.T, in string) {
		var e Extractor
		ss := e.Strings(nil, in)
		hs := e.Hashes(nil, in)
		if len(ss) != len(hs) {
			t.Fatalf("%d strings, %d hashes", len(ss), len(hs))
		}
	})
}

func BenchmarkProbs(b *testing.B) {
	m, err := Train(toyRows(), []string{"allow", "block"}, TrainOptions{MinCount: 1})
	if err != nil {
		b.Fatal(err)
	}
	p := make([]float64, 2)
	text := "Thanks for holding, Lee. I double-checked with billing and the $72 activation fee has been taken off, so today's total is just the device."
	b.ReportAllocs()
	for b.Loop() {
		m.Probs(p, text)
	}
}

func TestRefresh(t *testing.T) {
	m, err := Train(toyRows(), []string{"allow", "block"}, TrainOptions{MinCount: 1})
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "model.txt")
	if err := Refresh(path, "", m, nil, true); err != nil {
		t.Fatal(err)
	}
	committed, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := Refresh(path, string(committed), m, []string{"we refunded"}, false); err != nil {
		t.Errorf("same model: %v", err)
	}
	other, _ := Train(toyRows()[:6], []string{"allow", "block"}, TrainOptions{MinCount: 1})
	if err := Refresh(path, string(committed), other, []string{"we refunded"}, false); !errors.Is(err, ErrStale) {
		t.Errorf("other model: %v, want ErrStale", err)
	}
	if err := Refresh(path, "garbage", m, nil, false); !errors.Is(err, ErrBadModel) {
		t.Errorf("garbage: %v, want ErrBadModel", err)
	}
}

func TestParseClass(t *testing.T) {
	m, err := Train([]Example{{Text: "refund now", Class: "block"}, {Text: "refund now", Class: "block"}, {Text: "hello there", Class: "allow"}, {Text: "hello there", Class: "allow"}}, []string{"allow", "block"}, TrainOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	if _, err := m.WriteTo(&b); err != nil {
		t.Fatal(err)
	}
	if _, i, err := ParseClass(b.String(), "block"); err != nil || i != 1 {
		t.Errorf("ParseClass block: index %d, %v", i, err)
	}
	if _, _, err := ParseClass(b.String(), "negative"); !errors.Is(err, ErrBadModel) {
		t.Errorf("missing class: %v, want ErrBadModel", err)
	}
	if _, _, err := ParseClass("not a model", "block"); !errors.Is(err, ErrBadModel) {
		t.Errorf("bad text: %v, want ErrBadModel", err)
	}
}
