package audio

import "time"

// Event is what the Endpointer reports for a frame.
type Event int

const (
	// EventNone: nothing changed.
	EventNone Event = iota
	// EventSpeechStart: the caller started a turn (reported once per turn, MinSpeech after the onset).
	EventSpeechStart
	// EventEndOfTurn: the caller stopped talking for the silence interval, or hit the maximum utterance.
	EventEndOfTurn
)

func (e Event) String() string {
	switch e {
	case EventSpeechStart:
		return "speech-start"
	case EventEndOfTurn:
		return "end-of-turn"
	default:
		return "none"
	}
}

// Defaults for the Endpointer.
const (
	DefaultSilence      = 600 * time.Millisecond
	DefaultDigitSilence = 1200 * time.Millisecond
	DefaultMinSpeech    = 100 * time.Millisecond
	DefaultHangover     = 200 * time.Millisecond
	DefaultMaxUtterance = 30 * time.Second
	DefaultThreshold    = 9.0 // dB above the noise floor
)

// Frame classification thresholds. A frame counts as speech when it stands out from the noise floor
// and does not look like noise: either it repeats at a pitch period (voiced) or its spectrum is peaky
// (flatness well below white noise). Loud frames are accepted on energy alone once a turn is under way,
// so fricatives and plosives between vowels keep the turn alive.
const (
	voicedPeriodicity = 0.5
	speechFlatness    = 0.3
	loudMarginDB      = 12.0
	continueMarginDB  = 4.0 // hysteresis: once speaking, a frame needs less to count
	minSpeechDB       = -65.0
	minVoicedOnset    = 3 // voiced frames a turn needs before it starts
	turnRangeDB       = 40.0
)

type vadConfig struct {
	silence, digitSilence, minSpeech, hangover, maxUtterance time.Duration
	threshold                                                float64
}

// VADOption configures an Endpointer.
type VADOption func(*vadConfig)

// WithSilence sets how long the caller must be silent before the turn ends (default 600 ms).
func WithSilence(d time.Duration) VADOption { return func(c *vadConfig) { c.silence = d } }

// WithDigitSilence sets the end-of-turn silence used while digits are expected (default 1200 ms):
// callers pause between digit groups.
func WithDigitSilence(d time.Duration) VADOption { return func(c *vadConfig) { c.digitSilence = d } }

// WithMinSpeech sets how much speech confirms a turn has started (default 100 ms).
func WithMinSpeech(d time.Duration) VADOption { return func(c *vadConfig) { c.minSpeech = d } }

// WithHangover sets how long speech is still considered going on after the last speech frame
// (default 200 ms); gaps shorter than this do not interrupt a starting turn.
func WithHangover(d time.Duration) VADOption { return func(c *vadConfig) { c.hangover = d } }

// WithMaxUtterance ends a turn that goes on longer than d (default 30 s).
func WithMaxUtterance(d time.Duration) VADOption { return func(c *vadConfig) { c.maxUtterance = d } }

// WithThreshold sets how far above the adaptive noise floor (in dB) a frame must be to count as speech
// (default 9 dB).
func WithThreshold(db float64) VADOption { return func(c *vadConfig) { c.threshold = db } }

func frames(d time.Duration) int {
	return max(int((d+FrameDuration-1)/FrameDuration), 1)
}

type vadState int

const (
	stateIdle vadState = iota
	stateOnset
	stateSpeaking
)

// Endpointer finds where a caller's turn starts and ends in a stream of 16 kHz frames: an energy and
// spectral voice activity detector against an adaptive noise floor, with hangover, and an end-of-turn
// timer whose silence depends on what the dialog expects. It is not safe for concurrent use; one call
// owns one Endpointer.
type Endpointer struct {
	cfg   vadConfig
	an    *analyzer
	floor floorTracker

	expectDigits bool
	shortened    int // per-turn silence limit in frames from ShortenSilence; 0 = none

	state       vadState
	speechRun   int     // speech frames in the current onset
	voicedRun   int     // voiced frames in the current onset
	sinceSpeech int     // frames since the last speech frame
	turnFrames  int     // frames since the turn started
	turnPeak    float64 // loudest speech frame of the current turn, dBFS

	// The analysis of the last frame, kept for a BargeIn fed the same frames (BargeIn.ProcessAfter):
	// one analysis per frame instead of two while the bot speaks.
	last         features
	lastMS       float64
	lastSpectral bool
}

