package tts

import (
	"context"
	"fmt"
	"sort"
	"strings"
)

// ByLang routes each request to the synthesizer for its language ("zh-CN" uses "zh"); requests in other
// languages go to the fallback language's synthesizer.
type ByLang struct {
	Synths   map[string]Synthesizer
	Fallback string
}

// Synthesize implements Synthesizer.
func (b ByLang) Synthesize(ctx context.Context, req Request, emit func([]int16) error) error {
	lang := strings.ToLower(req.Lang)
	if i := strings.IndexAny(lang, "-_"); i > 0 {
		lang = lang[:i]
	}
	s, ok := b.Synths[lang]
	if !ok {
		s, ok = b.Synths[b.Fallback]
	}
	if !ok {
		return fmt.Errorf("%w: no synthesizer for language %q", ErrUnavailable, req.Lang)
	}
	return s.Synthesize(ctx, req, emit)
}

// Name implements Synthesizer.
func (b ByLang) Name() string {
	parts := make([]string, 0, len(b.Synths))
	for l, s := range b.Synths {
		parts = append(parts, l+"="+s.Name())
	}
	sort.Strings(parts) // a stable name: the prompt cache keys on it
	return "bylang(" + strings.Join(parts, ",") + ")"
}
