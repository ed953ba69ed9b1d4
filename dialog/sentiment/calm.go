package sentiment

import (
	"regexp"
	"strings"
)

// Fifth pass: calm failure reports phrased around the product's state rather than a failure verb ("the
// battery is flat by lunchtime", "the sofa has a stain", "a fraction of what i pay for", 撑不到中午,
// 每两张就卡一次纸), and the framings that keep a caller's own problem or a policy question neutral
// ("i entered my card number wrong", "my old phone is broken, i'd like to trade it in", 以旧换新,
// 包括意外损坏吗).

// lexiconENR5 adds sincere thanks for a specific act of help ("thanks for chasing it" is gratitude, not
// the sarcasm "chasing" alone would suggest) and praise adverbs.
const lexiconENR5 = `
0.6 thanks for chasing
0.6 thank you for chasing
0.6 thanks for following up
0.6 thank you for following up
0.6 brilliantly
0.6 flawlessly
0.5 working perfectly
0.5 saved my day
0.5 saved the day
0.4 careful
-0.4 robotic
-0.4 like robots
-0.4 like a robot
-0.4 crackling
-0.4 crackly
-0.4 muffled
-0.4 distorted
-0.5 completely different information
-0.5 different information
-0.5 conflicting information
-0.5 contradictory information
`

// lexiconZHR5: "问题解决了" ends the problem; 谢啦 is thanks.
const lexiconZHR5 = `
0.6 问题解决了
0.5 谢啦
0.5 救了我
0.3 省事
0.5 特别小心
0.5 很小心
0.4 很细心
0.6 热心
0.4 简单多了
0.4 顺利
-0.4 像机器人
-0.8 一点用都没有
-0.8 一点用也没有
-0.8 一点用没有
-0.7 没一点用
`

