package kb

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/voicegate/voicegate/dialog/slots"
)

// maxFileSize bounds a KB file; a multi-megabyte file is a mistake, not a knowledge base.
const maxFileSize = 8 << 20

// file is the YAML document layout.
type file struct {
	Language string   `yaml:"language"`
	Company  string   `yaml:"company"`
	Policies Policies `yaml:"policies"`
	Prompts  Prompts  `yaml:"prompts"`
	Intents  []Intent `yaml:"intents"`
}

// LoadFile reads and validates one KB file. Every problem found is reported (errors.Join of *FileError),
// each with the file and line.
func LoadFile(path string) (*KB, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, &FileError{File: path, Err: err}
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxFileSize+1))
	if err != nil {
		return nil, &FileError{File: path, Err: err}
	}
	if len(data) > maxFileSize {
		return nil, &FileError{File: path, Err: fmt.Errorf("%w: file larger than %d bytes", ErrInvalid, maxFileSize)}
	}
	return Parse(path, data)
}

var (
	reYAMLLine    = regexp.MustCompile(`^(?:yaml: )?line (\d+): (.*)$`)
	reUnknownKey  = regexp.MustCompile(`^field (\S+) not found in type (?:\S+\.)?(\w+)$`)
	reLanguageTag = regexp.MustCompile(`^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$`)
)

// Parse validates KB data; name is used in errors.
func Parse(name string, data []byte) (*KB, error) {
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		return nil, yamlError(name, err)
	}
	if len(root.Content) == 0 {
		return nil, &FileError{File: name, Err: fmt.Errorf("%w: empty file", ErrMissing)}
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	var doc file
	if err := dec.Decode(&doc); err != nil {
		return nil, yamlError(name, err)
	}
	v := &validator{file: name, root: root.Content[0]}
	k := v.validate(&doc)
	if len(v.errs) > 0 {
		return nil, errors.Join(v.errs...)
	}
	k.file = name
	return k, nil
}

// yamlError turns the decoder's messages into FileErrors with lines and sentinels.
func yamlError(name string, err error) error {
	var le *lineError
	if errors.As(err, &le) {
		return &FileError{File: name, Line: le.line, Err: le.err}
	}
	var te *yaml.TypeError
	if errors.As(err, &te) {
		var out []error
		for _, msg := range te.Errors {
			out = append(out, yamlMessage(name, msg))
		}
		return errors.Join(out...)
	}
	return yamlMessage(name, err.Error())
}

func yamlMessage(name, msg string) error {
	m := reYAMLLine.FindStringSubmatch(msg)
	if m == nil {
		return &FileError{File: name, Err: fmt.Errorf("%w: %s", ErrSyntax, msg)}
	}
	line, _ := strconv.Atoi(m[1])
	if u := reUnknownKey.FindStringSubmatch(m[2]); u != nil {
		where := strings.ToLower(u[2])
		if where == "file" {
			where = "the top level"
		}
		return &FileError{File: name, Line: line, Err: fmt.Errorf("%w %q in %s", ErrUnknownKey, u[1], where)}
	}
	if strings.HasPrefix(m[2], "cannot unmarshal") {
		return &FileError{File: name, Line: line, Err: fmt.Errorf("%w: %s", ErrInvalid, m[2])}
	}
	return &FileError{File: name, Line: line, Err: fmt.Errorf("%w: %s", ErrSyntax, m[2])}
}

// validator collects errors with line numbers taken from the YAML node tree.
type validator struct {
	file string
	root *yaml.Node
	errs []error
}

func (v *validator) fail(line int, sentinel error, format string, args ...any) {
	v.errs = append(v.errs, &FileError{File: v.file, Line: line, Err: fmt.Errorf("%w: "+format, append([]any{sentinel}, args...)...)})
}

