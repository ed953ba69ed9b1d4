package kb

import (
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/voicegate/voicegate/dialog/slots"
)

const demoDir = "../../configs/kb"

func TestDemoKB(t *testing.T) {
	s, err := LoadDir(demoDir)
	if err != nil {
		t.Fatal(err)
	}
	if got := s.Languages(); len(got) != 2 || got[0] != "en" || got[1] != "zh" {
		t.Fatalf("languages %v", got)
	}
	required := []string{"greeting", "goodbye", "thanks", "order_status", "delivery_time", "change_address", "cancel_order",
		"refund_request", "return_policy", "installation_guide", "installer_contact", "product_info", "payment_problem",
		"invoice", "complaint", "agent_request"}
	var names [2][]string
	for li, lang := range []string{"en", "zh"} {
		k, ok := s.Get(lang)
		if !ok {
			t.Fatalf("no %s", lang)
		}
		if n := len(k.Intents()); n < 25 {
			t.Errorf("%s: %d intents, want at least 25", lang, n)
		}
		for _, n := range required {
			if _, ok := k.Intent(n); !ok {
				t.Errorf("%s: intent %s missing", lang, n)
			}
		}
		sensitive := 0
		for _, in := range k.Intents() {
			names[li] = append(names[li], in.Name)
			if len(in.Examples) < 10 || len(in.Examples) > 25 {
				t.Errorf("%s/%s: %d examples, want 10-25", lang, in.Name, len(in.Examples))
			}
			if in.Clarify == "" {
				t.Errorf("%s/%s: no clarify label", lang, in.Name)
			}
			if in.Sensitive() {
				sensitive++
			}
			for _, a := range in.Answer {
				if strings.ContainsAny(a.String(), "*#`[]") {
					t.Errorf("%s/%s: answer looks like markdown: %q", lang, in.Name, a)
				}
			}
		}
		if sensitive == 0 {
			t.Errorf("%s: no sensitive intent", lang)
		}
		os, _ := k.Intent("order_status")
		if os.Action == nil || len(os.Slots) == 0 || os.Slots[0].Type != slots.KindOrderNumber || os.Slots[0].Expect() != ExpectDigits {
			t.Errorf("%s: order_status must collect an order number and call the backend", lang)
		}
		rf, _ := k.Intent("refund_request")
		if !rf.Commitment() || rf.Policy != PolicyRefund || len(rf.Denied) == 0 {
			t.Errorf("%s: refund_request must be a commitment with the refund policy", lang)
		}
		for _, n := range []string{"complaint", "agent_request"} {
			if in, _ := k.Intent(n); !in.Has(FlagHandoff) {
				t.Errorf("%s: %s must hand off", lang, n)
			}
		}
		if gb, _ := k.Intent("goodbye"); !gb.Has(FlagEnd) {
			t.Errorf("%s: goodbye must end the call", lang)
		}
		if len(k.Phrases()) < 250 {
			t.Errorf("%s: only %d phrases", lang, len(k.Phrases()))
		}
		if k.Policies.CheckRefund(50, 3) != nil || !errors.Is(k.Policies.CheckRefund(500, 3), ErrPolicy) || !errors.Is(k.Policies.CheckRefund(50, 90), ErrPolicy) {
			t.Errorf("%s: refund policy check wrong", lang)
		}
	}
	if strings.Join(names[0], ",") != strings.Join(names[1], ",") {
		t.Errorf("en and zh intents differ:\n%v\n%v", names[0], names[1])
	}
	en, _ := s.Get("en")
	g, _ := en.Intent("installation_guide")
	c, _ := en.Intent("installer_contact")
	if g.ClarifyLabel() != "the installation guide" || c.ClarifyLabel() != "the installer's phone number" {
		t.Errorf("clarify labels %q / %q", g.ClarifyLabel(), c.ClarifyLabel())
	}
	// The two must be near: they share vocabulary.
	if shared := sharedWords(g.Examples, c.Examples); len(shared) < 3 {
		t.Errorf("installation_guide and installer_contact share only %v", shared)
	}
	if zh, ok := s.Get("zh-CN"); !ok || zh.Language != "zh" {
		t.Error("zh-CN does not fall back to zh")
	}
	if _, ok := s.Get("fr"); ok {
		t.Error("fr found")
	}
	greet, err := en.Prompts.Greeting.Pick(0).Render(en.Vars())
	if err != nil || !strings.Contains(greet, "Northwind Home") {
		t.Errorf("greeting %q %v", greet, err)
	}
}

