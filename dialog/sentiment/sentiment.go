//go:generate go run ./internal/gen

// Package sentiment scores a caller's utterance in the context of the call: lexicons for English and
// Chinese customer-service speech, negation, intensifiers, contrast, exclamation and capitals, and call
// context the words alone cannot show — sarcasm after a failure ("oh wonderful, thanks a lot"), the same
// request again, asking for a human, a voice louder than the caller's own baseline. A per-call Tracker
// keeps the trajectory and flags sharp drops, which the handoff policy uses.
//
// It is rule based on purpose: no model download, deterministic, explainable through Cues, and well under
// a millisecond per turn. Calm problem reports ("my sim hasn't worked since you swapped it") are
// recognised by their grammar (failure.go), and a statement carrying negative evidence weighs more than a
// request or question with the same words.
package sentiment

import (
	"bufio"
	"fmt"
	"log/slog"
	"math"
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/voicegate/voicegate/dialog/sentiment/internal/entok"
)

// Labels.
const (
	Negative = "negative"
	Neutral  = "neutral"
	Positive = "positive"
)

// Cues explain a reading.
const (
	CueNegation  = "negation"
	CueSarcasm   = "sarcasm"
	CueRepeated  = "repeated"
	CueAsksHuman = "asks_human"
	CueLoud      = "loud"
	CueCaps      = "caps"
	CueExclaim   = "exclaim"
	CueContrast  = "contrast"
	CueAfterFail = "after_failure"
	CueInsistent = "insistent"
	// CueLearned: the learned model tipped the label (learned.go).
	CueLearned = "learned"
)

// Context is what the dialog engine and the gateway know about the turn beyond its words.
type Context struct {
	// PrevFailed: the bot's previous turn failed (fallback, wrong answer, error).
	PrevFailed bool
	// PrevClarified: the bot's previous turn asked the caller to clarify or repeat.
	PrevClarified bool
	// PrevHandoff: a handoff was offered or attempted on the previous turn.
	PrevHandoff bool
	// Repeated: the caller is repeating an earlier request. A Tracker also detects this itself.
	Repeated bool
	// PrevSentiment is the caller's previous score; it counts only when HasPrev is set (a Tracker sets both).
	PrevSentiment float64
	HasPrev       bool
	// LoudnessDB is the turn's level relative to the caller's own baseline (0 = as usual).
	LoudnessDB float64
}

// Reading is one scored turn.
type Reading struct {
	// Score is -1 (angry) … +1 (happy).
	Score float64  `json:"score"`
	Label string   `json:"label"`
	Drop  bool     `json:"drop"`
	Cues  []string `json:"cues,omitempty"`
}

// Option configures an Analyzer.
type Option func(*Analyzer) error

// WithThresholds sets the score at or below which a turn is negative and at or above which it is positive.
func WithThresholds(negative, positive float64) Option {
	return func(a *Analyzer) error {
		if negative >= 0 || positive <= 0 || negative < -1 || positive > 1 {
			return fmt.Errorf("%w: thresholds %v, %v", ErrBadLexicon, negative, positive)
		}
		a.negThr, a.posThr = negative, positive
		return nil
	}
}

// WithDropThreshold sets how far the score must fall from the previous turn to count as a sharp drop.
func WithDropThreshold(d float64) Option {
	return func(a *Analyzer) error {
		if d <= 0 || d > 2 {
			return fmt.Errorf("%w: drop threshold %v", ErrBadLexicon, d)
		}
		a.dropThr = d
		return nil
	}
}

// WithTerms adds or overrides lexicon entries for lang ("en" or "zh"), e.g. product names callers curse.
func WithTerms(lang string, terms map[string]float64) Option {
	return func(a *Analyzer) error {
		for t, w := range terms {
			if math.IsNaN(w) || math.IsInf(w, 0) || strings.TrimSpace(t) == "" {
				return fmt.Errorf("%w: %q=%v", ErrBadLexicon, t, w)
			}
			switch lang {
			case "en":
				a.en.add(strings.ToLower(t), w)
			case "zh":
				a.zh.add(t, w)
			default:
				return fmt.Errorf("%w: language %q", ErrBadLexicon, lang)
			}
		}
		return nil
	}
}

// WithLogger sets the logger (default: discard).
func WithLogger(l *slog.Logger) Option {
	return func(a *Analyzer) error {
		if l != nil {
			a.log = l
		}
		return nil
	}
}

// Analyzer scores utterances. It is safe for concurrent use once built.
type Analyzer struct {
	rules  []patternRule
	combos []comboRule
	hypo   hypothetical
	// resolved: a problem reported solved (calm.go).
	resolved hypothetical
	// supplied: a statement about what the company supplied or did (calm.go); suppliedW its weight.
	supplied  hypothetical
	suppliedW float64
	// weakGain scales a lone weak complaint word (see Score).
	weakGain float64
	// genericQ: a yes/no question about a generic case (calm.go).
	genericQ *regexp.Regexp
	// bareContr: ASR contractions without the apostrophe (calm.go).
	bareContr *regexp.Regexp
	// ask recognises a request or question; a turn without one is a report (see Score).
	ask    asker
	tab    zhTables
	en, zh lexicon
	// derived is the data-derived English n-gram lexicon (lexicon_derived.go); derivedBias is the
	// evidence an utterance needs before it counts and derivedGain how much each unit past it weighs.
	derived     map[string]float64
	derivedBias float64
	derivedGain float64
	// reportBias is the extra weight of negative evidence in a statement rather than a request.
	reportBias float64
	negThr     float64
	posThr     float64
	dropThr    float64
	// ml is the learned pass (learned.go), nil if its embedded model failed to load; mlCap bounds it.
	ml    *negModel
	mlCap float64
	log   *slog.Logger
	contr *strings.Replacer
}

type lexicon struct {
	terms map[string]float64
	// maxLen is the longest entry: tokens for English, runes for Chinese.
	maxLen int
	zh     bool
}