// line finds the line of a value by path: string keys for mappings, ints for sequence items. It returns the
// deepest line found, so a missing key points at its parent.
func (v *validator) line(path ...any) int {
	n := v.root
	best := n.Line
	for _, p := range path {
		switch key := p.(type) {
		case string:
			if n.Kind != yaml.MappingNode {
				return best
			}
			var next *yaml.Node
			for i := 0; i+1 < len(n.Content); i += 2 {
				if n.Content[i].Value == key {
					next = n.Content[i+1]
					best = n.Content[i].Line
					break
				}
			}
			if next == nil {
				return best
			}
			n = next
		case int:
			if n.Kind != yaml.SequenceNode || key >= len(n.Content) {
				return best
			}
			n = n.Content[key]
			best = n.Line
		}
	}
	return best
}

func (v *validator) validate(doc *file) *KB {
	k := &KB{Language: doc.Language, Company: doc.Company, Policies: doc.Policies, Prompts: doc.Prompts, byName: map[string]*Intent{}}
	if doc.Language == "" {
		v.fail(v.line("language"), ErrMissing, "language is required")
	} else if !reLanguageTag.MatchString(doc.Language) {
		v.fail(v.line("language"), ErrInvalid, "language %q is not a language tag like \"en\" or \"zh\"", doc.Language)
	}
	v.policies(doc.Policies)
	global := globalVars(doc.Company, doc.Policies)
	k.vars = global
	v.prompts(doc.Prompts, global)
	if len(doc.Intents) == 0 {
		v.fail(v.line("intents"), ErrMissing, "at least one intent is required")
	}
	exampleOwner := map[string]string{}
	for i := range doc.Intents {
		in := &doc.Intents[i]
		in.line = v.line("intents", i)
		v.intent(in, i, global, exampleOwner)
		if in.Name != "" {
			if _, dup := k.byName[in.Name]; dup {
				v.fail(v.line("intents", i, "name"), ErrDuplicate, "intent %q is defined twice", in.Name)
				continue
			}
			k.byName[in.Name] = in
		}
		k.intents = append(k.intents, in)
	}
	return k
}

func (v *validator) policies(p Policies) {
	at := func(key string) int { return v.line("policies", key) }
	if p.RefundMaxAmount < 0 {
		v.fail(at("refund_max_amount"), ErrInvalid, "refund_max_amount must not be negative")
	}
	if p.RefundWindowDays < 0 {
		v.fail(at("refund_window_days"), ErrInvalid, "refund_window_days must not be negative")
	}
	if p.ReturnWindowDays < 0 {
		v.fail(at("return_window_days"), ErrInvalid, "return_window_days must not be negative")
	}
	if p.FreeShippingOver < 0 {
		v.fail(at("free_shipping_over"), ErrInvalid, "free_shipping_over must not be negative")
	}
	h := p.Handoff
	hl := func(key string) int { return v.line("policies", "handoff", key) }
	for key, val := range map[string]float64{"min_confidence": h.MinConfidence, "clarify_margin": h.ClarifyMargin} {
		if val < 0 || val > 1 {
			v.fail(hl(key), ErrInvalid, "%s must be between 0 and 1", key)
		}
	}
	if h.Sentiment < -1 || h.Sentiment > 1 {
		v.fail(hl("sentiment"), ErrInvalid, "sentiment must be between -1 and 1")
	}
	for key, val := range map[string]int{"max_clarify": h.MaxClarify, "max_no_input": h.MaxNoInput, "max_slot_retries": h.MaxSlotRetries, "max_fallbacks": h.MaxFallbacks} {
		if val < 0 || val > 10 {
			v.fail(hl(key), ErrInvalid, "%s must be between 0 and 10", key)
		}
	}
	for i, s := range p.NeverPromise {
		if strings.TrimSpace(s) == "" {
			v.fail(v.line("policies", "never_promise", i), ErrInvalid, "empty never_promise phrase")
		}
	}
}

