// Package labeled reads the evaluation sets the dialog packages score themselves on: CSV rows of text,label
// with an optional header row.
package labeled

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
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

// ReadFile is Read on the file at path; errors name the file.
func ReadFile(path string, isHeader func(label string) bool) ([]Row, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	rows, err := Read(f, isHeader)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return rows, nil
}

// ReadList reads a list file (the learned models' TRAINING files): one entry per line, blank lines and
// lines starting with # skipped.
func ReadList(path string) ([]string, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, l := range strings.Split(string(data), "\n") {
		if l = strings.TrimSpace(l); l != "" && !strings.HasPrefix(l, "#") {
			out = append(out, l)
		}
	}
	return out, nil
}