func sharedWords(a, b []string) []string {
	words := func(xs []string) map[string]bool {
		m := map[string]bool{}
		for _, x := range xs {
			for _, w := range strings.Fields(x) {
				if len(w) > 4 {
					m[w] = true
				}
			}
		}
		return m
	}
	wa, wb := words(a), words(b)
	var out []string
	for w := range wa {
		if wb[w] {
			out = append(out, w)
		}
	}
	return out
}

const minimal = `language: en
prompts:
  greeting: Hi
  goodbye: Bye
  fallback: Sorry?
  no_input: Hello?
  clarify: "{{first}} or {{second}}?"
  handoff: Transferring.
  guard_safe_reply: I can't promise that.
  confirm: "{{value}}, right?"
intents:
  - name: hello
    examples: [hi, hello]
    answer: Hello!
`

func TestParseMinimal(t *testing.T) {
	k, err := Parse("min.yaml", []byte(minimal))
	if err != nil {
		t.Fatal(err)
	}
	in, _ := k.Intent("hello")
	if in.Line() != 12 || in.ClarifyLabel() != "hello" {
		t.Errorf("line %d label %q", in.Line(), in.ClarifyLabel())
	}
}

func TestParseErrors(t *testing.T) {
	cases := []struct {
		name, yaml string
		want       error
		line       int
		contains   string
	}{
		{"unknown top key", minimal + "colour: blue\n", ErrUnknownKey, 15, `"colour"`},
		{"unknown intent key", strings.Replace(minimal, "    answer: Hello!", "    answer: Hello!\n    exampels: [x]", 1), ErrUnknownKey, 15, `"exampels" in intent`},
		{"unknown slot key", minimal + "    slots:\n      - name: n\n        type: phone\n        prompt: Number?\n        requried: true\n", ErrUnknownKey, 19, "requried"},
		{"syntax", minimal + "  - name: [\n", ErrSyntax, 0, ""},
		{"duplicate intent", minimal + "  - name: hello\n    examples: [hey]\n    answer: Hi\n", ErrDuplicate, 15, `"hello"`},
		{"duplicate example", minimal + "  - name: other\n    examples: [Hello]\n    answer: Hi\n", ErrDuplicate, 16, "also an example of hello"},
		{"empty examples", minimal + "  - name: other\n    examples: []\n    answer: Hi\n", ErrMissing, 15, "no examples"},
		{"blank example", minimal + "  - name: other\n    examples: [\"  \"]\n    answer: Hi\n", ErrInvalid, 16, "empty example"},
		{"no answer", minimal + "  - name: other\n    examples: [x]\n", ErrMissing, 15, "no answer"},
		{"unknown placeholder", strings.Replace(minimal, "answer: Hello!", "answer: \"Order {{order_number}}\"", 1), ErrUnknownSlot, 14, "{{order_number}}"},
		{"bad template", strings.Replace(minimal, "answer: Hello!", "answer: \"Order {{order number}}\"", 1), ErrTemplate, 14, "lower-case"},
		{"unclosed template", strings.Replace(minimal, "answer: Hello!", "answer: \"Order {{x\"", 1), ErrTemplate, 14, "unclosed"},
		{"bad slot type", minimal + "    slots:\n      - name: n\n        type: colour\n        prompt: Colour?\n", ErrInvalid, 17, "colour"},
		{"bad url", minimal + "    action:\n      url: ftp://x/{{a}}\n", ErrBadURL, 16, "http(s)"},
		{"url unknown slot", minimal + "    action:\n      url: /orders/{{order_number}}\n", ErrUnknownSlot, 16, "order_number"},
		{"url with space", minimal + "    action:\n      url: /orders/a b\n", ErrBadURL, 16, "spaces"},
		{"bad timeout", minimal + "    action:\n      url: /x\n      timeout: 2m\n", ErrInvalid, 17, "timeout"},
		{"switch unknown", minimal + "    action:\n      url: /x\n      switch: status\n      cases: {a: b}\n", ErrUnknownSlot, 17, "switch"},
		{"bad flag", minimal + "    flags: [urgent]\n", ErrInvalid, 15, "urgent"},
		{"bad expect", minimal + "    expect: colour\n", ErrInvalid, 15, "expect"},
		{"commitment without policy", minimal + "    flags: [commitment]\n", ErrInvalid, 12, "policy"},
		{"clarify without placeholders", strings.Replace(minimal, `clarify: "{{first}} or {{second}}?"`, "clarify: Which one?", 1), ErrTemplate, 7, "{{first}}"},
		{"missing prompt", strings.Replace(minimal, "  handoff: Transferring.\n", "", 1), ErrMissing, 2, "prompts.handoff"},
		{"no language", strings.Replace(minimal, "language: en\n", "", 1), ErrMissing, 1, "language"},
		{"bad language", strings.Replace(minimal, "language: en", "language: English", 1), ErrInvalid, 1, "English"},
		{"bad threshold", minimal + "policies:\n  handoff:\n    min_confidence: 3\n", ErrInvalid, 17, "min_confidence"},
		{"wrong type", minimal + "policies:\n  refund_window_days: soon\n", ErrInvalid, 16, "cannot unmarshal"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Parse("kb.yaml", []byte(c.yaml))
			if err == nil {
				t.Fatal("no error")
			}
			if !errors.Is(err, c.want) {
				t.Fatalf("error %v does not wrap %v", err, c.want)
			}
			var fe *FileError
			if !errors.As(err, &fe) || fe.File != "kb.yaml" {
				t.Fatalf("error %v is not a FileError naming the file", err)
			}
			if c.line > 0 && !strings.Contains(err.Error(), "kb.yaml:"+strconv.Itoa(c.line)+":") {
				t.Errorf("error %q does not name line %d", err, c.line)
			}
			if !strings.Contains(err.Error(), c.contains) {
				t.Errorf("error %q does not mention %q", err, c.contains)
			}
		})
	}
}

