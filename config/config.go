// Package config loads voicegate.yaml: strict decoding (an unknown key is an error naming key and line),
// environment overrides for deployments and secrets, and validation with clear messages.
package config

import (
	"bytes"
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"regexp"
	"strconv"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/voicegate/voicegate/gateway"
)

// ErrInvalid wraps every configuration error.
var ErrInvalid = errors.New("config: invalid")

// Config is the whole of voicegate.yaml.
type Config struct {
	HTTP     HTTP           `yaml:"http"`
	Log      Log            `yaml:"log"`
	Database string         `yaml:"database"`
	KB       KB             `yaml:"kb"`
	ASR      ASR            `yaml:"asr"`
	TTS      TTS            `yaml:"tts"`
	Call     gateway.Config `yaml:"call"`
	Dialog   Dialog         `yaml:"dialog"`
	ARI      ARI            `yaml:"ari"`
	WebRTC   WebRTC         `yaml:"webrtc"`
	Demo     Demo           `yaml:"demo"`
}

// HTTP is the one HTTP listener.
type HTTP struct {
	Addr         string        `yaml:"addr"`
	DrainTimeout time.Duration `yaml:"drain_timeout"`
}

// Log configures log/slog output.
type Log struct {
	Level  string `yaml:"level"`
	Format string `yaml:"format"`
}

// KB locates the knowledge base.
type KB struct {
	Dir   string `yaml:"dir"`
	Watch bool   `yaml:"watch"`
}

// ASR chooses and configures the recognizer.
type ASR struct {
	Provider string    `yaml:"provider"`
	Sphinx   SphinxASR `yaml:"sphinx"`
	OpenAI   OpenAIASR `yaml:"openai"`
}

// SphinxASR configures pocketsphinx.
type SphinxASR struct {
	ModelDir string `yaml:"model_dir"`
	DomainLM bool   `yaml:"domain_lm"`
	PoolSize int    `yaml:"pool_size"`
}

// OpenAIASR configures an OpenAI-compatible transcription server.
type OpenAIASR struct {
	BaseURL string `yaml:"base_url"`
	Model   string `yaml:"model"`
	APIKey  string `yaml:"-"`
}

// TTS chooses and configures the synthesizer.
type TTS struct {
	English      string `yaml:"english"`
	Chinese      string `yaml:"chinese"`
	Voice        string `yaml:"voice"`
	CacheSeconds int    `yaml:"cache_seconds"`
}

// Dialog configures the engine around the knowledge base.
type Dialog struct {
	AnswerConfidence float64           `yaml:"answer_confidence"`
	ClarifyMargin    float64           `yaml:"clarify_margin"`
	LLM              LLM               `yaml:"llm"`
	Handoff          Handoff           `yaml:"handoff"`
	DTMFMenu         map[string]string `yaml:"dtmf_menu"`
}

// LLM is the OpenAI-compatible fallback; off by default.
type LLM struct {
	Enabled      bool          `yaml:"enabled"`
	BaseURL      string        `yaml:"base_url"`
	Model        string        `yaml:"model"`
	Timeout      time.Duration `yaml:"timeout"`
	MaxRetries   int           `yaml:"max_retries"`
	MaxTokens    int           `yaml:"max_tokens"`
	BreakerFails int           `yaml:"breaker_failures"`
	BreakerCool  time.Duration `yaml:"breaker_cooldown"`
	PricePer1K   float64       `yaml:"price_per_1k_tokens"`
	APIKey       string        `yaml:"-"`
}

// Handoff is the policy that sends callers to a human.
type Handoff struct {
	LowConfidenceTurns int     `yaml:"low_confidence_turns"`
	SentimentBelow     float64 `yaml:"sentiment_below"`
	SentimentDrop      float64 `yaml:"sentiment_drop"`
	LoopTurns          int     `yaml:"loop_turns"`
}

// ARI enables the Asterisk app when URL is set.
type ARI struct {
	URL         string `yaml:"url"`
	EventsURL   string `yaml:"events_url"`
	Username    string `yaml:"username"`
	Password    string `yaml:"-"`
	App         string `yaml:"app"`
	RTPHost     string `yaml:"rtp_host"`
	RTPPorts    string `yaml:"rtp_ports"`
	HandoffMode string `yaml:"handoff_mode"`
	Context     string `yaml:"context"`
	Extension   string `yaml:"extension"`
	Priority    int    `yaml:"priority"`
}

// WebRTC configures browser callers.
type WebRTC struct {
	STUN           []string `yaml:"stun"`
	TURN           []TURN   `yaml:"turn"`
	NAT1To1IPs     []string `yaml:"nat_1to1_ips"`
	UDPPorts       string   `yaml:"udp_ports"`
	MaxCalls       int      `yaml:"max_calls"`
	AllowedOrigins []string `yaml:"allowed_origins"`
}

// TURN is one TURN server.
type TURN struct {
	URL      string `yaml:"url"`
	Username string `yaml:"username"`
	Password string `yaml:"password"`
}

