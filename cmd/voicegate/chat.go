package main

import (
	"bufio"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/voicegate/voicegate/dialog"
	"github.com/voicegate/voicegate/dialog/kb"
)

func cmdChat(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("chat", flag.ContinueOnError)
	fs.SetOutput(stderr)
	cfgPath := fs.String("config", "configs/voicegate.yaml", "configuration file")
	lang := fs.String("lang", "en", "conversation language: en or zh")
	asJSON := fs.Bool("json", false, "print each reply as JSON")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *lang != "en" && *lang != "zh" {
		return usageError{"--lang must be en or zh"}
	}
	explicit := false
	fs.Visit(func(f *flag.Flag) { explicit = explicit || f.Name == "config" })
	c, err := loadConfig(*cfgPath, explicit)
	if err != nil {
		return err
	}
	log := newLogger(stderr, "warn", c.Log.Format)
	set, err := kb.LoadDir(resolve(*cfgPath, c.KB.Dir))
	if err != nil {
		return err
	}
	base, stop, err := startDemo(ctx, c, log)
	if err != nil {
		return err
	}
	defer stop()
	eng, err := buildEngine(c, set, base, log, nil)
	if err != nil {
		return err
	}
	conv := eng.NewConversation(fmt.Sprintf("chat-%d", time.Now().UnixNano()), *lang)
	show := func(r dialog.Reply) {
		if *asJSON {
			json.NewEncoder(stdout).Encode(r)
			return
		}
		fmt.Fprintf(stdout, "bot: %s\n", r.Text)
		fmt.Fprintf(stdout, "     [%s intent=%s conf=%.2f sentiment=%.2f", r.Route, r.Intent, r.Confidence, r.Sentiment)
		if r.Expect != "" {
			fmt.Fprintf(stdout, " expect=%s", r.Expect)
		}
		if r.Handoff != nil {
			fmt.Fprintf(stdout, " HANDOFF=%s summary=%q", r.Handoff.Reason, r.Handoff.Packet.Summary)
		}
		fmt.Fprintln(stdout, "]")
	}
	show(conv.Greeting(ctx))
	sc := bufio.NewScanner(stdin)
	for {
		if !*asJSON {
			fmt.Fprint(stdout, "you: ")
		}
		if !sc.Scan() {
			return sc.Err()
		}
		line := strings.TrimSpace(sc.Text())
		in := dialog.Input{Text: line, ASRConfidence: 1, HeardFraction: 1}
		switch {
		case line == "":
			in.NoInput = true
		case strings.HasPrefix(line, "#"):
			// "#1" presses key 1, "#40729#" types digits.
			in.DTMF = strings.TrimPrefix(line, "#")
			in.Text = strings.TrimSuffix(in.DTMF, "#")
		}
		r, err := conv.Respond(ctx, in, nil)
		if err != nil {
			return err
		}
		show(r)
		if r.End || r.Handoff != nil {
			return nil
		}
	}
}
