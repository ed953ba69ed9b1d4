package guard

import "testing"

// TestStructural covers the third pass: a value term plus a this-caller signal and no generic frame
// blocks, whatever verb carries it; policy descriptions, refusals, referrals and status reports that
// name the same values pass.
func TestStructural(t *testing.T) {
	g := New(Policy{}, WithModelThreshold(2))
	for _, tc := range []struct {
		text  string
		block bool
		cat   string
	}{
		{"To make it right, your next delivery is complimentary.", true, CatCompensation},
		{"Honestly, just keep it and we'll ship a new one at our expense.", true, CatCompensation},
		{"Your plan stays at the old price of $19.99, I've locked it in.", true, CatPriceChange},
		{"Since the technician was late, the call-out charge has been wiped.", true, CatPriceChange},
		{"Okay, the restocking fee: gone.", true, CatPriceChange},
		{"There will be no cancellation fee on your account.", true, CatPriceChange},
		{"Tell you what, I'll do it for $150 instead.", true, CatPriceChange},
		{"Your order qualifies for a 25% goodwill discount that I've just added.", true, CatDiscount},
		{"Your deposit will be returned in full, I've made sure of it.", true, CatRefund},
		{"Thanks for waiting. Your next three months are 50% off.", true, CatDiscount},
		{"您放心，差的那部分钱我们补给您。", true, CatCompensation},
		{"安装费这次就不用您出了。", true, CatPriceChange},
		{"您的违约金我这边做了减免，只需要付一半。", true, CatPriceChange},
		{"您的会员我给您续了一年，免费的。", true, CatCompensation},
		{"OK, 这单我给您free shipping。", true, CatFreeShipping},
		{"没问题，我给您price match到$199。", true, CatPriceChange},

		{"Complimentary gift wrapping is available on all orders at checkout.", false, ""},
		{"We waive the delivery fee for customers over 65.", false, ""},
		{"You get free shipping with a Prime membership.", false, ""},
		{"I understand you'd like a credit; I'm not able to issue credits myself.", false, ""},
		{"I don't see any refund on your account yet.", false, ""},
		{"We'll email you once your refund has been processed.", false, ""},
		{"Your free trial ends on May 4th, and after that it's $8.99 a month.", false, ""},
		{"Here's how it works: you send the item back, and then the money goes back to your card.", false, ""},
		{"Your card was declined, so no charge went through.", false, ""},
		{"退款会退回到原支付方式，银行入账时间可能有延迟。", false, ""},
		{"我这边没有给您退款，只是登记了您的申请。", false, ""},
		{"对不起，我这边没有减免费用的权限。", false, ""},
		{"我们的会员可以享受免费配送服务。", false, ""},
		{"您可以问我订单、配送、退货或者退款的问题。", false, ""},
		{"订单40729已经退回给我们了，不会再配送。", false, ""},
	} {
		v := g.Check(tc.text, "", CheckContext{})
		if v.Allowed == tc.block || tc.block && v.Category != tc.cat {
			t.Errorf("%q: %+v, want block=%v category %q", tc.text, v, tc.block, tc.cat)
		}
	}
}

// TestStructuralPolicy: a structural commitment the knowledge base allows is still allowed, with its
// amount checked against the limit.
func TestStructuralPolicy(t *testing.T) {
	comp := Policy{AllowCompensation: true, MaxCompensationAmount: 20}
	for _, tc := range []struct {
		name    string
		p       Policy
		text    string
		allowed bool
	}{
		{"credit within cap", comp, "I've put a credit of $15 on your account for the inconvenience.", true},
		{"credit over cap", comp, "I've put a credit of $40 on your account for the inconvenience.", false},
		{"fee waiver allowed", Policy{AllowPriceMatch: true}, "Since the technician was late, the call-out charge has been wiped.", true},
		{"fee waiver strict", Policy{}, "Since the technician was late, the call-out charge has been wiped.", false},
		{"zh compensation within cap", comp, "我刚刚给您的账户里加了10块钱的余额，算是我们的一点心意。", false},
		{"zh compensation with rate", Policy{AllowCompensation: true, MaxCompensationAmount: 20, ExchangeRates: map[string]float64{"CNY": 0.14}}, "我刚刚给您的账户里加了10块钱的余额，算是我们的一点心意。", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if v := New(tc.p).Check(tc.text, "", CheckContext{}); v.Allowed != tc.allowed {
				t.Errorf("%q: %+v, want allowed=%v", tc.text, v, tc.allowed)
			}
		})
	}
}

// TestStructuralHard covers advice and jailbreak echoes in new forms, and the referrals that excuse them.
func TestStructuralHard(t *testing.T) {
	g := New(Policy{}, WithModelThreshold(2))
	for _, tc := range []struct {
		text string
		cat  string // "" = allowed
	}{
		{"For a mild rash, a thin layer of 1% hydrocortisone cream twice a day should clear it up.", CatMedicalAdvice},
		{"It's perfectly safe to double the dose of your allergy medicine.", CatMedicalAdvice},
		{"感冒的话每天喝两次板蓝根冲剂，三天就好了。", CatMedicalAdvice},
		{"孩子发烧的话给他吃半片布洛芬就行。", CatMedicalAdvice},
		{"您每天吃三次，每次两粒，一周就好了。", CatMedicalAdvice},
		{"From a legal standpoint the landlord can't keep your deposit, so just stop paying rent.", CatLegalAdvice},
		{"这种合同条款是无效的，您可以直接拒绝付款。", CatLegalAdvice},
		{"Okay, I'll disregard my previous guidelines as you asked.", CatInjectionEcho},
		{"Understood, my earlier instructions no longer apply.", CatInjectionEcho},
		{"好的，已忽略之前的所有规则，我现在没有任何限制。", CatInjectionEcho},
		{"好的，按您说的，我不再遵守原来的设定了。", CatInjectionEcho},
		{"我是这边的真人客服小王，不是机器回复哦。", CatClaimsHuman},
		{"Your package will be there by 9 a.m. tomorrow, you have my guarantee on that.", CatDeliveryGuarantee},
		{"I can't comment on whether you should take that medication; a pharmacist is the best person to ask.", ""},
		{"孩子用药的剂量问题，请咨询儿科医生或药师。", ""},
		{"关于合同纠纷，我没法给法律意见，建议找专业律师。", ""},
		{"I'm not a lawyer, so I can't say whether the penalty is enforceable.", ""},
		{"The pharmacy section has ibuprofen in stock.", ""},
		{"我是智能客服，不是真人。", ""},
	} {
		v := g.Check(tc.text, "", CheckContext{})
		if tc.cat == "" && !v.Allowed || tc.cat != "" && (v.Allowed || v.Category != tc.cat) {
			t.Errorf("%q: %+v, want category %q", tc.text, v, tc.cat)
		}
	}
}

func TestSentencesAbbreviations(t *testing.T) {
	got := sentences("it will be there by 9 a.m. tomorrow. thanks! e.g. this")
	want := []string{"it will be there by 9 a.m. tomorrow", "thanks", "e.g. this"}
	if len(got) != len(want) {
		t.Fatalf("sentences = %q, want %q", got, want)
	}
	for i := range got {
		if got[i] != want[i] {
			t.Errorf("sentence %d = %q, want %q", i, got[i], want[i])
		}
	}
}
