package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"go.yaml.in/yaml/v3"
	"golang.org/x/sys/unix"

	"github.com/voicegate/voicegate/audio"
	"github.com/voicegate/voicegate/config"
	"github.com/voicegate/voicegate/telephony/ari/aritest"
)

// ariBenchOptions is what `voicegate bench ari` was asked to measure.
type ariBenchOptions struct {
	cfgPath string
	calls   []int
	asr     string // none: media + dialog driven by DTMF; sphinx: callers speak and are recognised
	seconds time.Duration
	appCPUs int
	json    bool
	binary  string // the voicegate binary to run as the app (default: this one)
	profile string // CPU profile of the gateway process
	logPath string // where the gateway's own output goes (default: a temporary file, shown on failure)
}

// ariBenchRow is one load level.
type ariBenchRow struct {
	Calls          int     `json:"calls"`
	CallsPerCore   float64 `json:"calls_per_core"`
	P50LateMS      float64 `json:"p50_late_ms"`
	P99LateMS      float64 `json:"p99_late_ms"`
	MaxLateMS      float64 `json:"max_late_ms"`
	Packets        int     `json:"bot_packets"`
	LostFrames     int     `json:"lost_frames"`      // sequence gaps, disorder and bad timestamps in what the app sent
	DroppedIn      float64 `json:"dropped_in"`       // caller packets the app dropped
	ConcealedIn    float64 `json:"concealed_frames"` // caller frames the app's jitter buffer had to invent
	AppCPUPercent  float64 `json:"app_cpu_percent"`  // of the app's cores
	CPUPerCallTick float64 `json:"app_cpu_us_per_call_per_20ms"`
	// The gateway's own view of its 20 ms clock: 1 ms slots run, and how many started 5 ms or more late.
	ClockSlots     float64 `json:"clock_slots"`
	ClockSlotsLate float64 `json:"clock_slots_late_5ms"`
	TTSCacheHits   float64 `json:"tts_cache_hits"`
	TTSCacheMisses float64 `json:"tts_cache_misses"`
	Pass           bool    `json:"pass"`
}

const clockMetric = "voicegate_ari_media_clock_lateness_seconds"

// ariBenchReport is the JSON of `voicegate bench ari --json`.
type ariBenchReport struct {
	ASR          string        `json:"asr"`
	AppCPUs      int           `json:"app_cpus"`
	Pinned       bool          `json:"pinned"`
	Seconds      float64       `json:"seconds"`
	Rows         []ariBenchRow `json:"rows"`
	CallsPerCore float64       `json:"calls_per_core"` // the highest level that passed, per app core
}

// Pass criterion of the phone-capacity benchmark: p99 RTP send lateness under 5 ms, nothing lost.
const ariBenchP99 = 5 * time.Millisecond

