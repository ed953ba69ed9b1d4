package main

import (
	"context"
	"net"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/voicegate/voicegate/audio"
	"github.com/voicegate/voicegate/config"
	"github.com/voicegate/voicegate/store"
	"github.com/voicegate/voicegate/telephony"
	"github.com/voicegate/voicegate/telephony/ari"
)

// freeAddr returns a loopback address nobody listens on right now.
func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return addr
}

// startSimulate runs `voicegate simulate asterisk args…` in this process and waits until it listens.
func startSimulate(t *testing.T, ctx context.Context, args ...string) (*syncBuffer, <-chan error) {
	t.Helper()
	stdout, stderr := &syncBuffer{}, &syncBuffer{}
	done := make(chan error, 1)
	go func() { done <- cmdSimulate(ctx, append([]string{"asterisk"}, args...), stdout, stderr) }()
	deadline := time.Now().Add(10 * time.Second)
	for !strings.Contains(stdout.String(), "Waiting for application") {
		select {
		case err := <-done:
			t.Fatalf("simulate returned early: %v\n%s%s", err, stdout, stderr)
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("simulate did not start:\n%s%s", stdout, stderr)
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("simulate output:\n%s\nstderr:\n%s", stdout, stderr)
		}
	})
	return stdout, done
}

// envValue pulls `export NAME=value` out of the simulator's instructions.
func envValue(t *testing.T, out, name string) string {
	t.Helper()
	m := regexp.MustCompile(`export ` + name + `=(\S+)`).FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("simulate did not print %s:\n%s", name, out)
	}
	return m[1]
}

// TestSimulateAsteriskWithServe is what a developer without an Asterisk does: start the simulator, point
// `voicegate serve` at it with the printed environment, and place a call from a WAV file.
func TestSimulateAsteriskWithServe(t *testing.T) {
	t.Parallel()
	needTool(t, "flite", "apt-get install flite")
	addr := freeAddr(t)
	dir := t.TempDir()
	out := filepath.Join(dir, "heard.wav")
	ctx, cancel := context.WithTimeout(context.Background(), 120*time.Second)
	defer cancel()
	stdout, done := startSimulate(t, ctx, "--addr", addr, "--user", "vg", "--password", "pw", "--app", "vgtest",
		"--call", voice(t, "flite:kal16", "where is my order"), "--record", out, "--wait", "100s", "--timeout", "60s")
	printed := stdout.String()
	srv := startServe(t, func(c *config.Config) {
		c.ARI.URL = envValue(t, printed, "VOICEGATE_ARI_URL")
		c.ARI.EventsURL = envValue(t, printed, "VOICEGATE_ARI_EVENTS_URL")
		c.ARI.Username = envValue(t, printed, "VOICEGATE_ARI_USERNAME")
		c.ARI.Password = envValue(t, printed, "VOICEGATE_ARI_PASSWORD")
		c.ARI.App = envValue(t, printed, "VOICEGATE_ARI_APP")
	})
	var err error
	select {
	case err = <-done:
	case <-ctx.Done():
		t.Fatal("simulate did not finish its call")
	}
	summary := stdout.String()
	t.Logf("simulate output:\n%s", summary)
	if err != nil {
		t.Fatalf("simulate: %v", err)
	}
	for _, want := range []string{"Application \"vgtest\" connected", "call 1/1 ", "caller hung up",
		"ARI contract violations: 0", "recorded to " + out} {
		if !strings.Contains(summary, want) {
			t.Errorf("summary lacks %q", want)
		}
	}
	if m := regexp.MustCompile(` (\d+) lost, (\d+) out of order, (\d+) bad timestamps, (\d+) wrong source, (\d+) bad payload`).
		FindStringSubmatch(summary); m == nil || m[2] != "0" || m[3] != "0" || m[4] != "0" || m[5] != "0" {
		t.Errorf("RTP from the app not clean: %v", m)
	}
	pcm, rate, err := audio.ReadWAVFile(out)
	if err != nil {
		t.Fatal(err)
	}
	voiced := 0
	for i := 0; i+160 <= len(pcm); i += 160 {
		if rms(pcm[i:i+160]) > 300 {
			voiced++
		}
	}
	if rate != 8000 || voiced < 100 { // at least 2 s of speech: the greeting and an answer
		t.Errorf("recorded reply: %d Hz, %.1f s voiced of %.1f s", rate, float64(voiced)/50, float64(len(pcm))/float64(rate))
	}
	id := regexp.MustCompile(`call 1/1 (\S+):`).FindStringSubmatch(summary)
	if id == nil {
		t.Fatal("no call id in the summary")
	}
	rec := srv.waitCall(id[1], 10*time.Second, func(r *store.CallRecord) bool { return r.EndedAt != nil })
	if rec.Channel != "ari" || len(rec.Turns) == 0 {
		t.Errorf("call record %+v", rec)
	}
}

// TestSimulateAsteriskServesUntilInterrupted: without --call the simulator just serves the app.
func TestSimulateAsteriskServesUntilInterrupted(t *testing.T) {
	addr := freeAddr(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	stdout, done := startSimulate(t, ctx, "--addr", addr)
	printed := stdout.String()
	app, err := ari.New(ari.Config{URL: envValue(t, printed, "VOICEGATE_ARI_URL"), Username: envValue(t, printed, "VOICEGATE_ARI_USERNAME"),
		Password: envValue(t, printed, "VOICEGATE_ARI_PASSWORD"), App: envValue(t, printed, "VOICEGATE_ARI_APP"), RTPHost: "127.0.0.1",
		Handoff: ari.HandoffConfig{Context: "voicegate-queue"}},
		ari.WithHandler(func(ctx context.Context, leg telephony.Leg) { <-leg.Done() }))
	if err != nil {
		t.Fatal(err)
	}
	actx, stopApp := context.WithCancel(context.Background())
	appDone := make(chan error, 1)
	go func() { appDone <- app.Run(actx) }()
	deadline := time.Now().Add(10 * time.Second)
	for !strings.Contains(stdout.String(), "serving until interrupted") {
		if time.Now().After(deadline) {
			t.Fatalf("simulate never saw the app:\n%s", stdout)
		}
		time.Sleep(20 * time.Millisecond)
	}
	stopApp()
	if err := <-appDone; err != nil {
		t.Errorf("app: %v", err)
	}
	cancel()
	if err := <-done; err != nil {
		t.Errorf("simulate: %v", err)
	}
	if !strings.Contains(stdout.String(), "ARI contract violations: 0") {
		t.Errorf("no verdict:\n%s", stdout)
	}
}

func TestSimulateUsage(t *testing.T) {
	tests := []struct {
		name string
		args []string
		code int
	}{
		{"no simulator", []string{"simulate"}, 2},
		{"unknown simulator", []string{"simulate", "freeswitch"}, 2},
		{"bad calls", []string{"simulate", "asterisk", "--calls", "0"}, 2},
		{"bad key", []string{"simulate", "asterisk", "--call", "x.wav", "--dtmf", "1X"}, 2},
		{"dtmf without call", []string{"simulate", "asterisk", "--dtmf", "1"}, 2},
		{"missing wav", []string{"simulate", "asterisk", "--call", "/nonexistent.wav"}, 1},
		{"bad address", []string{"simulate", "asterisk", "--addr", "256.0.0.1:99999", "--wait", "1s"}, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr syncBuffer
			if code := run(tt.args, nil, &stdout, &stderr); code != tt.code {
				t.Errorf("exit %d, want %d\n%s%s", code, tt.code, stdout.String(), stderr.String())
			}
		})
	}
}
