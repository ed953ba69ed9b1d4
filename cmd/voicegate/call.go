package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/voicegate/voicegate/asr"
	"github.com/voicegate/voicegate/audio"
	"github.com/voicegate/voicegate/config"
	"github.com/voicegate/voicegate/dialog/demo"
	"github.com/voicegate/voicegate/dialog/engine"
	"github.com/voicegate/voicegate/dialog/kb"
	"github.com/voicegate/voicegate/gateway"
	"github.com/voicegate/voicegate/store"
	"github.com/voicegate/voicegate/telephony/sim"
	"github.com/voicegate/voicegate/tts"
)

// stack is everything one process needs to run calls.
type stack struct {
	cfg     config.Config
	cfgPath string
	log     *slog.Logger
	set     *kb.Set
	eng     *engine.Engine
	rec     asr.Recognizer
	syn     tts.Synthesizer
	gw      *gateway.Gateway
	closers []func()
}

func (s *stack) Close() {
	for i := len(s.closers) - 1; i >= 0; i-- {
		s.closers[i]()
	}
}

// startDemo serves the demo order backend on a loopback port for commands that have no HTTP server of
// their own, and returns its base URL.
func startDemo(ctx context.Context, c config.Config, log *slog.Logger) (string, func(), error) {
	if !c.Demo.Enabled {
		return "", func() {}, nil
	}
	b, err := demo.Open(ctx, ":memory:")
	if err != nil {
		return "", nil, err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Close()
		return "", nil, err
	}
	mux := http.NewServeMux()
	mux.Handle("/api/demo/", b.Handler())
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 5 * time.Second}
	go srv.Serve(ln) //nolint:errcheck // Serve returns when Close is called below
	log.Debug("demo order backend", "addr", ln.Addr().String())
	return "http://" + ln.Addr().String(), func() { srv.Close(); b.Close() }, nil
}

// newStack builds config, KB, engine, recognizer, synthesizer and gateway for offline commands.
func newStack(ctx context.Context, cfgPath string, explicit bool, lang string, stderr io.Writer, st store.Store) (*stack, error) {
	c, err := loadConfig(cfgPath, explicit)
	if err != nil {
		return nil, err
	}
	if lang != "" {
		c.Call.Lang = lang
	}
	s := &stack{cfg: c, cfgPath: cfgPath, log: newLogger(stderr, "warn", c.Log.Format)}
	set, err := kb.LoadDir(resolve(cfgPath, c.KB.Dir))
	if err != nil {
		return nil, err
	}
	s.set = set
	base, stop, err := startDemo(ctx, c, s.log)
	if err != nil {
		return nil, err
	}
	s.closers = append(s.closers, stop)
	s.eng, err = buildEngine(c, set, base, s.log, nil)
	if err != nil {
		s.Close()
		return nil, err
	}
	rec, err := buildRecognizer(ctx, c, set.Phrases("en"), s.log)
	if err != nil {
		s.Close()
		return nil, err
	}
	if cl, ok := rec.(io.Closer); ok {
		s.closers = append(s.closers, func() { cl.Close() })
	}
	syn, err := buildSynthesizer(c, s.log, nil)
	if err != nil {
		s.Close()
		return nil, err
	}
	s.rec, s.syn = rec, syn
	opts := []gateway.Option{gateway.WithConfig(c.Call), gateway.WithLogger(s.log)}
	if st != nil {
		opts = append(opts, gateway.WithStore(st))
	}
	s.gw, err = gateway.New(rec, syn, s.eng, opts...)
	if err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

func cmdCall(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("call", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var wavs multiFlag
	fs.Var(&wavs, "wav", "a WAV file with one caller turn (repeat for more turns, any rate)")
	cfgPath := fs.String("config", "configs/voicegate.yaml", "configuration file")
	asJSON := fs.Bool("json", false, "print the call record as JSON")
	out := fs.String("out", "", "write what the bot said to this WAV file (16 kHz)")
	lang := fs.String("lang", "", "conversation language (en or zh); default from the config")
	speed := fs.Float64("speed", 1, "play the call this many times faster than real time")
	var dtmf multiFlag
	fs.Var(&dtmf, "dtmf", "keys pressed after a turn, as TURN:KEYS (e.g. 1:40729#); TURN counts from 1")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if len(wavs) == 0 {
		return usageError{"at least one --wav is required"}
	}
	if *speed <= 0 || *speed > 50 {
		return usageError{"--speed must be between 0 and 50"}
	}
	explicit := false
	fs.Visit(func(f *flag.Flag) { explicit = explicit || f.Name == "config" })
	turns := make([][]int16, 0, len(wavs))
	for _, w := range wavs {
		pcm, err := audio.LoadWAV16k(w)
		if err != nil {
			return fmt.Errorf("%s: %w", w, err)
		}
		turns = append(turns, pcm)
	}
	opts := []sim.Option{sim.WithSpeed(*speed), sim.WithID(fmt.Sprintf("sim-%d", time.Now().UnixNano()))}
	for _, d := range dtmf {
		n, keys, ok := strings.Cut(d, ":")
		i, err := strconv.Atoi(n)
		if !ok || err != nil || i < 1 || i > len(turns) || keys == "" {
			return usageError{fmt.Sprintf("--dtmf %q: want TURN:KEYS with TURN from 1 to %d", d, len(turns))}
		}
		opts = append(opts, sim.WithDTMF(i-1, keys))
	}
	s, err := newStack(ctx, *cfgPath, explicit, *lang, stderr, nil)
	if err != nil {
		return err
	}
	defer s.Close()
	leg := sim.New(turns, opts...)
	rec, err := s.gw.HandleCall(ctx, leg)
	if err != nil {
		return err
	}
	if *out != "" {
		if err := audio.WriteWAVFile(*out, leg.BotAudio(), audio.SampleRate); err != nil {
			return err
		}
	}
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(rec)
	}
	printRecord(stdout, rec)
	return nil
}

func printRecord(w io.Writer, rec *store.CallRecord) {
	fmt.Fprintf(w, "call %s (%s): %s", rec.ID, rec.Channel, rec.Outcome)
	if rec.HandoffReason != "" {
		fmt.Fprintf(w, ", handoff: %s", rec.HandoffReason)
	}
	fmt.Fprintf(w, "\nbot: %s\n", rec.Greeting)
	for _, t := range rec.Turns {
		fmt.Fprintf(w, "caller: %s\n  [%s %s %.2f, sentiment %.2f, turn %.0f ms]\nbot: %s\n",
			t.CallerText, t.Route, t.Intent, t.Confidence, t.Sentiment, t.LatencyMS.Turn, t.ReplyText)
	}
}
