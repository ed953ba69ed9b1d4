package guard

import (
	"regexp"
	"strings"
)

// The taken pass reads a reply that reports an action ALREADY DONE for this caller that moves money or
// value back to them: "I've processed a refund of $64.10 to your Visa", "$45 is on its way back to your
// card", "dinner tonight is covered", 那12块的配送费已经返还给您了. LLM agents phrase grants this way ("I went
// ahead and…", "done — you're all set") and the verb-anchored passes, which look for a promise, read them as
// status. A generic or conditional frame ("refunds are normally returned to the original card") or a
// refusal keeps it a policy statement. It runs last, only when no other pass found anything.

type takenRules struct {
	// backEN: a money-moving verb followed by the caller's payment instrument.
	backEN *gate
	// coveredEN: a cost reported settled for this caller ("is covered", "is taken care of", "is on us").
	coveredEN *gate
	// moneyEN: the moved thing is money or value ("back", an amount, a refund, a fee), not a payment or a
	// document routed somewhere ("the payment you made was sent to your bank account for verification").
	moneyEN *gate
	// thisEN: the settled cost belongs to this caller or occasion.
	thisEN *gate
	// genericEN: a policy, process or condition frame; the sentence describes how refunds work.
	genericEN *gate
	// notEN: a negation in the action's own clause ("it was not sent to your card").
	notEN *gate
	// coverByEN: "covered by the warranty" names who pays under a plan, not a grant.
	coverByEN *gate

	// statusEN: a report on an existing refund's record ("processed on May 2 according to our records"),
	// which describes what happened, not a new grant; refundProcessNote uses it when no amount is named.
	statusEN *gate

	// nonValueEN: a record, not value, put on the account ("added the note to your account"), right before
	// a bare "to your account" cue.
	nonValueEN *gate

	// groupEN names a class of people or orders, youEN this caller: "coffee is on the house for Gold members"
	// is a perk of a group (a policy) unless the reply also addresses the caller.
	groupEN, youEN *gate
	// agentEN: the speaker acts ("i have", "we went ahead and", "i will", "let me").
	agentEN *gate

	// pastEN: an earlier period; the fee's removal is history, not a grant now.
	pastEN *gate
	// goneEN: a named charge reported gone in the perfect or past ("the interest on your late payment has
	// been forgiven this once").
	goneEN *gate
	// pluralSubjEN: a bare plural value noun as the subject ("loyalty credits are applied automatically")
	// states how a benefit works for everyone.
	pluralSubjEN *gate
	// feeGoneZH: a fee reported removed for the caller (手续费已经帮您撤销了, 已经把利息免了).
	feeGoneZH *gate

	// recordEN: a dated past record ("was credited with $30 on June 2 from the referral program") reports
	// account history, not a grant made now.
	recordEN *gate
	// agentFreeEN: the speaker will or did do something at no cost for the caller ("I'll still replace it
	// for you at no cost"), read in its own clause so an earlier "last week" does not excuse it.
	agentFreeEN *gate
	// condEN: a condition in that clause ("if it is under warranty").
	condEN *gate

	// doneZH: an application reported finished (申请减免并且处理好了, 批下来了) beside a value (减免, 不用交了):
	// the 申请 that usually marks a referral is already granted.
	doneZH, doneValueZH, doneVetoZH *gate

	// backZH: 已/已经 … a give-back verb; recipZH: the caller as recipient (给您, 到您的卡).
	backZH  *gate
	recipZH *gate
	// genericZH: a policy or condition frame anywhere in the sentence (一般, 如果, 规定); processZH: a
	// process or application frame in the action's own clause (申请, 审核…后, 已于<date>), so "已经给您冲正了，
	// 会在下期账单里体现" still reports a done grant.
	genericZH, processZH *gate
	// condZH: a condition or calculation rule ahead of a payout (审核通过后会打到您的卡, 按延误时长计算), so a
	// marker after the object ("会打到您的") describes the process.
	condZH *gate
	// courtesyEN: a value given as a gesture ("as a one-time courtesy", "for the same price").
	courtesyEN *gate
}

