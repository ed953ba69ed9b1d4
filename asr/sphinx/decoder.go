package sphinx

/*
#cgo pkg-config: pocketsphinx sphinxbase
#include <stdlib.h>
#include <pocketsphinx.h>
#include <sphinxbase/err.h>
#include <sphinxbase/logmath.h>
#include <sphinxbase/feat.h>
#include <sphinxbase/cmn.h>
// vg_cmn_get copies the live cepstral mean (at most n values) and returns its length.
static int vg_cmn_get(ps_decoder_t *ps, float *out, int n) {
	feat_t *f = ps_get_feat(ps);
	if (f == NULL || f->cmn_struct == NULL) {
		return 0;
	}
	int len = f->cmn_struct->veclen;
	if (len > n) {
		return 0;
	}
	mfcc_t tmp[64];
	if (len > 64) {
		return 0;
	}
	cmn_live_get(f->cmn_struct, tmp);
	for (int i = 0; i < len; i++) {
		out[i] = (float)tmp[i];
	}
	return len;
}

// vg_cmn_set replaces the live cepstral mean; n must be its length.
static int vg_cmn_set(ps_decoder_t *ps, const float *in, int n) {
	feat_t *f = ps_get_feat(ps);
	if (f == NULL || f->cmn_struct == NULL || f->cmn_struct->veclen != n || n > 64) {
		return -1;
	}
	mfcc_t tmp[64];
	for (int i = 0; i < n; i++) {
		tmp[i] = (mfcc_t)in[i];
	}
	cmn_live_set(f->cmn_struct, tmp);
	return 0;
}

// vg_init parses argv into a config and starts a decoder. Logging is switched off first because
// cmd_ln_parse_r itself logs before -logfn takes effect.
static ps_decoder_t *vg_init(int argc, char **argv) {
	err_set_logfp(NULL);
	cmd_ln_t *cfg = cmd_ln_parse_r(NULL, ps_args(), argc, argv, FALSE);
	if (cfg == NULL) {
		return NULL;
	}
	ps_decoder_t *ps = ps_init(cfg);
	cmd_ln_free_r(cfg);
	return ps;
}

// vg_set_jsgf compiles a grammar with its own word insertion penalty and beams: they are read from the
// config when a search is created, and grammars want a far stronger penalty and wider beams than the n-gram
// search (a grammar search is small, so wide beams cost little).
static int vg_set_jsgf(ps_decoder_t *ps, const char *name, const char *jsgf, double wip, double beam, double wbeam) {
	cmd_ln_t *cfg = ps_get_config(ps);
	double oldWip = cmd_ln_float_r(cfg, "-wip");
	double oldBeam = cmd_ln_float_r(cfg, "-beam");
	double oldPbeam = cmd_ln_float_r(cfg, "-pbeam");
	double oldWbeam = cmd_ln_float_r(cfg, "-wbeam");
	cmd_ln_set_float_r(cfg, "-wip", wip);
	cmd_ln_set_float_r(cfg, "-beam", beam);
	cmd_ln_set_float_r(cfg, "-pbeam", beam);
	cmd_ln_set_float_r(cfg, "-wbeam", wbeam);
	int rv = ps_set_jsgf_string(ps, name, jsgf);
	cmd_ln_set_float_r(cfg, "-wip", oldWip);
	cmd_ln_set_float_r(cfg, "-beam", oldBeam);
	cmd_ln_set_float_r(cfg, "-pbeam", oldPbeam);
	cmd_ln_set_float_r(cfg, "-wbeam", oldWbeam);
	return rv;
}

static double vg_score_ln(ps_decoder_t *ps, int32 s) {
	return logmath_log_to_ln(ps_get_logmath(ps), s);
}

static double vg_prob(ps_decoder_t *ps) {
	int32 p = ps_get_prob(ps);
	return logmath_exp(ps_get_logmath(ps), p);
}

// vg_ascr sums the acoustic score of the best path's segments, in the decoder's log base (natural log
// returned), and counts its frames.
static double vg_ascr(ps_decoder_t *ps, int *nframes) {
	int32 total = 0;
	int last = 0;
	ps_seg_t *seg;
	for (seg = ps_seg_iter(ps); seg != NULL; seg = ps_seg_next(seg)) {
		int32 ascr = 0, lscr = 0, lback = 0;
		int sf = 0, ef = 0;
		ps_seg_prob(seg, &ascr, &lscr, &lback);
		ps_seg_frames(seg, &sf, &ef);
		total += ascr;
		if (ef + 1 > last) {
			last = ef + 1;
		}
	}
	*nframes = last;
	return logmath_log_to_ln(ps_get_logmath(ps), total);
}
*/
import "C"

