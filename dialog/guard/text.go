package guard

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/voicegate/voicegate/dialog/internal/numword"
)

// normalize lower-cases text, folds full-width ASCII and typographic quotes, expands English contractions
// and rewrites numbers written in words (English and Chinese) as digits, so one set of patterns sees
// "five hundred dollars", "$500" and "五百元" alike.
func normalize(s string, contr *strings.Replacer) string {
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, " ")
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case r >= 0xFF01 && r <= 0xFF5E: // full-width ASCII
			r -= 0xFEE0
		case r == 0x3000:
			r = ' '
		case r == '’' || r == '‘' || r == '`' || r == '´':
			r = '\''
		case r == '“' || r == '”':
			r = '"'
		case r == '￥':
			r = '¥'
		case r == '–' || r == '—' || r == '～':
			r = '-'
		}
		b.WriteRune(unicode.ToLower(r))
	}
	s = b.String()
	if strings.Contains(s, "'") || strings.Contains(s, "cannot") {
		s = contr.Replace(s)
	}
	s = englishNumbers(s)
	s = chineseNumbers(s)
	return s
}

// contractions expands English contractions; each Guard builds one, keeping the package free of state.
func contractions() *strings.Replacer {
	return strings.NewReplacer(
		"can't", "can not", "cannot", "can not", "won't", "will not", "shan't", "shall not",
		"i'm", "i am", "let's", "let us", "it's been", "it has been", "that's been", "that has been",
		"there's been", "there has been", "it's", "it is", "that's", "that is", "here's", "here is",
		"'ll", " will", "'ve", " have", "'re", " are", "'d", " would", "n't", " not",
	)
}

func isWordRune(r rune) bool {
	return r < utf8.RuneSelf && (r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '\'')
}

// enSmall reads an English number word below one hundred.
func enSmall(w string) (int, bool) { return numword.Small(w) }

// englishNumbers rewrites runs of English number words ("two hundred and fifty", "a hundred",
// "twenty-five") as digits. Single "one"/"a" without a scale word is left alone: it is usually a pronoun
// or article.
func englishNumbers(s string) string {
	if !strings.ContainsAny(s, "efhinorstuvwxyz") {
		return s
	}
	words := splitKeep(s)
	var out strings.Builder
	out.Grow(len(s))
	for i := 0; i < len(words); {
		w := words[i]
		_, small := enSmall(w)
		if !small && !((w == "a" || w == "an") && i+2 < len(words) && (words[i+2] == "hundred" || words[i+2] == "thousand") && words[i+1] == " ") {
			out.WriteString(w)
			i++
			continue
		}
		total, cur, j, used, last := 0, 0, i, 0, i
		for j < len(words) {
			t := words[j]
			if t == " " || t == "-" || (t == "and" && used > 0) {
				j++
				continue
			}
			if v, ok := enSmall(t); ok {
				cur += v
			} else if (t == "a" || t == "an") && used == 0 {
				cur = 1
			} else if t == "hundred" && used > 0 {
				if cur == 0 {
					cur = 1
				}
				cur *= 100
			} else if (t == "thousand" || t == "k") && used > 0 {
				if cur == 0 {
					cur = 1
				}
				total += cur * 1000
				cur = 0
			} else {
				break
			}
			used++
			j++
			last = j
		}
		if used == 1 && (w == "one" || w == "zero") {
			out.WriteString(w)
			i++
			continue
		}
		out.WriteString(strconv.Itoa(total + cur))
		i = last
	}
	return out.String()
}

// splitKeep splits s into word tokens and single non-word runes, keeping everything, so joining the
// pieces gives s back.
func splitKeep(s string) []string {
	var parts []string
	start := -1
	for i, r := range s {
		if isWordRune(r) && r != '\'' {
			if start < 0 {
				start = i
			}
			continue
		}
		if start >= 0 {
			parts = append(parts, s[start:i])
			start = -1
		}
		parts = append(parts, string(r))
	}
	if start >= 0 {
		parts = append(parts, s[start:])
	}
	return parts
}

