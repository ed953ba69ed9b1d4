package guard

import (
	"regexp"
	"strings"
)

// InjectionVerdict says whether caller text tries to steer the model rather than ask for help.
type InjectionVerdict struct {
	Injection bool `json:"injection"`
	// Kind is override (ignore your instructions), role (you are now DAN), leak (show your system
	// prompt) or markup (chat-template tokens).
	Kind    string `json:"kind,omitempty"`
	Matched string `json:"matched,omitempty"`
}

type injectionRule struct {
	kind string
	re   *gate
}

func compileInjection() []injectionRule {
	c := regexp.MustCompile
	return []injectionRule{
		{"override", gated(c(`\b(ignore|disregard|forget|override|bypass|skip|drop) (all |any |every )?(of )?(your |the |my |these |those |its )?(previous |prior |above |earlier |preceding |initial |original |current |existing |system |safety )*(instructions|instruction|rules|prompts?|guidelines|directions|programming|training|policies|policy|restrictions|constraints|guardrails|filters)\b`), "ignore", "disregard", "forget", "override", "bypass", "skip", "drop")},
		{"override", gated(c(`\b(new|updated|real|actual) (instructions|rules|system prompt)\s*:|\bfrom now on,? (you|your|ignore|respond|answer|act)\b|\b(admin|administrator|developer|debug|god|sudo|maintenance) (mode|override|access|command)\b|\bdo not follow (your|the|any) (rules|instructions|policy)\b`), "new ", "updated", "real ", "actual", "from now on", "mode", "override", "access", "command", "do not follow")},
		{"role", gated(c(`\byou are (now|no longer|not) (a |an )?(dan|unrestricted|unfiltered|free|jailbroken|evil|my|an ai without|a different|in developer)\b|\byou are now (a|an|my|in|called|named|free)\b|\b(act|behave|respond|answer) as (if you were |though you were )?(a |an )?(dan|unrestricted|unfiltered|different|human|lawyer|doctor|manager|supervisor|admin|developer|jailbroken)\b|\bpretend (to be|you are|that you are|you have no)\b|\brole-?play as\b|\bdo anything now\b|\bdan mode\b|\bjailbreak\b|\bstay in character\b`), "you are", "act as", "behave as", "respond as", "answer as", "pretend", "role", "do anything now", "dan", "jailbreak", "character")},
		{"leak", gated(c(`\b(system prompt|system message|initial prompt|hidden prompt|your (prompt|configuration|hidden instructions|initial instructions))\b|\b(reveal|print|show|repeat|tell me|output|display|dump|leak) (me )?(your|the) (prompt|instructions|rules|configuration|system)\b|\bwhat (were|are) you (told|instructed|programmed)\b`), "prompt", "instruction", "rules", "configuration", "system", "told", "programmed")},
		{"markup", gated(c(`<\|(im_start|im_end|system|endoftext|user|assistant)\|>|\[(system|inst|/inst)\]|<<sys>>|^\s*(system|assistant)\s*:|###\s*(instruction|system)`), "<|", "[", "<<", "system", "assistant", "###")},
		{"override", gated(c(`(忽略|无视|忘记|忘掉|不要理会|不要管|跳过|绕过|覆盖)(掉)?(你)?(之前|以前|先前|上面|以上|前面|所有|全部|一切|原来|原有|你的|系统)*的?(所有|全部)?(指令|指示|规则|设定|提示|提示词|要求|限制|命令|约束|政策)`), "忽略", "无视", "忘记", "忘掉", "不要理会", "不要管", "跳过", "绕过", "覆盖")},
		{"role", gated(c(`你现在(是|扮演|变成)|从现在(开始|起)，?你|扮演(一个|一名)?|假装(你是|自己是|成)|角色扮演|开发者模式|越狱|管理员模式|没有任何限制的`), "你现在", "从现在", "扮演", "假装", "角色", "开发者", "越狱", "管理员", "没有任何限制")},
		{"leak", gated(c(`系统提示|提示词|(告诉我|显示|输出|打印|重复)(你的|一下你的)?(指令|设定|规则|初始)`), "系统提示", "提示词", "告诉我", "显示", "输出", "打印", "重复")},
	}
}

// CheckCaller flags prompt-injection attempts in caller text, so the engine can keep it out of the LLM
// prompt (or wrap it) and log it. The reply guard stays the hard stop either way.
func (g *Guard) CheckCaller(text string, lang string) InjectionVerdict {
	_ = lang
	norm := normalize(text, g.contr)
	norm = strings.Join(strings.Fields(norm), " ")
	for _, r := range g.inj {
		if m := r.re.FindString(norm); m != "" {
			return InjectionVerdict{Injection: true, Kind: r.kind, Matched: m}
		}
	}
	return InjectionVerdict{}
}