// Demo serves the demo order backend the demo knowledge base calls.
type Demo struct {
	Enabled  bool   `yaml:"enabled"`
	Database string `yaml:"database"`
}

// Default is the offline default deployment.
func Default() Config {
	return Config{
		HTTP:     HTTP{Addr: ":8080", DrainTimeout: 30 * time.Second},
		Log:      Log{Level: "info", Format: "text"},
		Database: "voicegate.db",
		KB:       KB{Dir: "configs/kb", Watch: true},
		ASR:      ASR{Provider: "sphinx", Sphinx: SphinxASR{DomainLM: true, PoolSize: 2}, OpenAI: OpenAIASR{Model: "whisper-1"}},
		TTS:      TTS{English: "flite", Chinese: "espeak", CacheSeconds: 600},
		Call:     gateway.DefaultConfig(),
		Dialog: Dialog{
			LLM: LLM{Model: "gpt-4o-mini", Timeout: 8 * time.Second, MaxRetries: 1, MaxTokens: 200,
				BreakerFails: 3, BreakerCool: 30 * time.Second},
			Handoff: Handoff{LowConfidenceTurns: 2, SentimentBelow: -0.6, SentimentDrop: 0.8, LoopTurns: 3},
		},
		ARI:    ARI{App: "voicegate", RTPHost: "127.0.0.1", RTPPorts: "20000-20999", HandoffMode: "dialplan", Context: "voicegate-queue", Extension: "s", Priority: 1},
		WebRTC: WebRTC{MaxCalls: 100, UDPPorts: ""},
		Demo:   Demo{Enabled: true, Database: "demo-orders.db"},
	}
}

// Load reads path over the defaults, applies the environment and validates. An empty path means defaults.
func Load(path string) (Config, error) {
	c := Default()
	if path != "" {
		b, err := os.ReadFile(path)
		if err != nil {
			return c, fmt.Errorf("%w: %v", ErrInvalid, err)
		}
		if err := decode(b, &c); err != nil {
			return c, fmt.Errorf("%w: %s: %v", ErrInvalid, path, err)
		}
	}
	c.applyEnv(os.Getenv)
	if err := c.Validate(); err != nil {
		return c, err
	}
	return c, nil
}

var (
	yamlLine     = regexp.MustCompile(`line (\d+): field (\S+) not found in type (\S+)`)
	yamlDuration = regexp.MustCompile("line (\\d+): cannot unmarshal !!\\w+ `([^`]*)` into time.Duration")
	yamlType     = regexp.MustCompile("line (\\d+): cannot unmarshal !!(\\w+) `([^`]*)` into (\\S+)")
)

func decode(b []byte, c *Config) error {
	if len(bytes.TrimSpace(b)) == 0 {
		return nil
	}
	dec := yaml.NewDecoder(bytes.NewReader(b))
	dec.KnownFields(true)
	if err := dec.Decode(c); err != nil {
		// Say it the way an operator reads it: which key, which line.
		msg := err.Error()
		if m := yamlLine.FindAllStringSubmatch(msg, -1); m != nil {
			parts := make([]string, 0, len(m))
			for _, x := range m {
				parts = append(parts, fmt.Sprintf("unknown key %q at line %s", x[2], x[1]))
			}
			return errors.New(strings.Join(parts, "; "))
		}
		if m := yamlDuration.FindStringSubmatch(msg); m != nil {
			return fmt.Errorf("line %s: %q is not a duration such as 600ms or 2s", m[1], m[2])
		}
		if m := yamlType.FindStringSubmatch(msg); m != nil {
			return fmt.Errorf("line %s: %q is not a valid %s", m[1], m[3], m[4])
		}
		return errors.New(strings.TrimPrefix(msg, "yaml: "))
	}
	return nil
}

// applyEnv lets deployments and tests override the file (DESIGN.md lists the names).
func (c *Config) applyEnv(get func(string) string) {
	set := func(dst *string, key string) {
		if v := get(key); v != "" {
			*dst = v
		}
	}
	set(&c.HTTP.Addr, "VOICEGATE_HTTP_ADDR")
	set(&c.ARI.URL, "VOICEGATE_ARI_URL")
	set(&c.ARI.EventsURL, "VOICEGATE_ARI_EVENTS_URL")
	set(&c.ARI.Username, "VOICEGATE_ARI_USERNAME")
	set(&c.ARI.Password, "VOICEGATE_ARI_PASSWORD")
	set(&c.ARI.App, "VOICEGATE_ARI_APP")
	set(&c.Database, "VOICEGATE_DB")
	set(&c.Dialog.LLM.BaseURL, "OPENAI_BASE_URL")
	set(&c.Dialog.LLM.APIKey, "OPENAI_API_KEY")
	set(&c.ASR.OpenAI.BaseURL, "OPENAI_BASE_URL")
	set(&c.ASR.OpenAI.APIKey, "OPENAI_API_KEY")
}

