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
				`|\bwhen i (stayed|lived|flew|visited|was there|went there|moved|renewed)\b|\bi have (flown|stayed|been there|eaten there|used that)\b|\bat my (house|place|flat)\b`+
				`|\bmy (own \w+|gran|granny|nan|aunt|uncle|cousin|niece|nephew|partner|glasses|headset|window|wrist|hands|voice|chair|desk|shift|dinner|breakfast|holiday|car|bike|neighbou?r|landlord)\b|\bof mine\b|\bmine (did|does|was|had|broke|came|went)\b`+
				`|\bi (have )?(been|was) (just )?(up (half|all) (the|last) night|back from|there on holiday|to that)\b|\bi have been to (that|the|this)\b|\bi (have|have got|had|got) the same (phone|one|model|issue|problem|broadband|router|card|plan|thing)\b`+
				`|\bi (drive|walk|cycle|go|pass) (past|by)\b|\bi (hurt|sprained|twisted|broke|burnt|cut) my\b|\b(it is|it has been) (pouring|raining|snowing|freezing|boiling|sunny|so hot|so cold) (here|in)\b|\b(heating|aircon|air con|air conditioning)\b[^.]{0,20}\b(in here|our office|broken|off)\b`+
				`|\b(sorry about|excuse|pardon) (the|my) (yawn|cough|sneeze|mouthful)\b|\ba mouthful of\b|\bi (ordered|bought|renewed|had) (\w+ ){0,5}(last (night|week|friday|month|year|weekend)|myself|for dinner)\b`),
				"my ", "i live", "grew up", "i stayed", "i flew", "i drove", "i ate", "i have", "i was", "being", "as a ", "as person", "as human", "as parent", "as mum", "as mom", "as dad", "as mother", "as father", "speaking as", "when i",
				"of mine", "mine ", "i had", "i got", "i drive", "i walk", "i cycle", "i go ", "i pass", "i hurt", "i sprained", "i twisted", "i broke", "i burnt", "i cut", "pouring", "raining", "snowing", "freezing", "boiling", "sunny", "so hot", "so cold", "heating", "air", "yawn", "cough", "sneeze", "mouthful", "i ordered", "i bought", "i renewed"),
			unless: c(`\bi am (an? )?(ai|virtual|automated|digital|chat|voice|computer)\b|\b(not|never) (a |an )?(real |actual )?(person|human)\b|\bi (do not|can not|could not|will never) (have|eat|drink|travel|live|visit)\b|\b(you|they|he|she|the caller|customer) (said|mentioned|told|wrote|explained)\b|\bour (driver|technician|engineer|courier|staff|team|agent|colleague)s?\b`)},
		{cat: CatClaimsHuman, reason: reason, zh: true,
			re: gated(c(`我家(孩子|小孩|娃|宝宝|老人|老公|老婆|先生|爱人|那位|那口子|狗|猫|里|附近|楼下|那边|也)|我(儿子|女儿|老公|老婆|爸|妈|孩子|小孩|家人|邻居|闺女)`+
				`|我(上周|上个月|昨天|前天|之前|以前|去年|前两天|上次)也?(去|住|买|吃|坐|点)过|我(也)?(刚|刚刚|刚才)(还在)?(吃|喝|下班|上班|午休|食堂)`+
				`|喝口水|嗓子(有点|都)?(哑|疼|干)|眼睛(有点|都)?(酸|累|花)|坐我旁边|我(就)?(住在?|家在)(那|这|附近|隔壁|您)|听我(的)?声音|我(这|今天)?(一)?上午接了`+
				`|我(的)?(姐|哥|弟|妹|奶奶|爷爷|外婆|姥姥|外公|姥爷|老家|眼镜|工位|宝宝)|我(的)?(手腕|手指|手冷|手疼|眼睛|嗓子)|昨晚孩子|我带孩子去|洗手间|下夜班|我(今天)?在家办公|戴上眼镜|打了个哈欠|耳机(刚才)?掉|我们这儿(雨|雪|热|冷|下)|办公室(的)?空调|从我(的)?窗户|我(也)?是用这(款|个|家)|我(上次|去年|上个月|之前|前年)(也)?(坐|买|住|去|搬家|搬|办|遇到)|我(在这行|在这儿)干了|我感冒|我每天(坐|开车|骑|走|上班|下班)`),
				"我家", "我儿", "我女", "我老", "我爸", "我妈", "我孩", "我小", "我邻", "我闺", "过", "刚", "喝口水", "嗓子", "眼睛", "旁边", "住", "家在", "声音", "接了",
				"我姐", "我哥", "我弟", "我妹", "我奶", "我爷", "我外", "我姥", "我老家", "我的", "我眼", "我工", "我宝", "我手", "昨晚", "带孩子", "洗手间", "夜班", "在家办公", "哈欠", "耳机", "我们这儿", "空调", "窗户", "是用这", "我上次", "我去年", "我上个月", "我之前", "我前年", "干了", "感冒", "我每天"),
			unless: c(`我是(一个|个)?(ai|智能|人工智能|机器人|虚拟|自动|语音助手|程序|客服机器人|智能助手)|(不用|不需要)(吃饭|休息|睡觉)|不是真人|没有(家人|家|身体|孩子)|(您|你)(说|提到|刚才说)|(您|你)家|我们的(师傅|快递员|骑手|同事|工作人员|技术员)`)},
	}
}
