package aritest

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/voicegate/voicegate/telephony"
	"github.com/voicegate/voicegate/telephony/ari"
)

// PairOptions configure StartPair.
type PairOptions struct {
	App        string            // Stasis app name (default "voicegate")
	Handler    telephony.Handler // required
	Handoff    ari.HandoffConfig // default: dialplan to agent-handoff,s,1
	Agents     ari.AgentConnector
	AppOptions []ari.Option
	SimOptions []Option
	// Configure may adjust the app config before it starts.
	Configure func(*ari.Config)
}

// Pair is a simulator and an ARI app connected to it, for end-to-end tests of a handler.
type Pair struct {
	Sim    *Server
	App    *ari.App
	Config ari.Config
	cancel context.CancelFunc
	done   chan error
}

// StartPair starts a simulator and an app that serves po.Handler, waits until the app's events websocket
// is up, and stops both when the test ends (failing it on any ARI contract violation).
func StartPair(t testing.TB, po PairOptions) *Pair {
	t.Helper()
	sim, err := NewServer(po.SimOptions...)
	if err != nil {
		t.Fatal(err)
	}
	if po.App == "" {
		po.App = "voicegate"
	}
	if po.Handoff.Mode == "" && po.Handoff.Context == "" {
		po.Handoff = ari.HandoffConfig{Mode: ari.HandoffDialplan, Context: "agent-handoff", Extension: "s", Priority: 1}
	}
	user, pass := sim.Credentials()
	cfg := ari.Config{URL: sim.URL(), EventsURL: sim.EventsURL(), Username: user, Password: pass, App: po.App,
		RTPHost: "127.0.0.1", Handoff: po.Handoff, RequestTimeout: 5 * time.Second, ConnectTimeout: 2 * time.Second}
	if po.Configure != nil {
		po.Configure(&cfg)
	}
	opts := append([]ari.Option{ari.WithHandler(po.Handler)}, po.AppOptions...)
	if po.Agents != nil {
		opts = append(opts, ari.WithAgentConnector(po.Agents))
	}
	app, err := ari.New(cfg, opts...)
	if err != nil {
		sim.Close()
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	p := &Pair{Sim: sim, App: app, Config: cfg, cancel: cancel, done: make(chan error, 1)}
	go func() { p.done <- app.Run(ctx) }()
	select {
	case <-app.Ready():
	case err := <-p.done:
		cancel()
		sim.Close()
		t.Fatalf("ARI app stopped before it was ready: %v", err)
	case <-time.After(10 * time.Second):
		cancel()
		sim.Close()
		t.Fatal("ARI app did not connect within 10s")
	}
	// The app's handshake can complete before the simulator registered the application.
	wctx, wcancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer wcancel()
	if err := sim.WaitAppConnected(wctx, cfg.App); err != nil {
		cancel()
		sim.Close()
		t.Fatalf("simulator never saw the app connect: %v", err)
	}
	t.Cleanup(func() {
		if err := p.Stop(); err != nil && !errors.Is(err, ari.ErrApplicationReplaced) {
			t.Errorf("ARI app: %v", err)
		}
		for _, v := range sim.Violations() {
			t.Errorf("ARI contract violation: %s", v)
		}
	})
	return p
}

// Stop stops the app (hanging up its calls) and the simulator; it returns what Run returned.
func (p *Pair) Stop() error {
	if p.cancel == nil {
		return nil
	}
	p.cancel()
	p.cancel = nil
	err := <-p.done
	p.Sim.Close()
	return err
}

// Call injects a caller into the pair's app and waits until its media is bridged.
func (p *Pair) Call(ctx context.Context, opts CallOptions) (*Call, error) {
	if opts.App == "" {
		opts.App = p.Config.App
	}
	c, err := p.Sim.NewCall(opts)
	if err != nil {
		return nil, err
	}
	if err := c.WaitBridged(ctx); err != nil {
		return c, err
	}
	return c, nil
}
