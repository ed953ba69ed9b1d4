package webrtc

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/pion/sdp/v3"
)

// codecKind is the audio codec a call runs on.
type codecKind int

const (
	codecOpus codecKind = iota + 1
	codecPCMU
)

func (c codecKind) String() string {
	switch c {
	case codecOpus:
		return "opus"
	case codecPCMU:
		return "pcmu"
	default:
		return "none"
	}
}

// chooseCodec checks an SDP offer before pion sees it, so a bad offer gets a clear 400 reason: it must parse,
// have an active audio section, and offer opus/48000 (preferred) or PCMU/8000.
func chooseCodec(offer string) (codecKind, error) {
	if strings.TrimSpace(offer) == "" {
		return 0, fmt.Errorf("%w: empty body", ErrBadOffer)
	}
	var desc sdp.SessionDescription
	if err := desc.UnmarshalString(offer); err != nil {
		return 0, fmt.Errorf("%w: %v", ErrBadOffer, err)
	}
	audioSeen := false
	best := codecKind(0)
	for _, m := range desc.MediaDescriptions {
		if m.MediaName.Media != "audio" || m.MediaName.Port.Value == 0 {
			continue
		}
		audioSeen = true
		if c := audioCodec(m); c != 0 && (best == 0 || c < best) {
			best = c
		}
	}
	if !audioSeen {
		return 0, ErrNoAudio
	}
	if best == 0 {
		return 0, ErrNoCodec
	}
	return best, nil
}

// audioCodec returns the best codec one audio section offers (opus before PCMU), or 0.
func audioCodec(m *sdp.MediaDescription) codecKind {
	formats := map[string]bool{}
	for _, f := range m.MediaName.Formats {
		formats[f] = true
	}
	best := codecKind(0)
	if formats["0"] {
		// Static payload type 0 is PCMU/8000 even without an rtpmap (RFC 3551).
		best = codecPCMU
	}
	for _, a := range m.Attributes {
		if a.Key != "rtpmap" {
			continue
		}
		pt, enc, ok := strings.Cut(a.Value, " ")
		if !ok || !formats[pt] {
			continue
		}
		if _, err := strconv.ParseUint(pt, 10, 8); err != nil {
			continue
		}
		parts := strings.Split(strings.ToLower(strings.TrimSpace(enc)), "/")
		if len(parts) < 2 {
			continue
		}
		switch {
		case parts[0] == "opus" && parts[1] == "48000":
			return codecOpus
		case parts[0] == "pcmu" && parts[1] == "8000":
			best = codecPCMU
		}
	}
	return best
}
