// Package slots pulls typed values (order numbers, phone numbers, amounts, dates, times, yes/no) out of
// recognised speech in English and Mandarin. Input is what a recogniser wrote, not what a person typed: digits
// come as words ("four oh seven two nine", "四零七二九", "幺"), amounts and times as spoken phrases. When the
// text can be read more than one way the value is still returned but marked not Confident, so the dialog
// engine asks the caller to confirm instead of acting on a guess.
package slots

import (
	"strings"
	"time"
	"unicode"
)

// Kind is the type of a slot.
type Kind string

// Slot kinds. The string values appear in knowledge-base files.
const (
	KindOrderNumber Kind = "order_number"
	KindPhone       Kind = "phone"
	KindAmount      Kind = "amount"
	KindDate        Kind = "date"
	KindTime        Kind = "time"
	KindText        Kind = "text"
	KindYesNo       Kind = "yesno"
)

// Kinds lists every kind Extract understands.
func Kinds() []Kind {
	return []Kind{KindOrderNumber, KindPhone, KindAmount, KindDate, KindTime, KindText, KindYesNo}
}

// Valid reports whether k is a known kind.
func (k Kind) Valid() bool {
	for _, v := range Kinds() {
		if k == v {
			return true
		}
	}
	return false
}

// Value is one extracted slot value.
type Value struct {
	// Raw is the part of the text the value was read from.
	Raw string
	// Normalized is the canonical form: digits for numbers ("40729", "+4930123456"), a decimal with two
	// places for amounts ("29.50"), YYYY-MM-DD for dates, HH:MM (24 h) for times, "yes"/"no", or the
	// cleaned text.
	Normalized string
	// Confident is false when the text allowed another reading (homophones such as "for"/"four", several
	// candidate numbers, am/pm or day/month guesses); the engine should confirm such values.
	Confident bool
}

// Extract reads a value of the given kind from recognised text. lang is a BCP 47-ish tag ("en", "zh",
// "zh-CN"); text containing Han characters is read with Mandarin rules whatever lang says, because callers
// mix languages. now anchors relative dates ("tomorrow", "下周一"). It reports false when no value of that
// kind is present.
func Extract(kind Kind, text, lang string, now time.Time) (Value, bool) {
	text = strings.TrimSpace(text)
	if text == "" {
		return Value{}, false
	}
	zh := hasHan(text) || strings.HasPrefix(strings.ToLower(lang), "zh")
	switch kind {
	case KindOrderNumber:
		return extractDigits(text, zh, 3, 12, 4, 10)
	case KindPhone:
		return extractPhone(text, zh)
	case KindAmount:
		if zh {
			v, ok := zhAmount(text)
			if ok && v.Confident {
				return v, true
			}
			if ev, eok := enAmount(text); eok && ev.Confident {
				return ev, true
			}
			return v, ok
		}
		return enAmount(text)
	case KindDate:
		if zh {
			if v, ok := zhDate(text, now); ok {
				return v, true
			}
		}
		return enDate(text, now)
	case KindTime:
		if zh {
			if v, ok := zhTime(text); ok {
				return v, true
			}
		}
		return enTime(text)
	case KindYesNo:
		return yesNo(text, zh)
	case KindText:
		return cleanText(text)
	}
	return Value{}, false
}

func hasHan(s string) bool {
	for _, r := range s {
		if unicode.Is(unicode.Han, r) {
			return true
		}
	}
	return false
}

// cleanText drops leading hesitation words so "um my new address is…" keeps the content.
func cleanText(text string) (Value, bool) {
	fields := strings.Fields(text)
	for len(fields) > 0 && isFiller(strings.ToLower(strings.Trim(fields[0], ",.!?"))) {
		fields = fields[1:]
	}
	out := strings.Join(fields, " ")
	out = strings.TrimLeft(out, "嗯呃啊额，, ")
	if out == "" {
		return Value{}, false
	}
	return Value{Raw: text, Normalized: out, Confident: true}, true
}

func isFiller(w string) bool {
	switch w {
	case "uh", "um", "er", "erm", "ah", "hmm", "mm", "uhm", "like", "well":
		return true
	}
	return false
}
