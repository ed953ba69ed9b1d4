// Package labeled reads the evaluation sets the dialog packages score themselves on: CSV rows of text,label
// with an optional header row.
package labeled

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
)

// Row is one labelled text; Label is lower-cased and trimmed, Line counts from 1.
type Row struct {
	Line  int
	Text  string
	Label string
}

// Read returns every row of r. A first row whose label isHeader accepts is skipped. Rows with fewer than two
// fields are errors naming their line.
func Read(r io.Reader, isHeader func(label string) bool) ([]Row, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	var out []Row
	for line := 1; ; line++ {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return out, nil
		}
		if err != nil {
			return nil, err
		}
		if len(rec) < 2 {
			return nil, fmt.Errorf("line %d has %d fields, want text,label", line, len(rec))
		}
		label := strings.ToLower(strings.TrimSpace(rec[1]))
		if line == 1 && isHeader != nil && isHeader(label) {
			continue
		}
		out = append(out, Row{Line: line, Text: rec[0], Label: label})
	}
}
