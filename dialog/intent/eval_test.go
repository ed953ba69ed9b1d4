package intent_test

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/voicegate/voicegate/dialog/intent"
)

func TestLoadCLINC150(t *testing.T) {
	train, val, test, err := intent.LoadCLINC150("testdata/clinc_tiny.json")
	if err != nil {
		t.Fatal(err)
	}
	want := func(name string, got []intent.Example, texts ...string) {
		t.Helper()
		var g []string
		for _, e := range got {
			g = append(g, e.Text)
		}
		if !slices.Equal(g, texts) {
			t.Errorf("%s = %q, want %q", name, g, texts)
		}
	}
	want("train", train, "how do i say hello in french", "what is the weather today", "how old is the moon")
	want("val", val, "translate thanks into german", "who painted the mona lisa")
	want("test", test, "will it rain tomorrow")
	if train[2].Intent != "oos" || train[0].Intent != "translate" {
		t.Errorf("labels not kept: %+v", train)
	}
	if _, _, _, err := intent.LoadCLINC150(filepath.Join(t.TempDir(), "missing.json")); err == nil {
		t.Error("missing file: no error")
	}
}

func TestCLINC150EvalSets(t *testing.T) {
	dir := t.TempDir()
	noTest := filepath.Join(dir, "train_val.json")
	if err := os.WriteFile(noTest, []byte(`{"train": [["a b", "x"]], "oos_train": [["c d", "oos"]],
		"val": [["e f", "x"]], "oos_val": [["g h", "oos"]]}`), 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, path string
		train      int
		firstTest  string
	}{
		{"test part present", "testdata/clinc_tiny.json", 3, "will it rain tomorrow"},
		{"falls back to val", noTest, 2, "e f"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			train, test, err := intent.CLINC150EvalSets(tt.path)
			if err != nil {
				t.Fatal(err)
			}
			if len(train) != tt.train || test[0].Text != tt.firstTest {
				t.Errorf("train %d items (want %d), test starts %q (want %q)", len(train), tt.train, test[0].Text, tt.firstTest)
			}
		})
	}
	onlyTrain := filepath.Join(dir, "train.json")
	if err := os.WriteFile(onlyTrain, []byte(`{"train": [["a b", "x"]]}`), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, _, err := intent.CLINC150EvalSets(onlyTrain); !errors.Is(err, intent.ErrFormat) {
		t.Errorf("no test or val: err = %v, want ErrFormat", err)
	}
}

func TestReadCLINC150Errors(t *testing.T) {
	tests := []struct{ name, in string }{
		{"not json", "train: []"},
		{"wrong shape", `{"train": [["only text"]]}`},
		{"wrong type", `{"train": [[1, 2]]}`},
		{"no known key", `{"foo": [["a", "b"]]}`},
		{"empty", ``},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, _, _, err := intent.ReadCLINC150(strings.NewReader(tt.in)); !errors.Is(err, intent.ErrFormat) {
				t.Fatalf("err = %v, want ErrFormat", err)
			}
		})
	}
}

func TestReadCSV(t *testing.T) {
	ex, err := intent.ReadCSV(strings.NewReader("text,intent,category\n\"hello, there\",greet,X\nbye,farewell\n"))
	if err != nil {
		t.Fatal(err)
	}
	want := []intent.Example{{"hello, there", "greet"}, {"bye", "farewell"}}
	if !slices.Equal(ex, want) {
		t.Errorf("got %+v, want %+v", ex, want)
	}
	for name, in := range map[string]string{
		"empty":        "",
		"one column":   "text\nhello\n",
		"broken quote": "text,intent\n\"abc,x\n",
	} {
		if _, err := intent.ReadCSV(strings.NewReader(in)); !errors.Is(err, intent.ErrFormat) {
			t.Errorf("%s: err = %v, want ErrFormat", name, err)
		}
	}
	if _, err := intent.LoadCSV(filepath.Join(t.TempDir(), "missing.csv")); err == nil {
		t.Error("missing file: no error")
	}
}

