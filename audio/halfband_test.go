package audio

import (
	"errors"
	"fmt"
	"math"
	"testing"
)

func TestHalfBandBadRates(t *testing.T) {
	for _, tc := range [][2]int{{8000, 8000}, {8000, 24000}, {16000, 48000}, {0, 0}, {500, 1000}, {-8000, -16000}} {
		if _, err := NewHalfBand(tc[0], tc[1]); !errors.Is(err, ErrBadRate) {
			t.Errorf("NewHalfBand(%d, %d) = %v, want ErrBadRate", tc[0], tc[1], err)
		}
	}
}

// halfBandRun converts in as one stream and removes the delay, like Resample does.
func halfBandRun(t *testing.T, in []int16, from, to int) []int16 {
	t.Helper()
	hb, err := NewHalfBand(from, to)
	if err != nil {
		t.Fatal(err)
	}
	out := hb.Append(nil, in)
	out = hb.Append(out, make([]int16, 2*hbSide*2)) // push the tail through
	return out[hb.Delay():]
}

func TestHalfBandPassbandLevelAndFrequency(t *testing.T) {
	tests := []struct {
		from, to int
		freq     float64
	}{
		{8000, 16000, 300},
		{8000, 16000, 1000},
		{8000, 16000, 3400},
		{16000, 8000, 300},
		{16000, 8000, 1000},
		{16000, 8000, 3400},
	}
	for _, tc := range tests {
		t.Run(fmt.Sprintf("%d-%d-%g", tc.from, tc.to, tc.freq), func(t *testing.T) {
			const amp = 10000
			out := halfBandRun(t, tone(tc.from, tc.freq, amp, tc.from/2), tc.from, tc.to)
			mid := out[len(out)/5 : len(out)*3/5]
			if got := toneAmp(mid, tc.to, tc.freq); math.Abs(db(got/amp)) > 0.1 {
				t.Errorf("level %.0f, want %d ±0.1 dB", got, amp)
			}
			if f := zeroCrossFreq(mid, tc.to); math.Abs(f-tc.freq) > tc.freq*0.01 {
				t.Errorf("frequency %.1f Hz, want %g", f, tc.freq)
			}
		})
	}
}

func TestHalfBandStopband(t *testing.T) {
	// Downsampling: a tone past 115 % of the low Nyquist frequency must not fold back. Upsampling: the
	// image of a passband tone (mirrored about 4 kHz) must not appear.
	tests := []struct {
		from, to    int
		freq, image float64
	}{
		{16000, 8000, 4600, 3400},
		{16000, 8000, 6000, 2000},
		{8000, 16000, 3400, 4600},
		{8000, 16000, 1000, 7000},
	}
	for _, tc := range tests {
		t.Run(fmt.Sprintf("%d-%d-%g", tc.from, tc.to, tc.freq), func(t *testing.T) {
			const amp = 16000
			out := halfBandRun(t, tone(tc.from, tc.freq, amp, tc.from/2), tc.from, tc.to)
			mid := out[len(out)/5 : len(out)*3/5]
			if att := -db(toneAmp(mid, tc.to, tc.image) / amp); att < 60 {
				t.Errorf("alias/image at %g Hz only %.1f dB down", tc.image, att)
			} else {
				t.Logf("alias/image at %g Hz %.1f dB down", tc.image, att)
			}
		})
	}
}

func TestHalfBandStreamingMatchesOneShot(t *testing.T) {
	for _, rates := range [][2]int{{8000, 16000}, {16000, 8000}} {
		in := voiced(rates[0], 8000)[:rates[0]/2]
		whole, _ := NewHalfBand(rates[0], rates[1])
		want := whole.Process(in)
		for _, chunk := range []int{1, 3, 160, 320, 777} {
			hb, _ := NewHalfBand(rates[0], rates[1])
			var got []int16
			for off := 0; off < len(in); off += chunk {
				got = hb.Append(got, in[off:min(off+chunk, len(in))])
			}
			if len(got) != len(want) {
				t.Fatalf("%v chunk %d: %d samples, want %d", rates, chunk, len(got), len(want))
			}
			for i := range got {
				if got[i] != want[i] {
					t.Fatalf("%v chunk %d: sample %d = %d, want %d", rates, chunk, i, got[i], want[i])
				}
			}
		}
	}
}

