package audio

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"io"
	"math"
	"os"

	"github.com/go-audio/audio"
	"github.com/go-audio/wav"
)

const (
	wavFormatPCM        = 1
	wavFormatFloat      = 3
	wavFormatExtensible = 0xFFFE
	maxWAVChannels      = 8
	maxFmtChunk         = 1 << 10
)

// wavInfo is what ReadWAV checks before it lets go-audio decode: go-audio/wav trusts chunk sizes (it
// allocates whatever a header claims and reads past short chunks), so headers are validated here first.
type wavInfo struct {
	format, channels, bits int
	rate                   int
	dataSize               int64
	sizeUnknown            bool  // data size was 0xFFFFFFFF
	sizeOffset             int64 // where the data chunk's size field sits
}

// ReadWAV reads a PCM WAV file (8, 16, 24 or 32-bit integer, or 32-bit float; any rate; any channel count
// up to 8, mixed down to mono) and returns 16-bit mono samples and the sample rate.
// Errors wrap ErrNotWAV, ErrEmptyAudio, ErrUnsupportedFormat, ErrTruncated or ErrMalformed.
func ReadWAV(r io.ReadSeeker) (pcm []int16, rate int, err error) {
	defer func() {
		// Last line of defence: a decoder bug on hostile input becomes an error, never a crash.
		if p := recover(); p != nil {
			pcm, rate, err = nil, 0, fmt.Errorf("%w: decoder failed: %v", ErrMalformed, p)
		}
	}()
	start, err := r.Seek(0, io.SeekCurrent)
	if err != nil {
		return nil, 0, fmt.Errorf("audio: seek: %w", err)
	}
	info, err := scanWAV(r, start)
	if err != nil {
		return nil, 0, err
	}
	if _, err := r.Seek(start, io.SeekStart); err != nil {
		return nil, 0, fmt.Errorf("audio: seek: %w", err)
	}
	if info.sizeUnknown {
		// go-audio cannot take an unknown size; give it a copy with the real one filled in.
		b, err := io.ReadAll(r)
		if err != nil {
			return nil, 0, fmt.Errorf("audio: read: %w", err)
		}
		binary.LittleEndian.PutUint32(b[info.sizeOffset:], uint32(info.dataSize))
		r = bytes.NewReader(b)
	}
	dec := wav.NewDecoder(r)
	if err := dec.FwdToPCM(); err != nil {
		return nil, 0, fmt.Errorf("%w: %v", ErrMalformed, err)
	}
	if dec.PCMChunk == nil || int(dec.NumChans) != info.channels || int(dec.BitDepth) != info.bits ||
		int(dec.SampleRate) != info.rate {
		return nil, 0, fmt.Errorf("%w: inconsistent headers", ErrMalformed)
	}
	frames := info.dataSize / int64(info.channels*info.bits/8)
	samples := make([]int, 0, frames*int64(info.channels))
	buf := &audio.IntBuffer{Data: make([]int, 4096*info.channels)}
	for int64(len(samples)) < frames*int64(info.channels) {
		n, err := dec.PCMBuffer(buf)
		if err != nil {
			return nil, 0, fmt.Errorf("%w: %v", ErrMalformed, err)
		}
		if n <= 0 {
			break
		}
		samples = append(samples, buf.Data[:n]...)
	}
	samples = samples[:min(int64(len(samples)), frames*int64(info.channels))]
	if int64(len(samples)) < frames*int64(info.channels) {
		return nil, 0, fmt.Errorf("%w: %d of %d samples", ErrTruncated, len(samples), frames*int64(info.channels))
	}
	return mixDown(samples, info), info.rate, nil
}

