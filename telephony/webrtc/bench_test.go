package webrtc

import (
	"context"
	"fmt"
	"runtime"
	"slices"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/pion/webrtc/v4"
	"github.com/voicegate/voicegate/audio"
	"github.com/voicegate/voicegate/telephony"
)

// BenchmarkCodecPath is the per-call media work of one 20 ms frame each way: Opus decode + 48→16 kHz for
// the caller, 16→48 kHz + Opus encode for the bot. cpu%/call = ns/op / 20 ms.
func BenchmarkCodecPath(b *testing.B) {
	src, err := newOutbound(codecOpus) // makes realistic caller packets
	if err != nil {
		b.Fatal(err)
	}
	frames := audio.Frames(tone(440, audio.SampleRate, 8000))
	packets := make([][]byte, len(frames))
	for i := range frames {
		p, err := src.encode(&frames[i])
		if err != nil {
			b.Fatal(err)
		}
		packets[i] = slices.Clone(p)
	}
	in, err := newInbound(codecOpus)
	if err != nil {
		b.Fatal(err)
	}
	out, err := newOutbound(codecOpus)
	if err != nil {
		b.Fatal(err)
	}
	dst := make([]audio.Frame, 0, 4)
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		dst, err = in.decode(dst[:0], packets[i%len(packets)])
		if err != nil {
			b.Fatal(err)
		}
		if _, err := out.encode(&frames[i%len(frames)]); err != nil {
			b.Fatal(err)
		}
		i++
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(framePeriod.Nanoseconds())*100, "cpu%/call")
}

// BenchmarkConcurrentCalls runs N echo calls (caller audio decoded, written back, encoded, paced) against
// in-process pion clients over loopback and reports CPU per call (both ends share the process; clients
// send pre-encoded packets and do not decode), p99 deviation of the server's 20 ms send schedule, and
// memory per call. Run with -benchtime=1x.
func BenchmarkConcurrentCalls(b *testing.B) {
	for _, n := range []int{10, 40} {
		b.Run(fmt.Sprintf("calls=%d", n), func(b *testing.B) { benchCalls(b, n) })
	}
}

func benchCalls(b *testing.B, n int) {
	const measure = 5 * time.Second
	var jmu sync.Mutex
	var jitter []time.Duration
	recording := false
	echo := func(ctx context.Context, leg telephony.Leg) {
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
	runtime.GC()
	var m0 runtime.MemStats
	runtime.ReadMemStats(&m0)

	srv, err := NewServer(echo, WithLoopbackOnly(), WithMaxCalls(n), withJitterObserver(func(d time.Duration) {
		jmu.Lock()
		if recording {
			jitter = append(jitter, d)
		}
		jmu.Unlock()
	}))
	if err != nil {
		b.Fatal(err)
	}
	hs := newBenchHTTP(srv)
	defer hs.Close()
	defer func() {
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		defer cancel()
		_ = srv.Close(ctx)
	}()

	src, err := newOutbound(codecOpus)
	if err != nil {
		b.Fatal(err)
	}
	frames := audio.Frames(tone(440, audio.SampleRate, 8000))
	packets := make([][]byte, len(frames))
	for i := range frames {
		p, _ := src.encode(&frames[i])
		packets[i] = slices.Clone(p)
	}

	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	defer func() {
		cancel()
		wg.Wait()
	}()
	for range n {
		c := newTestClient(b, []webrtc.RTPCodecParameters{clientOpus})
		c.dial(hs.URL)
		wg.Add(2)
		go func() {
			defer wg.Done()
			c.waitBound(ctx)
			pt := uint8(c.track.sel.PayloadType)
			tick := time.NewTicker(framePeriod)
			defer tick.Stop()
			for i := 0; ; i++ {
				if c.track.write(pt, uint32(i*960), false, packets[i%len(packets)], 0) != nil {
					return
				}
				select {
				case <-ctx.Done():
					return
				case <-tick.C:
				}
			}
		}()
		go func() {
			defer wg.Done()
			var tr *webrtc.TrackRemote
			select {
			case tr = <-c.remote:
			case <-ctx.Done():
				return
			}
			stop := context.AfterFunc(ctx, func() { _ = tr.SetReadDeadline(time.Now()) })
			defer stop()
			buf := make([]byte, 1500)
			for {
				if _, _, err := tr.Read(buf); err != nil {
					return
				}
			}
		}()
	}
	time.Sleep(2 * time.Second) // connect and settle
	if got := srv.ActiveCalls(); got != n {
		b.Fatalf("%d calls up, want %d", got, n)
	}
	runtime.GC()
	var m1 runtime.MemStats
	runtime.ReadMemStats(&m1)
	jmu.Lock()
	recording = true
	jmu.Unlock()
	var r0, r1 syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &r0)
	played0 := totalPlayed(srv)
	t0 := time.Now()
	time.Sleep(measure)
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &r1)
	wall := time.Since(t0)
	played := totalPlayed(srv) - played0
	jmu.Lock()
	recording = false
	js := slices.Clone(jitter)
	jmu.Unlock()

	cpu := time.Duration(syscall.TimevalToNsec(r1.Utime) - syscall.TimevalToNsec(r0.Utime) +
		syscall.TimevalToNsec(r1.Stime) - syscall.TimevalToNsec(r0.Stime))
	slices.Sort(js)
	p := func(q float64) time.Duration {
		if len(js) == 0 {
			return 0
		}
		return js[min(len(js)-1, int(q*float64(len(js))))]
	}
	mem := float64(m1.HeapInuse+m1.StackInuse) - float64(m0.HeapInuse+m0.StackInuse)
	b.ReportMetric(cpu.Seconds()/wall.Seconds()/float64(n)*100, "cpu%/call")
	b.ReportMetric(float64(p(0.50).Microseconds())/1000, "p50-jitter-ms")
	b.ReportMetric(float64(p(0.99).Microseconds())/1000, "p99-jitter-ms")
	b.ReportMetric(mem/float64(n)/1024, "KiB/call")
	b.ReportMetric(float64(played)/wall.Seconds()/float64(n), "echo-frames/s/call")
}

func totalPlayed(s *Server) int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	var t int64
	for _, l := range s.legs {
		t += l.Played()
	}
	return t
}
