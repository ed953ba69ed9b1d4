package webrtc

import (
	"fmt"
	"log/slog"
	"time"

	"github.com/pion/webrtc/v4"
	"github.com/prometheus/client_golang/prometheus"
)

// Option configures a Server.
type Option func(*config) error

type config struct {
	iceServers        []webrtc.ICEServer
	nat1to1IPs        []string
	nat1to1Type       webrtc.ICECandidateType
	portMin, portMax  uint16
	maxCalls          int
	maxBody           int64
	allowedOrigins    map[string]bool
	registerer        prometheus.Registerer
	logger            *slog.Logger
	idleTimeout       time.Duration
	connectTimeout    time.Duration
	disconnectTimeout time.Duration
	gatherTimeout     time.Duration
	iceDisconnected   time.Duration
	iceFailed         time.Duration
	iceKeepalive      time.Duration
	outQueue          int
	inQueue           int
	loopbackOnly      bool
	settingHooks      []func(*webrtc.SettingEngine)
	// jitterObserver sees every send-schedule deviation; benchmarks use it for exact percentiles.
	jitterObserver func(time.Duration)
}

func defaultConfig() config {
	return config{
		nat1to1Type:       webrtc.ICECandidateTypeHost,
		maxCalls:          100,
		maxBody:           64 << 10,
		logger:            slog.New(slog.DiscardHandler),
		idleTimeout:       30 * time.Second,
		connectTimeout:    30 * time.Second,
		disconnectTimeout: 5 * time.Second,
		gatherTimeout:     5 * time.Second,
		outQueue:          50,
		inQueue:           50,
	}
}

// WithICEServers sets the STUN/TURN servers used to gather candidates (e.g. "stun:stun.example.org:3478",
// or a TURN URL with username and credential).
func WithICEServers(servers ...webrtc.ICEServer) Option {
	return func(c *config) error {
		c.iceServers = append(c.iceServers, servers...)
		return nil
	}
}

// WithNAT1To1IPs advertises these public IPs instead of the host's own (a server behind 1:1 NAT).
// candidateType is webrtc.ICECandidateTypeHost (replace) or webrtc.ICECandidateTypeSrflx (add).
func WithNAT1To1IPs(candidateType webrtc.ICECandidateType, ips ...string) Option {
	return func(c *config) error {
		if candidateType != webrtc.ICECandidateTypeHost && candidateType != webrtc.ICECandidateTypeSrflx {
			return fmt.Errorf("%w: NAT 1:1 candidate type must be host or srflx", ErrBadOption)
		}
		c.nat1to1IPs = append(c.nat1to1IPs, ips...)
		c.nat1to1Type = candidateType
		return nil
	}
}

// WithUDPPortRange limits the UDP ports used for media (for firewalls).
func WithUDPPortRange(minPort, maxPort uint16) Option {
	return func(c *config) error {
		if minPort == 0 || maxPort < minPort {
			return fmt.Errorf("%w: UDP port range %d-%d", ErrBadOption, minPort, maxPort)
		}
		c.portMin, c.portMax = minPort, maxPort
		return nil
	}
}

// WithMaxCalls limits concurrent calls; offers past the limit get 503.
func WithMaxCalls(n int) Option {
	return func(c *config) error {
		if n < 1 {
			return fmt.Errorf("%w: max calls %d", ErrBadOption, n)
		}
		c.maxCalls = n
		return nil
	}
}

// WithMaxBodyBytes limits the size of an offer or candidate request; larger bodies get 413.
func WithMaxBodyBytes(n int64) Option {
	return func(c *config) error {
		if n < 1 {
			return fmt.Errorf("%w: max body %d", ErrBadOption, n)
		}
		c.maxBody = n
		return nil
	}
}

// WithAllowedOrigins restricts browser requests to these origins (e.g. "https://example.org"); requests
// with another Origin header get 403. Requests without an Origin header (non-browser clients) pass.
func WithAllowedOrigins(origins ...string) Option {
	return func(c *config) error {
		if c.allowedOrigins == nil {
			c.allowedOrigins = map[string]bool{}
		}
		for _, o := range origins {
			c.allowedOrigins[o] = true
		}
		return nil
	}
}

// WithRegisterer registers the voicegate_webrtc_* metrics there.
func WithRegisterer(r prometheus.Registerer) Option {
	return func(c *config) error {
		c.registerer = r
		return nil
	}
}

// WithLogger sets the logger; the default discards.
func WithLogger(l *slog.Logger) Option {
	return func(c *config) error {
		if l != nil {
			c.logger = l
		}
		return nil
	}
}

// WithTimeouts sets how long a call may go without caller RTP once connected (idle), how long ICE/DTLS may
// take to connect, and how long a disconnected session may stay before it is ended. Zero keeps a default.
func WithTimeouts(idle, connect, disconnect time.Duration) Option {
	return func(c *config) error {
		if idle < 0 || connect < 0 || disconnect < 0 {
			return fmt.Errorf("%w: negative timeout", ErrBadOption)
		}
		if idle > 0 {
			c.idleTimeout = idle
		}
		if connect > 0 {
			c.connectTimeout = connect
		}
		if disconnect > 0 {
			c.disconnectTimeout = disconnect
		}
		return nil
	}
}

// WithICETimeouts tunes pion's ICE agent: no traffic for disconnected marks the session disconnected, for
// failed marks it failed; keepalive is the consent/keepalive interval.
func WithICETimeouts(disconnected, failed, keepalive time.Duration) Option {
	return func(c *config) error {
		if disconnected <= 0 || failed <= 0 || keepalive <= 0 {
			return fmt.Errorf("%w: ICE timeouts must be positive", ErrBadOption)
		}
		c.iceDisconnected, c.iceFailed, c.iceKeepalive = disconnected, failed, keepalive
		return nil
	}
}

// WithGatherTimeout bounds how long an offer waits for ICE gathering before answering with what it has.
func WithGatherTimeout(d time.Duration) Option {
	return func(c *config) error {
		if d <= 0 {
			return fmt.Errorf("%w: gather timeout %v", ErrBadOption, d)
		}
		c.gatherTimeout = d
		return nil
	}
}

// WithPlayoutQueue sets how many 20 ms bot frames Write may queue before it blocks.
func WithPlayoutQueue(frames int) Option {
	return func(c *config) error {
		if frames < 1 {
			return fmt.Errorf("%w: playout queue %d", ErrBadOption, frames)
		}
		c.outQueue = frames
		return nil
	}
}

// WithLoopbackOnly gathers only loopback candidates and disables mDNS: for tests and same-host clients.
func WithLoopbackOnly() Option {
	return func(c *config) error {
		c.loopbackOnly = true
		return nil
	}
}

// WithSettingEngine gives access to pion's SettingEngine for knobs not covered above.
func WithSettingEngine(hook func(*webrtc.SettingEngine)) Option {
	return func(c *config) error {
		if hook != nil {
			c.settingHooks = append(c.settingHooks, hook)
		}
		return nil
	}
}

func withJitterObserver(f func(time.Duration)) Option {
	return func(c *config) error {
		c.jitterObserver = f
		return nil
	}
}
