package tts_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"go.uber.org/goleak"

	"github.com/voicegate/voicegate/tts"
	"github.com/voicegate/voicegate/tts/ttstest"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// collect runs one synthesis and returns everything emitted and the chunk sizes.
func collect(ctx context.Context, s tts.Synthesizer, req tts.Request) ([]int16, []int, error) {
	var pcm []int16
	var sizes []int
	err := s.Synthesize(ctx, req, func(c []int16) error {
		pcm = append(pcm, c...)
		sizes = append(sizes, len(c))
		return nil
	})
	return pcm, sizes, err
}

func TestCacheHitReplaysSameAudio(t *testing.T) {
	fake := ttstest.New()
	c := tts.NewCache(fake, tts.WithReplayChunk(1000))
	req := tts.Request{Text: "Thank you for calling", Lang: "en"}
	first, _, err := collect(context.Background(), c, req)
	if err != nil {
		t.Fatal(err)
	}
	second, sizes, err := collect(context.Background(), c, req)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(first, ttstest.Render(req.Text)) || !slices.Equal(second, first) {
		t.Fatalf("cached audio differs: %d vs %d samples", len(first), len(second))
	}
	for _, n := range sizes {
		if n > 1000 {
			t.Fatalf("replay chunk of %d samples, want <= 1000", n)
		}
	}
	if fake.Calls() != 1 {
		t.Fatalf("underlying synthesizer called %d times, want 1", fake.Calls())
	}
	st := c.Stats()
	if st.Hits != 1 || st.Misses != 1 || st.Entries != 1 || st.Samples != len(first) {
		t.Fatalf("stats = %+v", st)
	}
	if c.Name() != fake.Name() {
		t.Fatalf("Name() = %q", c.Name())
	}
}

func TestCacheKeyIncludesVoiceLangText(t *testing.T) {
	fake := ttstest.New()
	c := tts.NewCache(fake)
	reqs := []tts.Request{
		{Text: "hello", Lang: "en"},
		{Text: "hello", Lang: "en", Voice: "kal16"},
		{Text: "hello", Lang: "zh"},
		{Text: "hello.", Lang: "en"},
		{Text: "hello", Lang: "en"}, // the only repeat
	}
	for _, r := range reqs {
		if _, _, err := collect(context.Background(), c, r); err != nil {
			t.Fatal(err)
		}
	}
	if fake.Calls() != 4 {
		t.Fatalf("underlying calls = %d, want 4", fake.Calls())
	}
	// A different provider behind another cache never shares entries.
	other := ttstest.New(ttstest.WithName("other"))
	if _, _, err := collect(context.Background(), tts.NewCache(other), reqs[0]); err != nil || other.Calls() != 1 {
		t.Fatalf("other provider: err %v calls %d", err, other.Calls())
	}
}

func TestCacheEvictsLeastRecentlyUsedBySamples(t *testing.T) {
	fake := ttstest.New()
	one := len(ttstest.Render("alpha"))
	c := tts.NewCache(fake, tts.WithMaxSamples(2*one))
	say := func(text string) {
		t.Helper()
		if _, _, err := collect(context.Background(), c, tts.Request{Text: text}); err != nil {
			t.Fatal(err)
		}
	}
	say("alpha")
	say("bravo")
	say("alpha") // alpha is now the most recent
	say("delta") // evicts bravo
	if st := c.Stats(); st.Entries != 2 || st.Evictions != 1 || st.Samples != 2*one {
		t.Fatalf("stats after eviction = %+v", st)
	}
	calls := fake.Calls()
	say("alpha")
	if fake.Calls() != calls {
		t.Fatal("alpha was evicted, want bravo evicted")
	}
	say("bravo")
	if fake.Calls() != calls+1 {
		t.Fatal("bravo still cached")
	}
	// A prompt larger than the whole cache is spoken but not kept.
	long := "one two three four five"
	pcm, _, err := collect(context.Background(), c, tts.Request{Text: long})
	if err != nil || len(pcm) != len(ttstest.Render(long)) {
		t.Fatalf("long prompt: %d samples, err %v", len(pcm), err)
	}
	if st := c.Stats(); st.Samples > 2*one {
		t.Fatalf("cache holds %d samples, bound %d", st.Samples, 2*one)
	}
}

