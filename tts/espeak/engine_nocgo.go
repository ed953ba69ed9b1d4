//go:build !cgo

package espeak

import (
	"fmt"
	"runtime/cgo"

	"github.com/voicegate/voicegate/tts"
)

// Without cgo the library cannot be linked; say so instead of failing at build time.
func initEngine(string, int) (int, error) {
	return 0, fmt.Errorf("%w: espeak needs cgo (build with CGO_ENABLED=1 and apt-get install libespeak-ng-dev espeak-ng-data)", tts.ErrUnavailable)
}

func speak(string, int, int, string, cgo.Handle) error { return tts.ErrUnavailable }
