package ari_test

import (
	"context"
	"fmt"
	"runtime"
	"slices"
	"sync"
	"syscall"
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
// 4 s of caller audio each, echoed back by a trivial handler. Once every call is up, the simulated
// Asterisk measures each packet from the app against the schedule its RTP timestamps state (anchored on
// the packet that came earliest, so receive delay on this machine counts against us too) and reports the
// p50/p99 of that lateness, frames lost or reordered, and how many calls that is per core. Simulator and
// app share this machine's cores, so calls/core is conservative.
func BenchmarkConcurrentCalls(b *testing.B) {
	for _, n := range []int{100, 250, 500, 750, 1000} {
		b.Run(fmt.Sprintf("calls=%d", n), func(b *testing.B) {
			for range b.N {
				p := aritest.StartPair(b, aritest.PairOptions{Handler: echo})
				ctx, cancel := context.WithTimeout(context.Background(), 120*time.Second)
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
				time.Sleep(500 * time.Millisecond) // let the setup rush settle
				for _, c := range calls {
					c.ResetRTPStats()
				}
				pcm := tone(440, 8000, 8000*4, 6000)
				cpu0 := cpuTime(b)
				var wg sync.WaitGroup
				for _, c := range calls {
					wg.Go(func() {
						if err := c.SendPCM(ctx, pcm); err != nil {
							b.Error(err)
						}
					})
				}
				wg.Wait()
				// CPU (user+sys, app and simulator together) per call per 20 ms frame of caller audio:
				// unlike lateness it hardly depends on what else the shared machine runs, so it is the
				// capacity figure: 20 ms divided by it is how many calls one core could carry at full load.
				perTick := (cpuTime(b) - cpu0) / time.Duration(n*len(pcm)/160)
				time.Sleep(100 * time.Millisecond)
				var jit []time.Duration
				lost, pkts := 0, 0
				for _, c := range calls {
					st := c.RTPStats()
					jit = append(jit, st.JitterSamples...)
					lost += st.SeqGaps + st.SeqDisorder + st.BadTimestamp
					pkts += st.Packets
				}
				for _, c := range calls {
					_ = c.Hangup()
				}
				cancel()
				slices.Sort(jit)
				p50 := jit[len(jit)/2]
				b.ReportMetric(float64(p50.Microseconds())/1000, "p50_late_ms")
				b.ReportMetric(float64(aritest.P99(jit).Microseconds())/1000, "p99_late_ms")
				b.ReportMetric(float64(lost), "lost_frames")
				b.ReportMetric(float64(pkts)/float64(n), "pkts/call")
				b.ReportMetric(float64(n)/float64(runtime.GOMAXPROCS(0)), "calls/core")
				b.ReportMetric(float64(perTick.Nanoseconds())/1000, "cpu_us/call/tick")
				b.ReportMetric(float64(20*time.Millisecond)/float64(perTick), "calls/core_at_100%")
				if err := p.Stop(); err != nil {
					b.Error(err)
				}
			}
		})
	}
}

// cpuTime is the CPU this process has used so far (user + system).
func cpuTime(b *testing.B) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		b.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
