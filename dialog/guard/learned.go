package guard

import (
	_ "embed"
	"fmt"
	"strings"
	"sync"

	"github.com/voicegate/voicegate/dialog/internal/textclf"
)

// The learned pass: an n-gram logistic regression trained on our labelled replies (learned/TRAINING lists
// the files; TestLearnedModelsUpToDate rebuilds it). The rules run first and explain most blocks; the model
// catches commitments phrased in ways no rule names. A second model names the category of such a reply, so
// the knowledge base's policy still decides whether it may be said.

//go:embed learned/block.txt
var blockModelText string

//go:embed learned/category.txt
var categoryModelText string

//go:embed learned/sentence.txt
var sentenceModelText string

// Thresholds of the learned pass, chosen by leave-one-set-out on the blind training sets (models trained on
// every other set; SOURCE.txt): at or above DefaultModelThreshold the models block a reply the rules let
// through; below DefaultVetoThreshold, for the reply and for the sentence the rule matched, they overrule a
// rule's block of a policy-judged commitment, and below DefaultHardVetoThreshold its block of advice, a human
// claim or an injection echo (refusals such as 无法给出任何用药建议 that no refusal rule names; the
// models read them at p < 0.001). At or above anchorBypass a reply needs no commitment vocabulary.
// Leave-one-set-out (19 blind and 4 ordinary-line sets, 6,320 rows): the veto at 0.1 instead of 0.02 took
// false blocks from 0.025 to 0.022 for 0.001 of recall; the hard veto took them to 0.019 for none; the bypass
// gave 0.003 of recall for 0.001 of false blocks.
const (
	DefaultModelThreshold    = 0.5
	DefaultVetoThreshold     = 0.1
	DefaultHardVetoThreshold = 0.005
	anchorBypass             = 0.9
)

// WithModelThreshold sets the learned pass's block threshold; a value above 1 turns the pass off (and its
// veto with it).
func WithModelThreshold(t float64) Option {
	return func(g *Guard) { g.modelThr = t }
}

// WithVetoThreshold sets the block probability below which the model overrules a rule's block of a
// policy-judged commitment; 0 turns the veto off.
func WithVetoThreshold(t float64) Option {
	return func(g *Guard) { g.vetoThr = t }
}

// WithHardVetoThreshold sets the block probability below which the model overrules a rule's block of
// advice, a human claim or an injection echo; 0 turns that veto off.
func WithHardVetoThreshold(t float64) Option {
	return func(g *Guard) { g.hardVetoThr = t }
}

// vetoes reports whether the model overrules the rules' block v of sentence s in the reply norm (block
// probability p). Both the reply and the sentence must read benign: a commitment buried in a long friendly
// reply leaves the reply's probability low, but not its own sentence's. Advice, a human claim or an
// injection echo needs a far lower reading than a policy-judged commitment.
func (g *Guard) vetoes(v Verdict, s, norm string, p float64) bool {
	thr := g.vetoThr
	if hardCategory(v.Category) {
		thr = g.hardVetoThr
	}
	if g.ml == nil || g.modelThr > 1 || p < 0 || p >= thr || !longEnough(norm) {
		return false
	}
	return s == norm || g.blockProb(s) < thr
}

type learned struct {
	block *textclf.Model
	// sent reads one sentence; trained as multiple instances (learned_test.go: trainSentence).
	sent *textclf.Model
	cat  *textclf.Model
	// cats are cat's class names, in its output order.
	cats []string
	// bi and si are the index of the "block" class in block's and sent's output.
	bi, si int
}

// learnedModels parses the embedded models once per process. They are read-only once parsed and safe for
// concurrent use, so every Guard (one per language, built again on each knowledge-base reload) shares them;
// parsing them per Guard cost ~50 ms each time.
var learnedModels = sync.OnceValues(loadLearned)

func loadLearned() (*learned, error) {
	b, bi, err := textclf.ParseClass(blockModelText, "block")
	if err != nil {
		return nil, fmt.Errorf("guard: block model: %w", err)
	}
	sm, si, err := textclf.ParseClass(sentenceModelText, "block")
	if err != nil {
		return nil, fmt.Errorf("guard: sentence model: %w", err)
	}
	c, err := textclf.Parse(strings.NewReader(categoryModelText))
	if err != nil {
		return nil, fmt.Errorf("guard: category model: %w", err)
	}
	return &learned{block: b, sent: sm, cat: c, cats: c.Classes(), bi: bi, si: si}, nil
}

// hardCategory: never allowed by any policy.
func hardCategory(cat string) bool {
	switch cat {
	case CatLegalAdvice, CatMedicalAdvice, CatClaimsHuman, CatInjectionEcho:
		return true
	}
	return false
}

