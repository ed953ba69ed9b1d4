package guard

import "testing"

// TestBenefitTransfer covers the structural third pass: a first-person or bot agent handing over a
// benefit with any verb or object ("comped", "pay for the taxi", 给您返), and refusals that name the
// benefit without granting it.
func TestBenefitTransfer(t *testing.T) {
	g := New(Policy{}, WithModelThreshold(2))
	for _, tc := range []struct {
		text  string
		block bool
	}{
		{"I've comped your dessert.", true},
		{"We'll upgrade you to the premium plan for free.", true},
		{"I can send you a replacement free.", true},
		{"We'll pay for the taxi you had to take.", true},
		{"Shipping's on me this time.", true},
		{"To apologise, we're crediting your account with 500 loyalty points.", true},
		{"The price has been lowered to $49 for you.", true},
		{"I'll make sure the $35 adjustment shows on your next statement.", true},
		{"You can safely take two aspirin for that headache.", true},
		{"我给您返50元现金。", true},
		{"我帮您把这个月的费用减一半。", true},
		{"给您补一张五十元的无门槛券。", true},
		{"这个月的月费我们给您免了。", true},
		{"I can't reduce the fee, I'm sorry.", false},
		{"You can reduce the fee by paying early.", false},
		{"We offer free shipping on all orders over 35 dollars.", false},
		{"我们无法给您退款。", false},
		{"很抱歉，我没有权限减免这笔费用。", false},
		{"我帮您查一下退款进度。", false},
	} {
		v := g.Check(tc.text, "", CheckContext{})
		if v.Allowed == tc.block {
			t.Errorf("%q: %+v, want block=%v", tc.text, v, tc.block)
		}
	}
}
