package sentiment

import (
	"strconv"
	"encoding/csv"
	"os"
	"strings"
	"testing"
)

func TestZZDbg(t *testing.T) {
	a, _ := New()
	f, _ := os.Open(os.Getenv("F"))
	rows, _ := csv.NewReader(f).ReadAll()
	for _, r := range rows[1:] {
		toks := a.tokensEN(strings.ToLower(r[0]))
		var hits []string
		for i, tk := range toks {
			if w, ok := a.derived[tk.W]; ok {
				hits = append(hits, tk.W+"="+strings.TrimRight(strings.TrimRight(ftoa(w), "0"), "."))
			}
			if i+1 < len(toks) {
				k := tk.W + " " + toks[i+1].W
				if w, ok := a.derived[k]; ok {
					hits = append(hits, k+"="+ftoa(w))
				}
			}
		}
		rd := a.Score(r[0], Context{})
		t.Logf("%s %s %.2f d=%.2f %q %v", r[1], rd.Label, rd.Score, a.derivedEN(toks), r[0], hits)
	}
}
func ftoa(f float64) string { return strings.TrimSpace(strings.Replace(strings.TrimRight(strings.TrimRight(sprintf(f), "0"), "."), " ", "", -1)) }
func sprintf(f float64) string { return fmtS(f) }

func fmtS(f float64) string { return strconvF(f) }
func strconvF(f float64) string { return strconv.FormatFloat(f, 'f', 2, 64) }
