package gateway

import (
	"context"
	"errors"
	"log/slog"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/voicegate/voicegate/asr"
	"github.com/voicegate/voicegate/audio"
	"github.com/voicegate/voicegate/dialog"
	"github.com/voicegate/voicegate/store"
	"github.com/voicegate/voicegate/telephony"
	"github.com/voicegate/voicegate/tts"
)

const (
	prerollFrames = 40 // 800 ms kept before speech start, so a confirmed barge-in keeps its first words
	greetingTurn  = -1
	promptTurn    = -3 // gateway's own prompts (fallback, goodbye on timeout)
	shortSilence  = 300 * time.Millisecond
)

// job is one caller turn for the responder.
type job struct {
	idx      int
	in       dialog.Input
	eot      time.Time // end of the caller's speech as detected (after the end-of-turn silence)
	asrMS    float64
	heard    float64
	asrConf  float64
	noSpeech bool
}

// result is the responder's answer to a job.
type result struct {
	job
	reply    dialog.Reply
	dialogMS float64
	err      error
}

// session is one call.
type session struct {
	g    *Gateway
	leg  telephony.Leg
	log  *slog.Logger
	cfg  Config
	lang string

	conv dialog.Conversation
	asr  asr.Session
	ep   *audio.Endpointer
	bi   *audio.BargeIn
	spk  *speaker
	capt Captioner // nil when the leg cannot show captions

	recMu sync.Mutex
	rec   store.CallRecord

	latMu sync.Mutex
	lat   map[int]*latState // by turn index: the stamps that make a turn's latency

	jobs     chan job
	results  chan result
	inFlight atomic.Int32

	// Frame-loop state (only the loop goroutine touches these).
	preroll     [prerollFrames]audio.Frame
	prerollN    int
	utter       bool
	utterFrames int
	expect      dialog.Expect
	turnIdx     int
	quiet       int // frames of mutual silence while waiting for the caller
	noInputs    int
	digits      strings.Builder
	digitIdle   int // frames since the last key
	heardPrev   float64
	ending      bool
	handoff     *dialog.Handoff
	frames      int64
	outcome     string
	detached    bool            // the leg now belongs to someone else (Asterisk queue, agents): do not hang up
	toAgents    *dialog.Handoff // hand the leg to voicegate's agents once our goroutines stopped
	levelBase   float64
	levelN      int
	turnLevel   float64
	turnLvlN    int
}

func newSession(ctx context.Context, g *Gateway, leg telephony.Leg) (*session, error) {
	id := leg.ID()
	if id == "" {
		id = g.newID()
	}
	s := &session{
		g: g, leg: leg, cfg: g.cfg, lang: g.cfg.Lang,
		log:       g.log.With("call_id", id, "channel", leg.Channel()),
		jobs:      make(chan job, 8),
		results:   make(chan result, 8),
		heardPrev: 1,
	}
	s.rec = store.CallRecord{ID: id, Channel: leg.Channel(), Lang: s.lang, StartedAt: time.Now().UTC(), Turns: []store.Turn{}}
	sess, err := g.rec.NewSession(ctx, s.lang)
	switch {
	case errors.Is(err, asr.ErrDisabled):
		// A keypad-only line by configuration: not an error.
	case err != nil:
		// Without a recognizer the caller can still use DTMF and reach a human; keep the call up.
		s.log.Error("recognizer unavailable for this call", "err", err)
		g.m.errors.WithLabelValues("asr").Inc()
	}
	s.asr = sess
	s.capt, _ = leg.(Captioner)
	s.ep = audio.NewEndpointer(audio.WithSilence(s.cfg.EndSilence), audio.WithDigitSilence(s.cfg.DigitSilence))
	s.bi = audio.NewBargeIn(audio.WithBargeInSpeech(s.cfg.BargeInMin))
	s.conv = g.eng.NewConversation(id, s.lang)
	s.spk = newSpeaker(leg, g.syn, s.lang, s.cfg.Voice, s.log, func() { g.m.errors.WithLabelValues("tts").Inc() })
	s.spk.onFirst = s.firstFrame
	s.lat = map[int]*latState{}
	return s, nil
}

