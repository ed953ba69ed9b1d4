//go:build cgo

package espeak

/*
#include <stdint.h>
*/
import "C"

import (
	"runtime/cgo"
	"unsafe"
)

// vgEspeakChunk receives one chunk of espeak's native-rate audio. It runs on the goroutine that called
// speak, inside the library lock, so it only resamples and queues: emit runs elsewhere.
//
//export vgEspeakChunk
func vgEspeakChunk(handle C.uintptr_t, wav *C.short, n C.int) C.int {
	if handle == 0 {
		return 1 // no synthesis registered: stop rather than guess
	}
	r, ok := cgo.Handle(handle).Value().(*run)
	if !ok {
		return 1
	}
	pcm := unsafe.Slice((*int16)(unsafe.Pointer(wav)), int(n))
	if !r.chunk(pcm) {
		return 1
	}
	return 0
}