// Validate reports every invalid setting at once.
func (c Config) Validate() error {
	var errs []string
	add := func(format string, a ...any) { errs = append(errs, fmt.Sprintf(format, a...)) }
	if _, _, err := net.SplitHostPort(c.HTTP.Addr); err != nil {
		add("http.addr %q is not host:port (e.g. \":8080\")", c.HTTP.Addr)
	}
	if c.HTTP.DrainTimeout < 0 {
		add("http.drain_timeout must not be negative")
	}
	switch strings.ToLower(c.Log.Level) {
	case "debug", "info", "warn", "error":
	default:
		add("log.level must be debug, info, warn or error, got %q", c.Log.Level)
	}
	if c.Log.Format != "text" && c.Log.Format != "json" {
		add("log.format must be text or json, got %q", c.Log.Format)
	}
	if c.Database == "" {
		add("database must name a SQLite file (or set VOICEGATE_DB)")
	}
	if c.KB.Dir == "" {
		add("kb.dir must name the knowledge-base folder")
	}
	switch c.ASR.Provider {
	case "sphinx":
	case "none":
	case "openai":
		if c.ASR.OpenAI.BaseURL == "" {
			add("asr.provider openai needs asr.openai.base_url or OPENAI_BASE_URL")
		}
	default:
		add("asr.provider must be sphinx, openai or none, got %q", c.ASR.Provider)
	}
	if c.TTS.English != "flite" && c.TTS.English != "espeak" {
		add("tts.english must be flite or espeak, got %q", c.TTS.English)
	}
	if c.TTS.Chinese != "espeak" {
		add("tts.chinese must be espeak (the only offline Mandarin voice), got %q", c.TTS.Chinese)
	}
	if err := c.Call.Validate(); err != nil {
		add("%s", strings.TrimPrefix(err.Error(), gateway.ErrConfig.Error()+": "))
	}
	if c.Dialog.AnswerConfidence < 0 || c.Dialog.AnswerConfidence >= 1 {
		add("dialog.answer_confidence must be 0 (use the KB's policy) or between 0 and 1, got %v", c.Dialog.AnswerConfidence)
	}
	if c.Dialog.ClarifyMargin < 0 || c.Dialog.ClarifyMargin >= 1 {
		add("dialog.clarify_margin must be between 0 and 1, got %v", c.Dialog.ClarifyMargin)
	}
	for k := range c.Dialog.DTMFMenu {
		if len(k) != 1 || !strings.ContainsAny(k, "0123456789*#") {
			add("dialog.dtmf_menu key %q must be one key of 0-9, * or #", k)
		}
	}
	if l := c.Dialog.LLM; l.Enabled {
		if u, err := url.Parse(l.BaseURL); l.BaseURL == "" || err != nil || u.Host == "" {
			add("dialog.llm.enabled needs dialog.llm.base_url (or OPENAI_BASE_URL) as an http(s) URL, got %q", l.BaseURL)
		}
		if l.Timeout <= 0 {
			add("dialog.llm.timeout must be positive")
		}
	}
	if c.ARI.URL != "" {
		if u, err := url.Parse(c.ARI.URL); err != nil || u.Host == "" {
			add("ari.url %q is not a URL such as http://asterisk:8088/ari", c.ARI.URL)
		}
		if c.ARI.App == "" {
			add("ari.app must be set when ari.url is")
		}
		if _, _, err := ParsePortRange(c.ARI.RTPPorts); err != nil {
			add("ari.rtp_ports: %v", err)
		}
		switch c.ARI.HandoffMode {
		case "dialplan":
		case "agents":
			// The ARI side of this mode exists (telephony/ari AgentConnector); the agent queue does not yet.
			add("ari.handoff_mode agents needs voicegate's live-agent queue, which this build does not have yet; use dialplan")
		default:
			add("ari.handoff_mode must be dialplan or agents, got %q", c.ARI.HandoffMode)
		}
	}
	if c.WebRTC.UDPPorts != "" {
		if _, _, err := ParsePortRange(c.WebRTC.UDPPorts); err != nil {
			add("webrtc.udp_ports: %v", err)
		}
	}
	if c.WebRTC.MaxCalls < 1 {
		add("webrtc.max_calls must be at least 1")
	}
	if len(errs) > 0 {
		return fmt.Errorf("%w: %s", ErrInvalid, strings.Join(errs, "; "))
	}
	return nil
}

// ParsePortRange parses "20000-20999".
func ParsePortRange(s string) (lo, hi int, err error) {
	a, b, ok := strings.Cut(s, "-")
	if !ok {
		return 0, 0, fmt.Errorf("%q is not a range like 20000-20999", s)
	}
	lo, err1 := strconv.Atoi(strings.TrimSpace(a))
	hi, err2 := strconv.Atoi(strings.TrimSpace(b))
	if err1 != nil || err2 != nil || lo < 1 || hi > 65535 || lo > hi {
		return 0, 0, fmt.Errorf("%q is not a range like 20000-20999 within 1-65535", s)
	}
	return lo, hi, nil
}
