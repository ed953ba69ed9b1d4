package sphinx

import (
	"strings"
)

// digitsJSGF accepts a digit string with the usual spoken forms ("oh", "double five") and a few lead-in and
// closing words callers add around it.
//
// A bare "oh" is only allowed between two digits ("four oh seven"), never first, last or alone ("double oh"
// is allowed anywhere). "oh" is a single vowel, so any digit whose consonants the telephone band loses
// decodes as it: an unaspirated "two" (its /t/ burst lies above 4 kHz) became "oh", and weighting "oh" down
// (even to 1/20) changed nothing, the acoustic gap being far larger than any grammar weight. On its own, or
// at the edge of an answer, "oh" is also more often an exclamation than a digit. fsdd (300 real 8 kHz
// digits, one call per split): train split 17 -> 13 errors in 150, test split 17 -> 9, all 35 -> 25 in 300.
// Allowing a leading "oh" as well gave 21 and 16. On 3-5 digit strings spliced from the same recordings (36
// per split, 148 words each) it is slightly worse: 40 -> 39 errors on train, 39 -> 44 on test.
const digitsJSGF = `#JSGF V1.0;
grammar digits;
public <number> = [<lead>] <item> (<item> | oh <item>)* [<tail>];
<item> = <word> | double <digit> | triple <digit>;
<digit> = <word> | oh;
<word> = zero | one | two | three | four | five | six | seven | eight | nine;
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
