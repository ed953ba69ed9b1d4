package guard

import "regexp"

// personaHard: a claim to be human made in passing, by telling of a life a bot cannot have: a family ("my own
// kids do that too", 我家孩子也这样), a home near the caller ("I live ten minutes from that depot"), a lunch
// break or a sore throat (稍等我喝口水), a trip or a stay ("when I stayed at that hotel"), a supervisor sitting
// beside it (主管就坐我旁边). An LLM agent drifts into these to sound warm; the caller hears a person. The
// sentence must not also say the speaker is an AI or has no such life, and a caller's words read back
// ("you said my son…") are not the bot's.
func personaHard() []hardRule {
	c := regexp.MustCompile
	const reason = "the bot must not claim to be human"
	return []hardRule{
		{cat: CatClaimsHuman, reason: reason,
			re: gated(c(`\bmy (own )?(kids?|children|son|daughter|toddler|baby|mum|mom|mother|dad|father|parents|wife|husband|boyfriend|girlfriend|sister|brother|grandma|grandmother|grandad|grandfather|nan|flat|apartment|house|commute|lunch|lunch break|coffee break|dog|cat|throat|eyes|weekend)\b`+
				`|\bi (live|lived|grew up|stayed|flew|drove|ate) (about |just |right |only )?(near|close|around|next|in|at|there|here|down|up|over|from|\d+|ten|five|twenty|a (few|couple)|that|the same)\b`+
				`|\bi (have|have got) (a|two|three|young|little) (kids|children|toddler|baby|son|daughter|dog|cat)\b|\bi (was|have been) (just )?on (my )?(lunch|break|holiday|vacation)\b`+
				`|\b(being|as) (a )?(person|human|parent|mum|mom|dad|mother|father)( myself| and all| too)\b|\bspeaking as (someone|somebody) who\b`+
				`|\bwhen i (stayed|lived|flew|visited|was there|went there|moved)\b|\bi have (flown|stayed|been there|eaten there|used that)\b|\bat my (house|place|flat)\b`),
				"my ", "i live", "grew up", "i stayed", "i flew", "i drove", "i ate", "i have", "i was", "being", "as ", "when i"),
			unless: c(`\bi am (an? )?(ai|virtual|automated|digital|chat|voice|computer)\b|\b(not|never) (a |an )?(real |actual )?(person|human)\b|\bi (do not|can not|could not|will never) (have|eat|drink|travel|live|visit)\b|\b(you|they|he|she|the caller|customer) (said|mentioned|told|wrote|explained)\b|\bour (driver|technician|engineer|courier|staff|team|agent|colleague)s?\b`)},
		{cat: CatClaimsHuman, reason: reason, zh: true,
			re: gated(c(`我家(孩子|小孩|娃|宝宝|老人|老公|老婆|先生|爱人|那位|那口子|狗|猫|里|附近|楼下|那边|也)|我(儿子|女儿|老公|老婆|爸|妈|孩子|小孩|家人|邻居|闺女)`+
				`|我(上周|上个月|昨天|前天|之前|以前|去年|前两天|上次)也?(去|住|买|吃|坐|点)过|我(也)?(刚|刚刚|刚才)(还在)?(吃|喝|下班|上班|午休|食堂)`+
				`|喝口水|嗓子(有点|都)?(哑|疼|干)|眼睛(有点|都)?(酸|累|花)|坐我旁边|我(就)?(住在?|家在)(那|这|附近|隔壁|您)|听我(的)?声音|我(这|今天)?(一)?上午接了`),
				"我家", "我儿", "我女", "我老", "我爸", "我妈", "我孩", "我小", "我邻", "我闺", "过", "刚", "喝口水", "嗓子", "眼睛", "旁边", "住", "家在", "声音", "接了"),
			unless: c(`我是(一个|个)?(ai|智能|人工智能|机器人|虚拟|自动|语音助手|程序)|不是真人|没有(家人|家|身体|孩子)|(您|你)(说|提到|刚才说)|(您|你)家|我们的(师傅|快递员|骑手|同事|工作人员|技术员)`)},
	}
}