func (v *validator) prompts(p Prompts, global map[string]string) {
	type prompt struct {
		key      string
		val      Variants
		required bool
		extra    []string
		must     []string
	}
	for _, pr := range []prompt{
		{"greeting", p.Greeting, true, nil, nil},
		{"goodbye", p.Goodbye, true, nil, nil},
		{"fallback", p.Fallback, true, nil, nil},
		{"no_input", p.NoInput, true, nil, nil},
		{"clarify", p.Clarify, true, []string{"first", "second"}, []string{"first", "second"}},
		{"handoff", p.Handoff, true, nil, nil},
		{"guard_safe_reply", p.GuardSafeReply, true, nil, nil},
		{"confirm", p.Confirm, true, []string{"value", "slot"}, []string{"value"}},
		{"slot_retry", p.SlotRetry, false, nil, nil},
		{"action_failed", p.ActionFailed, false, nil, nil},
	} {
		if len(pr.val) == 0 {
			if pr.required {
				v.fail(v.line("prompts"), ErrMissing, "prompts.%s is required", pr.key)
			}
			continue
		}
		known := map[string]bool{}
		for n := range global {
			known[n] = true
		}
		for _, e := range pr.extra {
			known[e] = true
		}
		for i, t := range pr.val {
			line := v.line("prompts", pr.key, i)
			if len(pr.val) == 1 {
				line = v.line("prompts", pr.key)
			}
			v.checkVars(line, t, known, "prompts."+pr.key)
			for _, m := range pr.must {
				if !contains(t.Vars(), m) {
					v.fail(line, ErrTemplate, "prompts.%s must use {{%s}}", pr.key, m)
				}
			}
		}
	}
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

func (v *validator) checkVars(line int, t Template, known map[string]bool, where string) {
	if strings.TrimSpace(t.String()) == "" {
		v.fail(line, ErrInvalid, "%s: empty text", where)
		return
	}
	for _, n := range t.Vars() {
		if !known[n] {
			v.fail(line, ErrUnknownSlot, "%s uses {{%s}}, which is not a slot, action field or policy value", where, n)
		}
	}
}

func (v *validator) variants(vs Variants, known map[string]bool, where string, path ...any) {
	for i, t := range vs {
		line := v.line(append(append([]any{}, path...), i)...)
		if len(vs) == 1 {
			line = v.line(path...)
		}
		v.checkVars(line, t, known, where)
	}
}

func (v *validator) intent(in *Intent, i int, global map[string]string, exampleOwner map[string]string) {
	at := func(path ...any) int { return v.line(append([]any{"intents", i}, path...)...) }
	name := in.Name
	if name == "" {
		v.fail(at(), ErrMissing, "intent #%d has no name", i+1)
		name = fmt.Sprintf("#%d", i+1)
	} else if !validName(name) {
		v.fail(at("name"), ErrInvalid, "intent name %q must be lower_snake_case", name)
	}
	if len(in.Examples) == 0 {
		v.fail(at(), ErrMissing, "intent %s has no examples", name)
	}
	for j, ex := range in.Examples {
		norm := strings.Join(strings.Fields(strings.ToLower(ex)), " ")
		if norm == "" {
			v.fail(at("examples", j), ErrInvalid, "intent %s: empty example", name)
			continue
		}
		if owner, ok := exampleOwner[norm]; ok && owner != name {
			v.fail(at("examples", j), ErrDuplicate, "example %q of %s is also an example of %s", ex, name, owner)
		} else if ok {
			v.fail(at("examples", j), ErrDuplicate, "example %q is listed twice in %s", ex, name)
		}
		exampleOwner[norm] = name
	}
	if len(in.Answer) == 0 {
		v.fail(at(), ErrMissing, "intent %s has no answer", name)
	}
	known := map[string]bool{}
	for n := range global {
		known[n] = true
	}
	slotNames := map[string]bool{}
	for j, s := range in.Slots {
		sl := func(key string) int { return at("slots", j, key) }
		if !validName(s.Name) {
			v.fail(sl("name"), ErrInvalid, "intent %s: slot name %q must be lower_snake_case", name, s.Name)
		} else if slotNames[s.Name] {
			v.fail(sl("name"), ErrDuplicate, "intent %s: slot %q is defined twice", name, s.Name)
		} else if _, clash := global[s.Name]; clash {
			v.fail(sl("name"), ErrDuplicate, "intent %s: slot %q shadows a policy value", name, s.Name)
		}
		if !s.Type.Valid() {
			v.fail(sl("type"), ErrInvalid, "intent %s: slot %s has type %q; want one of %v", name, s.Name, s.Type, slots.Kinds())
		}
		if len(s.Prompt) == 0 {
			v.fail(sl("name"), ErrMissing, "intent %s: slot %s has no prompt", name, s.Name)
		}
		v.variants(s.Prompt, known, fmt.Sprintf("intent %s slot %s prompt", name, s.Name), "intents", i, "slots", j, "prompt")
		slotNames[s.Name] = true
		known[s.Name] = true
	}
	urlKnown := map[string]bool{}
	for n := range known {
		urlKnown[n] = true
	}
	if a := in.Action; a != nil {
		v.action(a, name, i, urlKnown, known)
	}
	v.variants(in.Answer, known, "intent "+name+" answer", "intents", i, "answer")
	for j, f := range in.Flags {
		switch f {
		case FlagSensitive, FlagCommitment, FlagHandoff, FlagEnd:
		default:
			v.fail(at("flags", j), ErrInvalid, "intent %s: unknown flag %q (sensitive, commitment, handoff, end)", name, f)
		}
	}
	switch in.Expect {
	case ExpectOpen, ExpectDigits, ExpectYesNo:
	default:
		v.fail(at("expect"), ErrInvalid, "intent %s: expect %q must be digits or yesno", name, in.Expect)
	}
	if in.Has(FlagCommitment) {
		if in.Policy != PolicyRefund {
			v.fail(at("policy"), ErrInvalid, "intent %s: a commitment needs policy: refund", name)
		} else if s, ok := in.Slot(RefundAmountSlot); !ok || s.Type != slots.KindAmount {
			v.fail(at("policy"), ErrMissing, "intent %s: policy refund needs a slot %q of type amount", name, RefundAmountSlot)
		}
		if len(in.Denied) == 0 {
			v.fail(at(), ErrMissing, "intent %s: a commitment needs a denied answer", name)
		}
	} else if in.Policy != "" {
		v.fail(at("policy"), ErrInvalid, "intent %s: policy is only for commitment intents", name)
	}
	v.variants(in.Denied, known, "intent "+name+" denied", "intents", i, "denied")
}

func (v *validator) action(a *Action, name string, i int, urlKnown, known map[string]bool) {
	at := func(path ...any) int { return v.line(append([]any{"intents", i, "action"}, path...)...) }
	switch a.Method {
	case "":
		a.Method = "GET"
	case "GET", "POST", "PUT", "PATCH", "DELETE":
	default:
		v.fail(at("method"), ErrInvalid, "intent %s: method %q", name, a.Method)
	}
	if a.URL.IsZero() {
		v.fail(at(), ErrMissing, "intent %s: action has no url", name)
	} else {
		v.checkVars(at("url"), a.URL, urlKnown, "intent "+name+" action url")
		if err := checkURL(a.URL); err != nil {
			v.fail(at("url"), ErrBadURL, "intent %s: %v", name, err)
		}
	}
	for _, k := range sortedKeys(a.Body) {
		if !validName(k) {
			v.fail(at("body", k), ErrInvalid, "intent %s: body key %q", name, k)
		}
		v.checkVars(at("body", k), a.Body[k], urlKnown, "intent "+name+" action body")
	}
	if a.Timeout == 0 {
		a.Timeout = DefaultActionTimeout
	} else if a.Timeout < 0 || a.Timeout > MaxActionTimeout {
		v.fail(at("timeout"), ErrInvalid, "intent %s: timeout %v must be between 0 and %v", name, a.Timeout, MaxActionTimeout)
	}
	if a.Retries < 0 || a.Retries > MaxActionRetries {
		v.fail(at("retries"), ErrInvalid, "intent %s: retries must be between 0 and %d", name, MaxActionRetries)
	}
	for _, f := range sortedKeys(a.Fields) {
		if !validName(f) {
			v.fail(at("fields", f), ErrInvalid, "intent %s: field name %q must be lower_snake_case", name, f)
		}
		if strings.TrimSpace(a.Fields[f]) == "" {
			v.fail(at("fields", f), ErrMissing, "intent %s: field %s has no response path", name, f)
		}
		known[f] = true
	}
	if a.Switch != "" {
		if _, ok := a.Fields[a.Switch]; !ok {
			v.fail(at("switch"), ErrUnknownSlot, "intent %s: switch %q is not one of the action's fields", name, a.Switch)
		}
		if len(a.Cases) == 0 {
			v.fail(at("switch"), ErrMissing, "intent %s: switch without cases", name)
		}
	} else if len(a.Cases) > 0 {
		v.fail(at("cases"), ErrMissing, "intent %s: cases without switch", name)
	}
	for _, c := range sortedKeys(a.Cases) {
		v.variants(a.Cases[c], known, "intent "+name+" case "+c, "intents", i, "action", "cases", c)
	}
	v.variants(a.NotFound, known, "intent "+name+" not_found", "intents", i, "action", "not_found")
	v.variants(a.Failed, known, "intent "+name+" failed", "intents", i, "action", "failed")
}

// checkURL checks the fixed parts of a URL template: an absolute http(s) URL with a host, or a path.
func checkURL(t Template) error {
	var sb strings.Builder
	for _, p := range t.Parts() {
		if p.Var != "" {
			sb.WriteString("x")
			continue
		}
		sb.WriteString(p.Text)
	}
	s := sb.String()
	if strings.ContainsAny(s, " \t\n") {
		return fmt.Errorf("url %q contains spaces", t.String())
	}
	if strings.HasPrefix(s, "/") && !strings.HasPrefix(s, "//") {
		if _, err := url.ParseRequestURI(s); err != nil {
			return fmt.Errorf("url %q: %v", t.String(), err)
		}
		return nil
	}
	u, err := url.Parse(s)
	if err != nil {
		return fmt.Errorf("url %q: %v", t.String(), err)
	}
	if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("url %q must be http(s)://host/… or a path starting with /", t.String())
	}
	if len(t.Parts()) > 0 && t.Parts()[0].Var != "" {
		return fmt.Errorf("url %q must not start with a placeholder", t.String())
	}
	return nil
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// LoadDir loads every *.yaml / *.yml file in dir (not sub-directories; hidden files are skipped).
func LoadDir(dir string) (*Set, error) {
	paths, err := kbFiles(dir)
	if err != nil {
		return nil, err
	}
	var kbs []*KB
	var errs []error
	for _, p := range paths {
		k, err := LoadFile(p)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		kbs = append(kbs, k)
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return NewSet(kbs...)
}

func kbFiles(dir string) ([]string, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("kb: read %s: %w", dir, err)
	}
	var out []string
	for _, e := range entries {
		if e.IsDir() || !isKBFile(e.Name()) {
			continue
		}
		out = append(out, filepath.Join(dir, e.Name()))
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%w in %s", ErrNoFiles, dir)
	}
	return out, nil
}

func isKBFile(name string) bool {
	base := filepath.Base(name)
	if strings.HasPrefix(base, ".") || strings.HasSuffix(base, "~") {
		return false
	}
	ext := filepath.Ext(base)
	return ext == ".yaml" || ext == ".yml"
}
