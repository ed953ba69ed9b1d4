package guard
import ("testing";"os")
func TestTmpEval(t *testing.T){ for _,p:=range []string{os.Getenv("SET")}{ r,err:=Evaluate(New(Policy{}),p); if err!=nil{t.Fatal(err)}; t.Logf("%s n=%d recall=%.3f fbr=%.3f",p,r.N,r.BlockedRecall,r.FalseBlockRate); for _,m:=range r.Mistakes{t.Logf("want %s %q %+v",m.Want,m.Text,m.Verdict)}}}
