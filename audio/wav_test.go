package audio

import (
	"bytes"
	"encoding/binary"
	"errors"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/voicegate/voicegate/internal/shareddata"
)

type wavChunk struct {
	id   string
	body []byte
}

// buildWAV assembles a RIFF/WAVE file byte by byte, independently of the code under test.
func buildWAV(format, channels, rate, bits int, data []byte, extra ...wavChunk) []byte {
	fmtBody := make([]byte, 16)
	le := binary.LittleEndian
	le.PutUint16(fmtBody[0:], uint16(format))
	le.PutUint16(fmtBody[2:], uint16(channels))
	le.PutUint32(fmtBody[4:], uint32(rate))
	le.PutUint32(fmtBody[8:], uint32(rate*channels*bits/8))
	le.PutUint16(fmtBody[12:], uint16(channels*bits/8))
	le.PutUint16(fmtBody[14:], uint16(bits))
	chunks := append(append([]wavChunk{}, extra...), wavChunk{"fmt ", fmtBody}, wavChunk{"data", data})
	var body bytes.Buffer
	body.WriteString("WAVE")
	for _, c := range chunks {
		body.WriteString(c.id)
		_ = binary.Write(&body, le, uint32(len(c.body)))
		body.Write(c.body)
		if len(c.body)%2 == 1 {
			body.WriteByte(0)
		}
	}
	var out bytes.Buffer
	out.WriteString("RIFF")
	_ = binary.Write(&out, le, uint32(body.Len()))
	out.Write(body.Bytes())
	return out.Bytes()
}

func encodeSamples(vals []float64, bits int, float bool) []byte {
	var b bytes.Buffer
	for _, v := range vals { // v in [-1, 1)
		switch {
		case float:
			_ = binary.Write(&b, binary.LittleEndian, math.Float32bits(float32(v)))
		case bits == 8:
			b.WriteByte(byte(min(int(math.Round(v*128)), 127) + 128))
		case bits == 16:
			_ = binary.Write(&b, binary.LittleEndian, int16(math.Round(v*32767)))
		case bits == 24:
			x := int32(math.Round(v * 8388607))
			b.Write([]byte{byte(x), byte(x >> 8), byte(x >> 16)})
		case bits == 32:
			_ = binary.Write(&b, binary.LittleEndian, int32(math.Round(v*2147483647)))
		}
	}
	return b.Bytes()
}

func TestReadWAVFormats(t *testing.T) {
	vals := []float64{0, 0.5, -0.5, 0.25, -1, 0.999}
	tests := []struct {
		name           string
		format, bits   int
		channels, rate int
		tol            int
	}{
		{"pcm8", 1, 8, 1, 8000, 256},
		{"pcm16", 1, 16, 1, 16000, 1},
		{"pcm24", 1, 24, 1, 44100, 1},
		{"pcm32", 1, 32, 1, 48000, 1},
		{"float32", 3, 32, 1, 22050, 1},
		{"pcm16-stereo", 1, 16, 2, 11025, 1},
		{"pcm24-stereo", 1, 24, 2, 96000, 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var inter []float64
			for _, v := range vals {
				for c := range tc.channels {
					if c == 0 {
						inter = append(inter, v)
					} else {
						inter = append(inter, v/2) // other channel: half, so the mix is 0.75 v
					}
				}
			}
			file := buildWAV(tc.format, tc.channels, tc.rate, tc.bits, encodeSamples(inter, tc.bits, tc.format == 3),
				wavChunk{"LIST", []byte("INFOjunk1")}) // odd-sized chunk before fmt exercises padding
			pcm, rate, err := ReadWAV(bytes.NewReader(file))
			if err != nil {
				t.Fatal(err)
			}
			if rate != tc.rate || len(pcm) != len(vals) {
				t.Fatalf("rate %d len %d, want %d %d", rate, len(pcm), tc.rate, len(vals))
			}
			for i, v := range vals {
				want := v * 32768
				if tc.channels == 2 {
					want *= 0.75
				}
				want = max(min(want, 32767), -32768)
				if d := math.Abs(float64(pcm[i]) - want); d > float64(tc.tol)+1 {
					t.Errorf("sample %d = %d, want %.0f", i, pcm[i], want)
				}
			}
		})
	}
}

