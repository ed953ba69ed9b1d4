package asreval

import (
	"context"
	"errors"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/voicegate/voicegate/asr"
	"github.com/voicegate/voicegate/asr/asrtest"
	"github.com/voicegate/voicegate/audio"
)

func TestWordErrors(t *testing.T) {
	tests := []struct {
		ref, hyp string
		want     int
	}{
		{"a b c", "a b c", 0},
		{"a b c", "a x c", 1},
		{"a b c", "a c", 1},
		{"a b c", "a b c d", 1},
		{"", "a b", 2},
		{"a b", "", 2},
		{"one two three", "three two one", 2},
	}
	for _, tc := range tests {
		if got := WordErrors(strings.Fields(tc.ref), strings.Fields(tc.hyp)); got != tc.want {
			t.Errorf("WordErrors(%q,%q)=%d want %d", tc.ref, tc.hyp, got, tc.want)
		}
	}
}

func TestParseManifest(t *testing.T) {
	tests := []struct {
		name, text string
		tsv        bool
		want       []Item
		wantErr    bool
	}{
		{"csv named", "file,digit,transcript\nr/a.wav,0,zero\n", false, []Item{{"r/a.wav", "zero"}}, false},
		{"tsv named", "wav\tsentence\tx\na.wav\tHello, there.\t1\n", true, []Item{{"a.wav", "Hello, there."}}, false},
		{"tsv sniffed", "wav\tsentence\na.wav\thi\n", false, []Item{{"a.wav", "hi"}}, false},
		{"first column", "clip,text\nb.wav,\"one, two\"\n\n", false, []Item{{"b.wav", "one, two"}}, false},
		{"no transcript", "wav,label\na.wav,x\n", false, nil, true},
		{"short row", "wav,text\na.wav\n", false, nil, true},
		{"empty", "", false, nil, true},
		{"header only", "wav,text\n", false, nil, true},
		{"empty path", "wav,text\n,hi\n", false, nil, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ParseManifest(strings.NewReader(tc.text), tc.tsv)
			if tc.wantErr {
				if !errors.Is(err, ErrManifest) {
					t.Fatalf("want ErrManifest, got %v (%v)", err, got)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(tc.want) {
				t.Fatalf("got %v want %v", got, tc.want)
			}
			for i := range got {
				if got[i] != tc.want[i] {
					t.Fatalf("got %v want %v", got, tc.want)
				}
			}
		})
	}
}

func FuzzParseManifest(f *testing.F) {
	f.Add("wav,text\na.wav,hi\n", false)
	f.Add("wav\tsentence\na\tb\n", true)
	f.Add("\"a,\"b\n\"", false)
	f.Fuzz(func(t *testing.T, s string, tsv bool) {
		items, err := ParseManifest(strings.NewReader(s), tsv)
		if err == nil && len(items) == 0 {
			t.Fatal("no error and no items")
		}
		for _, it := range items {
			if it.WAV == "" {
				t.Fatal("empty path accepted")
			}
		}
	})
}

func TestEvaluateFake(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"a.wav", "b.wav"} {
		// 8 kHz on purpose: Evaluate must resample to the recognizer's 16 kHz.
		if err := audio.WriteWAVFile(filepath.Join(dir, name), make([]int16, 8000), 8000); err != nil {
			t.Fatal(err)
		}
	}
	man := filepath.Join(dir, "m.csv")
	if err := os.WriteFile(man, []byte("file,transcript\na.wav,Order 4 please\nb.wav,yes\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	rec := asrtest.Texts("order four", "no")
	rep, err := Evaluate(context.Background(), rec, man, asr.ModeDigits)
	if err != nil {
		t.Fatal(err)
	}
	// ref words: order four please (3) + yes (1); errors: deletion of please + sub yes/no = 2.
	if rep.N != 2 || math.Abs(rep.WER-0.5) > 1e-9 || rep.RTF <= 0 {
		t.Fatalf("report %+v", rep)
	}
	turns := rec.Sessions()[0].Turns()
	if len(turns) != 2 || turns[0].Hints.Mode != asr.ModeDigits || turns[0].Samples < 15900 || turns[0].Samples > 16100 {
		t.Fatalf("turns %+v", turns)
	}
	if !rec.Sessions()[0].Closed() {
		t.Fatal("session not closed")
	}
	if _, err := Evaluate(context.Background(), rec, filepath.Join(dir, "missing.csv"), asr.ModeOpen); !errors.Is(err, ErrManifest) {
		t.Fatalf("missing manifest: %v", err)
	}
}
