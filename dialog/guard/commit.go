package guard

import (
	"fmt"
	"strconv"
	"strings"
)

// commitment is a promise found in one sentence, with the figures it names.
type commitment struct {
	cat     string
	matched string
	// amount is the largest money figure in the sentence, in currency; ok=false when none.
	amount   float64
	currency string
	hasMoney bool
	percent  float64
	hasPct   bool
	days     int
	full     bool
}

type token struct {
	w          string
	start, end int
}

func words(s string) []token {
	var out []token
	start := -1
	for i := 0; i <= len(s); i++ {
		inWord := i < len(s) && (isWordRune(rune(s[i])) || s[i] == '%' || s[i] == '$')
		if inWord && s[i] == '\'' {
			inWord = start >= 0
		}
		if inWord {
			if start < 0 {
				start = i
			}
			continue
		}
		if start >= 0 {
			out = append(out, token{w: strings.Trim(s[start:i], "'"), start: start, end: i})
			start = -1
		}
	}
	return out
}

// auxiliaries may stand between a first-person subject and the action verb ("we will gladly", "I have
// gone ahead and"). modal marks the ones that turn a generic present ("we offer") into a commitment.
func auxKind(w string) (aux, modal, neg bool) {
	switch w {
	case "will", "shall", "can", "could", "would", "may", "might", "am", "are", "is", "be", "been", "being",
		"have", "has", "had", "going", "gonna", "hereby", "happy", "glad", "pleased", "able", "willing",
		"decided", "want", "wanted", "like", "love", "authorized", "approved", "prepared", "ready", "went", "gone":
		return true, true, false
	case "not", "never", "unable", "no", "neither":
		return true, false, true
	case "to", "just", "already", "also", "now", "personally", "gladly", "happily", "certainly", "definitely",
		"absolutely", "immediately", "right", "away", "more", "than", "ahead", "go", "and",
		"do", "did", "still", "even", "really", "totally", "fully", "actually", "then", "today", "instead",
		"sure", "quickly", "promptly", "kindly", "please", "of", "course", "surely", "simply":
		return true, false, false
	}
	return false, false, false
}

// actionVerb reports whether w grants something: the verb of a commitment.
func actionVerb(w string) bool {
	if w == "get" || w == "got" || w == "getting" {
		return true
	}
	for _, stem := range []string{"refund", "reimburs", "issu", "give", "gave", "giving", "offer", "appl",
		"send", "sent", "credit", "waiv", "process", "provid", "compensat", "discount", "take", "took", "knock",
		"lower", "reduc", "drop", "match", "ship", "guarant", "promis", "ensur", "cover", "pay", "paid",
		"arrang", "add", "extend", "approv", "authori", "honor", "honour", "grant", "upgrad", "throw", "comp",
		"deliver", "cut", "slash", "chang", "adjust", "put", "deposit", "initiat", "return", "make", "set",
		"sort", "hook", "knock", "bump", "let", "email", "mail", "transfer", "remov", "cancel", "beat",
		"bring"} {
		if strings.HasPrefix(w, stem) && len(w) <= len(stem)+4 {
			return true
		}
	}
	return false
}

// breakers stand between a verb and an object that is not what the verb grants ("send you a link about
// your refund", "check whether you qualify for a discount").
func breaker(w string) bool {
	switch w {
	case "link", "form", "email", "instructions", "details", "information", "info", "steps", "update",
		"about", "regarding", "whether", "if", "status", "request", "requests", "policy", "label", "confirmation",
		"reference", "number", "ticket", "case", "agent", "colleague", "team", "department", "specialist",
		"someone", "through", "how", "what", "when", "where", "why", "eligibility", "options", "survey", "once", "until",
		// A document about the value, not the value: "I've sent a copy of your bill".
		"copy", "copies", "pdf", "summary", "breakdown", "printout", "receipt", "screenshot", "note", "notes", "reminder":
		return true
	}
	return false
}

