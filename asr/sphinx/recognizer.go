// Package sphinx is the offline recognizer: CMU pocketsphinx (Debian's 5prealpha) through a small cgo
// wrapper. Each session owns one decoder with four searches: a domain trigram model built from the knowledge
// base's phrases (open mode), JSGF grammars for digits and yes/no, and a phone loop used to reject speech that
// is not in the grammar.
package sphinx

import (
	"context"
	_ "embed"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"

	"github.com/voicegate/voicegate/asr"
	"github.com/voicegate/voicegate/asr/internal/textnorm"
	"github.com/voicegate/voicegate/audio/bwe"
)

//go:embed general_phrases.txt
var generalPhrasesText string

// DefaultModelDir is where Debian's pocketsphinx-en-us package puts the US English model.
const DefaultModelDir = "/usr/share/pocketsphinx/model/en-us"

const installHint = "Debian packages pocketsphinx-en-us and libpocketsphinx-dev: apt-get install -y pocketsphinx-en-us libpocketsphinx-dev"

// OpenLM selects the language model of open mode.
type OpenLM int

const (
	// OpenDomain uses the trigram model built from the domain and general call-center phrases (small, fast).
	OpenDomain OpenLM = iota
	// OpenGeneral uses the package's general en-us model with the full dictionary (about 90 MB and 0.3 s to
	// start per decoder); a baseline for open sentences.
	OpenGeneral
)

// Option configures a Recognizer.
type Option func(*Recognizer) error

// WithModelDir sets the directory holding en-us/ (acoustic model), cmudict-en-us.dict, en-us.lm.bin and
// en-us-phone.lm.bin.
func WithModelDir(dir string) Option {
	return func(r *Recognizer) error { r.modelDir = dir; return nil }
}

// WithLogger sets the logger; the default discards.
func WithLogger(l *slog.Logger) Option {
	return func(r *Recognizer) error {
		if l == nil {
			return errors.New("sphinx: nil logger")
		}
		r.log = l
		return nil
	}
}

// WithPoolSize keeps up to n idle decoders for new sessions (default 4); 0 frees every decoder on Close.
func WithPoolSize(n int) Option {
	return func(r *Recognizer) error {
		if n < 0 {
			return fmt.Errorf("sphinx: pool size %d < 0", n)
		}
		r.poolSize = n
		return nil
	}
}

// WithOpenLM chooses the open-mode language model.
func WithOpenLM(m OpenLM) Option {
	return func(r *Recognizer) error {
		if m != OpenDomain && m != OpenGeneral {
			return fmt.Errorf("sphinx: unknown open LM %d", m)
		}
		r.openLM = m
		return nil
	}
}

// WithDomainPhrases builds the first domain model from phrases (SetDomainPhrases replaces it later).
func WithDomainPhrases(phrases []string) Option {
	return func(r *Recognizer) error { r.initial = slices.Clone(phrases); return nil }
}

// WithRejectThreshold sets, for every grammar mode, how much worse in mean log-likelihood per 10 ms frame the
// grammar's best path may be than an unconstrained phone loop before the result is rejected. Larger accepts
// more; a negative value turns rejection off.
func WithRejectThreshold(t float64) Option {
	return func(r *Recognizer) error {
		r.rejectDigits, r.rejectYesNo = t, t
		return nil
	}
}

// WithRejectThresholds sets WithRejectThreshold's threshold per grammar mode (asr.ModeDigits, asr.ModeYesNo);
// modes not in the map keep their default.
func WithRejectThresholds(th map[asr.Mode]float64) Option {
	return func(r *Recognizer) error {
		for m, t := range th {
			if t != t {
				return fmt.Errorf("sphinx: reject threshold for %q is NaN", m)
			}
			switch m {
			case asr.ModeDigits:
				r.rejectDigits = t
			case asr.ModeYesNo:
				r.rejectYesNo = t
			default:
				return fmt.Errorf("%w: no rejection in mode %q", ErrMode, m)
			}
		}
		return nil
	}
}

