package guard

import (
	"regexp"
	"strings"
)

// declinedRules recognise a commitment word inside a refusal or a third party's decision, in the
// commitment's own clause: "price matching isn't something we offer", "there's no discount code I can give
// out", 赔付金额由定损员核定, or in the clause right after it that refers back: "…给您免单，这个我做不到".
// Clauses split at commas and at "but"/但是/不过, so "I can't waive the fee, but I've added a $10 credit"
// still blocks on its credit.
type declinedRules struct {
	en, zh *gate
	zhBack *regexp.Regexp
	// adviceNo: the reply refuses to advise ("I'm not able to tell you whether…", "a question for the
	// doctor who prescribed them", 这个我真的不能回答您); injectionNo: it refuses an injection ("ignoring my
	// instructions isn't something I'm able to do", 无法绕过规则). Either holds for the whole reply, since the
	// referral often sits in the sentence after the medicine or the injection's words.
	adviceNo, injectionNo *gate
}

// replyRefusals is what the whole reply refuses, each read only when a verdict needs it: most replies
// meet no advice or injection rule and never reach the learned pass's last gate.
type replyRefusals struct {
	g    *Guard
	norm string
	// advice and injection: 0 not read yet, 1 refused, -1 not refused.
	advice, injection int8
}

func (r *replyRefusals) read(v *int8, gt *gate) bool {
	if *v == 0 {
		*v = -1
		if gt.MatchString(r.norm) {
			*v = 1
		}
	}
	return *v == 1
}

func (r *replyRefusals) refusesAdvice() bool    { return r.read(&r.advice, r.g.dec.adviceNo) }
func (r *replyRefusals) refusesInjection() bool { return r.read(&r.injection, r.g.dec.injectionNo) }

// excuses reports whether the reply's refusal excuses a hard rule of category cat.
func (r *replyRefusals) excuses(cat string) bool {
	switch cat {
	case CatMedicalAdvice, CatLegalAdvice:
		return r.refusesAdvice()
	case CatInjectionEcho:
		return r.refusesInjection()
	}
	return false
}

func compileDeclined() *declinedRules {
	c := regexp.MustCompile
	return &declinedRules{
		en: gated(c(`\b(is|are) not something (we|i) (can )?(offer|do|provide|give|allow|support|arrange)\b`+
			`|\bthere (is|are) no\b[^,;.]{0,40}\b(i|we) (can|could) (give|offer|provide|apply|issue|add|extend)\b`+
			`|\b(we|i) (do not|does not|can not|could not|am not able to|are not able to|am unable to|are unable to|am not allowed to|are not allowed to|am not authori[sz]ed to|are not authori[sz]ed to|have no way to|have no authority to) (offer|provide|give|issue|do|apply|match|waive|refund|guarantee|promise|approve|authori[sz]e|arrange|add|extend|honou?r|lower|reduce|remove|cover|reimburse|compensate)\b`+
			`|\b(decided|determined|set|assessed|paid|covered|issued|handled|approved) by (the|your) (insurer|insurance company|insurance provider|airline|carrier|adjuster|claims adjuster|loss adjuster|court|card issuer|manufacturer|merchant|seller|landlord|third party|airport)\b`+
			`|\b(the|your) (insurer|insurance company|insurance provider|airline|adjuster|claims adjuster|loss adjuster|court|card issuer|manufacturer|merchant|seller|landlord) (decides|will decide|determines|will determine|sets|assesses|will assess|makes the decision)\b`),
			"not", "there are no", "there is no", "no way", "no authority", " by the ", " by your ", "insur", "airline", "adjuster", "court", "issuer", "manufacturer", "merchant", "seller", "landlord"),
		zh: gated(c(`(没法|无法|不能|做不到|办不了|没有权限|没权限|无权|不支持|不提供|不可以|没办法)`+
			`|由[^我本您你，。,]\p{Han}{0,8}?(来)?(核定|发放|决定|承担|赔付|支付|负责|审核|评估)`+
			`|(保险公司|航空公司|航司|商家|卖家|厂家|法院|定损员|理赔员)(来|会|负责)?(决定|核定|审核|评估)|不是我(们)?(能)?决定的`),
			"没法", "无法", "不能", "做不到", "办不了", "权限", "无权", "不支持", "不提供", "不可以", "没办法", "由", "决定", "核定", "审核", "评估"),
		adviceNo: gated(c(`\b(i am not able to|i am unable to|i can not|i could not|i am not allowed to|i am not in a position to|we can not|we are not able to) (tell you|say|advise|answer|give (you )?(any )?((medical|legal|health|dosing) )?advice|recommend)\b`+
			`|\bis a question for (a|the|your) (doctor|pharmacist|gp|physician|prescriber|lawyer|solicitor|attorney)\b`+
			`|\bonly (your|a|the) (doctor|pharmacist|gp|physician|lawyer|solicitor|attorney) can (tell|say|advise|answer|decide)\b`+
			`|(不能|无法|没法|没办法|不便|不可以)(回答|给(您|你)?(提供)?(任何)?(用药|医疗|医学|法律|药物)?(建议|意见)|判断)`),
			"not", "unable", "question for", "only", "不能", "无法", "没法", "没办法", "不便", "不可以"),
		injectionNo: gated(c(`\b(is not something i|will not change anything|can not (do that|ignore|bypass|override|switch off)|not able to (ignore|bypass|override)|i will not (ignore|bypass|override))\b`+
			`|(无法|不能|不会|没法|没办法)(绕过|忽略|跳过|违反|关闭)|我不能这(样|么)做|(忽略|绕过|无视)[^。]{0,24}(做不到|做不了|办不到|不行|不可以)`),
			"not something", "change anything", "can not", "not able", "will not", "绕过", "忽略", "跳过", "违反", "关闭", "不能这"),
		zhBack: c(`^\s*(这个|这|那个|那|这些)?(我|我们)?(这边)?(实在|确实)?(做不到|办不了|没法|不行|不能|无法|没办法)`),
	}
}

// clauseSeps end a clause.
var clauseSeps = []string{",", ";", "，", "；", ":", "：", " but ", "但是", "不过"}

// clauseBounds returns the clause of s around s[i:j] (clauseSeps).
func clauseBounds(s string, i, j int) (int, int) { return clauseSpan(s, i, j, clauseSeps) }

// declined reports whether the commitment matched in sentence s is refused or left to a third party.
func (g *Guard) declined(s, matched string) bool {
	if matched == "" || matched == s {
		return false
	}
	i := strings.Index(s, matched)
	if i < 0 {
		return false
	}
	a, b := clauseBounds(s, i, i+len(matched))
	clause := s[a:b]
	if g.dec.en.MatchString(clause) || g.dec.zh.MatchString(clause) {
		return true
	}
	if b < len(s) {
		rest := s[b:]
		rest = strings.TrimLeft(rest, ",;，；:： ")
		return g.dec.zhBack.MatchString(rest)
	}
	return false
}