func (l *lexicon) add(term string, w float64) {
	n := utf8.RuneCountInString(term)
	if !l.zh {
		n = len(strings.Fields(term))
		term = strings.Join(strings.Fields(term), " ")
	}
	l.terms[term] = w
	if n > l.maxLen {
		l.maxLen = n
	}
}

func parseLexicon(src string, zh bool) (lexicon, error) {
	l := lexicon{terms: make(map[string]float64, 512), zh: zh}
	sc := bufio.NewScanner(strings.NewReader(src))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		ws, term, ok := strings.Cut(line, " ")
		w, err := strconv.ParseFloat(ws, 64)
		if !ok || err != nil {
			return l, fmt.Errorf("%w: %q", ErrBadLexicon, line)
		}
		l.add(strings.TrimSpace(term), w)
	}
	return l, nil
}

// New builds an analyzer with the built-in English and Chinese lexicons.
func New(opts ...Option) (*Analyzer, error) {
	en, err := parseLexicon(lexiconEN+lexiconENCS+lexiconENR5, false)
	if err != nil {
		return nil, err
	}
	zh, err := parseLexicon(lexiconZH+lexiconZHCS+lexiconZHR5, true)
	if err != nil {
		return nil, err
	}
	der, err := parseLexicon(lexiconDerivedEN, false)
	if err != nil {
		return nil, err
	}
	a := &Analyzer{
		derived: der.terms, derivedBias: 3, derivedGain: 0.12, reportBias: 0.2, weakGain: 0.8,
		en: en, zh: zh, tab: newZhTables(), rules: newRules(), combos: newCombos(), hypo: newHypothetical(), ask: newAsk(), genericQ: newGenericQ(), resolved: newResolved(), supplied: newSupplied(), suppliedW: 0.15, bareContr: newBareContractions(),
		negThr: -0.22, posThr: 0.3, dropThr: 0.5, mlCap: DefaultLearnedCap,
		log:   slog.New(slog.DiscardHandler),
		contr: entok.Contractions(),
	}
	for _, o := range opts {
		if err := o(a); err != nil {
			return nil, err
		}
	}
	ml, err := negModels()
	if err != nil {
		// The embedded model is checked by the tests; should it ever be broken, the rules still read.
		a.log.Error("sentiment: learned pass disabled", "err", err)
	}
	a.ml = ml
	return a, nil
}

// patternRule weighs a pattern a lexicon cannot express: how long the caller waited, how many times.
type patternRule struct {
	re *regexp.Regexp
	w  float64
	// situation marks a failure that turns praise into sarcasm.
	situation bool
	// soft: a hypothetical or caller-caused framing cancels the situation (failure.go).
	soft bool
	// veto, when set, cancels the rule: the caller is the subject ("i stopped using it"), or the turn
	// asks about a policy rather than reports ("付款以后就不能取消了吗").
	veto *regexp.Regexp
	// han: the pattern holds Chinese, so without keys it runs only on text with Han characters.
	han bool
	// keys gate an English rule: it runs only when one occurs in the text (Go's regexp has no literal
	// prefilter for alternations, and most turns match no rule).
	keys []string
}

// may reports whether the rule can match text; Chinese rules run only on text with Han characters.
func (r *patternRule) may(text string, hasHan bool) bool {
	if len(r.keys) == 0 {
		return hasHan || !r.han
	}
	for _, k := range r.keys {
		if strings.Contains(text, k) {
			return true
		}
	}
	return false
}

func (r *patternRule) zh() bool {
	for _, c := range r.re.String() {
		if unicode.Is(unicode.Han, c) {
			return true
		}
	}
	return false
}

