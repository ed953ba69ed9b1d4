package slots

import (
	"math"
	"strconv"
	"strings"
)

func currencyWord(w string) bool {
	switch w {
	case "dollar", "dollars", "buck", "bucks", "usd", "euro", "euros", "pound", "pounds", "quid", "yuan", "rmb", "kuai":
		return true
	}
	return false
}

func formatCents(c int64) string {
	return strconv.FormatInt(c/100, 10) + "." + leftPad2(c%100)
}

func leftPad2(n int64) string {
	if n < 10 {
		return "0" + strconv.FormatInt(n, 10)
	}
	return strconv.FormatInt(n, 10)
}

// enNumberAt reads a number at toks[i] as hundredths: a literal ("29.50", "1,299") or words, with an
// optional "point five" fraction. frac reports a fractional part was said.
func enNumberAt(toks []token, i int) (cents int64, n int, frac bool) {
	if i >= len(toks) {
		return 0, 0, false
	}
	w := toks[i].s
	if w[0] >= '0' && w[0] <= '9' {
		lit := strings.ReplaceAll(w, ",", "")
		f, err := strconv.ParseFloat(lit, 64)
		if err != nil || f > 1e12 || strings.Contains(lit, ":") {
			return 0, 0, false
		}
		return int64(math.Round(f * 100)), 1, strings.Contains(lit, ".")
	}
	v, used := cardinal(toks, i)
	if used == 0 || v > 1e10 {
		return 0, 0, false
	}
	cents = v * 100
	j := i + used
	if j+1 < len(toks) && toks[j].s == "point" {
		var ds []byte
		k := j + 1
		for k < len(toks) && len(ds) < 2 {
			d, ok := singleDigit(toks[k].s)
			if !ok {
				break
			}
			ds = append(ds, d[0])
			k++
		}
		if len(ds) > 0 {
			if len(ds) == 1 {
				ds = append(ds, '0')
			}
			f, _ := strconv.Atoi(string(ds))
			return cents + int64(f), k - i, true
		}
	}
	return cents, used, false
}

func enAmount(text string) (Value, bool) {
	t := tokenizeEN(text)
	toks := t.toks
	for i := range toks {
		j := i
		sym := false
		if s := toks[j].s; s == "$" || s == "€" || s == "£" {
			sym = true
			j++
		}
		cents, n, frac := enNumberAt(toks, j)
		if n == 0 {
			continue
		}
		j += n
		confident := true
		cur := false
		if j < len(toks) && (toks[j].s == "cents" || toks[j].s == "cent") && !sym && !frac && cents < 10000 {
			return Value{Raw: t.raw(i, j+1), Normalized: formatCents(cents / 100), Confident: true}, true
		}
		if j < len(toks) && currencyWord(toks[j].s) {
			cur = true
			j++
		}
		if !frac {
			k := j
			if k < len(toks) && toks[k].s == "and" {
				k++
			}
			if c2, n2, f2 := enNumberAt(toks, k); n2 > 0 && !f2 && c2 < 10000 && c2 > 0 {
				// "twenty nine dollars fifty" or, without a currency word, "twenty nine fifty": the second
				// number is cents, but "one fifty" could also mean 150, so the bare form is a guess.
				if sym || cur || cents < 100000 {
					if !sym && !cur {
						confident = false
					}
					cents += c2 / 100
					j = k + n2
					if j < len(toks) && (toks[j].s == "cents" || toks[j].s == "cent") {
						j++
					}
				}
			}
		}
		return Value{Raw: t.raw(i, j), Normalized: formatCents(cents), Confident: confident}, true
	}
	return Value{}, false
}

func zhCurrency(rs []rune, i int) int {
	for _, m := range []string{"块钱", "元钱", "美元", "美金", "人民币", "块", "元", "圆", "刀"} {
		mr := []rune(m)
		if i+len(mr) <= len(rs) && string(rs[i:i+len(mr)]) == m {
			return len(mr)
		}
	}
	return 0
}

// zhNumberSpan returns the end of a number starting at rs[i] (digits, place units, a decimal point).
func zhNumberSpan(rs []rune, i int) int {
	j := i
	for j < len(rs) {
		_, d := zhDigit(rs[j])
		_, u := zhUnit(rs[j])
		if d || u || (rs[j] == '.' && j > i && j+1 < len(rs) && rs[j+1] >= '0' && rs[j+1] <= '9') {
			j++
			continue
		}
		break
	}
	return j
}

// zhNumberValue reads a number span in hundredths.
func zhNumberValue(seg []rune) (int64, bool) {
	s := string(seg)
	if strings.ContainsAny(s, ".") || isASCIIDigits(s) {
		f, err := strconv.ParseFloat(s, 64)
		if err != nil || f > 1e12 {
			return 0, false
		}
		return int64(math.Round(f * 100)), true
	}
	hasUnit := false
	for _, r := range seg {
		if _, ok := zhUnit(r); ok {
			hasUnit = true
		}
	}
	if hasUnit {
		v, ok := zhCardinal(seg, true)
		return v * 100, ok && v < 1e10
	}
	var sb strings.Builder
	for _, r := range seg {
		d, _ := zhDigit(r)
		sb.WriteByte(d)
	}
	v, err := strconv.ParseInt(sb.String(), 10, 64)
	return v * 100, err == nil && v < 1e10
}

func zhAmount(text string) (Value, bool) {
	rs := []rune(text)
	type cand struct {
		v         Value
		hasMarker bool
	}
	var first *cand
	for i := 0; i < len(rs); i++ {
		if _, ok := zhDigit(rs[i]); !ok {
			if _, u := zhUnit(rs[i]); !u || rs[i] == '万' || rs[i] == '千' {
				continue
			}
		}
		j := zhNumberSpan(rs, i)
		if j == i {
			continue
		}
		cents, ok := zhNumberValue(rs[i:j])
		if !ok {
			i = j
			continue
		}
		end := j
		marker := i > 0 && strings.ContainsRune("$¥￥€£", rs[i-1])
		if n := zhCurrency(rs, j); n > 0 {
			marker = true
			end = j + n
			// "二十九块五(毛)(八分)": tenths then hundredths after the currency word.
			k := end
			if k < len(rs) && rs[k] == '零' {
				k++
			}
			if k < len(rs) {
				if d, ok := zhDigit(rs[k]); ok {
					jiao := int64(d - '0')
					k++
					if k < len(rs) && (rs[k] == '毛' || rs[k] == '角') {
						k++
					}
					cents += jiao * 10
					end = k
					if k < len(rs) {
						if d2, ok := zhDigit(rs[k]); ok {
							k++
							if k < len(rs) && rs[k] == '分' {
								k++
							}
							cents += int64(d2 - '0')
							end = k
						}
					}
				}
			}
		} else if j < len(rs) && (rs[j] == '毛' || rs[j] == '角') && cents < 1000 {
			cents /= 10
			marker = true
			end = j + 1
		}
		c := cand{v: Value{Raw: string(rs[i:end]), Normalized: formatCents(cents), Confident: true}, hasMarker: marker}
		if marker {
			return c.v, true
		}
		if first == nil {
			// A bare number with place units ("三百五") is still a clear amount; bare digits are a guess.
			hasUnit := false
			for _, r := range rs[i:j] {
				if _, ok := zhUnit(r); ok {
					hasUnit = true
				}
			}
			c.v.Confident = hasUnit
			first = &c
		}
		i = end - 1
	}
	if first != nil {
		return first.v, true
	}
	return Value{}, false
}
