package aritest

import (
	"embed"
	"encoding/json"
	"fmt"
	"math"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

//go:embed testdata/ari-api-docs/*.json
var apiDocs embed.FS

// Spec is Asterisk's ARI description: operations by path template and method, and the data models.
type Spec struct {
	ops    []*Operation
	models map[string]*model
}

// Operation is one documented REST operation.
type Operation struct {
	Resource   string // file name without .json, e.g. "channels"
	Nickname   string // e.g. "externalMedia"
	Method     string
	Path       string // e.g. /channels/{channelId}/answer (relative to /ari)
	segments   []string
	Params     []Param
	ErrorCodes []int
}

// Param is one documented operation parameter.
type Param struct {
	Name          string
	In            string // path, query, body
	Required      bool
	DataType      string
	AllowMultiple bool
	Allowed       []string
	Min, Max      *float64
}

type model struct {
	name     string
	props    map[string]prop
	subTypes []string
}

type prop struct {
	typ      string
	required bool
	allowed  []string
}

type rawFile struct {
	APIs []struct {
		Path       string `json:"path"`
		Operations []struct {
			HTTPMethod string `json:"httpMethod"`
			Nickname   string `json:"nickname"`
			Parameters []struct {
				Name          string `json:"name"`
				ParamType     string `json:"paramType"`
				Required      bool   `json:"required"`
				AllowMultiple bool   `json:"allowMultiple"`
				DataType      string `json:"dataType"`
				Allowable     *struct {
					ValueType string   `json:"valueType"`
					Values    []string `json:"values"`
					Min       *float64 `json:"min"`
					Max       *float64 `json:"max"`
				} `json:"allowableValues"`
			} `json:"parameters"`
			ErrorResponses []struct {
				Code json.Number `json:"code"` // a few upstream entries spell the code as a string
			} `json:"errorResponses"`
		} `json:"operations"`
	} `json:"apis"`
	Models map[string]struct {
		Properties map[string]struct {
			Type      string `json:"type"`
			Required  bool   `json:"required"`
			Allowable *struct {
				Values []string `json:"values"`
			} `json:"allowableValues"`
		} `json:"properties"`
		SubTypes []string `json:"subTypes"`
	} `json:"models"`
}

// LoadSpec parses the embedded API description.
func LoadSpec() (*Spec, error) {
	entries, err := apiDocs.ReadDir("testdata/ari-api-docs")
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrSpec, err)
	}
	s := &Spec{models: map[string]*model{}}
	for _, e := range entries {
		name := strings.TrimSuffix(e.Name(), ".json")
		if name == "resources" {
			continue
		}
		b, err := apiDocs.ReadFile("testdata/ari-api-docs/" + e.Name())
		if err != nil {
			return nil, fmt.Errorf("%w: %w", ErrSpec, err)
		}
		var f rawFile
		if err := json.Unmarshal(b, &f); err != nil {
			return nil, fmt.Errorf("%w: %s: %w", ErrSpec, e.Name(), err)
		}
		for _, a := range f.APIs {
			for _, o := range a.Operations {
				op := &Operation{Resource: name, Nickname: o.Nickname, Method: o.HTTPMethod, Path: a.Path,
					segments: strings.Split(strings.Trim(a.Path, "/"), "/")}
				for _, p := range o.Parameters {
					pp := Param{Name: p.Name, In: p.ParamType, Required: p.Required, DataType: p.DataType,
						AllowMultiple: p.AllowMultiple}
					if p.Allowable != nil {
						pp.Allowed, pp.Min, pp.Max = p.Allowable.Values, p.Allowable.Min, p.Allowable.Max
					}
					op.Params = append(op.Params, pp)
				}
				for _, er := range o.ErrorResponses {
					code, err := strconv.Atoi(strings.Trim(string(er.Code), `"`))
					if err != nil {
						return nil, fmt.Errorf("%w: %s %s: error code %q", ErrSpec, name, o.Nickname, er.Code)
					}
					op.ErrorCodes = append(op.ErrorCodes, code)
				}
				s.ops = append(s.ops, op)
			}
		}
		for mn, m := range f.Models {
			md := &model{name: mn, props: map[string]prop{}, subTypes: m.SubTypes}
			for pn, p := range m.Properties {
				pr := prop{typ: p.Type, required: p.Required}
				if p.Allowable != nil {
					pr.allowed = p.Allowable.Values
				}
				md.props[pn] = pr
			}
			s.models[mn] = md
		}
	}
	if len(s.ops) == 0 || s.models["StasisStart"] == nil || s.models["Channel"] == nil {
		return nil, fmt.Errorf("%w: missing operations or models", ErrSpec)
	}
	return s, nil
}