// calmFailureRules recognise reports that name the product's state or the company's act without a
// failure verb. Soft ones are cancelled by a hypothetical or caller-caused framing.
func calmFailureRules() []patternRule {
	c := regexp.MustCompile
	return []patternRule{
		// Battery life: "the battery is flat by lunchtime", "it dies after about an hour".
		{re: c(`\bbattery\b[^.?]{0,30}\b(is flat|goes flat|went flat|dies|died|drains|drained|is dead|lasts (only|barely|about|less|under)|only lasts|barely lasts|runs out|does not last|will not hold|does not hold|only holds|barely holds)\b|\b(dies|drains|goes flat|runs out|switches off|turns off|shuts off|cuts out) (after|within|in) (about |around |only |just |like |less than )?(\d+|a|an|one|two|three|ten|twenty|thirty|half an|a few|a couple of) (minutes|minute|hour|hours)\b|\b(flat|dead) by (lunchtime|lunch|noon|midday|the afternoon|the evening|mid morning)\b`), w: -0.5, situation: true, soft: true,
			keys: []string{"battery", "after", "within", " in ", "by "}},
		// A defect on the thing itself: "the sofa has a stain on one of the cushions", "has a line of dead
		// pixels".
		{re: c(`\b(has|had|have|there is|there are|there was|came with|comes with|it is got|it has got|with) (a|an|some|two|three|several|lots of|loads of|a few|a big|a huge|a small|a little|this) (\w+ )?(\w+ of )?(stain|stains|scratch|scratches|dent|dents|crack|cracks|chip|chips|scuff|scuffs|burn mark|burn marks|dead pixel|dead pixels|stuck pixel|water damage|mould|mold|rust)\b`), w: -0.5, situation: true, soft: true,
			keys: []string{"stain", "scratch", "dent", "crack", "chip", "scuff", "burn mark", "pixel", "water damage", "mould", "mold", "rust"}},
		// Getting less than is paid for: "a fraction of what i'm paying for".
		{re: c(`\b(a fraction|half|a third|a quarter|nowhere near|not even half|less than half) of (what|the speed|the \w+) (i|we|you)( am| are)? (pay|paid|paying|promised|advertised|ordered|was promised|were promised|signed up)\b`), w: -0.5, situation: true,
			keys: []string{"fraction", "half", "third", "quarter", "nowhere near"}},
		// A job left undone: "left without finishing the job".
		{re: c(`\bwithout (finishing|completing|doing|fixing|connecting|testing|cleaning up|tidying up) (the|my|our) (job|work|repair|installation|install|fitting|connection|setup|set up|mess)\b|\b(left|walked off|went|gone) (\w+ )?(halfway|half way) through\b`), w: -0.5, situation: true,
			keys: []string{"without", "halfway", "half way"}},
		// The booking the caller held is gone: "the room had already been given away".
		{re: c(`\b(had|has|have|was|were|is|are) (already )?(been )?(given away|given to (someone|somebody|another)|sold to (someone|somebody|another)|let to (someone|somebody)|reallocated|double booked|double-booked|overbooked)\b`), w: -0.5, situation: true, soft: true,
			keys: []string{"given", "sold", "let to", "reallocated", "double", "overbooked"}},
		// Only part of an order came: "only one has turned up", "only four arrived".
		{re: c(`\bonly (one|two|three|four|five|six|seven|eight|nine|ten|half|some|part|\d+)( of (them|it|the \w+))?( \w+)? (has |have |had )?(turned up|arrived|came|come|been delivered|was delivered|were delivered|showed up|shown up|were in the box|was in the box)\b`), w: -0.5, situation: true,
			keys: []string{"only"}},
		// Misinformed: "gave me completely different information", "told me something different".
		{re: c(`\b(gave|given|told|tells|tell) (me|us) (completely |totally |something |a )?(different|conflicting|contradictory|the wrong|wrong|incorrect) (information|info|answer|answers|advice|story|date|price|thing|things)?\b|\btold (me|us) something (completely |totally )?different\b`), w: -0.5, situation: true,
			keys: []string{"gave", "given", "told", "tell"}},
		// Damage done by the company's people: "your engineer drilled through a pipe".
		{re: c(`\b(your|the|their|his|a) (engineer|technician|plumber|installer|electrician|fitter|fitters|driver|courier|workmen|workman|builder|builders|contractor|contractors|delivery men|delivery man|delivery guy|removal men|guy|guys)s? (has |have |had )?(just )?(drilled through|cut through|smashed|broke|broken|damaged|scratched|cracked|dented|knocked over|ripped|flooded|stained|ruined|lost|dropped|scuffed|chipped|bent|snapped|burst|punctured)\b`), w: -0.55, situation: true,
			keys: []string{"drilled", "cut through", "smashed", "broke", "damaged", "scratched", "cracked", "dented", "knocked", "ripped", "flooded", "stained", "ruined", "lost", "dropped", "scuffed", "chipped", "bent", "snapped", "burst", "punctured"}},
		// Still the old state after a change: "the invoice still shows the old price".
		{re: c(`\bstill (shows|showing|says|has|lists|charges|charging|uses|using|at|on) (the|my) (old|previous|wrong|original|former|higher)\b`), w: -0.45, situation: true, soft: true,
			keys: []string{"still"}},

		// Works only partly: "the toaster only browns one side", "only works on one speaker".
		{re: c(`\bonly (works|working|heats|heat|browns|cooks|cools|charges|prints|plays|loads|lights up|comes on|turns on|blows|spins|cleans|dries|washes)( \w+){0,2} (one side|one half|half|on one|one ear|one speaker|the left|the right|intermittently|sometimes|now and then|every other|if|when)\b`), w: -0.5, situation: true, soft: true,
			keys: []string{"only"}},
		// Will not move as it should: "the blinds won't go all the way down".
		{re: c(`\b(will not|would not|does not|did not|can not|never) (go|come|slide|roll|lie|sit|stay|turn|move|pull|push) (all the way|fully|properly|flat|straight|down|up|back|in|out|shut|closed)\b`), w: -0.45, situation: true, soft: true,
			keys: []string{"not", "never"}},
		// Dead or erroring equipment: "the lights are all red and nothing connects", "shows zero every day".
		{re: c(`\bnothing (connects|works|loads|happens|prints|plays|comes up|comes on|opens|goes through|will (connect|work|load|play|open))\b|\b(lights?|led|leds) (are|is|keep|keeps|have gone) (all )?(red|flashing|blinking|orange|off)\b|\b(red|orange) (light|lights) (is |are )?(flashing|blinking|on)\b|\b(shows|showing|says|reads|displays|displaying) (zero|nothing|blank|0|an error|error|invalid|not recognised|not recognized|no service|no signal|offline|unavailable|failed)\b`), w: -0.45, situation: true, soft: true,
			keys: []string{"nothing", "light", "led", "red", "orange", "zero", "blank", "0", "error", "invalid", "not recogni", "no service", "no signal", "offline", "unavailable", "failed"}},
		// Many attempts for one action: "takes five tries to read a card".
		{re: c(`\btakes? (like |about |around |up to |at least )?(\d+|two|three|four|five|six|ten|several|multiple|a few|a dozen|loads of) (tries|goes|attempts|swipes|times|clicks|restarts) (to|before)\b`), w: -0.5, situation: true,
			keys: []string{"tries", "goes", "attempts", "swipes", "times", "clicks", "restarts"}},
		// Cannot perceive through the product: "i can't hear anyone on calls".
		{re: c(`\b(can not|could not|unable to) (hear|see|read|understand) (anyone|anybody|anything|people|them|the other person|a thing|what they)\b`), w: -0.45, situation: true, soft: true,
			keys: []string{"not", "unable"}},
		// The caller did their part: "even though i set the timer to off".
		{re: c(`\b(even though|though|although|despite) (i|we|me|us) (\w+ )?(set|setting|switched|switching|turned|turning|brought|bringing|plugged|charged|followed|following|checked|checking|did|doing|reset|resetting|restarted|returned|returning)\b`), w: -0.45, situation: true, soft: true,
			keys: []string{"though", "despite"}},

		// Works only partly: "面包机只烤一面".
		{re: c(`只(能)?(烤|热|吹|响|亮|充|转|出|显示|开|加热|制冷|洗|烘|干)[^，。,]{0,2}(一面|一边|一侧|一半|半边|单边|一个耳朵)`), w: -0.5, situation: true, soft: true,
			keys: []string{"只"}},
		// Moving parts that will not move: "百叶窗放不到底", "拉不上".
		{re: c(`(放|拉|推|合|盖|锁|调|降|升|收|拧|扣|卷)(不|不了)(到底|紧|上|下来|动|住|回去|平|直)`), w: -0.45, situation: true, soft: true,
			veto: c(`怎么办|怎么弄|怎么解决|怎么处理|怎么才能|如何|吗`),
			keys: []string{"不"}},
		// Many attempts for one action: "要刷五六次才读得出来".
		{re: c(`([两三四五六七八九十几]{1,2}|好几|[0-9]+)(次|遍|下|回)才`), w: -0.5, situation: true,
			keys: []string{"才"}},
		// Cancelled or changed at the last minute: "前一天晚上才发短信说预约取消了".
		{re: c(`(才|突然|临时|临到)[^，。,]{0,6}(说|通知|告诉|发短信|打电话)[^，。,]{0,6}(取消|改期|推迟|延期|改时间)`), w: -0.5, situation: true,
			keys: []string{"取消", "改期", "推迟", "延期", "改时间"}},
		// Worn out too soon: "漆已经起泡了".
		{re: c(`(已经|就|都)(起泡|起皮|掉漆|生锈|发霉|开裂|裂开|变形|褪色|松了|松动|脱落|起球|掉色|开胶|脱胶)`), w: -0.5, situation: true,
			keys: []string{"已经", "就", "都"}},
		// Charges from places the caller never went: "两笔我从来没去过的店的消费".
		{re: c(`(从来)?没(去过|买过|用过|消费过|办过|开过|点过|订过)的[^，。,]{0,6}(扣款|扣费|消费|交易|账单|费用|钱)`), w: -0.55, situation: true,
			keys: []string{"没"}},
		// Used up faster than normal: "流量用得比正常快多了", "电掉得比以前快".
		{re: c(`(用|耗|掉|扣|花|跑|烧)得?比(正常|平时|以前|原来|之前)[^，。,]{0,3}(还)?快`), w: -0.5, situation: true,
			keys: []string{"快"}},
		// Equipment reading wrong: "电表每天都显示零".
		{re: c(`(显示|读数是?|一直提示|总是提示|总提示)(零|0|空白|错误|失败|异常|乱码|离线|无效|无服务|未识别)`), w: -0.45, situation: true, soft: true,
			veto: c(`吗|如果|的话|万一|怎么办`),
			keys: []string{"显示", "读数", "提示"}},

		// Slow to do its basic job: "takes like an hour to heat up now".
		{re: c(`\btakes? (like |about |around |over |more than |nearly |almost |at least )?(an hour|hours|ages|forever|half an hour|\d+ minutes|ten minutes|twenty minutes|thirty minutes|forty minutes) to (heat|warm|cool|boot|start|load|charge|connect|open|come on|turn on|print|dry|boil|defrost|respond)\b`), w: -0.45, situation: true, soft: true,
			keys: []string{"hour", "ages", "forever", "minutes"}},
		// Bad behaviour caused by the product: "the tyres are making the car pull to the left".
		{re: c(`\bmaking (the|my|it|our) (\w+ )?(pull|shake|shudder|rattle|vibrate|wobble|squeak|squeal|leak|smell|drift|overheat|judder|trip|crash|freeze)\b`), w: -0.45, situation: true, soft: true,
			keys: []string{"making"}},
		// No longer keeps its state: "isn't keeping things cold".
		{re: c(`\b(is not|are not|does not|do not|will not|no longer|not|never) (keeping|keep|keeps|staying|stay|stays|holding|hold|holds) (\w+ ){0,2}(cold|cool|warm|hot|charge|a charge|pressure|frozen|dry|clean|shut|closed|connected|on)\b`), w: -0.45, situation: true, soft: true,
			keys: []string{"not", "never"}},
		// A hazard on the product: "a sharp bit sticking out of the side".
		{re: c(`\b(sticking|poking|jutting) (out|through)\b|\bsharp (bit|bits|edge|edges|point|points|piece|corner)\b`), w: -0.45, situation: true, soft: true,
			keys: []string{"sticking", "poking", "jutting", "sharp"}},

		// Slow to do its basic job: "要一个小时才能热起来".
		{re: c(`(小时|分钟|半天|好久|老半天)才(能)?(热|凉|冷|开机|启动|加载|充满|连上|打开|出来|好|有反应|烧开|干)`), w: -0.45, situation: true, soft: true,
			veto: c(`吗|如果|的话|正常|一般`),
			keys: []string{"才"}},
		// Pulling or shaking: "车往左跑", "跑偏", "一直抖".
		{re: c(`(往|向)(左|右|一边)(跑|偏|歪|斜|拐)|跑偏|(一直|老是|总是|不停地?)(抖|晃|滴水|漏水|冒烟|打火|跳闸)`), w: -0.45, situation: true, soft: true,
			keys: []string{"往", "向", "跑偏", "一直", "老是", "总是", "不停"}},
		// Works only under a condition: "得站到电视跟前才管用".
		{re: c(`(才|才能)(管用|有用|好使|有反应|有信号|连得上|充得进|能开)`), w: -0.45, situation: true, soft: true,
			veto: c(`吗|如果|的话|是不是`),
			keys: []string{"才"}},
		// Partial refund or payout: "退款只退了我付的一半".
		{re: c(`只(退|给|赔|发|到账|返|补)了?[^，。,]{0,6}(一半|一部分|一点|零头|几十|几块|一小半)`), w: -0.5, situation: true,
			keys: []string{"只"}},
		// No longer as it should be: "冷藏现在不怎么冷了".
		{re: c(`(不怎么|不太|不够|没那么|没以前那么)(冷|热|凉|快|亮|响|灵|好用|管用|制冷|制热|清楚)了`), w: -0.45, situation: true, soft: true,
			keys: []string{"了"}},
		// Changed quietly: "一声不吭涨了二十块", "悄悄续费".
		{re: c(`一声不吭|不声不响|(悄悄|偷偷)(地)?(涨|扣|改|取消|续|开通|升级)|(也|都|从来)没(问过|问|征求过?|通知过?|告诉过?)(我|我们)`), w: -0.5, situation: true,
			keys: []string{"一声不吭", "不声不响", "悄悄", "偷偷", "没"}},
		// A hazard on the product: "有个尖的东西戳出来".
		{re: c(`(戳|扎|刺|支|冒)出来|尖的?(东西|角|刺)`), w: -0.45, situation: true, soft: true,
			keys: []string{"出来", "尖"}},

		// A defect found at handover: "had a flat tyre when we picked it up".
		{re: c(`\b(flat|broken|damaged|dirty|missing|scratched|dented|cracked|empty|faulty|leaking|dead|smashed|torn|stained)\b[^.?]{0,40}\b(when|as soon as|the moment) (we|i) (picked|collected|got|opened|received|took|unpacked|unboxed|arrived|checked in|plugged|turned|switched)\b`), w: -0.5, situation: true, soft: true,
			keys: []string{"when", "as soon as", "the moment"}},
		// Money taken with nothing to show: "took the money but my son has no credit".
		{re: c(`\b(took|taken|takes|charged|debited|deducted) (the |my |our )?(money|payment|funds|cash)\b[^.?]{0,10}\b(but|and yet|yet|and still)\b`), w: -0.5, situation: true,
			keys: []string{"money", "payment", "funds", "cash"}},
		// A long wait on the line: "the hold music has been playing for half an hour".
		{re: c(`\b(hold|holding|waiting|waited|playing|ringing|queue|queuing|queueing|stuck|sat)\b[^.?]{0,30}\b(half an hour|an hour|the best part of an hour|a good hour|ages|forever)\b`), w: -0.45, situation: true,
			keys: []string{"hour", "ages", "forever"}},
		// Made to the wrong measure: "six inches too short".
		{re: c(`\b(\d+|one|two|three|four|five|six|ten|a few|several|an|a) (inches|inch|cm|centimetres|centimeters|mm|sizes|size|feet|foot|metres|meters) too (short|long|small|big|tight|loose|narrow|wide|low|high)\b`), w: -0.5, situation: true, soft: true,
			keys: []string{"too"}},
		// Keeps misbehaving: "keep sliding off my nose", "keeps tripping".
		{re: c(`\b(keep|keeps|kept) (sliding|slipping|falling|coming|dropping|popping|leaking|fogging|tripping|beeping|flashing|buzzing|pausing|stopping|skipping|jumping|sticking|jamming|rebooting|overheating)\b`), w: -0.45, situation: true, soft: true,
			keys: []string{"keep", "kept"}},
		// Deformed: "the arms are bent".
		{re: c(`\b(is|are|was|were|came|arrived) (all |slightly |badly |completely )?(bent|warped|wonky|crooked|chipped|dented|frayed|misshapen|buckled|wobbly)\b`), w: -0.45, situation: true, soft: true,
			keys: []string{"bent", "warped", "wonky", "crooked", "chipped", "dented", "frayed", "misshapen", "buckled", "wobbly"}},

		// A defect found at handover: "提车的时候就有个轮胎没气".
		{re: c(`(提车|取车|拿到|收到|到货|签收|入住|开箱|打开|装好|送来|送到)的?(时候|时)就(有|是|坏|没|不|漏|破|碎|脏)`), w: -0.5, situation: true, soft: true,
			keys: []string{"时就", "时候就"}},
		// No notice beforehand: "事先一点通知都没有".
		{re: c(`(事先|提前|事前)[^，。,]{0,4}(通知|说|告知|招呼)[^，。,]{0,2}(都|也)?没(有)?`), w: -0.5, situation: true,
			keys: []string{"事先", "提前", "事前"}},
		// Bought one thing, shown another: "我买的是年卡结果显示的是月卡".
		{re: c(`(买|订|要|选|付|办)的是[^，。,]{1,8}(结果|却|但是|可是|但)`), w: -0.5, situation: true,
			keys: []string{"的是"}},
		// Keeps slipping: "眼镜老往下滑".
		{re: c(`(老|总|总是|老是|一直)(往下|往外|往里)(滑|掉|漏|松|跳|歪)`), w: -0.45, situation: true, soft: true,
			keys: []string{"往"}},
		// Done twice: "增值税算了两遍".
		{re: c(`(算|扣|收|开|寄|发|计)了(两|三|几)(遍|次|回)`), w: -0.5, situation: true,
			keys: []string{"了"}},
		// Stuck in a state since a day: "从昨天就显示正在派送".
		{re: c(`从(昨天|前天|上周|上礼拜|上星期|上个月|早上|今天早上|[一二三四五六七八九十0-9]+号)(就|开始)?(一直)?(显示|是|在|没|停)`), w: -0.45, situation: true, soft: true,
			veto: c(`吗|如果|的话`),
			keys: []string{"从"}},
		// Paid long ago, still chased: "几个礼拜前就交了的账单你们还寄催款信".
		{re: c(`(就|早就|已经)(交|付|还|缴|寄回|退回)(了|过)[^，。,]{0,10}(还|又|却)`), w: -0.5, situation: true,
			keys: []string{"交", "付", "还", "缴", "寄回", "退回"}},
		// Since an event things went wrong: "自从街上施工以后我家水压就特别低".
		{re: c(`自从[^，。,]{0,10}(以后|之后|后|开始)?[^，。,]{0,6}(就|一直|老是|总是)`), w: -0.45, situation: true, soft: true,
			veto: c(`吗|好多了|好了|正常了`),
			keys: []string{"自从"}},
		// Made to the wrong measure: "窗帘短了十几公分".
		{re: c(`(短|长|小|大|窄|宽|矮|高)了[^，。,]{0,4}(公分|厘米|毫米|码|号|寸|米)`), w: -0.5, situation: true, soft: true,
			keys: []string{"了"}},

		// Chinese. Cannot last or cannot be found: "撑不到中午", "单号查不到".
		{re: c(`(撑|坚持|挺|查|找|看|听|搜|用)(不到|不了|不着|不出来)`), w: -0.45, situation: true, soft: true,
			veto: c(`怎么办|怎么弄|怎么解决|怎么处理|怎么才能|如何|吗|能不能`),
			keys: []string{"不到", "不了", "不着", "不出来"}},
		// Fails at a regular interval: "每两张就卡一次纸".
		{re: c(`每(隔)?[^，。,]{0,4}就[^，。,]{0,4}(卡|断|坏|掉|停|死机|重启|报错|漏|跳闸|黑屏|没信号)`), w: -0.5, situation: true,
			keys: []string{"每"}},
		// A defect with a measure word: "有块污渍", "有道划痕", "有个坏点".
		{re: c(`有(一)?(块|处|道|条|个|点|些|几处|几道|好几处)(大|小|明显的?)?(口子|划痕|裂缝|裂痕|裂纹|破洞|凹痕|污渍|污点|缺口|磕碰|坏点|亮点|霉斑|锈迹|油渍)`), w: -0.55, situation: true, soft: true,
			keys: []string{"有"}},
		// Less than paid for: "网速只有我买的一小半".
		{re: c(`只有[^，。,]{0,6}(买|付|办|订|宣传|承诺|说好)的[^，。,]{0,4}(一半|一小半|零头|几分之一|一点|三分之一|四分之一)|(一半|大半|好多|很多|好几个|全部|都)[^，。,]{0,3}(都)?(没了|不见了|消失了|看不了|用不了|打不开)`), w: -0.5, situation: true,
			veto: c(`吗|如果|的话|万一|会不会`),
			keys: []string{"只有", "没了", "不见了", "消失了", "看不了", "用不了", "打不开"}},
		// Still the old price or details after a change: "发票上还是原来的价格".
		{re: c(`(还是|仍然|依然|还)(原来|以前|之前|老|旧)的(价格|价钱|地址|名字|套餐|号码|金额|费用|信息|资费|费率)`), w: -0.45, situation: true, soft: true,
			veto: c(`吗|如果|的话`),
			keys: []string{"原来", "以前", "之前", "老的", "旧的"}},
		// Other people's things reach the caller: "一直收到别人账户的短信".
		{re: c(`(收到|寄来|发来|发给我|寄给我|打给我)[^，。,]{0,4}别人`), w: -0.5, situation: true,
			keys: []string{"别人"}},
		// Only part came, or the Nth replacement: "只到了一个", "第三台换的手机".
		{re: c(`只(到|来|收到|寄到|送到|发)了(一|两|三|几|[0-9])|第[二三四五六七八九十几0-9]+(台|部|个|件|块|张|次)(换|补发|补寄|修|寄)`), w: -0.5, situation: true,
			keys: []string{"只", "第"}},
		// Thrown in: "从围墙上扔进来".
		{re: c(`从[^，。,]{0,6}(扔|丢|抛|甩)(进来|过来|下来|进去|进院子)`), w: -0.55, situation: true,
			keys: []string{"扔", "丢", "抛", "甩"}},
		// Shrank or faded after one wash: "洗一次缩了两个码".
		{re: c(`(洗|穿|戴|用)(了)?(一|两|几|1|2)(次|回|水)(就)?(缩|掉色|褪色|起球|破|坏|变形|开线|开裂|掉毛)`), w: -0.55, situation: true,
			keys: []string{"次", "回", "水"}},
		// The booking is gone on arrival: "到了说已经没了", "房间已经没了".
		{re: c(`(到了|到那|去了|到酒店|到机场)[^，。,]{0,4}(说|才知道|发现)[^，。,]{0,2}(已经)?(没了|没有了|取消了|满了|被订了)|(房间|座位|位置|名额|预订|预约|订单)[^，。,]{0,3}(已经)?(没了|被占了|被取消了|给了别人)`), w: -0.5, situation: true, soft: true,
			veto: c(`吗|如果|的话|万一|会不会`),
			keys: []string{"没了", "没有了", "取消了", "满了", "被订了", "被占了", "给了别人"}},
	}
}