func TestHalfBandFrameSizesAndReset(t *testing.T) {
	up, _ := NewHalfBand(8000, 16000)
	down, _ := NewHalfBand(16000, 8000)
	in8, in16 := tone(8000, 440, 5000, 160), tone(16000, 440, 5000, 320)
	first := down.Process(in16)
	for range 5 {
		if n := len(up.Process(in8)); n != 320 {
			t.Fatalf("up: %d samples per frame, want 320", n)
		}
		if n := len(down.Process(in16)); n != 160 {
			t.Fatalf("down: %d samples per frame, want 160", n)
		}
	}
	down.Reset()
	again := down.Process(in16)
	for i := range first {
		if first[i] != again[i] {
			t.Fatalf("after Reset sample %d = %d, want %d", i, again[i], first[i])
		}
	}
}

func TestHalfBandClips(t *testing.T) {
	in := make([]int16, 1600)
	for i := range in {
		in[i] = 32767
		if i%2 == 1 {
			in[i] = -32768
		}
	}
	for _, rates := range [][2]int{{8000, 16000}, {16000, 8000}} {
		hb, _ := NewHalfBand(rates[0], rates[1])
		out := hb.Process(in)
		for i := 1; i < len(out); i++ {
			if d := int(out[i]) - int(out[i-1]); d > 70000 || d < -70000 {
				t.Fatalf("%v: impossible jump %d", rates, d)
			}
		}
	}
}

func TestHalfBandNoAllocsPerFrame(t *testing.T) {
	up, _ := NewHalfBand(8000, 16000)
	down, _ := NewHalfBand(16000, 8000)
	in8, in16 := tone(8000, 440, 5000, 160), tone(16000, 440, 5000, 320)
	dst := make([]int16, 0, 320)
	dst = up.Append(dst[:0], in8)
	dst = down.Append(dst[:0], in16)
	if n := testing.AllocsPerRun(100, func() {
		dst = up.Append(dst[:0], in8)
		dst = down.Append(dst[:0], in16)
	}); n != 0 {
		t.Errorf("Append allocates %.1f times per frame", n)
	}
}

func FuzzHalfBand(f *testing.F) {
	f.Add(true, []byte{1, 2, 3, 4, 5}, uint8(3))
	f.Fuzz(func(t *testing.T, up bool, data []byte, chunk uint8) {
		from, to := 16000, 8000
		if up {
			from, to = 8000, 16000
		}
		hb, err := NewHalfBand(from, to)
		if err != nil {
			t.Fatal(err)
		}
		in := make([]int16, len(data)/2)
		for i := range in {
			in[i] = int16(uint16(data[2*i]) | uint16(data[2*i+1])<<8)
		}
		step := int(chunk) + 1
		var out []int16
		for off := 0; off < len(in); off += step {
			out = hb.Append(out, in[off:min(off+step, len(in))])
		}
		want := len(in) * 2
		if !up {
			want = len(in) / 2
		}
		if len(out) != want {
			t.Fatalf("%d outputs for %d inputs, want %d", len(out), len(in), want)
		}
	})
}

func BenchmarkHalfBandFrame(b *testing.B) {
	for _, rates := range [][2]int{{8000, 16000}, {16000, 8000}} {
		in := tone(rates[0], 440, 5000, rates[0]/50)
		b.Run(fmt.Sprintf("halfband-%d-%d", rates[0], rates[1]), func(b *testing.B) {
			hb, _ := NewHalfBand(rates[0], rates[1])
			dst := make([]int16, 0, 320)
			for b.Loop() {
				dst = hb.Append(dst[:0], in)
			}
		})
		b.Run(fmt.Sprintf("resampler-%d-%d", rates[0], rates[1]), func(b *testing.B) {
			r, _ := NewResampler(rates[0], rates[1])
			dst := make([]int16, 0, 320)
			for b.Loop() {
				dst = r.Append(dst[:0], in)
			}
		})
	}
}
