//go:build cgo

package flite

/*
#cgo CFLAGS: -I/usr/include/flite
#cgo LDFLAGS: -lflite_cmu_us_slt -lflite_cmu_us_kal16 -lflite_usenglish -lflite_cmulex -lflite -lm
#include <flite.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdlib.h>
#include <stdint.h>

cst_voice *register_cmu_us_slt(const char *voxdir);
cst_voice *register_cmu_us_kal16(const char *voxdir);

// Implemented in Go (callback_cgo.go).
extern int vgFliteChunk(uintptr_t handle, short *samples, int n, int rate);

// flite keeps lexicons, voices and its error jump buffer in globals and documents no thread safety, so
// every call into it runs under vg_mu. Voices are loaded once per process and kept.
static pthread_mutex_t vg_mu = PTHREAD_MUTEX_INITIALIZER;
static int vg_inited;
static cst_voice *vg_voices[2];

static int vg_asc(const cst_wave *w, int start, int size, int last, cst_audio_streaming_info *asi) {
	(void)last;
	if (size <= 0) {
		return CST_AUDIO_STREAM_CONT;
	}
	if (vgFliteChunk((uintptr_t)asi->userdata, w->samples + start, size, w->sample_rate)) {
		return CST_AUDIO_STREAM_STOP;
	}
	return CST_AUDIO_STREAM_CONT;
}

static cst_voice *vg_voice(int which) {
	if (!vg_inited) {
		flite_init();
		vg_inited = 1;
	}
	if (vg_voices[which] == NULL) {
		vg_voices[which] = which == 0 ? register_cmu_us_slt(NULL) : register_cmu_us_kal16(NULL);
	}
	return vg_voices[which];
}

// vg_flite_load makes sure a voice is loaded; 0 on success.
static int vg_flite_load(int which) {
	pthread_mutex_lock(&vg_mu);
	cst_voice *v = vg_voice(which);
	pthread_mutex_unlock(&vg_mu);
	return v == NULL ? -1 : 0;
}

// vg_flite_synth speaks one utterance, streaming audio to the Go handle. Streaming info is attached to
// the utterance, not the shared voice, so the voice is never modified. flite reports internal errors
// with cst_error(), which exits the process unless cst_errjmp is set: catch them here instead. Only C
// frames lie between setjmp and any cst_error (the Go callback has returned by then).
// Returns 0, -1 (no voice) or -2 (flite error).
static int vg_flite_synth(int which, const char *text, uintptr_t handle, int min_buf) {
	pthread_mutex_lock(&vg_mu);
	jmp_buf env;
	jmp_buf *old = cst_errjmp;
	if (setjmp(env) != 0) {
		cst_errjmp = old;
		pthread_mutex_unlock(&vg_mu); // the failed utterance is leaked: its state is unknown
		return -2;
	}
	cst_errjmp = &env;
	cst_voice *v = vg_voice(which);
	if (v == NULL) {
		cst_errjmp = old;
		pthread_mutex_unlock(&vg_mu);
		return -1;
	}
	cst_utterance *u = new_utterance();
	utt_set_input_text(u, text);
	utt_init(u, v);
	cst_audio_streaming_info *asi = new_audio_streaming_info();
	asi->asc = vg_asc;
	asi->userdata = (void *)handle;
	asi->min_buffsize = min_buf;
	feat_set(u->features, "streaming_info", audio_streaming_info_val(asi)); // owned by u
	utt_synth(u);
	delete_utterance(u);
	cst_errjmp = old;
	pthread_mutex_unlock(&vg_mu);
	return 0;
}
*/
import "C"

import (
	"fmt"
	"runtime/cgo"
	"unsafe"

	"github.com/voicegate/voicegate/tts"
)

// minBuf is flite's streaming granularity in samples (20 ms at 16 kHz).
const minBuf = 320

func loadVoice(v voiceID) error {
	if C.vg_flite_load(C.int(v)) != 0 {
		return fmt.Errorf("%w: flite voice %s did not load; install it with: apt-get install flite1-dev libflite1",
			tts.ErrUnknownVoice, v)
	}
	return nil
}

// speakUtterance synthesises one utterance under the library lock; audio goes to handle h.
func speakUtterance(v voiceID, text string, h cgo.Handle) error {
	ctext := C.CString(text)
	defer C.free(unsafe.Pointer(ctext))
	switch C.vg_flite_synth(C.int(v), ctext, C.uintptr_t(h), minBuf) {
	case 0:
		return nil
	case -1:
		return fmt.Errorf("%w: flite voice %s", tts.ErrUnknownVoice, v)
	default:
		return fmt.Errorf("%w: flite reported an internal error", errSynthesis)
	}
}
