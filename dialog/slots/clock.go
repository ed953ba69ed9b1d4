package slots

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// dayPart is a said or implied half of the day.
type dayPart int

const (
	partNone dayPart = iota
	partAM
	partPM
	partNoon
)

// resolveHour turns a 12-hour clock hour into 24 hours. Without a marker, call-center hours decide:
// 1–6 is afternoon, 9–12 morning; 7 and 8 could be either, so they are unsure.
func resolveHour(h int, part dayPart) (int, bool) {
	switch part {
	case partAM:
		if h == 12 {
			return 0, true
		}
		return h, true
	case partPM:
		if h < 12 {
			return h + 12, true
		}
		return h, true
	case partNoon:
		if h < 12 && h >= 1 && h <= 5 {
			return h + 12, true
		}
		return h, true
	}
	if h >= 13 || h == 0 {
		return h, true
	}
	switch {
	case h >= 1 && h <= 6:
		return h + 12, true
	case h == 7 || h == 8:
		return h, false
	}
	return h, true
}

func clockValue(raw string, h, m int, sure bool) (Value, bool) {
	if h < 0 || h > 24 || m < 0 || m > 59 {
		return Value{}, false
	}
	if h == 24 {
		h = 0
	}
	return Value{Raw: raw, Normalized: fmt.Sprintf("%02d:%02d", h, m), Confident: sure}, true
}

func enDayPart(toks []token) dayPart {
	for i, tk := range toks {
		switch tk.s {
		case "am", "morning":
			return partAM
		case "pm", "afternoon", "evening", "tonight":
			return partPM
		case "night":
			if i > 0 && toks[i-1].s == "at" {
				return partPM
			}
		}
	}
	return partNone
}

// hourAt reads a clock hour 0–23 ("three", "twelve", "3", "15").
func hourAt(toks []token, i int) (int, int) {
	if i >= len(toks) {
		return 0, 0
	}
	w := toks[i].s
	if isASCIIDigits(w) {
		h, err := strconv.Atoi(w)
		if err != nil || h > 24 {
			return 0, 0
		}
		return h, 1
	}
	if v, n := cardinal(toks, i); n > 0 && v >= 1 && v <= 24 {
		return int(v), n
	}
	return 0, 0
}

// minutesAt reads minutes after an hour: "thirty", "forty five", "oh five", "05".
func minutesAt(toks []token, i int) (int, int) {
	if i >= len(toks) {
		return 0, 0
	}
	w := toks[i].s
	if (w == "oh" || w == "o") && i+1 < len(toks) {
		if u, ok := unitWord(toks[i+1].s); ok && u > 0 {
			return u, 2
		}
	}
	if isASCIIDigits(w) && len(w) <= 2 {
		m, _ := strconv.Atoi(w)
		if m < 60 {
			return m, 1
		}
		return 0, 0
	}
	if v, n := cardinal(toks, i); n > 0 && v >= 10 && v < 60 {
		return int(v), n
	}
	return 0, 0
}