// Match finds the operation for method and path (relative to /ari). It returns 404 when no path matches
// and 405 when the path exists with other methods, as Asterisk does.
func (s *Spec) Match(method, path string) (*Operation, map[string]string, int) {
	segs := strings.Split(strings.Trim(path, "/"), "/")
	pathFound := false
	var best *Operation
	var bestVars map[string]string
	bestLiterals := -1
	for _, op := range s.ops {
		if len(op.segments) != len(segs) {
			continue
		}
		vars := map[string]string{}
		literals := 0
		ok := true
		for i, t := range op.segments {
			if strings.HasPrefix(t, "{") {
				v, err := url.PathUnescape(segs[i])
				if err != nil || v == "" {
					ok = false
					break
				}
				vars[strings.Trim(t, "{}")] = v
			} else if t != segs[i] {
				ok = false
				break
			} else {
				literals++
			}
		}
		if !ok {
			continue
		}
		pathFound = true
		// Literal segments beat templates (/channels/externalMedia vs /channels/{channelId}).
		if op.Method == method && literals > bestLiterals {
			best, bestVars, bestLiterals = op, vars, literals
		}
	}
	if best != nil {
		return best, bestVars, 200
	}
	if pathFound {
		return nil, nil, 405
	}
	return nil, nil, 404
}

// documentedStatus reports whether Asterisk may answer op with code: the operation's errorResponses plus
// the generic codes res_ari.c produces for any request.
func (op *Operation) documentedStatus(code int) bool {
	if code < 300 {
		return true
	}
	switch code {
	case 400, 401, 403, 404, 405, 500, 501, 503:
		return true
	}
	return slices.Contains(op.ErrorCodes, code)
}

// Args are the parameter values of one request after merging query, form and JSON body (body wins).
type Args map[string]any

// Str returns a string parameter ("" if absent).
func (a Args) Str(name string) string {
	if v, ok := a[name].(string); ok {
		return v
	}
	return ""
}

// Strs returns a string or allowMultiple parameter as a list.
func (a Args) Strs(name string) []string {
	switch v := a[name].(type) {
	case string:
		return strings.Split(v, ",")
	case []any:
		var out []string
		for _, x := range v {
			if s, ok := x.(string); ok {
				out = append(out, strings.Split(s, ",")...)
			}
		}
		return out
	}
	return nil
}

// Int returns an integer parameter and whether it was present.
func (a Args) Int(name string) (int64, bool) {
	v, ok := a[name].(int64)
	return v, ok
}

// Has reports whether a parameter was given.
func (a Args) Has(name string) bool { _, ok := a[name]; return ok }

