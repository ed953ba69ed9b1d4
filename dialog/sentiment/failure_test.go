package sentiment

import (
	"os"
	"strings"
	"testing"

	"github.com/voicegate/voicegate/dialog/internal/labeled"
)

// TestFailureReports checks the structural failure-report rules (failure.go) in both languages: a calm
// report of the company's or product's failure is negative, while the same words asked about
// hypothetically, caused by the caller, or used as a command stay non-negative.
func TestFailureReports(t *testing.T) {
	// The rules' own reading of reports vs questions; the learned pass on top is measured by the eval sets.
	a := newAnalyzer(t, WithLearnedCap(0))
	for _, tc := range []struct {
		text string
		neg  bool
	}{
		// English reports.
		{"my sim hasn't worked since you swapped it", true},
		{"your website won't let me check out it just spins", true},
		{"i've paid twice for the same order", true},
		{"ok so this is my fourth call about the same leak", true},
		{"hello yeah i've been trying to get my deposit back since june", true},
		{"the courier left my parcel in the bin", true},
		{"the bill says i owe 300 but i paid it in full last month", true},
		{"the lady said it would be sorted by wednesday and here we are on friday", true},
		{"there's water coming through the ceiling since your plumber visited", true},
		{"my appointment was moved without anyone telling me", true},
		{"the agent on chat just closed the conversation on me", true},
		{"your system has me down as deceased", true},
		{"the box was empty", true},
		{"i keep being told to call a different number", true},
		// English non-reports.
		{"if the delivery doesn't arrive by friday can i get it sent to my work instead", false},
		{"i put the wrong postcode on my order can i change it", false},
		{"don't connect to my phone anymore", false},
		{"i stopped using the app, how do i delete my account", false},
		{"Is there a fee for paying late?", false},
		{"what should i do if my flight is delayed", false},
		{"my son wants to open an account", false},
		{"the parcel came today thank you", false},
		// Chinese reports.
		{"喂你好我上个礼拜买的那个电饭煲用了两天就不加热了", true},
		{"家里宽带隔一会儿就断一下", true},
		{"没提前通知就把我家的水停了", true},
		{"突然多出一笔费用", true},
		{"你们发来的配件根本装不上", true},
		{"我都改了地址了账单还是寄到老地址", true},
		{"沙发才买两个月垫子就塌了", true},
		{"在线客服直接把对话给我关了", true},
		{"师傅走的时候插座盖都没装回去", true},
		{"新路由器比旧的还慢", true},
		// Chinese non-reports.
		{"如果收到的东西是坏的，退货运费谁出？", false},
		{"我把手机屏幕摔坏了，换一个多少钱？", false},
		{"我密码输错太多次账户被锁了怎么解锁", false},
		{"付款以后就不能取消了吗", false},
		{"买了两天就到了，谢谢", false},
		{"好久没用这个账户了还能用吗", false},
		{"我刚下单，想确认一下地址对不对。", false},
	} {
		r := a.Score(tc.text, Context{})
		if (r.Label == Negative) != tc.neg {
			t.Errorf("%q: label %s (score %.2f, cues %v), want negative=%v", tc.text, r.Label, r.Score, r.Cues, tc.neg)
		}
	}
}

// TestReportBias checks that weak negative evidence weighs more in a statement than in a request or
// question, and that the bias can be switched off.
func TestReportBias(t *testing.T) {
	a := newAnalyzer(t)
	for _, tc := range []struct{ report, ask string }{
		{"the new card you sent has the wrong expiry date", "can you check if the new card has the wrong expiry date?"},
		{"我付款的时候被扣了两次钱", "我付款的时候被扣了两次钱怎么办？"},
	} {
		rep, ask := a.Score(tc.report, Context{}), a.Score(tc.ask, Context{})
		if rep.Score >= ask.Score {
			t.Errorf("report %q scores %.2f, not below request %q at %.2f", tc.report, rep.Score, tc.ask, ask.Score)
		}
	}
	// A lone topic word names what a call is about: it gets no report bias (fifth pass).
	if r := a.Score("我付款遇到一点问题", Context{}); r.Label == Negative {
		t.Errorf("topic word alone read as a report: %+v", r)
	}
	if r := a.Score("I have a problem with my payment.", Context{}); r.Label == Negative {
		t.Errorf("topic word alone read as a report: %+v", r)
	}
	// Negation of a positive word alone ("not right now") is not a problem report.
	if r := a.Score("Not right now, maybe later.", Context{}); r.Score < -0.3 {
		t.Errorf("dialogue act scored as a report: %+v", r)
	}
	if a.ask.asks("the box was empty", a.tokensEN("the box was empty"), false) {
		t.Error("statement read as a request")
	}
	for _, q := range []string{"can you check my order", "i'd like to cancel", "how long does it take", "is the store open today", "我想改地址", "能送到新疆吗"} {
		hasHan := q[0] >= 0x80
		if !a.ask.asks(q, a.tokensEN(q), hasHan) {
			t.Errorf("%q not read as a request or question", q)
		}
	}
}

