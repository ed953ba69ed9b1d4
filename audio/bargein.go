package audio

import "time"

// DefaultBargeInSpeech is how much voiced caller speech confirms a barge-in.
const DefaultBargeInSpeech = 300 * time.Millisecond

// Barge-in frame classes: stricter than the Endpointer's because a false stop of the bot's prompt is
// costly. Voiced means clearly periodic with a peaky spectrum; coughs and clicks are broadband and
// aperiodic, so they never accumulate voiced time.
const (
	bargeVoicedPeriodicity = 0.55
	bargeVoicedFlatness    = 0.25
	bargeSpeechFlatness    = 0.5
)

type bargeConfig struct {
	speech, maxGap time.Duration
	threshold      float64
}

// BargeInOption configures a BargeIn detector.
type BargeInOption func(*bargeConfig)

// WithBargeInSpeech sets how much voiced speech confirms a barge-in (default 300 ms). Backchannels
// ("uh-huh", "mm") shorter than this are ignored.
func WithBargeInSpeech(d time.Duration) BargeInOption { return func(c *bargeConfig) { c.speech = d } }

// WithBargeInGap sets the longest non-speech gap that still counts as the same stretch of speech
// (default 100 ms): longer gaps start counting from zero again.
func WithBargeInGap(d time.Duration) BargeInOption { return func(c *bargeConfig) { c.maxGap = d } }

// WithBargeInThreshold sets how far above the noise floor (dB) speech must be (default 9 dB).
func WithBargeInThreshold(db float64) BargeInOption { return func(c *bargeConfig) { c.threshold = db } }

// BargeIn detects a caller talking over the bot. Feed it the caller's frames while the bot speaks;
// Process returns true on the frame where the caller's speech is confirmed. It is not safe for
// concurrent use.
type BargeIn struct {
	cfg   bargeConfig
	an    *analyzer
	floor floorTracker

	fresh        bool // no frame since the last Reset
	voicedFrames int  // voiced frames in the current stretch of speech
	gap          int  // non-speech frames since the last speech frame
	fired        bool
}

// NewBargeIn returns a detector with the defaults above, changed by opts.
func NewBargeIn(opts ...BargeInOption) *BargeIn {
	cfg := bargeConfig{speech: DefaultBargeInSpeech, maxGap: 100 * time.Millisecond, threshold: DefaultThreshold}
	for _, o := range opts {
		o(&cfg)
	}
	b := &BargeIn{cfg: cfg, an: newAnalyzer()}
	b.Reset()
	return b
}

// Reset forgets the stream and the noise floor, e.g. for a new call. Resetting a detector that has
// seen no frame since is free, so a caller may reset on every frame the bot is silent.
func (b *BargeIn) Reset() {
	if b.fresh {
		return
	}
	b.an.reset()
	b.floor.reset()
	b.voicedFrames, b.gap, b.fired = 0, 0, false
	b.fresh = true
}

// Process analyses one caller frame and reports whether it confirms a barge-in. It reports true once per
// stretch of speech; the stretch must end (a gap longer than the gap option) before it can fire again.
func (b *BargeIn) Process(f *Frame) bool {
	ft, ms := b.an.measure(f)
	return b.judge(&ft, b.an, ms, false)
}

// ProcessAfter is Process for the frame e has just processed, reusing e's analysis of it instead of
// analysing the same frame a second time (the gateway feeds every caller frame to an Endpointer, and
// the same frames to a BargeIn while the bot speaks).
func (b *BargeIn) ProcessAfter(e *Endpointer) bool {
	ft := e.last
	return b.judge(&ft, e.an, e.lastMS, e.lastSpectral)
}

// judge classifies one analysed frame against this detector's own noise floor. The spectral features
// are computed (by an, which analysed the frame) only for a loud frame that lacks them: a quiet frame
// cannot be speech whatever its spectrum.
func (b *BargeIn) judge(ft *features, an *analyzer, meanSquare float64, haveSpectral bool) bool {
	b.fresh = false
	fl := b.floor.floor()
	b.floor.push(ft.energy)
	loud := ft.energy-fl >= b.cfg.threshold && ft.energy >= minSpeechDB
	if loud && !haveSpectral {
		an.spectral(ft, meanSquare)
	}
	voiced := loud && ft.periodicity >= bargeVoicedPeriodicity && ft.flatness <= bargeVoicedFlatness
	speech := voiced || (loud && ft.flatness <= bargeSpeechFlatness)
	if !speech {
		b.gap++
		if b.gap > frames(b.cfg.maxGap) {
			b.voicedFrames, b.fired = 0, false
		}
		return false
	}
	b.gap = 0
	if voiced {
		b.voicedFrames++
	}
	if !b.fired && b.voicedFrames >= frames(b.cfg.speech) {
		b.fired = true
		return true
	}
	return false
}
