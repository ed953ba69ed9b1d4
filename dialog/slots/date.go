package slots

import (
	"regexp"
	"strconv"
	"strings"
	"time"
)

const dateLayout = "2006-01-02"

func day0(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, t.Location())
}

func weekdayWord(w string) (time.Weekday, bool) {
	switch w {
	case "monday", "mon":
		return time.Monday, true
	case "tuesday", "tues", "tue":
		return time.Tuesday, true
	case "wednesday", "wed":
		return time.Wednesday, true
	case "thursday", "thurs", "thu":
		return time.Thursday, true
	case "friday", "fri":
		return time.Friday, true
	case "saturday":
		return time.Saturday, true
	case "sunday":
		return time.Sunday, true
	}
	return 0, false
}

func monthWord(w string) (time.Month, bool) {
	switch w {
	case "january", "jan":
		return time.January, true
	case "february", "feb":
		return time.February, true
	case "march", "mar":
		return time.March, true
	case "april", "apr":
		return time.April, true
	case "may":
		return time.May, true
	case "june", "jun":
		return time.June, true
	case "july", "jul":
		return time.July, true
	case "august", "aug":
		return time.August, true
	case "september", "sep", "sept":
		return time.September, true
	case "october", "oct":
		return time.October, true
	case "november", "nov":
		return time.November, true
	case "december", "dec":
		return time.December, true
	}
	return 0, false
}

// mondayIndex counts days since Monday, because callers' weeks start on Monday ("下周一", "next week").
func mondayIndex(w time.Weekday) int { return (int(w) + 6) % 7 }

// dayAt reads a day of the month: "3rd", "3", "third", "twenty third", "twenty three".
func dayAt(toks []token, i int) (int, int) {
	if i >= len(toks) {
		return 0, 0
	}
	w := toks[i].s
	if w[0] >= '0' && w[0] <= '9' {
		num := strings.TrimRight(w, "stndrh")
		d, err := strconv.Atoi(num)
		if err != nil || d < 1 || d > 31 {
			return 0, 0
		}
		return d, 1
	}
	if d, ok := ordinalWord(w); ok {
		return d, 1
	}
	if t, ok := tensWord(w); ok && (t == 20 || t == 30) && i+1 < len(toks) {
		if u, ok := ordinalWord(toks[i+1].s); ok && u < 10 && t+u <= 31 {
			return t + u, 2
		}
	}
	if v, n := cardinal(toks, i); n > 0 && v >= 1 && v <= 31 {
		return int(v), n
	}
	return 0, 0
}

// nearestYear places a month and day without a year in the year that puts it closest to now: callers talk
// about recent orders and coming deliveries.
func nearestYear(now time.Time, m time.Month, d int) (time.Time, bool) {
	var best time.Time
	found := false
	for _, y := range []int{now.Year() - 1, now.Year(), now.Year() + 1} {
		t := time.Date(y, m, d, 0, 0, 0, 0, now.Location())
		if t.Month() != m || t.Day() != d {
			return time.Time{}, false // 30 February
		}
		if !found || absDur(t.Sub(day0(now))) < absDur(best.Sub(day0(now))) {
			best, found = t, true
		}
	}
	return best, found
}

func absDur(d time.Duration) time.Duration {
	if d < 0 {
		return -d
	}
	return d
}

func validDate(y int, m time.Month, d int, loc *time.Location) (time.Time, bool) {
	if m < 1 || m > 12 || d < 1 || d > 31 || y < 1900 || y > 2200 {
		return time.Time{}, false
	}
	t := time.Date(y, m, d, 0, 0, 0, 0, loc)
	return t, t.Month() == m && t.Day() == d
}

func dateValue(raw string, t time.Time, sure bool) (Value, bool) {
	return Value{Raw: raw, Normalized: t.Format(dateLayout), Confident: sure}, true
}

// resolveWeekday applies English modifiers to a weekday. "next Friday" said on a Wednesday may mean the
// coming Friday or the one a week later; the later reading is returned and marked unsure.
func resolveWeekday(now time.Time, wd time.Weekday, mod string) (time.Time, bool) {
	today := day0(now)
	ahead := (int(wd) - int(now.Weekday()) + 7) % 7
	switch mod {
	case "last", "past":
		back := (int(now.Weekday()) - int(wd) + 7) % 7
		if back == 0 {
			back = 7
		}
		return today.AddDate(0, 0, -back), true
	case "this", "coming", "on":
		return today.AddDate(0, 0, ahead), true
	case "next":
		coming := ahead
		if coming == 0 {
			coming = 7
		}
		nextWeek := 7 - mondayIndex(now.Weekday()) + mondayIndex(wd)
		return today.AddDate(0, 0, nextWeek), coming == nextWeek
	}
	if ahead == 0 {
		return today.AddDate(0, 0, 7), false
	}
	return today.AddDate(0, 0, ahead), true
}

