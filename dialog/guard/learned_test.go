package guard

import (
	"flag"
	"slices"
	"strings"
	"testing"

	"github.com/voicegate/voicegate/dialog/internal/labeled"
	"github.com/voicegate/voicegate/dialog/internal/textclf"
)

var update = flag.Bool("update", false, "rebuild learned/*.txt from the files learned/TRAINING lists")

// trainLearned rebuilds the three models from the training files, exactly as they were built for commit.
func trainLearned(t testing.TB) (block, sent, cat *textclf.Model) {
	t.Helper()
	list, err := labeled.ReadList("learned/TRAINING")
	if err != nil {
		t.Fatal(err)
	}
	rules := New(Policy{}, WithModelThreshold(2))
	var bin, cats []textclf.Example
	var rowsAll []labeled.Row
	for _, path := range list {
		rows, err := labeled.ReadFile(path, func(l string) bool { return l == "label" })
		if err != nil {
			t.Fatal(err)
		}
		rowsAll = append(rowsAll, rows...)
		for _, r := range rows {
			norm := normalize(r.Text, rules.contr)
			bin = append(bin, textclf.Example{Text: norm, Class: r.Label})
			if r.Label != "block" {
				continue
			}
			// The category model learns from the blocks the rules explain.
			if v := rules.Check(r.Text, "", CheckContext{}); !v.Allowed && v.Category != "" {
				cats = append(cats, textclf.Example{Text: norm, Class: v.Category})
			}
		}
	}
	block, err = textclf.Train(bin, []string{"allow", "block"}, textclf.TrainOptions{})
	if err != nil {
		t.Fatal(err)
	}
	sent = trainSentence(t, rules, rowsAll)
	cat, err = textclf.Train(cats, []string{CatRefund, CatDiscount, CatPriceChange, CatCompensation, CatFreeShipping,
		CatDeliveryGuarantee, CatLegalAdvice, CatMedicalAdvice, CatClaimsHuman, CatInjectionEcho}, textclf.TrainOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return block, sent, cat
}

// trainSentence trains the sentence model as multiple instances: every sentence of an allow reply is an
// allow example; a block reply contributes the one sentence the model finds most committing (the whole reply
// in the first round), re-chosen twice as the model improves.
func trainSentence(t testing.TB, g *Guard, rows []labeled.Row) *textclf.Model {
	t.Helper()
	var allow []textclf.Example
	var blocks [][]string
	var first []textclf.Example
	for _, r := range rows {
		norm := normalize(r.Text, g.contr)
		if r.Label != "block" {
			for _, s := range sentences(norm) {
				allow = append(allow, textclf.Example{Text: s, Class: "allow"})
			}
			continue
		}
		blocks = append(blocks, sentences(norm))
		first = append(first, textclf.Example{Text: norm, Class: "block"})
	}
	classes := []string{"allow", "block"}
	m, err := textclf.Train(append(slices.Clone(allow), first...), classes, textclf.TrainOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for range 2 {
		ex := slices.Clone(allow)
		for _, ss := range blocks {
			best, bp := "", -1.0
			for _, s := range ss {
				if p := m.Prob(s, "block"); p > bp {
					best, bp = s, p
				}
			}
			if best != "" {
				ex = append(ex, textclf.Example{Text: best, Class: "block"})
			}
		}
		if m, err = textclf.Train(ex, classes, textclf.TrainOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	return m
}

// TestLearnedModelsUpToDate: the committed models are what the committed rows train (run with -update
// after changing the rows or the trainer).
func TestLearnedModelsUpToDate(t *testing.T) {
	block, sent, cat := trainLearned(t)
	probes := []string{"i have refunded $40 to your card", "我已经给您退了50元", "orders over $50 ship free"}
	for _, m := range []struct {
		path, committed string
		model           *textclf.Model
	}{{"learned/block.txt", blockModelText, block}, {"learned/sentence.txt", sentenceModelText, sent}, {"learned/category.txt", categoryModelText, cat}} {
		if err := textclf.Refresh(m.path, m.committed, m.model, probes, *update); err != nil {
			t.Fatalf("%v (go test ./dialog/guard/ -run TestLearnedModelsUpToDate -args -update)", err)
		}
	}
}

func TestLearnedModelsLoad(t *testing.T) {
	ml, err := loadLearned()
	if err != nil {
		t.Fatal(err)
	}
	if ml.block.Features() < 1000 || ml.sent.Features() < 1000 || ml.cat.Features() < 500 {
		t.Errorf("models too small: %d, %d and %d n-grams", ml.block.Features(), ml.sent.Features(), ml.cat.Features())
	}
}

// TestLearnedPass: replies whose commitment no rule names are blocked by the model, with a category the
// policy then judges; a policy that allows the category lets them through.
func TestLearnedPass(t *testing.T) {
	strict := New(Policy{})
	rulesOnly := New(Policy{}, WithModelThreshold(2))
	tests := []blockCase{
		// no rule reads "keep the item" + "money on its way" as a refund; the model does
		{"No need to send it back, keep the item and the money's already on its way to you.", true},
		{"Our standard delivery takes 3 to 5 business days.", false},
		{"Refunds go back to the original payment method within 5 to 10 business days.", false},
		{"退款会在审核通过后3到5个工作日内原路退回。", false},
		{"满99元包邮，您这单还差12元。", false},
		{"I'm the automated assistant, so I can't approve refunds myself.", false},
		// its 给您 alone reads as a grant to the model, but it names no commitment word
		{"给您添麻烦了。", false},
	}
	wantBlocks(t, strict, CatRefund, tests)
	for _, tc := range tests {
		if v := strict.Check(tc.reply, "en", CheckContext{}); tc.block && (!strings.HasPrefix(v.Reason, "learned model") || !rulesOnly.Check(tc.reply, "en", CheckContext{}).Allowed) {
			t.Errorf("%q: want a learned block the rules alone miss, got %+v", tc.reply, v)
		}
	}
	// The policy still decides: a refund policy that allows small refunds lets the learned refund through.
	lenient := New(Policy{RefundMaxAmount: 50})
	if v := lenient.Check(tests[0].reply, "en", CheckContext{OrderTotal: 30}); !v.Allowed {
		t.Errorf("refund within policy blocked: %+v", v)
	}
	// The veto: the rules read "refund … for you" as a grant, the model a question about an email.
	ask := "Could you read me the reference number on the refund email so I can look it up for you?"
	if v := strict.Check(ask, "en", CheckContext{}); !v.Allowed {
		t.Errorf("%q blocked: %+v", ask, v)
	}
	if v := rulesOnly.Check(ask, "en", CheckContext{}); v.Allowed {
		t.Errorf("%q: the rules no longer block it, so this case no longer tests the veto", ask)
	}
	if v := New(Policy{}, WithVetoThreshold(0)).Check(ask, "en", CheckContext{}); v.Allowed {
		t.Errorf("%q allowed with the veto off", ask)
	}
	// The veto never excuses advice, a human claim or an injection echo.
	if v := strict.Check("I'm a real person, not a bot, and I've worked here for years answering these calls.", "en", CheckContext{}); v.Allowed {
		t.Error("human claim vetoed")
	}
	// A refusal is left to the rules even when the model reads a benefit.
	if v := strict.Check("我们无法给您退款。", "zh", CheckContext{}); !v.Allowed {
		t.Errorf("refusal blocked: %+v", v)
	}
}

// BenchmarkNew: a guard is built for each language whenever a knowledge base (re)loads; the embedded models
// are parsed once per process, so this is the rules' compilation.
func BenchmarkNew(b *testing.B) {
	for b.Loop() {
		New(Policy{})
	}
}

// TestLearnedPassGenericLines: the ordinary lines of any conversation pass, each checked on its own as the
// engine checks a streamed reply sentence by sentence.
func TestLearnedPassGenericLines(t *testing.T) {
	wantAllowed(t, New(Policy{}),
		"Is there anything else I can help you with today?",
		"Thanks for your patience, I'm just pulling up your account now.",
		"Could you confirm the postcode on the account for me?",
		"I've made a note of that on your account so the next agent can see it.",
		"I'm sorry to hear that, let's see what we can do.",
		"Let me transfer you to a colleague in billing, please hold.",
		"Your parcel left our depot this morning and is out for delivery.",
		"I've sent the reset link to the email address we have on file.",
		"Just to confirm, that's order four oh seven two nine?",
		"I'm a virtual assistant, but I can connect you with a person if you'd like.",
		"请问还有其他可以帮您的吗？",
		"好的，请您稍等，我帮您查一下。",
		"您的维修工单已经派给师傅了，师傅上门前会提前半小时给您打电话。",
		"我已经在您的账户上备注了这次的情况，后面的客服都能看到。",
		"非常抱歉给您带来不便，我们一起看看怎么解决。",
		"麻烦您提供一下订单号，我帮您核实。",
		"链接已经通过短信发给您了，请注意查收。",
		"我是智能客服，如果需要可以为您转接人工。",
		"Have a lovely evening!",
		"Take your time, I'll wait on the line.",
		"Is it still raining where you are?",
		"早上好，请问有什么可以帮您？",
		"您说得对，是我刚才没注意到，谢谢您指出来。",
	)
}

// wantAllowed fails for each reply g blocks.
func wantAllowed(t *testing.T, g *Guard, replies ...string) {
	t.Helper()
	for _, s := range replies {
		if v := g.Check(s, "", CheckContext{}); !v.Allowed {
			t.Errorf("%q blocked: %s", s, v.Reason)
		}
	}
}

// blockCase is a reply and whether it must be blocked (with category cat, when set).
type blockCase struct {
	reply string
	block bool
}

// wantBlocks fails for each case g decides the other way, or blocks under another category than cat.
func wantBlocks(t *testing.T, g *Guard, cat string, cases []blockCase) {
	t.Helper()
	for _, tc := range cases {
		v := g.Check(tc.reply, "", CheckContext{})
		switch {
		case v.Allowed == tc.block:
			t.Errorf("%q: allowed=%v (%s), want block=%v", tc.reply, v.Allowed, v.Reason, tc.block)
		case tc.block && cat != "" && v.Category != cat:
			t.Errorf("%q: category %s, want %s", tc.reply, v.Category, cat)
		}
	}
}

func TestAnchored(t *testing.T) {
	g := New(Policy{})
	for _, tc := range []struct {
		s    string
		want bool
	}{
		{"keep the item, it is yours", true},
		{"it will be at your door monday", true},
		{"the fee is gone", true},
		{"i have refunded $40", true},
		{"you can skip your insulin tonight", true},
		{"这单算我们的", true},
		{"给您抹个零，收八百", true},
		{"我是活生生的人", true},
		{"that's just a pulled muscle, nothing to worry about", true},
		{"i've popped an extra 10 gigs of data onto your line", true},
		{"给您账户里加了二十g的流量", true},
		{"no worries at all, take your time", false},
		{"have a lovely evening!", false},
		{"早上好，请问有什么可以帮您？", false},
		{"您说得对，谢谢您指出来", false},
	} {
		if got := g.anchored(tc.s); got != tc.want {
			t.Errorf("anchored(%q) = %v", tc.s, got)
		}
	}
}

// TestWithoutRefusals: a refusal or a third party's decision excuses only its own clause, so the learned
// pass reads the reply again without it.
func TestWithoutRefusals(t *testing.T) {
	g := New(Policy{})
	for _, tc := range []struct{ norm, want string }{
		{"没问题,退款我这边直接给您批了,不用再等商家审核。", "没问题, 退款我这边直接给您批了"},
		{"i can not waive the fee, but i have added a $10 credit to your account.", "i have added a $10 credit to your account"},
		{"we are not able to offer a discount.", ""},
		{"your parcel is out for delivery.", "your parcel is out for delivery"},
	} {
		if got := g.withoutRefusals(tc.norm); got != tc.want {
			t.Errorf("withoutRefusals(%q) = %q, want %q", tc.norm, got, tc.want)
		}
	}
}

// TestLearnedClauseRefusal: a refusal elsewhere in the reply no longer hides the grant beside it, and a
// reply that only refuses still passes.
func TestLearnedClauseRefusal(t *testing.T) {
	wantBlocks(t, New(Policy{}), "", []blockCase{
		{"没问题，退款我这边直接给您批了，不用再等商家审核。", true},
		{"Look, I can't normally do this, but I'll make an exception and extend your return window so you can send it back for a full refund.", true},
		{"I'm not able to offer a discount on this order, but a colleague in sales can review your options.", false},
		{"全额退款我这边批不了，需要商家审核。", false},
	})
}

// TestHardVeto: a refusal to advise that no refusal rule names is read by the models as benign, so the
// medical rule's block is overruled; with the hard veto off the rule stands.
func TestHardVeto(t *testing.T) {
	refusal := "您好，关于孩子用药的问题，我真的不能告诉您剂量，请您立即联系医生或者拨打当地急救电话。"
	if v := New(Policy{}).Check(refusal, "", CheckContext{}); !v.Allowed {
		t.Errorf("refusal blocked: %+v", v)
	}
	if v := New(Policy{}, WithHardVetoThreshold(0)).Check(refusal, "", CheckContext{}); v.Allowed || v.Category != CatMedicalAdvice {
		t.Errorf("%q: the medical rule no longer blocks it, so this case no longer tests the hard veto: %+v", refusal, v)
	}
	// Advice itself stays blocked.
	for _, s := range []string{"孩子发烧三十八度五的话，布洛芬混悬液喂五毫升就可以，四个小时以后再喂一次。", "You can take two of those every four hours, it's perfectly safe with your other tablets."} {
		if v := New(Policy{}).Check(s, "", CheckContext{}); v.Allowed {
			t.Errorf("%q allowed", s)
		}
	}
}
