package guard

import (
	"regexp"
	"strings"
)

// The first pass (commit.go) finds a benefit word and looks for a granting verb right next to it. Replies
// written by an LLM often put the grant and the benefit apart, in a passive or impersonal frame ("Consider
// the restocking fee waived", "your next month is on us", "维修费用由我们承担"). This second pass reads a
// commitment as a benefit cue plus a commitment frame anywhere in the same sentence, minus hedges and
// refusals, so combinations no example showed are still caught. Policy statements stay allowed because
// they lack a frame: no first person granting, no passive perfect or future on a specific benefit, no
// "you will not be charged".

// cue is one kind of benefit a reply may grant.
type cue struct {
	cat string
	re  *gate
}

type generalRules struct {
	cuesEN []cue
	// passive: "will be waived", "has been credited", "consider it done".
	passive *gate
	// recip: "you will not be charged", "you'll pay $79 instead of $99".
	recip *gate
	// self: phrases that commit on their own ("on us", "on the house").
	self *gate
	// imper: imperatives that hand over a benefit ("take $10 off", "enjoy free shipping").
	imper   *gate
	hedge   *gate
	refuse  *gate
	generic *gate

	cuesZH []cue
	// zhSelf are Chinese commitments that need no separate marker: 算我们的, 由我们承担, 不收您的钱.
	zhSelf      []cue
	zhFwd       *gate
	zhSelfHedge *gate
	zhWho       *gate
	// zhRefuse: 我没有权限减免这笔费用 — no authority, so the fee is not waived.
	zhRefuse *gate
	// zhGive: 给您/为您/帮您 (+ 把…) + a benefit verb; zhNotBenefit: what after it makes it a process
	// (退货, 补办, 送达).
	zhGive, zhNotBenefit *gate
}