// Default rejection thresholds. Yes/no answers are short, and on short turns the grammar path's per-frame
// deficit against the phone loop spreads wider: 200 synthesised answers (5 flite/espeak voices, 16 kHz and
// through bwe.TelephoneChannel) score -0.7 to -6.5, so 4.2 accepted only 89.5 % of them; 5.0 accepts 95.5 %
// (and rejects 4 % of 50 Common Voice sentences, against 24 % at 4.2). Digits keep 4.2 (fsdd WER).
const (
	defaultRejectDigits = 4.2
	defaultRejectYesNo  = 5.0
)

// rejectThreshold is the threshold of a grammar mode.
func (r *Recognizer) rejectThreshold(m asr.Mode) float64 {
	if m == asr.ModeYesNo {
		return r.rejectYesNo
	}
	return r.rejectDigits
}

// WithDecoderArgs passes extra pocketsphinx arguments ("-beam", "1e-60", ...) to every decoder.
func WithDecoderArgs(args ...string) Option {
	return func(r *Recognizer) error {
		if len(args)%2 != 0 {
			return errors.New("sphinx: decoder args must be name/value pairs")
		}
		r.extraArgs = append(r.extraArgs, args...)
		return nil
	}
}

// WithBandwidthExtension configures the telephone-band extension each session runs before the decoder
// (options of package bwe; by default its model in Auto mode, which only acts on band-limited audio).
func WithBandwidthExtension(opts ...bwe.Option) Option {
	return func(r *Recognizer) error {
		r.bweOff = false
		r.bweOpts = append(r.bweOpts, opts...)
		return nil
	}
}

// WithoutBandwidthExtension feeds audio to the decoder as it comes.
func WithoutBandwidthExtension() Option {
	return func(r *Recognizer) error { r.bweOff = true; return nil }
}

// Recognizer opens pocketsphinx sessions. It is safe for concurrent use.
type Recognizer struct {
	modelDir     string
	log          *slog.Logger
	poolSize     int
	openLM       OpenLM
	initial      []string
	rejectDigits float64
	rejectYesNo  float64
	extraArgs    []string
	general      []string // general call-center phrases
	bweOff       bool
	bweOpts      []bwe.Option

	hmm, dict, generalLM, phoneLM string
	dir                           string // temporary files: ARPA models and dictionaries

	mu     sync.RWMutex // guards domain; readers hold it while loading the model files
	domain *domainModel

	poolMu sync.Mutex
	idle   []*decoder
	closed bool
}

// domainModel is one build of the open-mode model.
type domainModel struct {
	version int
	arpa    string
	dict    string
	prons   map[string][]string // every word of the model, for decoders built on an older dictionary
}

var (
	_ asr.Recognizer    = (*Recognizer)(nil)
	_ asr.DomainUpdater = (*Recognizer)(nil)
)

// New checks the model files and builds the first domain model. Missing files give an error wrapping
// asr.ErrUnavailable that names the Debian package to install.
func New(opts ...Option) (*Recognizer, error) {
	r := &Recognizer{
		modelDir:     DefaultModelDir,
		log:          slog.New(slog.DiscardHandler),
		poolSize:     4,
		rejectDigits: defaultRejectDigits,
		rejectYesNo:  defaultRejectYesNo,
	}
	for _, o := range opts {
		if err := o(r); err != nil {
			return nil, err
		}
	}
	r.hmm = filepath.Join(r.modelDir, "en-us")
	r.dict = filepath.Join(r.modelDir, "cmudict-en-us.dict")
	r.generalLM = filepath.Join(r.modelDir, "en-us.lm.bin")
	r.phoneLM = filepath.Join(r.modelDir, "en-us-phone.lm.bin")
	need := []string{filepath.Join(r.hmm, "mdef"), filepath.Join(r.hmm, "means"), r.dict, r.phoneLM}
	if r.openLM == OpenGeneral {
		need = append(need, r.generalLM)
	}
	for _, p := range need {
		if _, err := os.Stat(p); err != nil {
			return nil, fmt.Errorf("%w: pocketsphinx model file %s missing (%s)", asr.ErrUnavailable, p, installHint)
		}
	}
	if err := libraryAvailable(); err != nil {
		return nil, err
	}
	if !r.bweOff {
		m, err := bwe.DefaultModel()
		if err != nil {
			return nil, err
		}
		// The default model first, so a WithModel among the caller's options wins; a bad option fails here
		// rather than in the first call.
		r.bweOpts = append([]bwe.Option{bwe.WithModel(m)}, r.bweOpts...)
		if _, err := bwe.New(r.bweOpts...); err != nil {
			return nil, err
		}
	}
	for _, line := range strings.Split(generalPhrasesText, "\n") {
		if line = strings.TrimSpace(line); line != "" && !strings.HasPrefix(line, "#") {
			r.general = append(r.general, line)
		}
	}
	dir, err := os.MkdirTemp("", "voicegate-sphinx-")
	if err != nil {
		return nil, fmt.Errorf("sphinx: temp dir: %w", err)
	}
	r.dir = dir
	dm, err := r.buildDomain(r.initial, 1)
	if err != nil {
		_ = os.RemoveAll(dir)
		return nil, err
	}
	r.domain = dm
	return r, nil
}

