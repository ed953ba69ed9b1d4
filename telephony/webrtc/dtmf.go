package webrtc

import (
	"encoding/binary"
	"fmt"
)

// TelephoneEvent is one RFC 4733 named-event payload (section 2.3):
//
//	 0                   1                   2                   3
//	|     event     |E|R| volume    |          duration             |
type TelephoneEvent struct {
	Event    uint8
	End      bool
	Volume   uint8 // 0..63, in -dBm0
	Duration uint16
}

// ParseTelephoneEvent decodes the first event of an RFC 4733 payload. Extra bytes (redundant events
// per RFC 4733 section 2.5.1.5 are not used by browsers) are ignored.
func ParseTelephoneEvent(b []byte) (TelephoneEvent, error) {
	if len(b) < 4 {
		return TelephoneEvent{}, fmt.Errorf("%w: %d bytes", ErrShortEvent, len(b))
	}
	return TelephoneEvent{
		Event:    b[0],
		End:      b[1]&0x80 != 0,
		Volume:   b[1] & 0x3f,
		Duration: binary.BigEndian.Uint16(b[2:4]),
	}, nil
}

// Marshal encodes the event as a 4-byte RFC 4733 payload.
func (e TelephoneEvent) Marshal() []byte {
	b := make([]byte, 4)
	b[0] = e.Event
	b[1] = e.Volume & 0x3f
	if e.End {
		b[1] |= 0x80
	}
	binary.BigEndian.PutUint16(b[2:], e.Duration)
	return b
}

// dtmfDigits maps RFC 4733 events 0..15 (section 3.2) to keys.
const dtmfDigits = "0123456789*#ABCD"

// Digit returns the key for a DTMF event; other events (flash, tones) are not keys.
func (e TelephoneEvent) Digit() (rune, bool) {
	if int(e.Event) >= len(dtmfDigits) {
		return 0, false
	}
	return rune(dtmfDigits[e.Event]), true
}

// digitEvent is the RFC 4733 event code of a key, or false.
func digitEvent(d rune) (uint8, bool) {
	for i, c := range dtmfDigits {
		if c == d || (d >= 'a' && d <= 'd' && c == d-'a'+'A') {
			return uint8(i), true
		}
	}
	return 0, false
}

// dtmfDetector turns the stream of telephone-event packets into one key per press. All packets of one
// event share its RTP timestamp (RFC 4733 section 2.5.1.1), and the end packet is sent three times, so a
// new timestamp means a new key.
type dtmfDetector struct {
	have   bool
	lastTS uint32
}

func (d *dtmfDetector) push(ts uint32, e TelephoneEvent) (rune, bool) {
	if d.have && ts == d.lastTS {
		return 0, false
	}
	digit, ok := e.Digit()
	if !ok {
		return 0, false
	}
	d.have, d.lastTS = true, ts
	return digit, true
}
