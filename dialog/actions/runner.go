// Package actions calls the knowledge base's webhooks: it fills the URL template from slot values, calls the
// backend with a per-attempt timeout and bounded retries, and turns the JSON answer into fields the answer
// template can use.
package actions

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/voicegate/voicegate/dialog/kb"
)

// Defaults.
const (
	DefaultBudget      = 6 * time.Second
	DefaultBackoff     = 150 * time.Millisecond
	DefaultMaxBackoff  = 1 * time.Second
	DefaultMaxBodySize = 1 << 20
)

// Option configures a Runner.
type Option func(*Runner)

// WithHTTPClient sets the client (default: a client with no overall timeout; each attempt has its own).
func WithHTTPClient(c *http.Client) Option {
	return func(r *Runner) {
		if c != nil {
			r.client = c
		}
	}
}

// WithBaseURL resolves action URLs that are paths ("/api/demo/orders/…"), e.g. "http://127.0.0.1:8080".
func WithBaseURL(u string) Option { return func(r *Runner) { r.base = strings.TrimRight(u, "/") } }

// WithBudget caps the total time of one Run across retries and backoff. A caller turn cannot wait longer.
func WithBudget(d time.Duration) Option {
	return func(r *Runner) {
		if d > 0 {
			r.budget = d
		}
	}
}

// WithBackoff sets the first retry delay and its cap; delays double with jitter.
func WithBackoff(first, max time.Duration) Option {
	return func(r *Runner) {
		if first > 0 {
			r.backoff = first
		}
		if max >= first && max > 0 {
			r.maxBackoff = max
		}
	}
}

// WithLogger sets the logger (default: discard).
func WithLogger(l *slog.Logger) Option {
	return func(r *Runner) {
		if l != nil {
			r.log = l
		}
	}
}

// WithHeader adds a header to every request (an API key for a real backend).
func WithHeader(name, value string) Option {
	return func(r *Runner) { r.header.Add(name, value) }
}

// WithRegisterer registers voicegate_action_requests_total and voicegate_action_duration_seconds.
func WithRegisterer(reg prometheus.Registerer) Option { return func(r *Runner) { r.reg = reg } }

// Runner executes actions. It is safe for concurrent use.
type Runner struct {
	client     *http.Client
	base       string
	budget     time.Duration
	backoff    time.Duration
	maxBackoff time.Duration
	log        *slog.Logger
	header     http.Header
	reg        prometheus.Registerer

	requests *prometheus.CounterVec
	duration *prometheus.HistogramVec
}

// NewRunner builds a Runner.
func NewRunner(opts ...Option) (*Runner, error) {
	r := &Runner{
		client:     &http.Client{},
		budget:     DefaultBudget,
		backoff:    DefaultBackoff,
		maxBackoff: DefaultMaxBackoff,
		log:        slog.New(slog.NewTextHandler(io.Discard, nil)),
		header:     http.Header{},
	}
	for _, o := range opts {
		o(r)
	}
	if r.base != "" {
		u, err := url.Parse(r.base)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return nil, fmt.Errorf("%w: base URL %q must be http(s)://host", ErrBadRequest, r.base)
		}
	}
	r.requests = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "voicegate_action_requests_total",
		Help: "Knowledge-base webhook calls by result.",
	}, []string{"result"})
	r.duration = prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name:    "voicegate_action_duration_seconds",
		Help:    "Knowledge-base webhook call time including retries.",
		Buckets: []float64{.01, .025, .05, .1, .25, .5, 1, 2, 5},
	}, []string{"result"})
	if r.reg != nil {
		for _, c := range []prometheus.Collector{r.requests, r.duration} {
			if err := r.reg.Register(c); err != nil {
				return nil, fmt.Errorf("actions: register metrics: %w", err)
			}
		}
	}
	return r, nil
}

// Result is a successful call.
type Result struct {
	Status int
	// Fields is the whole JSON response flattened to dotted paths ("items.0.name"); arrays of scalars
	// are also joined with ", " under their own path.
	Fields map[string]string
	// Vars maps the action's placeholder names to values, per the action's fields; paths missing from the
	// response are left out (rendering then fails and the engine uses the failed answer).
	Vars     map[string]string
	Attempts int
	Duration time.Duration
}

