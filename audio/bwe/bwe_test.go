package bwe

import (
	"errors"
	"math"
	"math/cmplx"
	"math/rand/v2"
	"path/filepath"
	"testing"

	"github.com/voicegate/voicegate/audio"
	"github.com/voicegate/voicegate/internal/shareddata"
)

func newExt(tb testing.TB, opts ...Option) *Extender {
	tb.Helper()
	e, err := New(opts...)
	if err != nil {
		tb.Fatal(err)
	}
	return e
}

func extend(e *Extender, pcm []int16) []int16 {
	return append(e.Process(pcm), e.Flush()...)
}

func tone(n int, hz, amp float64) []int16 {
	out := make([]int16, n)
	for i := range out {
		out[i] = int16(amp * math.Sin(2*math.Pi*hz*float64(i)/sampleRate))
	}
	return out
}

func noise(n int, amp float64, seed uint64) []int16 {
	r := rand.New(rand.NewPCG(seed, 1))
	out := make([]int16, n)
	for i := range out {
		out[i] = int16(amp * r.NormFloat64())
	}
	return out
}

// bandPower is the mean |X_k|² over [lo, hi) Hz of pcm, averaged over its frames.
func bandPower(pcm []int16, lo, hi float64) float64 {
	a := newAnalyzer()
	buf := make([]float64, fftSize)
	spec := make([]complex128, fftSize)
	pow := make([]float64, fftSize/2+1)
	s, n := 0.0, 0
	for start := 0; start+fftSize <= len(pcm); start += hop {
		for i := range buf {
			buf[i] = float64(pcm[start+i]) / 32768
		}
		a.spectrum(spec, pow, buf)
		for k := hzBin(lo); k < hzBin(hi); k++ {
			s += pow[k]
			n++
		}
	}
	return s / float64(max(n, 1))
}

func TestFFTRoundTrip(t *testing.T) {
	p := newFFT(fftSize)
	x := make([]complex128, fftSize)
	orig := make([]complex128, fftSize)
	r := rand.New(rand.NewPCG(1, 2))
	for i := range x {
		x[i] = complex(r.NormFloat64(), r.NormFloat64())
		orig[i] = x[i]
	}
	p.transform(x, false)
	// Bin 3 against a direct DFT.
	var want complex128
	for n, v := range orig {
		want += v * cmplx.Exp(complex(0, -2*math.Pi*3*float64(n)/fftSize))
	}
	if cmplx.Abs(x[3]-want) > 1e-9 {
		t.Fatalf("bin 3: %v, want %v", x[3], want)
	}
	p.transform(x, true)
	for i := range x {
		if cmplx.Abs(x[i]-orig[i]) > 1e-9 {
			t.Fatalf("round trip differs at %d: %v vs %v", i, x[i], orig[i])
		}
	}
}

// The output has exactly as many samples as the input, in any chunking, and chunking does not change it.
func TestStreamingMatchesOneShot(t *testing.T) {
	in, err := TelephoneChannel(noise(5000, 3000, 7))
	if err != nil {
		t.Fatal(err)
	}
	whole := extend(newExt(t, WithMode(Always)), in)
	if len(whole) != len(in) {
		t.Fatalf("%d samples out for %d in", len(whole), len(in))
	}
	for _, chunk := range []int{1, 37, 128, 320, 4999} {
		e := newExt(t, WithMode(Always))
		var got []int16
		for i := 0; i < len(in); i += chunk {
			got = e.Append(got, in[i:min(i+chunk, len(in))])
		}
		got = e.AppendFlush(got)
		if len(got) != len(whole) {
			t.Fatalf("chunk %d: %d samples, want %d", chunk, len(got), len(whole))
		}
		for i := range got {
			if got[i] != whole[i] {
				t.Fatalf("chunk %d: sample %d = %d, one-shot %d", chunk, i, got[i], whole[i])
			}
		}
	}
}

func TestSegmentLengths(t *testing.T) {
	e := newExt(t, WithMode(Always))
	for _, n := range []int{0, 1, 5, 127, 128, 129, 640, 641, 3333} {
		out := extend(e, noise(n, 1000, uint64(n)))
		if len(out) != n {
			t.Fatalf("segment of %d gave %d samples", n, len(out))
		}
	}
	if e.Delay() <= 0 {
		t.Fatal("no delay reported")
	}
}

