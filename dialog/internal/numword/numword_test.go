package numword

import "testing"

func TestWords(t *testing.T) {
	cases := []struct {
		w               string
		small, unit     int
		isUnit, isTeen  bool
		isTens, isSmall bool
	}{
		{"zero", 0, 0, true, false, false, true},
		{"nine", 9, 9, true, false, false, true},
		{"ten", 10, 0, false, true, false, true},
		{"nineteen", 19, 0, false, true, false, true},
		{"forty", 40, 0, false, false, true, true},
		{"fourty", 40, 0, false, false, true, true},
		{"hundred", 0, 0, false, false, false, false},
		{"", 0, 0, false, false, false, false},
	}
	for _, c := range cases {
		v, ok := Small(c.w)
		if ok != c.isSmall || ok && v != c.small {
			t.Errorf("Small(%q) = %d %v", c.w, v, ok)
		}
		if _, ok := Unit(c.w); ok != c.isUnit {
			t.Errorf("Unit(%q) = %v", c.w, ok)
		}
		if _, ok := Teen(c.w); ok != c.isTeen {
			t.Errorf("Teen(%q) = %v", c.w, ok)
		}
		if _, ok := Tens(c.w); ok != c.isTens {
			t.Errorf("Tens(%q) = %v", c.w, ok)
		}
	}
	if v, ok := Ordinal("twelfth"); !ok || v != 12 {
		t.Fatal("twelfth")
	}
	if _, ok := Ordinal("twelve"); ok {
		t.Fatal("twelve is not an ordinal")
	}
}
