package sphinx

import (
	"context"
	"fmt"
	"runtime"
	"strings"

	"github.com/voicegate/voicegate/asr"
	"github.com/voicegate/voicegate/asr/internal/textnorm"
	"github.com/voicegate/voicegate/audio/bwe"
)

const (
	// maxRejectAudio bounds the audio kept for the rejection pass (30 s at 16 kHz); longer grammar turns are
	// judged on their first 30 s.
	maxRejectAudio = 30 * 16000
	// minRejectFrames: turns shorter than this (10 ms frames) are too short to judge.
	minRejectFrames = 20
	// chunk is how much audio the rejection pass feeds per call, so ctx is checked between chunks.
	chunk = 16000
)

// session is one call's decoder. It starts no goroutines.
type session struct {
	r       *Recognizer
	d       *decoder
	cleanup runtime.Cleanup

	mode   asr.Mode
	inTurn bool
	closed bool
	audio  []int16 // this turn's audio in grammar modes, for the rejection pass
	// loopPhones is how many speech phones the free phone loop found in the last grammar turn.
	loopPhones int
	// ext restores the 3.4-8 kHz band of telephone audio (nil: off); it keeps its channel estimate across
	// turns because a call keeps its channel.
	ext *bwe.Extender
	buf []int16
	// cmn is the call's long-term cepstral mean, restored at every Begin (nil until the first turn).
	cmn []float32
}

func newSession(r *Recognizer, d *decoder, ext *bwe.Extender) *session {
	s := &session{r: r, d: d, ext: ext}
	// A session dropped without Close must not leak the C decoder.
	s.cleanup = runtime.AddCleanup(s, func(d *decoder) { d.free() }, d)
	return s
}

