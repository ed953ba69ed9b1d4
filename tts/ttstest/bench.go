package ttstest

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/voicegate/voicegate/tts"
)

// TypicalReply is the sentence benchmarks speak: the length of a usual call-center answer.
const TypicalReply = "Thank you for calling. Your order has shipped and should arrive on Friday; is there anything else I can help you with?"

// Bench synthesises req b.N times and reports the median time to first chunk ("ms-first-chunk") and
// the median real-time factor ("rtf": synthesis time / audio duration; lower is faster).
func Bench(b *testing.B, s tts.Synthesizer, req tts.Request) {
	b.Helper()
	ctx := context.Background()
	var firsts, rtfs []float64
	for b.Loop() {
		r, err := Collect(ctx, s, req)
		if err != nil {
			b.Fatal(err)
		}
		if len(r.PCM) == 0 {
			b.Fatal("no audio")
		}
		firsts = append(firsts, float64(r.FirstChunk)/float64(time.Millisecond))
		rtfs = append(rtfs, r.Total.Seconds()/(float64(len(r.PCM))/SampleRate))
	}
	b.ReportMetric(median(firsts), "ms-first-chunk")
	b.ReportMetric(median(rtfs), "rtf")
}

func median(v []float64) float64 {
	if len(v) == 0 {
		return 0
	}
	slices.Sort(v)
	return v[len(v)/2]
}
