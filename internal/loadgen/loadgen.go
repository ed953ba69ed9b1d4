// Package loadgen drives simulated callers through a gateway and summarises what they measured: turn
// latency percentiles, recognizer speed, and memory per idle call. `voicegate bench` and the gateway's
// benchmarks share it.
package loadgen

import (
	"context"
	"fmt"
	"os"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/voicegate/voicegate/asr"
	"github.com/voicegate/voicegate/audio"
	"github.com/voicegate/voicegate/gateway"
	"github.com/voicegate/voicegate/store"
	"github.com/voicegate/voicegate/telephony/sim"
)

// Percentiles of a latency sample, in milliseconds.
type Percentiles struct {
	N   int     `json:"n"`
	P50 float64 `json:"p50"`
	P95 float64 `json:"p95"`
	P99 float64 `json:"p99"`
	Max float64 `json:"max"`
}

// Summarize computes percentiles (nearest rank).
func Summarize(v []float64) Percentiles {
	if len(v) == 0 {
		return Percentiles{}
	}
	s := append([]float64(nil), v...)
	sort.Float64s(s)
	at := func(p float64) float64 {
		i := int(p*float64(len(s))+0.5) - 1
		if i < 0 {
			i = 0
		}
		if i >= len(s) {
			i = len(s) - 1
		}
		return s[i]
	}
	return Percentiles{N: len(s), P50: at(.5), P95: at(.95), P99: at(.99), Max: s[len(s)-1]}
}

// CallStats is what a batch of calls measured.
type CallStats struct {
	Calls       int                 `json:"calls"`
	Turns       int                 `json:"turns"`
	Outcomes    map[string]int      `json:"outcomes"`
	TurnLatency Percentiles         `json:"turn_latency_ms"`
	ASRLatency  Percentiles         `json:"asr_latency_ms"`
	TTSFirst    Percentiles         `json:"tts_first_audio_ms"`
	Records     []*store.CallRecord `json:"-"`
}

// RunCalls places calls (each saying every turn in order), concurrency at a time, at the given speed.
func RunCalls(ctx context.Context, gw *gateway.Gateway, turns [][]int16, calls, concurrency int, speed float64) (CallStats, error) {
	if concurrency < 1 {
		concurrency = 1
	}
	st := CallStats{Outcomes: map[string]int{}}
	var mu sync.Mutex
	var turnMS, asrMS, ttsMS []float64
	sem := make(chan struct{}, concurrency)
	var wg sync.WaitGroup
	var firstErr error
	for i := 0; i < calls; i++ {
		sem <- struct{}{}
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			defer func() { <-sem }()
			leg := sim.New(turns, sim.WithSpeed(speed), sim.WithID(fmt.Sprintf("bench-%d-%d", time.Now().UnixNano(), i)))
			rec, err := gw.HandleCall(ctx, leg)
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				if firstErr == nil {
					firstErr = err
				}
				return
			}
			st.Calls++
			st.Outcomes[rec.Outcome]++
			st.Records = append(st.Records, rec)
			for _, t := range rec.Turns {
				st.Turns++
				if t.LatencyMS.Turn > 0 {
					turnMS = append(turnMS, t.LatencyMS.Turn)
					ttsMS = append(ttsMS, t.LatencyMS.TTSFirstAudio)
				}
				asrMS = append(asrMS, t.LatencyMS.ASR)
			}
		}(i)
	}
	wg.Wait()
	st.TurnLatency, st.ASRLatency, st.TTSFirst = Summarize(turnMS), Summarize(asrMS), Summarize(ttsMS)
	return st, firstErr
}

// RTF runs every utterance through one recognizer session in the given mode and returns processing time
// divided by audio time.
func RTF(ctx context.Context, rec asr.Recognizer, utterances [][]int16, mode asr.Mode) (float64, error) {
	s, err := rec.NewSession(ctx, "en")
	if err != nil {
		return 0, err
	}
	defer s.Close()
	var busy time.Duration
	samples := 0
	for _, u := range utterances {
		start := time.Now()
		if err := s.Begin(ctx, asr.Hints{Mode: mode}); err != nil {
			return 0, err
		}
		for i := 0; i < len(u); i += audio.FrameSamples {
			if err := s.Write(u[i:min(i+audio.FrameSamples, len(u))]); err != nil {
				return 0, err
			}
		}
		if _, err := s.End(ctx); err != nil {
			return 0, err
		}
		busy += time.Since(start)
		samples += len(u)
	}
	if samples == 0 {
		return 0, nil
	}
	return busy.Seconds() / (float64(samples) / audio.SampleRate), nil
}

// Memory is what each idle call holds, in MiB: Go heap, and resident memory (which also counts the
// recognizer's C allocations).
type Memory struct {
	HeapMiB float64 `json:"heap_mib"`
	RSSMiB  float64 `json:"rss_mib"`
}

func rss() float64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			kb, _ := strconv.ParseFloat(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 64)
			return kb * 1024
		}
	}
	return 0
}

// IdleMemory starts n calls that stay silent after the greeting and reports what each one holds.
func IdleMemory(ctx context.Context, gw *gateway.Gateway, n int) (Memory, error) {
	runtime.GC()
	var before runtime.MemStats
	runtime.ReadMemStats(&before)
	rssBefore := rss()
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	legs := make([]*sim.Leg, n)
	var wg sync.WaitGroup
	for i := range legs {
		// One long silent turn keeps the caller on the line without speaking.
		legs[i] = sim.New(nil, sim.WithStayOnLine(), sim.WithID(fmt.Sprintf("idle-%d", i)))
		wg.Add(1)
		go func(l *sim.Leg) { defer wg.Done(); _, _ = gw.HandleCall(ctx, l) }(legs[i])
	}
	// Let the greetings play out.
	deadline := time.Now().Add(30 * time.Second)
	for _, l := range legs {
		for l.Played() == 0 && time.Now().Before(deadline) {
			time.Sleep(50 * time.Millisecond)
		}
	}
	time.Sleep(500 * time.Millisecond)
	runtime.GC()
	var after runtime.MemStats
	runtime.ReadMemStats(&after)
	rssAfter := rss()
	for _, l := range legs {
		_ = l.Hangup(ctx, "bench done")
	}
	wg.Wait()
	heap := float64(after.HeapInuse) - float64(before.HeapInuse)
	return Memory{HeapMiB: heap / float64(n) / (1 << 20), RSSMiB: (rssAfter - rssBefore) / float64(n) / (1 << 20)}, nil
}
