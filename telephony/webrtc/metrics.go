package webrtc

import (
	"errors"
	"fmt"

	"github.com/prometheus/client_golang/prometheus"
)

// metrics holds the server's collectors; they live on the server, registered on an injected registerer.
type metrics struct {
	offers        *prometheus.CounterVec
	active        prometheus.Gauge
	ended         *prometheus.CounterVec
	framesIn      prometheus.Counter
	framesOut     prometheus.Counter
	framesDropped *prometheus.CounterVec
	framesFlushed prometheus.Counter
	concealed     prometheus.Counter
	dtmf          *prometheus.CounterVec
	sendJitter    prometheus.Histogram
	callSeconds   prometheus.Histogram
}

func newMetrics(reg prometheus.Registerer) (*metrics, error) {
	m := &metrics{
		offers: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "voicegate_webrtc_offers_total",
			Help: "WebRTC offers by HTTP status code of the answer.",
		}, []string{"code"}),
		active: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "voicegate_webrtc_calls_active",
			Help: "WebRTC calls currently up.",
		}),
		ended: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "voicegate_webrtc_calls_ended_total",
			Help: "WebRTC calls ended, by reason.",
		}, []string{"reason"}),
		framesIn: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "voicegate_webrtc_caller_frames_total",
			Help: "20 ms caller frames decoded and delivered to legs.",
		}),
		framesOut: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "voicegate_webrtc_bot_frames_total",
			Help: "20 ms bot frames sent to browsers.",
		}),
		framesDropped: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "voicegate_webrtc_frames_dropped_total",
			Help: "Frames dropped: caller frames the handler did not read in time (in), late or bad packets (rtp).",
		}, []string{"where"}),
		framesFlushed: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "voicegate_webrtc_bot_frames_flushed_total",
			Help: "Queued bot frames dropped by Flush (barge-in).",
		}),
		concealed: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "voicegate_webrtc_concealed_packets_total",
			Help: "Lost caller packets replaced by concealment.",
		}),
		dtmf: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "voicegate_webrtc_dtmf_total",
			Help: "DTMF digits received, by path (rfc4733 or datachannel).",
		}, []string{"path"}),
		sendJitter: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name:    "voicegate_webrtc_send_jitter_seconds",
			Help:    "Deviation of each bot packet's send time from its 20 ms schedule.",
			Buckets: []float64{0.0001, 0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1},
		}),
		callSeconds: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name:    "voicegate_webrtc_call_duration_seconds",
			Help:    "Length of WebRTC calls.",
			Buckets: prometheus.ExponentialBuckets(1, 2, 12),
		}),
	}
	if reg == nil {
		return m, nil
	}
	for _, c := range []prometheus.Collector{m.offers, m.active, m.ended, m.framesIn, m.framesOut, m.framesDropped,
		m.framesFlushed, m.concealed, m.dtmf, m.sendJitter, m.callSeconds} {
		if err := reg.Register(c); err != nil {
			var are prometheus.AlreadyRegisteredError
			if errors.As(err, &are) {
				return nil, fmt.Errorf("%w: metrics already registered (one server per registry)", ErrBadOption)
			}
			return nil, fmt.Errorf("%w: register metrics: %v", ErrBadOption, err)
		}
	}
	return m, nil
}
