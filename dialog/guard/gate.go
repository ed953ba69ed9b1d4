package guard

import (
	"regexp"
	"strings"
)

// gate runs a regular expression only when one of its literal keywords occurs in the text. Go's regexp
// engine has no literal prefilter for large alternations, and most sentences contain none of a rule's
// words, so this keeps a Check in the tens of microseconds.
type gate struct {
	re   *regexp.Regexp
	keys []string
}

func gated(re *regexp.Regexp, keys ...string) *gate { return &gate{re: re, keys: keys} }

func (g *gate) may(s string) bool {
	if len(g.keys) == 0 {
		return true
	}
	for _, k := range g.keys {
		if strings.Contains(s, k) {
			return true
		}
	}
	return false
}

func (g *gate) MatchString(s string) bool { return g.may(s) && g.re.MatchString(s) }

func (g *gate) FindString(s string) string {
	if !g.may(s) {
		return ""
	}
	return g.re.FindString(s)
}

func (g *gate) FindStringIndex(s string) []int {
	if !g.may(s) {
		return nil
	}
	return g.re.FindStringIndex(s)
}

func (g *gate) FindAllStringIndex(s string, n int) [][]int {
	if !g.may(s) {
		return nil
	}
	return g.re.FindAllStringIndex(s, n)
}

func (g *gate) FindAllStringSubmatch(s string, n int) [][]string {
	if !g.may(s) {
		return nil
	}
	return g.re.FindAllStringSubmatch(s, n)
}