func TestWAVRoundTrip(t *testing.T) {
	in := tone(8000, 440, 10000, 800)
	in[3] = -32768
	in[4] = 32767
	path := filepath.Join(t.TempDir(), "x.wav")
	if err := WriteWAVFile(path, in, 8000); err != nil {
		t.Fatal(err)
	}
	out, rate, err := ReadWAVFile(path)
	if err != nil || rate != 8000 || !slices.Equal(in, out) {
		t.Fatalf("round trip: rate %d err %v equal %v", rate, err, slices.Equal(in, out))
	}
	up, err := LoadWAV16k(path)
	if err != nil || len(up) != 1600 {
		t.Fatalf("LoadWAV16k: len %d err %v", len(up), err)
	}
	if f := zeroCrossFreq(up[200:1400], 16000); math.Abs(f-440) > 1 {
		t.Errorf("LoadWAV16k tone at %.1f Hz", f)
	}
	if err := WriteWAV(nil, in, 0); !errors.Is(err, ErrBadRate) {
		t.Errorf("WriteWAV rate 0: %v", err)
	}
}

func TestLoadWAV16kFrom44100(t *testing.T) {
	vals := make([]float64, 44100/2)
	for i := range vals {
		vals[i] = 0.3 * math.Sin(2*math.Pi*1000*float64(i)/44100)
	}
	path := filepath.Join(t.TempDir(), "cd.wav")
	if err := os.WriteFile(path, buildWAV(1, 1, 44100, 16, encodeSamples(vals, 16, false)), 0o600); err != nil {
		t.Fatal(err)
	}
	pcm, err := LoadWAV16k(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(pcm) != 8000 {
		t.Fatalf("len %d, want 8000", len(pcm))
	}
	mid := pcm[800:7200]
	if f := zeroCrossFreq(mid, 16000); math.Abs(f-1000) > 1 {
		t.Errorf("tone at %.1f Hz", f)
	}
	if d := db(toneAmp(mid, 16000, 1000) / (0.3 * 32767)); math.Abs(d) > 0.5 {
		t.Errorf("level off by %.2f dB", d)
	}
}

func TestReadWAVSharedData(t *testing.T) {
	cv := shareddata.Path(t, "data", "speech", "cv-en", "wav", "common_voice_en_11289260.wav")
	pcm, rate, err := ReadWAVFile(cv)
	if err != nil || rate != 16000 || len(pcm) != 39168 {
		t.Fatalf("cv-en: rate %d len %d err %v", rate, len(pcm), err)
	}
	digits := shareddata.Path(t, "data", "speech", "fsdd", "recordings", "0_george_0.wav")
	pcm, err = LoadWAV16k(digits)
	if err != nil || len(pcm) != 2384*2 {
		t.Fatalf("fsdd: len %d err %v", len(pcm), err)
	}
}

func TestReadWAVErrors(t *testing.T) {
	good := buildWAV(1, 1, 8000, 16, make([]byte, 100))
	ext := buildWAV(1, 1, 8000, 16, make([]byte, 10))
	tests := []struct {
		name string
		data []byte
		want error
	}{
		{"empty", nil, ErrEmptyAudio},
		{"text", []byte("hello, this is not a wav file at all"), ErrNotWAV},
		{"id3", []byte("ID3\x04\x00\x00\x00\x00\x00\x00"), ErrNotWAV},
		{"riff-not-wave", append([]byte("RIFF\x04\x00\x00\x00AVI "), make([]byte, 20)...), ErrNotWAV},
		{"riff-only", []byte("RIFF\x00\x00"), ErrTruncated},
		{"header-only", good[:12], ErrTruncated},
		{"cut-in-fmt", good[:30], ErrTruncated},
		{"cut-before-data", good[:36], ErrTruncated},
		{"cut-in-data", good[:90], ErrTruncated},
		{"empty-data", buildWAV(1, 1, 8000, 16, nil), ErrEmptyAudio},
		{"alaw", buildWAV(6, 1, 8000, 8, make([]byte, 10)), ErrUnsupportedFormat},
		{"12-bit", buildWAV(1, 1, 8000, 12, make([]byte, 10)), ErrUnsupportedFormat},
		{"float64", buildWAV(3, 1, 8000, 64, make([]byte, 16)), ErrUnsupportedFormat},
		{"9-channels", buildWAV(1, 9, 8000, 16, make([]byte, 36)), ErrUnsupportedFormat},
		{"0-channels", buildWAV(1, 0, 8000, 16, make([]byte, 10)), ErrMalformed},
		{"rate-0", buildWAV(1, 1, 0, 16, make([]byte, 10)), ErrMalformed},
		{"huge-list", patchSize(buildWAV(1, 1, 8000, 16, make([]byte, 10), wavChunk{"LIST", make([]byte, 8)}), 16, 0x7FFFFFF0), ErrTruncated},
		{"huge-fmt", patchSize(ext, 16, 0x7FFFFFF0), ErrMalformed},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			pcm, _, err := ReadWAV(bytes.NewReader(tc.data))
			if !errors.Is(err, tc.want) {
				t.Fatalf("err = %v, want %v", err, tc.want)
			}
			if pcm != nil {
				t.Errorf("pcm returned with error")
			}
		})
	}
	if _, _, err := ReadWAVFile(filepath.Join(t.TempDir(), "missing.wav")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("missing file: %v", err)
	}
}

