package sentiment
import ("testing";"os";"strings")
func TestTmpEval(t *testing.T){ a,_:=New(); for _,p:=range strings.Fields(os.Getenv("SET")){ r,err:=Evaluate(a,p); if err!=nil{t.Fatal(err)}; t.Logf("%s n=%d acc=%.3f P=%.3f R=%.3f",p,r.N,r.Accuracy,r.NegativePrecision,r.NegativeRecall); for _,m:=range r.Mistakes{t.Logf("want %s got %s %.2f %q",m.Want,m.Reading.Label,m.Reading.Score,m.Text)}}}