// cmdBenchARI measures how many simultaneous phone calls one core carries: the gateway runs as its own
// process (`voicegate serve` against the ARI simulator), pinned to --app-cpus cores with GOMAXPROCS to
// match, while this process plays Asterisk on the other cores: it places the calls, streams the callers'
// RTP, and times every packet the gateway sends against the schedule its RTP timestamps state (kernel
// receive timestamps, so a busy simulator does not bias the figure). Sharing the gateway's cores with the
// load generator would count the generator's work against the gateway.
func cmdBenchARI(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("bench ari", flag.ContinueOnError)
	fs.SetOutput(stderr)
	o := ariBenchOptions{}
	fs.StringVar(&o.cfgPath, "config", "configs/voicegate.yaml", "configuration file the gateway runs with")
	callList := fs.String("calls", "250,500,750", "comma-separated numbers of simultaneous calls, one load level each")
	fs.StringVar(&o.asr, "asr", "none", "none: keypad callers, media + dialog alone | sphinx: callers speak and are recognised")
	fs.DurationVar(&o.seconds, "duration", 10*time.Second, "measured time per load level")
	fs.IntVar(&o.appCPUs, "app-cpus", 1, "cores the gateway process gets (the rest run the simulator)")
	fs.BoolVar(&o.json, "json", false, "print the report as JSON")
	fs.StringVar(&o.profile, "cpuprofile", "", "write a CPU profile of the gateway process to this file")
	fs.StringVar(&o.logPath, "gateway-log", "", "keep the gateway process's log in this file")
	fs.StringVar(&o.binary, "binary", "", "voicegate binary to run as the gateway (default: this executable)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	for _, f := range strings.Split(*callList, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n < 1 || n > 5000 {
			return usageError{fmt.Sprintf("--calls: %q is not a number of calls between 1 and 5000", f)}
		}
		o.calls = append(o.calls, n)
	}
	switch {
	case o.asr != "none" && o.asr != "sphinx":
		return usageError{"--asr must be none or sphinx"}
	case o.seconds < time.Second:
		return usageError{"--duration must be at least 1s"}
	case o.appCPUs < 1 || o.appCPUs >= runtime.NumCPU() && runtime.NumCPU() > 1:
		return usageError{fmt.Sprintf("--app-cpus must be between 1 and %d (one core at least is left for the simulator)", max(1, runtime.NumCPU()-1))}
	}
	if o.binary == "" {
		exe, err := os.Executable()
		if err != nil {
			return fmt.Errorf("bench ari: cannot find this executable: %w", err)
		}
		o.binary = exe
	}
	rep, err := runARIBench(ctx, o, stderr)
	if err != nil {
		return err
	}
	if o.json {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(rep)
	}
	pin := "pinned"
	if !rep.Pinned {
		pin = "NOT pinned (no taskset or one core): the simulator shares the gateway's cores"
	}
	fmt.Fprintf(stdout, "phone calls through the ARI simulator, asr=%s, gateway on %d core(s), %s, %s per level\n",
		rep.ASR, rep.AppCPUs, pin, o.seconds)
	fmt.Fprintf(stdout, "%7s %10s %9s %9s %9s %8s %6s %8s %9s %10s %8s %12s %s\n", "calls", "calls/core", "p50 late",
		"p99 late", "max late", "packets", "lost", "drop in", "concealed", "late slots", "app cpu", "µs/call/20ms", "")
	for _, r := range rep.Rows {
		verdict := "FAIL"
		if r.Pass {
			verdict = "ok"
		}
		fmt.Fprintf(stdout, "%7d %10.0f %7.2fms %7.2fms %7.2fms %8d %6d %8.0f %9.0f %9.1f%% %7.0f%% %12.1f %s\n", r.Calls,
			r.CallsPerCore, r.P50LateMS, r.P99LateMS, r.MaxLateMS, r.Packets, r.LostFrames, r.DroppedIn,
			r.ConcealedIn, 100*r.ClockSlotsLate/max(r.ClockSlots, 1), r.AppCPUPercent, r.CPUPerCallTick, verdict)
	}
	fmt.Fprintf(stdout, "calls per core with p99 send lateness < %s and nothing lost: %.0f\n", ariBenchP99, rep.CallsPerCore)
	return nil
}