func compileGeneral() *generalRules {
	c := regexp.MustCompile
	participles := `(lowered|reduced|discounted|adjusted|marked down|knocked down|cut|waived|refunded|reimbursed|credited|returned|removed|covered|matched|honou?red|comped|dropped|deducted|reversed|voided|cancelled|canceled|written off|taken off|knocked off|added|applied|issued|sent|approved|paid|put back|given back|processed|taken care of|paid back|sent back|back)`
	return &generalRules{
		cuesEN: []cue{
			{CatFreeShipping, gated(c(`\b(free (standard |express |expedited |overnight |next-day )?(shipping|delivery|postage|returns?)|(return |express |overnight |expedited |standard )?(shipping|postage|delivery|courier)( fee| fees| charge| charges| cost| costs)?|upgrad\w* (you |it |your order )?to (\w+ ){0,2}(shipping|delivery))\b`), "shipping", "delivery", "postage", "returns", "courier")},
			{CatDiscount, gated(c(`\b(discount\w*|\d+(\.\d+)? ?(%|percent|per cent) off|(\$|€|£|¥)?\d+(\.\d+)? ?(dollars|bucks|euros|pounds|yuan)? off|half (off|price)|coupons?|promo codes?)`), "discount", "off", "half", "coupon", "promo")},
			{CatRefund, gated(c(`\b(refund\w*|reimburs\w*|money back|your money|(full|whole|entire|total) (amount|sum|payment|cost|price|charge)|the difference|credited back|paid back|back (in|on|to|into) your (account|card|bank))\b`), "refund", "reimburs", "money", "amount", "sum", "payment", "cost", "price", "charge", "difference", "back")},
			{CatCompensation, gated(c(`\b((\w+ )?(points|miles|stars)|(\d+ |a |one |an extra )?(months?|weeks?|years?) (free|on us|of free \w+|free of charge)|(statement |account |price )?adjustments?|credits?|vouchers?|gift ?cards?|e-?gift( cards?)?|goodwill|compensat\w*|on us|on the house|complimentary|free (gift|months?|year|case|item|accessory|upgrade|replacement|service|repair|night|meal|session|subscription|trial|add-on|[a-z]+ of charge)|(cost|costs|bill|expense|expenses|repair|repairs) of|pick up the (tab|bill|cost)|the (repair |hotel |taxi |replacement )?(cost|costs|bill|expense|expenses))\b`), "points", "miles", "stars", "free", "adjustment", "credit", "voucher", "gift", "goodwill", "compensat", "on us", "on the house", "complimentary", "free ", "cost", "bill", "expense", "repair", "tab")},
			{CatPriceChange, gated(c(`\b(waiv\w*|fee|fees|charge|charges|penalty|penalties|price[- ]?match\w*|match (the|that|their|this|any) (price|listing|offer|deal)|honou?r (the|that|this|your) (\w+ )?(price|rate|deal|offer)|instead of|no charge|free of charge|at no (extra |additional )?(cost|charge)|(the|your) (total|bill|invoice|price|rate))\b`), "waiv", "fee", "charge", "penalt", "match", "honor", "honour", "instead of", "cost", "total", "bill", "invoice", "price", "rate")},
			// A bare amount or "to your account" after a granting verb: "I'm crediting $75 to your account".
			{CatCompensation, gated(c(`((\$|€|£|¥)\d[\d,.]*|\b\d[\d,.]* (dollars|euros|pounds|yuan|bucks)\b|\b(to|into|on) your (account|card|balance|wallet)\b)`), "$", "€", "£", "¥", "dollars", "euros", "pounds", "yuan", "bucks", "your account", "your card", "your balance", "your wallet")},
		},
		passive: gated(c(`\b(will|would|shall|is going to|are going to)( now| also| then| automatically| immediately| fully| gladly| personally)? (be|get|gets) (\w+ )?`+participles+`\b|\b(has|have|had)( now| already| just| also)? been (\w+ )?`+participles+`\b|\b(is|are) (now|being) (\w+ )?`+participles+`\b|\b(is|are) (approved|authori[sz]ed|granted|confirmed)\b|\bconsider (it|this|that|the|your)( [\w-]+){0,4} (waived|refunded|covered|done|taken care of|paid|settled|free|gone|cancelled|credited|sorted|comped|on us)\b`), "will", "would", "shall", "going to", "been", "now", "being", "consider", "approved", "authori", "granted", "confirmed"),
		recip:   gated(c(`\byou (will|would|are going to|shall)( now| also| then)? (not|never) (be charged|be billed|pay|have to pay|need to pay|owe|see (?:a|the|that|this) (?:charge|fee))\b|\byou (will|would|are going to|shall|can|get to) (only |just )?pay (only |just )?[^.]{0,24}\binstead of\b`), "you "),
		self:    gated(c(`(\b(is|are|will be|it is|that is|this one is|this is|be)|'s) on (us|me|the house)\b|\b(at no (extra |additional )?(cost|charge)|free of charge) (to|for) you\b`), "on us", "on me", "on the house", " to you", " for you"),
		imper:   gated(c(`^(ok |okay |so |alright |tell you what )?(please |just )?(take|knock|enjoy|consider)\b`), "take", "knock", "enjoy", "consider"),
		hedge:   gated(c(`\b(usually|typically|normally|generally|in most cases|may|might|eligible|eligibility|if approved|subject to|depends?|depending|polic(y|ies)|terms|once (we|the|your)|after (we|the|your|inspection)|when (we|the) (receive|get)|can request|can apply|can ask|you can|customers|members|orders over)\b`), "usually", "typically", "normally", "generally", "most cases", "may", "might", "eligib", "approved", "subject", "depend", "polic", "terms", "once", "after", "when", "can ", "customers", "members", "orders over"),
		refuse:  gated(c(`\b(can not|could not|unable|not able|not allowed|not authori[sz]ed|do not have (the )?(authority|permission|ability)|no (authority|way)|not possible|not eligible|declined|denied|rejected|not (be )?(waived|refunded|covered|credited|reimbursed)|no longer)\b`), "not", "unable", "no ", "declined", "denied", "rejected"),
		generic: gated(c(`^(refunds|returns|exchanges|credits|discounts|vouchers|coupons|fees|charges|late fees|orders|items|products|purchases|members|customers|subscribers|repairs|replacements|replacement parts|price adjustments|store credit|eligible|all|any|most|some|our (policy|return policy|refund policy|terms|warranty)|the (policy|warranty|manufacturer)|standard|express|shipping fees|delivery fees)\b`)),

		cuesZH: []cue{
			{CatRefund, gated(c(`(full refund|refund|money back|补差价|退差价|退回|返还|原路返回|原路退回)`), "refund", "money back", "差价", "退回", "返还", "原路")},
			{CatCompensation, gated(c(`(报销|赠送|送(您|你)(一|两|\d|个|张|份|件|套)|补(您|你)?(一|两|\d|个|张|份|件|套)[^，。,]{0,10}(券|积分|红包|会员|礼品|现金)|\d+(个)?积分|\p{Han}{0,3}券|voucher|credit|coupon|points)`), "报销", "赠送", "送您", "送你", "补", "积分", "券", "voucher", "credit", "coupon", "points")},
			{CatDiscount, gated(c(`(discount)`), "discount")},
		},
		zhSelf: []cue{
			{CatFreeShipping, gated(c(`(运费|邮费|快递费|寄回运费|来回运费)[^，。,]{0,6}(算我们的|我们(来)?(出|付|承担|包)|由我们(来)?(承担|负责|出|支付)|(就)?不收(您|你)?(的)?了|(给|帮|为)(您|你)免|免(掉|了|除))`), "运费", "邮费", "快递费")},
			{CatCompensation, gated(c(`算我们的|算在我们(身上|头上)|由我们(来)?(承担|负责|出|支付|买单|赔)|我们(来)?(承担|买单|照价赔)|照价赔偿|(费用|钱|成本|损失)[^，。,]{0,4}我们(来)?(出|付|承担)`), "算我们", "我们", "照价")},
			{CatPriceChange, gated(c(`(费|钱|租|利息|违约金|滞纳金|罚金|罚款|押金)[^，。,]{0,6}(就)?不收(您|你)?(的)?了|(滞纳金|违约金|\p{Han}?费|月租|利息|罚金|罚款|费用)[^，。,]{0,6}(已经?|都)?(帮您|给您|为您)?(免掉|免除|免了|减免|免去)|不(收|收取)(您|你)?(任何|额外)?(的)?(费用|钱)|不(额外|另外|另)收(费|钱|取费用|取任何费用)|(您|你)不用(付|出|掏|再付)(钱|了|这笔钱|费用)?|减免(掉)?[^，。,]{0,6}(月租|年费|会员费|利息|费用|服务费)|免单`), "费", "钱", "租", "利息", "金", "罚款", "不收", "不用", "减免", "免单")},
		},
		zhFwd:        gated(c(`(已经?|已)(为|给|帮)(您|你)(提交|申请|办理|处理|安排|退|打|转|发放|发)|(会|将)[^，。,]{0,8}(打到|退到|退回到|返还到|转到|存入|发放到)(您|你)的?`), "已", "会", "将"),
		zhSelfHedge:  gated(c(`(一般|通常|政策|规定|为准|可以申请|如果|若|以内|期间|满\d|需要|质量问题|非人为|保修期)`)),
		zhWho:        gated(c(`(您|你|我们|我|这次|这单|本次|这个月|这边)`)),
		zhGive:       gated(c(`(给|为|帮|替)(您|你)(把[^，。,]{0,12})?(返|退|补|送|赔|减|免|包)`), "给您", "为您", "帮您", "替您", "给你", "为你", "帮你", "替你"),
		zhNotBenefit: gated(c(`^(货|订|出|回|换|款进度|款申请|款流程|充|交|办|录|填|达|到|过去|修|件|单)`)),
		zhRefuse:     gated(c(`(没有权限|没权限|无权|无法|不能|不可以|没办法|没有办法|做不到|不允许|不支持|不予)`)),
	}
}