func zhDigit(r rune) (int, bool) {
	switch r {
	case '零', '〇':
		return 0, true
	case '一':
		return 1, true
	case '二', '两':
		return 2, true
	case '三':
		return 3, true
	case '四':
		return 4, true
	case '五':
		return 5, true
	case '六':
		return 6, true
	case '七':
		return 7, true
	case '八':
		return 8, true
	case '九':
		return 9, true
	}
	return 0, false
}

func zhUnit(r rune) (int, bool) {
	switch r {
	case '十':
		return 10, true
	case '百':
		return 100, true
	case '千':
		return 1000, true
	case '万':
		return 10000, true
	}
	return 0, false
}

// zhNumberFollowers are what must follow a Chinese numeral for it to be read as a number; without this,
// words such as 一定 or 一下 would turn into digits.
func zhNumberFollower(rest string) bool {
	for _, f := range []string{"元", "块", "美元", "美金", "欧元", "英镑", "人民币", "天", "日", "周", "星期", "个", "月", "年", "折", "%", "毛", "角", "成"} {
		if strings.HasPrefix(rest, f) {
			return true
		}
	}
	return false
}

// chineseNumbers rewrites Chinese numerals that precede a unit (五百元, 三十天, 八折, 八五折) or follow
// 百分之 as digits.
func chineseNumbers(s string) string {
	if !strings.ContainsAny(s, "零〇一二两三四五六七八九十百千万") {
		return s
	}
	var out strings.Builder
	out.Grow(len(s))
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		_, d := zhDigit(r)
		_, u := zhUnit(r)
		if !d && !u {
			out.WriteString(s[i : i+size])
			i += size
			continue
		}
		j := i
		var runes []rune
		for j < len(s) {
			r2, sz := utf8.DecodeRuneInString(s[j:])
			_, d2 := zhDigit(r2)
			_, u2 := zhUnit(r2)
			if !d2 && !u2 {
				break
			}
			runes = append(runes, r2)
			j += sz
		}
		prefixed := strings.HasSuffix(s[:i], "百分之")
		if !prefixed && !zhNumberFollower(s[j:]) {
			out.WriteString(s[i:j])
			i = j
			continue
		}
		out.WriteString(zhValue(runes))
		i = j
	}
	return out.String()
}

// zhValue reads a numeral: 二百五十 = 250, 一万二 = 12000 is not handled (read as 10002) but such colloquial
// abbreviations are rare in prices a bot states; 八五 (no units) is read digit by digit as 85.
func zhValue(rs []rune) string {
	hasUnit := false
	for _, r := range rs {
		if _, ok := zhUnit(r); ok {
			hasUnit = true
		}
	}
	if !hasUnit {
		var b strings.Builder
		for _, r := range rs {
			d, _ := zhDigit(r)
			b.WriteByte(byte('0' + d))
		}
		return b.String()
	}
	total, section, digit := 0, 0, 0
	for _, r := range rs {
		if d, ok := zhDigit(r); ok {
			digit = d
			continue
		}
		u, _ := zhUnit(r)
		if u == 10000 {
			section += digit
			total += section * 10000
			section, digit = 0, 0
			continue
		}
		if digit == 0 {
			digit = 1
		}
		section += digit * u
		digit = 0
	}
	return strconv.Itoa(total + section + digit)
}

// sentences splits normalized text at sentence ends. A '.' between digits (5.99) does not end a sentence.
func sentences(s string) []string {
	var out []string
	start := 0
	for i, r := range s {
		end := false
		switch r {
		case '!', '?', ';', '。', '！', '？', '；', '\n':
			end = true
		case '.':
			// Not an end: 5.99, "a.m.", "e.g." (a letter right after, or a one-letter word before).
			next := i + 1
			end = !(i > 0 && next < len(s) && isDigit(s[i-1]) && isDigit(s[next])) &&
				!(next < len(s) && isLetter(s[next])) && !(i >= 2 && isLetter(s[i-1]) && s[i-2] == '.')
		}
		if end {
			if t := strings.TrimSpace(s[start:i]); t != "" {
				out = append(out, t)
			}
			start = i + utf8.RuneLen(r)
		}
	}
	if t := strings.TrimSpace(s[start:]); t != "" {
		out = append(out, t)
	}
	return out
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func isLetter(c byte) bool { return c >= 'a' && c <= 'z' }
