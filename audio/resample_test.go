package audio

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"testing"
)

func tone(rate int, freq, amp float64, n int) []int16 {
	out := make([]int16, n)
	for i := range out {
		out[i] = int16(math.Round(amp * math.Sin(2*math.Pi*freq*float64(i)/float64(rate))))
	}
	return out
}

// toneAmp estimates the amplitude of a sinusoid at freq with a Hann-windowed DFT (Goertzel form).
func toneAmp(x []int16, rate int, freq float64) float64 {
	w := 2 * math.Pi * freq / float64(rate)
	var re, im, wsum float64
	n := float64(len(x))
	for i, s := range x {
		h := 0.5 - 0.5*math.Cos(2*math.Pi*float64(i)/n)
		re += h * float64(s) * math.Cos(w*float64(i))
		im -= h * float64(s) * math.Sin(w*float64(i))
		wsum += h
	}
	return 2 * math.Hypot(re, im) / wsum
}

// zeroCrossFreq estimates the frequency of a clean tone from its interpolated zero crossings.
func zeroCrossFreq(x []int16, rate int) float64 {
	first, last, n := -1.0, -1.0, 0
	for i := 1; i < len(x); i++ {
		a, b := float64(x[i-1]), float64(x[i])
		if a < 0 && b >= 0 { // upward crossing
			t := float64(i-1) + a/(a-b)
			if first < 0 {
				first = t
			} else {
				n++
			}
			last = t
		}
	}
	if n == 0 {
		return 0
	}
	return float64(n) * float64(rate) / (last - first)
}

func rms(x []int16) float64 {
	var s float64
	for _, v := range x {
		s += float64(v) * float64(v)
	}
	return math.Sqrt(s / float64(max(len(x), 1)))
}

func db(x float64) float64 { return 20 * math.Log10(x) }

var testRates = []int{8000, 16000, 22050, 44100, 48000}

func TestResampleToneKeepsFrequencyAndLevel(t *testing.T) {
	for _, from := range testRates {
		for _, to := range testRates {
			for _, freq := range []float64{440, 1000, 3000} {
				t.Run(fmt.Sprintf("%d-%d-%g", from, to, freq), func(t *testing.T) {
					const amp = 12000
					in := tone(from, freq, amp, from/5) // 0.2 s
					out, err := Resample(in, from, to)
					if err != nil {
						t.Fatal(err)
					}
					if want := (len(in)*to + from - 1) / from; len(out) != want {
						t.Fatalf("len = %d, want %d", len(out), want)
					}
					mid := out[len(out)/10 : len(out)*9/10]
					if f := zeroCrossFreq(mid, to); math.Abs(f-freq) > 0.5 {
						t.Errorf("tone at %.2f Hz, want %.0f", f, freq)
					}
					got := toneAmp(mid, to, freq)
					if d := db(got / amp); math.Abs(d) > 0.5 {
						t.Errorf("level changed by %.2f dB", d)
					}
					// Nearly all energy stays in the tone: the rest (distortion, images) is 40 dB down.
					resid := rms(mid)*rms(mid) - got*got/2
					if resid > got*got/2*1e-4 {
						t.Errorf("energy outside the tone: %.1f dB below it", -10*math.Log10(resid/(got*got/2)))
					}
					// Time alignment: output sample k matches the input sine at time k/to.
					k := len(out) / 2
					wantS := amp * math.Sin(2*math.Pi*freq*float64(k)/float64(to))
					if math.Abs(float64(out[k])-wantS) > 0.05*amp {
						t.Errorf("sample %d = %d, want ~%.0f (misaligned)", k, out[k], wantS)
					}
				})
			}
		}
	}
}

func TestResampleAliasingAttenuated(t *testing.T) {
	tests := []struct {
		from, to int
		freq     float64
	}{
		{16000, 8000, 4500},
		{48000, 8000, 5000},
		{48000, 16000, 9000},
		{44100, 16000, 10000},
		{22050, 16000, 8600},
		{48000, 22050, 12000},
		{22050, 8000, 6000},
	}
	for _, tc := range tests {
		t.Run(fmt.Sprintf("%d-%d-%g", tc.from, tc.to, tc.freq), func(t *testing.T) {
			const amp = 16000
			in := tone(tc.from, tc.freq, amp, tc.from/5)
			out, err := Resample(in, tc.from, tc.to)
			if err != nil {
				t.Fatal(err)
			}
			mid := out[len(out)/10 : len(out)*9/10]
			att := db(rms(mid) / (amp / math.Sqrt2))
			if att > -40 {
				t.Errorf("tone above target Nyquist attenuated only %.1f dB", -att)
			}
			t.Logf("attenuation %.1f dB", -att)
		})
	}
}