// blockProb is the learned block probability of a normalized reply (or sentence), or -1 without the
// models: the mean of the reply model's reading of the whole text and the sentence model's reading of its
// most committing sentence. The reply model sees the whole context; the sentence model is not diluted by a
// long friendly reply around one buried commitment, and it reads a streamed sentence the way it was trained.
// Leave-one-set-out, the mean beat either alone by about a point of recall at the same false blocks.
func (g *Guard) blockProb(norm string) float64 {
	if g.ml == nil {
		return -1
	}
	var buf [2]float64
	reply := g.ml.block.Probs(buf[:], norm)[g.ml.bi]
	best := 0.0
	for _, s := range sentences(norm) {
		best = max(best, g.ml.sent.Probs(buf[:], s)[g.ml.si])
	}
	return (reply + best) / 2
}

// learnedCheck returns a blocking verdict for a reply the rules allowed, or ok=false.
func (g *Guard) learnedCheck(norm string, p float64, decl *replyRefusals, ctx CheckContext) (Verdict, bool) {
	// A short reply gives the model too few n-grams to go on: "给您添麻烦了" (sorry for the trouble) reads as
	// a grant by its 给您 alone. Short commitments are the rules' ground ("dinner's on us").
	if g.ml == nil || p < g.modelThr || !longEnough(norm) || p < anchorBypass && !g.anchored(norm) {
		return Verdict{}, false
	}
	// A refusal to advise or to obey an injection anywhere excuses the reply: the referral often sits in the
	// sentence after the medicine's words.
	if decl.refusesAdvice() || decl.refusesInjection() {
		return Verdict{}, false
	}
	cats := g.ml.cats
	probs := g.ml.cat.Probs(make([]float64, len(cats)), norm)
	best := 0
	for k := range probs {
		if probs[k] > probs[best] {
			best = k
		}
	}
	cat := cats[best]
	// A refusal ("we can't refund you") or a third party's decision excuses only its own clause; the model
	// sees the words of the benefit and not who withholds it, so the reply is read again without such clauses.
	// "退款我这边直接给您批了，不用再等商家审核" still grants the refund. Advice is different: "they can't sue
	// you" is the advice itself, so a refusal word does not excuse it.
	if (!hardCategory(cat) || cat == CatInjectionEcho) && g.refuses(norm) {
		rest := g.withoutRefusals(norm)
		if rest == "" || g.blockProb(rest) < g.modelThr || p < anchorBypass && !g.anchored(rest) {
			return Verdict{}, false
		}
	}
	why := fmt.Sprintf("learned model: reads as a %s commitment (p=%.2f)", strings.ReplaceAll(cat, "_", " "), p)
	if hardCategory(cat) {
		return Verdict{Category: cat, Reason: why}, true
	}
	v := g.judge(g.figures(cat, norm, ""), norm, ctx)
	if v.Allowed {
		return Verdict{}, false
	}
	v.Reason = why + "; " + v.Reason
	return v, true
}

// refuses: a refusal or a third party's decision anywhere in the reply (没法 is among declinedRules' zh).
func (g *Guard) refuses(s string) bool {
	return g.dec.en.MatchString(s) || g.dec.zh.MatchString(s) || g.gen.refuse.MatchString(s) ||
		g.st.refuseEN.MatchString(s) || g.gen.zhRefuse.MatchString(s) || g.st.refuseZH.MatchString(s)
}

// withoutRefusals is norm without the clauses that refuse or leave a decision to a third party.
func (g *Guard) withoutRefusals(norm string) string {
	var out []string
	for _, sn := range sentences(norm) {
		var kept []string
		for _, c := range splitClauses(sn) {
			if !g.refuses(c) {
				kept = append(kept, c)
			}
		}
		if len(kept) > 0 {
			out = append(out, strings.Join(kept, ", "))
		}
	}
	return strings.Join(out, ". ")
}

// splitClauses splits a sentence at commas, colons and "but"/但是/不过 (clauseBounds' separators).
func splitClauses(s string) []string {
	var out []string
	for s != "" {
		cut, n := len(s), 0
		for _, sep := range clauseSeps {
			if k := strings.Index(s, sep); k >= 0 && k < cut {
				cut, n = k, len(sep)
			}
		}
		if t := strings.TrimSpace(s[:cut]); t != "" {
			out = append(out, t)
		}
		if cut == len(s) {
			break
		}
		s = s[cut+n:]
	}
	return out
}