func runARIBench(ctx context.Context, o ariBenchOptions, stderr io.Writer) (ariBenchReport, error) {
	rep := ariBenchReport{ASR: o.asr, AppCPUs: o.appCPUs, Seconds: o.seconds.Seconds()}
	c, err := loadConfig(o.cfgPath, true)
	if err != nil {
		return rep, err
	}
	dir, err := os.MkdirTemp("", "voicegate-bench-ari-")
	if err != nil {
		return rep, err
	}
	defer os.RemoveAll(dir)

	sim, err := aritest.NewServer(aritest.WithAddr("127.0.0.1:0"))
	if err != nil {
		return rep, err
	}
	defer sim.Close()
	user, pass := sim.Credentials()
	httpAddr, err := freeTCPAddr()
	if err != nil {
		return rep, err
	}
	cfgFile := filepath.Join(dir, "voicegate.yaml")
	maxCalls := slices.Max(o.calls)
	edits := map[string]string{
		"http.addr": httpAddr, "log.level": "warn", "database": filepath.Join(dir, "calls.db"),
		"kb.dir": resolve(o.cfgPath, c.KB.Dir), "kb.watch": "false", "asr.provider": o.asr,
		"ari.url": sim.URL(), "ari.events_url": sim.EventsURL(), "ari.username": user, "ari.app": "voicegate",
		"ari.rtp_host": "127.0.0.1", "ari.rtp_ports": fmt.Sprintf("40000-%d", 40000+maxCalls*2+100),
		"demo.database": filepath.Join(dir, "demo-orders.db"),
	}
	if err := writeConfigWith(o.cfgPath, cfgFile, edits); err != nil {
		return rep, err
	}

	// The gateway on its cores; this process (the simulated Asterisk and its callers) on the others.
	pinned := false
	args := []string{"serve", "--config", cfgFile}
	cmdPath := o.binary
	if ts, err := exec.LookPath("taskset"); err == nil && runtime.NumCPU() > o.appCPUs {
		args = append([]string{"-c", fmt.Sprintf("0-%d", o.appCPUs-1), o.binary}, args...)
		cmdPath = ts
		pinned = true
	}
	cmd := exec.Command(cmdPath, args...)
	cmd.Env = append(os.Environ(), "GOMAXPROCS="+strconv.Itoa(o.appCPUs), "VOICEGATE_ARI_PASSWORD="+pass,
		"VOICEGATE_CPUPROFILE="+o.profile)
	if o.logPath == "" {
		o.logPath = filepath.Join(dir, "gateway.log")
	}
	logFile, err := os.Create(o.logPath)
	if err != nil {
		return rep, err
	}
	defer logFile.Close()
	cmd.Stdout, cmd.Stderr = logFile, logFile
	if err := cmd.Start(); err != nil {
		return rep, fmt.Errorf("bench ari: start the gateway: %w", err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	defer func() {
		_ = cmd.Process.Signal(os.Interrupt)
		select {
		case <-exited:
		case <-time.After(15 * time.Second):
			_ = cmd.Process.Kill()
			<-exited
		}
	}()
	gatewayLog := func() string {
		b, _ := os.ReadFile(logFile.Name())
		return strings.TrimSpace(string(b))
	}
	if pinned {
		var was unix.CPUSet
		if err := unix.SchedGetaffinity(0, &was); err == nil {
			defer func() { _ = setAffinity(&was) }() // the caller (a test, say) gets its cores back
		}
		if err := pinSelf(o.appCPUs, runtime.NumCPU()); err != nil {
			fmt.Fprintf(stderr, "bench ari: could not keep the simulator off the gateway's cores: %v\n", err)
			pinned = false
		} else {
			defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(runtime.NumCPU() - o.appCPUs))
		}
	}
	rep.Pinned = pinned
	wctx, cancel := context.WithTimeout(ctx, 60*time.Second)
	err = sim.WaitAppConnected(wctx, "voicegate")
	cancel()
	if err != nil {
		return rep, fmt.Errorf("bench ari: the gateway did not connect to the simulator: %w\n%s", err, gatewayLog())
	}

	callerAudio, err := benchCallerAudio(ctx, o, c)
	if err != nil {
		return rep, err
	}
	for _, n := range o.calls {
		row, err := ariBenchLevel(ctx, sim, cmd.Process.Pid, httpAddr, n, o, callerAudio)
		if err != nil {
			return rep, fmt.Errorf("bench ari: %d calls: %w\n%s", n, err, gatewayLog())
		}
		rep.Rows = append(rep.Rows, row)
		if row.Pass {
			rep.CallsPerCore = max(rep.CallsPerCore, row.CallsPerCore)
		}
		select {
		case err := <-exited:
			return rep, fmt.Errorf("bench ari: the gateway exited: %v\n%s", err, gatewayLog())
		default:
		}
	}
	for _, v := range sim.Violations() {
		return rep, fmt.Errorf("bench ari: ARI contract violation: %s", v)
	}
	return rep, nil
}

// benchCallerAudio is what every caller sends for the measured time, at 8 kHz. Keypad callers (asr=none)
// are listening on a real line: low-level noise, no speech. Speaking callers say the bench script, each
// line followed by silence in which the bot answers.
func benchCallerAudio(ctx context.Context, o ariBenchOptions, c config.Config) ([]int16, error) {
	n := int(o.seconds.Seconds()*8000) + 8000
	if o.asr == "none" {
		rng := rand.New(rand.NewPCG(7, 11))
		pcm := make([]int16, n)
		for i := range pcm {
			pcm[i] = int16(rng.NormFloat64() * 40) // about -58 dBFS of line noise
		}
		return pcm, nil
	}
	syn, err := buildSynthesizer(c, newLogger(io.Discard, "error", "text"), nil)
	if err != nil {
		return nil, err
	}
	var turn []int16
	for _, line := range benchScript {
		pcm, err := synth(ctx, syn, line)
		if err != nil {
			return nil, err
		}
		turn = append(turn, pcm...)
		turn = append(turn, make([]int16, 3*16000)...) // the bot's answer
	}
	turn8, err := audio.Resample(turn, audio.SampleRate, 8000)
	if err != nil {
		return nil, err
	}
	var pcm []int16
	for len(pcm) < n {
		pcm = append(pcm, turn8...)
	}
	return pcm[:n], nil
}

// ariBenchLevel runs n calls at once and measures one level.
func ariBenchLevel(ctx context.Context, sim *aritest.Server, pid int, httpAddr string, n int, o ariBenchOptions, pcm []int16) (ariBenchRow, error) {
	row := ariBenchRow{Calls: n, CallsPerCore: float64(n) / float64(o.appCPUs)}
	lctx, cancel := context.WithTimeout(ctx, o.seconds+2*time.Minute)
	defer cancel()
	calls := make([]*aritest.Call, 0, n)
	defer func() {
		for _, c := range calls {
			_ = c.Hangup()
		}
		for _, c := range calls {
			select {
			case <-c.Done():
			case <-time.After(10 * time.Second):
			}
		}
		time.Sleep(500 * time.Millisecond) // let the gateway close its records before the next level
	}()
	for i := range n {
		c, err := sim.NewCall(aritest.CallOptions{App: "voicegate", CallerNumber: fmt.Sprintf("+4930%06d", i)})
		if err != nil {
			return row, err
		}
		calls = append(calls, c)
		if i%50 == 49 {
			time.Sleep(100 * time.Millisecond) // a busy hour, not all at one instant
		}
	}
	for _, c := range calls {
		if err := c.WaitBridged(lctx); err != nil {
			return row, fmt.Errorf("call %s never bridged: %w", c.ID(), err)
		}
	}
	time.Sleep(time.Second) // setup settles; greetings start
	for _, c := range calls {
		c.ResetRTPStats()
	}
	m0, _ := scrapeCounters(httpAddr)
	cpu0, err := procCPU(pid)
	if err != nil {
		return row, err
	}
	t0 := time.Now()
	mctx, mcancel := context.WithTimeout(lctx, o.seconds)
	defer mcancel()
	var wg sync.WaitGroup
	for _, c := range calls {
		wg.Go(func() { _ = c.SendPCM(mctx, pcm) })
	}
	if o.asr == "none" {
		// Keypad callers press a menu key every 3 s, spread over the period so the bot's answers overlap.
		wg.Go(func() { pressKeys(mctx, calls) })
	}
	wg.Wait()
	wall := time.Since(t0)
	cpu1, err := procCPU(pid)
	if err != nil {
		return row, err
	}
	m1, _ := scrapeCounters(httpAddr)
	var late []time.Duration
	for _, c := range calls {
		st := c.RTPStats()
		late = append(late, st.JitterSamples...)
		row.LostFrames += st.SeqGaps + st.SeqDisorder + st.BadTimestamp
		row.Packets += st.Packets
		select {
		case <-c.Done():
			return row, fmt.Errorf("call %s ended during the measurement (state %s)", c.ID(), c.State())
		default:
		}
	}
	if len(late) == 0 {
		return row, errors.New("the gateway sent no audio")
	}
	slices.Sort(late)
	ms := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
	p99 := aritest.P99(late)
	row.P50LateMS, row.P99LateMS, row.MaxLateMS = ms(late[len(late)/2]), ms(p99), ms(late[len(late)-1])
	delta := func(name string) float64 { return m1[name] - m0[name] }
	row.DroppedIn = delta("voicegate_ari_rtp_dropped_total")
	row.ConcealedIn = delta("voicegate_ari_jitter_concealed_frames_total")
	row.ClockSlots = delta(clockMetric + "_count")
	row.ClockSlotsLate = row.ClockSlots - delta(clockMetric+"_bucket_le_0.005")
	row.TTSCacheHits, row.TTSCacheMisses = delta("voicegate_tts_cache_hits_total"), delta("voicegate_tts_cache_misses_total")
	busy := cpu1 - cpu0
	row.AppCPUPercent = 100 * busy.Seconds() / wall.Seconds() / float64(o.appCPUs)
	ticks := float64(n) * wall.Seconds() / 0.020
	row.CPUPerCallTick = float64(busy.Microseconds()) / ticks
	row.Pass = p99 < ariBenchP99 && row.LostFrames == 0 && row.DroppedIn == 0
	return row, nil
}

// pressKeys has every call press 2 or 3 (menu answers) every 3 s, calls staggered across the period.
func pressKeys(ctx context.Context, calls []*aritest.Call) {
	const period = 3 * time.Second
	start := time.Now()
	next := make([]time.Duration, len(calls))
	for i := range next {
		next[i] = time.Duration(i) * period / time.Duration(len(calls))
	}
	presses := make([]int, len(calls))
	t := time.NewTicker(20 * time.Millisecond)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		el := time.Since(start)
		for i, c := range calls {
			if el >= next[i] {
				_ = c.DTMF(rune('2'+presses[i]%2), 100*time.Millisecond)
				presses[i]++
				next[i] += period
			}
		}
	}
}

