package webrtc

import "errors"

var (
	// ErrBadOffer means the SDP offer could not be parsed or applied.
	ErrBadOffer = errors.New("webrtc: bad SDP offer")
	// ErrNoAudio means the offer has no active audio section.
	ErrNoAudio = errors.New("webrtc: offer has no audio")
	// ErrNoCodec means the offer's audio supports neither opus/48000 nor PCMU/8000.
	ErrNoCodec = errors.New("webrtc: offer has no supported audio codec (need opus/48000 or PCMU/8000)")
	// ErrTooManyCalls means the server is at its concurrent call limit.
	ErrTooManyCalls = errors.New("webrtc: too many concurrent calls")
	// ErrOriginNotAllowed means the request's Origin is not in the allowed list.
	ErrOriginNotAllowed = errors.New("webrtc: origin not allowed")
	// ErrUnknownCall means no live call has the given id.
	ErrUnknownCall = errors.New("webrtc: unknown call")
	// ErrBadCandidate means a trickled ICE candidate could not be parsed or applied.
	ErrBadCandidate = errors.New("webrtc: bad ICE candidate")
	// ErrServerClosed means the server no longer accepts calls.
	ErrServerClosed = errors.New("webrtc: server closed")
	// ErrShortEvent means an RFC 4733 telephone-event payload is shorter than 4 bytes.
	ErrShortEvent = errors.New("webrtc: telephone-event payload too short")
	// ErrBadOption means an option was given an invalid value.
	ErrBadOption = errors.New("webrtc: bad option")
	// ErrCodec means the audio codec failed (encoder or decoder).
	ErrCodec = errors.New("webrtc: codec error")
)
