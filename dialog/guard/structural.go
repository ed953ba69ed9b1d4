package guard

import (
	"regexp"
	"strings"
)

// The structural pass reads a commitment structurally, without needing a granting verb next to the benefit:
// a VALUE term (free, credit, waived, at our expense, 免单, 补给您…) plus a sign that it applies to THIS
// caller (first or second person, a perfect or future tense, "this time", 已/了) and no generic-policy
// frame (conditions, eligibility, thresholds, "typically"), refusal or referral. It runs only when the
// verb-anchored passes found nothing, and is biased to block: a false block costs a handoff, a missed
// commitment costs money. Clauses matter for refusals only ("I can't waive the fee, but I've added a
// $10 credit" still commits); the other vetoes describe the whole sentence.

type structRules struct {
	valueEN []cue
	// signalEN: the value is about this caller or case.
	signalEN *gate
	// vetoEN: a generic, conditional, eligibility or referral frame.
	vetoEN *gate
	// refuseEN: a refusal in the value's own clause.
	refuseEN *gate
	// strongEN: a first-person perfect grant ("I've just added", "we went ahead and waived"); it outweighs
	// the generic-frame veto ("your order qualifies for a discount that I've just added").
	strongEN *gate
	// removedEN: a named fee gone ("the restocking fee: gone", "the charge has been wiped") describes
	// this case by itself, so it needs no separate signal.
	removedEN *gate

	valueZH []cue
	// strongZH cues (免费, 续了) are values only beside a strong signal (给您, 这次, 我们来出).
	strongZH    []cue
	strongSigZH *gate
	signalZH    *gate
	vetoZH      *gate
	refuseZH    *gate
}

