package guard

import "regexp"

// hardRule blocks whatever the policy says: the bot must never claim to be human, give legal or medical
// advice or repeat a jailbreak.
type hardRule struct {
	cat    string
	reason string
	zh     bool
	re     *gate
	// unless exempts a sentence that also matches it (a refusal or a referral).
	unless *regexp.Regexp
	// also, when set, must match the sentence too (a medicine word beside a dosage); it is checked first,
	// being the rarer and cheaper part.
	also *gate
}

// object finds the thing a commitment would be about (refund, discount...).
type object struct {
	cat string
	zh  bool
	re  *gate
}

type rules struct {
	hard    []hardRule
	objects []object

	money       *gate
	moneyAfter  *gate
	percent     *gate
	zhZhe       *gate
	days        *gate
	zhDays      *gate
	passive     *gate
	offer       *gate
	threshold   *gate
	returnCond  *gate
	processTime *gate
	guarantee   *gate
	guaranteeNo *gate
	zhMarker    *gate
	zhNeg       *gate
	zhBreak     *gate
	zhAfter     *gate
	direct      *gate
	zhThreshold *gate
	zhReturn    *gate
	zhProcess   *gate
	zhGuarantee *gate
}

// compileRules builds the pattern set once per Guard (no package-level state).
func compileRules() *rules {
	c := regexp.MustCompile
	refusalEN := c(`\b(i|we) (am |are )?(can not|could not|do not|am not able|are not able|will not|unable|not allowed|not able|not permitted|not qualified|not licensed)\b[^.]{0,40}\b(advice|advise|diagnos|recommend)|\bnot (able|allowed|qualified) to (give|provide|offer)|\b(i|we) (can not|could not|am not able to|are not able to|am unable to|are unable to|am not in a position to) (tell|say|advise|answer)( you)? (whether|if|how|what)\b|\b(consult|speak (to|with)|talk (to|with)|contact|see|ask)( a| an| your| with a| with an| with your)? (lawyer|attorney|solicitor|legal (professional|advisor|adviser)|doctor|physician|pharmacist|gp|medical professional|healthcare provider)`)
	r := &rules{
		hard: []hardRule{
			{cat: CatClaimsHuman, reason: "the bot must not claim to be human",
				re: gated(c(`\bi am (a |an )?(real|actual|live|human|genuine|flesh and blood)( person| human| agent| being| woman| man| employee| representative)?\b|\bi am (a |an )?(person|human being|human)\b|\bi am (definitely |really |actually )?not (a |an )?(bot|robot|machine|ai|computer|recording|automated|virtual|chatbot|program)\b|\byou are (now )?(talking|speaking|chatting) (to|with) (a |an )?(real|actual|live|human)( person| human| agent)?\b|\bthis is (a |an )?(real|actual|live) (person|human)\b|\bi am (a |an )?human (agent|representative|operator)\b`), "real", "actual", "live", "human", "genuine", "flesh", "person", "bot", "machine", " ai", "computer", "recording", "automated", "virtual", "program")},
			{cat: CatClaimsHuman, reason: "the bot must not claim to be human", zh: true,
				re: gated(c(`我(是|就是|可是|确实是|真的是|也是)(一个)?(真人|真正的人|人工客服|活人|真实的人|客服人员|人类|真的人|人工坐席|人工服务)|我不是(机器人|ai|人工智能|机器|自动|智能客服|程序|录音)|(您|你)(现在)?(正在)?(和|跟|与)(一个)?(真人|人工客服|真正的人)(通话|聊天|对话|说话|交流)`), "真人", "人工", "活人", "真实", "客服人员", "人类", "真的人", "机器", "ai", "智能", "程序", "录音", "真正的人")},
			{cat: CatInjectionEcho, reason: "the reply repeats or obeys a prompt injection",
				re: gated(c(`\b(my|the) (system prompt|initial instructions|hidden instructions|original instructions|system message|secret instructions)( is| are| says| reads|:)|\bhere (is|are) my (system prompt|instructions|hidden instructions)\b|\bi am (now )?dan\b|\bas dan\b|\bdan mode\b|\bdeveloper mode (is )?(enabled|activated|on)\b|\bjailbreak(ed)? mode\b|\b(ignoring|i will ignore|i have ignored|i am ignoring) (all |my |the )?(previous |prior |earlier )?(instructions|rules|guidelines|restrictions)|\bi (have been|am) (jailbroken|freed|unrestricted)\b|\bno longer bound by\b|\bmy (instructions|rules) (say|are|tell)\b`), "prompt", "instruction", "dan", "developer mode", "jailbr", "ignor", "freed", "unrestricted", "bound by", "my rules", "system message")},
			{cat: CatInjectionEcho, reason: "the reply repeats or obeys a prompt injection", zh: true,
				re: gated(c(`我的(系统)?(提示词|系统提示|指令是|设定是)|系统提示(词)?(是|如下)|(已|已经|我会|我将|好的，?)忽略(之前|先前|以上|所有)?的?(指令|设定|规则)|开发者模式已(开启|启用|激活)|我现在是dan|越狱模式`), "提示", "指令", "忽略", "开发者", "dan", "越狱", "设定")},
			{cat: CatLegalAdvice, reason: "legal advice must come from a lawyer",
				re:     gated(c(`\byou should (sue|file (a )?(lawsuit|suit|legal claim)|take (them|us|legal action|this to court)|press charges|get a lawyer and sue)\b|\byou (have|have got) (a |an )?(strong|good|valid|solid|winning|clear|clear-cut|airtight|watertight|real) (legal )?case\b|\byou (can|could|would|will) (definitely |easily |probably )?(sue|win (the|your|in) (case|court|lawsuit))\b|\byou (can|could) take (us|them|the company|the seller|him|her) to (small claims )?court\b|\bmy legal (advice|opinion)\b|\b(legally|under the law|by law|under consumer law),? you (are|have|can|do not|must|should)\b|\byou are legally (entitled|allowed|required|obliged)\b|\b(this|that|the|your) (contract|clause|agreement|term|lease|warranty term) is (legally )?(void|unenforceable|illegal|invalid|not binding)\b|\byou do not need (a |to hire a |to get a )?(lawyer|attorney)\b|\b(it is|that is) (perfectly |completely )?(legal|illegal) (for you )?to\b|\byou will (win|not lose) (in court|the case)\b`), "sue", "lawsuit", "suit", "court", "case", "legal", "law", "contract", "clause", "agreement", "term", "lease", "lawyer", "attorney", "press charges", "win"),
				unless: refusalEN},
			{cat: CatLegalAdvice, reason: "legal advice must come from a lawyer", zh: true,
				re:     gated(c(`(你|您)(应该|可以|完全可以|最好|就)(去)?(起诉|告他们|告我们|打官司|去法院|提起诉讼)|(你|您)(肯定|一定|稳|能|可以)(赢|胜诉|打赢)|稳赢|胜诉的?(把握|可能)(很大|很高)|(法律上|根据法律|依法)，?(你|您)(有权|可以|应该|不需要|不用)|(这个|这份|该)?(合同|条款|协议)(是)?(无效|违法|不合法)的?|(你|您)不(需要|用)(请)?律师|我的法律(建议|意见)`), "起诉", "告", "官司", "法院", "诉讼", "赢", "胜诉", "法律", "依法", "合同", "条款", "协议", "律师"),
				unless: c(`(无法|不能|不可以|不便)(提供|给出|给您|给你)?(任何)?法律(建议|意见)|咨询(专业)?(律师|法律)`)},
			{cat: CatMedicalAdvice, reason: "medical advice must come from a clinician",
				re:     gated(c(`\b(you should|you can|you could|you may|try|just|i would recommend|i recommend|i suggest|i would suggest|go ahead and)( safely| easily| simply| always| also| just)? (take|taking|use|using|stop taking|double|increase|try)( some| a| an| two| 2| 1| one)? ?(ibuprofen|paracetamol|acetaminophen|aspirin|tylenol|advil|motrin|antibiotics?|antihistamines?|benadryl|painkillers?|medication|medicine|pills?|tablets?|capsules?|dose|doses|insulin|steroids?|melatonin|\d+ ?(mg|milligrams|ml|pills|tablets|capsules))\b|\btake (\d+|a|an) ?(mg|milligrams|pills?|tablets?|capsules?|doses?)\b|\b(it is|that is|this is|they are) (completely |perfectly |totally )?(safe|fine|okay|ok|harmless) (to take|to use|to eat|for you|during pregnancy|while pregnant|for (your )?(baby|child|children|kids|infant))\b|\byou do not need (to see |to visit )?(a |your )?(doctor|physician|gp|medical attention)\b|\bno need to see (a |your )?doctor\b|\b(sounds|looks) like (you have|an?|you are having) (an? )?(infection|allergic reaction|allergy|flu|covid|rash|concussion|fracture|migraine)\b|\byou (probably|likely|must) have (an? )?(infection|allergy|flu|covid|virus|condition|disease)\b|\bthe (right|correct|safe|recommended) dose for you\b`), "ibuprofen", "paracetamol", "acetaminophen", "aspirin", "tylenol", "advil", "motrin", "antibiotic", "antihistamine", "benadryl", "painkiller", "medic", "pill", "tablet", "capsule", "dose", "insulin", "steroid", "melatonin", "mg", "milligram", "ml", "safe", "harmless", "fine", "okay", "ok ", "doctor", "physician", "gp", "sounds like", "looks like", "have"),
				unless: refusalEN},
			{cat: CatMedicalAdvice, reason: "medical advice must come from a clinician", zh: true,
				re:     gated(c(`(你|您)?(应该|可以|先|就|最好)(吃|服用|用|喝|涂|打)(点|些|一点|一些)?(\p{Han}{0,3}药|布洛芬|阿莫西林|抗生素|头孢|维生素)|每次(吃|服用|用)\d+(片|粒|毫克|mg|袋)|(孕妇|孩子|婴儿|宝宝|儿童)(也)?(完全)?可以(放心)?(吃|用|服用)|不(用|需要)(去)?(看|就)(医生|医)|(你|您)(这)?(是|可能是|应该是|肯定是)(过敏|感染|感冒|发炎|流感|中毒)了?|我建议(您|你)?(吃|服用|用)(点|些)?(\p{Han}{0,3}药|布洛芬|抗生素|头孢)`), "药", "布洛芬", "阿莫西林", "抗生素", "头孢", "维生素", "服用", "毫克", "mg", "孕妇", "孩子", "婴儿", "宝宝", "儿童", "医", "过敏", "感染", "感冒", "发炎", "流感", "中毒"),
				unless: c(`(无法|不能)(提供|给出)(任何)?(医疗|医学)(建议|意见)|请?(咨询|遵医嘱|请教)(医生|药剂师)`)},
			{cat: CatLegalAdvice, reason: "legal advice must come from a lawyer",
				re:     gated(c(`\bif i were you,? i would (sue|take|file|get a lawyer|press charges|report)|\btake (them|him|her|it|us|the \w+|your \w+) to (small claims( court)?|(civil )?court)\b|\bi would (sue|take (them|him|her) to court)\b|\b(sue|suing) (them|him|her|the \w+|your \w+) (is|would be) (your best|the best|a good)|\byou (should|could|can|might want to) (file|bring|start) (a )?(lawsuit|claim in court|small claims (case|claim)|legal (action|proceedings))`), "if i were you", "court", "sue", "suing", "lawsuit", "claim in court", "small claims", "legal"),
				unless: refusalEN},
			{cat: CatLegalAdvice, reason: "legal advice must come from a lawyer", zh: true,
				re:     gated(c(`(你|您)[^，。,]{0,10}(可以|应该|最好|就|能)(直接)?(去)?(法院)?(起诉|告他|告她|告他们|告商家|告对方|打官司|提起诉讼|申请仲裁)`), "起诉", "告", "官司", "诉讼", "仲裁"),
				unless: c(`(无法|不能|不可以|不便)(提供|给出|给您|给你)?(任何)?法律(建议|意见)|咨询(专业)?(律师|法律)`)},
			{cat: CatMedicalAdvice, reason: "medical advice must come from a clinician",
				re:     gated(c(`\b(\d+|a|an|half a|half) (tablets?|pills?|capsules?|doses?|teaspoons?|mg|milligrams|ml)( of [a-z]+)? (every|each|a day|per day|twice|three times|at night|before bed|with food|should|will)\b|\b(ibuprofen|paracetamol|acetaminophen|aspirin|tylenol|advil|antihistamines?|painkillers?|antibiotics?)[^.]{0,30}\b(should|will|would) (help|ease|relieve|fix|clear)\b|\b(fine|safe|okay|ok|alright|harmless) for (you|your \w+|a \w+|children|kids|babies|toddlers) to (take|use|have|eat|drink)\b`), "tablet", "pill", "capsule", "dose", "teaspoon", "mg", "milligram", "ml", "ibuprofen", "paracetamol", "acetaminophen", "aspirin", "tylenol", "advil", "antihistamine", "painkiller", "antibiotic", "fine for", "safe for", "okay for", "ok for", "alright for", "harmless for"),
				unless: refusalEN},
		},
		objects: []object{
			{cat: CatRefund, re: gated(c(`\b(full |partial |complete |100% )?(refund|refunds|refunded|refunding|reimburse|reimbursed|reimbursement|money back|your money)\b`), "refund", "reimburs", "money")},
			{cat: CatCompensation, re: gated(c(`\b(compensate|compensated|compensation|gift card|gift cards|store credit|account credit|credit of|(\$|€|¥|£)\d[\d,.]* credit|\d+ (dollar|euro|yuan) (credit|voucher)|voucher|goodwill (gesture|credit|payment)|make it up to you|on the house|free (month|months|upgrade|gift|item|product|replacement|subscription)|credit (your|you|to your) (account|card))\b`), "compensat", "gift card", "credit", "voucher", "goodwill", "make it up", "on the house", "free ")},
			{cat: CatFreeShipping, re: gated(c(`\b(free (standard |express |expedited |overnight |next-day |2-day )?(shipping|delivery|postage|returns? shipping)|shipping (is |will be )?(free|on us|on the house|waived)|(waive|waived|waiving|cover|covered|pay for|refund) (the |your )?(shipping|delivery|postage)( fee| fees| cost| costs| charge| charges)?|ship (it|this|them|your order|the replacement)( to you)? (for free|free of charge|at no (extra |additional )?(cost|charge))|no (shipping|delivery) (fee|fees|charge|charges|cost)|upgrade (you|your shipping|your delivery|it) to (express|expedited|overnight|next-day)( shipping| delivery)?)`), "shipping", "delivery", "postage", "ship", "upgrade")},
			{cat: CatPriceChange, re: gated(c(`\b((lower|reduce|drop|change|adjust|cut|match|beat|honor|honour|bring down|knock down) (the |your |that |this |its |their |our )?([\w']+ ){0,2}(price|prices|rate|fee|cost)|price (match|matching|adjustment|drop|reduction|down to)|(waive|waived|waiving|remove|removed|drop|dropped|cancel|cancelled|canceled) (the |your |this |that )?(\w+ )?(fee|fees|charge|charges|penalty)|sell (it|this|them) to you for|let you have it for)\b`), "price", "rate", "fee", "cost", "charge", "penalty", "sell", "let you have")},
			{cat: CatDiscount, re: gated(c(`(\d+(\.\d+)? ?(%|percent|per cent) off|\d+(\.\d+)? ?(%|percent|per cent) discount|\b(discount|discounts|discounted|coupon|coupons|promo code|promotional code|discount code|half price|half off|\$\d[\d,.]* off|€\d[\d,.]* off|\d+ (dollars|bucks|euros|yuan|pounds) off|off (your|the) (bill|order|total|invoice|next order|next purchase)|price reduction)\b|\buse (the )?code\b)`), "%", "percent", "per cent", "discount", "coupon", "promo", "half", "off", "code")},
			{cat: CatDeliveryGuarantee, re: gated(c(`\b(arrive|arrives|arriving|arrival|deliver|delivered|delivery|get there|be there|reach you|reaches you|gets to you|be with you|lands?|landing|show up|shows up|turn up|turns up|in your hands|at your door|on your doorstep|ship (out )?(today|tomorrow|by)|be shipped (today|tomorrow|by))\b`), "arriv", "deliver", "get there", "be there", "reach", "gets to", "with you", "land", "show", "turn", "hands", "door", "ship")},

			{cat: CatRefund, zh: true, re: gated(c(`(全额|部分)?(退款|退钱|退费|退还|返还|退您|退给您|退给你|退回\d|退\d|退差价)`), "退")},
			{cat: CatCompensation, zh: true, re: gated(c(`(赔偿|补偿|赔付|赔您|赔给您|赔你|代金券|礼品卡|红包|返现|积分补偿|现金券|补贴)`), "赔", "补偿", "券", "礼品卡", "红包", "返现", "补贴")},
			{cat: CatFreeShipping, zh: true, re: gated(c(`(免运费|包邮|免邮|免费(配送|送货|寄送|发货|快递|邮寄)|运费(由我们|我们)(出|承担|来出|包)|承担(来回)?运费|(退|免|减免|免除|免去)(掉|了)?[^，。,]{0,6}(运费|邮费)|升级(为|成|到)?(顺丰|加急|次日达|特快))`), "邮", "运费", "免费", "升级")},
			{cat: CatPriceChange, zh: true, re: gated(c(`(降价|改价|调价|改成\d+元|按\d+元(给|卖)|按原价|价格(降|改|调|减)|(免除|减免|免掉|免去)(您的|你的)?(\S{0,4})?(手续费|费用|违约金|滞纳金|服务费)|保价)`), "价", "免", "费", "违约金", "滞纳金", "改成", "按")},
			{cat: CatDiscount, zh: true, re: gated(c(`(打折|打个折|打(个)?\d+(\.\d+)?折|\d+(\.\d+)?折|折扣|优惠|减免\d|立减|半价|便宜\d+|便宜(一点|点|些)|优惠券|折扣码|优惠码|满减|减\d+元)`), "折", "优惠", "减", "半价", "便宜", "券", "码")},
			{cat: CatDeliveryGuarantee, zh: true, re: gated(c(`(送达|到货|送到|到达|寄到|收到货|发货|准时|(之前|以前|当天|今天|明天|后天|周[一二三四五六日天末]|星期[一二三四五六日天]|\d+号|\d+点|上午|下午|晚上)[^，。,]{0,4}(到|送来|送过来))`), "送", "到", "寄", "收到货", "发货", "准时")},
		},
		money:       gated(c(`(us\$|\$|€|¥|£|usd|eur|cny|rmb|gbp)\s?(\d[\d,]*(\.\d+)?)(k\b)?`), "$", "€", "¥", "£", "usd", "eur", "cny", "rmb", "gbp"),
		moneyAfter:  gated(c(`(\d[\d,]*(\.\d+)?)\s?(k )?(dollars|dollar|bucks|buck|usd|euros|euro|eur|yuan|rmb|cny|元|块钱|块|美元|美金|欧元|人民币|pounds|pound|gbp|英镑)`), "dollar", "buck", "usd", "euro", "eur", "yuan", "rmb", "cny", "元", "块", "美元", "美金", "欧元", "人民币", "pound", "gbp", "英镑"),
		percent:     gated(c(`(\d+(\.\d+)?)\s?(%|percent|per cent)|百分之(\d+)`), "%", "percent", "per cent", "百分之"),
		zhZhe:       gated(c(`(\d+(\.\d+)?)\s?折`), "折"),
		days:        gated(c(`\b(within|in|up to|for|of|after|over|last) (the (last |past |first )?)?(\d+)[ -](business |working |calendar )?(days|day|weeks|week|months|month)\b`), "day", "week", "month"),
		zhDays:      gated(c(`(\d+)\s?(天|日|周|星期|个月)(之内|以内|内)`), "天", "日", "周", "星期", "月"),
		passive:     gated(c(`\byour (full |partial )?(refund|discount|credit|compensation|voucher|coupon|gift card|reimbursement|free shipping|price match|price adjustment)( of [^ ]+)? (has been|have been|was|is being|is now|will be|is) (approved|issued|processed|applied|granted|sent|credited|authorized|authorised|initiated|confirmed|arranged|on its way|added)\b`), "your "),
		offer:       gated(c(`\b(here is|here are) (a |an |your |the )?(\w+ ){0,3}(discount|coupon|code|voucher|gift card|credit|refund|promo)|\benjoy (\d+(\.\d+)? ?(%|percent) off|free shipping|a discount)\b|\buse (the )?code [a-z0-9]+ (for|to get)\b`), "here is", "here are", "enjoy", "code"),
		threshold:   gated(c(`\b(orders?|purchases?|baskets?|carts?|spend|spending) (over|above|of|exceeding|more than|at least|totaling|totalling)\b|\bon (all|every|qualifying|eligible) (orders|purchases|items)\b|\b(members|subscribers|students|first-time customers|new customers|premium customers|loyalty (members|program))\b|\bwith (a |an |your )?(\w+ )?(membership|subscription|student id)\b|\bduring (our|the) (sale|promotion)\b`), "order", "purchase", "basket", "cart", "spend", "on all", "on every", "qualifying", "eligible", "member", "subscriber", "student", "customers", "loyalty", "with a", "with your", "during"),
		returnCond:  gated(c(`\b(if you (return|send)|once (we|the warehouse) (receive|receives|get|has received|have received|inspect)|after (we|the warehouse) (receive|receives|inspect|get)|when (we|the warehouse) (receive|receives|get)|(once|after|when) (your|the) (return|returned item|item|items|package|parcel|product) (is|has been|have been|are) (received|inspected|processed|checked|approved)|after inspection|as long as|provided (that )?(the|it|you)|returned within|in (its|their) original (packaging|condition)|unused and)\b`), "if you", "once", "after", "when", "as long", "provided", "returned", "original", "unused"),
		processTime: gated(c(`\b(process|processed|processing)\b[^.]{0,40}\b(\d+(-\d+)? (business |working )?days)\b`), "process"),
		guarantee:   gated(c(`100%|\b(guarantee|guarantees|guaranteed|promise|promised|definitely|for sure|certainly|surely|without fail|no matter what|i assure you|rest assured|i swear|absolutely will|you have my word|i give you my word|my word|you can count on (it|that)|i can confirm|without a doubt|no doubt)\b`), "100%", "guarant", "promis", "definitely", "for sure", "certainly", "surely", "without fail", "no matter", "assure", "swear", "absolutely", "my word", "count on", "i can confirm", "no doubt"),
		guaranteeNo: gated(c(`\b(can not|could not|do not|does not|unable to|not able to|will not|never|not) (\w+ )?(guarantee|promise|be guaranteed|guaranteed|promised)|\bnot (guaranteed|promised|definite)|\bno (guarantee|guarantees|promise)|\b(estimate|estimated|estimates|expected|approximately|usually|typically|normally|should arrive|may arrive|might arrive)\b`), "not", "never", "no ", "unable", "estimat", "expected", "approximately", "usually", "typically", "normally", "should arrive", "may arrive", "might arrive"),
		zhMarker:    gated(c(`(给您|给你|为您|为你|帮您|帮你|替您|向您|送您|送你|退您|赔您|您将|您会获得|您会收到|您可以获得|您可以得到|您可以享受|你可以享受|您将获得|由我们|我们(承担|来出|出)|我们?(会|将|可以|能|马上|立即|立刻|现在|已经|已|这就|这边|直接|就|来|特批|特别|愿意|决定|同意|申请|帮|给|为|全额|照价|负责|先行|全部|统一|包)|马上|立即|立刻|已为|已经为|这就|特批|保证|承诺|确保|一定|肯定|百分之百|绝对)`)),
		zhNeg:       gated(c(`(不|没|无法|未|别|难以|抱歉)`)),
		zhBreak:     gated(c(`(查|核实|确认|了解|咨询|转接|转给|问|看看|看一下|登记|反馈|提交|记录|联系|催|跟进|申请一下|说明|介绍|解释)`)),
		zhAfter:     gated(c(`^(的)?(进度|状态|政策|申请|流程|记录|情况|活动|规则|是否|到账|事宜|问题|信息|相关|部门|专员|标准|条件)`)),
		direct:      gated(c(`\b(on us|on the house|make it up to you|(it is|that is|this is|this one is) free for you|free of charge for you|at no (extra |additional )?(cost|charge) to you)\b`), "on us", "on the house", "make it up", "free for you", "free of charge", "no extra", "no additional"),
		zhThreshold: gated(c(`(满\d+|订单(金额)?(超过|达到|满)|会员|新用户|首单|活动期间)`)),
		zhReturn:    gated(c(`((收到|签收)(您的)?(退货|退回|商品|货物|包裹)(之?后|以后)|退回(之?后|以后)|审核通过后|如果您(在)?\d+天(内|之内)?退货)`)),
		zhProcess:   gated(c(`(处理|办理)(退款|退费)|(退款|退费)[^，。]{0,6}(处理|办理)|工作日内`)),
		zhGuarantee: gated(c(`(保证|承诺|确保|一定|肯定|百分之百|绝对|准时)`)),
	}
	r.hard = append(r.hard, structuralHard()...)
	r.hard = append(r.hard, takenHard()...)
	r.hard = append(r.hard, personaHard()...)
	return r
}