// Run calls the action with the given values for URL and body placeholders.
func (r *Runner) Run(ctx context.Context, a kb.Action, vars map[string]string) (Result, error) {
	start := time.Now()
	res, err := r.run(ctx, a, vars)
	res.Duration = time.Since(start)
	label := resultLabel(err)
	r.requests.WithLabelValues(label).Inc()
	r.duration.WithLabelValues(label).Observe(res.Duration.Seconds())
	if err != nil {
		r.log.Warn("action failed", "method", a.Method, "url", a.URL.String(), "attempts", res.Attempts, "err", err)
	}
	return res, err
}

func resultLabel(err error) string {
	switch {
	case err == nil:
		return "ok"
	case errors.Is(err, ErrTimeout):
		return "timeout"
	case errors.Is(err, ErrNotFound):
		return "not_found"
	case errors.Is(err, ErrRejected):
		return "rejected"
	case errors.Is(err, ErrBadResponse):
		return "bad_response"
	case errors.Is(err, ErrBadRequest):
		return "bad_request"
	case errors.Is(err, ErrUpstream):
		return "upstream"
	}
	return "canceled"
}

func (r *Runner) run(ctx context.Context, a kb.Action, vars map[string]string) (Result, error) {
	target, err := r.buildURL(a.URL, vars)
	if err != nil {
		return Result{}, err
	}
	method := a.Method
	if method == "" {
		method = http.MethodGet
	}
	var body []byte
	if len(a.Body) > 0 {
		obj := make(map[string]string, len(a.Body))
		for k, t := range a.Body {
			v, err := t.Render(vars)
			if err != nil {
				return Result{}, fmt.Errorf("%w: body %s: %w", ErrBadRequest, k, err)
			}
			obj[k] = v
		}
		body, _ = json.Marshal(obj)
	}
	timeout := a.Timeout
	if timeout <= 0 {
		timeout = kb.DefaultActionTimeout
	}
	ctx, cancel := context.WithTimeout(ctx, r.budget)
	defer cancel()
	deadline, _ := ctx.Deadline()

	var last error
	attempts := 0
	delay := r.backoff
	for try := 0; try <= a.Retries; try++ {
		if try > 0 {
			// Half to full delay: callers retrying in lockstep would hit a struggling backend together.
			wait := delay/2 + time.Duration(rand.Int64N(int64(delay/2)+1))
			if time.Until(deadline) < wait+timeout/4 {
				break // no time left for a useful attempt
			}
			t := time.NewTimer(wait)
			select {
			case <-ctx.Done():
				t.Stop()
				return Result{Attempts: attempts}, r.ctxErr(ctx, last)
			case <-t.C:
			}
			delay = min(delay*2, r.maxBackoff)
		}
		attempts++
		res, err, retry := r.attempt(ctx, method, target, body, timeout)
		if err == nil {
			res.Attempts = attempts
			res.Vars = mapFields(a.Fields, res.Fields)
			return res, nil
		}
		last = err
		if !retry {
			return Result{Attempts: attempts}, err
		}
		if ctx.Err() != nil {
			return Result{Attempts: attempts}, r.ctxErr(ctx, last)
		}
	}
	return Result{Attempts: attempts}, last
}

// ctxErr reports the caller's cancellation as such, and our own budget as a timeout.
func (r *Runner) ctxErr(ctx context.Context, last error) error {
	if errors.Is(ctx.Err(), context.DeadlineExceeded) {
		if last != nil && errors.Is(last, ErrTimeout) {
			return last
		}
		return fmt.Errorf("%w: budget %v used up (last error: %v)", ErrTimeout, r.budget, last)
	}
	return fmt.Errorf("actions: %w", ctx.Err())
}