func TestEvaluate(t *testing.T) {
	c := trainFile(t, "testdata/kb_en.csv")
	test := []intent.Example{
		{"what time do you open on saturday", "opening_hours"}, // answered, right
		{"the wifi is dwon", "outage"},                         // answered, right
		{"my wifi is down", "billing"},                         // answered, wrong label on purpose
		{"who is the president of france", "oos"},              // flagged
		{"when are you open", "oos"},                           // not flagged
	}
	r := intent.Evaluate(c, test)
	if r.N != 5 {
		t.Errorf("n = %d", r.N)
	}
	if r.InScopeAccuracy != 2.0/3 || r.OOSRecall != 0.5 || r.Coverage != 1 || r.SelectiveAccuracy != 2.0/3 {
		t.Errorf("report %+v, want accuracy 2/3, OOS recall 1/2, coverage 1, selective 2/3", r)
	}
	if r.P50Micros <= 0 || r.P99Micros < r.P50Micros {
		t.Errorf("latencies p50 %v p99 %v", r.P50Micros, r.P99Micros)
	}
	b, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	var keys map[string]any
	if err := json.Unmarshal(b, &keys); err != nil {
		t.Fatal(err)
	}
	var got []string
	for k := range keys {
		got = append(got, k)
	}
	slices.Sort(got)
	wantKeys := []string{"coverage", "in_scope_accuracy", "n", "oos_recall", "p50_us", "p99_us", "selective_accuracy"}
	if !slices.Equal(got, wantKeys) {
		t.Errorf("JSON keys %v, want %v", got, wantKeys)
	}
	if empty := intent.Evaluate(c, nil); empty.N != 0 || empty.InScopeAccuracy != 0 {
		t.Errorf("empty test set: %+v", empty)
	}
}

func FuzzReadCSV(f *testing.F) {
	f.Add("text,intent\nhello,greet\n")
	f.Add("a\n\"b,c\nd")
	f.Add("")
	f.Fuzz(func(t *testing.T, in string) {
		ex, err := intent.ReadCSV(strings.NewReader(in))
		if err != nil && !errors.Is(err, intent.ErrFormat) {
			t.Fatalf("error %v does not wrap ErrFormat", err)
		}
		if err == nil && ex == nil && strings.Count(in, "\n") > 1 {
			_ = ex // a header with blank lines only is fine
		}
	})
}

func FuzzReadCLINC150(f *testing.F) {
	if b, err := os.ReadFile("testdata/clinc_tiny.json"); err == nil {
		f.Add(string(b))
	}
	f.Add(`{"train": [["a"]]}`)
	f.Add(`[]`)
	f.Fuzz(func(t *testing.T, in string) {
		_, _, _, err := intent.ReadCLINC150(strings.NewReader(in))
		if err != nil && !errors.Is(err, intent.ErrFormat) {
			t.Fatalf("error %v does not wrap ErrFormat", err)
		}
	})
}

func FuzzClassify(f *testing.F) {
	c := trainFile(f, "testdata/kb_en.csv")
	zh := trainFile(f, "testdata/kb_zh.csv")
	for _, s := range []string{"", "instalation gide", "安装指南", "ＡＢＣ", "\xff\xfe", "123 456", "l'été"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, cl := range []*intent.Classifier{c, zh} {
			p := cl.Classify(s)
			if len(p.Ranked) == 0 || p.Top == "" {
				t.Fatalf("%q: empty prediction", s)
			}
			if !(p.Confidence >= 0 && p.Confidence <= 1) || !(p.Margin >= 0 && p.Margin <= 1) {
				t.Fatalf("%q: confidence %v margin %v", s, p.Confidence, p.Margin)
			}
			d := cl.Decide(p)
			if d.Kind == "" {
				t.Fatalf("%q: no decision", s)
			}
		}
	})
}