func newRules() []patternRule {
	c := regexp.MustCompile
	rules := append([]patternRule{
		{re: c(`\b(second|third|fourth|fifth|sixth|tenth|umpteenth|\d+(st|nd|rd|th)) time\b|\b(2|3|4|5|6|7|8|9|10|three|four|five|six|ten|twenty|several|many|multiple|countless|hundred) times\b`), w: -0.5, situation: true, keys: []string{"time"}},
		{re: c(`\b(took|taking|taken|waited|waiting|been|for|over|almost|nearly) (you |me |us |them )?(more than |over |almost |nearly |about |like )?(\d+|a|an|two|three|four|five|six|seven|eight|nine|ten|twenty|thirty|forty|fifty|sixty|ninety|several|many|few|a couple of)( more| whole| full| entire| solid)? (days|weeks|months|hours|business days|minutes)\b`), w: -0.4, situation: true, keys: []string{"days", "weeks", "months", "hours", "minutes"}},
		{re: c(`\b(\d+|two|three|four|five|six|seven|eight|nine|ten|several|many) (days|weeks|months) (ago|later|now|already)\b|\bit is been (\d+|a|an|two|three|four|five|six|seven|eight|nine|ten|several|many) (days|weeks|months)\b`), w: -0.3, situation: true, keys: []string{"days", "weeks", "months"}},
		{re: c(`\bi ordered\b.{0,40}\b(you sent|i got|i received|they sent|came)\b|\bi was (told|promised)\b|\b(that|this) is not what\b`), w: -0.5, situation: true, keys: []string{"ordered", "told", "promised", "is not what"}},
		{re: c(`\b(no one|nobody|no technician|no engineer|no agent|no driver|never|not once|has not|have not|did not)( ever| even| yet)? (has |have )?(shown up|showed up|turned up|called|answered|replied|responded|bothered|fixed|helped|got back|come|came|offered|contacted|explained|apologised|apologized|been in touch|sent|arranged|rung|emailed|followed up)\b`), w: -0.4, situation: true, keys: []string{"no ", "nobody", "never", "not "}},
		{re: c(`\b(nobody|no one)\b.{0,30}\b(knows?|cares?|helps?|listens?|answers?|understands?|bothers?)\b`), w: -0.4, situation: true, keys: []string{"nobody", "no one"}},
		{re: c(`^(stop|quit) \w+ing\b|\b(just|please) listen\b|\blisten to (me|what i)\b`), w: -0.5, situation: false, keys: []string{"stop", "quit", "listen"}},
		{re: c(`(等了|排了|打了|催了|说了|问了|找了|试了|跑了|拖了|躺了)[^，。,]{0,4}(\d+|几|两|三|四|五|六|七|八|九|十|半|好几|十几|二十|一)(个)?(多)?(小时|分钟|天|周|星期|月|次|遍|个|回|趟)`), w: -0.5, situation: true},
		{re: c(`[两三四五六七八九十几0-9]+(遍|趟|回)(了|都|还)`), w: -0.5, situation: true},
		{re: c(`(没人|没有人|没一个人|没有一个人|谁都|谁也)(管|理|回|接|通知|负责|能|解决|处理|联系)`), w: -0.5, situation: true,
			veto: c(`有没有人`)},
		{re: c(`(不|没)(制冷|制热|加热|热|开机|充电|工作|亮|响|转|出水|能用|好使|动|灵)了`), w: -0.5, situation: true},
		{re: c(`(有没有搞错|开什么玩笑|能不能[^，。？?]{1,6}一点|怎么这么|为什么(还|又|总是|老是|一直|没|不)|凭什么)`), w: -0.5, situation: true},
		{re: c(`(到底|究竟)[^，。,]{0,10}(什么时候|要|有没有|怎么|能不能|还)`), w: -0.4, situation: true},
		{re: c(`(说好|说是|答应|承诺)(的)?[^。]{0,12}(还没|都没|没有|没|结果)`), w: -0.5, situation: true},
		// Failure events named structurally, so unseen products and parts still count: something stopped
		// working or arrived damaged, a visit or slot was missed, a service was cut off, the caller was
		// passed around, something does not fit or work.
		{re: c(`\b(stopped|stops|quit|quits|keeps|kept) (working|charging|responding|loading|connecting|turning on|switching on|printing|cooling|heating|syncing)\b|\b(arrived|came|turned up|showed up|was delivered|got delivered|were delivered) (with (a |an )?(\w+ )?(tear|hole|rip|dent|crack|scratch|stain|leak|mark|chip|part missing|missing|pixel|fault|defect|bug|scuff|bump|problem|issue|piece missing|parts missing)|(already )?(broken|damaged|torn|cracked|smashed|dented|scratched|soaked|wet|open|opened|crushed|leaking|faulty|defective|late|incomplete|used|dirty))\b|\b(a|an) (\w+ )?(tear|hole|rip|dent|crack|stain|scratch|leak) in\b`), w: -0.6, situation: true, keys: []string{"stop", "quit", "keep", "kept", "arrived", "came", "turned up", "showed up", "delivered", "tear", "hole", "rip", "dent", "crack", "stain", "scratch", "leak"}},
		{re: c(`\b(missed|no-show|cancelled|canceled) (appointment|appointments|delivery|deliveries|callback|call-back|visit|slot|booking)\b|\b(cut|cutting|switched|shut|disconnected) (off|me off|my \w+ off)\b|\b(passed|bounced|shunted|pushed|transferred|sent) (between|around|back and forth|from one)\b|\b(left|dumped|thrown|threw|chucked) (\w+ )?(outside|on the (doorstep|pavement|street|porch)|in the rain|over the (fence|wall|gate)|in full view)\b`), w: -0.6, situation: true, keys: []string{"missed", "no-show", "cancelled", "canceled", "off", "between", "around", "back and forth", "from one", "outside", "doorstep", "pavement", "street", "porch", "rain", "fence", "wall", "gate", "full view"}},
		{re: c(`\b(does not|do not|did not|will not|would not|can not|never) (fit the description|match the description)\b|\b(nobody|no one|none of you|you never|nobody ever) (told|explained|warned|informed|mentioned|said)\b`), w: -0.5, situation: true, keys: []string{"not", "never", "nobody", "no one", "none of"}},
		{re: c(`\b(you|they|your \w+) (said|told me|promised) [^.]{0,40}\b(would|will|were going to)\b[^.]{0,40}\b(it is now|now it is|still|never|not)\b`), w: -0.5, situation: true, keys: []string{"said", "told me", "promised"}},
		// Chinese failure events, built from parts so unseen combinations count: passed between N
		// departments, left at the door, a tear or crack on arrival, asked to repeat N times, paid but cut
		// off, still not received/refunded/fixed, took N days, not even a word of notice.
		{re: c(`(被|给)?转(了|来转去)[^，。]{0,3}([两三四五六七八九十几0-9]+|好几)个?(部门|人|客服|坐席|窗口)|(扔|丢|放|堆|撂)(在|到)(了)?(门口|楼下|外面|路边|地上|门外|走廊)`), w: -0.6, situation: true},
		{re: c(`(有|一个|一道|一条|好几个|好多)(大|小|明显的?)?(口子|划痕|裂缝|裂痕|裂纹|破洞|凹痕|污渍|缺口|磕碰)|(送来|送到|到货|收到|拿到|打开|拆开)(的时候|时|后)?(就|发现|竟然|居然)?(是)?(坏|破|碎|裂|烂|漏|脏|旧)`), w: -0.6, situation: true},
		{re: c(`(要|得|还要|需要)?(重复|反复)?(说|讲|问|打|解释)(多少|几)(遍|次)|(同样|一样)的[^，。]{0,8}(说|讲|问)了?(多少|几|[两三四五六七八九十]+)(遍|次)`), w: -0.6, situation: true},
		{re: c(`(钱|费|话费|费用)(都|也|早就)?(交|付|缴|充)了[^。]{0,10}(还|却|居然|竟然|怎么)|(还|一直|到现在|至今|都|始终|迟迟)(没|没有|未|不)(到|收到|到账|发货|退|回复|回电|处理|解决|修好|上门|来|联系|打|给)|(也|都|连)(不|没)(打个?|说一?|通知一?)(招呼|声)|花了(\d+|[一二两三四五六七八九十几半]+)(多)?(个)?(天|周|星期|月|小时)|(是不是|难道)(倒闭|跑路|不想干|骗子|骗人)`), w: -0.6, situation: true},
		{re: c(`\bsince (monday|tuesday|wednesday|thursday|friday|saturday|sunday|last week|last month|yesterday|this morning)\b`), w: -0.3, situation: true, keys: []string{"since"}},
		{re: c(`第[二三四五六七八九十几0-9]+次|[两三四五六七八九十几0-9]+次(了|都|还)`), w: -0.5, situation: true},
		{re: c(`(几|两|三|四|五|六|七|八|九|十|半|一|[0-9]+)(个)?(多)?(天|周|星期|礼拜|月|小时|钟头)(了|都|还)`), w: -0.4, situation: true},
		{re: c(`根本(没|不)|(都|也)(没|不)(人)?(管|理|回)`), w: -0.5, situation: true},
		{re: c(`说好(的)?`), w: -0.3, situation: true},
	}, append(failureRules(), calmFailureRules()...)...)
	for i := range rules {
		rules[i].han = rules[i].zh()
	}
	return rules
}