// Name identifies the provider.
func (r *Recognizer) Name() string { return "sphinx" }

// SetDomainPhrases rebuilds the open-mode model from the knowledge base's example phrases plus the general
// call-center phrases. Open sessions switch to it at their next Begin.
func (r *Recognizer) SetDomainPhrases(ctx context.Context, phrases []string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	r.mu.RLock()
	next := r.domain.version + 1
	r.mu.RUnlock()
	if r.isClosed() {
		return ErrRecognizerClosed
	}
	dm, err := r.buildDomain(phrases, next)
	if err != nil {
		return err
	}
	r.mu.Lock()
	old := r.domain
	if dm.version <= old.version { // a concurrent update won; keep the newest
		r.mu.Unlock()
		removeModelFiles(dm)
		return nil
	}
	r.domain = dm
	r.mu.Unlock()
	removeModelFiles(old)
	return nil
}

func removeModelFiles(dm *domainModel) {
	_ = os.Remove(dm.arpa)
	_ = os.Remove(dm.dict)
}

// domainWeight makes knowledge-base phrases count more than the general list.
const domainWeight = 3

// buildDomain writes the ARPA model and the dictionary for one version.
func (r *Recognizer) buildDomain(phrases []string, version int) (*domainModel, error) {
	type sent struct {
		words []string
		w     float64
	}
	var sents []sent
	var all []string
	for _, p := range r.general {
		ws := textnorm.Words(p)
		sents = append(sents, sent{ws, 1})
		all = append(all, ws...)
	}
	for _, p := range phrases {
		ws := textnorm.Words(p)
		if len(ws) == 0 {
			continue
		}
		sents = append(sents, sent{ws, domainWeight})
		all = append(all, ws...)
	}
	gw := grammarWords()
	lex, err := loadLexicon(r.dict, append(slices.Clone(all), gw...))
	if err != nil {
		return nil, fmt.Errorf("%w: pocketsphinx dictionary: %v (%s)", asr.ErrUnavailable, err, installHint)
	}
	for w, ps := range extraPronunciations() {
		if _, ok := lex[w]; ok { // only words the model uses
			lex[w] = append(lex[w], ps...)
		}
	}
	counts := newNgramCounts(3)
	dropped := map[string]bool{}
	for _, s := range sents {
		ws := make([]string, len(s.words))
		for i, w := range s.words {
			if _, ok := lex.pron(w); ok {
				ws[i] = w
			} else {
				ws[i] = wordBreak
				dropped[w] = true
			}
		}
		counts.add(ws, s.w)
	}
	if len(dropped) > 0 {
		ds := make([]string, 0, len(dropped))
		for w := range dropped {
			ds = append(ds, w)
		}
		slices.Sort(ds)
		r.log.Warn("sphinx: words without pronunciation left out of the domain model", "count", len(ds), "words", ds)
	}
	m, err := counts.wittenBell()
	if err != nil {
		return nil, err
	}
	dm := &domainModel{
		version: version,
		arpa:    filepath.Join(r.dir, fmt.Sprintf("domain-%d.lm", version)),
		dict:    filepath.Join(r.dir, fmt.Sprintf("domain-%d.dict", version)),
		prons:   map[string][]string{},
	}
	f, err := os.OpenFile(dm.arpa, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o600)
	if err != nil {
		return nil, fmt.Errorf("sphinx: write model: %w", err)
	}
	if err := m.writeARPA(f); err != nil {
		f.Close()
		return nil, fmt.Errorf("sphinx: write model: %w", err)
	}
	if err := f.Close(); err != nil {
		return nil, fmt.Errorf("sphinx: write model: %w", err)
	}
	words := append(m.vocabulary(), gw...)
	missing, err := lex.writeDict(dm.dict, words)
	if err != nil {
		return nil, fmt.Errorf("sphinx: write dictionary: %w", err)
	}
	if len(missing) > 0 {
		return nil, fmt.Errorf("%w: dictionary lacks words %v", ErrModel, missing)
	}
	for _, w := range words {
		p, _ := lex.pron(w)
		dm.prons[w] = p
	}
	r.log.Debug("sphinx: domain model built", "version", version, "phrases", len(phrases), "words", len(dm.prons))
	return dm, nil
}