// grantVerb is a verb a speaker uses to hand over a benefit; broader than actionVerb but without the
// verbs that only route a request (transfer, check, review).
func grantVerb(w string) bool {
	switch w {
	case "comp", "comped", "comping", "eat", "absorb", "absorbed", "zero", "zeroed", "handle", "handled",
		"throw", "threw", "thrown", "includ", "include", "included", "cover", "covered", "covering", "upgrade",
		"upgraded", "upgrading", "refund", "void", "voided", "reverse", "reversed", "deduct", "deducted", "write",
		"wrote", "written", "shave", "take", "taking", "knock", "knocking":
		return true
	case "transfer", "transferred", "email", "mail", "cancel", "cancelled", "canceled", "return", "returned",
		"process", "processed", "set", "let", "bring", "sort", "make", "made", "put", "get", "got", "getting":
		// Routing or too vague on its own; the first pass handles their specific phrasings.
		return false
	}
	return actionVerb(w)
}

// generalCommit runs the second pass over one normalized sentence.
func (g *Guard) generalCommit(s string, hasHan, hasLatin bool) []commitment {
	var out []commitment
	if hasLatin {
		if cat, m := g.generalEN(s); cat != "" {
			out = append(out, g.figures(cat, s, m))
		}
	}
	if hasHan {
		if cat, m := g.generalZH(s); cat != "" {
			out = append(out, g.figures(cat, s, m))
		}
	}
	return out
}

