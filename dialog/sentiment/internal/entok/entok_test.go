package entok

import (
	"strings"
	"testing"
)

func TestSplit(t *testing.T) {
	r := Contractions()
	for _, tc := range []struct{ in, want string }{
		{"i can't log in, it's a rip-off!", "i can not log in | , | it is a rip-off | !"},
		{"hasn't   arrived", "has not arrived"},
		{"", ""},
		{"€€ 42?", "42 | ?"},
	} {
		var parts []string
		cur := []string{}
		for _, tk := range Split(tc.in, r) {
			if tk.Punct {
				if len(cur) > 0 {
					parts = append(parts, strings.Join(cur, " "))
					cur = cur[:0]
				}
				parts = append(parts, tk.W)
				continue
			}
			cur = append(cur, tk.W)
		}
		if len(cur) > 0 {
			parts = append(parts, strings.Join(cur, " "))
		}
		if got := strings.Join(parts, " | "); got != tc.want {
			t.Errorf("Split(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func FuzzSplit(f *testing.F) {
	r := Contractions()
	for _, s := range []string{"can't", "a-b-c", "\xff", "'''", "n't n't"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, tk := range Split(strings.ToLower(s), r) {
			if tk.W == "" {
				t.Fatalf("empty token from %q", s)
			}
		}
	})
}