func TestResamplerStreamingMatchesOneShot(t *testing.T) {
	pairs := [][2]int{{8000, 16000}, {16000, 8000}, {48000, 16000}, {16000, 48000}, {22050, 16000},
		{16000, 22050}, {44100, 16000}, {44101, 16000}, {16000, 16000}}
	for _, p := range pairs {
		t.Run(fmt.Sprintf("%d-%d", p[0], p[1]), func(t *testing.T) {
			in := tone(p[0], 700, 9000, p[0]*3/10+17)
			for i := range in { // add a second component so phases matter
				in[i] += int16(3000 * math.Sin(float64(i)*0.05))
			}
			whole, err := NewResampler(p[0], p[1])
			if err != nil {
				t.Fatal(err)
			}
			want := whole.Process(in)
			want = append(want, whole.Flush()...)

			chunked, _ := NewResampler(p[0], p[1])
			chunk := p[0] / 50 // 20 ms
			var got []int16
			for i := 0; i < len(in); i += chunk {
				got = chunked.Append(got, in[i:min(i+chunk, len(in))])
			}
			got = append(got, chunked.Flush()...)
			if !slices.Equal(got, want) {
				t.Fatalf("chunked output differs: len %d vs %d", len(got), len(want))
			}
			one, _ := Resample(in, p[0], p[1])
			d := chunked.Delay()
			if len(want) < d || !slices.Equal(want[d:], one) {
				t.Fatalf("stream minus delay differs from Resample: len %d-%d vs %d", len(want), d, len(one))
			}
			// After Flush the resampler starts a fresh stream.
			again := append(chunked.Process(in), chunked.Flush()...)
			if !slices.Equal(again, want) {
				t.Fatal("second stream after Flush differs")
			}
		})
	}
}

func TestResamplerFrameSizes(t *testing.T) {
	// 20 ms in gives exactly 20 ms out from the first frame on, which the frame path relies on.
	for _, p := range [][2]int{{8000, 16000}, {48000, 16000}, {16000, 8000}, {16000, 48000}, {22050, 16000}} {
		r, _ := NewResampler(p[0], p[1])
		in := make([]int16, p[0]/50)
		for i := range 5 {
			if n, want := len(r.Process(in)), p[1]/50; n != want && !(p[0] == 22050) {
				t.Errorf("%v frame %d: %d samples, want %d", p, i, n, want)
			}
		}
	}
}

func TestResamplerBadRates(t *testing.T) {
	for _, p := range [][2]int{{0, 16000}, {16000, -1}, {999, 16000}, {16000, 1 << 30}} {
		if _, err := NewResampler(p[0], p[1]); !errors.Is(err, ErrBadRate) {
			t.Errorf("NewResampler(%d, %d) err = %v, want ErrBadRate", p[0], p[1], err)
		}
		if _, err := Resample([]int16{1}, p[0], p[1]); !errors.Is(err, ErrBadRate) {
			t.Errorf("Resample(%d, %d) err = %v, want ErrBadRate", p[0], p[1], err)
		}
	}
	out, err := Resample(nil, 8000, 16000)
	if err != nil || len(out) != 0 {
		t.Errorf("Resample(nil) = %v, %v", out, err)
	}
}

func TestResamplerClipsInsteadOfWrapping(t *testing.T) {
	// A full-scale square wave overshoots after filtering; samples must saturate, not wrap around.
	in := make([]int16, 1600)
	for i := range in {
		in[i] = 32767
		if (i/20)%2 == 1 {
			in[i] = -32768
		}
	}
	out, _ := Resample(in, 8000, 16000)
	for i := 1; i < len(out)-1; i++ {
		if d := int(out[i]) - int(out[i-1]); d > 40000 || d < -40000 {
			t.Fatalf("jump of %d at %d: wrapped", d, i)
		}
	}
}

func TestResamplerNoAllocsPerFrame(t *testing.T) {
	r, _ := NewResampler(8000, 16000)
	in := tone(8000, 440, 5000, 160)
	dst := make([]int16, 0, 320)
	dst = r.Append(dst[:0], in)
	if n := testing.AllocsPerRun(100, func() { dst = r.Append(dst[:0], in) }); n != 0 {
		t.Errorf("Append allocates %.1f times per frame", n)
	}
}

func FuzzResampler(f *testing.F) {
	f.Add(uint16(8000), uint16(16000), []byte{1, 2, 3, 4, 5}, uint8(3))
	f.Fuzz(func(t *testing.T, from, to uint16, data []byte, chunk uint8) {
		r, err := NewResampler(int(from)*4, int(to)*4)
		if err != nil {
			return
		}
		in := make([]int16, len(data)/2)
		for i := range in {
			in[i] = int16(uint16(data[2*i]) | uint16(data[2*i+1])<<8)
		}
		c := max(int(chunk), 1)
		var got []int16
		for i := 0; i < len(in); i += c {
			got = r.Append(got, in[i:min(i+c, len(in))])
		}
		got = append(got, r.Flush()...)
		one, err := Resample(in, int(from)*4, int(to)*4)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(got[min(r.Delay(), len(got)):], one) && from != to {
			t.Fatalf("chunked != one-shot")
		}
	})
}

func BenchmarkResample8kTo16kFrame(b *testing.B) {
	r, _ := NewResampler(8000, 16000)
	in := tone(8000, 440, 5000, 160)
	dst := make([]int16, 0, 320)
	for b.Loop() {
		dst = r.Append(dst[:0], in)
	}
}

func BenchmarkResample48kTo16kFrame(b *testing.B) {
	r, _ := NewResampler(48000, 16000)
	in := tone(48000, 440, 5000, 960)
	dst := make([]int16, 0, 320)
	for b.Loop() {
		dst = r.Append(dst[:0], in)
	}
}

func BenchmarkResample16kTo22050Frame(b *testing.B) {
	r, _ := NewResampler(16000, 22050)
	in := tone(16000, 440, 5000, 320)
	dst := make([]int16, 0, 500)
	for b.Loop() {
		dst = r.Append(dst[:0], in)
	}
}
