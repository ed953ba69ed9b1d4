package labeled

import (
	"strings"
	"testing"
)

func TestRead(t *testing.T) {
	isHeader := func(l string) bool { return l == "label" }
	cases := []struct {
		name, in string
		rows     int
		err      string
	}{
		{"header skipped", "text,label\nhello,Allow\n\"a, b\",block\n", 2, ""},
		{"no header", "hello,allow\n", 1, ""},
		{"short row", "text,label\nhello\n", 0, "line 2 has 1 fields"},
		{"bad quoting", "\"unterminated,allow\n", 0, "quote"},
		{"empty", "", 0, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rows, err := Read(strings.NewReader(c.in), isHeader)
			if c.err != "" {
				if err == nil || !strings.Contains(err.Error(), c.err) {
					t.Fatalf("err %v, want %q", err, c.err)
				}
				return
			}
			if err != nil || len(rows) != c.rows {
				t.Fatalf("rows %+v err %v", rows, err)
			}
		})
	}
	rows, _ := Read(strings.NewReader("text,label\n\"a, b\", Block \n"), isHeader)
	if rows[0] != (Row{Line: 2, Text: "a, b", Label: "block"}) {
		t.Fatalf("row %+v", rows[0])
	}
}
