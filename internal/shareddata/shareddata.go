// Package shareddata finds the project's shared/ folder (public datasets, Asterisk API docs) that sits beside
// the repository checkout, for tests and benchmarks.
package shareddata

import (
	"os"
	"path/filepath"
	"testing"
)

// Root returns the shared/ folder beside the repository root, or "" if there is none.
func Root() string {
	if d := os.Getenv("VOICEGATE_SHARED"); d != "" {
		return d
	}
	dir, err := os.Getwd()
	if err != nil {
		return ""
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			s := filepath.Join(dir, "..", "shared")
			if _, err := os.Stat(s); err == nil {
				return s
			}
			return ""
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
}

// Path joins elem under shared/. Without a shared/ folder the test fails in CI (CI=true) and is skipped
// elsewhere, so a missing checkout never passes silently in CI.
func Path(tb testing.TB, elem ...string) string {
	tb.Helper()
	r := Root()
	if r == "" {
		if os.Getenv("CI") != "" {
			tb.Fatalf("shared/ folder not found beside the repository")
		}
		tb.Skip("shared/ folder not found beside the repository")
	}
	return filepath.Join(append([]string{r}, elem...)...)
}
