package kb

import "testing"

func TestLoadDemo(t *testing.T) {
	s, err := LoadDir("../../configs/kb")
	if err != nil {
		t.Fatal(err)
	}
	t.Log(s.Languages())
}