func TestCacheConcurrentRequestsSynthesiseOnce(t *testing.T) {
	fake := ttstest.New(ttstest.WithFirstChunkDelay(30*time.Millisecond), ttstest.WithChunkDelay(time.Millisecond))
	c := tts.NewCache(fake)
	req := tts.Request{Text: "please hold while I transfer you", Lang: "en"}
	want := ttstest.Render(req.Text)
	const n = 8
	var wg sync.WaitGroup
	errs := make([]error, n)
	outs := make([][]int16, n)
	for i := range n {
		wg.Go(func() { outs[i], _, errs[i] = collect(context.Background(), c, req) })
	}
	wg.Wait()
	for i := range n {
		if errs[i] != nil || !slices.Equal(outs[i], want) {
			t.Fatalf("caller %d: err %v, %d samples want %d", i, errs[i], len(outs[i]), len(want))
		}
	}
	if fake.Calls() != 1 {
		t.Fatalf("synthesised %d times, want 1", fake.Calls())
	}
	if st := c.Stats(); st.Misses+st.Shared+st.Hits != n || st.Misses != 1 {
		t.Fatalf("stats = %+v", st)
	}
}

func TestCacheInterruptedPromptFinishesAndIsCached(t *testing.T) {
	fake := ttstest.New(ttstest.WithChunkDelay(5 * time.Millisecond))
	c := tts.NewCache(fake)
	req := tts.Request{Text: "this sentence is interrupted by the caller"}
	interrupt(t, c, req)
	// The synthesis goes on without the caller and lands in the cache; the next caller costs nothing.
	pcm, _, err := collect(context.Background(), c, req)
	if err != nil || !slices.Equal(pcm, ttstest.Render(req.Text)) || fake.Calls() != 1 {
		t.Fatalf("next caller: err %v, %d samples, %d synthesis calls (want 1)", err, len(pcm), fake.Calls())
	}
	waitFor(t, func() bool { return c.Stats().Entries == 1 })
}

func TestCacheAbortedLongSynthesisIsNotCached(t *testing.T) {
	fake := ttstest.New(ttstest.WithChunkDelay(5 * time.Millisecond))
	c := tts.NewCache(fake)
	req := tts.Request{Text: strings.Repeat("a long answer that is read out in full. ", 10)}
	interrupt(t, c, req)
	if st := c.Stats(); st.Entries != 0 {
		t.Fatalf("aborted synthesis cached: %+v", st)
	}
	pcm, _, err := collect(context.Background(), c, req)
	if err != nil || !slices.Equal(pcm, ttstest.Render(req.Text)) || fake.Calls() != 2 {
		t.Fatalf("retry: err %v, %d samples, %d calls", err, len(pcm), fake.Calls())
	}
}

// interrupt plays req until 0.2 s of audio arrived, then hangs up (cancels), as a caller barging in would;
// the cancellation must be prompt.
func interrupt(t *testing.T, c *tts.Cache, req tts.Request) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	got := 0
	start := time.Now()
	err := c.Synthesize(ctx, req, func(pcm []int16) error {
		got += len(pcm)
		if got >= 3200 {
			cancel()
		}
		return nil
	})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	if time.Since(start) > time.Second {
		t.Fatalf("cancel took %v", time.Since(start))
	}
}

func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatal("condition not reached within 5s")
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func TestCacheFollowerSurvivesLeaderCancel(t *testing.T) {
	fake := ttstest.New(ttstest.WithChunkDelay(2 * time.Millisecond))
	c := tts.NewCache(fake)
	req := tts.Request{Text: "your call is important to us"}
	leaderCtx, cancelLeader := context.WithCancel(context.Background())
	started := make(chan struct{})
	var once sync.Once
	leaderErr := make(chan error, 1)
	go func() {
		leaderErr <- c.Synthesize(leaderCtx, req, func([]int16) error {
			once.Do(func() { close(started) })
			return nil
		})
	}()
	<-started
	followerOut := make(chan []int16, 1)
	go func() {
		pcm, _, _ := collect(context.Background(), c, req)
		followerOut <- pcm
	}()
	time.Sleep(10 * time.Millisecond)
	cancelLeader()
	if err := <-leaderErr; !errors.Is(err, context.Canceled) {
		t.Fatalf("leader err = %v", err)
	}
	if pcm := <-followerOut; !slices.Equal(pcm, ttstest.Render(req.Text)) {
		t.Fatalf("follower got %d samples, want the whole prompt", len(pcm))
	}
	if st := c.Stats(); st.Entries != 1 || fake.Calls() != 1 {
		t.Fatalf("stats %+v calls %d", st, fake.Calls())
	}
}

