package rtp

import (
	"fmt"

	pionrtp "github.com/pion/rtp"
)

// HeaderSize is the size of an RTP header without CSRCs or extensions.
const HeaderSize = 12

// MaxPayload bounds the payload we accept: one Ethernet MTU is far more than any 20 ms voice frame.
const MaxPayload = 1400

// Packet is a parsed RTP packet. Payload aliases the input buffer.
type Packet struct {
	PayloadType    uint8
	Marker         bool
	SequenceNumber uint16
	Timestamp      uint32
	SSRC           uint32
	Payload        []byte
}

// Parse decodes and validates one RTP packet. pion/rtp does the wire parsing; we add the checks a media
// leg needs (version 2, a non-empty bounded payload) so that hostile datagrams give errors, not panics.
func Parse(b []byte) (Packet, error) {
	if len(b) < HeaderSize {
		return Packet{}, fmt.Errorf("%w: %d bytes is shorter than a header", ErrMalformed, len(b))
	}
	if v := b[0] >> 6; v != 2 {
		return Packet{}, fmt.Errorf("%w: version %d", ErrVersion, v)
	}
	var p pionrtp.Packet
	if err := p.Unmarshal(b); err != nil {
		return Packet{}, fmt.Errorf("%w: %w", ErrMalformed, err)
	}
	if len(p.Payload) == 0 || len(p.Payload) > MaxPayload {
		return Packet{}, fmt.Errorf("%w: %d bytes", ErrPayloadSize, len(p.Payload))
	}
	return Packet{
		PayloadType:    p.PayloadType,
		Marker:         p.Marker,
		SequenceNumber: p.SequenceNumber,
		Timestamp:      p.Timestamp,
		SSRC:           p.SSRC,
		Payload:        p.Payload,
	}, nil
}

// ParseExpect parses b and also requires payload type pt.
func ParseExpect(b []byte, pt uint8) (Packet, error) {
	p, err := Parse(b)
	if err != nil {
		return p, err
	}
	if p.PayloadType != pt {
		return Packet{}, fmt.Errorf("%w: got %d, want %d", ErrPayloadType, p.PayloadType, pt)
	}
	return p, nil
}