func compileStructural() *structRules {
	c := regexp.MustCompile
	return &structRules{
		valueEN: []cue{
			{CatFreeShipping, gated(c(`\b(free (standard |express |expedited |overnight |next-day )?(shipping|delivery|postage|returns?)|(shipping|postage|delivery|courier)( fee| fees| charge| cost)? (is|are|will be|has been) (free|on us|covered|waived)|upgrad\w* (you|it|your \w+)? ?to (express|expedited|overnight|next-day|priority|first class)|expedit\w* (it|your|the)\b)`), "free", "shipping", "postage", "delivery", "courier", "upgrad", "expedit")},
			{CatRefund, gated(c(`\b(refund\w*|reimburs\w*|money back|(returned|paid|given|sent) (back )?in full|paid back|credited back|the difference|(full|whole|entire|total) (amount|sum|payment|price)|(goes|go|going|will go|went|put|is going) back (on|to|into) your (card|account|bank|wallet|balance))\b`), "refund", "reimburs", "money back", "paid back", "credited back", "difference", "amount", "sum", "payment", "price", "back", "in full")},
			{CatDiscount, gated(c(`(\d+(\.\d+)? ?(%|percent|per cent) off|(\$|€|£|¥)\d[\d,.]* off|\b\d+ (dollars|bucks|euros|pounds|quid) off|\bhalf (off|price)\b|\bdiscount\w*|\b(took|take|taken|taking|knock\w*|shav\w*) [^.]{0,25}\boff\b)`), "off", "half", "discount")},
			{CatPriceChange, gated(c(`\b(price[- ]?match\w*|match\w* (the |their |that |your |a |any )?(competitor\w*'? |other \w+'? |\w+'s )?(price|offer|deal|quote|listing)|(old|original|previous|former|sale|promo\w*|introductory|black friday|discounted|lower|reduced|special|legacy|locked[- ]in|employee|staff|friends and family|vip|wholesale|trade|insider|partner) (price|rate|pricing)|let (the|that|this|your) (\w+ )?(fee|charge|penalty|interest|payment) (slide|go)|lock\w* (it|that|this|the (price|rate)|your (price|rate)) in|instead of|rather than|waiv\w*|(fee|fees|charge|charges|penalty|surcharge|balance|debt|bill|late charge|interest)\b[^.]{0,30}\b(wiped|removed|cleared|dropped|gone|history|forgiven|written off|cancell?ed|reversed|voided|zeroed|taken off|erased|scrapped|struck off)|writ\w* (it|that|this|them|the \w+|your \w+) off|no (fee|charge|penalty) for|(not|never) (charge|bill) (you|it|that|this|for)|(not|never) (be )?(charged|billed|paying)|(do|sell|let you have|give) (it|this|that|them|one) (to you )?for (only |just )?(\$|€|£|¥)?\d+|(fee|fees|charge|charges|penalty|interest) (will not|would not|does not|do not|is not going to|no longer) apply|there (will be|is) no (\w+ )?(fee|charge|penalty|cost)|down from|(your|the) new (monthly )?(price|rate|fee)|(not|never) (cost|set you back)|(not|never) (have to )?pay (a cent|a penny|a dime|a thing|anything|extra|more|for)|pay (nothing|zero)|nothing to pay|no[- ]charge|no[- ](extra |additional )?cost|(not|never) owe (us |me )?(anything|a thing|a cent|a penny|nothing|for)|off (your|the) (account|bill|invoice|statement|total|order|balance)|let you have (it|this|that|them|one)|you can have (it|this|that|them|one) for)\b`), "price", "match", "rate", "lock", "instead of", "rather than", "waiv", "fee", "charge", "penalt", "balance", "debt", "bill", "interest", "writ", "cost", "pay", "set you back", "owe", "off ", "have it", "have this", "have that", "have them", "have one", "it for", "this for", "that for", "them for", "one for", "down from", "new price", "new rate", "new monthly", "there will be no", "there is no", "apply")},
			{CatCompensation, gated(c(`\b(free|for free|free of charge|complimentary|on the house|on (us|me|the company|the store|the shop)|at (our|my|the company's) (expense|cost)|our (treat|dime)|credit\w*|vouchers?|coupons?|gift cards?|bonus|(\d+ )?points|goodwill|compensat\w*|comp(ed|ing)?|(cover|covered|covering|pick\w* up|absorb\w*|take care of) (the |your |that |this )?(\w+ )?(cost|costs|bill|tab|expense|expenses|fee|fees|charge|postage|shipping|repair|repairs)|throw\w* in|extend\w* (your|the) (trial|warranty|subscription|plan|membership|deadline)|(months?|weeks?|year) free|make (it|this|things) (right|up to you)|make good on it|taken care of (it|that|this|the \w+)|(claim|request|application|refund|reimbursement) (is|will be|gets|get) (approved|paid|accepted|granted)|extended (it|that|this) for you|call it (a )?(gift|even|square|freebie|on us))\b`), "free", "complimentary", "house", "on us", "on me", "expense", "cost", "treat", "dime", "credit", "voucher", "coupon", "gift card", "bonus", "points", "goodwill", "compensat", "comp", "cover", "pick", "absorb", "take care", "throw", "extend", "make it", "make this", "make things", "make good", "call it", "taken care", "approved", "paid", "accepted", "granted")},
		},
		signalEN: gated(c(`\b(i|we|me|us|let me|let us|you|your|yours|this time|today|tonight|right now|this once|this order|this month|going forward|for you|has been|have been|is now|are now|will be|is being|are being|(our|my) (mistake|fault|error|bad)|courtesy|apolog\w*|sorry)\b|\b(next|first|following|coming) (month|months|bill|order|box|boxes|delivery|invoice|statement|renewal|year)\b`)),
		vetoEN:   gated(c(`\b(window|period|\d+ days from|how it works|the process|the way it works|(is|are) included (with|in)|comes? with|declined|no charge (went|was|has|appears|shows)|ends|expires|will end|renews|what you are (after|asking|looking)|used to|changed|explain\w*|tell you (about|how|why)|walk you through|describe|go (over|through)|completed|previous|last (week|month|year|time|monday|tuesday|wednesday|thursday|friday|saturday|sunday)|you have (\d+|up to)|\d+ (days|weeks|months) to|if|whenever|when (the|your|it|you|an?|we|items?|orders?|they)|until|afraid|you (would|will) need|you need to|(speak|talk) (with|to)|(about|regarding|whether) (a|an|any)|i (do not |can not |can |could not )?see|according to|our records|from last (month|week|year)|we (offer|provide|give|have|run|do|charge|refund|cover|ship|include|accept|reimburse|waive|match|credit|replace|honou?r|pay) (a|an|free|\d|the|discounts?|refunds?|credits?|reasonable|any|all|most|up)|with (a|your) valid|once (we|the|your|it|you|they|a|an|our|this|that|payment|approved|received|inspected)|unless|provided|as long as|only (for|if|when|on|applies|to)|within \d+|after \d+|orders? (of|over|above|totaling|totalling)|or more|on all|all orders|every order|per order|customers|members|students|subscribers|eligib\w*|qualif\w*|depends?|depending|subject to|polic(y|ies)|terms|typically|usually|generally|normally|standard|available|applies|apply to|set by|regulation|valid for|(can|may|could) be|(is|are) (charged|issued|emailed|processed|calculated|set|listed|excluded|printed|shown|located|found|written|displayed|valid)|excluding|except|(your|a|the|this) request|requests|request (a|an|for|it)|ticket|transfer\w*|connect you|pass\w* (it|this|your|the)|escalat\w*|forward(ed|ing)? (it|this|your|the|you)|refer\w* you|review\w*|check\w*|look (up|into|at)|verify|find out|you (would like|want|wanted|asked|are asking|requested|mentioned|are looking for|were hoping)|you can (request|apply|ask|submit|claim|contact|call|visit|find|check|choose|return|cancel|view|track|see|opt)|ended|expired|is over|no longer|how (it|this|that|the \w+) (was|is|are|were) calculated|would you like|do you want|you (can|could|may) (\w+ )?(request|apply|ask|submit|claim|contact|call|visit|find|check|choose|return|cancel|view|track|see|opt|pick|use|order|buy|add|select|sign|log|go|come|bring|send|email|chat|book|schedule|change|update|collect|drop|join|enrol\w*|enroll\w*|register|subscribe|download|install|try|activate)|(online|all|any|eligible|qualifying|most|international|domestic) (orders|items|purchases)|you (need|may need|might need)|in case|link|form|status|instructions|details|information|label)\b`)),
		refuseEN: gated(c(`\b((do|does|did) not (offer|provide|give|do|have|cover|match|refund|issue|allow|accept|include)|never|can not|could not|unable|not able|not allowed|not authori[sz]ed|do not have (the )?(authority|permission|ability)|no (authority|way)|not possible|not in a position|afraid (i|we)|not eligible|declined|denied|not (be )?(waived|refunded|covered|credited|reimbursed|matched)|would not be able|will not be able)\b`), "not", "unable", "no ", "afraid", "declined", "denied"),

		removedEN: gated(c(`^(it is |that is |it has been |that has been |consider it )?(already|all) (removed|waived|gone|refunded|credited|taken off|wiped|cancell?ed|reversed|covered|comped|sorted)\b|\b(fee|fees|charge|charges|penalty|surcharge|interest)\b[^.]{0,20}\b(wiped|removed|gone|waived|forgiven|written off|reversed|voided|zeroed|taken off|erased|scrapped|struck off)\b`), "already", "all ", "refunded", "credited", "cancel", "covered", "comped", "sorted", "wiped", "removed", "gone", "waived", "forgiven", "written", "reversed", "voided", "zeroed", "taken off", "erased", "scrapped", "struck"),
		strongEN:  gated(c(`\b(i|we) (have|had|just)( just| already| now| also| gone ahead and| went ahead and)* (added|applied|put|credited|issued|refunded|waived|removed|taken|knocked|dropped|reversed|comped|upgraded|extended|approved|lowered|reduced|matched|covered|wiped|cancell?ed|zeroed|written|locked|secured)\b|\b(i|we) (can|could|will|would) (do|give|offer|knock|take|get you|throw in)\b[^.]{0,30}\b(off|free|discount|credit|refund)\b|\b(i|we) (went ahead and|just) (added|applied|put|credited|issued|refunded|waived|removed|took|knocked|dropped|reversed|comped|upgraded|extended|approved|lowered|reduced|matched|covered|wiped|zeroed|wrote)\b`), "i ", "we "),

		valueZH: []cue{
			{CatFreeShipping, gated(c(`(包邮|免邮|免运费|(运费|邮费|快递费|配送费)[^。]{0,8}(我们|由我们|算我们|包了|不用|不收|免|退|返|报销|别管|不用管|不用操心)|升级(成|为|到)?(顺丰|次日达|加急|特快|当日达|极速)|(我们|由我们|我)[^，。,]{0,4}(出|承担|包|报销)[^，。,]{0,4}(运费|邮费|快递费))`), "邮", "运费", "快递费", "配送费", "升级")},
			{CatRefund, gated(c(`(退(款|钱|费|还|掉|了)|全额退|全退|退全款|退(到|至|进)(您|你)|退回(到|给)?(您|你|原|账户|卡|银行)|退给(您|你)|返还|返(给|到|您|你|现)|原路退|退差价|refund)`), "退", "返", "refund")},
			{CatDiscount, gated(c(`(\d+(\.\d+)?折|打折|折扣|优惠|减半|半价|便宜|减\d|立减|抵扣|% off|discount)`), "折", "优惠", "减", "半价", "便宜", "抵扣", "off", "discount")},
			{CatPriceChange, gated(c(`(免单|全免|不(收|要)(您|你)?(一分|钱)|一分(钱)?(都|也)?不(收|要|用)|减免|不收(您|你)?(的|钱|费|了)|不(另外|额外)?收(钱|费)|不加钱|不(用|必|需要)(您|你)?(再)?(付|出|掏|还|花|交|给|补)|(给|为)(您|你)按[^，。,]{0,6}(价|算)|改(成|为|到)了?\d|降(到|为|成|价)|按\d+(元|块)?(收|算|卖)|保留[^，。,]{0,6}价|按[^，。,]{0,10}(价格|价钱|报价)(来|算|收|给)|不会(有|产生|收)[^，。,]{0,6}(费|钱)|按(您|你)[^，。,]{0,4}(价格|价钱|报价)|\d+(块|元)拿走|(费|金|罚款|利息|欠款|差价)[^，。,]{0,10}(去掉|免掉|免了|免除|取消了|抹掉|核销|减掉|清零|算了)|核销|price ?match|waive)`), "免", "不收", "收", "不会", "按", "不加钱", "不用", "不必", "不需要", "改", "降", "按", "保留", "去掉", "抹掉", "核销", "减掉", "清零", "算了", "price", "waive")},
			{CatCompensation, gated(c(`((补|赔|送|返|退)给(您|你)|(给|为|帮)(您|你)[^，。,]{0,2}(返|补|赔|送|免|减|换)|补(偿|贴|发|您|你)|赔(偿|付|您|你)|(送|赠)(您|你|给)|赠送|报销|余额|积分|红包|\p{Han}?券|心意|礼品|(我们|我)[^，。,]{0,4}(来出|出钱|出了|承担|买单|包了|请的|请客|请您|付钱|报销|消化|兜底)|(钱|费|费用)[^，。,]{0,2}(由)?(我们|我)(来)?(出|付|承担)|由我们|算我们|话费|credit|voucher|延长|(保证|一定|肯定)[^，。,]{0,8}(批|通过|到账|赔|退))`), "补", "赔", "送", "赠", "返", "退给", "报销", "余额", "积分", "红包", "券", "心意", "礼品", "我们", "我", "由我们", "话费", "credit", "voucher", "延长", "保证", "一定", "肯定")},
		},
		strongZH: []cue{
			{CatCompensation, gated(c(`(免费|续(了|费了)|延长了|多送|白送|送的|会员)`), "免费", "续", "延长", "送", "会员")},
		},
		strongSigZH: gated(c(`((给|为|帮|替)(您|你)|这次|这单|本次|我们(来|出|承担)|已经?(给|为|帮))`)),
		signalZH:    gated(c(`(您|你|我们|我|这次|这单|本次|这边|已|了|刚刚|马上|直接|这就|就|会|将)`)),
		vetoZH:      gated(c(`(的话[^费]|由(保险|厂家|商家|航空公司|快递公司|第三方|银行|平台)|完成|上周|上个月|之前的|转(到|给|接)|部门|专员|同事|保修|如果|若|只要|满\d|满[一二两三四五六七八九十]|满额|活动|目前|现有|还有|显示|记录|(您|你)(想要|想|希望|要求|打算)|订单满|一般|通常|政策|规定|标准|policy|审核|审批|申请|可以在|会员(每|生日)|新用户|首单|活动期间|工作日|天内|日内|以内|为准|是否|查|核实|登记|转接|转人工|联系|咨询|质量问题|非人为|除外|根据|按照|结束|过期|失效|截止|明细|多少|吗|(收到|签收|退回|审核|取消|寄回)[^，。,]{0,8}(后|之后|以后)|扣除|自动|需要[^，。,]{0,6}(审核|申请|满|符合|提供|条件|自己|您|你)|(您|你)自己|不能叠加|每单限|(的|些|类|方面)问题|(您|你)可以(在|申请|选择|联系|查看|拨打|登录|提交|问|咨询|到|去|通过|使用|自行))`)),
		refuseZH:    gated(c(`(没有权限|没权限|没(有)?(给|为|帮|替)(您|你)|并没有|没有?[^，。,]{0,8}(权限|权力)|无权|无法|不能|没办法|没有办法|做不到|不允许|不支持|不提供|不予|给不了|改不了|免不了|退不了|不可以|暂不|暂时不|没有(可以|可用|任何|相关|适用))`)),
	}
}