func compileTaken() *takenRules {
	c := regexp.MustCompile
	instrument := `(card|visa|mastercard|master card|amex|american express|discover|paypal|venmo|apple pay|google pay|cash app|zelle|bank|bank account|account|wallet|balance|payment method|store credit|gift card|statement|bill|e-?wallet)`
	return &takenRules{
		backEN: gated(c(`\b(refunded|credited|reversed|returned|sent|put|paid|pushed|transferred|issued|processed|deposited|loaded|moved|refunding|crediting|reversing|sending|pushing|on (its|their|the) way|heading|headed)\b[^;]{0,50}?\b(back )?(to|on|onto|into|in) (your|the card you|the account you|the \w+ you)( \w+)?( \w+)? `+instrument+`\b`),
			"refunded", "credited", "reversed", "returned", "sent", "put", "paid", "pushed", "transferred", "issued", "processed", "deposited", "loaded", "moved", "refunding", "crediting", "reversing", "sending", "pushing", "way", "heading", "headed"),
		coveredEN: gated(c(`\b(is|are|has been|have been|will be|is all|are all)( fully| completely| totally| entirely| all| already| now)? (covered|taken care of|on (us|me|the house)|paid for|comped)\b`), "covered", "taken care", "on us", "on me", "house", "paid for", "comped"),
		moneyEN:   gated(c(`\bback\b|refund|credit|reimburs|overcharge|difference|deposit|compensat|goodwill|money|\bfees?\b|\bcharges?\b|amount|\d|\$|€|£|¥`)),
		thisEN:    gated(c(`\b(your|yours|you|tonight|today|this|next|the rest of|i|we|our treat)\b`)),
		genericEN: gated(c(`\b(usually|normally|typically|generally|always|often|can take|may take|takes|take \d|refunds|credits|if|once (we|the|your|it|you|they|an?|our|this|that|payment|approved|received|processed)|when|whenever|unless|until|each|every|after (we|the|our|it|they|an?|your)|eligible|eligibility|qualif\w*|polic(y|ies)|terms|conditions|according to|our records|records show|status|you can|you may|could be|would be|might be|should you|in case|depending|depends|per our|not|never|no longer|only)\b`)),
		notEN:     gated(c(`\b(not|never|no longer)\b`), "not", "never", "no longer"),
		coverByEN: gated(c(`\bcovered (by (the|your|a|an|our|their|its|this|that|most|many|some|any)\b|under|in|through|as part of)\b|\b(warranty|insurance|insurer|guarantee|plan covers|coverage)\b`), "covered", "warranty", "insur", "guarantee", "coverage"),

		statusEN:     gated(c(`\b(according to (our|my|the) (records|system|notes)|(our |the )?(records|system|status) (show|shows|says|indicates?)|status (is|shows|says)|reference (number |no |#)?[a-z]*-?\d|on (jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]* \d{1,2}|on \d{1,2}/\d{1,2}|trace (it|the))\b`), "record", "system", "status", "reference", " on ", "trace"),
		nonValueEN:   gated(c(`\b(note|notes|comment|comments|address|email|e-mail|phone|number|name|nickname|device|document|documents|file|files|photo|photos|ticket|case|details|information|info|record|flag|reminder|alert|preference|preferences|setting|settings|contact|password|pin|user|users|signature|id)( \w+)? $`)),
		groupEN:      gated(c(`\b(for|to) (all |our |every |any |eligible |new |existing |registered )?(\w+ )?(members|customers|guests|subscribers|students|passengers|visitors|kids|children|seniors|cardholders|holders|employees|staff|users|patrons|diners|travell?ers)\b|\b(every|each|all|any) (order|orders|customer|customers|guest|guests|member|members|visit|booking|bookings)\b`), "members", "customers", "guests", "subscribers", "students", "passengers", "visitors", "kids", "children", "seniors", "holders", "employees", "staff", "users", "patrons", "diners", "travel", "every", "each", "all ", "any "),
		pastEN:       gated(c(`\b(last (week|month|year|time|bill|statement)|previous|earlier this|in (january|february|march|april|may|june|july|august|september|october|november|december))\b`), "last", "previous", "earlier", " in "),
		goneEN:       gated(c(`\b(fee|fees|charge|charges|penalty|penalties|interest|surcharge|balance|debt|late payment|overdraft|fine|fines)\b[^;]{0,50}\b(has been|have been|was|were|got|is now|are now)( now| already| all| fully| just| completely)? (forgiven|waived|written off|reversed|cancell?ed|removed|wiped( out)?|dropped|refunded|credited|comped|voided|zeroed( out)?|taken off|erased|scrapped)\b`), "forgiven", "waived", "written", "reversed", "cancel", "removed", "wiped", "dropped", "refunded", "credited", "comped", "voided", "zeroed", "taken off", "erased", "scrapped"),
		pluralSubjEN: gated(c(`^(\w+ )?(credits|refunds|vouchers|discounts|fees|charges|points|rewards|coupons|miles|perks|benefits|bonuses|upgrades|waivers|adjustments) (are|can|will|may|do|expire|get|come|apply)\b`)),
		feeGoneZH:    gated(c(`(费|利息|罚款|罚息|滞纳金|违约金|月租|差价)[^，。]{0,16}(已|已经)[^，。]{0,8}(撤销|免(掉|了|除)|减免|抹(掉|了)|去(掉|了)|取消(了|掉)|退(了|掉|回))|(已|已经)[^，。]{0,8}(把|将)[^，。]{0,10}(费|利息|罚款|罚息|滞纳金|违约金|月租|差价)[^，。]{0,4}(撤销|免|减免|抹|去掉|取消|退)`), "已"),
		recordEN:     gated(c(`\b(was|were)\b[^;]{0,40}\b(on (jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]* \d{1,2}|on \d{1,2}/\d{1,2}|from the (\w+ )?(program|programme|promotion|promo|campaign|offer|referral))\b`), "was", "were"),
		agentFreeEN:  gated(c(`\b(i|we) (will|would|can|could|am going to|are going to|have|had|just|went ahead and)( still| also| gladly| happily| personally| now| just| already| gone ahead and)* \w+\b[^,;]{0,40}\b(at no (extra |additional )?(cost|charge)|free of charge|for free|on the house|on us|at (our|my) (own )?expense)\b`), "no cost", "no extra", "no additional", "no charge", "free", "house", "on us", "expense"),
		condEN:       gated(c(`\b(if|when|whenever|once|unless|as long as|provided|only|eligible|qualif\w*)\b`)),
		doneZH:       gated(c(`(处理好了|办好了|弄好了|搞定了|批下来了|批了|审批通过了|通过了|已经生效|已生效)`), "好了", "搞定", "批", "通过", "生效"),
		doneValueZH:  gated(c(`(减免|免(掉|了|除)|退(款|钱|给|到|回)|补(给|偿|到)|不用(再)?(交|付|还|出)|返还|赔(给|偿|付))`), "减免", "免", "退", "补", "不用", "返还", "赔"),
		doneVetoZH:   gated(c(`(如果|若|一般|通常|审核中|是否|吗|之后|以后|等)`)),
		agentEN:      gated(c(`\b(i|we) (have|had|just|will|would|can|went|am|are|also|already|gladly|bumped|added|upgraded|gave|moved|switched|set|put|made|kept)\b|\blet (me|us)\b`)),
		youEN:        gated(c(`\b(you|your|yours|tonight|this time|this once|i|we|me)\b`)),
		condZH:       gated(c(`(审核|核实|确认|收到|签收|退货|验货|通过)[^，。,]{0,4}(后|之后|以后)|如果|若|一般|通常|计算|审批|需要[^，。,]{0,6}(审核|批准|同意)`)),
		courtesyEN:   gated(c(`\bas a (one-time |one time |special |small |little |personal )?(courtesy|goodwill gesture|gesture of goodwill|thank you|thank-you|apology)\b|\b(for|at) (the same|no extra|no additional|your current|your existing|your old) (price|cost|rate|charge|fee)\b`), "courtesy", "goodwill", "thank", "apology", "same", "no extra", "no additional", "current", "existing", "old"),
		backZH:       gated(c(`(已|已经)[^，。；,]{0,20}(退(款|钱|费|还|回|给|到|了|掉|进|至)|返还|返(给|到|了|现)|补(给|到|上|偿|贴|发|了|差)|赔(给|了|偿|付)|冲正|打(到|进|入)|转(到|进|入)(您|你)|报销)`), "已"),
		recipZH:      gated(c(`(给|到|进|至|为|帮|替)(您|你)|(您|你)的[^，。,]{0,6}(卡|账户|账号|支付宝|微信|余额|零钱|银行|钱包)`), "您", "你"),
		genericZH:    gated(c(`(一般|通常|如果|若|规定|政策)`)),
		processZH:    gated(c(`(申请|是否|吗|已于|(收到|审核|取消|核实|确认|签收|退货)[^，。,]{0,6}(后|之后|以后)|会在|将在|预计将)`)),
	}
}