func (s *session) save(ctx context.Context) {
	if s.g.store == nil {
		return
	}
	s.recMu.Lock()
	rec := s.rec
	rec.Turns = append([]store.Turn(nil), s.rec.Turns...)
	s.recMu.Unlock()
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	defer cancel()
	if err := s.g.store.SaveCall(sctx, &rec); err != nil {
		s.log.Error("saving call record failed", "err", err)
		s.g.m.errors.WithLabelValues("store").Inc()
	}
}

// run is the call's frame loop. It returns when the call is over, with its record.
func (s *session) run(parent context.Context) *store.CallRecord {
	s.g.m.active.Inc()
	defer s.g.m.active.Dec()
	ctx, cancel := context.WithCancel(parent)
	var wg sync.WaitGroup
	defer cancel()
	s.log.Info("call started")
	s.save(ctx)

	var frames <-chan audio.Frame
	if fs, ok := s.leg.(telephony.FrameSource); ok {
		frames = fs.Frames() // no reader goroutine: one wake-up per frame instead of two
	} else {
		ch := make(chan audio.Frame, 64)
		frames = ch
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer close(ch)
			for {
				f, err := s.leg.Read(ctx)
				if err != nil {
					return
				}
				select {
				case ch <- f:
				case <-ctx.Done():
					return
				}
			}
		}()
	}
	wg.Add(2)
	go func() { defer wg.Done(); s.spk.run(ctx) }()
	go func() { defer wg.Done(); s.respond(ctx) }()

	greet := s.conv.Greeting(ctx)
	s.recMu.Lock()
	s.rec.Greeting = greet.Text
	s.recMu.Unlock()
	s.speak(greetingTurn, greet.Text)
	s.setExpect(greet.Expect)

	maxFrames := int64(s.cfg.MaxCallDuration / audio.FrameDuration)
	events := s.leg.Events()
loop:
	for {
		select {
		case f, ok := <-frames:
			if !ok {
				break loop
			}
			if s.onFrame(ctx, &f) {
				break loop
			}
			if s.frames++; s.frames == maxFrames {
				s.log.Warn("call reached its maximum duration")
				s.speak(promptTurn, s.goodbye())
				s.ending = true
			}
		case ev, ok := <-events:
			if !ok {
				events = nil
				continue
			}
			s.onEvent(ctx, ev)
		case r := <-s.results:
			s.onResult(ctx, r)
		case <-s.leg.Done():
			break loop
		case <-ctx.Done():
			break loop
		}
	}
	// Stop reading and speaking before the leg changes hands or hangs up.
	cancel()
	wg.Wait()
	if s.asr != nil {
		_ = s.asr.Close()
	}
	if s.toAgents != nil && parent.Err() == nil {
		if err := s.g.agents.Enqueue(parent, s.leg, *s.toAgents); err != nil {
			s.log.Error("agent queue refused the call", "err", err)
		} else {
			s.detached = true
		}
	}
	return s.finish(parent)
}

