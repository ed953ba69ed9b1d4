package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/voicegate/voicegate/internal/shareddata"
)

// evalJSON runs `voicegate eval …` and decodes its JSON report.
func evalJSON(t *testing.T, args ...string) map[string]float64 {
	t.Helper()
	var out, errb bytes.Buffer
	if code := run(append([]string{"eval"}, append(args, "--json")...), nil, &out, &errb); code != 0 {
		t.Fatalf("eval %v: exit %d: %s", args, code, errb.String())
	}
	var m map[string]float64
	if err := json.Unmarshal(out.Bytes(), &m); err != nil {
		t.Fatalf("eval %v: %v: %s", args, err, out.String())
	}
	return m
}

func TestEvalCommands(t *testing.T) {
	// The JSON keys are a surface other tools read (DESIGN.md).
	g := evalJSON(t, "guard", "--test", "../../dialog/guard/testdata/guard_dev.csv")
	s := evalJSON(t, "sentiment", "--test", "../../dialog/sentiment/testdata/sentiment_en_dev.csv")
	in := evalJSON(t, "intents", "--train", "../../dialog/intent/testdata/kb_en.csv", "--test", "../../dialog/intent/testdata/kb_en.csv", "--format", "csv")
	for name, want := range map[string][]string{
		"guard": {"n", "blocked_recall", "false_block_rate"}, "sentiment": {"n", "accuracy", "negative_precision", "negative_recall"},
		"intents": {"n", "in_scope_accuracy", "oos_recall", "coverage", "selective_accuracy", "p50_us", "p99_us"},
	} {
		m := map[string]map[string]float64{"guard": g, "sentiment": s, "intents": in}[name]
		for _, k := range want {
			if _, ok := m[k]; !ok {
				t.Errorf("eval %s: no %q in %v", name, k, m)
			}
		}
	}
	if g["blocked_recall"] < 0.99 || in["in_scope_accuracy"] < 0.9 || s["n"] < 100 {
		t.Errorf("dev sets scored implausibly: guard %v sentiment %v intents %v", g, s, in)
	}

	// ASR on a few real 8 kHz digits through a manifest relative to its own folder.
	dir := shareddata.Path(t, "data", "speech", "fsdd")
	b, err := os.ReadFile(filepath.Join(dir, "manifest.csv"))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	var m strings.Builder
	m.WriteString(lines[0] + "\n")
	for _, l := range lines[1:] {
		if strings.Contains(l, "_jackson_") && strings.HasSuffix(strings.Split(l, ",")[0], "_0.wav") {
			m.WriteString(strings.Replace(l, "recordings/", filepath.Join(dir, "recordings")+"/", 1) + "\n")
		}
	}
	mp := filepath.Join(t.TempDir(), "manifest.csv")
	if err := os.WriteFile(mp, []byte(m.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	a := evalJSON(t, "asr", "--config", "../../configs/voicegate.yaml", "--manifest", mp, "--context", "digits")
	if a["n"] != 10 || a["wer"] > 0.3 || a["rtf"] <= 0 {
		t.Errorf("asr eval on ten digits: %v", a)
	}
	var errb bytes.Buffer
	if code := run([]string{"eval", "guard"}, nil, &bytes.Buffer{}, &errb); code != 2 || !strings.Contains(errb.String(), "--test is required") {
		t.Errorf("missing --test: exit %d %q", code, errb.String())
	}
}