// ParseArgs merges and type-checks the parameters of one request the way Asterisk's generated glue does:
// query string, then application/x-www-form-urlencoded fields, or else a JSON object body whose documented
// keys override the query. It returns the values and every contract problem found.
func (op *Operation) ParseArgs(pathVars map[string]string, query url.Values, form url.Values, body map[string]any) (Args, []string) {
	args := Args{}
	var problems []string
	known := map[string]bool{}
	for _, p := range op.Params {
		known[p.Name] = true
		var raw any
		present := false
		switch p.In {
		case "path":
			if v, ok := pathVars[p.Name]; ok {
				raw, present = v, true
			}
		default:
			if vs, ok := query[p.Name]; ok && p.In != "body" {
				raw, present = queryValue(vs, p.AllowMultiple), true
			}
			if vs, ok := form[p.Name]; ok && p.In != "body" {
				raw, present = queryValue(vs, p.AllowMultiple), true
			}
			if v, ok := body[p.Name]; ok && v != nil {
				raw, present = v, true
			}
		}
		if !present {
			if p.Required {
				problems = append(problems, fmt.Sprintf("missing required parameter %q", p.Name))
			}
			continue
		}
		v, err := p.convert(raw)
		if err != nil {
			problems = append(problems, fmt.Sprintf("parameter %q: %v", p.Name, err))
			continue
		}
		args[p.Name] = v
	}
	for name := range query {
		if !known[name] && name != "api_key" {
			problems = append(problems, fmt.Sprintf("undocumented query parameter %q", name))
		}
	}
	for name := range form {
		if !known[name] {
			problems = append(problems, fmt.Sprintf("undocumented form parameter %q", name))
		}
	}
	for name := range body {
		// ari v5 repeats the path id (bridgeId) in the body; Asterisk ignores unknown keys, and a path
		// parameter echoed there is harmless, so only other unknown keys are flagged.
		if !known[name] {
			problems = append(problems, fmt.Sprintf("undocumented body parameter %q", name))
		}
	}
	return args, problems
}

func queryValue(vs []string, multiple bool) any {
	if multiple {
		var out []any
		for _, v := range vs {
			for _, part := range strings.Split(v, ",") {
				out = append(out, part)
			}
		}
		return out
	}
	return vs[len(vs)-1]
}

// convert checks one raw value (string from a query/form, or a JSON value) against the parameter's type.
func (p Param) convert(raw any) (any, error) {
	if p.AllowMultiple {
		list, ok := raw.([]any)
		if !ok {
			list = []any{raw}
		}
		out := make([]any, 0, len(list))
		for _, item := range list {
			v, err := p.convertOne(item)
			if err != nil {
				return nil, err
			}
			out = append(out, v)
		}
		return out, nil
	}
	return p.convertOne(raw)
}

func (p Param) convertOne(raw any) (any, error) {
	var v any
	switch p.DataType {
	case "string":
		s, ok := raw.(string)
		if !ok {
			return nil, fmt.Errorf("want string, got %T", raw)
		}
		v = s
	case "int", "long":
		switch x := raw.(type) {
		case string:
			n, err := strconv.ParseInt(x, 10, 64)
			if err != nil {
				return nil, fmt.Errorf("want integer, got %q", x)
			}
			v = n
		case float64:
			if x != math.Trunc(x) {
				return nil, fmt.Errorf("want integer, got %v", x)
			}
			v = int64(x)
		default:
			return nil, fmt.Errorf("want integer, got %T", raw)
		}
	case "boolean":
		switch x := raw.(type) {
		case bool:
			v = x
		case string:
			b, err := strconv.ParseBool(x)
			if err != nil {
				return nil, fmt.Errorf("want boolean, got %q", x)
			}
			v = b
		default:
			return nil, fmt.Errorf("want boolean, got %T", raw)
		}
	case "containers", "object":
		m, ok := raw.(map[string]any)
		if !ok {
			return nil, fmt.Errorf("want JSON object, got %T", raw)
		}
		v = m
	default:
		v = raw
	}
	if len(p.Allowed) > 0 {
		s := fmt.Sprint(v)
		if !slices.Contains(p.Allowed, s) {
			return nil, fmt.Errorf("value %q not in %v", s, p.Allowed)
		}
	}
	if n, ok := v.(int64); ok {
		if (p.Min != nil && float64(n) < *p.Min) || (p.Max != nil && float64(n) > *p.Max) {
			return nil, fmt.Errorf("value %d out of range", n)
		}
	}
	return v, nil
}

