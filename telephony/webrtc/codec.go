package webrtc

import (
	"fmt"

	"github.com/voicegate/voicegate/audio"
	"gopkg.in/hraban/opus.v2"
)

const (
	opusRate      = 48000
	pcmuRate      = 8000
	maxOpusFrame  = 5760 // 120 ms at 48 kHz, the longest Opus packet
	maxOpusPacket = 1500
)

// inbound turns caller RTP payloads into 16 kHz frames: decode, resample, cut into 20 ms.
type inbound struct {
	kind    codecKind
	dec     *opus.Decoder
	res     *audio.Resampler
	pcm     []int16 // decoder output at the wire rate
	pending []int16 // 16 kHz samples not yet a whole frame
	lastN   int     // samples per channel of the last packet, for concealment
}

func newInbound(kind codecKind) (*inbound, error) {
	in := &inbound{kind: kind, pcm: make([]int16, maxOpusFrame)}
	rate := pcmuRate
	in.lastN = pcmuRate / 50
	if kind == codecOpus {
		dec, err := opus.NewDecoder(opusRate, 1) // mono: libopus downmixes a stereo stream
		if err != nil {
			return nil, fmt.Errorf("%w: opus decoder: %v", ErrCodec, err)
		}
		in.dec, rate, in.lastN = dec, opusRate, opusRate/50
	}
	res, err := audio.NewResampler(rate, audio.SampleRate)
	if err != nil {
		return nil, fmt.Errorf("%w: resampler: %v", ErrCodec, err)
	}
	in.res = res
	return in, nil
}

// decode appends the frames completed by one payload to dst.
func (in *inbound) decode(dst []audio.Frame, payload []byte) ([]audio.Frame, error) {
	var pcm []int16
	switch in.kind {
	case codecOpus:
		n, err := in.dec.Decode(payload, in.pcm)
		if err != nil {
			return dst, fmt.Errorf("%w: opus decode: %v", ErrCodec, err)
		}
		pcm = in.pcm[:n]
	default:
		if len(payload) > len(in.pcm) {
			return dst, fmt.Errorf("%w: PCMU payload of %d bytes", ErrCodec, len(payload))
		}
		pcm = in.pcm[:len(payload)]
		audio.MulawDecode(pcm, payload)
	}
	if len(pcm) > 0 {
		in.lastN = len(pcm)
	}
	return in.push(dst, pcm), nil
}

// conceal fills in for one lost packet: Opus packet loss concealment, silence for PCMU.
func (in *inbound) conceal(dst []audio.Frame) []audio.Frame {
	pcm := in.pcm[:in.lastN]
	if in.kind == codecOpus {
		if err := in.dec.DecodePLC(pcm); err != nil {
			clear(pcm)
		}
	} else {
		clear(pcm)
	}
	return in.push(dst, pcm)
}

func (in *inbound) push(dst []audio.Frame, pcm []int16) []audio.Frame {
	in.pending = in.res.Append(in.pending, pcm)
	for len(in.pending) >= audio.FrameSamples {
		var f audio.Frame
		copy(f[:], in.pending)
		dst = append(dst, f)
		in.pending = in.pending[:copy(in.pending, in.pending[audio.FrameSamples:])]
	}
	return dst
}

// outbound turns 16 kHz bot frames into one 20 ms packet each.
type outbound struct {
	kind    codecKind
	enc     *opus.Encoder
	res     *audio.Resampler
	wire    int     // samples per 20 ms packet at the wire rate
	pending []int16 // resampled samples not yet sent
	started bool
	buf     []byte
}

func newOutbound(kind codecKind) (*outbound, error) {
	out := &outbound{kind: kind, buf: make([]byte, maxOpusPacket)}
	rate := pcmuRate
	if kind == codecOpus {
		enc, err := opus.NewEncoder(opusRate, 1, opus.AppVoIP)
		if err != nil {
			return nil, fmt.Errorf("%w: opus encoder: %v", ErrCodec, err)
		}
		// 32 kbit/s mono is transparent for speech; in-band FEC lets the browser recover single losses.
		if err := enc.SetBitrate(32000); err != nil {
			return nil, fmt.Errorf("%w: opus bitrate: %v", ErrCodec, err)
		}
		if err := enc.SetInBandFEC(true); err != nil {
			return nil, fmt.Errorf("%w: opus fec: %v", ErrCodec, err)
		}
		out.enc, rate = enc, opusRate
	}
	out.wire = rate / 50
	res, err := audio.NewResampler(audio.SampleRate, rate)
	if err != nil {
		return nil, fmt.Errorf("%w: resampler: %v", ErrCodec, err)
	}
	out.res = res
	return out, nil
}

// encode returns the packet payload for one frame; the slice is reused by the next call.
func (o *outbound) encode(f *audio.Frame) ([]byte, error) {
	o.pending = o.res.Append(o.pending, f[:])
	if len(o.pending) < o.wire {
		if o.started {
			// A resampler that returns a short block mid-stream would starve a packet: pad with silence.
			o.pending = append(o.pending, make([]int16, o.wire-len(o.pending))...)
		} else {
			// The filter's start-up delay: left-pad once so every later frame yields exactly one packet.
			pad := make([]int16, o.wire-len(o.pending), o.wire)
			o.pending = append(pad, o.pending...)
		}
	}
	o.started = true
	pcm := o.pending[:o.wire]
	var payload []byte
	if o.kind == codecOpus {
		n, err := o.enc.Encode(pcm, o.buf)
		if err != nil {
			return nil, fmt.Errorf("%w: opus encode: %v", ErrCodec, err)
		}
		payload = o.buf[:n]
	} else {
		payload = o.buf[:len(pcm)]
		audio.MulawEncode(payload, pcm)
	}
	o.pending = o.pending[:copy(o.pending, o.pending[o.wire:])]
	return payload, nil
}

// clockRate is the RTP clock of the codec.
func (c codecKind) clockRate() uint32 {
	if c == codecOpus {
		return opusRate
	}
	return pcmuRate
}
