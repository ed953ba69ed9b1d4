package tts

import (
	"container/list"
	"context"
	"errors"
	"log/slog"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/prometheus/client_golang/prometheus"
)

// Cache defaults.
const (
	// DefaultCacheSamples bounds a cache to ten minutes of 16 kHz audio (about 19 MB).
	DefaultCacheSamples = 16000 * 60 * 10
	// DefaultReplayChunk is how much cached audio goes to emit at a time (100 ms).
	DefaultReplayChunk = 1600
)

// Cache is a Synthesizer that remembers what another one said. Call centers repeat themselves
// (greetings, menus, "one moment please"), so replaying a prompt costs nothing and starts at once.
//
// Entries are keyed by provider name, voice, language and exact text, and evicted least recently used
// once the total number of cached samples would pass the bound. Concurrent requests for the same
// uncached text share one synthesis: it runs detached from any one caller's context, each caller
// receives the audio as it is produced at its own pace, and the synthesis is cancelled only when every
// caller has gone. Audio from a synthesis that failed or was cancelled is never cached.
type Cache struct {
	s          Synthesizer
	maxSamples int
	chunk      int
	log        *slog.Logger
	reg        prometheus.Registerer

	mu       sync.Mutex
	lru      *list.List // of *cacheEntry, most recent first
	entries  map[cacheKey]*list.Element
	inflight map[cacheKey]*flight
	detached int // flights finishing with nobody waiting
	total    int
	stats    CacheStats

	hits, misses, shared, evictions prometheus.Counter
	samples                         prometheus.Gauge
}

// CacheStats is a snapshot of a cache's counters.
type CacheStats struct {
	Entries   int
	Samples   int
	Hits      int // replayed from the cache
	Misses    int // started a synthesis
	Shared    int // joined a synthesis already in progress
	Evictions int
}

// CacheOption configures a Cache.
type CacheOption func(*Cache)

// WithMaxSamples bounds the cache by the total number of samples it holds (default DefaultCacheSamples).
// A prompt longer than the bound is spoken but not cached; n <= 0 disables caching.
func WithMaxSamples(n int) CacheOption { return func(c *Cache) { c.maxSamples = n } }

// WithReplayChunk sets how many samples each emit call gets when replaying (default DefaultReplayChunk).
func WithReplayChunk(n int) CacheOption {
	return func(c *Cache) {
		if n > 0 {
			c.chunk = n
		}
	}
}

// WithCacheRegisterer registers the cache's metrics (voicegate_tts_cache_hits_total, _misses_total,
// _shared_total, _evictions_total, _samples) with reg.
func WithCacheRegisterer(reg prometheus.Registerer) CacheOption {
	return func(c *Cache) { c.reg = reg }
}

// WithCacheLogger sets the logger (default slog.Default()).
func WithCacheLogger(l *slog.Logger) CacheOption { return func(c *Cache) { c.log = l } }

type cacheKey struct{ provider, voice, lang, text string }

type cacheEntry struct {
	key cacheKey
	pcm []int16 // never modified once cached
}

// flight is one synthesis shared by the callers waiting for the same text.
type flight struct {
	mu      sync.Mutex
	pcm     []int16 // grows by append; readers only read up to the length they saw
	done    bool
	err     error
	changed chan struct{} // closed and replaced whenever pcm, done or err change

	waiters    int  // guarded by Cache.mu
	detachable bool // short enough to finish in the background when every caller left
	detach     bool // guarded by Cache.mu: finishing with nobody waiting
	cancel     context.CancelFunc
	finished   chan struct{} // closed when the synthesis goroutine has exited
}

// Interrupted prompts up to maxDetachedRunes long are finished in the background and cached, at most
// maxDetached at a time (the offline engines synthesise one sentence at a time anyway).
const (
	maxDetachedRunes = 300
	maxDetached      = 4
)

// NewCache wraps s with a prompt cache.
func NewCache(s Synthesizer, opts ...CacheOption) *Cache {
	c := &Cache{
		s:          s,
		maxSamples: DefaultCacheSamples,
		chunk:      DefaultReplayChunk,
		log:        slog.Default(),
		lru:        list.New(),
		entries:    map[cacheKey]*list.Element{},
		inflight:   map[cacheKey]*flight{},
		hits: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "voicegate_tts_cache_hits_total", Help: "TTS requests replayed from the prompt cache."}),
		misses: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "voicegate_tts_cache_misses_total", Help: "TTS requests that started a synthesis."}),
		shared: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "voicegate_tts_cache_shared_total", Help: "TTS requests that joined a synthesis already in progress."}),
		evictions: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "voicegate_tts_cache_evictions_total", Help: "Prompts evicted from the TTS cache."}),
		samples: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "voicegate_tts_cache_samples", Help: "16 kHz samples held by the TTS cache."}),
	}
	for _, o := range opts {
		o(c)
	}
	if c.reg != nil {
		c.hits = registerCollector(c.reg, c.hits, c.log)
		c.misses = registerCollector(c.reg, c.misses, c.log)
		c.shared = registerCollector(c.reg, c.shared, c.log)
		c.evictions = registerCollector(c.reg, c.evictions, c.log)
		c.samples = registerCollector(c.reg, c.samples, c.log)
	}
	return c
}

// registerCollector registers m, reusing an identical collector already registered (several caches
// on one registry then share their counters).
func registerCollector[T prometheus.Collector](reg prometheus.Registerer, m T, log *slog.Logger) T {
	err := reg.Register(m)
	if err == nil {
		return m
	}
	var are prometheus.AlreadyRegisteredError
	if errors.As(err, &are) {
		if existing, ok := are.ExistingCollector.(T); ok {
			return existing
		}
	}
	log.Warn("tts cache: metric not registered", "err", err)
	return m
}