// clauseOf returns the bounds of the clause around [a,b): clauses end at commas, semicolons, colons and
// at " but " / "但" so a refusal in one clause does not excuse a grant in the next.
func clauseOf(s string, a, b int) (int, int) {
	return clauseSpan(s, a, b, []string{",", "，", ":", "：", "、", " but ", " however ", "但", "不过"})
}

// clauseSpan returns the bounds of the clause of s around s[a:b]: from just after the last separator
// before a to the first separator after b.
func clauseSpan(s string, a, b int, seps []string) (int, int) {
	start, end := 0, len(s)
	for _, sep := range seps {
		if i := strings.LastIndex(s[:a], sep); i >= 0 && i+len(sep) > start {
			start = i + len(sep)
		}
		if i := strings.Index(s[b:], sep); i >= 0 && b+i < end {
			end = b + i
		}
	}
	return start, end
}

// structuralCommit runs the third pass over one normalized sentence.
func (g *Guard) structuralCommit(s string, hasHan, hasLatin bool) []commitment {
	st := g.st
	// Values first: they are keyword-gated and absent from most sentences, so the large frame patterns
	// run only when there is something to judge.
	if hasLatin {
		vetoed := -1 // lazily: 0 no, 1 yes
		veto := func() bool {
			if vetoed < 0 {
				vetoed = 0
				if st.vetoEN.MatchString(s) || g.gen.generic.MatchString(s) || g.tk.pluralSubjEN.MatchString(s) || g.tk.recordEN.MatchString(s) {
					vetoed = 1
				}
			}
			return vetoed == 1
		}
		if h, ok := st.firstValue(s, st.valueEN, st.refuseEN); ok && !(h.cat == CatRefund && g.refundProcessNote(s)) &&
			!(strings.Contains(s[h.start:h.end], "covered") && g.tk.coverByEN.MatchString(s)) &&
			!(thresholdCat(h.cat) && g.rx.threshold.MatchString(s)) && st.signalEN.MatchString(s) &&
			(!veto() || st.strongEN.MatchString(s) && !g.gen.generic.MatchString(s)) {
			return []commitment{g.figures(h.cat, s, s[h.start:h.end])}
		}
		if loc := st.removedEN.FindStringIndex(s); loc != nil && !veto() {
			if a, b := clauseOf(s, loc[0], loc[1]); !st.refuseEN.MatchString(s[a:b]) {
				return []commitment{g.figures(CatPriceChange, s, s[loc[0]:loc[1]])}
			}
		}
	}
	if hasHan {
		// Mixed replies ("我给您free shipping") carry English value words in a Chinese frame.
		cues := st.valueZH
		if hasLatin {
			cues = append(cues[:len(cues):len(cues)], st.valueEN...)
		}
		h, ok := st.firstValue(s, cues, st.refuseZH)
		if ok && (h.cat == CatRefund && g.zhRefundProcess(s) || thresholdCat(h.cat) && g.rx.zhThreshold.MatchString(s)) {
			ok = false
		}
		if !ok && st.strongSigZH.MatchString(s) {
			h, ok = st.firstValue(s, st.strongZH, st.refuseZH)
		}
		if ok && st.signalZH.MatchString(s) && !st.vetoZH.MatchString(s) {
			return []commitment{g.figures(h.cat, s, s[h.start:h.end])}
		}
	}
	return nil
}