// pinSelf keeps every thread of this process off the first appCPUs cores (new threads inherit it).
func pinSelf(appCPUs, ncpu int) error {
	var set unix.CPUSet
	for cpu := appCPUs; cpu < ncpu; cpu++ {
		set.Set(cpu)
	}
	return setAffinity(&set)
}

// setAffinity sets the CPU affinity of every thread of this process.
func setAffinity(set *unix.CPUSet) error {
	tasks, err := os.ReadDir("/proc/self/task")
	if err != nil {
		return err
	}
	for _, t := range tasks {
		tid, err := strconv.Atoi(t.Name())
		if err != nil {
			continue
		}
		if err := unix.SchedSetaffinity(tid, set); err != nil && !errors.Is(err, unix.ESRCH) {
			return err
		}
	}
	return nil
}

// procCPU is the user+system CPU time of a process, from /proc/<pid>/stat (in USER_HZ = 1/100 s units).
func procCPU(pid int) (time.Duration, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0, err
	}
	s := string(b)
	i := strings.LastIndexByte(s, ')') // the command name may hold spaces
	if i < 0 {
		return 0, fmt.Errorf("bench ari: unreadable /proc/%d/stat", pid)
	}
	f := strings.Fields(s[i+1:])
	if len(f) < 13 {
		return 0, fmt.Errorf("bench ari: short /proc/%d/stat", pid)
	}
	ut, err1 := strconv.ParseInt(f[11], 10, 64)
	st, err2 := strconv.ParseInt(f[12], 10, 64)
	if err1 != nil || err2 != nil {
		return 0, fmt.Errorf("bench ari: bad cpu fields in /proc/%d/stat", pid)
	}
	return time.Duration(ut+st) * 10 * time.Millisecond, nil
}

