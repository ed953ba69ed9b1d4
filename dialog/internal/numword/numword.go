// Package numword reads English number words, for the slot extractor and the reply guard alike.
package numword

var small = map[string]int{
	"zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
	"ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
	"seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40,
	"fourty": 40, // a common misspelling recognizers and people produce
	"fifty":  50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
}

var ordinal = map[string]int{
	"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
	"ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13, "fourteenth": 14, "fifteenth": 15,
	"sixteenth": 16, "seventeenth": 17, "eighteenth": 18, "nineteenth": 19, "twentieth": 20, "thirtieth": 30,
}

// Small reads one number word below one hundred: units, teens and tens ("seven", "fifteen", "forty").
func Small(w string) (int, bool) {
	v, ok := small[w]
	return v, ok
}

// Unit reads "zero" … "nine".
func Unit(w string) (int, bool) {
	v, ok := small[w]
	return v, ok && v < 10
}

// Teen reads "ten" … "nineteen".
func Teen(w string) (int, bool) {
	v, ok := small[w]
	return v, ok && v >= 10 && v < 20
}

// Tens reads "twenty", "thirty" … "ninety".
func Tens(w string) (int, bool) {
	v, ok := small[w]
	return v, ok && v >= 20
}

// Ordinal reads "first" … "nineteenth", "twentieth", "thirtieth".
func Ordinal(w string) (int, bool) {
	v, ok := ordinal[w]
	return v, ok
}
