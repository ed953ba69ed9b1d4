package rtp

import (
	"encoding/binary"
	"fmt"
	"math/rand/v2"
)

// Packetizer turns fixed-duration payloads into RTP packets of one stream: constant random SSRC,
// sequence +1 and timestamp +SamplesPerFrame per packet, marker bit on the first packet of a talk spurt.
type Packetizer struct {
	pt       uint8
	step     uint32
	ssrc     uint32
	seq      uint16
	ts       uint32
	newSpurt bool
	sent     uint64
}

// PacketizerOption tunes a Packetizer.
type PacketizerOption func(*Packetizer)

// WithSSRC fixes the SSRC (tests); the default is random.
func WithSSRC(ssrc uint32) PacketizerOption { return func(p *Packetizer) { p.ssrc = ssrc } }

// WithInitialSequence fixes the first sequence number (tests); the default is random (RFC 3550 §5.1).
func WithInitialSequence(seq uint16) PacketizerOption { return func(p *Packetizer) { p.seq = seq } }

// WithInitialTimestamp fixes the first timestamp (tests); the default is random.
func WithInitialTimestamp(ts uint32) PacketizerOption { return func(p *Packetizer) { p.ts = ts } }

// NewPacketizer returns a packetizer for payload type pt whose frames each span samplesPerFrame clock ticks
// (160 for 20 ms of 8 kHz G.711).
func NewPacketizer(pt uint8, samplesPerFrame uint32, opts ...PacketizerOption) *Packetizer {
	p := &Packetizer{
		pt:       pt & 0x7f,
		step:     samplesPerFrame,
		ssrc:     rand.Uint32(),
		seq:      uint16(rand.Uint32()),
		ts:       rand.Uint32(),
		newSpurt: true,
	}
	for _, o := range opts {
		o(p)
	}
	return p
}

// SSRC returns the stream's SSRC.
func (p *Packetizer) SSRC() uint32 { return p.ssrc }

// Sent returns how many packets were produced.
func (p *Packetizer) Sent() uint64 { return p.sent }

// Skip accounts for a frame period in which nothing was sent: the timestamp advances (so the receiver
// sees the real gap) and the next packet starts a new talk spurt with the marker bit (RFC 3551 §4.1).
func (p *Packetizer) Skip() {
	p.ts += p.step
	p.newSpurt = true
}

// Append appends one RTP packet carrying payload to dst and returns it.
func (p *Packetizer) Append(dst, payload []byte) ([]byte, error) {
	if len(payload) == 0 || len(payload) > MaxPayload {
		return dst, fmt.Errorf("%w: %d bytes", ErrPayloadSize, len(payload))
	}
	var h [HeaderSize]byte
	h[0] = 2 << 6
	h[1] = p.pt
	if p.newSpurt {
		h[1] |= 0x80
	}
	binary.BigEndian.PutUint16(h[2:], p.seq)
	binary.BigEndian.PutUint32(h[4:], p.ts)
	binary.BigEndian.PutUint32(h[8:], p.ssrc)
	dst = append(dst, h[:]...)
	dst = append(dst, payload...)
	p.seq++
	p.ts += p.step
	p.newSpurt = false
	p.sent++
	return dst, nil
}