func (r *Runner) attempt(ctx context.Context, method, target string, body []byte, timeout time.Duration) (Result, error, bool) {
	actx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequestWithContext(actx, method, target, rd)
	if err != nil {
		return Result{}, fmt.Errorf("%w: %w", ErrBadRequest, err), false
	}
	req.Header.Set("Accept", "application/json")
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	for k, vs := range r.header {
		for _, v := range vs {
			req.Header.Add(k, v)
		}
	}
	resp, err := r.client.Do(req)
	if err != nil {
		if ctx.Err() != nil && !errors.Is(ctx.Err(), context.DeadlineExceeded) {
			return Result{}, fmt.Errorf("actions: %w", ctx.Err()), false
		}
		var ne net.Error
		if errors.Is(err, context.DeadlineExceeded) || (errors.As(err, &ne) && ne.Timeout()) {
			return Result{}, fmt.Errorf("%w: %s %s after %v", ErrTimeout, method, target, timeout), true
		}
		return Result{}, fmt.Errorf("%w: %s %s: %w", ErrUpstream, method, target, err), true
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, DefaultMaxBodySize+1))
	if err != nil {
		if errors.Is(err, context.DeadlineExceeded) || actx.Err() != nil {
			return Result{}, fmt.Errorf("%w: reading %s after %v", ErrTimeout, target, timeout), true
		}
		return Result{}, fmt.Errorf("%w: reading %s: %w", ErrUpstream, target, err), true
	}
	switch {
	case resp.StatusCode == http.StatusNotFound:
		return Result{Status: resp.StatusCode}, fmt.Errorf("%w: %s %s", ErrNotFound, method, target), false
	case resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode >= 500:
		return Result{Status: resp.StatusCode}, fmt.Errorf("%w: %s %s: status %d", ErrUpstream, method, target, resp.StatusCode), true
	case resp.StatusCode >= 400:
		return Result{Status: resp.StatusCode}, fmt.Errorf("%w: %s %s: status %d", ErrRejected, method, target, resp.StatusCode), false
	case resp.StatusCode < 200 || resp.StatusCode >= 300:
		return Result{Status: resp.StatusCode}, fmt.Errorf("%w: %s %s: status %d", ErrUpstream, method, target, resp.StatusCode), false
	}
	if len(data) > DefaultMaxBodySize {
		return Result{Status: resp.StatusCode}, fmt.Errorf("%w: body over %d bytes", ErrBadResponse, DefaultMaxBodySize), false
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var obj map[string]any
	if err := dec.Decode(&obj); err != nil || obj == nil {
		return Result{Status: resp.StatusCode}, fmt.Errorf("%w: %s %s: not a JSON object: %v", ErrBadResponse, method, target, err), false
	}
	fields := map[string]string{}
	Flatten(obj, "", fields)
	return Result{Status: resp.StatusCode, Fields: fields}, nil, false
}

// buildURL fills the template; each value is escaped for its place (path segment or query).
func (r *Runner) buildURL(t kb.Template, vars map[string]string) (string, error) {
	var sb strings.Builder
	inQuery := false
	for _, p := range t.Parts() {
		if p.Var == "" {
			sb.WriteString(p.Text)
			if strings.Contains(p.Text, "?") {
				inQuery = true
			}
			continue
		}
		v, ok := vars[p.Var]
		if !ok {
			return "", fmt.Errorf("%w: no value for {{%s}} in %s", ErrBadRequest, p.Var, t.String())
		}
		if inQuery {
			sb.WriteString(url.QueryEscape(v))
		} else {
			sb.WriteString(url.PathEscape(v))
		}
	}
	s := sb.String()
	if strings.HasPrefix(s, "/") {
		if r.base == "" {
			return "", fmt.Errorf("%w: %s is a path but the runner has no base URL", ErrBadRequest, s)
		}
		s = r.base + s
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return "", fmt.Errorf("%w: bad URL %q", ErrBadRequest, s)
	}
	return s, nil
}

// Flatten writes a decoded JSON value into out under dotted paths: objects by key, arrays by index, plus
// arrays of scalars joined under the array's own path. Numbers keep their JSON text; null is "".
func Flatten(v any, prefix string, out map[string]string) {
	join := func(k string) string {
		if prefix == "" {
			return k
		}
		return prefix + "." + k
	}
	switch x := v.(type) {
	case map[string]any:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			Flatten(x[k], join(k), out)
		}
	case []any:
		var scalars []string
		allScalar := true
		for i, e := range x {
			Flatten(e, join(strconv.Itoa(i)), out)
			switch e.(type) {
			case map[string]any, []any:
				allScalar = false
			default:
				scalars = append(scalars, out[join(strconv.Itoa(i))])
			}
		}
		out[join("#")] = strconv.Itoa(len(x))
		if allScalar && prefix != "" {
			out[prefix] = strings.Join(scalars, ", ")
		}
	case string:
		out[prefix] = x
	case json.Number:
		out[prefix] = x.String()
	case bool:
		out[prefix] = strconv.FormatBool(x)
	case nil:
		out[prefix] = ""
	default:
		out[prefix] = fmt.Sprint(x)
	}
}

func mapFields(spec map[string]string, fields map[string]string) map[string]string {
	out := make(map[string]string, len(spec))
	for name, path := range spec {
		if v, ok := fields[path]; ok {
			out[name] = v
		}
	}
	return out
}
