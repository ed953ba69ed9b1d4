package audio

import "errors"

// Sentinel errors. Functions wrap them with %w and detail, so callers test with errors.Is.
var (
	// ErrNotWAV means the input is not a RIFF/WAVE file.
	ErrNotWAV = errors.New("audio: not a WAV file")
	// ErrEmptyAudio means the input holds no samples.
	ErrEmptyAudio = errors.New("audio: no audio samples")
	// ErrUnsupportedFormat means a WAV encoding or sample layout this package does not decode
	// (compressed codecs, unusual bit depths, too many channels).
	ErrUnsupportedFormat = errors.New("audio: unsupported audio format")
	// ErrTruncated means the file ends before the sizes in its headers say it should.
	ErrTruncated = errors.New("audio: truncated audio data")
	// ErrMalformed means the headers are inconsistent (bad chunk sizes, zero rates, wrong block alignment).
	ErrMalformed = errors.New("audio: malformed audio file")
	// ErrBadRate means a sample rate is zero, negative or beyond what the resampler handles.
	ErrBadRate = errors.New("audio: unsupported sample rate")
)
