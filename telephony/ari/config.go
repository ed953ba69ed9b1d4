package ari

import (
	"fmt"
	"log/slog"
	"net"
	"net/url"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/voicegate/voicegate/telephony"
	"github.com/voicegate/voicegate/telephony/rtp"
)

// Handoff modes.
const (
	// HandoffDialplan continues the caller into a dialplan location (which runs Queue()).
	HandoffDialplan = "dialplan"
	// HandoffAgents keeps the caller in the app and connects its audio to a voicegate agent.
	HandoffAgents = "agents"
)

// HandoffConfig says where Transfer sends callers.
type HandoffConfig struct {
	Mode      string // "dialplan" (default) or "agents"
	Context   string // dialplan mode: context that runs Queue(), e.g. "agent-handoff"
	Extension string // default "s"
	Priority  int    // default 1
}

// Config is the ARI app's configuration. The password comes from the environment in the caller.
type Config struct {
	URL       string // REST root, e.g. http://asterisk:8088/ari
	EventsURL string // websocket, e.g. ws://asterisk:8088/ari/events (default: derived from URL)
	Username  string
	Password  string
	App       string // Stasis application name
	// RTPHost is the address our ExternalMedia UDP sockets bind to and Asterisk sends RTP to.
	RTPHost string
	// RTPPortMin..RTPPortMax is the UDP port range (0, 0 = any free port).
	RTPPortMin, RTPPortMax int
	Handoff                HandoffConfig
	// RequestTimeout bounds every REST request (default 5 s); ConnectTimeout the first ping and
	// websocket handshake (default 5 s).
	RequestTimeout time.Duration
	ConnectTimeout time.Duration
	// SummaryMax truncates __VG_SUMMARY (default 256 bytes, cut at a rune boundary).
	SummaryMax int
	// JitterDepth is the receive jitter buffer prefill in 20 ms frames (default 3).
	JitterDepth int
}

func (c *Config) normalize() error {
	if c.URL == "" || c.App == "" || c.Username == "" || c.RTPHost == "" {
		return fmt.Errorf("%w: url, app, username and rtp host are required", ErrConfig)
	}
	u, err := url.Parse(c.URL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") {
		return fmt.Errorf("%w: url %q", ErrConfig, c.URL)
	}
	c.URL = strings.TrimSuffix(c.URL, "/")
	if c.EventsURL == "" {
		c.EventsURL = "ws" + strings.TrimPrefix(c.URL, "http") + "/events"
	}
	if net.ParseIP(c.RTPHost) == nil {
		return fmt.Errorf("%w: rtp host %q must be an IP address", ErrConfig, c.RTPHost)
	}
	if c.RTPPortMin < 0 || c.RTPPortMax > 65535 || c.RTPPortMin > c.RTPPortMax {
		return fmt.Errorf("%w: rtp port range %d-%d", ErrConfig, c.RTPPortMin, c.RTPPortMax)
	}
	switch c.Handoff.Mode {
	case "":
		c.Handoff.Mode = HandoffDialplan
	case HandoffDialplan, HandoffAgents:
	default:
		return fmt.Errorf("%w: handoff mode %q", ErrConfig, c.Handoff.Mode)
	}
	if c.Handoff.Mode == HandoffDialplan && c.Handoff.Context == "" {
		return fmt.Errorf("%w: dialplan handoff needs a context", ErrConfig)
	}
	if c.Handoff.Extension == "" {
		c.Handoff.Extension = "s"
	}
	if c.Handoff.Priority <= 0 {
		c.Handoff.Priority = 1
	}
	if c.RequestTimeout <= 0 {
		c.RequestTimeout = 5 * time.Second
	}
	if c.ConnectTimeout <= 0 {
		c.ConnectTimeout = 5 * time.Second
	}
	if c.SummaryMax <= 0 {
		c.SummaryMax = 256
	}
	if c.JitterDepth <= 0 {
		c.JitterDepth = 3
	}
	return nil
}

// Option configures an App.
type Option func(*App)

// WithLogger sets the logger (default: discard).
func WithLogger(l *slog.Logger) Option { return func(a *App) { a.log = l } }

// WithRegisterer registers the app's metrics (voicegate_ari_*) on r.
func WithRegisterer(r prometheus.Registerer) Option { return func(a *App) { a.reg = r } }

// WithHandler sets the per-call handler (required).
func WithHandler(h telephony.Handler) Option { return func(a *App) { a.handler = h } }

// WithScheduler runs the calls' 20 ms media clocks on s (shared with other front ends, say) instead of
// a scheduler of the app's own. The caller closes s after Run returned.
func WithScheduler(s *rtp.Scheduler) Option { return func(a *App) { a.sched = s } }

// WithAgentConnector sets what takes callers in "agents" handoff mode.
func WithAgentConnector(c AgentConnector) Option { return func(a *App) { a.agents = c } }