func enTime(text string) (Value, bool) {
	t := tokenizeEN(text)
	toks := t.toks
	part := enDayPart(toks)
	at := t.at
	for i := 0; i < len(toks); i++ {
		w := toks[i].s
		switch w {
		case "noon", "midday":
			return clockValue(t.raw(i, i+1), 12, 0, true)
		case "midnight":
			return clockValue(t.raw(i, i+1), 0, 0, true)
		}
		// "half past two", "quarter to three", "ten past four", "twenty minutes to five".
		if w == "half" || w == "quarter" || (len(w) > 0 && w != "a") {
			var mins, n int
			switch w {
			case "half":
				mins, n = 30, 1
			case "quarter":
				mins, n = 15, 1
			default:
				if v, used := cardinal(toks, i); used > 0 && v >= 1 && v < 60 {
					mins, n = int(v), used
				} else if isASCIIDigits(w) {
					if v, err := strconv.Atoi(w); err == nil && v >= 1 && v < 60 {
						mins, n = v, 1
					}
				}
			}
			if n > 0 {
				j := i + n
				if at(j) == "minutes" || at(j) == "minute" {
					j++
				}
				if rel := at(j); rel == "past" || rel == "after" || rel == "to" || rel == "before" || rel == "til" {
					if h, hn := hourAt(toks, j+1); hn > 0 && h >= 1 && h <= 12 && !(w == "half" && rel != "past" && rel != "after") {
						if rel == "to" || rel == "before" || rel == "til" {
							h--
							if h == 0 {
								h = 12
							}
							mins = 60 - mins
						}
						hh, sure := resolveHour(h, part)
						return clockValue(t.raw(i, j+1+hn), hh, mins, sure)
					}
				}
			}
		}
		// "3:30", "15:30" written by the recogniser.
		if strings.Contains(w, ":") {
			parts := strings.SplitN(w, ":", 2)
			h, e1 := strconv.Atoi(parts[0])
			m, e2 := strconv.Atoi(parts[1])
			if e1 == nil && e2 == nil && len(parts[1]) == 2 {
				hh, sure := h, true
				if h <= 12 {
					hh, sure = resolveHour(h, part)
				}
				return clockValue(t.raw(i, i+1), hh, m, sure)
			}
			continue
		}
		// "twelve thirty", "three o'clock", "3 pm", "at three".
		if h, hn := hourAt(toks, i); hn > 0 {
			j := i + hn
			nxt := at(j)
			if nxt == "oclock" {
				hh, sure := resolveHour(h, part)
				return clockValue(t.raw(i, j+1), hh, 0, sure)
			}
			if nxt == "am" || nxt == "pm" {
				p := partAM
				if nxt == "pm" {
					p = partPM
				}
				hh, sure := resolveHour(h, p)
				return clockValue(t.raw(i, j+1), hh, 0, sure)
			}
			if h <= 12 {
				if m, mn := minutesAt(toks, j); mn > 0 {
					end := j + mn
					p := part
					if e := at(end); e == "am" {
						p, end = partAM, end+1
					} else if e == "pm" {
						p, end = partPM, end+1
					}
					hh, sure := resolveHour(h, p)
					return clockValue(t.raw(i, end), hh, m, sure)
				}
			}
			prev := at(i - 1)
			if (prev == "at" || prev == "around" || prev == "about" || prev == "by" || prev == "after" || prev == "before") && h >= 1 && h <= 12 {
				hh, sure := resolveHour(h, part)
				return clockValue(t.raw(i-1, j), hh, 0, sure && part != partNone)
			}
			if len(toks) <= 3 && h >= 1 && h <= 24 && hn == len(toks)-i-boolInt(part != partNone) {
				// A bare "three" answering "what time?": usable, but confirm it.
				hh, _ := resolveHour(h, part)
				return clockValue(t.raw(i, j), hh, 0, part != partNone)
			}
		}
	}
	return Value{}, false
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

var (
	reZhClock = regexp.MustCompile(`(上午|早上|早晨|清晨|凌晨|中午|下午|傍晚|晚上|夜里|半夜)?\s*(` + zhNum + `)\s*[点點时時](?:\s*(半|一刻|三刻|整|钟|(` + zhNum + `)\s*分?))?`)
	reZhCha1  = regexp.MustCompile(`差\s*(一刻|` + zhNum + `)\s*分?\s*(` + zhNum + `)\s*[点點]`)
	reZhCha2  = regexp.MustCompile(`(` + zhNum + `)\s*[点點]\s*差\s*(一刻|` + zhNum + `)\s*分?`)
)

func zhPart(s string) dayPart {
	switch s {
	case "上午", "早上", "早晨", "清晨", "凌晨", "半夜":
		return partAM
	case "下午", "傍晚", "晚上", "夜里":
		return partPM
	case "中午":
		return partNoon
	}
	return partNone
}

func zhTime(text string) (Value, bool) {
	partOf := func(s string) dayPart {
		for _, p := range []string{"上午", "早上", "早晨", "清晨", "凌晨", "中午", "下午", "傍晚", "晚上", "夜里", "半夜"} {
			if strings.Contains(s, p) {
				return zhPart(p)
			}
		}
		return partNone
	}
	cha := func(hs, ms string, raw string) (Value, bool) {
		h, ok1 := zhSmall(hs)
		m, ok2 := 15, true
		if ms != "一刻" {
			m, ok2 = zhSmall(ms)
		}
		if !ok1 || !ok2 || h < 1 || h > 12 || m < 1 || m >= 60 {
			return Value{}, false
		}
		h--
		if h == 0 {
			h = 12
		}
		hh, sure := resolveHour(h, partOf(text))
		return clockValue(raw, hh, 60-m, sure)
	}
	if m := reZhCha1.FindStringSubmatch(text); m != nil {
		if v, ok := cha(m[2], m[1], m[0]); ok {
			return v, true
		}
	}
	if m := reZhCha2.FindStringSubmatch(text); m != nil {
		if v, ok := cha(m[1], m[2], m[0]); ok {
			return v, true
		}
	}
	m := reZhClock.FindStringSubmatch(text)
	if m == nil {
		return Value{}, false
	}
	h, ok := zhSmall(m[2])
	if !ok || h > 24 {
		return Value{}, false
	}
	mins := 0
	switch m[3] {
	case "半":
		mins = 30
	case "一刻":
		mins = 15
	case "三刻":
		mins = 45
	case "", "整", "钟":
	default:
		if mm, ok := zhSmall(m[4]); ok && mm < 60 {
			mins = mm
		} else {
			return Value{}, false
		}
	}
	part := zhPart(m[1])
	if part == partNone {
		part = partOf(text)
	}
	hh, sure := h, true
	if h <= 12 {
		hh, sure = resolveHour(h, part)
	}
	if part == partPM && h == 12 {
		hh = 0 // 晚上十二点 is midnight
		if m[1] == "下午" {
			hh = 12
		}
	}
	return clockValue(strings.TrimSpace(m[0]), hh, mins, sure)
}