var ariDate = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}[+-]\d{4}$`)

// ValidateEvent checks one event object against events.json: the type discriminator names an Event
// subtype, the Message/Event base fields are there, and every property has its declared type.
func (s *Spec) ValidateEvent(ev map[string]any) []string {
	typ, _ := ev["type"].(string)
	if typ == "" {
		return []string{"event without type"}
	}
	if !slices.Contains(s.models["Event"].subTypes, typ) {
		return []string{fmt.Sprintf("event type %q is not an Event subtype", typ)}
	}
	merged := &model{name: typ, props: map[string]prop{}}
	for _, base := range []string{"Message", "Event", typ} {
		for k, v := range s.models[base].props {
			merged.props[k] = v
		}
	}
	return s.validateObject(merged, ev, typ)
}

// ValidateModel checks v against the named model.
func (s *Spec) ValidateModel(name string, v any) []string {
	m := s.models[name]
	if m == nil {
		return []string{fmt.Sprintf("unknown model %q", name)}
	}
	obj, ok := v.(map[string]any)
	if !ok {
		return []string{fmt.Sprintf("%s: want object, got %T", name, v)}
	}
	return s.validateObject(m, obj, name)
}

func (s *Spec) validateObject(m *model, obj map[string]any, where string) []string {
	var out []string
	for name, p := range m.props {
		v, ok := obj[name]
		if !ok {
			if p.required {
				out = append(out, fmt.Sprintf("%s: missing required %q", where, name))
			}
			continue
		}
		out = append(out, s.validateValue(p.typ, p.allowed, v, where+"."+name)...)
	}
	for name := range obj {
		if _, ok := m.props[name]; !ok && name != "type" {
			out = append(out, fmt.Sprintf("%s: undocumented field %q", where, name))
		}
	}
	return out
}

func (s *Spec) validateValue(typ string, allowed []string, v any, where string) []string {
	if inner, ok := strings.CutPrefix(typ, "List["); ok {
		list, ok := v.([]any)
		if !ok {
			return []string{fmt.Sprintf("%s: want list, got %T", where, v)}
		}
		var out []string
		for i, item := range list {
			out = append(out, s.validateValue(strings.TrimSuffix(inner, "]"), nil, item, fmt.Sprintf("%s[%d]", where, i))...)
		}
		return out
	}
	switch typ {
	case "string":
		str, ok := v.(string)
		if !ok {
			return []string{fmt.Sprintf("%s: want string, got %T", where, v)}
		}
		if len(allowed) > 0 && !slices.Contains(allowed, str) {
			return []string{fmt.Sprintf("%s: %q not in %v", where, str, allowed)}
		}
	case "int", "long":
		f, ok := v.(float64)
		if !ok || f != math.Trunc(f) {
			return []string{fmt.Sprintf("%s: want integer, got %v", where, v)}
		}
	case "double":
		if _, ok := v.(float64); !ok {
			return []string{fmt.Sprintf("%s: want number, got %T", where, v)}
		}
	case "boolean":
		if _, ok := v.(bool); !ok {
			return []string{fmt.Sprintf("%s: want boolean, got %T", where, v)}
		}
	case "Date":
		str, _ := v.(string)
		if !ariDate.MatchString(str) {
			return []string{fmt.Sprintf("%s: %v is not an Asterisk timestamp", where, v)}
		}
	case "object":
		if _, ok := v.(map[string]any); !ok {
			return []string{fmt.Sprintf("%s: want object, got %T", where, v)}
		}
	default:
		if m := s.models[typ]; m != nil {
			obj, ok := v.(map[string]any)
			if !ok {
				return []string{fmt.Sprintf("%s: want %s object, got %T", where, typ, v)}
			}
			return s.validateObject(m, obj, where)
		}
	}
	return nil
}