// comboRule weighs a persistence or time word only when a failure is named too: "still" alone is
// harmless, "still charging me" is a complaint.
type comboRule struct {
	when, what *regexp.Regexp
	w          float64
	zh         bool
}

func newCombos() []comboRule {
	c := regexp.MustCompile
	failEN := c(`\b(charg\w*|bill\w*|wait\w*|broken|broke|damaged|missing|late|delayed|lost|cancel\w*|not (working|work|arrived|received|fixed|resolved|moved)|no (one|reply|response|answer|update)|nobody|transferr\w*|transfer me|hold|hung up|disconnect\w*|dropp\w*|crash\w*|down|logs? me out|error|fail\w*|wrong|problem|issue|taking money|processing|pending|nothing|never|same)\b`)
	failZH := c(`(扣|收费|等|坏|没|不|催|打不通|占线|断|卡|掉|错|丢|少|慢|拖|问题|毛病|取消)`)
	return []comboRule{
		{c(`\b(still|every time|each time|yet again|over and over|constantly|always|once more)\b|\b(keep|keeps|kept) (\w+ing|on)\b|\b(\w+ed|\w+ing|down|broken|wrong|late|missing|off|out) again\b|\bagain (and again|today|this (week|month|morning))\b`), failEN, -0.4, false},
		{c(`\bwhy (does|do|is|are|was|were|am|did|has|have|can|would|will|should)\b`), failEN, -0.4, false},
		{c(`(还在|还是|又|一直|老是|总是|每次都|天天|反复|再次|怎么还|怎么又|到现在|至今)`), failZH, -0.4, true},
	}
}

// hypothetical recognises a problem asked about rather than suffered, or caused by the caller. It is
// split into parts gated by literal keys: one big alternation costs tens of microseconds per turn in
// Go's regexp, most turns contain none of the keys.
type hypothetical struct{ parts []gated }

// gated is a pattern that can only match text holding one of its keys.
type gated struct {
	re   *regexp.Regexp
	keys []string
}

func (g *gated) match(text string) bool {
	for _, k := range g.keys {
		if strings.Contains(text, k) {
			return g.re.MatchString(text)
		}
	}
	return false
}

// MatchString reports whether any part matches.
func (h hypothetical) MatchString(text string) bool {
	for i := range h.parts {
		if h.parts[i].match(text) {
			return true
		}
	}
	return false
}

func newHypothetical() hypothetical {
	c := regexp.MustCompile
	return hypothetical{parts: append([]gated{
		{c(`\b(what (do|should) i do if|what (happens|would happen|will happen|would i do|do we do) if|what if|in case|if (a|an|the|my|it|an item|a parcel|a package|something|i|we))\b`), []string{"if", "in case"}},
		{c(`\b((your|returns?|refund|cancellation|exchange|delivery|privacy|warranty) polic(y|ies)|polic(y|ies) (on|for|about|if|when))\b`), []string{"polic"}},
		{c(`\b(is (that|it|this) covered|covered by the warranty)\b`), []string{"covered"}},
		{c(`\b(i|my (son|daughter|kid|kids|child|dog|cat|husband|wife|partner|mum|dad)) (have |had |has )?(accidentally |just |stupidly )?(broke|dropped|lost|forgot|spilled|spilt|cracked|deleted|smashed|misplaced|locked myself|entered the wrong|typed the wrong|put the wrong|gave the wrong|gave you the wrong|chose the wrong|picked the wrong|ordered the wrong)\b`),
			[]string{"broke", "dropped", "lost", "forgot", "spil", "cracked", "deleted", "smashed", "misplaced", "locked myself", "the wrong"}},
		{c(`\b(by mistake|my (own )?(fault|mistake))\b`), []string{"mistake", "fault"}},
		// Fee and timing policy questions: "is there a fee for paying late?", "how long do refunds usually
		// take?"; reporting one's own loss: "how do i report a stolen card?".
		{c(`\b(is there a|how much is the|what is the|do you charge a|will i be charged a|what are the) (\w+ ){0,3}(fee|fees|charge|charges|penalty)\b|\b(usually|normally|generally|typically|on average)\b|\breport (a|my|the) (lost|stolen)\b`),
			[]string{"fee", "charge", "penalty", "usually", "normally", "generally", "typically", "on average", "report"}},
		{c(`\b(the|my|our) (dog|cat|puppy|kitten|kid|kids|baby|toddler) (knocked|chewed|broke|dropped|scratched|sat on|pulled|spilled)\b`), []string{"dog", "cat", "puppy", "kitten", "kid", "baby", "toddler"}},
		{c(`\bwhat are my options\b|\bwill [^.?]{0,40} still be\b`), []string{"options", "still be"}},
		{c(`\b(mine|it) got (chewed|dropped|lost|stolen|wet)\b`), []string{"got"}},
		{c(`\b((can|could|may) i (place|reorder|order|buy|get|book) (it|one|that|this|them)? ?again|reorder)\b`), []string{"again", "reorder"}},
		{c(`重新下单|重新购买|再下一单|如果|万一|假如|要是|的话|应该怎么|怎么处理|政策|保修管|不小心|我忘|忘记了|我(自己)?把[^，。]{0,10}(摔|弄|碰|磕|洒|泼|掉|丢|忘|删|锁)|(输|填|选|按|记)错|(狗|猫|孩子|儿子|女儿|小孩|宝宝)[^，。]{0,6}(咬|摔|弄|洒|泼|扔|撕|碰|踢|抓|挠|打翻|推)|报个?险|出险了|想理赔|我的?[^，。]{0,4}(卡|手机|钱包|钥匙|身份证|护照|证件)[^，。]{0,2}(丢了|被偷|不见了|找不到)`),
			[]string{"重新", "再下", "如果", "万一", "假如", "要是", "的话", "应该怎么", "怎么处理", "政策", "保修管", "不小心", "我忘", "忘记", "把", "错", "狗", "猫", "孩子", "儿子", "女儿", "小孩", "宝宝", "险", "理赔", "丢了", "被偷", "不见了", "找不到"}},
	}, callerSideParts()...)}
}

