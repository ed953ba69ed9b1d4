//go:build cgo

package flite

/*
#include <stdint.h>
*/
import "C"

import (
	"runtime/cgo"
	"unsafe"
)

// vgFliteChunk receives one chunk of flite audio at the voice's rate. It runs on the goroutine that
// called speakUtterance, inside the library lock, so it only resamples and queues.
//
//export vgFliteChunk
func vgFliteChunk(handle C.uintptr_t, samples *C.short, n C.int, rate C.int) C.int {
	if handle == 0 {
		return 1
	}
	r, ok := cgo.Handle(handle).Value().(*run)
	if !ok {
		return 1
	}
	pcm := unsafe.Slice((*int16)(unsafe.Pointer(samples)), int(n))
	if !r.chunk(pcm, int(rate)) {
		return 1
	}
	return 0
}
