//go:build !cgo

package flite

import (
	"fmt"
	"runtime/cgo"

	"github.com/voicegate/voicegate/tts"
)

// Without cgo the library cannot be linked; say so instead of failing at build time.
func loadVoice(voiceID) error {
	return fmt.Errorf("%w: flite needs cgo (build with CGO_ENABLED=1 and apt-get install flite1-dev)", tts.ErrUnavailable)
}

func speakUtterance(voiceID, string, cgo.Handle) error { return tts.ErrUnavailable }