import (
	"fmt"
	"strings"
	"unsafe"
)

// decoder is a thin owner of one ps_decoder_t. It is not safe for concurrent use; the C library keeps all
// state inside the decoder, so different decoders may run on different goroutines at once.
type decoder struct {
	ps *C.ps_decoder_t
	// version is the domain model loaded in the "domain" search (0: none yet).
	version int
}

// libraryAvailable reports whether pocketsphinx is linked in (always, in a cgo build).
func libraryAvailable() error { return nil }

// newDecoder starts pocketsphinx with command-line style arguments ("-hmm", dir, ...).
func newDecoder(args []string) (*decoder, error) {
	argv := make([]*C.char, 0, len(args)+1)
	argv = append(argv, C.CString("voicegate"))
	for _, a := range args {
		argv = append(argv, C.CString(a))
	}
	defer func() {
		for _, p := range argv {
			C.free(unsafe.Pointer(p))
		}
	}()
	// The argv array itself must live in C memory: cgo forbids passing Go memory holding Go pointers.
	cargv := (**C.char)(C.malloc(C.size_t(len(argv)) * C.size_t(unsafe.Sizeof(uintptr(0)))))
	defer C.free(unsafe.Pointer(cargv))
	arr := unsafe.Slice(cargv, len(argv))
	copy(arr, argv)
	ps := C.vg_init(C.int(len(argv)), cargv)
	if ps == nil {
		return nil, fmt.Errorf("pocketsphinx: decoder init failed (args %s)", strings.Join(args, " "))
	}
	return &decoder{ps: ps}, nil
}

func (d *decoder) free() {
	if d.ps != nil {
		C.ps_free(d.ps)
		d.ps = nil
	}
}

func (d *decoder) setLMFile(name, path string) error {
	cn, cp := C.CString(name), C.CString(path)
	defer C.free(unsafe.Pointer(cn))
	defer C.free(unsafe.Pointer(cp))
	if C.ps_set_lm_file(d.ps, cn, cp) != 0 {
		return fmt.Errorf("pocketsphinx: cannot load language model %s", path)
	}
	return nil
}

// grammarSearch holds the per-search settings of a JSGF search.
type grammarSearch struct {
	wip, beam, wbeam float64
}

func (d *decoder) setJSGF(name, grammar string, g grammarSearch) error {
	cn, cg := C.CString(name), C.CString(grammar)
	defer C.free(unsafe.Pointer(cn))
	defer C.free(unsafe.Pointer(cg))
	if C.vg_set_jsgf(d.ps, cn, cg, C.double(g.wip), C.double(g.beam), C.double(g.wbeam)) != 0 {
		return fmt.Errorf("pocketsphinx: cannot compile grammar %q", name)
	}
	return nil
}

func (d *decoder) setAllphoneFile(name, path string) error {
	cn, cp := C.CString(name), C.CString(path)
	defer C.free(unsafe.Pointer(cn))
	defer C.free(unsafe.Pointer(cp))
	if C.ps_set_allphone_file(d.ps, cn, cp) != 0 {
		return fmt.Errorf("pocketsphinx: cannot load phone model %s", path)
	}
	return nil
}