func TestCacheErrors(t *testing.T) {
	boom := errors.New("boom")
	t.Run("provider error is returned and not cached", func(t *testing.T) {
		fake := ttstest.New(ttstest.WithError(boom))
		c := tts.NewCache(fake)
		for range 2 {
			if _, _, err := collect(context.Background(), c, tts.Request{Text: "hi"}); !errors.Is(err, boom) {
				t.Fatalf("err = %v", err)
			}
		}
		if fake.Calls() != 2 || c.Stats().Entries != 0 {
			t.Fatalf("calls %d stats %+v", fake.Calls(), c.Stats())
		}
	})
	t.Run("emit error stops only that caller", func(t *testing.T) {
		c := tts.NewCache(ttstest.New())
		err := c.Synthesize(context.Background(), tts.Request{Text: "hello world"}, func([]int16) error { return boom })
		if !errors.Is(err, boom) {
			t.Fatalf("err = %v", err)
		}
		// On a hit too.
		if _, _, err := collect(context.Background(), c, tts.Request{Text: "again"}); err != nil {
			t.Fatal(err)
		}
		err = c.Synthesize(context.Background(), tts.Request{Text: "again"}, func([]int16) error { return boom })
		if !errors.Is(err, boom) {
			t.Fatalf("hit err = %v", err)
		}
	})
	t.Run("empty text", func(t *testing.T) {
		c := tts.NewCache(ttstest.New())
		if err := c.Synthesize(context.Background(), tts.Request{Text: " \n"}, func([]int16) error { return nil }); !errors.Is(err, tts.ErrEmptyText) {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("cancelled before start", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		c := tts.NewCache(ttstest.New())
		if err := c.Synthesize(ctx, tts.Request{Text: "hi"}, func([]int16) error { return nil }); !errors.Is(err, context.Canceled) {
			t.Fatalf("err = %v", err)
		}
	})
}

func TestCacheReplayIsolatedFromCallerMutation(t *testing.T) {
	c := tts.NewCache(ttstest.New())
	req := tts.Request{Text: "account balance"}
	_ = c.Synthesize(context.Background(), req, func(pcm []int16) error { clear(pcm); return nil })
	_ = c.Synthesize(context.Background(), req, func(pcm []int16) error { clear(pcm); return nil })
	pcm, _, err := collect(context.Background(), c, req)
	if err != nil || !slices.Equal(pcm, ttstest.Render(req.Text)) {
		t.Fatal("caller mutation reached the cached copy")
	}
}

func TestCacheMetrics(t *testing.T) {
	reg := prometheus.NewRegistry()
	c := tts.NewCache(ttstest.New(), tts.WithCacheRegisterer(reg))
	c2 := tts.NewCache(ttstest.New(ttstest.WithName("b")), tts.WithCacheRegisterer(reg)) // shares the counters
	for _, text := range []string{"a", "a", "b"} {
		if _, _, err := collect(context.Background(), c, tts.Request{Text: text}); err != nil {
			t.Fatal(err)
		}
	}
	if _, _, err := collect(context.Background(), c2, tts.Request{Text: "a"}); err != nil {
		t.Fatal(err)
	}
	mfs, err := reg.Gather()
	if err != nil || len(mfs) != 5 {
		t.Fatalf("gathered %d metric families, err %v", len(mfs), err)
	}
	got := map[string]float64{}
	for _, mf := range mfs {
		m := mf.GetMetric()[0]
		if m.GetCounter() != nil {
			got[mf.GetName()] = m.GetCounter().GetValue()
		} else {
			got[mf.GetName()] = m.GetGauge().GetValue()
		}
	}
	if got["voicegate_tts_cache_hits_total"] != 1 || got["voicegate_tts_cache_misses_total"] != 3 {
		t.Fatalf("metrics = %v", got)
	}
	if got["voicegate_tts_cache_samples"] <= 0 {
		t.Fatalf("samples gauge = %v", got["voicegate_tts_cache_samples"])
	}
}

func BenchmarkCacheHit(b *testing.B) {
	c := tts.NewCache(ttstest.New())
	req := tts.Request{Text: "Thank you for calling, how can I help you today?"}
	if _, _, err := collect(context.Background(), c, req); err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	var ttfc time.Duration
	b.ReportAllocs()
	for b.Loop() {
		var first time.Duration
		start := time.Now()
		if err := c.Synthesize(ctx, req, func([]int16) error {
			if first == 0 {
				first = time.Since(start)
			}
			return nil
		}); err != nil {
			b.Fatal(err)
		}
		ttfc += first
	}
	b.ReportMetric(float64(ttfc.Nanoseconds())/float64(b.N), "ns-first-chunk/op")
}
