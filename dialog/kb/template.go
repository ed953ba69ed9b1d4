package kb

import (
	"fmt"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Part is one piece of a Template: literal text, or a placeholder when Var is set.
type Part struct {
	Text string
	Var  string
}

// Template is a reply or URL with {{name}} placeholders. Names are lower-case identifiers: slot names,
// action fields and policy values. There is no logic in templates: variants and action cases choose text.
type Template struct {
	src   string
	parts []Part
}

// ParseTemplate parses {{name}} placeholders; "{{" must always open a placeholder.
func ParseTemplate(s string) (Template, error) {
	t := Template{src: s}
	rest := s
	for {
		i := strings.Index(rest, "{{")
		if i < 0 {
			if strings.Contains(rest, "}}") {
				return Template{}, fmt.Errorf("%w: %q has \"}}\" without \"{{\"", ErrTemplate, s)
			}
			if rest != "" {
				t.parts = append(t.parts, Part{Text: rest})
			}
			return t, nil
		}
		if i > 0 {
			if strings.Contains(rest[:i], "}}") {
				return Template{}, fmt.Errorf("%w: %q has \"}}\" without \"{{\"", ErrTemplate, s)
			}
			t.parts = append(t.parts, Part{Text: rest[:i]})
		}
		rest = rest[i+2:]
		j := strings.Index(rest, "}}")
		if j < 0 {
			return Template{}, fmt.Errorf("%w: %q has an unclosed \"{{\"", ErrTemplate, s)
		}
		name := strings.TrimSpace(rest[:j])
		if !validName(name) {
			return Template{}, fmt.Errorf("%w: placeholder %q in %q is not a lower-case name", ErrTemplate, name, s)
		}
		t.parts = append(t.parts, Part{Var: name})
		rest = rest[j+2:]
	}
}

// MustTemplate parses a template known to be valid (tests, built-in defaults); it panics otherwise.
func MustTemplate(s string) Template {
	t, err := ParseTemplate(s)
	if err != nil {
		panic(err)
	}
	return t
}

func validName(s string) bool {
	if s == "" || len(s) > 64 {
		return false
	}
	for i, r := range s {
		switch {
		case r >= 'a' && r <= 'z', r == '_':
		case r >= '0' && r <= '9' && i > 0:
		default:
			return false
		}
	}
	return true
}

// String returns the template source.
func (t Template) String() string { return t.src }

// IsZero reports an empty template.
func (t Template) IsZero() bool { return t.src == "" }

// Parts returns the parsed pieces (the action runner escapes each placeholder for its place in a URL).
func (t Template) Parts() []Part { return append([]Part(nil), t.parts...) }

// Vars lists the placeholder names in order of first use.
func (t Template) Vars() []string {
	var out []string
	seen := map[string]bool{}
	for _, p := range t.parts {
		if p.Var != "" && !seen[p.Var] {
			seen[p.Var] = true
			out = append(out, p.Var)
		}
	}
	return out
}

// Render fills the placeholders. A missing value is an error (ErrMissingVar) rather than a spoken "{{eta}}".
func (t Template) Render(vars map[string]string) (string, error) {
	var sb strings.Builder
	for _, p := range t.parts {
		if p.Var == "" {
			sb.WriteString(p.Text)
			continue
		}
		v, ok := vars[p.Var]
		if !ok {
			return "", fmt.Errorf("%w: %q in %q", ErrMissingVar, p.Var, t.src)
		}
		sb.WriteString(v)
	}
	return sb.String(), nil
}

// UnmarshalYAML parses the template while decoding so errors carry the line.
func (t *Template) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind != yaml.ScalarNode {
		return &lineError{n.Line, fmt.Errorf("%w: expected text", ErrInvalid)}
	}
	p, err := ParseTemplate(n.Value)
	if err != nil {
		return &lineError{n.Line, err}
	}
	*t = p
	return nil
}

// Variants is one or more alternative templates; the engine picks one so the bot does not sound canned.
// In YAML it is a string or a list of strings.
type Variants []Template

// UnmarshalYAML accepts a scalar or a sequence of scalars.
func (v *Variants) UnmarshalYAML(n *yaml.Node) error {
	switch n.Kind {
	case yaml.ScalarNode:
		var t Template
		if err := t.UnmarshalYAML(n); err != nil {
			return err
		}
		*v = Variants{t}
		return nil
	case yaml.SequenceNode:
		out := make(Variants, 0, len(n.Content))
		for _, c := range n.Content {
			var t Template
			if err := t.UnmarshalYAML(c); err != nil {
				return err
			}
			out = append(out, t)
		}
		*v = out
		return nil
	}
	return &lineError{n.Line, fmt.Errorf("%w: expected text or a list of texts", ErrInvalid)}
}

// Pick returns variant i modulo the count (callers pass a turn counter or a random number), or the zero
// Template when there are none.
func (v Variants) Pick(i int) Template {
	if len(v) == 0 {
		return Template{}
	}
	if i < 0 {
		i = -i
	}
	return v[i%len(v)]
}

// lineError carries a YAML line out of a custom unmarshaler so the loader can build a FileError.
type lineError struct {
	line int
	err  error
}

func (e *lineError) Error() string { return fmt.Sprintf("line %d: %v", e.line, e.err) }
func (e *lineError) Unwrap() error { return e.err }