func enDate(text string, now time.Time) (Value, bool) {
	t := tokenizeEN(text)
	toks := t.toks
	today := day0(now)
	at := t.at
	for i := 0; i < len(toks); i++ {
		w := toks[i].s
		switch w {
		case "today", "tonight":
			return dateValue(t.raw(i, i+1), today, true)
		case "tomorrow", "tmrw":
			if at(i-1) == "after" && at(i-2) == "day" {
				return dateValue(t.raw(i-2, i+1), today.AddDate(0, 0, 2), true)
			}
			return dateValue(t.raw(i, i+1), today.AddDate(0, 0, 1), true)
		case "yesterday":
			if at(i-1) == "before" && at(i-2) == "day" {
				return dateValue(t.raw(i-2, i+1), today.AddDate(0, 0, -2), true)
			}
			return dateValue(t.raw(i, i+1), today.AddDate(0, 0, -1), true)
		}
		if wd, ok := weekdayWord(w); ok {
			mod := at(i - 1)
			from := i
			if mod == "next" || mod == "this" || mod == "last" || mod == "coming" || mod == "past" {
				from = i - 1
			} else {
				mod = ""
			}
			d, sure := resolveWeekday(now, wd, mod)
			return dateValue(t.raw(from, i+1), d, sure)
		}
		if m, ok := monthWord(w); ok {
			// "March 3rd", "March the third", optional year.
			j := i + 1
			if at(j) == "the" {
				j++
			}
			if d, n := dayAt(toks, j); n > 0 {
				end := j + n
				if y, err := strconv.Atoi(at(end)); err == nil && len(at(end)) == 4 {
					if dt, ok := validDate(y, m, d, now.Location()); ok {
						return dateValue(t.raw(i, end+1), dt, true)
					}
				}
				if dt, ok := nearestYear(now, m, d); ok {
					return dateValue(t.raw(i, end), dt, true)
				}
			}
			continue
		}
		// "the 3rd of March", "3rd of March", "the third".
		start := i
		j := i
		if w == "the" {
			j++
		}
		if d, n := dayAt(toks, j); n > 0 {
			isOrd := strings.HasSuffix(at(j), "st") || strings.HasSuffix(at(j), "nd") || strings.HasSuffix(at(j), "rd") || strings.HasSuffix(at(j+n-1), "th")
			if _, ok := ordinalWord(at(j + n - 1)); ok {
				isOrd = true
			}
			if at(j+n) == "of" {
				if m, ok := monthWord(at(j + n + 1)); ok {
					if dt, ok := nearestYear(now, m, d); ok {
						return dateValue(t.raw(start, j+n+2), dt, true)
					}
				}
			}
			if m, ok := monthWord(at(j + n)); ok {
				if dt, ok := nearestYear(now, m, d); ok {
					return dateValue(t.raw(start, j+n+1), dt, true)
				}
			}
			if w == "the" && isOrd {
				// A day of the month alone means the next such day.
				dt := time.Date(now.Year(), now.Month(), d, 0, 0, 0, 0, now.Location())
				if dt.Before(today) || dt.Day() != d {
					dt = time.Date(now.Year(), now.Month()+1, d, 0, 0, 0, 0, now.Location())
				}
				if dt.Day() == d {
					return dateValue(t.raw(start, j+n), dt, true)
				}
			}
		}
		// ISO 2026-03-05 and US 3/5(/2026).
		if isASCIIDigits(w) {
			if len(w) == 4 && at(i+1) == "-" && at(i+3) == "-" {
				y, _ := strconv.Atoi(w)
				mo, e1 := strconv.Atoi(at(i + 2))
				d, e2 := strconv.Atoi(at(i + 4))
				if e1 == nil && e2 == nil {
					if dt, ok := validDate(y, time.Month(mo), d, now.Location()); ok {
						return dateValue(t.raw(i, i+5), dt, true)
					}
				}
			}
			if at(i+1) == "/" {
				mo, _ := strconv.Atoi(w)
				d, err := strconv.Atoi(at(i + 2))
				if err == nil {
					end := i + 3
					var dt time.Time
					ok := false
					if at(end) == "/" {
						if y, err := strconv.Atoi(at(end + 1)); err == nil {
							if y < 100 {
								y += 2000
							}
							dt, ok = validDate(y, time.Month(mo), d, now.Location())
							end += 2
						}
					} else {
						dt, ok = nearestYear(now, time.Month(mo), d)
					}
					if ok {
						// 3/5 is March 5 in the US and 3 May elsewhere.
						return dateValue(t.raw(i, end), dt, mo == d || d > 12)
					}
				}
			}
		}
		// "in three days", "two weeks from now", "three days ago", "next week".
		if w == "in" || w == "within" {
			if n, used := countAt(toks, i+1); used > 0 {
				if unit := at(i + 1 + used); unit != "" {
					if dt, ok := addUnit(today, n, unit); ok {
						return dateValue(t.raw(i, i+2+used), dt, true)
					}
				}
			}
		}
		if n, used := countAt(toks, i); used > 0 {
			unit := at(i + used)
			if at(i+used+1) == "ago" {
				if dt, ok := addUnit(today, -n, unit); ok {
					return dateValue(t.raw(i, i+used+2), dt, true)
				}
			}
			if at(i+used+1) == "from" && at(i+used+2) == "now" {
				if dt, ok := addUnit(today, n, unit); ok {
					return dateValue(t.raw(i, i+used+3), dt, true)
				}
			}
		}
		if w == "next" && at(i+1) == "week" {
			return dateValue(t.raw(i, i+2), today.AddDate(0, 0, 7-mondayIndex(now.Weekday())), false)
		}
	}
	return Value{}, false
}