// finish closes the record; it runs after the loop whatever ended it.
func (s *session) finish(ctx context.Context) *store.CallRecord {
	now := time.Now().UTC()
	s.recMu.Lock()
	s.rec.EndedAt = &now
	if s.outcome == "" {
		s.outcome = store.OutcomeAbandoned
		for _, t := range s.rec.Turns {
			if t.Route == string(dialog.RouteIntent) || t.Route == string(dialog.RouteLLM) {
				// The caller got at least one real answer before leaving.
				s.outcome = store.OutcomeContained
				break
			}
		}
	}
	s.rec.Outcome = s.outcome
	if u, ok := s.conv.(interface{ Usage() (int, float64) }); ok {
		// The LLM fallback's cost belongs on the call's record.
		if tokens, cost := u.Usage(); tokens > 0 {
			if s.rec.Context == nil {
				s.rec.Context = map[string]any{}
			}
			s.rec.Context["llm"] = map[string]any{"tokens": tokens, "cost": cost}
		}
	}
	rec := s.rec
	rec.Turns = append([]store.Turn(nil), s.rec.Turns...)
	s.recMu.Unlock()
	if !s.detached {
		_ = s.leg.Hangup(context.WithoutCancel(ctx), "call finished")
	}
	s.save(ctx)
	s.g.m.calls.WithLabelValues(rec.Channel, rec.Outcome).Inc()
	s.log.Info("call ended", "outcome", rec.Outcome, "turns", len(rec.Turns), "handoff_reason", rec.HandoffReason)
	return &rec
}

func (s *session) goodbye() string {
	if s.lang == "zh" {
		return "感谢您的来电，再见。"
	}
	return "Thank you for calling. Goodbye."
}

// speak queues the bot's text sentence by sentence and captions each sentence the speaker accepted.
func (s *session) speak(turn int, text string) {
	for _, sent := range tts.SplitSentences(text) {
		if s.spk.say(turn, sent) {
			s.caption("bot", sent)
		}
	}
}

// caption shows a final line on legs that support captions.
func (s *session) caption(speaker, text string) {
	if s.capt != nil && text != "" {
		s.capt.Caption(speaker, text, true)
	}
}

func (s *session) setExpect(e dialog.Expect) {
	s.expect = e
	s.ep.SetExpectDigits(e == dialog.ExpectDigits)
}

func (s *session) botSpeaking() bool { return s.spk.busy() }

// onFrame handles one caller frame; it returns true when the call is over.
func (s *session) onFrame(ctx context.Context, f *audio.Frame) bool {
	speaking := s.botSpeaking()
	ev := s.ep.Process(f)
	s.preroll[s.prerollN%prerollFrames] = *f
	s.prerollN++
	if s.utter {
		s.asrWrite(f[:])
		s.utterFrames++
		s.maybeShorten()
		if lv := audio.Level(f); lv > -60 {
			s.turnLevel += lv
			s.turnLvlN++
		}
	}
	if speaking && !s.utter && s.cfg.BargeIn {
		if s.bi.ProcessAfter(s.ep) {
			turn, heard := s.spk.interrupt()
			s.g.m.bargeIns.Inc()
			s.heardPrev = heard
			s.log.Info("caller barged in", "turn", turn, "heard", heard)
			s.beginUtterance(ctx)
		}
	} else if !speaking {
		s.bi.Reset()
	}
	switch ev {
	case audio.EventSpeechStart:
		if !speaking && !s.utter {
			s.beginUtterance(ctx)
		}
	case audio.EventEndOfTurn:
		if s.utter {
			s.endUtterance(ctx)
		}
	}
	busy := speaking || s.utter || s.inFlight.Load() > 0
	// DTMF entry ends after the inter-digit timeout.
	if s.digits.Len() > 0 {
		s.digitIdle++
		if s.digitIdle >= int(s.cfg.InterDigitTimeout/audio.FrameDuration) {
			s.submitDigits()
		}
	}
	if s.ending {
		if !busy {
			return s.conclude(ctx)
		}
		return false
	}
	if busy || s.digits.Len() > 0 {
		s.quiet = 0
		return false
	}
	s.quiet++
	if s.quiet >= int(s.cfg.NoInputTimeout/audio.FrameDuration) {
		s.quiet = 0
		s.noInputs++
		if s.noInputs > s.cfg.MaxNoInput+1 {
			// The engine should have ended the call by now; end it ourselves, politely.
			s.speak(promptTurn, s.goodbye())
			s.ending = true
			return false
		}
		s.submit(job{in: dialog.Input{NoInput: true, HeardFraction: 1}, eot: time.Now(), noSpeech: true})
	}
	return false
}