// A telephone-band tone keeps its band untouched; what is added lies above 3.4 kHz and stays bounded.
func TestToneSanity(t *testing.T) {
	in := tone(16000, 1000, 8000)
	out := extend(newExt(t, WithMode(Always)), in)
	added := make([]int16, len(in))
	for i := range in {
		added[i] = out[i] - in[i]
	}
	tonePow := bandPower(in, 900, 1100)
	if p := bandPower(added, 250, 3000); p > 1e-6*tonePow {
		t.Fatalf("low band changed: added power %.3g vs tone %.3g", p, tonePow)
	}
	hi := bandPower(added, 3400, 8000)
	if math.IsNaN(hi) || hi > bandPower(in, 0, 8000) {
		t.Fatalf("upper band power %.3g out of bounds", hi)
	}
}

func TestAutoDetectsBandwidth(t *testing.T) {
	wide := noise(16000, 3000, 3)
	e := newExt(t)
	out := extend(e, wide)
	if e.Narrowband() {
		t.Fatal("white noise taken as narrowband")
	}
	for i := range wide {
		if out[i] != wide[i] {
			t.Fatalf("wideband input changed at %d", i)
		}
	}
	nb, err := TelephoneChannel(wide)
	if err != nil {
		t.Fatal(err)
	}
	e2 := newExt(t)
	out = extend(e2, nb)
	if !e2.Narrowband() {
		t.Fatal("telephone noise taken as wideband")
	}
	before, after := bandPower(nb, 4400, 7600), bandPower(out, 4400, 7600)
	if after < 100*before {
		t.Fatalf("upper band not restored: %.3g -> %.3g", before, after)
	}
	// The channel estimate survives Flush (a call keeps its channel) but not Reset.
	e2.Reset()
	if extend(e2, wide); e2.Narrowband() {
		t.Fatal("Reset kept the old channel estimate")
	}
}

// On real speech the model was not trained on (the trainer holds out the first Common Voice clips), the
// extension is far closer to the true upper band than the telephone signal's empty band.
func TestExtensionBeatsSilence(t *testing.T) {
	dir := shareddata.Path(t, "data", "speech", "cv-en", "wav")
	files, err := filepath.Glob(filepath.Join(dir, "*.wav"))
	if err != nil || len(files) < 3 {
		t.Fatalf("cv-en clips: %v (%d)", err, len(files))
	}
	for _, f := range files[:3] {
		wide, err := audio.LoadWAV16k(f)
		if err != nil {
			t.Fatal(err)
		}
		nb, err := TelephoneChannel(wide)
		if err != nil {
			t.Fatal(err)
		}
		ext := extend(newExt(t), nb)
		dExt, err := UpperBandError(wide, ext)
		if err != nil {
			t.Fatal(err)
		}
		dNB, err := UpperBandError(wide, nb)
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("%s: upper-band error %.1f dB extended, %.1f dB telephone", filepath.Base(f), dExt, dNB)
		if dExt > dNB-4 {
			t.Fatalf("%s: extension %.1f dB not clearly better than silence %.1f dB", f, dExt, dNB)
		}
	}
}

// harmonic makes a voiced-like signal whose upper band follows its lower band: harmonics of f0 with a
// spectral tilt that changes over time.
func harmonic(n int, f0, tiltDB float64) []int16 {
	out := make([]int16, n)
	for h := 1; float64(h)*f0 < 7900; h++ {
		f := float64(h) * f0
		amp := 2000 * math.Pow(10, -tiltDB*f/8000/20)
		for i := range out {
			out[i] += int16(amp * math.Sin(2*math.Pi*f*float64(i)/sampleRate+float64(h)))
		}
	}
	return out
}

func TestTrainLearnsUpperBand(t *testing.T) {
	var pairs []Pair
	for i, tilt := range []float64{6, 12, 18, 24, 30, 36} {
		wide := harmonic(32000, 110+float64(i)*17, tilt)
		nb, err := TelephoneChannel(wide)
		if err != nil {
			t.Fatal(err)
		}
		pairs = append(pairs, Pair{Wide: wide, Narrow: nb})
	}
	m, err := Train(pairs, WithExperts(2))
	if err != nil {
		t.Fatal(err)
	}
	b, err := m.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ParseModel(b); err != nil {
		t.Fatalf("round trip: %v", err)
	}
	test := harmonic(8000, 150, 21)
	nb, _ := TelephoneChannel(test)
	ext := extend(newExt(t, WithModel(m), WithMode(Always)), nb)
	dExt, _ := UpperBandError(test, ext)
	dNB, _ := UpperBandError(test, nb)
	t.Logf("synthetic: %.1f dB extended, %.1f dB telephone", dExt, dNB)
	if dExt > dNB/3 {
		t.Fatalf("trained model error %.1f dB vs %.1f dB without", dExt, dNB)
	}
}