// newBareContractions matches the contractions an ASR or a hurried typist writes without the
// apostrophe ("doesnt", "wont", "ive", "theres"), so "the blinds wont go down" reads like "won't". Forms
// that are also words ("its", "ill", "id", "well", "were", "shell") are left alone.
func newBareContractions() *regexp.Regexp {
	return regexp.MustCompile(`\b(do|does|did|is|was|are|were|has|have|had|could|would|should|ca|wo|must|need|ai)nt\b|\b(i)(m|ve)\b|\b(that|there|what|who|where)s\b|\b(you|they|we)(re|ve)\b|\b(you|they)(ll|d)\b`)
}

// restoreApostrophes puts the apostrophe back into bare contractions; text without one is returned
// unchanged without running the pattern.
func (a *Analyzer) restoreApostrophes(lower string) string {
	if a.bareContr == nil || !strings.ContainsAny(lower, "mstvedl") || strings.ContainsAny(lower, "'’") {
		return lower
	}
	return a.bareContr.ReplaceAllStringFunc(lower, func(w string) string {
		switch {
		case strings.HasSuffix(w, "nt"):
			return w[:len(w)-2] + "n't"
		case w == "im":
			return "i'm"
		case w == "ive":
			return "i've"
		case strings.HasSuffix(w, "re") || strings.HasSuffix(w, "ve") || strings.HasSuffix(w, "ll"):
			return w[:len(w)-2] + "'" + w[len(w)-2:]
		default: // "thats", "youd"
			return w[:len(w)-1] + "'" + w[len(w)-1:]
		}
	})
}

