package main

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/voicegate/voicegate/asr"
	asropenai "github.com/voicegate/voicegate/asr/openai"
	"github.com/voicegate/voicegate/asr/sphinx"
	"github.com/voicegate/voicegate/config"
	"github.com/voicegate/voicegate/dialog/actions"
	"github.com/voicegate/voicegate/dialog/engine"
	"github.com/voicegate/voicegate/dialog/kb"
	"github.com/voicegate/voicegate/dialog/llm"
	"github.com/voicegate/voicegate/tts"
	"github.com/voicegate/voicegate/tts/espeak"
	"github.com/voicegate/voicegate/tts/flite"
)

// loadConfig reads --config; the default path is used only when it exists, so the binary also runs
// from outside the repository on built-in defaults.
func loadConfig(path string, explicit bool) (config.Config, error) {
	if !explicit {
		if _, err := os.Stat(path); err != nil {
			path = ""
		}
	}
	return config.Load(path)
}

// resolve makes a path from the config relative to the config file's folder when it is not found as given.
func resolve(cfgPath, p string) string {
	if p == "" || filepath.IsAbs(p) {
		return p
	}
	if _, err := os.Stat(p); err == nil {
		return p
	}
	if cfgPath != "" {
		alt := filepath.Join(filepath.Dir(cfgPath), "..", p)
		if _, err := os.Stat(alt); err == nil {
			return alt
		}
	}
	return p
}

// buildEngine loads the KB and assembles the dialog engine. actionsBase is the URL relative action paths
// resolve against (the demo backend on our own port).
func buildEngine(c config.Config, set *kb.Set, actionsBase string, log *slog.Logger, reg prometheus.Registerer) (*engine.Engine, error) {
	opts := []engine.Option{engine.WithLogger(log), engine.WithRegisterer(reg), engine.WithConfig(engine.Config{
		AnswerConfidence:   c.Dialog.AnswerConfidence,
		ClarifyMargin:      c.Dialog.ClarifyMargin,
		LowConfidenceTurns: c.Dialog.Handoff.LowConfidenceTurns,
		SentimentBelow:     c.Dialog.Handoff.SentimentBelow,
		LoopTurns:          c.Dialog.Handoff.LoopTurns,
		DTMFMenu:           c.Dialog.DTMFMenu,
	})}
	ropts := []actions.Option{actions.WithLogger(log)}
	if actionsBase != "" {
		ropts = append(ropts, actions.WithBaseURL(actionsBase))
	}
	if reg != nil {
		ropts = append(ropts, actions.WithRegisterer(reg))
	}
	runner, err := actions.NewRunner(ropts...)
	if err != nil {
		return nil, err
	}
	opts = append(opts, engine.WithActions(engine.FromRunner(runner)))
	if l := c.Dialog.LLM; l.Enabled {
		client, err := llm.New(llm.Config{BaseURL: l.BaseURL, APIKey: l.APIKey, Model: l.Model, Timeout: l.Timeout,
			MaxRetries: l.MaxRetries, MaxTokens: l.MaxTokens, BreakerFailures: l.BreakerFails,
			BreakerCooldown: l.BreakerCool, PricePer1K: l.PricePer1K}, llm.WithLogger(log))
		if err != nil {
			return nil, err
		}
		opts = append(opts, engine.WithLLM(client))
	}
	return engine.New(set, opts...)
}

// buildRecognizer opens the configured recognizer.
func buildRecognizer(ctx context.Context, c config.Config, phrases []string, log *slog.Logger) (asr.Recognizer, error) {
	switch c.ASR.Provider {
	case "sphinx":
		opts := []sphinx.Option{sphinx.WithLogger(log)}
		if c.ASR.Sphinx.ModelDir != "" {
			opts = append(opts, sphinx.WithModelDir(c.ASR.Sphinx.ModelDir))
		}
		if c.ASR.Sphinx.PoolSize > 0 {
			opts = append(opts, sphinx.WithPoolSize(c.ASR.Sphinx.PoolSize))
		}
		if c.ASR.Sphinx.DomainLM {
			opts = append(opts, sphinx.WithDomainPhrases(phrases))
		} else {
			opts = append(opts, sphinx.WithOpenLM(sphinx.OpenGeneral))
		}
		return sphinx.New(opts...)
	case "none":
		return asr.Off{}, nil
	case "openai":
		return asropenai.New(asropenai.Config{BaseURL: c.ASR.OpenAI.BaseURL, APIKey: c.ASR.OpenAI.APIKey, Model: c.ASR.OpenAI.Model}, nil)
	}
	return nil, fmt.Errorf("asr provider %q is not built into this binary", c.ASR.Provider)
}

// buildSynthesizer makes the per-language synthesizer with its prompt cache.
func buildSynthesizer(c config.Config, log *slog.Logger, reg prometheus.Registerer) (tts.Synthesizer, error) {
	es, err := espeak.New(espeak.WithLogger(log))
	if err != nil {
		return nil, err
	}
	var en tts.Synthesizer = es
	if c.TTS.English == "flite" {
		fopts := []flite.Option{flite.WithLogger(log)}
		if c.TTS.Voice != "" {
			fopts = append(fopts, flite.WithVoice(c.TTS.Voice))
		}
		fl, err := flite.New(fopts...)
		if err != nil {
			return nil, err
		}
		en = fl
	}
	router := tts.ByLang{Synths: map[string]tts.Synthesizer{"en": en, "zh": es}, Fallback: "en"}
	copts := []tts.CacheOption{tts.WithMaxSamples(c.TTS.CacheSeconds * 16000), tts.WithCacheLogger(log)}
	if reg != nil {
		copts = append(copts, tts.WithCacheRegisterer(reg))
	}
	return tts.NewCache(router, copts...), nil
}