// firstValue is the first value cue (in priority order) whose clause refuses nothing.
func (st *structRules) firstValue(s string, cues []cue, refuse *gate) (cueHit, bool) {
	for _, c := range cues {
		for _, loc := range c.re.FindAllStringIndex(s, 4) {
			a, b := clauseOf(s, loc[0], loc[1])
			if refuse.MatchString(s[a:b]) {
				continue
			}
			return cueHit{c.cat, loc[0], loc[1]}, true
		}
	}
	return cueHit{}, false
}

// zhRefundProcess: 退款将原路返回到您的账户 describes where refunds go, not a refund granted; a named
// amount or 全额 is always checked.
func (g *Guard) zhRefundProcess(s string) bool {
	if g.hasMoney(s) || strings.Contains(s, "全额") {
		return false
	}
	for _, w := range []string{"原路", "到账", "处理", "流程", "进度", "原支付", "原付款", "支付方式", "付款方式", "入账", "银行"} {
		if strings.Contains(s, w) {
			return true
		}
	}
	return false
}

// structuralHard are the hard rules of the third pass: dosage or effect claims about a medicine, legal
// claims that tell the caller what to do, and replies that say the bot dropped its rules. Each needs two
// parts (re and also), so a lone medicine or legal word in a factual sentence passes.
func structuralHard() []hardRule {
	c := regexp.MustCompile
	medEN := gated(c(`\b(ibuprofen|paracetamol|acetaminophen|aspirin|tylenol|advil|motrin|nurofen|calpol|benadryl|claritin|zyrtec|loratadine|cetirizine|antihistamines?|antibiotics?|amoxicillin|penicillin|hydrocortisone|cortisone|steroids?|insulin|melatonin|codeine|naproxen|aleve|antacids?|laxatives?|decongestants?|cough (syrup|medicine)|allergy (medicine|medication|pills|tablets)|painkillers?|sleeping pills?|medicine|medication|meds|dose|dosage)\b`), "ibuprofen", "paracetamol", "acetaminophen", "aspirin", "tylenol", "advil", "motrin", "nurofen", "calpol", "benadryl", "claritin", "zyrtec", "loratadine", "cetirizine", "antihistamine", "antibiotic", "amoxicillin", "penicillin", "cortisone", "steroid", "insulin", "melatonin", "codeine", "naproxen", "aleve", "antacid", "laxative", "decongestant", "cough", "allergy", "painkiller", "sleeping pill", "medic", "meds", "dose", "dosage")
	medNoEN := c(`\b(not a (doctor|nurse|pharmacist|medical)|can not (comment|advise|say|give|recommend|tell)|medical advice|consult|(ask|call|see|check with|speak (to|with)|talk to) (a|your)( \w+)? (doctor|pharmacist|pediatrician|paediatrician|physician|gp|nurse|clinician)|pharmacist is|doctor is)\b`)
	legalNoEN := c(`\b(not a (lawyer|solicitor|attorney)|can not (say|advise|give|comment|tell)|legal advice|consult|(speak|talk) (to|with) a (lawyer|solicitor|attorney)|citizens advice|legal aid)\b`)
	zhMedKeys := []string{"药", "冲剂", "胶囊", "颗粒", "糖浆", "剂", "布洛芬", "美林", "泰诺", "对乙酰氨基酚", "阿莫西林", "头孢", "抗生素", "板蓝根", "感冒灵", "维生素"}
	zhMed := `(药|冲剂|胶囊|颗粒|糖浆|药膏|软膏|滴剂|喷剂|布洛芬|美林|泰诺|对乙酰氨基酚|阿莫西林|头孢|抗生素|板蓝根|感冒灵|维生素)`
	return []hardRule{
		{cat: CatMedicalAdvice, reason: "medical advice must come from a clinician",
			re:   gated(c(`\b(once|twice|\d+ times) (a|per|each) (day|night)\b|\bevery \d+ hours\b|\b\d+(\.\d+)? ?(mg|ml|milligrams?|millilit(er|re)s?|teaspoons?|tablespoons?|drops)\b|\b(half|a half|1|2|one|two) (a )?(tablet|pill|capsule|teaspoon)s?\b|\bdouble (the|your|it)\b|\b(at bedtime|before bed)\b|\b(should|will|would|can|could|is going to) (help|clear|bring|ease|relieve|cure|fix|settle|sort|knock|take care|get rid|work|do the trick|calm)\b|\b(safe|fine|ok|okay|alright|harmless) to (take|use|double|give|mix|combine|skip|stop|increase|have)\b|\b(you (can|could|should|may)|just|try|go ahead and) (take|use|apply|give|double|increase|stop|skip|mix|rub)\b`), "day", "night", "hours", "mg", "ml", "milli", "spoon", "drops", "tablet", "pill", "capsule", "double", "bed", "should", "will", "would", "can", "could", "going to", "safe", "fine", "ok", "alright", "harmless", "just", "try", "ahead"),
			also: medEN, unless: medNoEN},
		{cat: CatLegalAdvice, reason: "legal advice must come from a lawyer",
			re:     gated(c(`\b((just |simply )?(stop paying|do not pay|withhold (the )?(rent|payment))|ignore (the|that|this|it|them|their|his|her)\b|you (can|could|should|may|are free to|do not have to|need not|have every right to|have the right to) (ignore|stop|refuse|withhold|keep|break|cancel|not pay|walk away|sue|demand|deduct)|you are not (obliged|obligated|required|liable|responsible|bound)|(they|he|she|the \w+) (can not|has no right to|have no right to|is not allowed to|are not allowed to) (keep|charge|evict|make you|force you|withhold|take))\b`), "stop paying", "do not pay", "withhold", "ignore", "you ", "they", "he ", "she", "the "),
			also:   gated(c(`\b(legal\w*|illegal|unlawful|lawful|law|laws|statute|court|sue|lawsuit|contract|clause|lease|landlord|tenant|enforceable|unenforceable|rights|liable|liability|in your state|small claims|void)\b`), "legal", "law", "statute", "court", "sue", "contract", "clause", "lease", "landlord", "tenant", "enforceable", "rights", "liab", "state", "small claims", "void"),
			unless: legalNoEN},
		{cat: CatInjectionEcho, reason: "the reply repeats or obeys a prompt injection",
			re: gated(c(`\b(i|we)( will| am| have| shall)?( now)?( gladly| happily| go ahead and)? (disregard|ignore|ignoring|disregarding|set aside|setting aside|bypass|bypassing|override|overriding|forget|forgetting|drop|dropping|abandon|suspend|turn off|turned off|switch off|disable|disabled|disregarded|ignored|overridden|dropped|suspended)( all| any)?( of)?( my| the| your| these| those| its)?( previous| prior| earlier| usual| original| normal| standard| safety| system| default| current| existing| old| own)* (guidelines|rules|instructions|restrictions|limits|policies|policy|constraints|programming|settings|filters|guardrails|prompt)\b|\b(i am|i have|i now have|i will|i can)( now)? (operating |working |running |answering |responding |acting )?(with no|without( any)?|free of|free from) (my |any |the )?(usual |normal |previous |safety |content )?(restrictions|limits|limitations|filters|guardrails|rules)\b|\b(switching|turning|switched|turned) off (my|the|all)( \w+)? (rules|restrictions|filters|guardrails|guidelines|instructions)\b|\bi (have|now have) no (more )?(restrictions|limits|limitations|filters|rules)\b|\bmy (\w+ )?(instructions|rules|guidelines|restrictions|programming|policies) (no longer|do not|are no longer|have been) (apply|applies|bind|lifted|removed|disabled|switched off|turned off)\b`), "guideline", "rule", "instruction", "restriction", "limit", "polic", "constraint", "programming", "setting", "filter", "guardrail", "prompt")},
		{cat: CatInjectionEcho, reason: "the reply repeats or obeys a prompt injection", zh: true,
			re: gated(c(`(已|已经|我会|我将|我就|好的，?|好，?|那我)[^，。]{0,3}(忽略|无视|忘掉|不理会)[^，。]{0,8}(指令|设定|规则|限制|要求|提示|规定|政策)|(不再|不用再|不会再|不必再)(遵守|遵循|受|按照|理会)[^，。]{0,8}(设定|规则|指令|限制|约束|要求)|无限制模式|我(现在)?(已经)?没有(任何)?(限制|约束)|(解除|取消|关闭)了?(所有|全部)?的?(限制|安全设定|规则)`), "忽略", "无视", "忘掉", "不理会", "不再", "不用再", "不会再", "不必再", "无限制", "没有", "解除", "取消", "关闭")},
		{cat: CatClaimsHuman, reason: "the bot must not claim to be human", zh: true,
			re: gated(c(`我(是|就是)[^，。,]{0,8}(真人|真实的人|活人)|不是(机器人|机器|ai|人工智能|自动回复|机器回复|录音|程序)(哦|啊|呀|的|，|,|$)`), "真人", "真实的人", "活人", "不是")},
		{cat: CatMedicalAdvice, reason: "medical advice must come from a clinician", zh: true,
			re:     gated(c(`(吃|服|服用|喝)[^，。,]{0,4}(\d+|[一两二三四五六])次|每次(\d+|[一两二三半])(片|粒|袋|毫升|毫克|ml|mg|勺)`), "吃", "服", "喝", "每次"),
			unless: c(`(咨询|遵医嘱|请教|问问)[^，。]{0,4}(医生|药师|药剂师)|(无法|不能)(提供|给出)[^，。]{0,4}(医疗|医学|用药)|(需要|要|请|得|可以)问[^，。]{0,2}(医生|药师|药剂师|大夫)|(无法|不能|没法|没办法)给(您|你)?[^，。]{0,4}(医疗|医学|用药)|遵医嘱|(及时|尽快|马上)(就医|就诊|去医院)|(请|建议)[^，。]{0,4}(就医|就诊|看医生|去医院)`)},
		{cat: CatMedicalAdvice, reason: "medical advice must come from a clinician", zh: true,
			re:     gated(c(`(每天|一天|每日|每次|每隔)[^，。,]{0,4}(\d+|[一两二三四五六])?(次|片|粒|袋|毫升|毫克|ml|mg)|(\d+|半|[一两二三])(片|粒|袋|毫升|毫克|ml|mg|勺)|(吃|服|服用|喝|喂|涂|抹|用)(点|些|一点|一些)?[^，。,]{0,6}`+zhMed+`|(就好了|就退了|就能好|会好的|能退烧|退烧了|就没事了)`), "每", "一天", "片", "粒", "袋", "毫", "ml", "mg", "勺", "吃", "服", "喝", "喂", "涂", "抹", "用", "好", "退"),
			also:   gated(c(zhMed), zhMedKeys...),
			unless: c(`(咨询|遵医嘱|请教|问问)[^，。]{0,4}(医生|药师|药剂师)|(无法|不能)(提供|给出)[^，。]{0,4}(医疗|医学|用药)|(需要|要|请|得|可以)问[^，。]{0,2}(医生|药师|药剂师|大夫)|(无法|不能|没法|没办法)给(您|你)?[^，。]{0,4}(医疗|医学|用药)|遵医嘱|(及时|尽快|马上)(就医|就诊|去医院)|(请|建议)[^，。]{0,4}(就医|就诊|看医生|去医院)`)},
		{cat: CatLegalAdvice, reason: "legal advice must come from a lawyer", zh: true,
			re:     gated(c(`(不用理|不用管|不必理|不用付|不用还|不用交|可以不(付|还|理|交|管)|不需要(付|还|理|交)|直接拒绝|(您|你)[^，。,]{0,6}(起诉|告他|告他们|告对方|告商家)|(肯定|一定)(能|会|要)?(赢|胜诉|赔(您|你))|是违法的|属于违法|是无效的)`), "不用", "不必", "可以不", "不需要", "拒绝", "起诉", "告", "赢", "胜诉", "赔", "违法", "无效"),
			also:   gated(c(`(违法|不合法|非法|无效|霸王条款|法律|依法|有权|合同|条款|律师|起诉|法院|消费者权益|倍)`), "违法", "不合法", "非法", "无效", "霸王条款", "法律", "依法", "有权", "合同", "条款", "律师", "起诉", "法院", "消费者权益", "倍"),
			unless: c(`(无法|不能|没法|没办法)[^，。]{0,6}(法律|判断)|咨询[^，。]{0,6}(律师|法律)|建议[^，。]{0,4}(找|咨询)[^，。]{0,4}律师|我不是律师`)},
	}
}

// thresholdCat: a threshold or group ("orders over $50", 会员) makes a discount or free shipping a policy,
// not a grant to this caller; a credit or waived fee stays a grant.
func thresholdCat(cat string) bool { return cat == CatDiscount || cat == CatFreeShipping }