// scrapeCounters reads the gateway's /metrics and sums every sample of each metric family by name.
func scrapeCounters(addr string) (map[string]float64, error) {
	cl := http.Client{Timeout: 5 * time.Second}
	resp, err := cl.Get("http://" + addr + "/metrics")
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	out := map[string]float64{}
	sc := bufio.NewScanner(resp.Body)
	for sc.Scan() {
		line := sc.Text()
		if line == "" || line[0] == '#' {
			continue
		}
		name, rest, ok := strings.Cut(line, " ")
		if !ok {
			continue
		}
		if base, le, ok := histogramBucket(name); ok {
			// Buckets are kept apart by their bound: name_bucket_le_0.005.
			if v, err := strconv.ParseFloat(line[strings.LastIndexByte(line, ' ')+1:], 64); err == nil {
				out[base+"_bucket_le_"+le] = v
			}
			continue
		}
		if j := strings.IndexByte(name, '{'); j >= 0 {
			// Labels may hold spaces; the value is the last field.
			name = name[:j]
			rest = line[strings.LastIndexByte(line, ' ')+1:]
		}
		if v, err := strconv.ParseFloat(strings.TrimSpace(rest), 64); err == nil {
			out[name] += v
		}
	}
	return out, sc.Err()
}

// histogramBucket splits `x_bucket{le="0.005"}` into x and 0.005 (the only label our histograms carry).
func histogramBucket(name string) (base, le string, ok bool) {
	base, rest, found := strings.Cut(name, `_bucket{le="`)
	if !found {
		return "", "", false
	}
	le, _, found = strings.Cut(rest, `"`)
	return base, le, found
}

