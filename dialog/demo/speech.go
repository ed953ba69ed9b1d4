package demo

import (
	"fmt"
	"strings"
	"time"
)

// Spoken forms of order data, so answers read naturally through TTS.

func statusText(status string, zh bool) string {
	en := map[string]string{"processing": "being prepared", "shipped": "shipped", "out_for_delivery": "out for delivery",
		"delivered": "delivered", "cancelled": "cancelled", "returned": "returned"}
	cn := map[string]string{"processing": "在备货", "shipped": "发货", "out_for_delivery": "在派送", "delivered": "签收",
		"cancelled": "取消", "returned": "退货"}
	if zh {
		return cn[status]
	}
	return en[status]
}

func sayItem(p product, qty int, zh bool) string {
	if zh {
		n := []string{"", "一", "两", "三", "四", "五", "六", "七", "八", "九"}
		q := fmt.Sprint(qty)
		if qty < len(n) {
			q = n[qty]
		}
		return q + p.zhMeasure + p.zh
	}
	if qty == 1 {
		return p.en
	}
	n := []string{"", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"}
	q := fmt.Sprint(qty)
	if qty < len(n) {
		q = n[qty]
	}
	return q + " " + p.enPlural
}

func sayList(xs []string, zh bool) string {
	if zh {
		if len(xs) <= 1 {
			return strings.Join(xs, "")
		}
		return strings.Join(xs[:len(xs)-1], "、") + "和" + xs[len(xs)-1]
	}
	switch len(xs) {
	case 0:
		return ""
	case 1:
		return xs[0]
	case 2:
		return xs[0] + " and " + xs[1]
	}
	return strings.Join(xs[:len(xs)-1], ", ") + " and " + xs[len(xs)-1]
}

func ordinal(d int) string {
	suf := "th"
	switch {
	case d%100 >= 11 && d%100 <= 13:
	case d%10 == 1:
		suf = "st"
	case d%10 == 2:
		suf = "nd"
	case d%10 == 3:
		suf = "rd"
	}
	return fmt.Sprintf("%d%s", d, suf)
}

// sayDate speaks a date relative to today: "today", "tomorrow", "on Friday, March 6th"; 今天, 明天, 3月6日星期五.
func sayDate(d, today time.Time, zh bool) string {
	// Count calendar days in UTC so a daylight-saving change does not shift the answer.
	du := time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, time.UTC)
	tu := time.Date(today.Year(), today.Month(), today.Day(), 0, 0, 0, 0, time.UTC)
	diff := int(du.Sub(tu) / (24 * time.Hour))
	if zh {
		switch diff {
		case 0:
			return "今天"
		case 1:
			return "明天"
		case -1:
			return "昨天"
		}
		wd := []string{"日", "一", "二", "三", "四", "五", "六"}[d.Weekday()]
		return fmt.Sprintf("%d月%d日星期%s", int(d.Month()), d.Day(), wd)
	}
	switch diff {
	case 0:
		return "today"
	case 1:
		return "tomorrow"
	case -1:
		return "yesterday"
	}
	return fmt.Sprintf("on %s, %s %s", d.Weekday(), d.Month(), ordinal(d.Day()))
}