func patchSize(b []byte, off int, size uint32) []byte {
	binary.LittleEndian.PutUint32(b[off:], size)
	return b
}

func TestReadWAVStreamingSize(t *testing.T) {
	// Pipes write 0xFFFFFFFF as the data size; the data runs to the end of the file.
	b := buildWAV(1, 1, 8000, 16, encodeSamples([]float64{0.1, 0.2, 0.3}, 16, false))
	b = patchSize(b, len(b)-6-4, 0xFFFFFFFF)
	pcm, _, err := ReadWAV(bytes.NewReader(b))
	if err != nil || len(pcm) != 3 {
		t.Fatalf("len %d err %v", len(pcm), err)
	}
}

func FuzzReadWAV(f *testing.F) {
	f.Add(buildWAV(1, 1, 8000, 16, make([]byte, 20)))
	f.Add(buildWAV(1, 2, 44100, 24, make([]byte, 24), wavChunk{"LIST", []byte("INFOabc")}))
	f.Add(buildWAV(3, 1, 16000, 32, encodeSamples([]float64{0.5, math.NaN()}, 32, true)))
	f.Add(buildWAV(1, 1, 8000, 8, []byte{1, 2, 3}))
	f.Add([]byte("RIFF\x00\x00\x00\x00WAVEfmt "))
	f.Fuzz(func(t *testing.T, data []byte) {
		pcm, rate, err := ReadWAV(bytes.NewReader(data))
		if err != nil {
			if pcm != nil {
				t.Fatal("samples returned with an error")
			}
			return
		}
		if len(pcm) == 0 || rate <= 0 {
			t.Fatalf("success with %d samples at %d Hz", len(pcm), rate)
		}
		var buf seekBuffer
		if err := WriteWAV(&buf, pcm, rate); err != nil {
			t.Fatal(err)
		}
		again, rate2, err := ReadWAV(bytes.NewReader(buf.b))
		if err != nil || rate2 != rate || !slices.Equal(again, pcm) {
			t.Fatalf("rewrite round trip failed: %v", err)
		}
	})
}

// seekBuffer is an in-memory io.WriteSeeker for WriteWAV.
type seekBuffer struct {
	b   []byte
	pos int
}

func (s *seekBuffer) Write(p []byte) (int, error) {
	if need := s.pos + len(p); need > len(s.b) {
		s.b = append(s.b, make([]byte, need-len(s.b))...)
	}
	copy(s.b[s.pos:], p)
	s.pos += len(p)
	return len(p), nil
}

func (s *seekBuffer) Seek(off int64, whence int) (int64, error) {
	switch whence {
	case io.SeekStart:
		s.pos = int(off)
	case io.SeekCurrent:
		s.pos += int(off)
	case io.SeekEnd:
		s.pos = len(s.b) + int(off)
	}
	return int64(s.pos), nil
}
