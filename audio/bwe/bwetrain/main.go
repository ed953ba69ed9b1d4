// Command bwetrain trains the bandwidth-extension model shipped in audio/bwe (model.json) from wideband
// speech: Common Voice clips found in -cv and speech synthesised with flite and espeak-ng, each passed
// through a simulated telephone channel (8 kHz, µ-law). It prints the upper-band error on held-out clips.
//
//	go run ./audio/bwe/bwetrain -cv ../shared/data/speech/cv-en/wav -out audio/bwe/model.json
package main

import (
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"

	"github.com/voicegate/voicegate/audio"
	"github.com/voicegate/voicegate/audio/bwe"
)

func main() {
	cv := flag.String("cv", "", "folder of wideband WAV clips (real speech)")
	out := flag.String("out", "", "where to write the model (JSON); empty: only report")
	realWeight := flag.Int("real-weight", 3, "how many times each real clip counts")
	holdout := flag.Int("holdout", 8, "real clips kept out of training to report the error on")
	ctx := flag.Int("context", 2, "frames of context each side")
	ridge := flag.Float64("ridge", 1e-3, "ridge penalty")
	synth := flag.Bool("synth", true, "add flite/espeak-ng speech")
	experts := flag.Int("experts", 4, "linear experts in the mixture")
	flag.Parse()
	if err := run(*cv, *out, *realWeight, *holdout, *ctx, *experts, *ridge, *synth); err != nil {
		slog.Error("bwetrain", "err", err)
		os.Exit(1)
	}
}

func run(cvDir, out string, realWeight, holdout, ctx, experts int, ridge float64, useSynth bool) error {
	var train, test []bwe.Pair
	if cvDir != "" {
		files, err := filepath.Glob(filepath.Join(cvDir, "*.wav"))
		if err != nil {
			return err
		}
		slices.Sort(files)
		for i, f := range files {
			p, err := pair(f)
			if err != nil {
				return err
			}
			if i < holdout {
				test = append(test, p)
				continue
			}
			for range realWeight {
				train = append(train, p)
			}
		}
	}
	if useSynth {
		ps, err := synthesise()
		if err != nil {
			return err
		}
		train = append(train, ps...)
	}
	fmt.Printf("training on %d utterances, %d held out\n", len(train), len(test))
	m, err := bwe.Train(train, bwe.WithContext(ctx), bwe.WithExperts(experts), bwe.WithRidge(ridge))
	if err != nil {
		return err
	}
	if len(test) > 0 {
		var ext, sil float64
		for _, p := range test {
			e, err := bwe.New(bwe.WithModel(m), bwe.WithMode(bwe.Always))
			if err != nil {
				return err
			}
			y := append(e.Process(p.Narrow), e.Flush()...)
			d1, err := bwe.UpperBandError(p.Wide, y)
			if err != nil {
				return err
			}
			d0, err := bwe.UpperBandError(p.Wide, p.Narrow)
			if err != nil {
				return err
			}
			ext += d1
			sil += d0
		}
		n := float64(len(test))
		fmt.Printf("held-out upper-band error: extended %.1f dB, telephone band only %.1f dB\n", ext/n, sil/n)
	}
	if out == "" {
		return nil
	}
	b, err := m.Marshal()
	if err != nil {
		return err
	}
	return os.WriteFile(out, append(b, '\n'), 0o644)
}

func pair(path string) (bwe.Pair, error) {
	wide, err := audio.LoadWAV16k(path)
	if err != nil {
		return bwe.Pair{}, err
	}
	nb, err := bwe.TelephoneChannel(wide)
	if err != nil {
		return bwe.Pair{}, err
	}
	return bwe.Pair{Wide: wide, Narrow: nb}, nil
}

var texts = []string{
	"zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "oh",
	"six seven three", "zero four five nine", "three six two eight one", "seven zero six six",
	"my number is five five five, two three six eight",
	"she sells sea shells by the sea shore",
	"the quick brown fox jumps over the lazy dog",
	"please say your account number after the tone",
	"yes, that is correct, thank you", "no thanks, I want to speak to an agent",
	"this is a test of the telephone system",
	"which switch is this, the first or the sixth",
	"church bells chase the cheerful chaps", "fifty six thousand three hundred and sixteen",
}

// synthesise speaks texts with every installed flite and espeak-ng voice variant at two speeds.
func synthesise() ([]bwe.Pair, error) {
	dir, err := os.MkdirTemp("", "bwetrain-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	var ps []bwe.Pair
	n := 0
	say := func(name string, args ...string) error {
		n++
		p := filepath.Join(dir, fmt.Sprintf("%d.wav", n))
		args = append(args, p)
		if out, err := exec.Command(name, args...).CombinedOutput(); err != nil {
			return fmt.Errorf("%s %s: %v %s", name, strings.Join(args, " "), err, out)
		}
		pr, err := pair(p)
		if err != nil {
			return err
		}
		ps = append(ps, pr)
		return nil
	}
	if _, err := exec.LookPath("flite"); err == nil {
		for _, v := range []string{"slt", "kal16", "awb", "rms"} {
			for _, t := range texts {
				if err := say("flite", "-voice", v, "-t", t, "-o"); err != nil {
					return nil, err
				}
			}
		}
	}
	if _, err := exec.LookPath("espeak-ng"); err == nil {
		variants := []string{"", "+m1", "+m2", "+m3", "+m4", "+m5", "+m6", "+m7", "+f1", "+f2", "+f3", "+f4"}
		for vi, v := range variants {
			for si, speed := range []string{"140", "180"} {
				for ti, t := range texts {
					if (vi+si+ti)%3 != 0 { // a third of the grid keeps training fast
						continue
					}
					voice := []string{"en-us", "en"}[ti%2] + v
					if err := say("espeak-ng", "-v", voice, "-s", speed, t, "-w"); err != nil {
						return nil, err
					}
				}
			}
		}
	}
	if len(ps) == 0 {
		return nil, errors.New("neither flite nor espeak-ng installed")
	}
	return ps, nil
}
