package gateway

import (
	"errors"
	"fmt"

	"github.com/prometheus/client_golang/prometheus"
)

type metrics struct {
	calls    *prometheus.CounterVec
	active   prometheus.Gauge
	turns    *prometheus.CounterVec
	latency  *prometheus.HistogramVec
	bargeIns prometheus.Counter
	handoffs *prometheus.CounterVec
	errors   *prometheus.CounterVec
}

func newMetrics(reg prometheus.Registerer) (*metrics, error) {
	m := &metrics{
		calls: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "voicegate_calls_total",
			Help: "Calls ended, by channel and outcome."}, []string{"channel", "outcome"}),
		active: prometheus.NewGauge(prometheus.GaugeOpts{Name: "voicegate_calls_active",
			Help: "Calls in progress."}),
		turns: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "voicegate_turns_total",
			Help: "Caller turns answered, by dialog route."}, []string{"route"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "voicegate_turn_latency_seconds",
			Help:    "Per-turn latency by stage (asr, dialog, tts_first_audio, turn).",
			Buckets: []float64{.025, .05, .1, .2, .3, .45, .6, 1, 2, 5}}, []string{"stage"}),
		bargeIns: prometheus.NewCounter(prometheus.CounterOpts{Name: "voicegate_barge_ins_total",
			Help: "Times a caller interrupted the bot."}),
		handoffs: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "voicegate_handoffs_total",
			Help: "Calls handed to a human, by reason."}, []string{"reason"}),
		errors: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "voicegate_call_errors_total",
			Help: "Errors inside calls, by stage."}, []string{"stage"}),
	}
	if reg == nil {
		return m, nil
	}
	for _, c := range []prometheus.Collector{m.calls, m.active, m.turns, m.latency, m.bargeIns, m.handoffs, m.errors} {
		if err := reg.Register(c); err != nil {
			var are prometheus.AlreadyRegisteredError
			if !errors.As(err, &are) {
				return nil, fmt.Errorf("gateway: register metrics: %w", err)
			}
		}
	}
	return m, nil
}
