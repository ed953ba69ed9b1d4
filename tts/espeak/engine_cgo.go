//go:build cgo

package espeak

/*
#cgo pkg-config: espeak-ng
#include <espeak-ng/espeak_ng.h>
#include <espeak-ng/speak_lib.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

// Implemented in Go (callback.go).
extern int vgEspeakChunk(uintptr_t handle, short *wav, int n);

// libespeak-ng keeps all its state in globals, so everything that touches it runs under vg_mu. The
// handle of the synthesis in progress lives here rather than in a Go registry: the synth callback is
// process-wide and this is the one place that knows which Go request it belongs to.
static pthread_mutex_t vg_mu = PTHREAD_MUTEX_INITIALIZER;
static int vg_rate;            // sample rate once initialised, 0 before
static uintptr_t vg_current;   // cgo.Handle of the running synthesis
static char vg_voice[128];     // voice loaded last, to skip reloading it

static int vg_synth_cb(short *wav, int n, espeak_EVENT *events) {
	(void)events;
	if (wav == NULL || n <= 0) {
		return 0;
	}
	// Returning 1 makes espeak abandon the rest of the text: that is how barge-in stops it.
	return vgEspeakChunk(vg_current, wav, n);
}

// vg_speaks reports whether v lists lang among its languages (a list of priority byte + name).
static int vg_speaks(const espeak_VOICE *v, const char *lang) {
	if (v == NULL || v->languages == NULL) {
		return 0;
	}
	for (const char *p = v->languages; *p != 0;) {
		const char *name = p + 1;
		if (strcasecmp(name, lang) == 0) {
			return 1;
		}
		p = name + strlen(name) + 1;
	}
	return 0;
}

// vg_espeak_init loads the voice data once per process and returns the sample rate, or 0 with a
// message in msg. buf_ms is the synthesis chunk length: small chunks reach the caller sooner.
static int vg_espeak_init(const char *path, int buf_ms, char *msg, size_t msglen) {
	pthread_mutex_lock(&vg_mu);
	if (vg_rate > 0) {
		int r = vg_rate;
		pthread_mutex_unlock(&vg_mu);
		return r;
	}
	espeak_ng_InitializePath(path);
	espeak_ng_ERROR_CONTEXT ctx = NULL;
	espeak_ng_STATUS st = espeak_ng_Initialize(&ctx);
	espeak_ng_ClearErrorContext(&ctx);
	if (st == ENS_OK) {
		st = espeak_ng_InitializeOutput(ENOUTPUT_MODE_SYNCHRONOUS, buf_ms, NULL);
	}
	if (st != ENS_OK) {
		espeak_ng_GetStatusCodeMessage(st, msg, msglen);
		pthread_mutex_unlock(&vg_mu);
		return 0;
	}
	// espeak-ng falls back to its built-in path when the given one has no data, and may "initialise"
	// without voice data at all: loading a voice is the real test.
	st = espeak_ng_SetVoiceByName("en");
	if (st != ENS_OK) {
		espeak_ng_GetStatusCodeMessage(st, msg, msglen);
		pthread_mutex_unlock(&vg_mu);
		return 0;
	}
	vg_voice[0] = 0;
	espeak_SetSynthCallback(vg_synth_cb);
	vg_rate = espeak_ng_GetSampleRate();
	int r = vg_rate;
	pthread_mutex_unlock(&vg_mu);
	return r;
}

// vg_espeak_synth speaks text with voice, forwarding audio to the Go handle. Returns 0 or an
// espeak_ng_STATUS; *voice_failed tells a missing voice from a synthesis failure.
static int vg_espeak_synth(const char *voice, int rate, int pitch, const char *text, uintptr_t handle,
                           int *voice_failed, char *msg, size_t msglen) {
	pthread_mutex_lock(&vg_mu);
	espeak_ng_STATUS st = ENS_OK;
	*voice_failed = 0;
	if (strcmp(vg_voice, voice) != 0) {
		st = espeak_ng_SetVoiceByName(voice);
		if (st != ENS_OK) {
			// Not a voice file name: try it as a language code ("en-gb", "pt-br").
			espeak_VOICE sel;
			memset(&sel, 0, sizeof sel);
			sel.languages = voice;
			st = espeak_ng_SetVoiceByProperties(&sel);
			// espeak picks the nearest voice ("no-such" -> Norwegian): accept only an exact language.
			if (st == ENS_OK && !vg_speaks(espeak_GetCurrentVoice(), voice)) {
				st = ENS_VOICE_NOT_FOUND;
			}
		}
		if (st != ENS_OK) {
			vg_voice[0] = 0;
			*voice_failed = 1;
			espeak_ng_GetStatusCodeMessage(st, msg, msglen);
			pthread_mutex_unlock(&vg_mu);
			return (int)st;
		}
		strncpy(vg_voice, voice, sizeof(vg_voice) - 1);
		vg_voice[sizeof(vg_voice) - 1] = 0;
	}
	espeak_ng_SetParameter(espeakRATE, rate, 0);
	espeak_ng_SetParameter(espeakPITCH, pitch, 0);
	vg_current = handle;
	st = espeak_ng_Synthesize(text, strlen(text) + 1, 0, POS_CHARACTER, 0, espeakCHARS_UTF8, NULL, NULL);
	vg_current = 0;
	if (st != ENS_OK) {
		espeak_ng_GetStatusCodeMessage(st, msg, msglen);
	}
	pthread_mutex_unlock(&vg_mu);
	return (int)st;
}
*/
import "C"

import (
	"fmt"
	"runtime/cgo"
	"unsafe"

	"github.com/voicegate/voicegate/tts"
)

const msgLen = 256

// initEngine loads libespeak-ng's data (once per process) and returns its sample rate.
func initEngine(dataPath string, chunkMs int) (int, error) {
	var cpath *C.char
	if dataPath != "" {
		cpath = C.CString(dataPath)
		defer C.free(unsafe.Pointer(cpath))
	}
	msg := (*C.char)(C.calloc(msgLen, 1))
	defer C.free(unsafe.Pointer(msg))
	rate := int(C.vg_espeak_init(cpath, C.int(chunkMs), msg, msgLen))
	if rate <= 0 {
		return 0, fmt.Errorf("%w: espeak-ng could not load its data (%s); install it with: apt-get install espeak-ng-data libespeak-ng1",
			tts.ErrUnavailable, C.GoString(msg))
	}
	return rate, nil
}

// speak runs one synthesis under the library lock; audio goes to the callback with handle h.
func speak(voice string, rate, pitch int, text string, h cgo.Handle) error {
	cvoice := C.CString(voice)
	defer C.free(unsafe.Pointer(cvoice))
	ctext := C.CString(text)
	defer C.free(unsafe.Pointer(ctext))
	msg := (*C.char)(C.calloc(msgLen, 1))
	defer C.free(unsafe.Pointer(msg))
	var voiceFailed C.int
	st := C.vg_espeak_synth(cvoice, C.int(rate), C.int(pitch), ctext, C.uintptr_t(h), &voiceFailed, msg, msgLen)
	switch {
	case st == 0:
		return nil
	case voiceFailed != 0:
		return fmt.Errorf("%w: espeak-ng voice %q (%s); list voices with `espeak-ng --voices`, install data with: apt-get install espeak-ng-data",
			tts.ErrUnknownVoice, voice, C.GoString(msg))
	default:
		return fmt.Errorf("%w: %s", errSynthesis, C.GoString(msg))
	}
}
