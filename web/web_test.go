package web

import (
	"io"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestCallerPage(t *testing.T) {
	page, err := fs.ReadFile(FS(), "index.html")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`id="call"`, `id="hangup"`, `id="transcript"`, `aria-live="polite"`,
		`id="keypad"`, `id="level"`, `role="alert"`, `caller.js`} {
		if !strings.Contains(string(page), want) {
			t.Errorf("index.html lacks %s", want)
		}
	}
	hs := httptest.NewServer(Handler())
	defer hs.Close()
	tests := []struct {
		path, ctype string
		code        int
	}{
		{"/", "text/html", 200},
		{"/caller.js", "javascript", 200},
		{"/caller.css", "text/css", 200},
		{"/missing.html", "", 404},
	}
	for _, tc := range tests {
		resp, err := http.Get(hs.URL + tc.path)
		if err != nil {
			t.Fatal(err)
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != tc.code || !strings.Contains(resp.Header.Get("Content-Type"), tc.ctype) {
			t.Errorf("%s: %d %q", tc.path, resp.StatusCode, resp.Header.Get("Content-Type"))
		}
		if resp.Header.Get("X-Content-Type-Options") != "nosniff" {
			t.Errorf("%s: no nosniff header", tc.path)
		}
	}
}
