package engine_test

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/voicegate/voicegate/dialog"
)

func TestScratch(t *testing.T) {
	if os.Getenv("SCRATCH") == "" && os.Getenv("CONV") == "" {
		t.Skip()
	}
	e := newEngine(t)
	if os.Getenv("SCRATCH") != "" {
		for _, line := range strings.Split(os.Getenv("SCRATCH"), "|") {
			lang := "en"
			if strings.HasPrefix(line, "zh:") {
				lang, line = "zh", line[3:]
			}
			p, d, _ := e.Classify(lang, line)
			var top []string
			for i, r := range p.Ranked {
				if i < 3 {
					top = append(top, fmt.Sprintf("%s=%.2f", r.Name, r.Confidence))
				}
			}
			fmt.Printf("%-50q %s %s %.2f %v %v\n", line, d.Kind, d.Intent, d.Confidence, d.Options, top)
		}
	}
	if conv := os.Getenv("CONV"); conv != "" {
		lang := "en"
		if os.Getenv("LANG2") != "" {
			lang = os.Getenv("LANG2")
		}
		c := e.NewConversation("x", lang)
		fmt.Println("bot:", c.Greeting(context.Background()).Text)
		for _, l := range strings.Split(conv, "|") {
			in := dialog.Input{Text: l, ASRConfidence: 0.9, HeardFraction: 1}
			if l == "<none>" {
				in = dialog.Input{NoInput: true}
			} else if strings.HasPrefix(l, "#") {
				in.DTMF, in.Text = l[1:], ""
			}
			r, _ := c.Respond(context.Background(), in, nil)
			h := ""
			if r.Handoff != nil {
				h = " HANDOFF " + r.Handoff.Reason + " :: " + r.Handoff.Packet.Summary
			}
			fmt.Printf("you: %s\nbot: %s  [%s %s %.2f s=%.2f exp=%s end=%v]%s\n", l, r.Text, r.Route, r.Intent, r.Confidence, r.Sentiment, r.Expect, r.End, h)
		}
	}
}