// asker recognises the forms of a request or a question. On a service line nearly every neutral turn
// is one ("can you", "i'd like", "how do i", "我想", "吗"), while a bare statement that carries any
// negative evidence is almost always a problem report: across the hand-labelled sets nine in ten
// non-positive statements are negative, against one in four requests and questions. "Why" is left
// out: "why is my bill higher" is a complaint. Word and bigram sets keep it to a map lookup per token.
type asker struct {
	first, word, pair map[string]bool
	zh                []string
}

func newAsk() asker {
	set := func(ws ...string) map[string]bool {
		m := make(map[string]bool, len(ws))
		for _, w := range ws {
			m[w] = true
		}
		return m
	}
	return asker{
		// An utterance opening with an auxiliary asks; one opening with a verb commands.
		first: set("is", "are", "do", "does", "did", "can", "could", "would", "will", "have", "has", "should", "am",
			"was", "were", "may", "check", "send", "cancel", "book", "change", "update", "set", "add", "remove",
			"transfer", "pay", "show", "find", "give", "get", "put", "move", "order", "make", "turn", "switch", "play",
			"call", "text", "remind", "tell", "open", "close", "reset", "activate", "unlock", "freeze", "block",
			"report", "confirm", "track", "resend", "sign", "register", "renew", "upgrade", "downgrade", "start",
			"help", "need"),
		word: set("how", "what", "when", "where", "which", "who", "whether", "please", "want", "wants", "wanna", "need",
			"needs", "wondering", "thanks", "cheers"),
		pair: set("can i", "can you", "can we", "can someone", "can somebody", "could i", "could you", "could we",
			"could someone", "would you", "will you", "may i", "shall i", "shall we", "is there", "are there",
			"is it", "is this", "is that", "do you", "does it", "did you", "have you", "are you", "do i", "should i",
			"would like", "looking for", "let me", "tell me", "help me", "thank you", "calling to", "calling about"),
		zh: []string{"吗", "呢", "怎么", "什么", "哪", "几", "多少", "是否", "能不能", "可不可以", "可以", "能否", "有没有",
			"请问", "麻烦", "帮我", "我想", "我要", "想要", "需要", "请", "咨询", "问一下", "查一下", "看一下", "是不是", "谢"},
	}
}

// asks reports whether a turn is a request or question rather than a report.
func (k asker) asks(lower string, toks []enToken, hasHan bool) bool {
	if strings.ContainsAny(lower, "?？") {
		return true
	}
	if hasHan {
		for _, z := range k.zh {
			if strings.Contains(lower, z) {
				return true
			}
		}
	}
	prev := ""
	for i, tk := range toks {
		if tk.Punct {
			prev = ""
			continue
		}
		if (i == 0 && k.first[tk.W]) || k.word[tk.W] || (prev != "" && k.pair[prev+" "+tk.W]) {
			return true
		}
		prev = tk.W
	}
	return false
}

// Label maps a score to a label with the analyzer's thresholds.
func (a *Analyzer) Label(score float64) string {
	switch {
	case score <= a.negThr:
		return Negative
	case score >= a.posThr:
		return Positive
	}
	return Neutral
}

// tally accumulates evidence while scanning.
type tally struct {
	clauses      []float64 // sum per contrast clause
	sarcasmProne float64   // positive weight from words that are often sarcastic
	negated      bool
	negSum       float64 // negative evidence left after negation handling
	strongest    float64 // the most negative single weight seen
	nNeg         int     // how many negative weights were seen
	negTerm      string  // the last lexicon term that weighed negative
	// problem: a complaint word stood un-negated ("broken", "问题"), as opposed to a negated positive
	// ("not right now") that alone does not make a report.
	problem bool
	cues    []string
}

func (t *tally) add(w float64) {
	t.clauses[len(t.clauses)-1] += w
	if w < 0 {
		t.nNeg++
		t.negSum += w
		if w < t.strongest {
			t.strongest = w
		}
	}
}

func (t *tally) cue(c string) {
	for _, x := range t.cues {
		if x == c {
			return
		}
	}
	t.cues = append(t.cues, c)
}

