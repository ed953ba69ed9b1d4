// Package web holds voicegate's static pages (caller page at /, agent console and supervisor dashboard
// added later), embedded in the binary so a deployment is one file.
package web

import (
	"embed"
	"io/fs"
	"net/http"
)

// static is read-only data compiled into the binary, not mutable state.
//
//go:embed static
var static embed.FS

// FS returns the pages rooted at static/ (index.html is the caller page).
func FS() fs.FS {
	sub, err := fs.Sub(static, "static")
	if err != nil {
		// Unreachable: "static" is a valid path. Fall back to the unrooted tree rather than panic.
		return static
	}
	return sub
}

// Handler serves the pages; mount it at "/".
func Handler() http.Handler {
	files := http.FileServerFS(FS())
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "no-referrer")
		// The pages change with the binary; make browsers revalidate instead of keeping a stale script.
		h.Set("Cache-Control", "no-cache")
		files.ServeHTTP(w, r)
	})
}