// Name is the wrapped synthesizer's name: the cache does not change what is said.
func (c *Cache) Name() string { return c.s.Name() }

// Stats returns a snapshot of the cache's counters.
func (c *Cache) Stats() CacheStats {
	c.mu.Lock()
	defer c.mu.Unlock()
	st := c.stats
	st.Entries = c.lru.Len()
	st.Samples = c.total
	return st
}

// Synthesize replays req from the cache, joins a synthesis of the same text in progress, or starts one.
func (c *Cache) Synthesize(ctx context.Context, req Request, emit func(pcm []int16) error) error {
	if strings.TrimSpace(req.Text) == "" {
		return ErrEmptyText
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	key := cacheKey{provider: c.s.Name(), voice: req.Voice, lang: req.Lang, text: req.Text}

	c.mu.Lock()
	if el, ok := c.entries[key]; ok {
		c.lru.MoveToFront(el)
		pcm := el.Value.(*cacheEntry).pcm
		c.stats.Hits++
		c.mu.Unlock()
		c.hits.Inc()
		return c.replay(ctx, pcm, emit)
	}
	f, ok := c.inflight[key]
	if ok {
		c.stats.Shared++
		c.shared.Inc()
	} else {
		f = c.start(ctx, key, req)
		c.stats.Misses++
		c.misses.Inc()
	}
	f.waiters++
	c.mu.Unlock()
	return c.follow(ctx, key, f, emit)
}

// start launches the shared synthesis for key. Called with c.mu held.
func (c *Cache) start(ctx context.Context, key cacheKey, req Request) *flight {
	// Keep the caller's values (trace IDs, loggers) but not its cancellation: other callers may join.
	fctx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	f := &flight{changed: make(chan struct{}), cancel: cancel, finished: make(chan struct{}),
		detachable: utf8.RuneCountInString(req.Text) <= maxDetachedRunes}
	c.inflight[key] = f
	go func() {
		defer close(f.finished)
		defer cancel()
		err := c.s.Synthesize(fctx, req, func(pcm []int16) error {
			f.mu.Lock()
			f.pcm = append(f.pcm, pcm...)
			f.notifyLocked()
			f.mu.Unlock()
			return nil
		})
		if err == nil && fctx.Err() != nil {
			err = fctx.Err() // a provider that ignored cancellation still produced partial audio
		}
		f.mu.Lock()
		f.done, f.err = true, err
		f.notifyLocked()
		pcm := f.pcm
		f.mu.Unlock()

		c.mu.Lock()
		if c.inflight[key] == f {
			delete(c.inflight, key)
		}
		if f.detach {
			c.detached--
		}
		if err == nil {
			c.insertLocked(key, pcm)
		}
		c.mu.Unlock()
	}()
	return f
}

func (f *flight) notifyLocked() {
	close(f.changed)
	f.changed = make(chan struct{})
}

// follow streams a flight's audio to emit as it is produced.
func (c *Cache) follow(ctx context.Context, key cacheKey, f *flight, emit func([]int16) error) (err error) {
	defer func() {
		c.mu.Lock()
		f.waiters--
		last := f.waiters == 0
		f.mu.Lock()
		running := !f.done
		f.mu.Unlock()
		if last && running && f.detachable && c.detached < maxDetached && c.maxSamples > 0 {
			// An interrupted prompt (the caller barged in or pressed a key) is finished in the background
			// and cached, still joinable: prompts repeat across calls and the work is often half done.
			// Bounded by the sentence's length and by maxDetached at a time.
			f.detach = true
			c.detached++
			c.mu.Unlock()
			return
		}
		if last && c.inflight[key] == f {
			delete(c.inflight, key) // a new request must not join a synthesis being cancelled
		}
		c.mu.Unlock()
		if last {
			f.cancel()
			<-f.finished // cancellation is prompt; waiting keeps goroutines from outliving the call
		}
	}()
	sent := 0
	for {
		f.mu.Lock()
		pcm := f.pcm[sent:]
		done, ferr, changed := f.done, f.err, f.changed
		f.mu.Unlock()
		if len(pcm) > 0 {
			if err := c.replay(ctx, pcm, emit); err != nil {
				return err
			}
			sent += len(pcm)
			continue
		}
		if done {
			return ferr
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-changed:
		}
	}
}

// replay hands pcm to emit in chunks, checking ctx between them.
func (c *Cache) replay(ctx context.Context, pcm []int16, emit func([]int16) error) error {
	for len(pcm) > 0 {
		if err := ctx.Err(); err != nil {
			return err
		}
		n := min(c.chunk, len(pcm))
		// Callers may keep or modify what they are given; the cache's copy must stay intact.
		if err := emit(append([]int16(nil), pcm[:n]...)); err != nil {
			return err
		}
		pcm = pcm[n:]
	}
	return nil
}

// insertLocked caches pcm under key, evicting the least recently used prompts to stay in bounds.
func (c *Cache) insertLocked(key cacheKey, pcm []int16) {
	if len(pcm) == 0 || len(pcm) > c.maxSamples {
		return
	}
	if _, ok := c.entries[key]; ok {
		return
	}
	for c.total+len(pcm) > c.maxSamples {
		back := c.lru.Back()
		e := c.lru.Remove(back).(*cacheEntry)
		delete(c.entries, e.key)
		c.total -= len(e.pcm)
		c.samples.Sub(float64(len(e.pcm)))
		c.stats.Evictions++
		c.evictions.Inc()
	}
	pcm = append([]int16(nil), pcm...) // exact size: the flight's buffer grew by doubling
	c.entries[key] = c.lru.PushFront(&cacheEntry{key: key, pcm: pcm})
	c.total += len(pcm)
	c.samples.Add(float64(len(pcm))) // Add, not Set: caches sharing a registry share the gauge
}