func TestTemplate(t *testing.T) {
	tp, err := ParseTemplate("Order {{ n }} arrives {{eta}}; {{n}} again")
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(tp.Vars(), ","); got != "n,eta" {
		t.Errorf("vars %s", got)
	}
	s, err := tp.Render(map[string]string{"n": "1", "eta": "today"})
	if err != nil || s != "Order 1 arrives today; 1 again" {
		t.Errorf("render %q %v", s, err)
	}
	if _, err := tp.Render(map[string]string{"n": "1"}); !errors.Is(err, ErrMissingVar) {
		t.Errorf("missing var: %v", err)
	}
	for _, bad := range []string{"{{", "}}", "a }} b {{c}}", "{{}}", "{{A}}", "{{1a}}", "{{a-b}}"} {
		if _, err := ParseTemplate(bad); !errors.Is(err, ErrTemplate) {
			t.Errorf("ParseTemplate(%q) = %v", bad, err)
		}
	}
	if v := (Variants{}).Pick(3); !v.IsZero() {
		t.Error("Pick on empty variants")
	}
	vs := Variants{MustTemplate("a"), MustTemplate("b")}
	if vs.Pick(3).String() != "b" || vs.Pick(-2).String() != "a" {
		t.Error("Pick modulo")
	}
}

func TestLoadDirErrors(t *testing.T) {
	dir := t.TempDir()
	if _, err := LoadDir(dir); !errors.Is(err, ErrNoFiles) {
		t.Errorf("empty dir: %v", err)
	}
	if _, err := LoadDir(filepath.Join(dir, "nope")); err == nil {
		t.Error("missing dir accepted")
	}
	write(t, dir, "a.yaml", minimal)
	write(t, dir, "b.yml", minimal)
	write(t, dir, ".hidden.yaml", "garbage: [")
	write(t, dir, "notes.txt", "garbage: [")
	if _, err := LoadDir(dir); !errors.Is(err, ErrDuplicateLang) {
		t.Errorf("two files for en: %v", err)
	}
	write(t, dir, "b.yml", strings.Replace(minimal, "language: en", "language: zh", 1))
	s, err := LoadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Phrases("zh")) != 2 || s.Phrases("fr") != nil {
		t.Error("phrases")
	}
	write(t, dir, "c.yaml", minimal+"bogus: 1\n")
	_, err = LoadDir(dir)
	if !errors.Is(err, ErrUnknownKey) || !strings.Contains(err.Error(), "c.yaml:15") {
		t.Errorf("bad file in dir: %v", err)
	}
}

func write(t *testing.T, dir, name, data string) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

func FuzzParse(f *testing.F) {
	f.Add([]byte(minimal))
	f.Add([]byte("language: en\nintents: [{name: a}]"))
	f.Add([]byte("{{"))
	if data, err := os.ReadFile(filepath.Join(demoDir, "en.yaml")); err == nil {
		f.Add(data)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		k, err := Parse("fuzz.yaml", data)
		if err == nil && (k == nil || len(k.Intents()) == 0) {
			t.Fatal("accepted a KB without intents")
		}
		if err != nil {
			var fe *FileError
			if !errors.As(err, &fe) {
				t.Fatalf("error %v is not a FileError", err)
			}
		}
	})
}
