package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/voicegate/voicegate/asr"
	"github.com/voicegate/voicegate/asr/asreval"
	"github.com/voicegate/voicegate/dialog/guard"
	"github.com/voicegate/voicegate/dialog/intent"
	"github.com/voicegate/voicegate/dialog/kb"
	"github.com/voicegate/voicegate/dialog/sentiment"
)

func cmdEval(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		return usageError{"eval needs one of: asr, intents, sentiment, guard"}
	}
	fs := flag.NewFlagSet("eval "+args[0], flag.ContinueOnError)
	fs.SetOutput(stderr)
	asJSON := fs.Bool("json", false, "print the report as JSON")
	cfgPath := fs.String("config", "configs/voicegate.yaml", "configuration file")
	var report any
	switch args[0] {
	case "asr":
		manifest := fs.String("manifest", "", "TSV/CSV manifest: wav path (relative to it) and transcript")
		mode := fs.String("context", "", "dialog context: empty (open speech), digits or yesno")
		if err := fs.Parse(args[1:]); err != nil {
			return err
		}
		if *manifest == "" {
			return usageError{"--manifest is required"}
		}
		m := asr.Mode(*mode)
		if m != asr.ModeOpen && m != asr.ModeDigits && m != asr.ModeYesNo {
			return usageError{"--context must be empty, digits or yesno"}
		}
		c, err := loadConfig(*cfgPath, false)
		if err != nil {
			return err
		}
		log := newLogger(stderr, "warn", c.Log.Format)
		var phrases []string
		if set, err := kb.LoadDir(resolve(*cfgPath, c.KB.Dir)); err == nil {
			phrases = set.Phrases("en")
		}
		rec, err := buildRecognizer(ctx, c, phrases, log)
		if err != nil {
			return err
		}
		if cl, ok := rec.(io.Closer); ok {
			defer cl.Close()
		}
		r, err := asreval.Evaluate(ctx, rec, *manifest, m)
		if err != nil {
			return err
		}
		report = r
	case "intents":
		train := fs.String("train", "", "training data")
		test := fs.String("test", "", "test data")
		format := fs.String("format", "", "clinc150 or csv (default: from the file extension)")
		if err := fs.Parse(args[1:]); err != nil {
			return err
		}
		if *train == "" || *test == "" {
			return usageError{"--train and --test are required"}
		}
		f := *format
		if f == "" {
			f = "csv"
			if strings.EqualFold(filepath.Ext(*train), ".json") {
				f = "clinc150"
			}
		}
		var tr, te []intent.Example
		var err error
		switch f {
		case "clinc150":
			if *test == *train {
				tr, te, err = intent.CLINC150EvalSets(*train)
			} else if tr, _, _, err = intent.LoadCLINC150(*train); err == nil {
				var val, tst []intent.Example
				_, val, tst, err = intent.LoadCLINC150(*test)
				te = tst
				if len(te) == 0 {
					te = val
				}
			}
		case "csv":
			if tr, err = intent.LoadCSV(*train); err == nil {
				te, err = intent.LoadCSV(*test)
			}
		default:
			return usageError{"--format must be clinc150 or csv"}
		}
		if err != nil {
			return err
		}
		cls, err := intent.Train(tr)
		if err != nil {
			return err
		}
		report = intent.Evaluate(cls, te)
	case "sentiment":
		test := fs.String("test", "", "csv text,label (negative|neutral|positive or 0/1)")
		if err := fs.Parse(args[1:]); err != nil {
			return err
		}
		if *test == "" {
			return usageError{"--test is required"}
		}
		a, err := sentiment.New()
		if err != nil {
			return err
		}
		r, err := sentiment.Evaluate(a, *test)
		if err != nil {
			return err
		}
		report = r
	case "guard":
		test := fs.String("test", "", "csv text,label (block|allow)")
		policy := fs.String("policy", "strict", "strict: nothing may be promised (labels mean commitment or not); kb: the knowledge base's policy for --lang")
		lang := fs.String("lang", "en", "whose knowledge-base policy applies with --policy kb")
		if err := fs.Parse(args[1:]); err != nil {
			return err
		}
		if *test == "" {
			return usageError{"--test is required"}
		}
		var p guard.Policy
		switch *policy {
		case "strict":
		case "kb":
			c, err := loadConfig(*cfgPath, false)
			if err != nil {
				return err
			}
			set, err := kb.LoadDir(resolve(*cfgPath, c.KB.Dir))
			if err != nil {
				return err
			}
			k, ok := set.Get(*lang)
			if !ok {
				return fmt.Errorf("no knowledge base for language %q", *lang)
			}
			p = guardPolicyFromKB(k)
		default:
			return usageError{"--policy must be strict or kb"}
		}
		r, err := guard.Evaluate(guard.New(p), *test)
		if err != nil {
			return err
		}
		report = r
	default:
		return usageError{fmt.Sprintf("unknown evaluation %q: want asr, intents, sentiment or guard", args[0])}
	}
	if *asJSON {
		return json.NewEncoder(stdout).Encode(report)
	}
	b, err := json.MarshalIndent(report, "", "  ")
	if err != nil {
		return err
	}
	fmt.Fprintln(stdout, string(b))
	return nil
}
