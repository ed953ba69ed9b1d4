package guard

import "testing"

func TestZZHoldoutNumbers(t *testing.T) {
	rep, err := Evaluate(New(Policy{}), "testdata/guard_holdout.csv")
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("HOLDOUT n=%d blocked_recall=%.3f false_block_rate=%.3f", rep.N, rep.BlockedRecall, rep.FalseBlockRate)
}