// maybeShorten ends a yes/no answer sooner: once the partial result already is one, waiting the full
// end-of-turn silence only adds latency.
func (s *session) maybeShorten() {
	if s.asr == nil || s.expect != dialog.ExpectYesNo || s.utterFrames%10 != 0 {
		return
	}
	switch strings.TrimSpace(s.asr.Partial().Text) {
	case "yes", "no", "yeah", "yep", "nope", "correct", "right", "that's right", "yes please", "no thanks":
		s.ep.ShortenSilence(shortSilence)
	}
}

func (s *session) beginUtterance(ctx context.Context) {
	s.utter = true
	s.utterFrames = 0
	s.turnLevel, s.turnLvlN = 0, 0
	if s.asr == nil {
		return
	}
	mode := asr.ModeOpen
	switch s.expect {
	case dialog.ExpectDigits:
		mode = asr.ModeDigits
	case dialog.ExpectYesNo:
		mode = asr.ModeYesNo
	}
	if err := s.asr.Begin(ctx, asr.Hints{Mode: mode, Lang: s.lang}); err != nil {
		s.log.Error("recognizer begin failed", "err", err)
		s.g.m.errors.WithLabelValues("asr").Inc()
		return
	}
	// Replay the pre-roll: the endpointer and barge-in detector confirm speech some frames after it began.
	n := min(s.prerollN, prerollFrames)
	for i := s.prerollN - n; i < s.prerollN; i++ {
		s.asrWrite(s.preroll[i%prerollFrames][:])
	}
}

func (s *session) asrWrite(pcm []int16) {
	if s.asr == nil {
		return
	}
	if err := s.asr.Write(pcm); err != nil && !errors.Is(err, asr.ErrNoTurn) {
		s.log.Warn("recognizer write failed", "err", err)
	}
}

func (s *session) endUtterance(ctx context.Context) {
	s.utter = false
	eot := time.Now()
	var res asr.Result
	if s.asr != nil {
		r, err := s.asr.End(ctx)
		if err != nil && !errors.Is(err, asr.ErrNoTurn) {
			s.log.Error("recognizer failed", "err", err)
			s.g.m.errors.WithLabelValues("asr").Inc()
		}
		res = r
	}
	asrMS := ms(time.Since(eot))
	s.g.m.latency.WithLabelValues("asr").Observe(asrMS / 1000)
	text := strings.TrimSpace(res.Text)
	if text == "" && !res.Rejected {
		// Noise, a cough, or speech the recognizer made nothing of. Say nothing; the caller's
		// next attempt or the no-input timer carries the call on.
		s.log.Debug("utterance without words ignored")
		return
	}
	in := dialog.Input{Text: text, ASRConfidence: res.Confidence, HeardFraction: s.heardPrev, Loudness: s.loudness()}
	if res.Rejected {
		in.ASRConfidence = 0
	}
	s.heardPrev = 1
	s.caption("caller", text)
	s.submit(job{in: in, eot: eot, asrMS: asrMS, asrConf: res.Confidence})
}

// loudness is this turn's level relative to the caller's running baseline in dB.
func (s *session) loudness() float64 {
	if s.turnLvlN == 0 {
		return 0
	}
	lv := s.turnLevel / float64(s.turnLvlN)
	rel := 0.0
	if s.levelN > 0 {
		rel = lv - s.levelBase
	}
	s.levelBase = (s.levelBase*float64(s.levelN) + lv) / float64(s.levelN+1)
	s.levelN++
	return rel
}

func (s *session) onEvent(ctx context.Context, ev telephony.Event) {
	switch ev.Kind {
	case telephony.EventDTMF:
		if s.botSpeaking() {
			// A key press is an unmistakable barge-in.
			_, s.heardPrev = s.spk.interrupt()
			s.g.m.bargeIns.Inc()
		}
		if ev.Digit == '#' && s.digits.Len() > 0 {
			s.submitDigits()
			return
		}
		s.digits.WriteRune(ev.Digit)
		s.digitIdle = 0
		s.quiet = 0
	case telephony.EventHangup:
		s.log.Info("caller hung up", "reason", ev.Reason)
	}
}