// Score reads one utterance in context.
func (a *Analyzer) Score(text string, ctx Context) Reading {
	if !utf8.ValidString(text) {
		text = strings.ToValidUTF8(text, " ")
	}
	t := tally{clauses: []float64{0}}
	lower := a.restoreApostrophes(strings.ToLower(text))
	hasHan := false
	for _, r := range lower {
		if unicode.Is(unicode.Han, r) {
			hasHan = true
			break
		}
	}
	enToks := a.scoreEN(lower, &t)
	if hasHan {
		a.scoreZH(lower, &t)
	}
	derived := a.derivedEN(enToks)

	raw := 0.0
	last := len(t.clauses) - 1
	for i, c := range t.clauses {
		switch {
		case last == 0:
			raw += c
		case i < last:
			raw += 0.5 * c
		default:
			raw += 1.5 * c
		}
	}
	if last > 0 {
		t.cue(CueContrast)
	}

	// Problem-report phrasing learnt from data ("still pending", "have tried", "days ago") adds what the
	// hand lexicon lacks; only evidence past a bias counts, so one weak cue in a request does not.
	dAdd := 0.0
	if derived < -a.derivedBias {
		dAdd = a.derivedGain * (derived + a.derivedBias)
		raw += dAdd
	}

	exp := lower
	if strings.ContainsAny(exp, "'’") || strings.Contains(exp, "cannot") {
		exp = a.contr.Replace(exp)
	}
	latin := strings.ContainsAny(exp, "abcdefghijklmnopqrstuvwxyz")
	sit, soft, ruleHit := false, false, false
	hit := t.problem || derived < -a.derivedBias
	for i := range a.rules {
		r := &a.rules[i]
		if r.may(exp, hasHan) && r.re.MatchString(exp) && (r.veto == nil || !r.veto.MatchString(exp)) {
			hit, ruleHit = true, true
			raw += r.w
			if r.soft {
				soft = true
			} else {
				sit = sit || r.situation
			}
		}
	}
	ruleSit := sit
	for _, c := range a.combos {
		if (c.zh && hasHan || !c.zh && latin) && c.when.MatchString(exp) && c.what.MatchString(exp) {
			raw += c.w
			sit, hit, ruleHit = true, true, true
		}
	}
	// A lone topic word with no failure structure ("I have a problem with my payment.", 我付款遇到一点问题)
	// names what a request is about rather than reports a failure: it gets no report bias and counts
	// for less. Other single cues ("supposed to be included", 型号不对) stay reports.
	weak := !ruleHit && t.nNeg == 1 && t.sarcasmProne == 0 && topicWord(t.negTerm) &&
		!strings.Contains(exp, "my problem") && !strings.Contains(exp, "your problem")
	if weak && raw < 0 {
		raw = (raw - dAdd) * a.weakGain
	}
	asking := a.ask.asks(lower, enToks, hasHan)
	// A persistence word in a question ("can i still return it?", "will the desk still be open?") is no
	// complaint, and a yes/no question about a generic case ("would a missed delivery be rescheduled?")
	// asks about policy: a caller-side or hypothetical framing then outweighs them.
	generic := latin && a.genericQ.MatchString(exp)
	framed := !sit || (asking && !ruleSit) || generic
	// "What do I do if a parcel arrives damaged?", "孩子不小心把屏幕摔坏了，保修管吗？": the problem is
	// hypothetical or the caller's own, so its words weigh little unless real anger shows.
	hypo := false
	if raw < 0 && framed && t.strongest > -0.75 {
		if generic || a.hypo.MatchString(exp) {
			raw *= 0.3
			hypo = true
		} else if soft {
			// A soft failure report with no hypothetical framing is a real one.
			sit = true
		}
	}
	// A statement (no request, no question) with negative evidence is a problem report: "the box was
	// empty", "the refund went to a card i closed". The same words in a request ("can i return the
	// jacket that doesn't fit?") stay as they are.
	// A statement about something the company supplied or did ("the shoes you sent are two different
	// sizes", 你们师傅贴的瓷砖边角…) is rarely said on a service line unless it went wrong: with no
	// praise, no request and no sign of a fix it counts as a weak report.
	if raw <= 0 && !asking && !hypo && !weak && t.sarcasmProne == 0 && !a.resolved.MatchString(exp) && a.supplied.MatchString(exp) {
		raw -= a.suppliedW
		hit = true
	}
	if raw < 0 && hit && !hypo && !weak && a.reportBias > 0 && !asking {
		raw -= a.reportBias
	}

	negCtx := ctx.PrevFailed || ctx.Repeated || ctx.PrevHandoff || (ctx.HasPrev && ctx.PrevSentiment <= a.negThr)
	inTextNeg := sit || t.negSum <= -0.5 || negativeSituation(lower, enToks)
	// Praise in the last clause after a contrast is sincere ("it took a while, but it is fixed, thanks").
	sincere := last > 0 && t.clauses[last] > 0 && !negCtx
	// Thanks with the problem reported solved and no failure named ("the refund is back, thanks for
	// following it up", 钱退回来了谢谢你一直跟进) is gratitude, whatever waiting the words recall.
	if !sincere && !ruleHit && !t.negated && !negCtx && a.resolved.MatchString(exp) {
		sincere = true
	}
	if t.sarcasmProne > 0 && (negCtx || inTextNeg) && !sincere {
		// "Oh wonderful, thanks a lot" after a failure, "great, now I wait another week": the praise is
		// the complaint.
		raw -= 2*t.sarcasmProne + 0.3
		t.cue(CueSarcasm)
	}
	if asksHuman(lower) {
		raw -= 0.15
		if ctx.PrevFailed || ctx.Repeated || ctx.PrevClarified {
			raw -= 0.2
		}
		t.cue(CueAsksHuman)
	}
	if ctx.Repeated {
		raw -= 0.45
		t.cue(CueRepeated)
	}
	if (ctx.PrevFailed || ctx.PrevClarified) && raw <= 0 {
		raw -= 0.1
		t.cue(CueAfterFail)
	}
	if ctx.LoudnessDB >= 6 && raw <= 0.2 {
		raw -= math.Min(0.4, 0.08*(ctx.LoudnessDB-4))
		t.cue(CueLoud)
	}
	if raw < 0 && shouting(text) {
		raw *= 1.3
		t.cue(CueCaps)
	}
	if n := strings.Count(text, "!") + strings.Count(text, "！"); n > 0 && raw != 0 {
		raw *= 1 + 0.15*math.Min(float64(n), 3)
		if raw < 0 {
			t.cue(CueExclaim)
		}
	}
	if strings.Contains(text, "??") || strings.Contains(text, "？？") || strings.Contains(text, "?!") || strings.Contains(text, "？！") {
		raw -= 0.25
		t.cue(CueInsistent)
	}
	if t.negated {
		t.cue(CueNegation)
	}
	ctxNeg := negCtx || ctx.PrevClarified || ctx.LoudnessDB >= 6
	score := a.learned(text, raw, ctxNeg, &t)
	return Reading{Score: score, Label: a.Label(score), Cues: t.cues}
}