// Begin starts an utterance with the search that h.Mode selects.
func (s *session) Begin(ctx context.Context, h asr.Hints) error {
	if s.closed {
		return asr.ErrClosed
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if h.Lang != "" {
		if err := checkLang(h.Lang); err != nil {
			return err
		}
	}
	if s.inTurn { // an abandoned turn: drop it
		_ = s.d.endUtt()
		if s.ext != nil {
			s.buf = s.ext.AppendFlush(s.buf[:0])
		}
		s.inTurn = false
	}
	var search string
	switch h.Mode {
	case asr.ModeOpen:
		search = searchDomain
		if s.r.openLM == OpenGeneral {
			search = searchGeneral
		} else if err := s.r.refresh(s.d); err != nil {
			return err
		}
	case asr.ModeDigits:
		search = searchDigits
	case asr.ModeYesNo:
		search = searchYesNo
	default:
		return fmt.Errorf("%w: %q", ErrMode, h.Mode)
	}
	if err := s.d.setSearch(search); err != nil {
		return fmt.Errorf("%w: %v", ErrModel, err)
	}
	if s.cmn == nil {
		s.cmn = s.d.cmnMean()
	} else if err := s.d.setCMNMean(s.cmn); err != nil {
		return fmt.Errorf("%w: %v", ErrModel, err)
	}
	if err := s.d.startUtt(); err != nil {
		return err
	}
	s.mode = h.Mode
	s.audio = s.audio[:0]
	s.inTurn = true
	return nil
}

// Write feeds 16 kHz mono PCM; decoding happens inside the call.
func (s *session) Write(pcm []int16) error {
	if s.closed {
		return asr.ErrClosed
	}
	if !s.inTurn {
		return asr.ErrNoTurn
	}
	if s.ext != nil {
		s.buf = s.ext.Append(s.buf[:0], pcm)
		pcm = s.buf
	}
	return s.feed(pcm)
}

// feed passes audio (after extension) to the decoder and keeps it for the rejection pass.
func (s *session) feed(pcm []int16) error {
	if s.mode != asr.ModeOpen && len(s.audio) < maxRejectAudio {
		n := min(len(pcm), maxRejectAudio-len(s.audio))
		s.audio = append(s.audio, pcm[:n]...)
	}
	return s.d.processRaw(pcm, false)
}

// Partial returns the current best hypothesis without a confidence.
func (s *session) Partial() asr.Result {
	if s.closed || !s.inTurn {
		return asr.Result{}
	}
	h, _ := s.d.hyp()
	return asr.Result{Text: s.text(h)}
}

func (s *session) text(hyp string) string {
	if s.mode == asr.ModeDigits {
		return canonicalDigits(hyp)
	}
	return textnorm.String(hyp)
}

// End finishes the utterance. In grammar modes the result is rejected when the grammar explains the audio
// much worse than a free phone loop does.
func (s *session) End(ctx context.Context) (asr.Result, error) {
	if s.closed {
		return asr.Result{}, asr.ErrClosed
	}
	if !s.inTurn {
		return asr.Result{}, asr.ErrNoTurn
	}
	s.inTurn = false
	if s.ext != nil {
		s.buf = s.ext.AppendFlush(s.buf[:0])
		if err := s.feed(s.buf); err != nil {
			_ = s.d.endUtt()
			return asr.Result{}, err
		}
	}
	if err := s.d.endUtt(); err != nil {
		return asr.Result{}, err
	}
	s.updateCMN()
	h, _ := s.d.hyp()
	res := asr.Result{Text: s.text(h), Final: true}
	if h != "" {
		res.Confidence = clamp01(s.d.posterior())
	}
	th := s.r.rejectThreshold(s.mode)
	if s.mode == asr.ModeOpen || th < 0 {
		return res, nil
	}
	score, frames, err := s.rejectScore(ctx, h)
	if err != nil {
		return asr.Result{}, err
	}
	if frames >= minRejectFrames && (h == "" || score < -th) {
		res.Rejected = true
	}
	// A yes/no answer is a few phones; a sentence the grammar squeezed into "well that is correct" is many
	// more than the answer's own. The acoustic score alone hardly separates the two (it rejected 3 of 50
	// open cv-en sentences); the free phone loop's phone count does.
	if s.mode == asr.ModeYesNo && !res.Rejected && s.loopPhones > s.r.phonesOf(strings.Fields(h))+yesnoPhoneSlack {
		res.Rejected = true
	}
	s.r.log.Debug("sphinx: grammar turn", "mode", s.mode, "hyp", h, "score", score, "frames", frames,
		"loop_phones", s.loopPhones, "rejected", res.Rejected)
	return res, nil
}

// rejectScore is the grammar path's acoustic log-likelihood minus the phone loop's, per frame (<= 0 in
// theory: the loop can follow any phone sequence).
func (s *session) rejectScore(ctx context.Context, hyp string) (float64, int, error) {
	frames := s.d.nFrames()
	if frames < minRejectFrames {
		return 0, frames, nil
	}
	if hyp == "" {
		return 0, frames, nil
	}
	gram, _ := s.d.acoustic()
	if err := s.d.setSearch(searchPhones); err != nil {
		return 0, 0, fmt.Errorf("%w: %v", ErrModel, err)
	}
	if err := s.d.startUtt(); err != nil {
		return 0, 0, err
	}
	for i := 0; i < len(s.audio); i += chunk {
		if err := ctx.Err(); err != nil {
			_ = s.d.endUtt()
			return 0, 0, err
		}
		if err := s.d.processRaw(s.audio[i:min(i+chunk, len(s.audio))], false); err != nil {
			_ = s.d.endUtt()
			return 0, 0, err
		}
	}
	if err := s.d.endUtt(); err != nil {
		return 0, 0, err
	}
	loop, _ := s.d.acoustic()
	ph, _ := s.d.hyp()
	s.loopPhones = countPhones(ph)
	// The decoder's scores are scaled internally; 1000x per frame gives thresholds of order one.
	return 1000 * (gram - loop) / float64(frames), frames, nil
}

// yesnoPhoneSlack is how many more phones than the answer's own pronunciation the phone loop may find in a
// yes/no turn before it is rejected as open speech. On 200 synthesised answers (flite and espeak voices, 16 kHz
// and telephone) the loop never found more than 3 extra; on 50 cv-en sentences a slack of 6 rejects 39 (the
// acoustic score alone: 3). The margin leaves room for breath and hesitation in real answers.
const yesnoPhoneSlack = 6

// cmnAlpha is how far each turn moves the call's cepstral mean. Pocketsphinx's own live mean forgets
// after about 5 s of frames and, left alone, also absorbs the rejection pass's second run over the same
// audio; short turns of few phones then bias it. A slower call-level mean (fsdd train split, 150 digits:
// 23 errors with the decoder's own, 21 at 1.0, 17 at 0.5, 19 at 0.35, 22 at 0.2).
const cmnAlpha = 0.5

// updateCMN folds the turn's cepstral mean (the decoder's live mean after the turn) into the call's.
func (s *session) updateCMN() {
	m := s.d.cmnMean()
	if len(m) != len(s.cmn) {
		return
	}
	const a = cmnAlpha
	for i := range m {
		s.cmn[i] += a * (m[i] - s.cmn[i])
	}
}

func clamp01(x float64) float64 {
	switch {
	case x < 0 || x != x:
		return 0
	case x > 1:
		return 1
	}
	return x
}

// Close ends any utterance and hands the decoder back to the recognizer's pool. It is idempotent.
func (s *session) Close() error {
	if s.closed {
		return nil
	}
	s.closed = true
	if s.inTurn {
		_ = s.d.endUtt()
		s.inTurn = false
	}
	s.cleanup.Stop()
	s.r.release(s.d)
	s.d = nil
	return nil
}

// countPhones counts the speech phones of a phone-loop hypothesis ("SIL HH EH L OW SIL"): fillers and
// silence do not count.
func countPhones(h string) int {
	n := 0
	for _, p := range strings.Fields(h) {
		if p != "SIL" && !strings.HasPrefix(p, "+") {
			n++
		}
	}
	return n
}
