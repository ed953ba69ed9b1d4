package slots

import (
	"regexp"
	"testing"
	"time"
	"unicode/utf8"
)

// FuzzExtract feeds arbitrary recogniser text to every kind: no panic, and any value found is well-formed.
func FuzzExtract(f *testing.F) {
	for _, s := range []string{
		"four oh seven two nine", "double seven", "四零七二九幺两", "twenty nine dollars fifty", "$29.50",
		"三百五十块", "二十九块五毛八", "next Monday", "March 3rd", "下周一", "3月5日", "2026-03-15", "3/5/26",
		"half past two", "下午三点半", "差五分三点", "yes no", "不是", "a hundred and", "point", "the 31st",
		"nineteen hundred thousand million", "十万八千", "1,2,3", "9:99", "in 999 days", "",
	} {
		f.Add(s, "en")
		f.Add(s, "zh")
	}
	formats := map[Kind]*regexp.Regexp{
		KindOrderNumber: regexp.MustCompile(`^[0-9]{3,12}$`),
		KindPhone:       regexp.MustCompile(`^\+?[0-9]{5,15}$`),
		KindAmount:      regexp.MustCompile(`^[0-9]+\.[0-9]{2}$`),
		KindDate:        regexp.MustCompile(`^[0-9]{4}-[0-9]{2}-[0-9]{2}$`),
		KindTime:        regexp.MustCompile(`^([01][0-9]|2[0-3]):[0-5][0-9]$`),
		KindYesNo:       regexp.MustCompile(`^(yes|no)$`),
	}
	now := time.Date(2026, time.March, 4, 10, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, text, lang string) {
		for _, k := range Kinds() {
			v, ok := Extract(k, text, lang, now)
			if !ok {
				continue
			}
			if re := formats[k]; re != nil && !re.MatchString(v.Normalized) {
				t.Fatalf("Extract(%s, %q) = %q: malformed", k, text, v.Normalized)
			}
			if k == KindText && v.Normalized == "" {
				t.Fatalf("empty text value for %q", text)
			}
			if utf8.ValidString(text) && !utf8.ValidString(v.Raw) {
				t.Fatalf("Raw %q is not valid UTF-8", v.Raw)
			}
		}
	})
}