// longEnough: at least 3 Latin words or 6 Han characters (a Han character carries about half a word).
// Chosen by leave-one-set-out: a floor of 6 kept short commitments (这单算我们的) from the model. Once a
// set of one-line replies was among the training rows (seventh round), 3 instead of 4 held out gave
// 0.972 / 0.024 instead of 0.966 / 0.024 (the one-line set alone 0.825 -> 0.883); 2 gave 0.973 / 0.025.
func longEnough(s string) bool {
	words, han := 0, 0
	inWord := false
	for _, r := range s {
		switch {
		case r >= 0x4E00 && r <= 0x9FFF:
			han++
			inWord = false
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			if !inWord {
				words++
			}
			inWord = true
		case r == '\'':
		default:
			inWord = false
		}
	}
	return words+han/2 >= 3
}

// anchorRules: the vocabulary a commitment is made of. A reply the learned pass blocks must use some of it:
// the model, trained on replies that mostly name such things, read plain lines ("No worries at all, take your
// time", 早上好！请问今天有什么需要帮忙的？) as commitments when their style was new to it. Latin words are
// looked up whole (words) or by stem (stems); phrases, symbols and Chinese by substring. A scan, not a
// regular expression: it runs on every reply the model would block.
type anchorRules struct {
	words   map[string]bool
	stems   []string
	phrases []string
}

func compileAnchors() *anchorRules {
	a := &anchorRules{words: map[string]bool{}}
	for _, w := range strings.Fields(`money gift off fee fees cost costs rate rates tariff paid comp house points miles
		month months premium definitely doubt 100 weekend meds dosage tablet tablets pill pills capsule capsules syrup
		cream insulin statin statins ibuprofen paracetamol aspirin stop skip safe fine doctor rash infection eczema
		sinus cold flu fever pain anxiety drink alcohol sue court claim claims contract clause lease landlord tenant
		deposit collector ticket settlement negligence statute valid void right rights human person real live bot
		robot automated ai machine rule rules prompt mode developer override policy tomorrow tonight monday tuesday
		wednesday thursday friday saturday sunday dollar dollars pound pounds euro euros bucks percent
		extra bonus added gigs gig gb data minutes storage licence license muscle migraine stroke heart burn cyst
		lump bite infected concussion sugar blood breathe attack indigestion antacids biscuit tax taxes penalty
		police arrest report kids kid son daughter wife husband mum mom dad family toddler baby lunch breakfast dinner
		coffee sandwich home house flat commute shift office desk headset throat voice eyes glasses weather raining
		holiday weekend myself staff badge gran grandma sister brother neighbour neighbor wrist`) {
		a.words[w] = true
	}
	a.stems = strings.Fields(`refund reimburs credit voucher coupon discount free charg pric bill pay owe waiv cover
		compensat complimentary upgrad extend extension trial warrant lock match froze freez deliver arriv ship guarant promis certain door medic
		dose drug antibiotic antihistamine allerg symptom sprain pregnan legal law debt evict instruction admin`)
	a.phrases = strings.Fields(`$ € £ ¥ % 退 赔 补 返 免 包邮 折 价 费 券 钱 元 块 积分 里程 升级 会员 优惠 红包 额度 利息
		利率 征信 保证 一定 肯定 百分之 绝对 送达 到货 寄到 送到 到账 药 吃 服用 停药 医 病 症 疹 炎 孕 法 律 诉 告 合同 条款
		押金 罚 违约 继承 真人 人工 机器 指令 规则 模式 管理员 开发者 减 省 抹 收您 必到 加急 特批 生效 胰岛素 血糖 剂量 活生生
		是人 卖多少 算我 不用付 不用交 不用还 不用出 不用赔 不用管 不收 不扣 不交 加了 多加 额外 加送 多送 流量 空间 授权
		延长 延期 保修 试用 我家 我妈 我爸 孩子 家人 吃饭 喝水 嗓子 眼睛 眼镜 感冒 下班 上班 工位 办公室 食堂 午休 午饭 工号
		主管 组长 老家 搬家 出差 度假 下雨 住 夜班 在家 耳机 哈欠 洗手间 烫伤 脑震荡 拉伤 扭伤 颈椎 心脏 冰敷 涂点 税 刑事 吓唬 员工 血压 血糖 心脏`)
	a.phrases = append(a.phrases, "on us", "on me", "hundred percent", "keep the", "keep it", "it is yours", "by the ")
	return a
}

func (g *Guard) anchored(s string) bool {
	for _, p := range g.anc.phrases {
		if strings.Contains(s, p) {
			return true
		}
	}
	for _, t := range words(s) {
		if g.anc.words[t.w] {
			return true
		}
		for _, st := range g.anc.stems {
			if strings.HasPrefix(t.w, st) {
				return true
			}
		}
	}
	return false
}
