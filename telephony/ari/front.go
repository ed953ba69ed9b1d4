package ari

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"net/http/httputil"
	"net/url"
	"time"
)

// restFront is an in-process reverse proxy between the ari v5 client and Asterisk. The library's HTTP
// client has no timeout (its RequestTimeout is never used) and cannot be replaced, so every REST request
// goes through here, where it gets a deadline and a JSON error body the library can decode.
type restFront struct {
	srv     *http.Server
	ln      net.Listener
	timeout time.Duration
	done    chan struct{}
}

func newRESTFront(upstream string, timeout time.Duration, log *slog.Logger, m *metrics) (*restFront, error) {
	target, err := url.Parse(upstream)
	if err != nil {
		return nil, err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	transport := &http.Transport{
		DialContext:           (&net.Dialer{Timeout: timeout}).DialContext,
		ResponseHeaderTimeout: timeout,
		MaxIdleConnsPerHost:   64,
		IdleConnTimeout:       90 * time.Second,
	}
	rp := &httputil.ReverseProxy{
		Rewrite: func(r *httputil.ProxyRequest) {
			r.SetURL(target)
			r.Out.URL.Path = target.Path + r.In.URL.Path[len("/ari"):]
			r.Out.URL.RawPath = ""
		},
		Transport: transport,
		ErrorHandler: func(w http.ResponseWriter, r *http.Request, err error) {
			kind := "unreachable"
			status := http.StatusBadGateway
			if errors.Is(err, context.DeadlineExceeded) {
				kind, status = "timeout", http.StatusGatewayTimeout
			}
			m.restErrors.WithLabelValues(kind).Inc()
			log.Warn("ARI request failed", "method", r.Method, "path", r.URL.Path, "error", err)
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(status)
			_ = json.NewEncoder(w).Encode(map[string]string{"message": err.Error()})
		},
	}
	f := &restFront{ln: ln, timeout: timeout, done: make(chan struct{})}
	f.srv = &http.Server{
		Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			ctx, cancel := context.WithTimeout(r.Context(), timeout)
			defer cancel()
			rp.ServeHTTP(w, r.WithContext(ctx))
		}),
		ReadHeaderTimeout: timeout,
	}
	go func() {
		defer close(f.done)
		_ = f.srv.Serve(ln)
	}()
	return f, nil
}

func (f *restFront) url() string { return "http://" + f.ln.Addr().String() + "/ari" }

func (f *restFront) close() {
	_ = f.srv.Close()
	<-f.done
}
