package textnorm

import (
	"strings"
	"testing"
)

func TestWords(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Hello, World!", "hello world"},
		{"I don't know.", "i don't know"},
		{"'quoted' words", "quoted words"},
		{"Order 4", "order four"},
		{"I have 42 items", "i have forty two items"},
		{"at 4pm", "at four pm"},
		{"number 0123", "number zero one two three"},
		{"code 123456", "code one two three four five six"},
		{"1,000 dollars", "one thousand dollars"},
		{"100% sure", "one hundred percent sure"},
		{"it’s fine", "it's fine"},
		{"well-known", "well known"},
		{"2019", "two thousand nineteen"},
		{"  ", ""},
		{"Q&A", "q and a"},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			if got := String(tc.in); got != tc.want {
				t.Fatalf("String(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

func FuzzWords(f *testing.F) {
	for _, s := range []string{"hello 42", "a'b'", "0,", "１２", "''", "9,9.9"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, w := range Words(s) {
			if w == "" || strings.ContainsAny(w, " \t\n") {
				t.Fatalf("bad word %q from %q", w, s)
			}
		}
	})
}
