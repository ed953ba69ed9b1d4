package ari_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/voicegate/voicegate/telephony"
	"github.com/voicegate/voicegate/telephony/ari/aritest"
)

// echo is a trivial handler: every caller frame goes straight back (media path only, no recognition).
func echo(ctx context.Context, leg telephony.Leg) {
	for {
		f, err := leg.Read(ctx)
		if err != nil {
			return
		}
		if leg.Write(ctx, f) != nil {
			return
		}
	}
}

// BenchmarkConcurrentCalls runs N simultaneous calls through the simulator, RTP both ways over loopback,
// for 3 s of caller audio each, and reports the p99 send jitter of the app's RTP (arrival at the simulated
// Asterisk against the RTP clock) and frames lost. Simulator and app share this machine's cores.
func BenchmarkConcurrentCalls(b *testing.B) {
	for _, n := range []int{50, 100, 150, 200, 500} {
		b.Run(fmt.Sprintf("calls=%d", n), func(b *testing.B) {
			for range b.N {
				p := aritest.StartPair(b, aritest.PairOptions{Handler: echo})
				ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
				calls := make([]*aritest.Call, n)
				for i := range calls {
					c, err := p.Sim.NewCall(aritest.CallOptions{App: p.Config.App})
					if err != nil {
						b.Fatal(err)
					}
					calls[i] = c
				}
				for _, c := range calls {
					if err := c.WaitBridged(ctx); err != nil {
						b.Fatal(err)
					}
				}
				pcm := tone(440, 8000, 8000*3, 6000)
				var wg sync.WaitGroup
				for _, c := range calls {
					wg.Go(func() {
						if err := c.SendPCM(ctx, pcm); err != nil {
							b.Error(err)
						}
					})
				}
				wg.Wait()
				time.Sleep(300 * time.Millisecond)
				var jit []time.Duration
				gaps, pkts := 0, 0
				for _, c := range calls {
					st := c.RTPStats()
					jit = append(jit, st.JitterSamples...)
					gaps += st.SeqGaps + st.SeqDisorder
					pkts += st.Packets
				}
				for _, c := range calls {
					_ = c.Hangup()
				}
				cancel()
				b.ReportMetric(float64(aritest.P99(jit).Microseconds())/1000, "p99_jitter_ms")
				b.ReportMetric(float64(gaps), "lost_frames")
				b.ReportMetric(float64(pkts)/float64(n), "pkts/call")
				if err := p.Stop(); err != nil {
					b.Error(err)
				}
			}
		})
	}
}