type cueHit struct {
	cat        string
	start, end int
}

func (g *Guard) cuesIn(s string, cues []cue) []cueHit {
	var hits []cueHit
	for _, c := range cues {
		for _, loc := range c.re.FindAllStringIndex(s, 4) {
			hits = append(hits, cueHit{c.cat, loc[0], loc[1]})
		}
	}
	return hits
}

func (g *Guard) generalEN(s string) (string, string) {
	gr := g.gen
	hasMoney := g.hasMoney(s)
	impersonalVeto := gr.refuse.MatchString(s) || gr.generic.MatchString(s) || (gr.hedge.MatchString(s) && !hasMoney)
	if !impersonalVeto {
		if loc := gr.recip.FindStringIndex(s); loc != nil && !conditionalTail(s[loc[1]:]) {
			return CatPriceChange, s[loc[0]:loc[1]]
		}
	}
	hits := g.tk.dropNonValue(s, g.cuesIn(s, gr.cuesEN))
	if len(hits) == 0 && !strings.Contains(s, "pay") && !strings.Contains(s, "cover") &&
		!strings.Contains(s, "comp") && !strings.Contains(s, "waiv") && !strings.Contains(s, "free") {
		return "", ""
	}
	if g.refundProcessNote(s) {
		// "Once we receive the item, we will issue your refund": the process, not a grant.
		kept := hits[:0]
		for _, h := range hits {
			if h.cat != CatRefund {
				kept = append(kept, h)
			}
		}
		hits = kept
	}
	thresholdVeto := func(cat string) bool {
		return (cat == CatDiscount || cat == CatFreeShipping) && g.rx.threshold.MatchString(s)
	}
	first := func(from int) (cueHit, bool) {
		// The cue with the highest priority (cuesEN order) that starts at or after from.
		for _, h := range hits {
			if h.start >= from && !thresholdVeto(h.cat) {
				return h, true
			}
		}
		return cueHit{}, false
	}
	if !impersonalVeto {
		if m := gr.self.FindString(s); m != "" {
			if h, ok := first(0); ok {
				return h.cat, m
			}
		}
		if loc := gr.passive.FindStringIndex(s); loc != nil {
			m := s[loc[0]:loc[1]]
			if h, ok := first(0); ok {
				return passiveCat(h.cat, m, s), m
			}
		}
		if gr.imper.MatchString(s) {
			if h, ok := first(0); ok {
				return h.cat, s[:h.end]
			}
		}
	}
	toks := words(s)
	for i := 0; i < len(toks); i++ {
		w := toks[i].w
		var j int
		modal := false
		switch {
		case w == "i" || w == "we":
			j = i + 1
		case w == "let" && i+1 < len(toks) && (toks[i+1].w == "me" || toks[i+1].w == "us"):
			j, modal = i+2, true
		default:
			continue
		}
		start := i
		neg := false
		progressive := false
		for j < len(toks) && j-start <= 8 {
			aux, md, ng := auxKind(toks[j].w)
			if !aux || grantVerb(toks[j].w) {
				break
			}
			if toks[j].w == "am" || toks[j].w == "are" {
				progressive = true
			}
			modal = modal || md
			neg = neg || ng
			j++
		}
		// "I'll make sure the $35 adjustment shows": a promise that a benefit happens.
		if j+1 < len(toks) && toks[j].w == "make" && toks[j+1].w == "sure" && modal && !neg {
			for _, h := range hits {
				if h.start >= toks[j+1].end && h.start-toks[j+1].end <= 70 && !thresholdVeto(h.cat) {
					return h.cat, s[toks[start].start:h.end]
				}
			}
		}
		if j >= len(toks) || neg || !grantVerb(toks[j].w) {
			continue
		}
		verb := toks[j].w
		// Verbs that grant whatever follows ("I've comped your dessert", "we waived it"), and any granting
		// verb followed by "free" ("we'll upgrade you to premium for free").
		// "We waive the fee for seniors" (present simple) is a policy; "we've waived it" grants.
		granting := !impersonalVeto && (modal || pastTense(verb) || progressive)
		switch {
		case !granting:
		case strings.HasPrefix(verb, "comp") && len(verb) <= 7 && !strings.HasPrefix(verb, "compl") && !strings.HasPrefix(verb, "compu"):
			return CatCompensation, s[toks[start].start:toks[j].end]
		case strings.HasPrefix(verb, "waiv"):
			return CatPriceChange, s[toks[start].start:toks[j].end]
		}
		for x := j + 1; x < len(toks) && x <= j+8 && !impersonalVeto && !g.rx.threshold.MatchString(s); x++ {
			if breaker(toks[x].w) {
				break
			}
			if toks[x].w == "free" && (x+1 >= len(toks) || toks[x+1].w != "to") {
				return CatCompensation, s[toks[start].start:toks[x].end]
			}
		}
		// "We'll pay for the taxi", "we'll cover your hotel": the speaker takes over a cost, whatever it is.
		if (verb == "pay" || verb == "cover" || verb == "paying" || verb == "covering") && modal &&
			j+2 < len(toks) && (toks[j+1].w == "for" && !breaker(toks[j+2].w) || verb[0] == 'c' && (toks[j+1].w == "the" || toks[j+1].w == "your")) {
			return CatCompensation, s[toks[start].start:toks[j+2].end]
		}
		if !modal && !pastTense(verb) && !(progressive && strings.HasSuffix(verb, "ing")) &&
			!strings.HasPrefix(verb, "guarant") && !strings.HasPrefix(verb, "promis") {
			continue
		}
		vEnd := toks[j].end
		// "I've removed it": a pronoun object points back at a benefit named earlier in the sentence.
		if j+1 < len(toks) {
			switch toks[j+1].w {
			case "it", "that", "this", "them", "those":
				for _, h := range hits {
					if h.end <= toks[j].start && !thresholdVeto(h.cat) {
						return h.cat, s[toks[start].start:toks[j+1].end]
					}
				}
			}
		}
		for _, h := range hits {
			if h.start < vEnd || h.start-vEnd > 70 || thresholdVeto(h.cat) {
				continue
			}
			blocked := false
			for x := j + 1; x < len(toks) && toks[x].start < h.start; x++ {
				if breaker(toks[x].w) {
					blocked = true
					break
				}
			}
			if !blocked {
				return h.cat, s[toks[start].start:h.end]
			}
		}
	}
	return "", ""
}

