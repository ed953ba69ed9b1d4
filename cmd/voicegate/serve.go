package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"sync/atomic"
	"time"

	pwebrtc "github.com/pion/webrtc/v4"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/voicegate/voicegate/asr"
	"github.com/voicegate/voicegate/config"
	"github.com/voicegate/voicegate/dialog/demo"
	"github.com/voicegate/voicegate/dialog/kb"
	"github.com/voicegate/voicegate/gateway"
	"github.com/voicegate/voicegate/store"
	"github.com/voicegate/voicegate/telephony/webrtc"
	"github.com/voicegate/voicegate/web"
)

func cmdServe(ctx context.Context, args []string, stderr io.Writer) error {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	cfgPath := fs.String("config", "configs/voicegate.yaml", "configuration file")
	if err := fs.Parse(args); err != nil {
		return err
	}
	explicit := false
	fs.Visit(func(f *flag.Flag) { explicit = explicit || f.Name == "config" })
	c, err := loadConfig(*cfgPath, explicit)
	if err != nil {
		return err
	}
	log := newLogger(stderr, c.Log.Level, c.Log.Format)
	return serve(ctx, c, *cfgPath, log, nil)
}

// serve runs the gateway until ctx ends, then drains. ready, when set, receives the listen address. extra
// WebRTC options go after the configured ones (tests pass webrtc.WithLoopbackOnly to stay on this host).
func serve(ctx context.Context, c config.Config, cfgPath string, log *slog.Logger, ready chan<- string,
	extra ...webrtc.Option) error {
	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))

	st, err := store.OpenSQLite(ctx, c.Database)
	if err != nil {
		return err
	}
	defer st.Close()

	watcher, err := kb.NewWatcher(resolve(cfgPath, c.KB.Dir), kb.WithLogger(log))
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", c.HTTP.Addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", c.HTTP.Addr, err)
	}
	defer ln.Close()
	_, port, _ := net.SplitHostPort(ln.Addr().String())
	self := "http://127.0.0.1:" + port

	mux := http.NewServeMux()
	if c.Demo.Enabled {
		b, err := demo.Open(ctx, c.Demo.Database)
		if err != nil {
			return err
		}
		defer b.Close()
		mux.Handle("/api/demo/", b.Handler())
	}
	eng, err := buildEngine(c, watcher.Current(), self, log, reg)
	if err != nil {
		return err
	}
	rec, err := buildRecognizer(ctx, c, watcher.Current().Phrases("en"), log)
	if err != nil {
		return err
	}
	if cl, ok := rec.(io.Closer); ok {
		defer cl.Close()
	}
	syn, err := buildSynthesizer(c, log, reg)
	if err != nil {
		return err
	}
	gw, err := gateway.New(rec, syn, eng, gateway.WithConfig(c.Call), gateway.WithLogger(log),
		gateway.WithStore(st), gateway.WithRegisterer(reg))
	if err != nil {
		return err
	}
	// The knowledge base drives both the classifier and the recognizer's language model.
	cancelSub := watcher.Subscribe(func(set *kb.Set) {
		if err := eng.Reload(set); err != nil {
			log.Error("knowledge base reload rejected by the engine; keeping the old one", "err", err)
			return
		}
		if du, ok := rec.(asr.DomainUpdater); ok {
			if err := du.SetDomainPhrases(context.Background(), set.Phrases("en")); err != nil {
				log.Error("recognizer domain model rebuild failed", "err", err)
			}
		}
		log.Info("knowledge base reloaded", "languages", set.Languages())
	})
	defer cancelSub()
	wctx, stopWatch := context.WithCancel(context.Background())
	defer stopWatch()
	if c.KB.Watch {
		go func() {
			if err := watcher.Run(wctx); err != nil && !errors.Is(err, context.Canceled) {
				log.Error("knowledge base watcher stopped", "err", err)
			}
		}()
	}

	// Calls outlive the signal that starts the drain: they get their own context.
	callCtx, cancelCalls := context.WithCancel(context.Background())
	defer cancelCalls()
	handler := func(_ context.Context, leg telephonyLeg) { gw.Handler()(callCtx, leg) }
	wopts := append(webrtcOptions(c, log, reg), extra...)
	wrtc, err := webrtc.NewServer(handler, wopts...)
	if err != nil {
		return err
	}
	mux.Handle("/api/webrtc/", wrtc)
	mux.Handle("/api/calls", gateway.CallsAPI(st))
	mux.Handle("/api/calls/", gateway.CallsAPI(st))
	mux.Handle("GET /metrics", promhttp.HandlerFor(reg, promhttp.HandlerOpts{Registry: reg}))
	var draining atomic.Bool
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) {
		if draining.Load() {
			http.Error(w, "draining", http.StatusServiceUnavailable)
			return
		}
		fmt.Fprintln(w, "ok")
	})
	mux.Handle("/", web.Handler())

	stopARI, err := startARI(ctx, c, handler, log, reg)
	if err != nil {
		return err
	}

	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	log.Info("voicegate serving", "addr", ln.Addr().String(), "asr", rec.Name(), "tts", syn.Name(),
		"languages", watcher.Current().Languages(), "ari", c.ARI.URL != "")
	if ready != nil {
		ready <- ln.Addr().String()
	}
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	// Graceful drain: refuse new calls, let calls in progress finish, then stop.
	log.Info("draining", "timeout", c.HTTP.DrainTimeout)
	draining.Store(true)
	stopARI()
	dctx, cancel := context.WithTimeout(context.Background(), c.HTTP.DrainTimeout)
	defer cancel()
	if err := gw.Drain(dctx); err != nil {
		log.Warn("calls still in progress at the end of the drain; ending them", "err", err)
	}
	cancelCalls()
	// Ended calls still say goodbye to their leg and write their record: wait for that (bounded) before the
	// store closes under them. The drain context has run out by now, so this needs its own.
	ectx, cancel2 := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel2()
	if err := gw.Drain(ectx); err != nil {
		log.Error("calls did not end after being cancelled", "err", err)
	}
	_ = wrtc.Close(ectx)
	return srv.Shutdown(ectx)
}

func webrtcOptions(c config.Config, log *slog.Logger, reg prometheus.Registerer) []webrtc.Option {
	opts := []webrtc.Option{webrtc.WithLogger(log), webrtc.WithRegisterer(reg), webrtc.WithMaxCalls(c.WebRTC.MaxCalls)}
	var servers []pwebrtc.ICEServer
	if len(c.WebRTC.STUN) > 0 {
		servers = append(servers, pwebrtc.ICEServer{URLs: c.WebRTC.STUN})
	}
	for _, t := range c.WebRTC.TURN {
		servers = append(servers, pwebrtc.ICEServer{URLs: []string{t.URL}, Username: t.Username, Credential: t.Password})
	}
	if len(servers) > 0 {
		opts = append(opts, webrtc.WithICEServers(servers...))
	}
	if len(c.WebRTC.NAT1To1IPs) > 0 {
		opts = append(opts, webrtc.WithNAT1To1IPs(pwebrtc.ICECandidateTypeHost, c.WebRTC.NAT1To1IPs...))
	}
	if c.WebRTC.UDPPorts != "" {
		lo, hi, _ := config.ParsePortRange(c.WebRTC.UDPPorts)
		opts = append(opts, webrtc.WithUDPPortRange(uint16(lo), uint16(hi)))
	}
	if len(c.WebRTC.AllowedOrigins) > 0 {
		opts = append(opts, webrtc.WithAllowedOrigins(c.WebRTC.AllowedOrigins...))
	}
	return opts
}