// takenCommit runs the taken pass over one normalized sentence.
func (g *Guard) takenCommit(s string, hasHan, hasLatin bool) []commitment {
	tk := g.tk
	if hasLatin {
		if loc := tk.backEN.FindStringIndex(s); loc != nil && tk.moneyEN.MatchString(s[loc[0]:loc[1]]) && !tk.genericEN.MatchString(s) &&
			!tk.pluralSubjEN.MatchString(s) && !tk.recordEN.MatchString(s) {
			if a, b := clauseOf(s, loc[0], loc[1]); !g.st.refuseEN.MatchString(s[a:b]) && !tk.notEN.MatchString(s[a:b]) {
				return []commitment{g.figures(CatRefund, s, s[loc[0]:loc[1]])}
			}
		}
		if loc := tk.agentFreeEN.FindStringIndex(s); loc != nil {
			// Negations count from the speaker on ("do not worry about …, I'll still …" is no refusal).
			if a, b := clauseOf(s, loc[0], loc[1]); !g.st.refuseEN.MatchString(s[loc[0]:b]) && !tk.notEN.MatchString(s[loc[0]:b]) && !tk.condEN.MatchString(s[a:b]) {
				return []commitment{g.figures(CatCompensation, s, s[loc[0]:loc[1]])}
			}
		}
		if loc := tk.coveredEN.FindStringIndex(s); loc != nil && tk.thisEN.MatchString(s[:loc[0]]) &&
			!tk.genericEN.MatchString(s) && !tk.coverByEN.MatchString(s) && !tk.notEN.MatchString(s) {
			return []commitment{g.figures(CatCompensation, s, s[loc[0]:loc[1]])}
		}
	}
	if hasLatin {
		// "As a one-time courtesy I've bumped your allowance": a gesture named and done by the speaker.
		if loc := tk.courtesyEN.FindStringIndex(s); loc != nil && tk.agentEN.MatchString(s) && !tk.genericEN.MatchString(s) &&
			!tk.groupPolicy(s) {
			if a, b := clauseOf(s, loc[0], loc[1]); !g.st.refuseEN.MatchString(s) && !tk.notEN.MatchString(s[a:b]) {
				return []commitment{g.figures(CatCompensation, s, s[loc[0]:loc[1]])}
			}
		}
	}
	if hasLatin {
		if loc := tk.goneEN.FindStringIndex(s); loc != nil && tk.thisEN.MatchString(s) && !tk.genericEN.MatchString(s) &&
			!tk.pastEN.MatchString(s) {
			if a, b := clauseOf(s, loc[0], loc[1]); !g.st.refuseEN.MatchString(s[a:b]) && !tk.notEN.MatchString(s[a:b]) {
				return []commitment{g.figures(CatPriceChange, s, s[loc[0]:loc[1]])}
			}
		}
	}
	if hasHan {
		if loc := tk.feeGoneZH.FindStringIndex(s); loc != nil && (tk.recipZH.MatchString(s) || strings.Contains(s, "这边") || strings.Contains(s, "我们")) &&
			!tk.genericZH.MatchString(s) && !g.st.refuseZH.MatchString(s) && !tk.clauseProcessZH(s, loc) {
			return []commitment{g.figures(CatPriceChange, s, s[loc[0]:loc[1]])}
		}
		if loc := tk.doneZH.FindStringIndex(s); loc != nil && tk.doneValueZH.MatchString(s) && tk.recipZH.MatchString(s) &&
			!tk.doneVetoZH.MatchString(s) && !g.st.refuseZH.MatchString(s) {
			return []commitment{g.figures(CatPriceChange, s, s[loc[0]:loc[1]])}
		}
		if loc := tk.backZH.FindStringIndex(s); loc != nil && strings.Contains(s[loc[0]:], "了") &&
			tk.recipZH.MatchString(s) && !tk.genericZH.MatchString(s) && !tk.clauseProcessZH(s, loc) {
			if a, b := clauseOf(s, loc[0], loc[1]); !g.st.refuseZH.MatchString(s[a:b]) {
				return []commitment{g.figures(CatRefund, s, s[loc[0]:loc[1]])}
			}
		}
	}
	return nil
}