func (s *session) submitDigits() {
	d := s.digits.String()
	s.digits.Reset()
	s.digitIdle = 0
	s.caption("caller", d)
	s.submit(job{in: dialog.Input{Text: d, DTMF: d, ASRConfidence: 1, HeardFraction: s.heardPrev}, eot: time.Now(), asrConf: 1})
	s.heardPrev = 1
}

func (s *session) submit(j job) {
	j.idx = s.turnIdx
	s.turnIdx++
	s.inFlight.Add(1)
	select {
	case s.jobs <- j:
	default:
		s.inFlight.Add(-1)
		s.log.Warn("caller turns arriving faster than answered; turn dropped")
	}
}

// respond answers turns in order; the dialog engine may take long (LLM), so it runs off the frame loop.
func (s *session) respond(ctx context.Context) {
	for {
		select {
		case <-ctx.Done():
			return
		case j := <-s.jobs:
			r := s.answer(ctx, j)
			select {
			case s.results <- r:
			case <-ctx.Done():
				return
			}
		}
	}
}

func (s *session) answer(ctx context.Context, j job) (r result) {
	r.job = j
	start := time.Now()
	emitted := false
	emit := func(sentence string) {
		if !emitted {
			r.dialogMS = ms(time.Since(start))
			emitted = true
		}
		s.speak(j.idx, sentence)
	}
	defer func() {
		if p := recover(); p != nil {
			s.log.Error("dialog engine panicked", "panic", p)
			r.err = errors.New("dialog engine panicked")
		}
		if r.err != nil || strings.TrimSpace(r.reply.Text) == "" {
			s.g.m.errors.WithLabelValues("dialog").Inc()
			// Never leave the caller in silence: fall back and hand off.
			text := s.cfg.FallbackPrompt[s.lang]
			if !emitted {
				r.dialogMS = ms(time.Since(start))
				s.speak(j.idx, text)
			}
			if r.reply.Text == "" {
				r.reply.Text = text
			}
			r.reply.Route = dialog.RouteFallback
			if r.reply.Handoff == nil {
				pk := s.conv.Packet(dialog.ReasonLLMDown)
				r.reply.Handoff = &dialog.Handoff{Reason: "error", Packet: pk}
			}
		}
	}()
	reply, err := s.conv.Respond(ctx, j.in, emit)
	r.reply, r.err = reply, err
	if err == nil && !emitted && reply.Text != "" {
		r.dialogMS = ms(time.Since(start))
		emitted = true
		s.speak(j.idx, reply.Text)
	}
	return r
}

func (s *session) onResult(ctx context.Context, r result) {
	s.inFlight.Add(-1)
	rep := r.reply
	if r.err != nil {
		s.log.Error("dialog engine failed", "err", r.err)
	}
	turn := store.Turn{
		CallerText: r.in.Text, Intent: rep.Intent, Confidence: rep.Confidence, Route: string(rep.Route),
		ReplyText: rep.Text, Sentiment: rep.Sentiment, ASRConf: r.asrConf, DTMF: r.in.DTMF, Slots: rep.Slots,
		Heard: 1, At: r.eot.UTC(),
		LatencyMS: store.Latency{ASR: r.asrMS, Dialog: r.dialogMS},
	}
	if r.noSpeech {
		turn.CallerText = ""
	}
	s.recMu.Lock()
	pos := len(s.rec.Turns)
	s.rec.Turns = append(s.rec.Turns, turn)
	if pos > 0 {
		s.rec.Turns[pos-1].Heard = r.in.HeardFraction
	}
	s.recMu.Unlock()
	s.g.m.turns.WithLabelValues(string(rep.Route)).Inc()
	s.g.m.latency.WithLabelValues("dialog").Observe(r.dialogMS / 1000)
	s.log.Info("turn answered", "turn", r.idx, "route", rep.Route, "intent", rep.Intent,
		"confidence", rep.Confidence, "caller_text", r.in.Text)
	s.latMu.Lock()
	ls := s.latLocked(r.idx)
	ls.pos, ls.eot = pos, r.eot
	_ = s.fillLatencyLocked(ls) // the save below stores it
	s.latMu.Unlock()
	if !r.noSpeech {
		s.noInputs = 0
	}
	s.setExpect(rep.Expect)
	if rep.Handoff != nil {
		s.handoff = rep.Handoff
		s.ending = true
	}
	if rep.End {
		s.ending = true
	}
	s.save(ctx)
}

