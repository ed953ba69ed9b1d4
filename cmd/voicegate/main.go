// Command voicegate is the voice call-center gateway: serve, call, chat, eval, bench, kb, simulate.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"runtime/pprof"
	"strings"
	"syscall"
)

const usage = `voicegate — voice call-center gateway

usage:
  voicegate serve    [--config F]                      run the gateway (HTTP, WebRTC, ARI when configured)
  voicegate call     --wav A.wav [--wav B.wav …] [--config F] [--json] [--out reply.wav] [--lang en|zh]
                                                       one simulated caller through the full pipeline
  voicegate chat     [--lang en|zh] [--config F]       the dialog engine over text
  voicegate eval     asr|intents|sentiment|guard …     evaluations (see --help of each)
  voicegate bench    [--calls N] [--config F]          turn latency and recognizer speed on this machine
  voicegate bench ari [--calls 250,500,750] [--asr none|sphinx]
                                                       phone calls per core through the ARI simulator
  voicegate kb       validate [--dir D]                check the knowledge base files
  voicegate simulate asterisk [--addr A]               an ARI simulator for people without an Asterisk
  voicegate health   [--addr host:port]                exit 0 when a local gateway answers /healthz
`

func main() {
	// VOICEGATE_CPUPROFILE=file writes a CPU profile of the whole run (for `go tool pprof`), e.g. of the
	// gateway process that `voicegate bench ari` starts.
	if p := os.Getenv("VOICEGATE_CPUPROFILE"); p != "" {
		if f, err := os.Create(p); err == nil {
			if pprof.StartCPUProfile(f) == nil {
				code := run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
				pprof.StopCPUProfile()
				f.Close()
				os.Exit(code)
			}
		}
	}
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// run is main without the process: tests call it.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		fmt.Fprint(stdout, usage)
		return 0
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	var err error
	switch args[0] {
	case "serve":
		err = cmdServe(ctx, args[1:], stderr)
	case "call":
		err = cmdCall(ctx, args[1:], stdout, stderr)
	case "chat":
		err = cmdChat(ctx, args[1:], stdin, stdout, stderr)
	case "eval":
		err = cmdEval(ctx, args[1:], stdout, stderr)
	case "bench":
		err = cmdBench(ctx, args[1:], stdout, stderr)
	case "kb":
		err = cmdKB(ctx, args[1:], stdout, stderr)
	case "simulate":
		err = cmdSimulate(ctx, args[1:], stdout, stderr)
	case "health":
		err = cmdHealth(ctx, args[1:], stdout, stderr)
	default:
		fmt.Fprintf(stderr, "voicegate: unknown command %q\n\n%s", args[0], usage)
		return 2
	}
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		fmt.Fprintf(stderr, "voicegate %s: %v\n", args[0], err)
		var ue usageError
		if errors.As(err, &ue) {
			return 2
		}
		return 1
	}
	return 0
}

// usageError marks wrong command-line use (exit 2).
type usageError struct{ msg string }

func (u usageError) Error() string { return u.msg }

func newLogger(w io.Writer, level, format string) *slog.Logger {
	var lv slog.Level
	switch strings.ToLower(level) {
	case "debug":
		lv = slog.LevelDebug
	case "warn":
		lv = slog.LevelWarn
	case "error":
		lv = slog.LevelError
	default:
		lv = slog.LevelInfo
	}
	opts := &slog.HandlerOptions{Level: lv}
	if format == "json" {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}

// multiFlag collects a repeated string flag.
type multiFlag []string

func (m *multiFlag) String() string     { return strings.Join(*m, ",") }
func (m *multiFlag) Set(v string) error { *m = append(*m, v); return nil }