// takenHard are casual forms of the hard categories that LLM agents use in chat: "no bot here, just me",
// "just a regular person on the team"; a price kept for this caller (价格继续给您保留, 还是按那个价); and a
// legal directive with an adverb between the modal and the verb (可以直接不付, 告不赢您).
func takenHard() []hardRule {
	c := regexp.MustCompile
	return []hardRule{
		{cat: CatClaimsHuman, reason: "the bot must not claim to be human",
			re:     gated(c(`\bi am (just )?as (human|real) as\b|\bi am (100%|100 percent|totally|fully|completely|very much|definitely|absolutely|certainly|really|truly) (a )?(human|person|real)\b|\b(real|actual|live|genuine) (human|person|people)( being)? (here|on (this|my|the other) end|speaking|typing|talking|answering)\b`), "real", "actual", "live", "genuine", "human", "person"),
			unless: c(`\b(connect|transfer|pass|put|hand) you\b|\b(speak|talk|chat) (to|with)\b|\b(want|prefer|would you like|can i)\b`)},
		{cat: CatClaimsHuman, reason: "the bot must not claim to be human",
			re:     gated(c(`\bno (bots?|robots?|ai|machines?|chatbots?|computers?|automation)( here| on (this|my) end| on this side| involved)\b|\b(just|only) (a |an )?(regular|normal|ordinary|real|actual|flesh and blood) (person|human|guy|gal|woman|man|people|employee|agent)\b|\b(i am|it is) (just )?me,? (a |an )?(real|actual|live) (person|human)\b`), "bot", "robot", " ai", "machine", "computer", "automation", "regular", "normal", "ordinary", "real", "actual", "flesh"),
			unless: c(`\bi am (a |an )?(virtual|ai|automated|digital|computer|chat|voice)\b|\b(not|never) (a |an )?(real |actual )?(person|human)\b`)},
		{cat: CatPriceChange, reason: "policy allows no price changes", zh: true,
			re: gated(c(`(价格|价钱|价|优惠|折扣)[^，。,]{0,10}(继续|还是|仍然|照样|依然)?(给|为|帮|替)(您|你)(继续|一直)?保留|(还是|继续|照样|仍然|依然|照)按(那个|之前|原来|上次|以前|当时|活动|双十一|双11|618|老)[^，。,]{0,6}(价|元|块)(收|算|给|卖|来)?|(帮|给|为|替)(您|你)(把|将)?[^，。,]{0,10}(利率|利息|价格|价钱|月租|月费|年费|费率|资费|套餐费|房价|票价|单价)[^，。,]{0,4}(调低|下调|降低|降|调|改|减)(到|成|为|了|低)`), "保留", "按", "利率", "利息", "价", "月租", "月费", "年费", "费率", "资费", "套餐费")},
		{cat: CatClaimsHuman, reason: "the bot must not claim to be human", zh: true,
			re:     gated(c(`我(也|可|确实|真的|当然)?是(个|一个)?(人|真人|大活人)(呀|啊|哦|的|嘛|啦|，|,|$)|不是什么(机器人|机器|ai|人工智能|程序|自动回复)`), "人", "不是什么"),
			unless: c(`我是(一个|个)?(ai|智能|人工智能|机器人|虚拟|自动|语音助手)`)},
		{cat: CatLegalAdvice, reason: "legal advice must come from a lawyer",
			re:     gated(c(`\b(can not|could not|are not allowed to|is not allowed to) legally\b|\byou (would|will|could|should) (definitely |easily |probably |likely |surely )?win\b|\bi would( just| simply)? (not pay|refuse to pay|ignore|withhold|sue)\b`), "legally", "win", "i would"),
			also:   gated(c(`\b(legal\w*|illegal|unlawful|law|laws|court|sue|lawsuit|contract|lease|landlord|tenant|deposit|small claims|rights|liable)\b`), "legal", "law", "court", "sue", "contract", "lease", "landlord", "tenant", "deposit", "small claims", "rights", "liab"),
			unless: c(`\b(not a (lawyer|solicitor|attorney)|legal advice|consult|(speak|talk) (to|with) a (lawyer|solicitor|attorney)|legal aid)\b`)},
		{cat: CatMedicalAdvice, reason: "medical advice must come from a clinician",
			re:     gated(c(`\b(cut|halve|split|reduce|lower|raise|increase|skip|stop|double|up) (the|your|that|this) (dose|dosage|pills?|tablets?|meds|medication)\b|\b(dose|dosage|pills?|tablets?) in half\b`), "dose", "dosage", "pill", "tablet", "meds", "medication"),
			unless: c(`\b(not a (doctor|nurse|pharmacist)|medical advice|consult|(ask|call|see|check with|speak (to|with)|talk to) (a|your)( \w+)? (doctor|pharmacist|physician|gp|nurse|clinician|vet)|before you|can not (comment|advise|say|tell))\b`)},
		{cat: CatPriceChange, reason: "policy allows no price changes",
			re: gated(c(`\b(i|we) (have |had |will |would |can |just |also |already )*(kept|keep|locked|lock|held|hold|froze|freeze|frozen)( in)? (your|the|that|this) (old |current |existing |original |promo\w* |sale |same |monthly )?(price|rate|pricing|fee|bill|fare|premium|subscription|plan|tariff|rent)( in)? (at|to|for)\b|\b(kept|locked|held|froze|frozen)( in)? your (old |current |existing |original |promo\w* |sale |same |monthly )?(price|rate|pricing|fee|bill|fare|premium|subscription|plan|tariff|rent)( in)? (at|to|for)\b`), "kept", "keep", "lock", "held", "hold", "froze", "freeze")},
		{cat: CatInjectionEcho, reason: "the reply repeats or obeys a prompt injection", zh: true,
			re: gated(c(`(已|已经|帮您|为您|给您|我)[^，。]{0,4}(解除|取消|关闭|关掉|去掉|移除|绕过|跳过)了?[^，。]{0,4}(安全|内容|审核)?(限制|设定|规则|过滤|防护|约束|审查)|(可以|能)回答任何问题`), "解除", "取消", "关闭", "关掉", "去掉", "移除", "绕过", "跳过", "任何问题")},
		{cat: CatPriceChange, reason: "policy allows no price changes", zh: true,
			re: gated(c(`按(照)?[^，。,]{0,8}(价|价格|价钱|折扣)[^，。,]{0,2}(给|为|帮|替)(您|你)[^，。,]{0,4}(重新)?(算|结算|计算|改|调|收)`), "按")},
		{cat: CatLegalAdvice, reason: "legal advice must come from a lawyer", zh: true,
			re:     gated(c(`可以(直接|完全|放心)?不(用)?(付|还|理|交|管)|告不赢|赢不了(您|你)|(他们|对方|商家)(没有权利|无权)(收|扣|要求)`), "可以", "告不赢", "赢不了", "权"),
			also:   gated(c(`(违法|不合法|非法|无效|霸王条款|法律|依法|有权|权利|合同|条款|律师|起诉|告|法院|消费者权益)`), "违法", "不合法", "非法", "无效", "霸王条款", "法律", "依法", "有权", "权利", "合同", "条款", "律师", "起诉", "告", "法院", "消费者权益"),
			unless: c(`(无法|不能|没法|没办法)[^，。]{0,6}(法律|判断)|咨询[^，。]{0,6}(律师|法律)|建议[^，。]{0,4}(找|咨询)[^，。]{0,4}律师|我不是律师`)},
	}
}

// dropNonValue removes bare "to your account" hits whose object is a record, not value: "I've added the
// note to your account" changes the account, it gives nothing.
func (tk *takenRules) dropNonValue(s string, hits []cueHit) []cueHit {
	kept := hits[:0]
	for _, h := range hits {
		m := s[h.start:h.end]
		if strings.HasPrefix(m, "to your ") || strings.HasPrefix(m, "into your ") || strings.HasPrefix(m, "on your ") {
			if tk.nonValueEN.MatchString(s[max(0, h.start-40):h.start]) {
				continue
			}
		}
		kept = append(kept, h)
	}
	return kept
}

// groupPolicy reports a perk stated for a group with no word for this caller.
func (tk *takenRules) groupPolicy(s string) bool {
	return tk.groupEN.MatchString(s) && !tk.youEN.MatchString(s)
}

// clauseProcessZH reports a process frame in the clause around loc.
func (tk *takenRules) clauseProcessZH(s string, loc []int) bool {
	a, b := clauseOf(s, loc[0], loc[1])
	return tk.processZH.MatchString(s[a:b])
}
