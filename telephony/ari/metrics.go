package ari

import "github.com/prometheus/client_golang/prometheus"

type metrics struct {
	calls         *prometheus.CounterVec // by outcome
	active        prometheus.Gauge
	events        *prometheus.CounterVec // by result: ok, dropped, normalised
	eventsDropped *prometheus.CounterVec // by reason
	reconnects    prometheus.Counter
	replaced      prometheus.Counter
	restErrors    *prometheus.CounterVec // by kind
	rtpPackets    *prometheus.CounterVec // by direction
	rtpDropped    *prometheus.CounterVec // by reason
	jitterConceal prometheus.Counter
	clockLate     prometheus.Histogram
	// The per-packet counters resolved once: WithLabelValues hashes and locks on every call.
	rtpIn, rtpOut prometheus.Counter
}

func newMetrics(reg prometheus.Registerer) *metrics {
	m := &metrics{
		calls: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "voicegate_ari_calls_total",
			Help: "ARI calls by outcome."}, []string{"outcome"}),
		active: prometheus.NewGauge(prometheus.GaugeOpts{Name: "voicegate_ari_calls_active",
			Help: "ARI calls in progress."}),
		events: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "voicegate_ari_events_total",
			Help: "ARI events read from the websocket, by result."}, []string{"result"}),
		eventsDropped: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "voicegate_ari_events_dropped_total",
			Help: "ARI events dropped before the client library, by reason."}, []string{"reason"}),
		reconnects: prometheus.NewCounter(prometheus.CounterOpts{Name: "voicegate_ari_reconnects_total",
			Help: "Events websocket reconnections."}),
		replaced: prometheus.NewCounter(prometheus.CounterOpts{Name: "voicegate_ari_application_replaced_total",
			Help: "Times another connection took over our Stasis application."}),
		restErrors: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "voicegate_ari_rest_errors_total",
			Help: "ARI REST failures, by kind."}, []string{"kind"}),
		rtpPackets: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "voicegate_ari_rtp_packets_total",
			Help: "RTP packets, by direction."}, []string{"direction"}),
		rtpDropped: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "voicegate_ari_rtp_dropped_total",
			Help: "Received RTP packets dropped, by reason."}, []string{"reason"}),
		jitterConceal: prometheus.NewCounter(prometheus.CounterOpts{Name: "voicegate_ari_jitter_concealed_frames_total",
			Help: "Caller frames synthesised for lost or late RTP packets."}),
		clockLate: prometheus.NewHistogram(prometheus.HistogramOpts{Name: "voicegate_ari_media_clock_lateness_seconds",
			Help:    "How late each 1 ms slot of the 20 ms media clock started: every RTP send in it is at least this late.",
			Buckets: []float64{0.0001, 0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1}}),
	}
	m.rtpIn, m.rtpOut = m.rtpPackets.WithLabelValues("in"), m.rtpPackets.WithLabelValues("out")
	if reg != nil {
		for _, c := range []prometheus.Collector{m.calls, m.active, m.events, m.eventsDropped, m.reconnects,
			m.replaced, m.restErrors, m.rtpPackets, m.rtpDropped, m.jitterConceal, m.clockLate} {
			_ = reg.Register(c)
		}
	}
	return m
}
