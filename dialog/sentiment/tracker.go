package sentiment

import (
	"strings"
	"unicode"
)

// Tracker follows one call's sentiment. It is not safe for concurrent use (one per call, like the
// conversation that owns it).
type Tracker struct {
	a          *Analyzer
	trajectory []float64
	recent     []map[string]struct{} // word/bigram sets of the last few caller turns
}

// NewTracker starts a call's trajectory.
func (a *Analyzer) NewTracker() *Tracker { return &Tracker{a: a} }

// recentTurns is how many earlier caller turns a repetition is looked for in.
const recentTurns = 3

// Observe scores a caller turn. The tracker fills PrevSentiment from its own history and detects a
// repeated request itself (a turn mostly made of the words of one of the last three), on top of what
// ctx says.
func (t *Tracker) Observe(text string, ctx Context) Reading {
	set := shingles(text)
	if !ctx.Repeated {
		for _, prev := range t.recent {
			if similar(set, prev) {
				ctx.Repeated = true
				break
			}
		}
	}
	prev, hasPrev := 0.0, len(t.trajectory) > 0
	if hasPrev {
		prev = t.trajectory[len(t.trajectory)-1]
		if !ctx.HasPrev {
			ctx.PrevSentiment, ctx.HasPrev = prev, true
		}
	}
	r := t.a.Score(text, ctx)
	if hasPrev && prev-r.Score >= t.a.dropThr {
		r.Drop = true
	}
	t.trajectory = append(t.trajectory, r.Score)
	if len(set) > 0 {
		t.recent = append(t.recent, set)
		if len(t.recent) > recentTurns {
			t.recent = t.recent[1:]
		}
	}
	return r
}

// Trajectory returns the scores observed so far, oldest first.
func (t *Tracker) Trajectory() []float64 {
	out := make([]float64, len(t.trajectory))
	copy(out, t.trajectory)
	return out
}

// Last returns the latest score (0 before any turn).
func (t *Tracker) Last() float64 {
	if len(t.trajectory) == 0 {
		return 0
	}
	return t.trajectory[len(t.trajectory)-1]
}

// shingles are lower-cased words for Latin text and character bigrams for Chinese.
func shingles(text string) map[string]struct{} {
	set := map[string]struct{}{}
	var han []rune
	for _, f := range strings.FieldsFunc(strings.ToLower(text), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	}) {
		han = han[:0]
		latin := strings.Builder{}
		for _, r := range f {
			if unicode.Is(unicode.Han, r) {
				han = append(han, r)
			} else {
				latin.WriteRune(r)
			}
		}
		if w := latin.String(); len(w) > 2 && !stopword(w) {
			set[w] = struct{}{}
		}
		for i := 0; i+1 < len(han); i++ {
			set[string(han[i:i+2])] = struct{}{}
		}
	}
	return set
}

func stopword(w string) bool {
	switch w {
	case "the", "and", "you", "your", "for", "can", "please", "what", "how", "want", "need", "this", "that",
		"with", "are", "was", "have", "not", "just":
		return true
	}
	return false
}

// similar: at least two shared items covering 60 % of the smaller set.
func similar(a, b map[string]struct{}) bool {
	if len(a) == 0 || len(b) == 0 {
		return false
	}
	small, big := a, b
	if len(b) < len(a) {
		small, big = b, a
	}
	shared := 0
	for k := range small {
		if _, ok := big[k]; ok {
			shared++
		}
	}
	return shared >= 2 && float64(shared) >= 0.6*float64(len(small))
}