func (g *Guard) findCommitments(s string, hasHan, hasLatin bool) []commitment {
	var out []commitment
	var toks []token
	if hasLatin {
		toks = words(s)
	}
	for _, o := range g.rx.objects {
		if (o.zh && !hasHan) || (!o.zh && !hasLatin) {
			continue
		}
		for _, loc := range o.re.FindAllStringIndex(s, 4) {
			var ok bool
			var m string
			if o.zh {
				ok, m = g.zhCommit(o.cat, s, loc)
			} else {
				ok, m = g.enCommit(o.cat, s, toks, loc)
			}
			if ok {
				out = append(out, g.figures(o.cat, s, m))
				break
			}
		}
	}
	return out
}

// enCommit decides whether the object at loc is promised to the caller.
func (g *Guard) enCommit(cat, s string, toks []token, loc []int) (bool, string) {
	objText := s[loc[0]:loc[1]]
	if cat == CatDeliveryGuarantee {
		if !g.rx.guarantee.MatchString(s) || g.rx.guaranteeNo.MatchString(s) {
			return false, ""
		}
		for _, t := range toks {
			switch t.w {
			case "you", "your", "it", "i", "we", "they", "them", "order", "package", "parcel":
				return true, s
			}
		}
		return false, ""
	}
	// Plural, unpossessed objects describe a policy ("we process refunds within 5 days").
	generic := strings.HasSuffix(objText, "refunds") || strings.HasSuffix(objText, "discounts") ||
		strings.HasSuffix(objText, "vouchers") || strings.HasSuffix(objText, "gift cards")
	if (cat == CatDiscount || cat == CatFreeShipping) && g.rx.threshold.MatchString(s) {
		return false, ""
	}
	if cat == CatRefund && g.refundProcessNote(s) {
		return false, ""
	}
	if cat != CatDiscount && cat != CatRefund {
		if m := g.rx.direct.FindString(s); m != "" && !g.rx.guaranteeNo.MatchString(s) && !g.tk.groupPolicy(s) {
			return true, m
		}
	}
	if loc := g.rx.passive.FindStringIndex(s); loc != nil && !conditionalBefore(s[:loc[0]]) &&
		strings.Contains(s[loc[0]:loc[1]], strings.TrimSpace(strings.Fields(objText)[len(strings.Fields(objText))-1])) {
		return true, s[loc[0]:loc[1]]
	}
	if m := g.rx.offer.FindString(s); m != "" && !generic {
		return true, m
	}
	k := 0
	for k < len(toks) && toks[k].end <= loc[0] {
		k++
	}
	for i := 0; i < len(toks) && i <= k; i++ {
		w := toks[i].w
		var start, j int
		modal := false
		switch {
		case w == "i" || w == "we":
			start, j = i, i+1
		case w == "let" && i+1 < len(toks) && (toks[i+1].w == "me" || toks[i+1].w == "us"):
			start, j, modal = i, i+2, true
		case w == "you" || w == "you'll":
			if ok, m := g.recipient(s, toks, i, k, loc); ok {
				return true, m
			}
			continue
		default:
			continue
		}
		neg, onlyRestr := false, false
		for j < len(toks) && j-start <= 9 {
			aux, md, ng := auxKind(toks[j].w)
			if toks[j].w == "only" {
				onlyRestr = true
				j++
				continue
			}
			if !aux || actionVerb(toks[j].w) {
				break
			}
			modal = modal || md
			neg = neg || ng
			j++
		}
		if j < len(toks) && modal && !neg && !onlyRestr && j == k {
			// "we can do 100% off": the object follows the auxiliaries directly.
			return true, s[toks[start].start:loc[1]]
		}
		if j >= len(toks) || neg || onlyRestr || !actionVerb(toks[j].w) {
			continue
		}
		verb := toks[j].w
		// Performatives and first-person past tense ("I credited your card") commit as surely as "will".
		performative := strings.HasPrefix(verb, "guarant") || strings.HasPrefix(verb, "promis") || pastTense(verb)
		if !modal && !performative {
			continue
		}
		if verb == "get" && j+1 < len(toks) && toks[j+1].w == "back" {
			continue
		}
		if k < j || k-j > 10 {
			continue
		}
		blocked := false
		for x := j + 1; x < k; x++ {
			if breaker(toks[x].w) {
				blocked = true
				break
			}
		}
		if k < len(toks) && k+1 < len(toks) && breaker(toks[k+1].w) && !strings.HasPrefix(toks[k].w, "compensat") {
			blocked = true
		}
		if blocked || (generic && !g.rx.money.MatchString(s) && !g.rx.moneyAfter.MatchString(s)) {
			continue
		}
		return true, s[toks[start].start:loc[1]]
	}
	return false, ""
}

