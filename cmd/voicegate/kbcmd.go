package main

import (
	"context"
	"flag"
	"fmt"
	"io"

	"github.com/voicegate/voicegate/dialog/engine"
	"github.com/voicegate/voicegate/dialog/guard"
	"github.com/voicegate/voicegate/dialog/kb"
)

func guardPolicyFromKB(k *kb.KB) guard.Policy { return engine.GuardPolicy(k.Policies) }

func cmdKB(_ context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "validate" {
		return usageError{"kb needs a subcommand: validate"}
	}
	fs := flag.NewFlagSet("kb validate", flag.ContinueOnError)
	fs.SetOutput(stderr)
	dir := fs.String("dir", "configs/kb", "knowledge-base folder")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	set, err := kb.LoadDir(*dir)
	if err != nil {
		return err
	}
	for _, l := range set.Languages() {
		k, _ := set.Get(l)
		n := 0
		for _, in := range k.Intents() {
			n += len(in.Examples)
		}
		fmt.Fprintf(stdout, "%s: %s — %d intents, %d example phrases\n", l, k.File(), len(k.Intents()), n)
	}
	return nil
}
