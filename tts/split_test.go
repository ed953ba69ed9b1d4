package tts_test

import (
	"reflect"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/voicegate/voicegate/tts"
)

func TestSplitSentences(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []string
	}{
		{"empty", "", nil},
		{"spaces", "  \n\t ", nil},
		{"one without period", "Hello there", []string{"Hello there"}},
		{"english", "Thanks for calling. How can I help? Say billing!",
			[]string{"Thanks for calling.", "How can I help?", "Say billing!"}},
		{"decimal and domain", "Your balance is 3.50 dollars. Visit example.com today.",
			[]string{"Your balance is 3.50 dollars.", "Visit example.com today."}},
		{"abbreviations", "Dr. Smith will call you, e.g. tomorrow. Mr. J. Doe agrees.",
			[]string{"Dr. Smith will call you, e.g. tomorrow.", "Mr. J. Doe agrees."}},
		{"ellipsis and interrobang", "Wait... what?! Really.",
			[]string{"Wait...", "what?!", "Really."}},
		{"closing quote", `He said "stop." Then left.`, []string{`He said "stop."`, "Then left."}},
		{"semicolon", "Press one for sales; press two for support.",
			[]string{"Press one for sales;", "press two for support."}},
		{"newlines", "Line one\nLine two\r\nLine three", []string{"Line one", "Line two", "Line three"}},
		{"chinese", "您好，欢迎致电。请问有什么可以帮您？好的！",
			[]string{"您好，欢迎致电。", "请问有什么可以帮您？", "好的！"}},
		{"chinese closing quote", "他说：“好的。”然后挂了。", []string{"他说：“好的。”", "然后挂了。"}},
		{"mixed", "Your order 12345 已发货。Thank you.", []string{"Your order 12345 已发货。", "Thank you."}},
		{"punctuation only piece joins previous", "Hello. !!! Bye.", []string{"Hello. !!!", "Bye."}},
		{"leading punctuation kept", "... hello", []string{"... hello"}},
		{"only punctuation", " ?! ", []string{"?!"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := tts.SplitSentences(tt.in)
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("SplitSentences(%q)\n got %q\nwant %q", tt.in, got, tt.want)
			}
		})
	}
}

// FuzzSplitSentences checks the invariants the gateway relies on: no panic, no empty or padded piece,
// and nothing but whitespace lost or reordered.
func FuzzSplitSentences(f *testing.F) {
	for _, s := range []string{"Hello. World!", "您好。再见！", "a.b. c", "...", "\xff\xfe. x", "Mr. . . ?!\n\n", "“”。。"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		got := tts.SplitSentences(in)
		for _, s := range got {
			if s == "" || strings.TrimSpace(s) != s {
				t.Fatalf("piece %q is empty or untrimmed (input %q)", s, in)
			}
		}
		var kept strings.Builder
		for _, s := range got {
			kept.WriteString(strip(s)) // per piece: joining could fuse two invalid bytes into a rune
		}
		if kept.String() != strip(in) {
			t.Fatalf("content changed: %q -> %q", in, got)
		}
	})
}

// strip removes whitespace; invalid UTF-8 bytes are kept as they are (the splitter must not lose them).
func strip(s string) string {
	var b strings.Builder
	for len(s) > 0 {
		r, n := utf8.DecodeRuneInString(s)
		if !unicode.IsSpace(r) || (r == utf8.RuneError && n == 1) {
			b.WriteString(s[:n])
		}
		s = s[n:]
	}
	return b.String()
}