// NewSession takes an idle decoder or starts one. lang must be empty or English.
func (r *Recognizer) NewSession(ctx context.Context, lang string) (asr.Session, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if err := checkLang(lang); err != nil {
		return nil, err
	}
	d, err := r.acquire()
	if err != nil {
		return nil, err
	}
	var ext *bwe.Extender
	if !r.bweOff {
		if ext, err = bwe.New(r.bweOpts...); err != nil {
			r.release(d)
			return nil, err
		}
	}
	return newSession(r, d, ext), nil
}

func checkLang(lang string) error {
	l := strings.ToLower(lang)
	if l == "" || l == "en" || strings.HasPrefix(l, "en-") || strings.HasPrefix(l, "en_") {
		return nil
	}
	if l == "zh" || strings.HasPrefix(l, "zh-") || strings.HasPrefix(l, "zh_") || strings.HasPrefix(l, "cmn") {
		return fmt.Errorf("%w: pocketsphinx has no Mandarin model in Debian; use a cloud or OpenAI-compatible recognizer for %q", asr.ErrUnavailable, lang)
	}
	return fmt.Errorf("%w: pocketsphinx here only has US English, not %q", asr.ErrUnavailable, lang)
}

func (r *Recognizer) isClosed() bool {
	r.poolMu.Lock()
	defer r.poolMu.Unlock()
	return r.closed
}

func (r *Recognizer) acquire() (*decoder, error) {
	r.poolMu.Lock()
	if r.closed {
		r.poolMu.Unlock()
		return nil, ErrRecognizerClosed
	}
	if n := len(r.idle); n > 0 {
		d := r.idle[n-1]
		r.idle = r.idle[:n-1]
		r.poolMu.Unlock()
		return d, nil
	}
	r.poolMu.Unlock()
	return r.startDecoder()
}

// release returns a decoder to the pool, or frees it when the pool is full or the recognizer closed.
func (r *Recognizer) release(d *decoder) {
	r.poolMu.Lock()
	if !r.closed && len(r.idle) < r.poolSize {
		r.idle = append(r.idle, d)
		r.poolMu.Unlock()
		return
	}
	r.poolMu.Unlock()
	d.free()
}

// phonesOf is the number of phones in the words' first pronunciations (4 for a word without one).
func (r *Recognizer) phonesOf(words []string) int {
	r.mu.RLock()
	defer r.mu.RUnlock()
	n := 0
	for _, w := range words {
		if p := r.domain.prons[w]; len(p) > 0 {
			n += len(strings.Fields(p[0]))
		} else {
			n += 4
		}
	}
	return n
}

// startDecoder loads the acoustic model with the current domain dictionary and sets up every search.
func (r *Recognizer) startDecoder() (*decoder, error) {
	r.mu.RLock()
	defer r.mu.RUnlock()
	dm := r.domain
	dict := dm.dict
	if r.openLM == OpenGeneral {
		dict = r.dict
	}
	// -allphone_ci: a context-dependent phone loop runs at 7x real time here; the context-independent one at 0.06x.
	// -remove_noise/-remove_silence off: the gateway's VAD already cut the turn, and on short, tightly cut
	// utterances the noise tracker eats speech (fsdd digits: 28 -> 25 errors in 60).
	// -topn 16: scoring 16 instead of 4 Gaussians per codebook frame keeps more detail for speech far from
	// the model's training data (fsdd train split: 33 -> 29 errors in 150).
	args := []string{"-hmm", r.hmm, "-dict", dict, "-logfn", os.DevNull, "-allphone_ci", "yes",
		"-remove_noise", "no", "-remove_silence", "no", "-topn", "16"}
	args = append(args, r.extraArgs...)
	d, err := newDecoder(args)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrModel, err)
	}
	if err := r.setupSearches(d, dm); err != nil {
		d.free()
		return nil, err
	}
	return d, nil
}

