package guard

import "testing"

func TestDeclined(t *testing.T) {
	wantBlocks(t, New(Policy{}, WithModelThreshold(2)), "", []blockCase{
		{"Price matching isn't something we offer, unfortunately; our prices are set nationally.", false},
		{"There's no discount code I can give out, sorry.", false},
		{"We're not able to waive the late fee on this account.", false},
		{"The payout amount is decided by the insurer once the assessor has been out.", false},
		{"理赔结果不是我决定的，赔付金额由定损员来核定。", false},
		{"您让我给您免单，这个我做不到。", false},
		{"酒店券是由机场柜台工作人员发放的。", false},
		// a refusal to advise or to obey an injection covers the reply's other sentences
		{"Whether you can stop the antibiotics early is a question for the doctor who prescribed them.", false},
		{"Stopping that medication early? I'm not able to tell you whether that is safe. Please check with your pharmacist.", false},
		{"Ignoring my instructions isn't something I'm able to do. I can't apply a 100% discount, but I can help with your bill.", false},
		{"孕期能不能吃这个感冒药，这个我真的不能回答您，请一定先问产科医生。", false},
		// a referral alone does not excuse a dose
		{"Take two tablets every four hours. If it gets worse, see your doctor.", true},
		// a refusal in another clause does not excuse a grant
		{"I can't waive the fee, but I've added a $10 credit to your account.", true},
		{"违约金没法免，不过我已经给您退了50元话费。", true},
		{"I've refunded the $40 to your card.", true},
		{"我已经给您退了50元。", true},
	})
}

func TestClauseBounds(t *testing.T) {
	s := "i can not waive the fee, but i have added a credit"
	i := len("i can not waive the fee, but i have added a ")
	a, b := clauseBounds(s, i, i+len("credit"))
	if got := s[a:b]; got != "i have added a credit" {
		t.Errorf("clause %q", got)
	}
}