// countAt reads "three", "3", "a" or "a couple of" as a count.
func countAt(toks []token, i int) (int, int) {
	if i >= len(toks) {
		return 0, 0
	}
	w := toks[i].s
	if w == "a" || w == "one" {
		return 1, 1
	}
	if isASCIIDigits(w) {
		n, err := strconv.Atoi(w)
		if err == nil && n < 1000 {
			return n, 1
		}
		return 0, 0
	}
	if v, n := cardinal(toks, i); n > 0 && v < 1000 {
		return int(v), n
	}
	return 0, 0
}

func addUnit(t time.Time, n int, unit string) (time.Time, bool) {
	switch unit {
	case "day", "days":
		return t.AddDate(0, 0, n), true
	case "week", "weeks":
		return t.AddDate(0, 0, 7*n), true
	case "month", "months":
		return t.AddDate(0, n, 0), true
	}
	return time.Time{}, false
}

const zhNum = `[零〇一二两三四五六七八九十0-9０-９]+`

var (
	reZhFull     = regexp.MustCompile(`(` + zhNum + `)年(` + zhNum + `)月(` + zhNum + `)[日号號]?`)
	reZhMonthDay = regexp.MustCompile(`(` + zhNum + `)月(?:份)?(` + zhNum + `)[日号號]?`)
	reZhDay      = regexp.MustCompile(`(` + zhNum + `)[日号號]`)
	reZhWeekday  = regexp.MustCompile(`(下下|下个|下|这个|这|本|上个|上)?(周|星期|礼拜|禮拜)([一二三四五六日天1-7])`)
	reZhAfter    = regexp.MustCompile(`(` + zhNum + `|半个|一个|两个|几)(个)?(天|周|星期|礼拜|月)(后|以后|之后|前|以前|之前)`)
	reZhNextWeek = regexp.MustCompile(`下(个)?(周|星期|礼拜)`)
)

// zhSmall reads a small Mandarin or Arabic number ("十二", "二十五", "3", "１２").
func zhSmall(s string) (int, bool) {
	rs := []rune(s)
	ascii := true
	for _, r := range rs {
		if _, ok := zhUnit(r); ok {
			ascii = false
			break
		}
		if _, ok := zhDigit(r); !ok {
			return 0, false
		}
	}
	if ascii {
		var sb strings.Builder
		for _, r := range rs {
			d, _ := zhDigit(r)
			sb.WriteByte(d)
		}
		n, err := strconv.Atoi(sb.String())
		return n, err == nil && len(rs) <= 4
	}
	v, ok := zhCardinal(rs, false)
	return int(v), ok && v < 10000
}

func zhWeekday(r string) time.Weekday {
	switch r {
	case "一", "1":
		return time.Monday
	case "二", "2":
		return time.Tuesday
	case "三", "3":
		return time.Wednesday
	case "四", "4":
		return time.Thursday
	case "五", "5":
		return time.Friday
	case "六", "6":
		return time.Saturday
	}
	return time.Sunday
}