// recipient handles "you will receive / you'll get / you are entitled to" followed by the object.
func (g *Guard) recipient(s string, toks []token, i, k int, loc []int) (bool, string) {
	j := i + 1
	modal := false
	for j < len(toks) && j-i <= 5 {
		w := toks[j].w
		if w == "not" || w == "never" || w == "no" {
			return false, ""
		}
		if w == "will" || w == "are" || w == "have" || w == "can" || w == "going" || w == "now" || w == "be" ||
			w == "to" || w == "also" || w == "been" || w == "should" || w == "would" {
			modal = modal || w != "to"
			j++
			continue
		}
		break
	}
	if j >= len(toks) {
		return false, ""
	}
	switch toks[j].w {
	case "receive", "get", "getting", "receiving", "have", "see", "given", "issued", "refunded", "credited",
		"compensated", "reimbursed", "entitled", "eligible", "qualify", "earn", "enjoy", "owed":
	default:
		return false, ""
	}
	if !modal && toks[j].w != "qualify" && toks[j].w != "enjoy" && toks[j].w != "get" {
		return false, ""
	}
	if k < j || k-j > 8 {
		return false, ""
	}
	for x := j + 1; x < k; x++ {
		if breaker(toks[x].w) {
			return false, ""
		}
	}
	if g.rx.returnCond.MatchString(s) && !g.rx.money.MatchString(s) && !g.rx.moneyAfter.MatchString(s) {
		return false, ""
	}
	return true, s[toks[i].start:loc[1]]
}

// refundProcessNote recognises the refund process described, not a refund granted: "once we receive the
// item, we will process your refund within 5-7 business days". A named amount is always checked.
func (g *Guard) refundProcessNote(s string) bool {
	if g.rx.money.MatchString(s) || g.rx.moneyAfter.MatchString(s) || strings.Contains(s, "full") {
		return false
	}
	return g.rx.returnCond.MatchString(s) || g.rx.processTime.MatchString(s) || g.tk.statusEN.MatchString(s)
}

// zhCommit looks back from the object to the start of its clause for a commitment marker (给您, 我们会,
// 保证…) that no negation (无法, 不能) undoes.
func (g *Guard) zhCommit(cat, s string, loc []int) (bool, string) {
	start := 0
	for _, sep := range []string{"，", ",", "、", "：", ":"} {
		if i := strings.LastIndex(s[:loc[0]], sep); i >= 0 && i+len(sep) > start {
			start = i + len(sep)
		}
	}
	end := len(s)
	for _, sep := range []string{"，", ",", "、"} {
		if i := strings.Index(s[loc[1]:], sep); i >= 0 && loc[1]+i < end {
			end = loc[1] + i
		}
	}
	clause := s[start:end]
	before := s[start:loc[1]]
	if cat == CatDeliveryGuarantee {
		m := g.rx.zhGuarantee.FindStringIndex(clause)
		if m == nil || g.rx.zhNeg.MatchString(clause[:m[0]]) || strings.Contains(clause, "预计") ||
			strings.Contains(clause, "一般") || strings.Contains(clause, "通常") {
			return false, ""
		}
		return true, clause
	}
	m := g.rx.zhMarker.FindAllStringIndex(before, -1)
	if m == nil {
		return false, ""
	}
	last := m[len(m)-1]
	between := ""
	if start+last[1] < loc[0] {
		between = s[start+last[1] : loc[0]]
	}
	if g.rx.zhBreak.MatchString(between) || g.rx.zhAfter.MatchString(s[loc[1]:]) {
		// 帮您查一下退款进度: the marker governs a lookup, not a grant.
		return false, ""
	}
	if g.rx.zhNeg.MatchString(before[:last[0]]) || g.rx.zhNeg.MatchString(before[last[1]:]) {
		// A negation anywhere between the clause start and the object: 无法为您退款, 我们不提供折扣.
		return false, ""
	}
	if (cat == CatDiscount || cat == CatFreeShipping) && g.rx.zhThreshold.MatchString(s) {
		return false, ""
	}
	if cat == CatRefund && !g.hasMoney(s) && !strings.Contains(s, "全额") &&
		(g.rx.zhReturn.MatchString(s) || g.rx.zhProcess.MatchString(s) && !strings.ContainsAny(before, "给为帮")) {
		return false, ""
	}
	return true, clause
}