type enToken = entok.Token

func (a *Analyzer) tokensEN(lower string) []enToken { return entok.Split(lower, a.contr) }

func enNegator(w string) bool {
	switch w {
	case "not", "no", "never", "nothing", "none", "hardly", "barely", "without", "neither", "nor", "nobody", "cannot":
		return true
	}
	return false
}

func enIntensifier(w string) float64 {
	switch w {
	case "very", "really", "so", "extremely", "totally", "absolutely", "super", "too", "incredibly", "completely",
		"utterly", "truly", "fucking", "freaking", "bloody", "such", "most", "highly", "seriously", "entirely", "insanely":
		return 1.5
	case "bit", "slightly", "somewhat", "little", "fairly", "rather", "mildly", "kinda":
		return 0.6
	}
	return 1
}

func enContrast(w string) bool {
	return w == "but" || w == "however" || w == "though" || w == "yet"
}

// sarcasmProneEN are praise words callers use ironically.
func sarcasmProneEN(term string) bool {
	switch term {
	case "great", "wonderful", "fantastic", "perfect", "brilliant", "lovely", "awesome", "nice", "amazing",
		"thanks", "thank you", "thank", "helpful", "best", "terrific", "excellent", "good job", "well done",
		"love", "superb", "outstanding", "cool":
		return true
	}
	return false
}

func (a *Analyzer) scoreEN(lower string, t *tally) []enToken {
	toks := a.tokensEN(lower)
	var key strings.Builder
	// lastEnd bounds a negator's reach: in "I don't appreciate being hung up on" the "not" belongs to
	// "appreciate" and must not also flip "hung up on".
	lastEnd := 0
	for i := 0; i < len(toks); {
		if toks[i].Punct {
			i++
			continue
		}
		if enContrast(toks[i].W) && i > 0 {
			t.clauses = append(t.clauses, 0)
			i++
			continue
		}
		w, n, term := 0.0, 0, ""
		for l := min(a.en.maxLen, len(toks)-i); l >= 1; l-- {
			key.Reset()
			ok := true
			for j := 0; j < l; j++ {
				if toks[i+j].Punct {
					ok = false
					break
				}
				if j > 0 {
					key.WriteByte(' ')
				}
				key.WriteString(toks[i+j].W)
			}
			if !ok {
				continue
			}
			if v, found := a.en.terms[key.String()]; found {
				w, n, term = v, l, key.String()
				break
			}
		}
		if n == 0 {
			i++
			continue
		}
		mult, neg := 1.0, false
		for j := i - 1; j >= lastEnd && j >= i-3; j-- {
			if toks[j].Punct || enContrast(toks[j].W) {
				break
			}
			if enNegator(toks[j].W) {
				neg = true
			}
			if m := enIntensifier(toks[j].W); m != 1 && mult == 1 {
				mult = m
			}
		}
		if w < 0 && !neg {
			t.problem = true
		}
		if neg {
			t.negated = true
			if w > 0 {
				w = -0.9 * w
			} else {
				w = -0.3 * w
			}
		} else if w > 0 && sarcasmProneEN(term) {
			t.sarcasmProne += w * mult
		}
		if w < 0 {
			t.negTerm = term
		}
		t.add(w * mult)
		i += n
		lastEnd = i
	}
	return toks
}

// zhTables are the Chinese modifier words, built per Analyzer so the package holds no state.
type zhTables struct {
	zhNegators, zhIntensifiers, zhDiminishers, zhContrast []string
	// sarcasmProneZH are praise phrases that, after a complaint, mean the opposite.
	sarcasmProneZH []string
}

func newZhTables() zhTables {
	return zhTables{
		zhNegators:     []string{"一点也不", "一点都不", "不是很", "不怎么", "并不", "不太", "没有", "不够", "不", "没", "别", "无", "未"},
		zhIntensifiers: []string{"非常", "特别", "超级", "极其", "十分", "真的", "相当", "实在", "简直", "这么", "那么", "如此", "太", "超", "真", "挺", "最", "巨", "好", "很", "更"},
		zhDiminishers:  []string{"有点", "有些", "稍微", "一点", "略"},
		zhContrast:     []string{"但是", "可是", "不过", "然而", "只是", "但", "却"},
		sarcasmProneZH: []string{"太好了", "真棒", "真好", "真行", "厉害", "效率真高", "真快", "好极了", "谢谢你们", "谢谢", "感谢", "生意兴隆", "佩服", "不错", "棒", "满意", "给力", "完美", "优秀"},
	}
}

