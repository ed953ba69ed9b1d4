package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/voicegate/voicegate/audio"
	"github.com/voicegate/voicegate/telephony/ari/aritest"
)

// simOptions is what `voicegate simulate asterisk` was asked to do.
type simOptions struct {
	addr, user, password, app string
	wavs                      []string
	dtmf                      string
	record                    string
	calls                     int
	wait                      time.Duration // for the app to connect
	timeout                   time.Duration // per call
	quiet                     time.Duration // bot silence that means "it finished speaking"
}

// cmdSimulate runs the contract-checked Asterisk ARI simulator for people without an Asterisk: it tells
// how to point `voicegate serve` at it, waits for the app, and either places calls from WAV files (then
// prints what happened and exits) or serves until interrupted.
func cmdSimulate(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "asterisk" {
		return usageError{"simulate: the only simulator is `asterisk`: voicegate simulate asterisk [--addr A] [--call WAV …]"}
	}
	fs := flag.NewFlagSet("simulate asterisk", flag.ContinueOnError)
	fs.SetOutput(stderr)
	o := simOptions{}
	fs.StringVar(&o.addr, "addr", "127.0.0.1:8088", "listen address of the simulated Asterisk HTTP server (ARI under /ari)")
	fs.StringVar(&o.user, "user", "voicegate", "ARI user name the app must use")
	fs.StringVar(&o.password, "password", "secret", "ARI password the app must use")
	fs.StringVar(&o.app, "app", "voicegate", "Stasis application the calls are sent to")
	var wavs multiFlag
	fs.Var(&wavs, "call", "a WAV file the caller says, one per turn (repeat for more turns; any rate)")
	fs.StringVar(&o.dtmf, "dtmf", "", "keys the caller presses after the last turn (e.g. 0 for an agent)")
	fs.StringVar(&o.record, "record", "", "write what the caller heard to this WAV file (8 kHz; -N suffix per call when --calls > 1)")
	fs.IntVar(&o.calls, "calls", 1, "simultaneous callers, each playing the same turns")
	fs.DurationVar(&o.wait, "wait", 2*time.Minute, "how long to wait for the app to connect")
	fs.DurationVar(&o.timeout, "timeout", 3*time.Minute, "longest a call may last")
	fs.DurationVar(&o.quiet, "quiet", time.Second, "bot silence after which the caller speaks (it finished its sentence)")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	o.wavs = wavs
	switch {
	case fs.NArg() > 0:
		return usageError{fmt.Sprintf("simulate asterisk: unexpected argument %q", fs.Arg(0))}
	case o.calls < 1 || o.calls > 1000:
		return usageError{"--calls must be between 1 and 1000"}
	case len(o.wavs) == 0 && (o.dtmf != "" || o.record != ""):
		return usageError{"--dtmf and --record need at least one --call WAV"}
	case o.user == "" || o.app == "":
		return usageError{"--user and --app must not be empty"}
	}
	for _, k := range o.dtmf {
		if !strings.ContainsRune("0123456789ABCD*#", k) {
			return usageError{fmt.Sprintf("--dtmf: %q is not a DTMF key", k)}
		}
	}
	// Read the turns before listening, so a bad file fails fast.
	turns := make([][]int16, 0, len(o.wavs))
	for _, w := range o.wavs {
		pcm, rate, err := audio.ReadWAVFile(w)
		if err != nil {
			return fmt.Errorf("%s: %w", w, err)
		}
		if pcm, err = audio.Resample(pcm, rate, 8000); err != nil {
			return fmt.Errorf("%s: %w", w, err)
		}
		turns = append(turns, pcm)
	}
	log := newLogger(stderr, "warn", "text")
	sim, err := aritest.NewServer(aritest.WithAddr(o.addr), aritest.WithCredentials(o.user, o.password),
		aritest.WithLogger(log.With("component", "ari-simulator")))
	if err != nil {
		return err
	}
	defer sim.Close()
	fmt.Fprintf(stdout, `Simulated Asterisk 22 ARI on %s (every request and event checked against Asterisk's API description).
Point voicegate at it:
  export VOICEGATE_ARI_URL=%s
  export VOICEGATE_ARI_EVENTS_URL=%s
  export VOICEGATE_ARI_USERNAME=%s
  export VOICEGATE_ARI_PASSWORD=%s
  export VOICEGATE_ARI_APP=%s
  voicegate serve
Waiting for application %q to connect...
`, o.addr, sim.URL(), sim.EventsURL(), o.user, o.password, o.app, o.app)
	wctx, cancel := context.WithTimeout(ctx, o.wait)
	err = sim.WaitAppConnected(wctx, o.app)
	cancel()
	if err != nil {
		if ctx.Err() != nil {
			return nil // interrupted while waiting: nothing to report
		}
		return fmt.Errorf("application %q did not connect within %v: %w", o.app, o.wait, err)
	}
	fmt.Fprintf(stdout, "Application %q connected.\n", o.app)
	if len(turns) == 0 {
		fmt.Fprintln(stdout, "No --call given: serving until interrupted (Ctrl-C).")
		<-ctx.Done()
		return reportViolations(stdout, sim)
	}
	results := make([]simCallResult, o.calls)
	var wg sync.WaitGroup
	for i := range o.calls {
		wg.Go(func() { results[i] = placeCall(ctx, sim, o, turns, i) })
	}
	wg.Wait()
	failed := 0
	for i, r := range results {
		printCallResult(stdout, i, o.calls, r)
		if r.err != nil {
			failed++
		}
	}
	if err := reportViolations(stdout, sim); err != nil {
		return err
	}
	if failed > 0 {
		return fmt.Errorf("%d of %d calls failed", failed, o.calls)
	}
	return nil
}