func (g *Guard) hasMoney(s string) bool {
	return g.rx.money.MatchString(s) || g.rx.moneyAfter.MatchString(s)
}

// figures collects the amounts, percentages and day counts a commitment names.
func (g *Guard) figures(cat, s, matched string) commitment {
	c := commitment{cat: cat, matched: matched}
	c.full = strings.Contains(s, "full refund") || strings.Contains(s, "全额") || strings.Contains(s, "in full") ||
		strings.Contains(s, "100% refund") || strings.Contains(s, "entire") || strings.Contains(s, "全部退")
	take := func(v float64, cur string) {
		if !c.hasMoney || v > c.amount {
			c.amount, c.currency, c.hasMoney = v, cur, true
		}
	}
	for _, m := range g.rx.money.FindAllStringSubmatch(s, -1) {
		v := parseNum(m[2])
		if m[4] == "k" {
			v *= 1000
		}
		take(v, currencyCode(m[1], g.policy.Currency))
	}
	for _, m := range g.rx.moneyAfter.FindAllStringSubmatch(s, -1) {
		v := parseNum(m[1])
		if strings.TrimSpace(m[3]) == "k" {
			v *= 1000
		}
		take(v, currencyCode(m[4], g.policy.Currency))
	}
	for _, m := range g.rx.percent.FindAllStringSubmatch(s, -1) {
		v := parseNum(m[1])
		if m[4] != "" {
			v = parseNum(m[4])
		}
		if v > c.percent {
			c.percent, c.hasPct = v, true
		}
	}
	for _, m := range g.rx.zhZhe.FindAllStringSubmatch(s, -1) {
		// 八折 = pay 80 % = 20 % off; 八五折 = 15 % off; 9.5折 = 5 % off.
		v := parseNum(m[1])
		switch {
		case v > 0 && v < 10:
			v *= 10
		case v >= 10 && v < 100:
		default:
			continue
		}
		if off := 100 - v; off > c.percent {
			c.percent, c.hasPct = off, true
		}
	}
	if strings.Contains(s, "half price") || strings.Contains(s, "half off") || strings.Contains(s, "半价") {
		if c.percent < 50 {
			c.percent, c.hasPct = 50, true
		}
	}
	for _, m := range g.rx.days.FindAllStringSubmatch(s, -1) {
		d := int(parseNum(m[4]))
		switch {
		case strings.HasPrefix(m[6], "week"):
			d *= 7
		case strings.HasPrefix(m[6], "month"):
			d *= 30
		}
		if m[1] == "within" || m[1] == "up to" || m[1] == "for" || m[1] == "of" {
			if d > c.days {
				c.days = d
			}
		}
	}
	for _, m := range g.rx.zhDays.FindAllStringSubmatch(s, -1) {
		d := int(parseNum(m[1]))
		switch m[2] {
		case "周", "星期":
			d *= 7
		case "个月":
			d *= 30
		}
		if d > c.days {
			c.days = d
		}
	}
	return c
}

func parseNum(s string) float64 {
	v, err := strconv.ParseFloat(strings.ReplaceAll(s, ",", ""), 64)
	if err != nil {
		return 0
	}
	return v
}

func currencyCode(sym, def string) string {
	switch strings.TrimSpace(sym) {
	case "$", "us$", "usd", "dollars", "dollar", "bucks", "buck", "美元", "美金":
		return "USD"
	case "€", "eur", "euros", "euro", "欧元":
		return "EUR"
	case "¥", "cny", "rmb", "yuan", "元", "块钱", "块", "人民币":
		return "CNY"
	case "£", "gbp", "pounds", "pound", "英镑":
		return "GBP"
	}
	return def
}

// inPolicyCurrency converts an amount; ok=false when no rate is known.
func (g *Guard) inPolicyCurrency(v float64, cur string) (float64, bool) {
	if cur == "" || cur == g.policy.Currency {
		return v, true
	}
	// "$" read in a zh reply or "¥" for JPY are ambiguous; an explicit rate settles it.
	if r, ok := g.policy.ExchangeRates[cur]; ok && r > 0 {
		return v * r, true
	}
	return 0, false
}

