package textchunk

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestPieces(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []string
	}{
		{"short sentences untouched", "Hello there. How are you?", []string{"Hello there.", "How are you?"}},
		{"long token broken", strings.Repeat("a", 10), []string{"aaaaaa aaaa"}},
		{"cut at comma past limit", "one two three, four five six, seven", []string{"one two three,", "four five six,", "seven"}},
		{"hard cut", "a b c d e f g", []string{"a b c d e", "f g"}},
		{"digits weigh more", "1 22 333 4444", []string{"1 22", "333", "4444"}},
		{"chinese clause", "您好，欢迎致电客服中心，请问", []string{"您好，欢迎致", "电客服中心，", "请问"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Pieces(tt.in, 3, 6)
			if strings.Join(got, "|") != strings.Join(tt.want, "|") {
				t.Fatalf("Pieces(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func FuzzPieces(f *testing.F) {
	f.Add("Hello, world. 您好，世界！" + strings.Repeat("x", 100))
	f.Fuzz(func(t *testing.T, in string) {
		in = strings.ToValidUTF8(in, "") // callers pass cleaned text
		pieces := Pieces(in, MaxWords, MaxTokenRunes)
		if strings.Join(strings.Fields(strings.Join(pieces, "")), "") != strings.Join(strings.Fields(in), "") {
			t.Fatalf("content changed: %q -> %q", in, pieces)
		}
		for _, p := range pieces {
			for _, tok := range strings.Fields(p) {
				if utf8.RuneCountInString(tok) > MaxTokenRunes {
					t.Fatalf("token of %d runes", utf8.RuneCountInString(tok))
				}
			}
		}
	})
}
