package gateway_test

import (
	"context"
	"testing"

	"github.com/voicegate/voicegate/dialog/dialogtest"
	"github.com/voicegate/voicegate/internal/loadgen"
)

// BenchmarkTurnLatency places real-time calls (flite caller voice, pocketsphinx, flite replies) and reports
// turn latency percentiles: from the detected end of the caller's speech (the end-of-turn silence not counted)
// to the first reply frame handed to the leg.
func BenchmarkTurnLatency(b *testing.B) {
	eng := &dialogtest.Engine{Rules: []dialogtest.Rule{
		{Contains: "order", Intent: "order_status", Reply: "Your order has shipped and should arrive on Friday."},
		{Contains: "return", Intent: "return_policy", Reply: "You can return most items within thirty days."},
		{Contains: "bye", Intent: "goodbye", Reply: "Goodbye.", End: true},
	}}
	gw := newGateway(b, eng, nil)
	turns := [][]int16{speak(b, "where is my order"), speak(b, "what is your return policy"), speak(b, "thank you goodbye")}
	var all []float64
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		st, err := loadgen.RunCalls(context.Background(), gw, turns, 2, 2, 1)
		if err != nil {
			b.Fatal(err)
		}
		for _, r := range st.Records {
			for _, t := range r.Turns {
				if t.LatencyMS.Turn > 0 {
					all = append(all, t.LatencyMS.Turn)
				}
			}
		}
	}
	p := loadgen.Summarize(all)
	b.ReportMetric(p.P50, "p50_turn_ms")
	b.ReportMetric(p.P95, "p95_turn_ms")
	b.ReportMetric(float64(p.N), "turns")
}

// BenchmarkIdleCallMemory reports what an idle call (greeted, waiting for the caller) holds.
func BenchmarkIdleCallMemory(b *testing.B) {
	gw := newGateway(b, &dialogtest.Engine{}, nil)
	for i := 0; i < b.N; i++ {
		m, err := loadgen.IdleMemory(context.Background(), gw, 20)
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(m.HeapMiB, "heap_MiB/call")
		b.ReportMetric(m.RSSMiB, "rss_MiB/call")
	}
}
