package slots

import "strings"

// yesNo reads an answer to a yes/no question. A "no" word that sits inside a negated phrase ("no problem",
// "not really") is handled by checking the longer negative phrases first.
func yesNo(text string, zh bool) (Value, bool) {
	if zh {
		low := strings.ToLower(text)
		// Negatives contain the positive characters (不是 ⊃ 是, 不对 ⊃ 对), so they go first.
		for _, w := range []string{"不是", "不对", "不用", "不要", "不行", "不可以", "没有", "错了", "不", "否", "no"} {
			if strings.Contains(low, w) {
				return Value{Raw: w, Normalized: "no", Confident: !strings.Contains(low, "是的") && !strings.Contains(low, "对的")}, true
			}
		}
		for _, w := range []string{"是的", "对的", "没错", "正确", "对", "是", "好的", "好", "可以", "行", "嗯", "yes", "ok"} {
			if strings.Contains(low, w) {
				return Value{Raw: w, Normalized: "yes", Confident: w != "嗯" && w != "行"}, true
			}
		}
		return Value{}, false
	}
	t := tokenizeEN(text)
	toks := t.toks
	yes, no := -1, -1
	for i := 0; i < len(toks); i++ {
		w := toks[i].s
		nxt := ""
		if i+1 < len(toks) {
			nxt = toks[i+1].s
		}
		switch w {
		case "yes", "yeah", "yep", "yup", "ya", "yea", "sure", "correct", "right", "exactly", "absolutely", "definitely", "affirmative", "okay", "ok", "indeed", "certainly":
			if yes < 0 {
				yes = i
			}
		case "no", "nope", "nah", "wrong", "incorrect", "negative":
			if w == "no" && (nxt == "problem" || nxt == "worries") {
				if yes < 0 {
					yes = i
				}
				i++
				continue
			}
			if no < 0 {
				no = i
			}
		case "not", "isn't", "isnt", "don't", "dont", "wasn't":
			if no < 0 {
				no = i
			}
			// "not right", "not correct": the positive word is negated, skip it.
			switch nxt {
			case "right", "correct", "sure", "exactly", "okay", "ok", "quite", "really":
				i++
			}
		case "of":
			if nxt == "course" && yes < 0 {
				yes = i
			}
		case "uh", "mm":
			if nxt == "huh" || nxt == "hmm" {
				if yes < 0 {
					yes = i
				}
			}
		}
	}
	switch {
	case yes >= 0 && no >= 0:
		// "yes, no wait": the later word is the correction, but confirm.
		if no > yes {
			return Value{Raw: toks[no].s, Normalized: "no", Confident: false}, true
		}
		return Value{Raw: toks[yes].s, Normalized: "yes", Confident: false}, true
	case yes >= 0:
		return Value{Raw: toks[yes].s, Normalized: "yes", Confident: true}, true
	case no >= 0:
		return Value{Raw: toks[no].s, Normalized: "no", Confident: true}, true
	}
	return Value{}, false
}
