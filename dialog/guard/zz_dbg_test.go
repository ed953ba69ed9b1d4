package guard
import "testing"
func TestDbg(t *testing.T){ g:=New(Policy{}); s:="your refund of 120 dollars is approved"; t.Logf("p=%q r=%q h=%q g=%q %v", g.gen.passive.FindString(s), g.gen.refuse.FindString(s), g.gen.hedge.FindString(s), g.gen.generic.FindString(s), g.cuesIn(s,g.gen.cuesEN)); t.Log(g.findCommitments(s,false,true))}
