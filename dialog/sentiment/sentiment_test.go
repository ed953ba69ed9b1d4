package sentiment

import (
	"errors"
	"slices"
	"strings"
	"testing"
)

func newAnalyzer(t testing.TB, opts ...Option) *Analyzer {
	t.Helper()
	a, err := New(opts...)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func TestScoreLabels(t *testing.T) {
	a := newAnalyzer(t)
	failed := Context{PrevFailed: true}
	angry := Context{HasPrev: true, PrevSentiment: -0.6}
	for _, tc := range []struct {
		name string
		text string
		ctx  Context
		want string
		cue  string
	}{
		{"en complaint", "My package still hasn't arrived and it's been two weeks.", Context{}, Negative, ""},
		{"en negation", "I'm not happy with this.", Context{}, Negative, CueNegation},
		{"en negated negative", "There's nothing wrong, thanks.", Context{}, Positive, ""},
		{"en no problem", "No problem.", Context{}, Neutral, ""},
		{"en intensifier", "I am very very disappointed", Context{}, Negative, ""},
		{"en contrast", "The agent was nice, but nobody solved my issue.", Context{}, Negative, CueContrast},
		{"en contrast positive", "It was slow at first but it works now, thanks.", Context{}, Positive, CueContrast},
		{"en caps", "THIS IS UNACCEPTABLE", Context{}, Negative, CueCaps},
		{"en exclamation", "This is ridiculous!!!", Context{}, Negative, CueExclaim},
		{"en sarcasm after failure", "Oh wonderful, thanks a lot.", failed, Negative, CueSarcasm},
		{"en sincere thanks", "Oh wonderful, thanks a lot.", Context{}, Positive, ""},
		{"en great service really", "Great service, really.", angry, Negative, CueSarcasm},
		{"en in-text sarcasm", "Oh great, now I have to wait another week.", Context{}, Negative, CueSarcasm},
		{"en repeated", "I want to cancel my order.", Context{Repeated: true}, Negative, CueRepeated},
		{"en asks human after failure", "Let me talk to a real person.", failed, Negative, CueAsksHuman},
		{"en asks human plain", "Can I speak to an agent, please?", Context{}, Neutral, CueAsksHuman},
		{"en loud", "Where is my order", Context{LoudnessDB: 12}, Negative, CueLoud},
		{"en neutral", "What are your opening hours?", Context{}, Neutral, ""},
		{"en thanks", "Thank you so much, that was really helpful!", Context{}, Positive, ""},
		{"zh complaint", "我的快递到现在还没收到，已经十天了。", Context{}, Negative, ""},
		{"zh 不满意", "我对处理结果不满意", Context{}, Negative, ""},
		{"zh 没有问题", "没有问题", Context{}, Neutral, ""},
		{"zh 没问题 thanks", "没问题了，谢谢", Context{}, Positive, ""},
		{"zh intensifier 非常", "非常失望", Context{}, Negative, ""},
		{"zh 太…了", "太慢了", Context{}, Negative, ""},
		{"zh negated positive", "不是很好用", Context{}, Negative, CueNegation},
		{"zh contrast", "客服态度不错，可是问题一直没解决。", Context{}, Negative, CueContrast},
		{"zh 祝你们生意兴隆 after complaint", "祝你们生意兴隆", angry, Negative, CueSarcasm},
		{"zh 祝你们生意兴隆 sincere", "祝你们生意兴隆", Context{}, Positive, ""},
		{"zh 呵呵", "呵呵", Context{}, Negative, ""},
		{"zh sarcasm in text", "你们真是太厉害了，又把我的订单弄丢了。", Context{}, Negative, CueSarcasm},
		{"zh asks human", "转人工", failed, Negative, CueAsksHuman},
		{"zh neutral", "请问怎么修改收货地址？", Context{}, Neutral, ""},
		{"zh thanks", "谢谢你，帮了我大忙！", Context{}, Positive, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := a.Score(tc.text, tc.ctx)
			if r.Label != tc.want {
				t.Errorf("%q: label %s (score %.2f, cues %v), want %s", tc.text, r.Label, r.Score, r.Cues, tc.want)
			}
			if tc.cue != "" && !slices.Contains(r.Cues, tc.cue) {
				t.Errorf("%q: cues %v lack %s", tc.text, r.Cues, tc.cue)
			}
			if r.Score < -1 || r.Score > 1 {
				t.Errorf("score %v out of range", r.Score)
			}
		})
	}
}