// judge compares a commitment with the policy.
func (g *Guard) judge(c commitment, s string, ctx CheckContext) Verdict {
	p := g.policy
	block := func(reason string) Verdict {
		return Verdict{Category: c.cat, Reason: reason, Matched: c.matched}
	}
	amount, known := 0.0, true
	if c.hasMoney {
		amount, known = g.inPolicyCurrency(c.amount, c.currency)
		if !known {
			return block(fmt.Sprintf("amount in %s cannot be checked against a %s policy", c.currency, p.Currency))
		}
	}
	switch c.cat {
	case CatRefund:
		if p.RefundMaxAmount <= 0 && !p.AllowFullRefund {
			return block("policy allows no refund promises")
		}
		if c.hasMoney && amount > p.RefundMaxAmount && !(c.full && p.AllowFullRefund) {
			return block(fmt.Sprintf("refund of %.2f %s exceeds the %.2f limit", amount, p.Currency, p.RefundMaxAmount))
		}
		if c.full && !p.AllowFullRefund && !(ctx.OrderTotal > 0 && ctx.OrderTotal <= p.RefundMaxAmount) {
			return block("a full refund may only be promised when the order total is known to be within the limit")
		}
		if !c.hasMoney && !p.AllowFullRefund && ctx.OrderTotal > p.RefundMaxAmount {
			return block(fmt.Sprintf("order total %.2f exceeds the %.2f refund limit", ctx.OrderTotal, p.RefundMaxAmount))
		}
		if c.hasPct && c.percent >= 100 && !p.AllowFullRefund {
			return block("a full refund may not be promised")
		}
		if p.RefundWindowDays > 0 && c.days > p.RefundWindowDays {
			return block(fmt.Sprintf("%d days is beyond the %d-day refund window", c.days, p.RefundWindowDays))
		}
		if p.RefundWindowDays > 0 && ctx.PurchaseAgeDays > p.RefundWindowDays {
			return block(fmt.Sprintf("the order is %d days old, beyond the %d-day refund window", ctx.PurchaseAgeDays, p.RefundWindowDays))
		}
	case CatDiscount:
		if !p.AllowDiscounts {
			return block("policy allows no discounts")
		}
		if c.hasPct && p.MaxDiscountPercent > 0 && c.percent > p.MaxDiscountPercent {
			return block(fmt.Sprintf("%.0f%% discount exceeds the %.0f%% limit", c.percent, p.MaxDiscountPercent))
		}
		if c.hasMoney && p.MaxDiscountAmount > 0 && amount > p.MaxDiscountAmount {
			return block(fmt.Sprintf("discount of %.2f %s exceeds the %.2f limit", amount, p.Currency, p.MaxDiscountAmount))
		}
	case CatPriceChange:
		if !p.AllowPriceMatch {
			return block("policy allows no price changes or fee waivers")
		}
	case CatCompensation:
		if !p.AllowCompensation {
			return block("policy allows no compensation")
		}
		if c.hasMoney && p.MaxCompensationAmount > 0 && amount > p.MaxCompensationAmount {
			return block(fmt.Sprintf("compensation of %.2f %s exceeds the %.2f limit", amount, p.Currency, p.MaxCompensationAmount))
		}
	case CatFreeShipping:
		if !p.AllowFreeShipping {
			return block("policy allows no free shipping promises")
		}
	case CatDeliveryGuarantee:
		if !p.AllowDeliveryGuarantee {
			return block("delivery dates may not be guaranteed")
		}
	}
	_ = s
	return Verdict{Allowed: true, Category: c.cat, Reason: "within policy", Matched: c.matched}
}

func pastTense(w string) bool {
	switch w {
	case "gave", "sent", "took", "paid", "put", "cut", "set", "got", "made":
		return true
	}
	return strings.HasSuffix(w, "ed")
}

// conditionalBefore: "we'll email you once your refund has been processed" names a refund as a condition
// of something else, it grants nothing.
func conditionalBefore(before string) bool {
	for _, w := range []string{"once ", "after ", "when ", "until ", "as soon as ", "if "} {
		if strings.HasSuffix(before, w) {
			return true
		}
	}
	return false
}
