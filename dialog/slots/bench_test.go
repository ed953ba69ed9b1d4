package slots

import "testing"

func BenchmarkExtract(b *testing.B) {
	cases := []struct {
		kind       Kind
		text, lang string
	}{
		{KindOrderNumber, "my order number is four oh seven two nine please", "en"},
		{KindOrderNumber, "我的订单号是四零七二九", "zh"},
		{KindAmount, "twenty nine dollars and fifty cents", "en"},
		{KindDate, "can you deliver it next monday", "en"},
		{KindDate, "下周一送过来", "zh"},
		{KindTime, "half past two in the afternoon", "en"},
		{KindTime, "下午三点半", "zh"},
	}
	for _, c := range cases {
		b.Run(string(c.kind)+"/"+c.lang, func(b *testing.B) {
			for b.Loop() {
				Extract(c.kind, c.text, c.lang, testNow)
			}
		})
	}
}
