package slots

import (
	"strconv"
	"strings"
)

// digitRun is a stretch of spoken or written digits.
type digitRun struct {
	digits    string
	raw       string
	ambiguous bool
	plus      bool
}

// ambiguousDigit maps homophones that a recogniser may write for a digit. They count only between two
// certain digits, because at the edges they are usually the words they look like ("for four oh seven").
func ambiguousDigit(w string) (string, bool) {
	switch w {
	case "to", "too":
		return "2", true
	case "for", "fore":
		return "4", true
	case "won":
		return "1", true
	case "ate":
		return "8", true
	}
	return "", false
}

func digitFiller(w string) bool {
	switch w {
	case "uh", "um", "er", "erm", "ah", "-", "dash", "hyphen", "and", "hmm":
		return true
	}
	return false
}

// enDigitRuns splits English text into digit runs.
func enDigitRuns(text string) []digitRun {
	t := tokenizeEN(text)
	toks := t.toks
	var runs []digitRun
	var cur digitRun
	start, end := -1, -1
	var pending []string // digits from ambiguous words waiting for a following certain digit
	pendingAmb := false
	flush := func() {
		if cur.digits != "" {
			cur.raw = t.raw(start, end)
			runs = append(runs, cur)
		}
		cur = digitRun{}
		start, end = -1, -1
		pending, pendingAmb = nil, false
	}
	add := func(d string, i, n int) {
		if start < 0 {
			start = i
			if i > 0 && (toks[i-1].s == "plus" || toks[i-1].s == "+") {
				cur.plus = true
			}
		}
		if len(pending) > 0 {
			cur.digits += strings.Join(pending, "")
			cur.ambiguous = cur.ambiguous || pendingAmb
			pending, pendingAmb = nil, false
		}
		cur.digits += d
		end = i + n
	}
	for i := 0; i < len(toks); {
		w := toks[i].s
		// Literal digits, possibly with separators: "4 0 7 2 9", "40729", "407-29".
		if w[0] >= '0' && w[0] <= '9' && isASCIIDigits(stripSeparators(w)) {
			add(stripSeparators(w), i, 1)
			i++
			continue
		}
		if w == "oh" || w == "o" || w == "nought" || w == "zero" {
			add("0", i, 1)
			i++
			continue
		}
		if (w == "double" || w == "triple") && i+1 < len(toks) {
			if d, ok := singleDigit(toks[i+1].s); ok {
				n := 2
				if w == "triple" {
					n = 3
				}
				add(strings.Repeat(d, n), i, 2)
				i += 2
				continue
			}
		}
		if v, n := cardinal(toks, i); n > 0 {
			// "eight hundred five five five…": in a digit string "hundred" closes its group ("800"), it does
			// not absorb the next digit as it would in "four hundred five".
			if n >= 3 && toks[i+n-2].s == "hundred" && i+n < len(toks) {
				if u, ok := unitWord(toks[i+n-1].s); ok {
					if _, more := singleDigit(toks[i+n].s); more {
						v -= int64(u)
						n--
					}
				}
			}
			add(strconv.FormatInt(v, 10), i, n)
			i += n
			continue
		}
		if cur.digits != "" {
			if d, ok := ambiguousDigit(w); ok {
				pending = append(pending, d)
				pendingAmb = true
				i++
				continue
			}
			if digitFiller(w) {
				i++
				continue
			}
		}
		flush()
		i++
	}
	flush()
	return runs
}

func singleDigit(w string) (string, bool) {
	if w == "oh" || w == "o" {
		return "0", true
	}
	if u, ok := unitWord(w); ok {
		return strconv.Itoa(u), true
	}
	if len(w) == 1 && w[0] >= '0' && w[0] <= '9' {
		return w, true
	}
	return "", false
}

func isASCIIDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// zhDigit maps one Mandarin (or ASCII/full-width) digit character, including the radio forms 幺 (1),
// 两 (2), 拐 (7) and 勾 (9).
func zhDigit(r rune) (byte, bool) {
	switch r {
	case '零', '〇', '洞':
		return '0', true
	case '一', '幺', '壹', '腰':
		return '1', true
	case '二', '两', '贰':
		return '2', true
	case '三', '叁':
		return '3', true
	case '四', '肆':
		return '4', true
	case '五', '伍':
		return '5', true
	case '六', '陆':
		return '6', true
	case '七', '柒', '拐':
		return '7', true
	case '八', '捌':
		return '8', true
	case '九', '玖', '勾':
		return '9', true
	}
	if r >= '0' && r <= '9' {
		return byte(r), true
	}
	if r >= '０' && r <= '９' {
		return byte('0' + (r - '０')), true
	}
	return 0, false
}

func zhUnit(r rune) (int64, bool) {
	switch r {
	case '十', '拾':
		return 10, true
	case '百', '佰':
		return 100, true
	case '千', '仟':
		return 1000, true
	case '万':
		return 10000, true
	}
	return 0, false
}