// newResolved recognises a problem reported solved: "it arrived this morning", "the money is back",
// "退回来了", "修好了".
func newResolved() hypothetical {
	c := regexp.MustCompile
	zh := []string{"退回来了", "到账了", "修好了", "解决了", "能用了", "弄好了", "搞定了", "恢复了", "退回来", "已经到了", "今天到了", "早上到了", "下午到了"}
	return hypothetical{parts: []gated{
		{c(`\b(has arrived|arrived (today|this morning|this afternoon|yesterday)|came (today|this morning|this afternoon|through)|turned up (today|this morning)|is back|are back|back in my account|back on|working again|works now|working now|all sorted|sorted now|fixed now|is fixed|been fixed|resolved now|been refunded|went through)\b`),
			[]string{"arrived", "came", "turned up", "back", "working", "works now", "sorted", "fixed", "resolved", "refunded", "went through"}},
		{c(strings.Join(zh, "|")), zh},
	}}
}

// newSupplied recognises a statement about what the company supplied or did: "the heater you sent",
// "your team put in", "the boiler you fitted", 你们寄来的, 师傅装的, 新买的. Parts are gated by literal
// keys: as one alternation it cost tens of microseconds per turn.
func newSupplied() hypothetical {
	c := regexp.MustCompile
	return hypothetical{parts: []gated{
		{c(`\b(you|you guys|your (\w+ )?(team|engineer|engineers|technician|fitter|fitters|installer|installers|plumber|electrician|driver|courier|people|men|guy|guys|staff|shop|store|warehouse|company|website|app)|they) (just |have |had )?(sent|delivered|fitted|installed|supplied|put in|repaired|fixed|replaced|provided|sold|made|built|laid|assembled|serviced|swapped|gave me)\b|\b(new|brand new|replacement) (\w+ ){0,2}(you|they) (sent|delivered|fitted|installed|supplied|provided|sold)\b`),
			[]string{"sent", "delivered", "fitted", "installed", "supplied", "put in", "repaired", "fixed", "replaced", "provided", "sold", "made", "built", "laid", "assembled", "serviced", "swapped", "gave me"}},
		{c(`(你们|师傅|工人|快递|商家|店里|客服)[^，。,]{0,3}(寄|发|送|装|修|换|给|卖|配|做|贴|铺|派|安装|维修|更换)(来|过来|给我|上|好)?的`),
			[]string{"你们", "师傅", "工人", "快递", "商家", "店里", "客服"}},
		{c(`(新买|新装|新换|新配|刚买|刚装|刚换|刚修|送来|寄来|发来|换回来|修回来)的`),
			[]string{"新买", "新装", "新换", "新配", "刚买", "刚装", "刚换", "刚修", "送来", "寄来", "发来", "换回来", "修回来"}},
	}}
}