func TestTrainErrors(t *testing.T) {
	wide := harmonic(2000, 120, 10)
	cases := []struct {
		name  string
		pairs []Pair
		opts  []TrainOption
	}{
		{"too little", []Pair{{Wide: wide, Narrow: wide}}, nil},
		{"length mismatch", []Pair{{Wide: wide, Narrow: wide[:100]}}, nil},
		{"bad context", []Pair{{Wide: wide, Narrow: wide}}, []TrainOption{WithContext(-1)}},
		{"bad experts", []Pair{{Wide: wide, Narrow: wide}}, []TrainOption{WithExperts(0)}},
		{"bad range", []Pair{{Wide: wide, Narrow: wide}}, []TrainOption{WithDynamicRange(0)}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := Train(tc.pairs, tc.opts...); !errors.Is(err, ErrTraining) {
				t.Fatalf("got %v, want ErrTraining", err)
			}
		})
	}
}

func TestModelValidation(t *testing.T) {
	good, err := DefaultModel()
	if err != nil {
		t.Fatal(err)
	}
	clone := func() *Model {
		b, _ := good.Marshal()
		m, _ := ParseModel(b)
		return m
	}
	cases := []struct {
		name   string
		break_ func(m *Model)
	}{
		{"context", func(m *Model) { m.Context = 20 }},
		{"edges", func(m *Model) { m.LowHz = m.LowHz[1:] }},
		{"no experts", func(m *Model) { m.Experts = nil }},
		{"temperature", func(m *Model) { m.Temperature = 0 }},
		{"nan weight", func(m *Model) { m.Experts[0][0][0] = math.NaN() }},
		{"short row", func(m *Model) { m.Experts[0][1] = m.Experts[0][1][:3] }},
		{"centroid", func(m *Model) { m.Centroids[0] = m.Centroids[0][:2] }},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			m := clone()
			tc.break_(m)
			if err := m.Validate(); !errors.Is(err, ErrModel) {
				t.Fatalf("got %v, want ErrModel", err)
			}
			if _, err := New(WithModel(m)); !errors.Is(err, ErrModel) {
				t.Fatalf("New: %v", err)
			}
		})
	}
	for _, in := range []string{"", "{", `{"context":2}`, `{"bogus":1}`, "[]"} {
		if _, err := ParseModel([]byte(in)); !errors.Is(err, ErrModel) {
			t.Fatalf("ParseModel(%q): %v", in, err)
		}
	}
	var nilModel *Model
	if err := nilModel.Validate(); !errors.Is(err, ErrModel) {
		t.Fatal("nil model validated")
	}
}

func TestOptionErrors(t *testing.T) {
	for _, o := range []Option{WithGain(math.NaN()), WithGain(50), WithMode(Mode(9)), WithModel(nil)} {
		if _, err := New(o); err == nil {
			t.Fatal("bad option accepted")
		}
	}
	if _, err := UpperBandError(make([]int16, 10), make([]int16, 11)); err == nil {
		t.Fatal("length mismatch accepted")
	}
	if _, err := UpperBandError(nil, nil); err == nil {
		t.Fatal("empty reference accepted")
	}
}

func FuzzParseModel(f *testing.F) {
	f.Add(defaultModelJSON)
	f.Add([]byte(`{"context":1,"low_edges":[1,2],"high_edges":[3,4],"centroids":[[1]],"temperature":1,"experts":[[[1,2]]]}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		m, err := ParseModel(b)
		if err != nil {
			if !errors.Is(err, ErrModel) {
				t.Fatalf("error %v does not wrap ErrModel", err)
			}
			return
		}
		e, err := New(WithModel(m), WithMode(Always))
		if err != nil {
			t.Fatal(err)
		}
		_ = extend(e, noise(1000, 1000, 1))
	})
}

func BenchmarkExtender(b *testing.B) {
	in, err := TelephoneChannel(noise(sampleRate, 3000, 5))
	if err != nil {
		b.Fatal(err)
	}
	e := newExt(b, WithMode(Always))
	out := make([]int16, 0, len(in))
	for b.Loop() {
		for i := 0; i < len(in); i += audio.FrameSamples {
			out = e.Append(out[:0], in[i:min(i+audio.FrameSamples, len(in))])
		}
		out = e.AppendFlush(out[:0])
	}
	b.ReportMetric(b.Elapsed().Seconds()/float64(b.N), "rtf") // one second of audio per op
}
