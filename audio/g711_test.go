package audio

import (
	"encoding/binary"
	"os"
	"path/filepath"
	"testing"
)

type g711Codec struct {
	name   string
	lsb    int // G.711 input resolution in 16-bit units: µ-law takes 14 bits, G.191's A-law 12 bits of magnitude
	enc    func([]byte, []int16)
	dec    func([]int16, []byte)
	golden string
	decode string
}

var g711Codecs = []g711Codec{
	{"mulaw", 4, MulawEncode, MulawDecode, "ulaw_pos.golden", "ulaw_decode.golden"},
	{"alaw", 16, AlawEncode, AlawDecode, "alaw_pos.golden", "alaw_decode.golden"},
}

func encodeOne(c g711Codec, x int16) byte {
	var b [1]byte
	c.enc(b[:], []int16{x})
	return b[0]
}

func decodeOne(c g711Codec, b byte) int16 {
	var x [1]int16
	c.dec(x[:], []byte{b})
	return x[0]
}

func TestG711ReferenceValues(t *testing.T) {
	tests := []struct {
		codec string
		in    int16
		code  byte
		dec   int16
	}{
		{"mulaw", 0, 0xFF, 0},
		{"mulaw", -1, 0x7F, 0}, // negative zero
		{"mulaw", 32767, 0x80, 32124},
		{"mulaw", -32768, 0x00, -32124},
		{"mulaw", 1000, 0xCE, 988},
		{"alaw", 0, 0xD5, 8},
		{"alaw", -1, 0x55, -8},
		{"alaw", 32767, 0xAA, 32256},
		{"alaw", -32768, 0x2A, -32256},
		{"alaw", 1000, 0xFA, 1008},
	}
	for _, tc := range tests {
		for _, c := range g711Codecs {
			if c.name != tc.codec {
				continue
			}
			if got := encodeOne(c, tc.in); got != tc.code {
				t.Errorf("%s encode(%d) = %#02x, want %#02x", c.name, tc.in, got, tc.code)
			}
			if got := decodeOne(c, tc.code); got != tc.dec {
				t.Errorf("%s decode(%#02x) = %d, want %d", c.name, tc.code, got, tc.dec)
			}
		}
	}
}

// TestG711Golden encodes a full sweep and compares it with SoX's output (see testdata/README.md).
func TestG711Golden(t *testing.T) {
	for _, c := range g711Codecs {
		t.Run(c.name, func(t *testing.T) {
			want, err := os.ReadFile(filepath.Join("testdata", c.golden))
			if err != nil {
				t.Fatal(err)
			}
			sweep := make([]int16, 32768)
			for i := range sweep {
				sweep[i] = int16(i)
			}
			got := make([]byte, len(sweep))
			c.enc(got, sweep)
			bad := 0
			for i := range got {
				// SoX rounds to the coder's input resolution where G.191 truncates, so the two agree
				// exactly on multiples of that resolution; in between G.191 keeps the code of the
				// truncated value.
				if i%c.lsb != 0 {
					if got[i] != got[i-i%c.lsb] {
						t.Fatalf("encode(%d) = %#02x, want encode(%d) = %#02x (truncation)", i, got[i], i-i%c.lsb, got[i-i%c.lsb])
					}
					continue
				}
				if got[i] != want[i] {
					if bad < 5 {
						t.Errorf("encode(%d) = %#02x, golden %#02x", i, got[i], want[i])
					}
					bad++
				}
			}
			if bad > 0 {
				t.Errorf("%d of %d codes differ from golden", bad, len(got))
			}
			// G.191 treats negative samples in one's complement: x and ^x share a magnitude.
			for x := -32768; x < 0; x++ {
				if n, p := encodeOne(c, int16(x)), encodeOne(c, ^int16(x)); n != p^0x80 {
					t.Fatalf("encode(%d) = %#02x, want sign-flipped encode(%d) = %#02x", x, n, ^x, p^0x80)
				}
			}

			dec, err := os.ReadFile(filepath.Join("testdata", c.decode))
			if err != nil {
				t.Fatal(err)
			}
			var out [256]int16
			codes := make([]byte, 256)
			for i := range codes {
				codes[i] = byte(i)
			}
			c.dec(out[:], codes)
			for i := range out {
				if w := int16(binary.LittleEndian.Uint16(dec[2*i:])); out[i] != w {
					t.Errorf("decode(%#02x) = %d, golden %d", i, out[i], w)
				}
			}
		})
	}
}

func TestG711RoundTrip(t *testing.T) {
	for _, c := range g711Codecs {
		t.Run(c.name, func(t *testing.T) {
			// Every code except negative zero survives decode+encode unchanged.
			for b := range 256 {
				x := decodeOne(c, byte(b))
				if got := encodeOne(c, x); got != byte(b) && x != 0 {
					t.Errorf("encode(decode(%#02x)=%d) = %#02x", b, x, got)
				}
			}
			// Quantisation error stays within half a step of the segment: ~3% of the magnitude plus
			// the smallest step near zero (µ-law clips above 32124+step/2, A-law above 32256+step/2).
			for x := -32768; x <= 32767; x++ {
				y := int(decodeOne(c, encodeOne(c, int16(x))))
				err := abs(y - x)
				mag := abs(x)
				limit := mag/32 + 16
				if mag > 31000 {
					limit = 1100 // top segment: step 1024 (µ) / 1024 (A), plus clipping
				}
				if err > limit {
					t.Fatalf("round trip %d -> %d: error %d > %d", x, y, err, limit)
				}
				if (x > 16 && y <= 0) || (x < -16 && y >= 0) {
					t.Fatalf("round trip %d -> %d changed sign", x, y)
				}
			}
		})
	}
}

func TestG711ShortBuffers(t *testing.T) {
	pcm := []int16{1, 2, 3, 4}
	dst := make([]byte, 2)
	MulawEncode(dst, pcm) // must not write past dst
	AlawEncode(dst, pcm)
	out := make([]int16, 1)
	MulawDecode(out, dst)
	AlawDecode(out, nil)
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

func FuzzG711(f *testing.F) {
	f.Add(int16(0))
	f.Add(int16(-32768))
	f.Fuzz(func(t *testing.T, x int16) {
		for _, c := range g711Codecs {
			b := encodeOne(c, x)
			y := decodeOne(c, b)
			if encodeOne(c, y) != b && y != 0 {
				t.Fatalf("%s: decode/encode not idempotent for %d", c.name, x)
			}
		}
	})
}

func BenchmarkMulawDecode(b *testing.B) {
	src := make([]byte, 160)
	dst := make([]int16, 160)
	for i := range src {
		src[i] = byte(i * 7)
	}
	b.SetBytes(160)
	for b.Loop() {
		MulawDecode(dst, src)
	}
}

func BenchmarkMulawEncode(b *testing.B) {
	src := make([]int16, 160)
	dst := make([]byte, 160)
	for i := range src {
		src[i] = int16(i * 397)
	}
	b.SetBytes(320)
	for b.Loop() {
		MulawEncode(dst, src)
	}
}
