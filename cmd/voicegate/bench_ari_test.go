package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

func TestWriteConfigWith(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(dir, "in.yaml")
	if err := os.WriteFile(src, []byte("# top comment\nhttp:\n  addr: \":8080\"   # the port\nasr:\n  provider: sphinx\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	dst := filepath.Join(dir, "out.yaml")
	edits := map[string]string{"http.addr": "127.0.0.1:9", "asr.provider": "none", "ari.url": "http://x/ari", "kb.watch": "false"}
	if err := writeConfigWith(src, dst, edits); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(dst)
	for _, want := range []string{"# top comment", "# the port", "addr: 127.0.0.1:9", "provider: none", "url: http://x/ari", "watch: false"} {
		if !strings.Contains(string(b), want) {
			t.Errorf("output lacks %q:\n%s", want, b)
		}
	}
	c, err := loadConfig(dst, true)
	if err != nil {
		t.Fatalf("edited config does not load: %v", err)
	}
	if c.HTTP.Addr != "127.0.0.1:9" || c.ASR.Provider != "none" || c.ARI.URL != "http://x/ari" || c.KB.Watch {
		t.Errorf("loaded %+v %+v %+v %+v", c.HTTP, c.ASR.Provider, c.ARI.URL, c.KB.Watch)
	}
	if err := writeConfigWith(filepath.Join(dir, "missing.yaml"), dst, edits); err == nil {
		t.Error("a missing source file gave no error")
	}
	if err := os.WriteFile(src, []byte("a: [unclosed"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := writeConfigWith(src, dst, edits); err == nil {
		t.Error("malformed YAML gave no error")
	}
}

func TestScrapeCounters(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		fmt.Fprint(w, `# HELP voicegate_ari_rtp_dropped_total x
# TYPE voicegate_ari_rtp_dropped_total counter
voicegate_ari_rtp_dropped_total{reason="bad packet"} 2
voicegate_ari_rtp_dropped_total{reason="wrong_source"} 3
voicegate_ari_media_clock_lateness_seconds_bucket{le="0.005"} 90
voicegate_ari_media_clock_lateness_seconds_bucket{le="+Inf"} 100
voicegate_ari_media_clock_lateness_seconds_count 100
voicegate_tts_cache_hits_total 7
garbage line
`)
	}))
	defer srv.Close()
	got, err := scrapeCounters(strings.TrimPrefix(srv.URL, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]float64{
		"voicegate_ari_rtp_dropped_total": 5,
		clockMetric + "_bucket_le_0.005":  90,
		clockMetric + "_bucket_le_+Inf":   100,
		clockMetric + "_count":            100,
		"voicegate_tts_cache_hits_total":  7,
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s = %v, want %v", k, got[k], v)
		}
	}
	if _, err := scrapeCounters("127.0.0.1:1"); err == nil {
		t.Error("no error from a closed port")
	}
}

func TestProcCPU(t *testing.T) {
	if _, err := os.Stat("/proc/self/stat"); err != nil {
		t.Skip("no /proc here")
	}
	d, err := procCPU(os.Getpid())
	if err != nil || d < 0 {
		t.Fatalf("procCPU(self) = %v, %v", d, err)
	}
	if _, err := procCPU(-1); err == nil {
		t.Error("no error for a process that does not exist")
	}
}

func TestBenchARIFlags(t *testing.T) {
	for _, args := range [][]string{
		{"--calls", "0"}, {"--calls", "x"}, {"--asr", "google"}, {"--duration", "10ms"}, {"--app-cpus", "0"},
	} {
		var out, errb bytes.Buffer
		err := cmdBenchARI(context.Background(), args, &out, &errb)
		if _, ok := err.(usageError); !ok {
			t.Errorf("%v: err = %v, want a usage error", args, err)
		}
	}
}

// TestBenchARI runs the phone-capacity benchmark end to end at a small load: the gateway as its own
// process (this test binary acting as voicegate), the simulator here, RTP both ways over loopback.
// Timing is the benchmark's business, not this test's: it checks that every part reports.
func TestBenchARI(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a gateway process")
	}
	t.Setenv(actAsVoicegate, "1")
	var out, errb bytes.Buffer
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	err := cmdBenchARI(ctx, []string{"--config", "../../configs/voicegate.yaml", "--calls", "12", "--duration", "2s", "--json"}, &out, &errb)
	if err != nil {
		t.Fatalf("bench ari: %v\n%s", err, errb.String())
	}
	var rep ariBenchReport
	if err := json.Unmarshal(out.Bytes(), &rep); err != nil {
		t.Fatalf("report is not JSON: %v\n%s", err, out.String())
	}
	if len(rep.Rows) != 1 {
		t.Fatalf("rows = %+v", rep.Rows)
	}
	r := rep.Rows[0]
	t.Logf("%+v", r)
	if r.Calls != 12 || r.Packets == 0 || r.ClockSlots == 0 || r.AppCPUPercent <= 0 || r.P99LateMS < r.P50LateMS {
		t.Errorf("implausible row: %+v", r)
	}
	// Every caller hears the greeting and answers to its keys: the bot talks at least a quarter of the 2 s
	// (50 packets/s) even on a loaded machine.
	if r.Packets < 12*25 {
		t.Errorf("only %d bot packets for 12 calls in 2 s", r.Packets)
	}
}

// The benchmark pins its own threads off the gateway's cores while it runs and must give them back.
func TestPinSelfRestores(t *testing.T) {
	if runtime.NumCPU() < 2 {
		t.Skip("one core")
	}
	var was unix.CPUSet
	if err := unix.SchedGetaffinity(0, &was); err != nil {
		t.Skip(err)
	}
	if err := pinSelf(1, runtime.NumCPU()); err != nil {
		t.Fatal(err)
	}
	var now unix.CPUSet
	_ = unix.SchedGetaffinity(0, &now)
	if now.IsSet(0) {
		t.Error("still allowed on core 0 after pinSelf(1)")
	}
	if err := setAffinity(&was); err != nil {
		t.Fatal(err)
	}
	_ = unix.SchedGetaffinity(0, &now)
	if now != was {
		t.Errorf("affinity not restored: %v, want %v", now, was)
	}
}