// zhCardinal reads a Mandarin number with place units ("四万零七百二十九", "三百五十"). colloquial
// lets a bare trailing digit take the next lower place ("三百五" = 350, "一千二" = 1200).
func zhCardinal(rs []rune, colloquial bool) (int64, bool) {
	var total, section, digit int64
	lastUnit := int64(0)
	haveDigit := false
	for _, r := range rs {
		if d, ok := zhDigit(r); ok {
			digit = int64(d - '0')
			haveDigit = true
			continue
		}
		u, ok := zhUnit(r)
		if !ok {
			return 0, false
		}
		if u == 10000 {
			section += digit
			if section == 0 {
				section = 1
			}
			total += section * 10000
			section, digit, haveDigit = 0, 0, false
			lastUnit = 10000
			continue
		}
		if !haveDigit {
			digit = 1 // "十二" = 12
		}
		section += digit * u
		digit, haveDigit = 0, false
		lastUnit = u
	}
	if haveDigit {
		if colloquial && lastUnit >= 100 && digit != 0 {
			digit *= lastUnit / 10
		}
		section += digit
	}
	return total + section, true
}

func zhRunFiller(r rune) bool {
	switch r {
	case ' ', '-', '嗯', '呃', '额', '，', ',', '、', '\u3000':
		return true
	}
	return false
}

// zhDigitRuns splits Mandarin text into digit runs. Runs with place units are read as cardinals,
// runs of bare digits digit by digit.
func zhDigitRuns(text string) []digitRun {
	rs := []rune(text)
	var runs []digitRun
	for i := 0; i < len(rs); {
		_, isD := zhDigit(rs[i])
		_, isU := zhUnit(rs[i])
		if !isD && !(isU && (rs[i] == '十' || rs[i] == '拾')) {
			i++
			continue
		}
		j := i
		var body []rune
		hasUnit := false
		last := i
		for j < len(rs) {
			if _, ok := zhDigit(rs[j]); ok {
				body = append(body, rs[j])
				last = j
				j++
				continue
			}
			if _, ok := zhUnit(rs[j]); ok {
				body = append(body, rs[j])
				hasUnit = true
				last = j
				j++
				continue
			}
			if zhRunFiller(rs[j]) {
				j++
				continue
			}
			break
		}
		run := digitRun{raw: string(rs[i : last+1])}
		if i > 0 && (rs[i-1] == '+' || rs[i-1] == '加') {
			run.plus = true
		}
		if hasUnit {
			if v, ok := zhCardinal(body, false); ok {
				run.digits = strconv.FormatInt(v, 10)
			}
		} else {
			var sb strings.Builder
			for _, r := range body {
				d, _ := zhDigit(r)
				sb.WriteByte(d)
			}
			run.digits = sb.String()
		}
		if run.digits != "" {
			runs = append(runs, run)
		}
		i = j
	}
	return runs
}

// pickRun chooses the caller's number among the runs: the longest of those at least minLen long. Several
// plausible runs make the choice uncertain.
func pickRun(runs []digitRun, minLen int) (digitRun, int, bool) {
	best := -1
	plausible := 0
	for i, r := range runs {
		if len(r.digits) < minLen {
			continue
		}
		plausible++
		if best < 0 || len(r.digits) >= len(runs[best].digits) {
			best = i
		}
	}
	if best < 0 {
		return digitRun{}, 0, false
	}
	return runs[best], plausible, true
}

func extractDigits(text string, zh bool, minLen, maxLen, sureMin, sureMax int) (Value, bool) {
	var runs []digitRun
	if zh {
		runs = zhDigitRuns(text)
	} else {
		runs = enDigitRuns(text)
	}
	r, plausible, ok := pickRun(runs, minLen)
	if !ok || len(r.digits) > maxLen {
		return Value{}, false
	}
	return Value{
		Raw:        r.raw,
		Normalized: r.digits,
		Confident:  !r.ambiguous && plausible == 1 && len(r.digits) >= sureMin && len(r.digits) <= sureMax,
	}, true
}

func extractPhone(text string, zh bool) (Value, bool) {
	var runs []digitRun
	if zh {
		runs = zhDigitRuns(text)
	} else {
		runs = enDigitRuns(text)
	}
	r, plausible, ok := pickRun(runs, 5)
	if !ok || len(r.digits) > 15 {
		return Value{}, false
	}
	norm := r.digits
	if r.plus {
		norm = "+" + norm
	}
	return Value{
		Raw:        r.raw,
		Normalized: norm,
		Confident:  !r.ambiguous && plausible == 1 && len(r.digits) >= 7,
	}, true
}

// stripSeparators drops the separators a recogniser writes inside numbers ("1,299", "407.29", "4:07").
func stripSeparators(w string) string {
	if !strings.ContainsAny(w, ",.:") {
		return w
	}
	b := make([]byte, 0, len(w))
	for i := 0; i < len(w); i++ {
		if c := w[i]; c != ',' && c != '.' && c != ':' {
			b = append(b, c)
		}
	}
	return string(b)
}