func zhDate(text string, now time.Time) (Value, bool) {
	today := day0(now)
	type hit struct {
		at int
		v  Value
	}
	var best *hit
	consider := func(at int, v Value) {
		if best == nil || at < best.at {
			best = &hit{at, v}
		}
	}
	for _, w := range []struct {
		word string
		days int
	}{{"大后天", 3}, {"大前天", -3}, {"后天", 2}, {"前天", -2}, {"今天", 0}, {"今日", 0}, {"今晚", 0}, {"明天", 1}, {"明日", 1}, {"明早", 1}, {"明晚", 1}, {"昨天", -1}, {"昨日", -1}} {
		if k := strings.Index(text, w.word); k >= 0 {
			if (w.word == "后天" || w.word == "前天") && k >= len("大") && text[k-len("大"):k] == "大" {
				continue
			}
			consider(k, Value{Raw: w.word, Normalized: today.AddDate(0, 0, w.days).Format(dateLayout), Confident: true})
		}
	}
	if m := reZhFull.FindStringSubmatchIndex(text); m != nil {
		y, ok1 := zhSmall(text[m[2]:m[3]])
		mo, ok2 := zhSmall(text[m[4]:m[5]])
		d, ok3 := zhSmall(text[m[6]:m[7]])
		if ok1 && ok2 && ok3 {
			if y < 100 {
				y += 2000
			}
			if dt, ok := validDate(y, time.Month(mo), d, now.Location()); ok {
				consider(m[0], Value{Raw: text[m[0]:m[1]], Normalized: dt.Format(dateLayout), Confident: true})
			}
		}
	} else if m := reZhMonthDay.FindStringSubmatchIndex(text); m != nil {
		mo, ok1 := zhSmall(text[m[2]:m[3]])
		d, ok2 := zhSmall(text[m[4]:m[5]])
		if ok1 && ok2 && mo >= 1 && mo <= 12 {
			if dt, ok := nearestYear(now, time.Month(mo), d); ok {
				consider(m[0], Value{Raw: text[m[0]:m[1]], Normalized: dt.Format(dateLayout), Confident: true})
			}
		}
	} else if m := reZhDay.FindStringSubmatchIndex(text); m != nil {
		if d, ok := zhSmall(text[m[2]:m[3]]); ok && d >= 1 && d <= 31 {
			dt := time.Date(now.Year(), now.Month(), d, 0, 0, 0, 0, now.Location())
			if dt.Before(today) {
				dt = time.Date(now.Year(), now.Month()+1, d, 0, 0, 0, 0, now.Location())
			}
			if dt.Day() == d {
				consider(m[0], Value{Raw: text[m[0]:m[1]], Normalized: dt.Format(dateLayout), Confident: true})
			}
		}
	}
	if m := reZhWeekday.FindStringSubmatchIndex(text); m != nil {
		mod := ""
		if m[2] >= 0 {
			mod = text[m[2]:m[3]]
		}
		wd := zhWeekday(text[m[6]:m[7]])
		monday := today.AddDate(0, 0, -mondayIndex(now.Weekday()))
		sure := true
		var dt time.Time
		switch mod {
		case "下", "下个":
			dt = monday.AddDate(0, 0, 7+mondayIndex(wd))
		case "下下":
			dt = monday.AddDate(0, 0, 14+mondayIndex(wd))
		case "上", "上个":
			dt = monday.AddDate(0, 0, -7+mondayIndex(wd))
		case "这", "这个", "本":
			dt = monday.AddDate(0, 0, mondayIndex(wd))
		default:
			dt = monday.AddDate(0, 0, mondayIndex(wd))
			if dt.Before(today) {
				// "周一" on a Wednesday: most likely the coming one, but ask.
				dt = dt.AddDate(0, 0, 7)
				sure = false
			}
		}
		consider(m[0], Value{Raw: text[m[0]:m[1]], Normalized: dt.Format(dateLayout), Confident: sure})
	} else if m := reZhNextWeek.FindStringIndex(text); m != nil {
		monday := today.AddDate(0, 0, 7-mondayIndex(now.Weekday()))
		consider(m[0], Value{Raw: text[m[0]:m[1]], Normalized: monday.Format(dateLayout), Confident: false})
	}
	if m := reZhAfter.FindStringSubmatchIndex(text); m != nil {
		q := text[m[2]:m[3]]
		unit := text[m[6]:m[7]]
		dir := 1
		if strings.HasSuffix(text[m[8]:m[9]], "前") {
			dir = -1
		}
		n, ok := 0, true
		sure := true
		switch q {
		case "半个":
			n = 0
			if unit == "月" {
				n, unit = 15, "天"
			} else {
				ok = false
			}
		case "一个":
			n = 1
		case "两个":
			n = 2
		case "几":
			n, sure = 3, false
		default:
			n, ok = zhSmall(q)
		}
		if ok {
			var dt time.Time
			switch unit {
			case "天":
				dt = today.AddDate(0, 0, dir*n)
			case "周", "星期", "礼拜":
				dt = today.AddDate(0, 0, dir*7*n)
			case "月":
				dt = today.AddDate(0, dir*n, 0)
			}
			consider(m[0], Value{Raw: text[m[0]:m[1]], Normalized: dt.Format(dateLayout), Confident: sure})
		}
	}
	if best == nil {
		return Value{}, false
	}
	return best.v, true
}