func (d *decoder) setSearch(name string) error {
	cn := C.CString(name)
	defer C.free(unsafe.Pointer(cn))
	if C.ps_set_search(d.ps, cn) != 0 {
		return fmt.Errorf("pocketsphinx: no search %q", name)
	}
	return nil
}

// hasWord reports whether the decoder's dictionary knows word.
func (d *decoder) hasWord(word string) bool {
	cw := C.CString(word)
	defer C.free(unsafe.Pointer(cw))
	p := C.ps_lookup_word(d.ps, cw)
	if p == nil {
		return false
	}
	C.free(unsafe.Pointer(p))
	return true
}

// addWord adds a pronunciation; update rebuilds the active search and is only needed on the last word of a
// batch.
func (d *decoder) addWord(word, phones string, update bool) error {
	cw, cp := C.CString(word), C.CString(phones)
	defer C.free(unsafe.Pointer(cw))
	defer C.free(unsafe.Pointer(cp))
	u := C.int(0)
	if update {
		u = 1
	}
	if C.ps_add_word(d.ps, cw, cp, u) < 0 {
		return fmt.Errorf("pocketsphinx: cannot add word %q /%s/", word, phones)
	}
	return nil
}

func (d *decoder) startUtt() error {
	if C.ps_start_utt(d.ps) < 0 {
		return fmt.Errorf("pocketsphinx: start_utt failed")
	}
	return nil
}

func (d *decoder) processRaw(pcm []int16, full bool) error {
	if len(pcm) == 0 {
		return nil
	}
	f := C.int(0)
	if full {
		f = 1
	}
	if C.ps_process_raw(d.ps, (*C.int16)(unsafe.Pointer(&pcm[0])), C.size_t(len(pcm)), 0, f) < 0 {
		return fmt.Errorf("pocketsphinx: process_raw failed")
	}
	return nil
}

func (d *decoder) endUtt() error {
	if C.ps_end_utt(d.ps) < 0 {
		return fmt.Errorf("pocketsphinx: end_utt failed")
	}
	return nil
}

// hyp returns the current best hypothesis and its path score (log base of the decoder).
func (d *decoder) hyp() (string, int32) {
	var score C.int32
	h := C.ps_get_hyp(d.ps, &score)
	if h == nil {
		return "", int32(score)
	}
	return C.GoString(h), int32(score)
}

// scoreLn converts a path score from the decoder's log base to natural log.
func (d *decoder) scoreLn(s int32) float64 { return float64(C.vg_score_ln(d.ps, C.int32(s))) }

// posterior is the hypothesis posterior probability from the lattice, in [0,1].
func (d *decoder) posterior() float64 {
	return float64(C.vg_prob(d.ps))
}

// acoustic returns the best path's total acoustic log-likelihood (natural log) and its length in frames.
func (d *decoder) acoustic() (float64, int) {
	var n C.int
	a := C.vg_ascr(d.ps, &n)
	return float64(a), int(n)
}

func (d *decoder) nFrames() int {
	return int(C.ps_get_n_frames(d.ps))
}

// cmnMean returns the decoder's live cepstral mean (nil if it has none).
func (d *decoder) cmnMean() []float32 {
	var buf [64]C.float
	n := int(C.vg_cmn_get(d.ps, &buf[0], 64))
	out := make([]float32, n)
	for i := range out {
		out[i] = float32(buf[i])
	}
	return out
}

// setCMNMean replaces the decoder's live cepstral mean.
func (d *decoder) setCMNMean(m []float32) error {
	if len(m) == 0 || len(m) > 64 {
		return fmt.Errorf("pocketsphinx: cepstral mean of %d values", len(m))
	}
	var buf [64]C.float
	for i, v := range m {
		buf[i] = C.float(v)
	}
	if C.vg_cmn_set(d.ps, &buf[0], C.int(len(m))) != 0 {
		return fmt.Errorf("pocketsphinx: cannot set the cepstral mean (%d values)", len(m))
	}
	return nil
}
