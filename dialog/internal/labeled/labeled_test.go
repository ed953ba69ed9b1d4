package labeled

import (
	"os"
	"path/filepath"
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

func TestReadListAndFile(t *testing.T) {
	dir := t.TempDir()
	list := filepath.Join(dir, "TRAINING")
	csvPath := filepath.Join(dir, "a.csv")
	if err := os.WriteFile(list, []byte("# comment\n\n a.csv \nclinc150\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(csvPath, []byte("text,label\nhello,allow\n\"bad\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	got, err := ReadList(list)
	if err != nil || len(got) != 2 || got[0] != "a.csv" || got[1] != "clinc150" {
		t.Fatalf("ReadList = %q, %v", got, err)
	}
	if _, err := ReadFile(csvPath, func(l string) bool { return l == "label" }); err == nil || !strings.Contains(err.Error(), "a.csv") {
		t.Errorf("ReadFile on a broken file: %v, want an error naming the file", err)
	}
	if _, err := ReadFile(filepath.Join(dir, "missing.csv"), nil); err == nil {
		t.Error("missing file read")
	}
	if _, err := ReadList(filepath.Join(dir, "missing")); err == nil {
		t.Error("missing list read")
	}
}