// NewEndpointer returns an Endpointer with the defaults above, changed by opts.
func NewEndpointer(opts ...VADOption) *Endpointer {
	cfg := vadConfig{
		silence: DefaultSilence, digitSilence: DefaultDigitSilence, minSpeech: DefaultMinSpeech,
		hangover: DefaultHangover, maxUtterance: DefaultMaxUtterance, threshold: DefaultThreshold,
	}
	for _, o := range opts {
		o(&cfg)
	}
	e := &Endpointer{cfg: cfg, an: newAnalyzer()}
	e.Reset()
	return e
}

// Reset forgets the stream: state, noise floor and any shortened silence. Digit mode is kept.
func (e *Endpointer) Reset() {
	e.an.reset()
	e.floor.reset()
	e.state = stateIdle
	e.shortened = 0
	e.speechRun, e.voicedRun, e.sinceSpeech, e.turnFrames = 0, 0, 0, 0
	e.turnPeak = minLevelDB
}

// SetExpectDigits switches to the longer digit silence while the dialog waits for digits.
func (e *Endpointer) SetExpectDigits(on bool) { e.expectDigits = on }

// ShortenSilence lowers the end-of-turn silence for the current turn to d (never raises it), e.g. when a
// partial recognition result already completes an intent. It lapses when the turn ends.
func (e *Endpointer) ShortenSilence(d time.Duration) {
	n := frames(d)
	if e.shortened == 0 || n < e.shortened {
		e.shortened = n
	}
}

// Speaking reports whether the caller is in a turn and spoke within the hangover.
func (e *Endpointer) Speaking() bool {
	return e.state == stateSpeaking && e.sinceSpeech < frames(e.cfg.hangover)
}

// NoiseFloor is the current background level estimate in dBFS.
func (e *Endpointer) NoiseFloor() float64 { return e.floor.floor() }

func (e *Endpointer) silenceFrames() int {
	d := e.cfg.silence
	if e.expectDigits {
		d = e.cfg.digitSilence
	}
	n := frames(d)
	if e.shortened > 0 {
		n = min(n, e.shortened)
	}
	return n
}

// Process analyses one frame and reports what it changed.
func (e *Endpointer) Process(f *Frame) Event {
	ft, ms := e.an.measure(f)
	fl := e.floor.floor()
	e.floor.push(ft.energy)
	snr := ft.energy - fl
	thr := e.cfg.threshold
	if e.state == stateSpeaking {
		thr -= continueMarginDB
	}
	spectral := snr >= thr && ft.energy >= minSpeechDB
	if spectral {
		e.an.spectral(&ft, ms) // only a frame loud enough to be speech needs its spectrum judged
	}
	e.last, e.lastMS, e.lastSpectral = ft, ms, spectral
	voiced := ft.periodicity >= voicedPeriodicity
	speech := snr >= thr && (voiced || ft.flatness <= speechFlatness)
	if e.state == stateSpeaking && snr >= e.cfg.threshold+loudMarginDB {
		speech = true
	}
	// Far below what this turn has already reached (hum, echo, breath) or below any plausible voice
	// level, a frame does not keep the turn open.
	if ft.energy < minSpeechDB || (e.state == stateSpeaking && ft.energy < e.turnPeak-turnRangeDB) {
		speech = false
	}
	if speech {
		e.turnPeak = max(e.turnPeak, ft.energy)
	}

	switch e.state {
	case stateIdle, stateOnset:
		if speech {
			if e.state == stateIdle {
				e.state, e.speechRun, e.voicedRun = stateOnset, 0, 0
				e.turnPeak = ft.energy
			}
			e.speechRun++
			if voiced {
				e.voicedRun++
			}
			e.sinceSpeech = 0
			// A turn needs enough speech and some voicing: clicks and hiss have neither.
			if e.speechRun >= frames(e.cfg.minSpeech) && e.voicedRun >= minVoicedOnset {
				e.state = stateSpeaking
				e.turnFrames = e.speechRun + e.sinceSpeech
				return EventSpeechStart
			}
			return EventNone
		}
		if e.state == stateOnset {
			e.sinceSpeech++
			if e.sinceSpeech > frames(e.cfg.hangover) {
				e.state = stateIdle
			}
		}
		return EventNone
	default: // speaking
		e.turnFrames++
		if speech {
			e.sinceSpeech = 0
		} else {
			e.sinceSpeech++
		}
		if e.sinceSpeech >= e.silenceFrames() || e.turnFrames >= frames(e.cfg.maxUtterance) {
			e.state = stateIdle
			e.shortened = 0
			e.sinceSpeech = 0
			return EventEndOfTurn
		}
		return EventNone
	}
}
