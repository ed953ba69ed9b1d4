package sphinx

import (
	"encoding/csv"
	"math/rand"
	"os"
	"path/filepath"
	"testing"
	"strings"
)

func TestScratchVariants(t *testing.T) {
	M := "/usr/share/pocketsphinx/model/en-us/"
	dir := "/work/shared/data/speech/fsdd"
	f, _ := os.Open(dir + "/manifest.csv")
	rows, _ := csv.NewReader(f).ReadAll()
	rows = rows[1:]
	var sel [][]string
	for i := 0; i < len(rows); i += 5 { sel = append(sel, rows[i]) }
	pcms := make([][]int16, len(sel))
	for i, row := range sel { pcms[i] = load16k(t, filepath.Join(dir, row[0])) }
	rng := rand.New(rand.NewSource(1))
	pad := func(p []int16, ms int) []int16 {
		n := ms*16
		out := make([]int16, 0, len(p)+2*n)
		for i := 0; i < n; i++ { out = append(out, int16(rng.Intn(21)-10)) }
		out = append(out, p...)
		for i := 0; i < n; i++ { out = append(out, int16(rng.Intn(21)-10)) }
		return out
	}
	noise := func(p []int16, a int) []int16 {
		out := make([]int16, len(p))
		for i := range p { out[i] = int16(max(-32768, min(32767, int(p[i]) + int(rng.NormFloat64()*float64(a))))) }
		return out
	}
	for _, v := range []struct{ name string; args []string; full bool; pad int; noise int }{
		{"base", nil, false, 0, 0},
		{"fold0.1", nil, false, 0, -10},
		{"fold0.3", nil, false, 0, -30},
		{"fold0.5", nil, false, 0, -50},
		{"fold1.0", nil, false, 0, -100},
	} {
		args := append([]string{"-hmm", M + "en-us", "-dict", M + "cmudict-en-us.dict", "-logfn", "/dev/null"}, v.args...)
		d, err := newDecoder(args)
		if err != nil { t.Fatal(err) }
		if err := d.setJSGF("digits", "#JSGF V1.0;\ngrammar digits;\npublic <number> = <digit>+;\n<digit> = zero | oh | one | two | three | four | five | six | seven | eight | nine;\n"); err != nil { t.Fatal(err) }
		d.setSearch("digits")
		errs := 0
		for i, row := range sel {
			p := pcms[i]
			if v.pad > 0 { p = pad(p, v.pad) }
			if v.noise > 0 { p = noise(p, v.noise) }
			if v.noise < 0 { g := float64(-v.noise)/100; q := make([]int16, len(p)); for j := range p { sg := 1.0; if j%2 == 1 { sg = -1 }; q[j] = int16(max(-32768, min(32767, float64(p[j])*(1+sg*g)))) }; p = q }
			d.startUtt()
			if v.full { d.processRaw(p, true) } else { for j := 0; j < len(p); j += 320 { d.processRaw(p[j:min(j+320, len(p))], false) } }
			d.endUtt()
			h, _ := d.hyp()
			h = strings.ReplaceAll(h, "oh", "zero")
			if h != row[2] { errs++ }
		}
		t.Logf("%s: %d/%d wrong", v.name, errs, len(sel))
		d.free()
	}
}