// scanWAV walks the RIFF chunks with bounds checks and returns the format of the data chunk.
func scanWAV(r io.ReadSeeker, start int64) (wavInfo, error) {
	var info wavInfo
	end, err := r.Seek(0, io.SeekEnd)
	if err != nil {
		return info, fmt.Errorf("audio: seek: %w", err)
	}
	if _, err := r.Seek(start, io.SeekStart); err != nil {
		return info, fmt.Errorf("audio: seek: %w", err)
	}
	size := end - start
	if size == 0 {
		return info, fmt.Errorf("%w: empty file", ErrEmptyAudio)
	}
	var hdr [12]byte
	if n, err := io.ReadFull(r, hdr[:]); err != nil {
		if n >= 4 && string(hdr[0:4]) == "RIFF" {
			return info, fmt.Errorf("%w: %d-byte RIFF header", ErrTruncated, size)
		}
		return info, fmt.Errorf("%w: %d-byte file", ErrNotWAV, size)
	}
	if string(hdr[0:4]) != "RIFF" || string(hdr[8:12]) != "WAVE" {
		return info, fmt.Errorf("%w: no RIFF/WAVE header", ErrNotWAV)
	}
	pos := int64(12)
	haveFmt := false
	for {
		var ch [8]byte
		if n, err := io.ReadFull(r, ch[:]); err != nil {
			if n == 0 && haveFmt {
				return info, fmt.Errorf("%w: no data chunk", ErrTruncated)
			}
			if !haveFmt {
				return info, fmt.Errorf("%w: no fmt chunk", ErrTruncated)
			}
			return info, fmt.Errorf("%w: chunk header cut short", ErrTruncated)
		}
		pos += 8
		id := string(ch[0:4])
		csize := int64(binary.LittleEndian.Uint32(ch[4:8]))
		switch id {
		case "fmt ":
			if csize < 16 || csize > maxFmtChunk {
				return info, fmt.Errorf("%w: fmt chunk of %d bytes", ErrMalformed, csize)
			}
			if pos+csize > size {
				return info, fmt.Errorf("%w: fmt chunk", ErrTruncated)
			}
			body := make([]byte, csize)
			if _, err := io.ReadFull(r, body); err != nil {
				return info, fmt.Errorf("%w: fmt chunk", ErrTruncated)
			}
			if err := parseFmt(body, &info); err != nil {
				return info, err
			}
			haveFmt = true
		case "data":
			if !haveFmt {
				return info, fmt.Errorf("%w: data chunk before fmt chunk", ErrMalformed)
			}
			if csize == 0 {
				return info, fmt.Errorf("%w: empty data chunk", ErrEmptyAudio)
			}
			if csize == math.MaxUint32 { // written by a streaming tool that never came back to fix the size
				csize = size - pos
				info.sizeUnknown, info.sizeOffset = true, pos-4
			}
			if pos+csize > size {
				return info, fmt.Errorf("%w: data chunk claims %d bytes, file has %d", ErrTruncated, csize, size-pos)
			}
			block := int64(info.channels * info.bits / 8)
			if csize < block {
				return info, fmt.Errorf("%w: data chunk shorter than one sample", ErrTruncated)
			}
			info.dataSize = csize - csize%block
			return info, nil
		default:
			if pos+csize > size {
				return info, fmt.Errorf("%w: %q chunk", ErrTruncated, id)
			}
		}
		// Chunks are word aligned; the pad byte is not counted in the size.
		pos += csize + csize%2
		if _, err := r.Seek(start+pos, io.SeekStart); err != nil {
			return info, fmt.Errorf("audio: seek: %w", err)
		}
	}
}

