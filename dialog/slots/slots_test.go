package slots

import (
	"testing"
	"time"
)

// now is a Wednesday.
var testNow = time.Date(2026, time.March, 4, 10, 0, 0, 0, time.UTC)

type tc struct {
	text, lang string
	want       string
	ok, sure   bool
}

func run(t *testing.T, kind Kind, cases []tc) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.lang+"/"+c.text, func(t *testing.T) {
			v, ok := Extract(kind, c.text, c.lang, testNow)
			if ok != c.ok {
				t.Fatalf("Extract(%s, %q) ok=%v (%+v), want %v", kind, c.text, ok, v, c.ok)
			}
			if !ok {
				return
			}
			if v.Normalized != c.want || v.Confident != c.sure {
				t.Fatalf("Extract(%s, %q) = %q confident=%v (raw %q), want %q confident=%v", kind, c.text, v.Normalized, v.Confident, v.Raw, c.want, c.sure)
			}
			if v.Raw == "" {
				t.Fatalf("empty Raw for %q", c.text)
			}
		})
	}
}

func TestOrderNumber(t *testing.T) {
	run(t, KindOrderNumber, []tc{
		{"four oh seven two nine", "en", "40729", true, true},
		{"my order number is four zero seven two nine please", "en", "40729", true, true},
		{"4 0 7 2 9", "en", "40729", true, true},
		{"40729", "en", "40729", true, true},
		{"It's 407-29.", "en", "40729", true, true},
		{"double seven three one five", "en", "77315", true, true},
		{"five triple two one", "en", "52221", true, true},
		{"forty seven twenty nine", "en", "4729", true, true},
		{"four oh seven twenty nine", "en", "40729", true, true},
		{"I have one question about order four oh seven two nine", "en", "40729", true, true},
		{"four oh seven to nine", "en", "40729", true, false},
		{"um four oh uh seven two nine", "en", "40729", true, true},
		{"for four oh seven two nine", "en", "40729", true, true},
		{"nineteen eighty four", "en", "1984", true, true},
		{"four hundred and seven", "en", "407", true, false},
		{"order one two three and then four five six seven", "en", "4567", true, false},
		{"it is one two three no wait four five six", "en", "456", true, false},
		{"I don't know it", "en", "", false, false},
		{"one", "en", "", false, false},
		{"四零七二九", "zh", "40729", true, true},
		{"我的订单号是四零七二九", "zh", "40729", true, true},
		{"查一下订单幺二三四五", "zh", "12345", true, true},
		{"两两三四五", "zh", "22345", true, true},
		{"四 零 七 二 九", "zh", "40729", true, true},
		{"订单号40729", "zh", "40729", true, true},
		{"四万零七百二十九", "zh", "40729", true, true},
		{"拐拐洞幺勾", "zh", "77019", true, true},
		{"我不知道", "zh", "", false, false},
		{"四零七二九", "en", "40729", true, true},
		{"it's forty thousand seven hundred twenty nine", "en", "40729", true, true},
		{"I ordered on March 3rd, number four o seven two nine", "en", "40729", true, true},
		{"zero four seven one one", "en", "04711", true, true},
		{"我三月五号下的单，订单号四零七二九", "zh", "40729", true, true},
		{"订单号是四零七，二九", "zh", "40729", true, true},
	})
}

func TestPhone(t *testing.T) {
	run(t, KindPhone, []tc{
		{"five five five one two three four five six seven", "en", "5551234567", true, true},
		{"my number is 555 123 4567", "en", "5551234567", true, true},
		{"plus four four seven nine double one two three four five six", "en", "+44791123456", true, true},
		{"call me on oh seven nine double one, two three four, five six seven", "en", "07911234567", true, true},
		{"一三八一二三四五六七八", "zh", "13812345678", true, true},
		{"幺三八 幺二三四 五六七八", "zh", "13812345678", true, true},
		{"one two three", "en", "", false, false},
		{"555-123-4567", "en", "5551234567", true, true},
		{"eight hundred five five five oh one four two", "en", "8005550142", true, true},
	})
}