// freeTCPAddr picks a loopback port for the gateway's HTTP server (so /metrics can be read).
func freeTCPAddr() (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer ln.Close()
	return ln.Addr().String(), nil
}

// writeConfigWith copies a configuration file with some keys set (dotted paths; missing keys are added),
// keeping every other setting and the comments.
func writeConfigWith(src, dst string, edits map[string]string) error {
	b, err := os.ReadFile(src)
	if err != nil {
		return err
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(b, &doc); err != nil {
		return fmt.Errorf("%s: %w", src, err)
	}
	if len(doc.Content) == 0 {
		doc.Content = []*yaml.Node{{Kind: yaml.MappingNode}}
	}
	keys := make([]string, 0, len(edits))
	for k := range edits {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		setYAML(doc.Content[0], strings.Split(k, "."), edits[k])
	}
	out, err := yaml.Marshal(&doc)
	if err != nil {
		return err
	}
	return os.WriteFile(dst, out, 0o600)
}

func setYAML(m *yaml.Node, path []string, value string) {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value != path[0] {
			continue
		}
		if len(path) == 1 {
			v := m.Content[i+1]
			if v.Kind != yaml.ScalarNode {
				v = &yaml.Node{Kind: yaml.ScalarNode}
				m.Content[i+1] = v
			}
			v.Value, v.Tag, v.Style = value, "", 0 // keeps the line's comment
			return
		}
		if m.Content[i+1].Kind != yaml.MappingNode {
			m.Content[i+1] = &yaml.Node{Kind: yaml.MappingNode}
		}
		setYAML(m.Content[i+1], path[1:], value)
		return
	}
	key := &yaml.Node{Kind: yaml.ScalarNode, Value: path[0]}
	if len(path) == 1 {
		m.Content = append(m.Content, key, &yaml.Node{Kind: yaml.ScalarNode, Value: value})
		return
	}
	sub := &yaml.Node{Kind: yaml.MappingNode}
	m.Content = append(m.Content, key, sub)
	setYAML(sub, path[1:], value)
}