// newGenericQ recognises a yes/no question about a generic case ("would a missed delivery be
// rescheduled automatically?", "is a cracked screen covered?"): a policy question, not a report.
func newGenericQ() *regexp.Regexp {
	return regexp.MustCompile(`^((um|uh|so|hi|yeah|ok|okay|well|hello) )*(would|will|does|is|are|can|could|should) (a|an|any) \w+`)
}

// callerSideParts are hypothetical framings added in the fifth pass: the caller's own slip described
// with the object between verb and "wrong" ("i entered my card number wrong"), a trade-in or upgrade of
// an old device, a generic yes/no question about policy ("would a missed delivery be rescheduled
// automatically?"), coverage questions (保修包括意外损坏吗), the caller's own breakage (我眼镜摔坏了).
func callerSideParts() []gated {
	c := regexp.MustCompile
	return []gated{
		{c(`\b(i|we) (think |must have |might have |may have |probably |accidentally )?(entered|typed|put in|keyed in|keyed|filled in|dialled|dialed|selected|picked|chose|spelled|spelt) (\w+ ){0,4}(wrong|incorrectly|twice)\b`), []string{"wrong", "incorrectly", "twice"}},
		{c(`\b(trade (it |them |this |that |my \w+ )?in|trade-in|part exchange|part-exchange)\b|\bmy old (\w+ )?(phone|laptop|router|tv|car|fridge|boiler|tablet|computer|washing machine|device|handset|modem)\b[^.?]{0,40}\b(upgrade|replace|swap|new one|new ones|newer|trade|recycle|buy)\b`), []string{"trade", "exchange", "my old"}},
		{c(`\b(does|do|will|would|is) (the |my |your )?(warranty|guarantee|insurance|policy|plan|cover|contract) (cover|include|pay for|protect)\b|\b(covered|included) (by|in|under) (the |my |your )?(warranty|guarantee|insurance|policy|plan)\b`), []string{"warranty", "guarantee", "insurance", "policy", "plan", "cover", "contract"}},
		{c(`以旧换新|旧(手机|电脑|路由器|冰箱|电视|平板|设备)|旧的?[^，。]{0,4}(坏|不行|老化)[^，。]{0,8}(想|要|换|买|订)|(包括|包含|包不包|涵盖|覆盖|保不保|管不管|赔不赔)[^，。]{0,8}(损坏|丢失|被盗|意外|摔|进水|碎屏)|意外(损坏|险)|我(自己)?[^，。的被]{0,4}(摔|弄|碰|磕|洒|泼|掉)(坏|碎|丢|湿|断|裂)|(丢了|弄丢了|找不到了|不见了)[^，。]{0,6}(还能|能不能|可以|怎么|能)`),
			[]string{"以旧换新", "旧", "包括", "包含", "包不包", "涵盖", "覆盖", "保不保", "管不管", "赔不赔", "意外", "摔", "弄", "碰", "磕", "洒", "泼", "掉", "丢了", "找不到了", "不见了"}},
	}
}