// Grammar search settings: the default word insertion penalty 0.65 lets digit loops insert words (fsdd digits:
// 25 -> 16 errors in 60 at 1e-3); the default beams (1e-48, wbeam 7e-29) prune the right digit on
// accented or telephone speech (fsdd train split, with band extension and -topn 16: 29 -> 25 errors in 150).
const (
	grammarWIP   = 1e-3
	grammarBeam  = 1e-60
	grammarWBeam = 1e-40
)

const (
	searchDomain  = "domain"
	searchGeneral = "general"
	searchDigits  = "digits"
	searchYesNo   = "yesno"
	searchPhones  = "phones"
)

func (r *Recognizer) setupSearches(d *decoder, dm *domainModel) error {
	if r.openLM == OpenGeneral {
		if err := d.setLMFile(searchGeneral, r.generalLM); err != nil {
			return fmt.Errorf("%w: %v", ErrModel, err)
		}
	}
	if err := r.syncDomain(d, dm); err != nil {
		return err
	}
	if err := d.setJSGF(searchDigits, digitsJSGF, grammarSearch{grammarWIP, grammarBeam, grammarWBeam}); err != nil {
		return fmt.Errorf("%w: %v", ErrModel, err)
	}
	if err := d.setJSGF(searchYesNo, yesnoJSGF, grammarSearch{grammarWIP, grammarBeam, grammarWBeam}); err != nil {
		return fmt.Errorf("%w: %v", ErrModel, err)
	}
	if err := d.setAllphoneFile(searchPhones, r.phoneLM); err != nil {
		return fmt.Errorf("%w: %v", ErrModel, err)
	}
	return nil
}

// syncDomain brings a decoder to domain model dm: words its dictionary lacks are added, then the model is
// (re)loaded. The caller holds r.mu for reading so the files are not removed meanwhile.
func (r *Recognizer) syncDomain(d *decoder, dm *domainModel) error {
	if d.version == dm.version {
		return nil
	}
	if d.version != 0 || r.openLM == OpenGeneral {
		for w, ps := range dm.prons {
			if d.hasWord(w) {
				continue
			}
			for i, p := range ps {
				name := w
				if i > 0 {
					name = fmt.Sprintf("%s(%d)", w, i+1) // alternates, named as in the dictionary file
				}
				if err := d.addWord(name, p, false); err != nil {
					return fmt.Errorf("%w: %v", ErrModel, err)
				}
			}
		}
	}
	if err := d.setLMFile(searchDomain, dm.arpa); err != nil {
		return fmt.Errorf("%w: %v", ErrModel, err)
	}
	d.version = dm.version
	return nil
}

// refresh updates d to the newest domain model if it is behind.
func (r *Recognizer) refresh(d *decoder) error {
	r.mu.RLock()
	defer r.mu.RUnlock()
	if d.version == r.domain.version {
		return nil
	}
	if errors.Is(r.statDomain(), fs.ErrNotExist) {
		return fmt.Errorf("%w: domain model files removed", ErrModel)
	}
	return r.syncDomain(d, r.domain)
}

func (r *Recognizer) statDomain() error {
	_, err := os.Stat(r.domain.arpa)
	return err
}

// Close frees the idle decoders and the model files. Sessions still open keep working for their current
// model and free their decoder on Close.
func (r *Recognizer) Close() error {
	r.poolMu.Lock()
	if r.closed {
		r.poolMu.Unlock()
		return nil
	}
	r.closed = true
	idle := r.idle
	r.idle = nil
	r.poolMu.Unlock()
	for _, d := range idle {
		d.free()
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	return os.RemoveAll(r.dir)
}
