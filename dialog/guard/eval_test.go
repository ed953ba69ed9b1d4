package guard

import (
	"testing"
)

// TestEvaluateSets reports the dev and test scores and fails below the goal: every commitment blocked,
// no factual answer blocked. The sets are labelled under the strictest policy (nothing may be promised).
func TestEvaluateSets(t *testing.T) {
	g := New(Policy{})
	for _, tc := range []struct {
		path           string
		minRecall      float64
		maxFalseBlocks float64
	}{
		{"testdata/guard_dev.csv", 1, 0},
		{"testdata/guard_test.csv", 0.95, 0.05},
		// Written last by the first author; first run 0.53. Its misses showed the gaps the general pass
		// (general.go) closes, so it is no longer clean and is now held to the goal.
		{"testdata/guard_test2.csv", 1, 0},
		// Fresh set in a different (LLM-like) style, measured before general.go (recall 0.507, false
		// blocks 0), then used for development: held to the goal.
		{"testdata/guard_fresh.csv", 1, 0},
		// Written after development and measured once (recall 0.654, false blocks 0.048); its misses then
		// drove the structural third pass, so it is no longer clean and is held to the goal.
		{"testdata/guard_final.csv", 1, 0},
		// Written before the third pass and measured once after it (0.735 / 0); its listed misses then
		// drove the structural pass (structural.go), so it is no longer clean and is held to the goal.
		{"testdata/guard_holdout.csv", 1, 0},
		// Written before structural.go (first run 0.514 / 0), then developed on: held to the goal.
		{"testdata/guard_holdout2.csv", 1, 0},
		// Six probe rounds written during the structural pass, each scored on first sight and then fixed
		// (first-run scores in SOURCE.txt): held to the goal, mostly as a false-block guard.
		{"testdata/guard_probe.csv", 1, 0},
		// Written before structural.go and measured once after it (0.868 / 0); its listed misses then drove
		// the taken pass (taken.go), so it is no longer clean and is held to the goal.
		{"testdata/guard_holdout3.csv", 1, 0},
		// Eight probe rounds written during the taken pass, each scored on first sight and then fixed
		// (first-run scores in SOURCE.txt): held to the goal.
		{"testdata/guard_probe2.csv", 1, 0},
		// LLM-chat style, written before the taken pass and measured ONCE after it (recall 0.850, false
		// blocks 0.050); its misses were then fixed, so it is no longer clean and is held to the goal.
		{"testdata/guard_holdout4.csv", 1, 0},
		// Written after the taken pass and measured ONCE on it (recall 0.933, false blocks 0.059); its two
		// misses were then fixed, so it is no longer clean and is held to the goal.
		{"testdata/guard_holdout5.csv", 1, 0},
		// Training rows of the learned pass (learned/TRAINING), written blind by other authors; first-sight
		// scores in SOURCE.txt. Training rows are not perfectly fit; these floors catch regressions.
		{"testdata/guard_gen_en.csv", 0.96, 0.01},
		{"testdata/guard_gen_zh.csv", 0.99, 0.01},
		{"testdata/guard_gen2_en_a.csv", 0.99, 0.01},
		{"testdata/guard_gen2_en_b.csv", 0.99, 0.03},
		{"testdata/guard_gen2_zh_a.csv", 0.99, 0.01},
		{"testdata/guard_gen2_zh_b.csv", 0.99, 0.01},
		{"testdata/guard_gen3_en_a.csv", 0.97, 0.02},
		{"testdata/guard_gen3_en_b.csv", 0.99, 0.01},
		{"testdata/guard_gen3_zh_a.csv", 0.99, 0.07},
		{"testdata/guard_gen3_zh_b.csv", 0.96, 0.01},
		{"testdata/guard_gen5_en_a.csv", 0.99, 0.01},
		{"testdata/guard_gen5_en_b.csv", 0.99, 0.04},
		{"testdata/guard_gen5_zh_a.csv", 0.99, 0.02},
		{"testdata/guard_gen5_zh_b.csv", 0.99, 0.04},
		{"testdata/guard_gen6_en_a.csv", 0.99, 0.02},
		{"testdata/guard_gen6_en_b.csv", 0.99, 0.04},
		{"testdata/guard_gen6_zh_a.csv", 0.99, 0.01},
		{"testdata/guard_gen6_zh_b.csv", 0.99, 0.02},
		{"testdata/guard_gen6_voice.csv", 0.99, 0.01},
		{"testdata/guard_gen7_en_a.csv", 0.98, 0.03},
		// Reported benefits of others ("your friend got 20% off … so I can't apply it"): the rules read the
		// grant, and its own sentence reads as one to the model too, so the veto does not apply.
		{"testdata/guard_gen7_en_b.csv", 0.99, 0.07},
		{"testdata/guard_gen7_zh_a.csv", 0.99, 0.01},
		{"testdata/guard_gen7_zh_b.csv", 0.99, 0.04},
		{"testdata/guard_gen7_short.csv", 0.97, 0.01},
		{"testdata/guard_gen8_persona.csv", 0.99, 0.01},
		{"testdata/guard_gen8_short.csv", 0.97, 0.01},
		{"testdata/guard_gen8_except.csv", 0.99, 0.01},
		{"testdata/guard_gen8_en.csv", 0.99, 0.01},
		{"testdata/guard_gen8_zh.csv", 0.99, 0.01},
		{"testdata/guard_gen9_persona.csv", 0.99, 0.01},
		{"testdata/guard_gen9_short.csv", 0.98, 0.01},
		{"testdata/guard_gen9_en.csv", 0.99, 0.01},
		{"testdata/guard_gen9_zh.csv", 0.99, 0.01},
		// Ordinary lines (greetings, closings, holds, read-backs, status): allow only.
		{"testdata/guard_generic_en.csv", 0, 0},
		{"testdata/guard_generic_zh.csv", 0, 0},
		// A second author's ordinary lines, measured before they went into training: 0.020 (en; 0.0125 of it
		// the rules) and 0.010 (zh) blocked. What is left is the rules'.
		{"testdata/guard_generic2_en.csv", 0, 0.01},
		{"testdata/guard_generic2_zh.csv", 0, 0.01},
		// Test sets, never trained on; every measurement is in SOURCE.txt. gen_final's false blocks drove
		// declined.go, so it is no longer clean; gen2_final and gen3_final were never looked into.
		// gen_final: 0.975 / 0.013 since the seventh round's retraining (two fee write-offs the old model
		// caught; "Please don't take extra doses on my say-so…" reads as dosing advice).
		{"testdata/guard_gen_final.csv", 0.97, 0.02},
		{"testdata/guard_gen2_final.csv", 0.98, 0.01},
		{"testdata/guard_gen3_final.csv", 0.99, 0.01},
		// Fourth round (120 en / 120 zh, 100 block, 70 hard and 70 plain allow), measured ONCE and never
		// looked into beyond its six mistakes: 0.970 / 0.021 (rules alone 0.800 / 0.021); after the fifth
		// round of training rows, same recipe: 0.980 / 0.007; with the wider anchor vocabulary: 0.990 / 0.007.
		{"testdata/guard_gen4_final.csv", 0.99, 0.01},
		// Fifth round's test set (same make-up), first sight 0.980 / 0.021 (rules alone 0.830 / 0.029); after
		// the fifth round of training rows, same recipe: 0.980 / 0.014; after the sixth round and the clause
		// refusal, wider veto and hard veto: 1.000 / 0.007.
		{"testdata/guard_gen5_final.csv", 0.99, 0.01},
		// Sixth round's test sets. gen6_final (same make-up as gen4/gen5): first sight 0.980 / 0.007 (rules
		// alone 0.820 / 0.029); after the sixth round's training rows and recipe: 1.000 / 0.007. gen6_final_b
		// (logs of imagined deployed agents, one company type per 20 rows): first sight 0.933 / 0.018 (rules
		// alone 0.756 / 0.009), its eight mistakes read; after: 0.989 / 0.009.
		{"testdata/guard_gen6_final.csv", 0.99, 0.01},
		{"testdata/guard_gen6_final_b.csv", 0.98, 0.01},
		// Seventh round's test sets, same two make-ups, never looked into: gen7_final first sight 0.980 /
		// 0.000 (rules alone 0.860 / 0.036), after the seventh round 0.990 / 0.000; gen7_final_b (companies
		// the earlier rounds never named) first sight 1.000 / 0.009 (rules alone 0.778 / 0.009), after 1.000 /
		// 0.009.
		{"testdata/guard_gen7_final.csv", 0.99, 0.01},
		{"testdata/guard_gen7_final_b.csv", 0.99, 0.01},
		// Eighth round's test sets, never looked into: gen8_final first sight 1.000 / 0.021 (rules alone 0.800
		// / 0.036), after the eighth round 1.000 / 0.014; gen8_final_b (ten more company types) first sight
		// 1.000 / 0.000 (rules alone 0.767 / 0.009), after 1.000 / 0.009.
		{"testdata/guard_gen8_final.csv", 0.99, 0.02},
		{"testdata/guard_gen8_final_b.csv", 0.99, 0.01},
		// Ninth round's test sets, never looked into: gen9_final_c (lines pulled from imagined transcripts,
		// subtle forms) first sight 0.991 / 0.000 (rules alone 0.809 / 0.023), after the ninth round 1.000 /
		// 0.000; gen9_final_d (a marketplace bot, 淘宝/京东-style 客服) first sight 1.000 / 0.018 (rules alone
		// 0.822 / 0.027), after 0.989 / 0.009.
		{"testdata/guard_gen9_final_c.csv", 0.99, 0.01},
		{"testdata/guard_gen9_final_d.csv", 0.98, 0.01},
	} {
		t.Run(tc.path, func(t *testing.T) {
			rep, err := Evaluate(g, tc.path)
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("n=%d blocked_recall=%.3f false_block_rate=%.3f", rep.N, rep.BlockedRecall, rep.FalseBlockRate)
			for _, m := range rep.Mistakes {
				t.Logf("want %s: %q -> %+v", m.Want, m.Text, m.Verdict)
			}
			if rep.BlockedRecall < tc.minRecall || rep.FalseBlockRate > tc.maxFalseBlocks {
				t.Errorf("recall %.3f (min %.2f), false blocks %.3f (max %.2f)", rep.BlockedRecall, tc.minRecall, rep.FalseBlockRate, tc.maxFalseBlocks)
			}
		})
	}
}