func parseFmt(b []byte, info *wavInfo) error {
	le := binary.LittleEndian
	info.format = int(le.Uint16(b[0:2]))
	info.channels = int(le.Uint16(b[2:4]))
	info.rate = int(le.Uint32(b[4:8]))
	blockAlign := int(le.Uint16(b[12:14]))
	info.bits = int(le.Uint16(b[14:16]))
	if info.format == wavFormatExtensible {
		if len(b) < 40 {
			return fmt.Errorf("%w: short WAVE_FORMAT_EXTENSIBLE header", ErrMalformed)
		}
		info.format = int(le.Uint16(b[24:26])) // first two bytes of the sub-format GUID
	}
	switch {
	case info.format != wavFormatPCM && info.format != wavFormatFloat:
		return fmt.Errorf("%w: WAV format tag %#x (only PCM and float)", ErrUnsupportedFormat, info.format)
	case info.format == wavFormatFloat && info.bits != 32:
		return fmt.Errorf("%w: %d-bit float", ErrUnsupportedFormat, info.bits)
	case info.bits != 8 && info.bits != 16 && info.bits != 24 && info.bits != 32:
		return fmt.Errorf("%w: %d bits per sample", ErrUnsupportedFormat, info.bits)
	case info.channels < 1:
		return fmt.Errorf("%w: %d channels", ErrMalformed, info.channels)
	case info.channels > maxWAVChannels:
		return fmt.Errorf("%w: %d channels", ErrUnsupportedFormat, info.channels)
	case info.rate < 1 || info.rate > maxRate:
		return fmt.Errorf("%w: sample rate %d", ErrMalformed, info.rate)
	case blockAlign != info.channels*info.bits/8:
		return fmt.Errorf("%w: block align %d for %d x %d bits", ErrMalformed, blockAlign, info.channels, info.bits)
	}
	return nil
}

// mixDown converts go-audio's integers (unsigned for 8-bit, raw bits for float) to 16-bit and averages channels.
func mixDown(samples []int, info wavInfo) []int16 {
	ch := info.channels
	out := make([]int16, len(samples)/ch)
	for i := range out {
		var sum float64
		for _, v := range samples[i*ch : (i+1)*ch] {
			sum += sampleToFloat(v, info)
		}
		out[i] = clamp16(float32(sum / float64(ch)))
	}
	return out
}

func sampleToFloat(v int, info wavInfo) float64 {
	switch {
	case info.format == wavFormatFloat:
		f := float64(math.Float32frombits(uint32(v)))
		if math.IsNaN(f) {
			return 0
		}
		return f * 32768
	case info.bits == 8:
		return float64(v-128) * 256
	default:
		return float64(v) / float64(int64(1)<<(info.bits-16))
	}
}

// ReadWAVFile reads a WAV file from disk; see ReadWAV.
func ReadWAVFile(path string) ([]int16, int, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, 0, fmt.Errorf("audio: %w", err)
	}
	defer f.Close()
	pcm, rate, err := ReadWAV(f)
	if err != nil {
		return nil, 0, fmt.Errorf("%s: %w", path, err)
	}
	return pcm, rate, nil
}

// LoadWAV16k reads a WAV file and resamples it to the internal 16 kHz rate.
func LoadWAV16k(path string) ([]int16, error) {
	pcm, rate, err := ReadWAVFile(path)
	if err != nil {
		return nil, err
	}
	out, err := Resample(pcm, rate, SampleRate)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return out, nil
}

// WriteWAV writes pcm as a 16-bit mono PCM WAV file at the given rate.
func WriteWAV(w io.WriteSeeker, pcm []int16, rate int) error {
	if rate < 1 || rate > maxRate {
		return fmt.Errorf("%w: %d Hz", ErrBadRate, rate)
	}
	enc := wav.NewEncoder(w, rate, 16, 1, wavFormatPCM)
	data := make([]int, len(pcm))
	for i, s := range pcm {
		data[i] = int(s)
	}
	buf := &audio.IntBuffer{Data: data, Format: &audio.Format{NumChannels: 1, SampleRate: rate}, SourceBitDepth: 16}
	if err := enc.Write(buf); err != nil {
		return fmt.Errorf("audio: write wav: %w", err)
	}
	if err := enc.Close(); err != nil {
		return fmt.Errorf("audio: write wav: %w", err)
	}
	return nil
}

// WriteWAVFile writes pcm to path as a 16-bit mono WAV file.
func WriteWAVFile(path string, pcm []int16, rate int) (err error) {
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("audio: %w", err)
	}
	defer func() {
		if cerr := f.Close(); cerr != nil && err == nil {
			err = fmt.Errorf("audio: %w", cerr)
		}
	}()
	return WriteWAV(f, pcm, rate)
}