func TestTracker(t *testing.T) {
	a := newAnalyzer(t)
	tr := a.NewTracker()
	r1 := tr.Observe("Hi, I'd like to check on my order 5521.", Context{})
	r2 := tr.Observe("Thanks, that's great.", Context{})
	if r1.Drop || r2.Drop {
		t.Fatalf("no drop expected: %+v %+v", r1, r2)
	}
	r3 := tr.Observe("Oh wonderful, thanks a lot.", Context{PrevFailed: true})
	if r3.Label != Negative || !r3.Drop {
		t.Fatalf("sarcasm after failure should be a negative drop: %+v", r3)
	}
	// Same request again, detected by the tracker itself.
	r4 := tr.Observe("I'd like to check on my order 5521 please.", Context{})
	if !slices.Contains(r4.Cues, CueRepeated) {
		t.Fatalf("repetition not detected: %+v", r4)
	}
	tr2 := a.NewTracker()
	tr2.Observe("我想查一下订单物流", Context{})
	if r := tr2.Observe("我想查一下订单物流！", Context{}); !slices.Contains(r.Cues, CueRepeated) {
		t.Fatalf("zh repetition not detected: %+v", r)
	}
	traj := tr.Trajectory()
	if len(traj) != 4 || traj[2] != r3.Score {
		t.Fatalf("trajectory %v", traj)
	}
	traj[0] = 99
	if tr.Trajectory()[0] == 99 {
		t.Fatal("Trajectory must return a copy")
	}
}

func TestOptions(t *testing.T) {
	if _, err := New(WithThresholds(0.2, 0.1)); !errors.Is(err, ErrBadLexicon) {
		t.Fatalf("bad thresholds: %v", err)
	}
	if _, err := New(WithTerms("fr", map[string]float64{"nul": -1})); !errors.Is(err, ErrBadLexicon) {
		t.Fatalf("bad lang: %v", err)
	}
	a, err := New(WithTerms("en", map[string]float64{"acme widget": -0.9}), WithTerms("zh", map[string]float64{"卡顿": -0.8}))
	if err != nil {
		t.Fatal(err)
	}
	if r := a.Score("the acme widget again", Context{}); r.Label != Negative {
		t.Fatalf("custom en term: %+v", r)
	}
	if r := a.Score("手机很卡顿", Context{}); r.Label != Negative {
		t.Fatalf("custom zh term: %+v", r)
	}
}

func TestEvaluateErrors(t *testing.T) {
	a := newAnalyzer(t)
	if _, err := Evaluate(a, "testdata/missing.csv"); !errors.Is(err, ErrBadDataset) {
		t.Fatalf("missing file: %v", err)
	}
	if _, err := EvaluateReader(a, strings.NewReader("text,label\nhi,angry\n")); !errors.Is(err, ErrBadLabel) {
		t.Fatalf("bad label: %v", err)
	}
	if _, err := EvaluateReader(a, strings.NewReader("text,label\n")); !errors.Is(err, ErrBadDataset) {
		t.Fatalf("empty: %v", err)
	}
	rep, err := EvaluateReader(a, strings.NewReader("text,label\nthis is terrible,0\nthank you so much,1\nwhere is it,1\n"))
	if err != nil {
		t.Fatal(err)
	}
	// Binary labels: the neutral "where is it" counts as not negative, so it is right.
	if rep.N != 3 || rep.Accuracy != 1 || rep.NegativeRecall != 1 || rep.NegativePrecision != 1 {
		t.Fatalf("binary report %+v", rep)
	}
}

func FuzzObserve(f *testing.F) {
	for _, s := range []string{"", "not happy!!!", "呵呵", "太…了", "I AM VERY ANGRY", "\xff\xfe", "but but but", "不不不", "第十次了"} {
		f.Add(s, 3.0, true)
	}
	a, err := New()
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, text string, loud float64, failed bool) {
		tr := a.NewTracker()
		for range 2 {
			r := tr.Observe(text, Context{LoudnessDB: loud, PrevFailed: failed})
			if r.Score < -1 || r.Score > 1 || (r.Score != r.Score && loud == loud) {
				t.Fatalf("score %v for %q", r.Score, text)
			}
		}
	})
}

func BenchmarkScoreEN(b *testing.B) {
	a := newAnalyzer(b)
	b.ReportAllocs()
	for b.Loop() {
		a.Score("Great service, really. Three weeks and I still haven't received my package, and nobody calls back!", Context{PrevFailed: true})
	}
}

func BenchmarkScoreZH(b *testing.B) {
	a := newAnalyzer(b)
	b.ReportAllocs()
	for b.Loop() {
		a.Score("客服态度不错，可是我的快递已经十天了还没收到，你们到底什么时候发货？", Context{})
	}
}

func BenchmarkTrackerObserve(b *testing.B) {
	a := newAnalyzer(b)
	tr := a.NewTracker()
	b.ReportAllocs()
	for b.Loop() {
		tr.Observe("I want to cancel my order, this is the third time I ask.", Context{})
	}
}
