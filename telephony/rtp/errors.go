// Package rtp holds the RTP pieces every voicegate media leg shares: a validating parser, a packetizer,
// an absolute-time pacer and a jitter buffer with loss concealment.
package rtp

import "errors"

var (
	// ErrMalformed means the bytes are not a well-formed RTP packet.
	ErrMalformed = errors.New("rtp: malformed packet")
	// ErrVersion means the RTP version field is not 2.
	ErrVersion = errors.New("rtp: unsupported version")
	// ErrPayloadType means the payload type is not the one expected.
	ErrPayloadType = errors.New("rtp: unexpected payload type")
	// ErrPayloadSize means the payload is empty or larger than allowed.
	ErrPayloadSize = errors.New("rtp: bad payload size")
	// ErrBufferTooSmall means the destination buffer cannot hold the packet.
	ErrBufferTooSmall = errors.New("rtp: buffer too small")
)