// simCallResult is what one simulated caller experienced.
type simCallResult struct {
	id        string
	duration  time.Duration
	heard     []int16
	stats     aritest.RTPStats
	continued *aritest.Continued
	hungUpBy  string // "caller" or "app"
	recorded  string
	err       error
}

// placeCall is one polite caller: it waits for the bot to finish each sentence, says its turns, presses
// its keys, waits for the last answer and hangs up (unless the app ended or handed off the call first).
func placeCall(ctx context.Context, sim *aritest.Server, o simOptions, turns [][]int16, idx int) (res simCallResult) {
	start := time.Now()
	ctx, cancel := context.WithTimeout(ctx, o.timeout)
	defer cancel()
	c, err := sim.NewCall(aritest.CallOptions{App: o.app, Args: []string{"inbound"}})
	if err != nil {
		return simCallResult{err: err}
	}
	res.id = c.ID()
	defer func() {
		res.duration = time.Since(start)
		res.heard = c.Heard()
		res.stats = c.RTPStats()
		if cont, ok := c.Continued(); ok {
			res.continued = &cont
		}
		if o.record != "" {
			res.recorded = recordPath(o.record, idx, o.calls)
			if err := c.WriteHeardWAV(res.recorded); err != nil && res.err == nil {
				res.err = err
			}
		}
	}()
	if err := c.WaitBridged(ctx); err != nil {
		res.err = fmt.Errorf("call never got media: %w", err)
		return res
	}
	ended := func(err error) bool {
		if errors.Is(err, aritest.ErrCallEnded) {
			res.hungUpBy = "app"
			return true
		}
		return false
	}
	n, err := c.WaitQuiet(ctx, 0, o.quiet) // the greeting
	if ended(err) {
		return res
	}
	if err != nil {
		res.err = err
		return res
	}
	for _, pcm := range turns {
		// The caller's line carries on after the words: end-of-turn detection needs the silence.
		line := append(append([]int16(nil), pcm...), make([]int16, 8000*6/5)...)
		if err := c.SendPCM(ctx, line); err != nil {
			if ended(err) {
				return res
			}
			res.err = err
			return res
		}
		if n, err = c.WaitQuiet(ctx, n, o.quiet); ended(err) {
			return res
		} else if err != nil {
			res.err = err
			return res
		}
	}
	if o.dtmf != "" {
		for _, k := range o.dtmf {
			if err := c.DTMF(k, 120*time.Millisecond); err != nil {
				if ended(err) {
					return res
				}
				res.err = err
				return res
			}
			time.Sleep(250 * time.Millisecond)
		}
		if _, err := c.WaitQuiet(ctx, n, o.quiet); ended(err) {
			return res
		} else if err != nil {
			res.err = err
			return res
		}
	}
	if err := c.Hangup(); err != nil {
		if ended(err) {
			return res
		}
		res.err = err
		return res
	}
	res.hungUpBy = "caller"
	return res
}

func recordPath(base string, idx, calls int) string {
	if calls == 1 {
		return base
	}
	ext := filepath.Ext(base)
	return fmt.Sprintf("%s-%d%s", strings.TrimSuffix(base, ext), idx+1, ext)
}

func printCallResult(w io.Writer, idx, calls int, r simCallResult) {
	fmt.Fprintf(w, "call %d/%d %s: %.1f s", idx+1, calls, r.id, r.duration.Seconds())
	if r.err != nil {
		fmt.Fprintf(w, ", FAILED: %v", r.err)
	}
	voiced := 0
	for i := 0; i+160 <= len(r.heard); i += 160 {
		if pcmRMS(r.heard[i:i+160]) > 100 {
			voiced++
		}
	}
	fmt.Fprintf(w, "\n  heard %.1f s of bot audio (%.1f s voiced, level %.0f dBFS)\n", float64(len(r.heard))/8000,
		float64(voiced)*0.02, dbfs(pcmRMS(r.heard)))
	st := r.stats
	fmt.Fprintf(w, "  RTP from the app: %d packets, %d talk spurts, %d lost, %d out of order, %d bad timestamps, "+
		"%d wrong source, %d bad payload, p99 jitter %.1f ms\n", st.Packets, st.Markers, st.SeqGaps, st.SeqDisorder,
		st.BadTimestamp, st.WrongSource, st.BadPayload, float64(aritest.P99(st.JitterSamples).Microseconds())/1000)
	switch {
	case r.continued != nil:
		fmt.Fprintf(w, "  handed off: continued in the dialplan at %s,%s,%d\n", r.continued.Context, r.continued.Extension, r.continued.Priority)
	case r.hungUpBy == "app":
		fmt.Fprintln(w, "  ended by the app")
	case r.hungUpBy == "caller":
		fmt.Fprintln(w, "  caller hung up")
	}
	if r.recorded != "" {
		fmt.Fprintf(w, "  recorded to %s\n", r.recorded)
	}
}

func dbfs(r float64) float64 {
	if r <= 0 {
		return -96
	}
	return 20 * math.Log10(r/32768)
}

// reportViolations prints the contract check's verdict; violations make the command fail.
func reportViolations(w io.Writer, sim *aritest.Server) error {
	v := sim.Violations()
	fmt.Fprintf(w, "ARI contract violations: %d\n", len(v))
	for _, x := range v {
		fmt.Fprintf(w, "  %s\n", x)
	}
	if len(v) > 0 {
		return fmt.Errorf("%d ARI contract violations", len(v))
	}
	return nil
}

func pcmRMS(pcm []int16) float64 {
	if len(pcm) == 0 {
		return 0
	}
	var sum float64
	for _, s := range pcm {
		sum += float64(s) * float64(s)
	}
	return math.Sqrt(sum / float64(len(pcm)))
}