// TestRuleGates checks that every English rule's keys cover what its pattern can match, so the
// literal prefilter never hides a match: each rule is run ungated over the labelled sets and must not
// match text its keys reject.
func TestRuleGates(t *testing.T) {
	a := newAnalyzer(t)
	texts := []string{}
	for _, p := range []string{"testdata/sentiment_en_dev.csv", "testdata/sentiment_en_fresh.csv", "testdata/sentiment_en_holdout2.csv",
		"testdata/sentiment_zh_dev.csv", "testdata/sentiment_zh_fresh.csv", "testdata/sentiment_zh_holdout2.csv"} {
		rows, err := readSet(p)
		if err != nil {
			t.Fatal(err)
		}
		texts = append(texts, rows...)
	}
	for _, text := range texts {
		exp := a.contr.Replace(strings.ToLower(text))
		hasHan := false
		for _, r := range exp {
			if r >= 0x4e00 && r <= 0x9fff {
				hasHan = true
				break
			}
		}
		for i := range a.rules {
			r := &a.rules[i]
			if r.re.MatchString(exp) && !r.may(exp, hasHan) {
				t.Errorf("rule %d matches %q but its keys %v gate it out", i, text, r.keys)
			}
		}
	}
}

func readSet(path string) ([]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	rows, err := labeled.Read(f, func(l string) bool { return l == "label" })
	if err != nil {
		return nil, err
	}
	out := make([]string, len(rows))
	for i, r := range rows {
		out[i] = r.Text
	}
	return out, nil
}

// TestCalmReports checks the fifth-pass rules (calm.go): calm reports named by the product's state
// are negative, caller-side slips, trade-ins, coverage and generic policy questions are not, and
// thanks for a specific act of help is sincere.
func TestCalmReports(t *testing.T) {
	// The rules' reading (calm.go); with the learned pass one of these ("deep scratch") reads neutral: the
	// model pulls up reports it finds calm, which on unseen sets gained 0.03 precision for 0.01 recall.
	a := newAnalyzer(t, WithLearnedCap(0))
	for _, tc := range []struct {
		text string
		want string
	}{
		{"the battery dies after about forty minutes", Negative},
		{"my tablet's battery is flat by lunchtime", Negative},
		{"the table has a deep scratch across the top", Negative},
		{"our room had been given away when we arrived", Negative},
		{"i'm getting a fraction of what i pay for", Negative},
		{"the plumber left without finishing the job", Negative},
		{"your fitter snapped the curtain rail", Negative},
		{"我的耳机电撑不到两个小时", Negative},
		{"路由器每过一小时就断一次", Negative},
		{"桌面上有道划痕", Negative},
		{"i typed my postcode wrong when i ordered can you change it", Neutral},
		{"my old laptop is slow i'd like to trade it in", Neutral},
		{"would a late payment affect my credit score", Neutral},
		{"does the warranty cover water damage", Neutral},
		{"我旧路由器想以旧换新", Neutral},
		{"这个套餐包括手机丢失吗", Neutral},
		{"有没有人能给我介绍一下信用卡", Neutral},
		{"the parcel came this morning thanks for chasing it", Positive},
		{"you've been more helpful than anyone else i've spoken to thank you", Positive},
	} {
		if got := a.Score(tc.text, Context{}); got.Label != tc.want {
			t.Errorf("%q: got %s %.2f %v, want %s", tc.text, got.Label, got.Score, got.Cues, tc.want)
		}
	}
}