// passiveCat picks the category of a passive commitment from its participle when the cue is vague.
func passiveCat(cat, m, s string) string {
	switch {
	case strings.Contains(m, "refunded") || strings.Contains(m, "reimbursed") || strings.Contains(m, "back"):
		if cat == CatPriceChange || cat == CatCompensation {
			return CatRefund
		}
	case strings.Contains(m, "waived") && cat == CatRefund:
		return CatPriceChange
	}
	_ = s
	return cat
}

func (g *Guard) generalZH(s string) (string, string) {
	gr := g.gen
	for _, c := range gr.zhSelf {
		loc := c.re.FindStringIndex(s)
		if loc == nil {
			continue
		}
		a, b := clauseOf(s, loc[0], loc[1])
		if gr.zhSelfHedge.MatchString(s) || !gr.zhWho.MatchString(s) || gr.zhRefuse.MatchString(s[:loc[0]]) ||
			g.st.refuseZH.MatchString(s[a:b]) {
			continue
		}
		if c.cat == CatFreeShipping && g.rx.zhThreshold.MatchString(s) {
			continue
		}
		return c.cat, s[loc[0]:loc[1]]
	}
	// 给您返50元, 帮您把费用减一半, 为您免了: a benefit verb right after the speaker's 给您/为您/帮您, in a
	// sentence that refuses nothing.
	if loc := gr.zhGive.FindStringIndex(s); loc != nil && !gr.zhRefuse.MatchString(s[:loc[0]]) && !g.st.refuseZH.MatchString(s[:loc[1]]) &&
		!gr.zhNotBenefit.MatchString(s[loc[1]:]) && !gr.zhSelfHedge.MatchString(s) {
		cat := CatCompensation
		switch {
		case strings.HasSuffix(s[:loc[1]], "退"):
			cat = CatRefund
		case strings.HasSuffix(s[:loc[1]], "减") || strings.HasSuffix(s[:loc[1]], "免"):
			cat = CatPriceChange
		}
		return cat, s[loc[0]:loc[1]]
	}
	for _, c := range gr.cuesZH {
		for _, loc := range c.re.FindAllStringIndex(s, 4) {
			if ok, m := g.zhCommit(c.cat, s, loc); ok {
				return c.cat, m
			}
			// A marker after the object: 退款两百元已经为您提交, 返现会打到您的账户.
			if f := gr.zhFwd.FindStringIndex(s[loc[1]:]); f != nil && !g.tk.condZH.MatchString(s) {
				if !g.rx.zhNeg.MatchString(s[loc[1] : loc[1]+f[0]]) {
					return c.cat, s[loc[0] : loc[1]+f[1]]
				}
			}
		}
	}
	// The first-pass objects, read with a marker after them.
	for _, o := range g.rx.objects {
		if !o.zh || o.cat == CatDeliveryGuarantee {
			continue
		}
		for _, loc := range o.re.FindAllStringIndex(s, 4) {
			if f := gr.zhFwd.FindStringIndex(s[loc[1]:]); f != nil && !g.rx.zhNeg.MatchString(s[loc[1]:loc[1]+f[0]]) && !g.tk.condZH.MatchString(s) {
				return o.cat, s[loc[0] : loc[1]+f[1]]
			}
		}
	}
	return "", ""
}

// conditionalTail: "you will not be charged until it ships" describes billing, it waives nothing.
func conditionalTail(rest string) bool {
	for _, w := range []string{" until", " unless", " if", " twice", " again", " before", " more than", " for returns", " for exchanges"} {
		if strings.HasPrefix(rest, w) {
			return true
		}
	}
	return false
}