func (a *Analyzer) scoreZH(lower string, t *tally) {
	rs := []rune(lower)
	for i := 0; i < len(rs); {
		if c := hasPrefixRunes(rs[i:], a.tab.zhContrast); c > 0 {
			if i > 0 {
				t.clauses = append(t.clauses, 0)
			}
			i += c
			continue
		}
		w, n := 0.0, 0
		for l := min(a.zh.maxLen, len(rs)-i); l >= 1; l-- {
			if v, ok := a.zh.terms[string(rs[i:i+l])]; ok {
				w, n = v, l
				break
			}
		}
		if n == 0 {
			i++
			continue
		}
		term := string(rs[i : i+n])
		// Look back over at most four runes within the clause for modifiers.
		from := i - 4
		if from < 0 {
			from = 0
		}
		for k := i - 1; k >= from; k-- {
			if isZhPunct(rs[k]) {
				from = k + 1
				break
			}
		}
		before := string(rs[from:i])
		mult, neg := 1.0, false
		if hasSuffixAny(before, a.tab.zhNegators) && !hasSuffixAny(before, []string{"特别", "分别", "区别", "级别", "告别"}) {
			neg = true
		}
		if hasSuffixAny(strings.TrimRight(before, "得的"), a.tab.zhIntensifiers) || strings.Contains(before, "太") {
			mult = 1.5
		} else if hasSuffixAny(before, a.tab.zhDiminishers) {
			mult = 0.6
		}
		if strings.HasSuffix(before, "不太") || strings.HasSuffix(before, "不是很") {
			mult = 1
		}
		if w < 0 && hasSuffixAny(before, []string{"一点也", "一点都", "根本", "完全", "实在"}) {
			mult = 1.5
		}
		if w < 0 && !neg {
			t.problem = true
		}
		if neg {
			t.negated = true
			if w > 0 {
				w = -1.0 * w
				if hasSuffixAny(before, []string{"一点也不", "一点都不", "根本不", "完全不", "根本没"}) {
					w *= 1.5
				}
			} else {
				w = -0.3 * w
			}
		} else if w > 0 {
			for _, s := range a.tab.sarcasmProneZH {
				if strings.Contains(term, s) || strings.Contains(s, term) {
					t.sarcasmProne += w * mult
					break
				}
			}
		}
		if w < 0 {
			t.negTerm = term
		}
		t.add(w * mult)
		i += n
	}
	// 真行 and 佩服 are almost never sincere on a service line.
	for _, s := range []string{"真行", "可真行", "佩服你们", "真是服了"} {
		if strings.Contains(lower, s) {
			t.add(-0.6)
			t.cue(CueSarcasm)
			break
		}
	}
}

func hasPrefixRunes(rs []rune, words []string) int {
	for _, w := range words {
		n := utf8.RuneCountInString(w)
		if len(rs) >= n && string(rs[:n]) == w {
			return n
		}
	}
	return 0
}

func hasSuffixAny(s string, words []string) bool {
	for _, w := range words {
		if strings.HasSuffix(s, w) {
			return true
		}
	}
	return false
}

func isZhPunct(r rune) bool {
	return strings.ContainsRune("，。！？；：、,.!?;: ", r)
}

// topicWord: complaint words that on their own only name the subject of a call.
func topicWord(term string) bool {
	switch term {
	case "problem", "problems", "issue", "issues", "trouble", "a problem", "an issue", "some trouble",
		"问题", "一点问题", "点问题", "疑问", "不清楚":
		return true
	}
	return false
}

// negativeSituation spots the failure a sarcastic compliment is about: waiting, repeating, losing.
func negativeSituation(lower string, toks []enToken) bool {
	for i, tk := range toks {
		switch tk.W {
		case "else":
			// "more helpful than anyone else" is praise.
			if i >= 2 && toks[i-2].W == "than" {
				continue
			}
			return true
		case "wait", "waiting", "waited", "wasting", "fifth", "times", "ruined", "logged", "hold",
			"another", "still", "hours", "weeks", "third", "fourth", "twice", "apparently", "cancelled", "canceled",
			"disconnected", "worse":
			return true
		case "again":
			// "it's working again" is the fix, not the failure.
			if i > 0 {
				switch toks[i-1].W {
				case "working", "works", "work", "online", "up", "back", "normal", "fine":
					continue
				}
			}
			return true
		case "now":
			if i+2 < len(toks) && toks[i+1].W == "i" && (toks[i+2].W == "have" || toks[i+2].W == "need" || toks[i+2].W == "get") {
				return true
			}
		}
	}
	for _, s := range []string{"又", "还是没", "还没", "等了", "一直", "再次", "第几次", "半天", "几天", "没收到", "坏了", "发错", "没人", "白等", "不行"} {
		if strings.Contains(lower, s) {
			return true
		}
	}
	return false
}

func asksHuman(lower string) bool {
	for _, s := range []string{"human", "real person", "live agent", "live person", "representative", "operator",
		"speak to someone", "talk to someone", "speak to somebody", "talk to somebody", "speak with someone",
		"talk with someone", "manager", "supervisor", "an agent", "a person", "转人工", "人工客服", "人工服务",
		"找人工", "真人", "经理", "领导", "主管", "人工坐席", "接人工"} {
		if strings.Contains(lower, s) {
			return true
		}
	}
	return false
}

// shouting: several all-capital words, or a short utterance in capitals.
func shouting(text string) bool {
	caps, words := 0, 0
	for _, f := range strings.FieldsFunc(text, func(r rune) bool { return !unicode.IsLetter(r) || unicode.Is(unicode.Han, r) }) {
		words++
		if len(f) < 3 {
			continue
		}
		upper := true
		for _, r := range f {
			if !unicode.IsUpper(r) {
				upper = false
				break
			}
		}
		if upper {
			switch f {
			case "USA", "PIN", "SMS", "UPS", "DHL", "FAQ", "USPS", "FEDEX", "VAT", "API", "URL", "CEO", "GPS":
				continue
			}
			caps++
		}
	}
	return caps >= 2 || (caps == 1 && words <= 3)
}

// derivedEN sums the data-derived weights over a turn: each matched bigram, then each unigram no matched
// bigram covers (so "still pending" is not counted again as "still" and "pending").
func (a *Analyzer) derivedEN(toks []enToken) float64 {
	if len(a.derived) == 0 || len(toks) == 0 {
		return 0
	}
	var covered uint64
	var key []byte
	sum := 0.0
	for i := 0; i+1 < len(toks) && i < 64; i++ {
		if toks[i].Punct || toks[i+1].Punct {
			continue
		}
		key = append(append(append(key[:0], toks[i].W...), ' '), toks[i+1].W...)
		if w, ok := a.derived[string(key)]; ok {
			sum += w
			covered |= 3 << i
		}
	}
	for i := 0; i < len(toks) && i < 64; i++ {
		if toks[i].Punct || covered&(1<<i) != 0 {
			continue
		}
		// "nothing wrong", "not bad": a negator in front of a complaint word negates it; the hand
		// lexicon's negation handling has that pair.
		if enNegator(toks[i].W) && i+1 < len(toks) && a.en.terms[toks[i+1].W] < 0 {
			continue
		}
		sum += a.derived[toks[i].W]
	}
	return sum
}