func TestAmount(t *testing.T) {
	run(t, KindAmount, []tc{
		{"twenty nine dollars fifty", "en", "29.50", true, true},
		{"twenty nine dollars and fifty cents", "en", "29.50", true, true},
		{"$29.50", "en", "29.50", true, true},
		{"it was $1,299", "en", "1299.00", true, true},
		{"fifty bucks", "en", "50.00", true, true},
		{"a hundred and twenty dollars", "en", "120.00", true, true},
		{"about three hundred fifty dollars", "en", "350.00", true, true},
		{"fifty cents", "en", "0.50", true, true},
		{"twenty nine fifty", "en", "29.50", true, false},
		{"twenty nine point five", "en", "29.50", true, true},
		{"29 dollars 99", "en", "29.99", true, true},
		{"I want my money back", "en", "", false, false},
		{"三百五十块", "zh", "350.00", true, true},
		{"三百五", "zh", "350.00", true, true},
		{"二十九块五", "zh", "29.50", true, true},
		{"二十九块五毛八", "zh", "29.58", true, true},
		{"一千二百元", "zh", "1200.00", true, true},
		{"一千二", "zh", "1200.00", true, true},
		{"29.5元", "zh", "29.50", true, true},
		{"两百块钱", "zh", "200.00", true, true},
		{"退我五毛", "zh", "0.50", true, true},
		{"$29.50 的那个", "zh", "29.50", true, true},
		{"我要退款", "zh", "", false, false},
	})
}

func TestDate(t *testing.T) {
	// testNow is Wednesday 2026-03-04.
	run(t, KindDate, []tc{
		{"tomorrow", "en", "2026-03-05", true, true},
		{"can you deliver it tomorrow please", "en", "2026-03-05", true, true},
		{"the day after tomorrow", "en", "2026-03-06", true, true},
		{"yesterday", "en", "2026-03-03", true, true},
		{"today", "en", "2026-03-04", true, true},
		{"next Monday", "en", "2026-03-09", true, true},
		{"next Friday", "en", "2026-03-13", true, false},
		{"this Friday", "en", "2026-03-06", true, true},
		{"on Friday", "en", "2026-03-06", true, true},
		{"Friday", "en", "2026-03-06", true, true},
		{"Wednesday", "en", "2026-03-11", true, false},
		{"last Monday", "en", "2026-03-02", true, true},
		{"March 3rd", "en", "2026-03-03", true, true},
		{"march the third", "en", "2026-03-03", true, true},
		{"on march twenty third", "en", "2026-03-23", true, true},
		{"the 5th of April", "en", "2026-04-05", true, true},
		{"5th April", "en", "2026-04-05", true, true},
		{"December 28", "en", "2025-12-28", true, true},
		{"February 30th", "en", "", false, false},
		{"the fifth", "en", "2026-03-05", true, true},
		{"the 2nd", "en", "2026-04-02", true, true},
		{"2026-03-15", "en", "2026-03-15", true, true},
		{"3/5", "en", "2026-03-05", true, false},
		{"3/15/2026", "en", "2026-03-15", true, true},
		{"in three days", "en", "2026-03-07", true, true},
		{"two weeks from now", "en", "2026-03-18", true, true},
		{"three days ago", "en", "2026-03-01", true, true},
		{"next week", "en", "2026-03-09", true, false},
		{"I don't know", "en", "", false, false},
		{"明天", "zh", "2026-03-05", true, true},
		{"明天下午送到", "zh", "2026-03-05", true, true},
		{"后天", "zh", "2026-03-06", true, true},
		{"大后天", "zh", "2026-03-07", true, true},
		{"昨天", "zh", "2026-03-03", true, true},
		{"前天", "zh", "2026-03-02", true, true},
		{"下周一", "zh", "2026-03-09", true, true},
		{"下星期五", "zh", "2026-03-13", true, true},
		{"这周五", "zh", "2026-03-06", true, true},
		{"上周一", "zh", "2026-02-23", true, true},
		{"周日", "zh", "2026-03-08", true, true},
		{"周一", "zh", "2026-03-09", true, false},
		{"3月5日", "zh", "2026-03-05", true, true},
		{"三月五号", "zh", "2026-03-05", true, true},
		{"十二月二十八号", "zh", "2025-12-28", true, true},
		{"2026年4月1日", "zh", "2026-04-01", true, true},
		{"15号", "zh", "2026-03-15", true, true},
		{"三天后", "zh", "2026-03-07", true, true},
		{"两周以后", "zh", "2026-03-18", true, true},
		{"下周", "zh", "2026-03-09", true, false},
		{"不知道", "zh", "", false, false},
	})
}

