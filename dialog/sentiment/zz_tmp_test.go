package sentiment

import "testing"

func TestZZHoldoutNumbers(t *testing.T) {
	a, _ := New()
	for _, p := range []string{"testdata/sentiment_en_holdout.csv", "testdata/sentiment_zh_holdout.csv"} {
		rep, err := Evaluate(a, p)
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("HOLDOUT %s n=%d acc=%.3f prec=%.3f rec=%.3f", p, rep.N, rep.Accuracy, rep.NegativePrecision, rep.NegativeRecall)
	}
}
