package sphinx

import (
	"strings"
)

// digitsJSGF accepts a digit string with the usual spoken forms ("oh", "double five") and a few lead-in and
// closing words callers add around it.
const digitsJSGF = `#JSGF V1.0;
grammar digits;
public <number> = [<lead>] <item>+ [<tail>];
<item> = <digit> | double <digit> | triple <digit>;
<digit> = zero | oh | one | two | three | four | five | six | seven | eight | nine;
<lead> = um | uh | it's | it is | my number is | the number is | that's;
<tail> = please | thanks | thank you;
`

// yesnoJSGF accepts yes or no in their common forms.
const yesnoJSGF = `#JSGF V1.0;
grammar yesno;
public <answer> = [<lead>] (<yes> | <no>) [<tail>];
<yes> = yes | yeah | yep | yup | sure | correct | right | that's right | that's correct | that is correct | absolutely | of course | okay | yes please | definitely;
<no> = no | nope | nah | not really | no thanks | no thank you | incorrect | wrong | that's wrong | not at all | negative;
<lead> = um | uh | well | oh;
<tail> = please | thanks | thank you;
`

var digitWords = map[string]string{
	"zero": "zero", "oh": "zero", "one": "one", "two": "two", "three": "three", "four": "four",
	"five": "five", "six": "six", "seven": "seven", "eight": "eight", "nine": "nine",
}

// canonicalDigits turns a digits-grammar hypothesis into plain digit words: fillers dropped, "oh" -> "zero",
// "double five" -> "five five".
func canonicalDigits(hyp string) string {
	var out []string
	repeat := 1
	for _, w := range strings.Fields(hyp) {
		switch w {
		case "double":
			repeat = 2
			continue
		case "triple":
			repeat = 3
			continue
		}
		d, ok := digitWords[w]
		if !ok {
			repeat = 1
			continue
		}
		for range repeat {
			out = append(out, d)
		}
		repeat = 1
	}
	return strings.Join(out, " ")
}

// extraPronunciations are variants cmudict lacks that callers use: "six" with an open vowel (fsdd train
// split: 25 -> 23 errors in 150, all "six" heard as "five").
func extraPronunciations() map[string][]string {
	return map[string][]string{"six": {"S EH K S"}}
}

// grammarWords lists every word the grammars use, so the decoder's dictionary has them.
func grammarWords() []string {
	var out []string
	for _, g := range []string{digitsJSGF, yesnoJSGF} {
		for _, line := range strings.Split(g, "\n") {
			_, rhs, ok := strings.Cut(line, "=")
			if !ok {
				continue
			}
			for _, f := range strings.FieldsFunc(rhs, func(r rune) bool { return strings.ContainsRune(" |[]()+*;", r) }) {
				if !strings.HasPrefix(f, "<") {
					out = append(out, f)
				}
			}
		}
	}
	return out
}