func TestTime(t *testing.T) {
	run(t, KindTime, []tc{
		{"twelve thirty", "en", "12:30", true, true},
		{"half past two", "en", "14:30", true, true},
		{"half past nine in the morning", "en", "09:30", true, true},
		{"quarter to three", "en", "14:45", true, true},
		{"quarter past ten", "en", "10:15", true, true},
		{"ten past four", "en", "16:10", true, true},
		{"twenty minutes to five", "en", "16:40", true, true},
		{"three o'clock", "en", "15:00", true, true},
		{"3 pm", "en", "15:00", true, true},
		{"3pm", "en", "15:00", true, true},
		{"10 a.m.", "en", "10:00", true, true},
		{"at ten thirty am", "en", "10:30", true, true},
		{"three oh five", "en", "15:05", true, true},
		{"three forty five in the afternoon", "en", "15:45", true, true},
		{"at three in the afternoon", "en", "15:00", true, true},
		{"at three", "en", "15:00", true, false},
		{"15:30", "en", "15:30", true, true},
		{"call me at 9:15", "en", "09:15", true, true},
		{"seven thirty", "en", "07:30", true, false},
		{"seven thirty tonight", "en", "19:30", true, true},
		{"noon", "en", "12:00", true, true},
		{"midnight", "en", "00:00", true, true},
		{"I'm not sure", "en", "", false, false},
		{"下午三点半", "zh", "15:30", true, true},
		{"三点半", "zh", "15:30", true, true},
		{"上午十点一刻", "zh", "10:15", true, true},
		{"晚上八点", "zh", "20:00", true, true},
		{"早上八点", "zh", "08:00", true, true},
		{"中午十二点", "zh", "12:00", true, true},
		{"中午一点", "zh", "13:00", true, true},
		{"两点十五分", "zh", "14:15", true, true},
		{"十点三刻", "zh", "10:45", true, true},
		{"差五分三点", "zh", "14:55", true, true},
		{"三点差一刻", "zh", "14:45", true, true},
		{"下午3点", "zh", "15:00", true, true},
		{"15:30 可以吗", "zh", "15:30", true, true},
		{"晚上十二点", "zh", "00:00", true, true},
		{"随便", "zh", "", false, false},
	})
}

func TestYesNo(t *testing.T) {
	run(t, KindYesNo, []tc{
		{"yes", "en", "yes", true, true},
		{"yeah that's right", "en", "yes", true, true},
		{"yep", "en", "yes", true, true},
		{"no", "en", "no", true, true},
		{"nope that's wrong", "en", "no", true, true},
		{"that's not right", "en", "no", true, true},
		{"no problem", "en", "yes", true, true},
		{"of course", "en", "yes", true, true},
		{"yes no wait", "en", "no", true, false},
		{"banana", "en", "", false, false},
		{"是的", "zh", "yes", true, true},
		{"对", "zh", "yes", true, true},
		{"没错", "zh", "yes", true, true},
		{"不是", "zh", "no", true, true},
		{"不对", "zh", "no", true, true},
		{"不用了", "zh", "no", true, true},
		{"嗯", "zh", "yes", true, false},
		{"香蕉", "zh", "", false, false},
	})
}

func TestText(t *testing.T) {
	run(t, KindText, []tc{
		{"um my new address is 12 Elm Street", "en", "my new address is 12 Elm Street", true, true},
		{"   ", "en", "", false, false},
		{"嗯，我的新地址是北京路12号", "zh", "我的新地址是北京路12号", true, true},
	})
}

func TestKinds(t *testing.T) {
	for _, k := range Kinds() {
		if !k.Valid() {
			t.Errorf("%s not valid", k)
		}
	}
	if Kind("colour").Valid() {
		t.Error("unknown kind reported valid")
	}
	if _, ok := Extract(Kind("colour"), "red", "en", testNow); ok {
		t.Error("unknown kind extracted")
	}
}