// latState joins the two halves of a turn's latency: the end of the caller's speech (known when the
// turn is recorded) and the first reply frame (known when the speaker sends it), in either order.
type latState struct {
	pos           int // index in the record's turns, -1 until recorded
	eot           time.Time
	queued, first time.Time
	done          bool
}

func (s *session) latLocked(turn int) *latState {
	ls := s.lat[turn]
	if ls == nil {
		ls = &latState{pos: -1}
		s.lat[turn] = ls
	}
	return ls
}

// firstFrame is the speaker's callback for a turn's first frame out.
func (s *session) firstFrame(turn int, queued, first time.Time) {
	if turn < 0 {
		return // greeting and prompts have no caller turn
	}
	s.latMu.Lock()
	ls := s.latLocked(turn)
	ls.queued, ls.first = queued, first
	filled := s.fillLatencyLocked(ls)
	s.latMu.Unlock()
	if filled {
		// The turn was recorded before its first reply frame: store the stamps now, so the live record
		// shows them during the call, not only at its end.
		s.save(context.Background())
	}
}

// fillLatencyLocked writes the turn's latency once both stamps exist; it reports whether it did.
func (s *session) fillLatencyLocked(ls *latState) bool {
	if ls.done || ls.pos < 0 || ls.first.IsZero() {
		return false
	}
	ls.done = true
	s.recMu.Lock()
	lat := &s.rec.Turns[ls.pos].LatencyMS
	lat.Turn = ms(ls.first.Sub(ls.eot))
	lat.TTSFirstAudio = ms(ls.first.Sub(ls.queued))
	s.recMu.Unlock()
	s.g.m.latency.WithLabelValues("tts_first_audio").Observe(lat.TTSFirstAudio / 1000)
	s.g.m.latency.WithLabelValues("turn").Observe(lat.Turn / 1000)
	return true
}

// conclude ends the call once the bot's last words were played: a handoff or a goodbye.
func (s *session) conclude(ctx context.Context) bool {
	if h := s.handoff; h != nil {
		s.outcome = store.OutcomeHandoff
		s.recMu.Lock()
		s.rec.HandoffReason = h.Reason
		s.rec.Context = map[string]any{"handoff": h.Packet}
		s.recMu.Unlock()
		s.g.m.handoffs.WithLabelValues(h.Reason).Inc()
		s.log.Info("handing off", "reason", h.Reason)
		if tr, ok := s.leg.(telephony.Transferer); ok {
			err := tr.Transfer(ctx, telephony.Transfer{CallID: s.rec.ID, Intent: lastIntent(h.Packet),
				Reason: h.Reason, Summary: h.Packet.Summary})
			if err == nil {
				s.detached = true
				return true
			}
			s.log.Error("transfer failed", "err", err)
		}
		if s.g.agents != nil {
			s.toAgents = h
		}
		return true
	}
	if s.outcome == "" {
		s.outcome = store.OutcomeContained
	}
	return true
}

func lastIntent(p dialog.ContextPacket) string {
	if len(p.Intents) == 0 {
		return ""
	}
	return p.Intents[len(p.Intents)-1].Name
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
