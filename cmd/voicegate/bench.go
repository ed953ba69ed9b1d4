package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"runtime"

	"github.com/voicegate/voicegate/asr"
	"github.com/voicegate/voicegate/internal/loadgen"
	"github.com/voicegate/voicegate/tts"
)

// benchScript is what each simulated caller says on the demo KB: an order lookup (the bot then asks for the
// number), the number, a policy question, then goodbye.
var benchScript = []string{
	"where is my order",
	"four zero seven two nine",
	"what is your return policy",
	"thank you goodbye",
}

var benchDigits = []string{"four oh seven two nine", "one two three four five", "eight six zero three one"}

func synth(ctx context.Context, syn tts.Synthesizer, text string) ([]int16, error) {
	var pcm []int16
	err := syn.Synthesize(ctx, tts.Request{Text: text, Lang: "en"}, func(p []int16) error {
		pcm = append(pcm, p...)
		return nil
	})
	// Callers leave a little silence around what they say.
	pad := make([]int16, 4000)
	return append(append(pad, pcm...), pad...), err
}

func cmdBench(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) > 0 && args[0] == "ari" {
		return cmdBenchARI(ctx, args[1:], stdout, stderr)
	}
	fs := flag.NewFlagSet("bench", flag.ContinueOnError)
	fs.SetOutput(stderr)
	cfgPath := fs.String("config", "configs/voicegate.yaml", "configuration file")
	calls := fs.Int("calls", 6, "simulated calls to place")
	conc := fs.Int("concurrency", 2, "calls at once")
	speed := fs.Float64("speed", 1, "call speed (1 = real time, as callers speak)")
	idle := fs.Int("idle", 20, "idle calls held open to measure memory per call (0 to skip)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *calls < 1 || *conc < 1 || *speed <= 0 || *idle < 0 {
		return usageError{"--calls and --concurrency must be positive, --speed > 0, --idle ≥ 0"}
	}
	explicit := false
	fs.Visit(func(f *flag.Flag) { explicit = explicit || f.Name == "config" })
	s, err := newStack(ctx, *cfgPath, explicit, "en", stderr, nil)
	if err != nil {
		return err
	}
	defer s.Close()
	var turns, digits [][]int16
	for _, t := range benchScript {
		pcm, err := synth(ctx, s.syn, t)
		if err != nil {
			return err
		}
		turns = append(turns, pcm)
	}
	for _, t := range benchDigits {
		pcm, err := synth(ctx, s.syn, t)
		if err != nil {
			return err
		}
		digits = append(digits, pcm)
	}
	report := map[string]any{"gomaxprocs": runtime.GOMAXPROCS(0), "speed": *speed, "concurrency": *conc}
	rtfOpen, err := loadgen.RTF(ctx, s.rec, turns, asr.ModeOpen)
	if err != nil {
		return err
	}
	rtfDigits, err := loadgen.RTF(ctx, s.rec, digits, asr.ModeDigits)
	if err != nil {
		return err
	}
	report["asr_rtf"] = map[string]float64{"domain": rtfOpen, "digits": rtfDigits}
	st, err := loadgen.RunCalls(ctx, s.gw, turns, *calls, *conc, *speed)
	if err != nil {
		return err
	}
	report["calls"] = st
	if *idle > 0 {
		m, err := loadgen.IdleMemory(ctx, s.gw, *idle)
		if err != nil {
			return err
		}
		report["memory_per_idle_call"] = m
	}
	b, err := json.MarshalIndent(report, "", "  ")
	if err != nil {
		return err
	}
	fmt.Fprintln(stdout, string(b))
	return nil
}
