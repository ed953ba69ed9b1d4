// Package asreval measures a recognizer on a manifest of recordings: word error rate and real-time factor
// (`voicegate eval asr`).
package asreval

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/voicegate/voicegate/asr"
	"github.com/voicegate/voicegate/asr/internal/textnorm"
	"github.com/voicegate/voicegate/audio"
)

// ErrManifest means the manifest cannot be read as a table of recordings and transcripts.
var ErrManifest = errors.New("asreval: bad manifest")

// Report is the result of an evaluation.
type Report struct {
	N   int     `json:"n"`
	WER float64 `json:"wer"`
	RTF float64 `json:"rtf"`
}

// Item is one manifest row.
type Item struct {
	// WAV is the recording's path, made absolute against the manifest's folder.
	WAV        string
	Transcript string
}

// Evaluate runs every recording of the manifest through one session of rec (one long call, as in the
// gateway) in mode and scores the final results.
func Evaluate(ctx context.Context, rec asr.Recognizer, manifestPath string, mode asr.Mode) (Report, error) {
	items, err := ReadManifest(manifestPath)
	if err != nil {
		return Report{}, err
	}
	return EvaluateItems(ctx, rec, items, mode)
}

// frame is how much audio each Write carries, as the gateway's 20 ms frames do.
const frame = audio.FrameSamples

// EvaluateItems is Evaluate on rows already read.
func EvaluateItems(ctx context.Context, rec asr.Recognizer, items []Item, mode asr.Mode) (Report, error) {
	if len(items) == 0 {
		return Report{}, fmt.Errorf("%w: no recordings", ErrManifest)
	}
	s, err := rec.NewSession(ctx, "en")
	if err != nil {
		return Report{}, err
	}
	defer s.Close()
	var edits, words int
	var proc, dur time.Duration
	for _, it := range items {
		if err := ctx.Err(); err != nil {
			return Report{}, err
		}
		pcm, err := audio.LoadWAV16k(it.WAV)
		if err != nil {
			return Report{}, fmt.Errorf("asreval: %s: %w", it.WAV, err)
		}
		start := time.Now()
		res, err := Recognize(ctx, s, asr.Hints{Mode: mode}, pcm)
		if err != nil {
			return Report{}, fmt.Errorf("asreval: %s: %w", it.WAV, err)
		}
		proc += time.Since(start)
		dur += time.Duration(len(pcm)) * time.Second / audio.SampleRate
		ref := textnorm.Words(it.Transcript)
		edits += WordErrors(ref, textnorm.Words(res.Text))
		words += len(ref)
	}
	r := Report{N: len(items)}
	if words > 0 {
		r.WER = float64(edits) / float64(words)
	}
	if dur > 0 {
		r.RTF = proc.Seconds() / dur.Seconds()
	}
	return r, nil
}

// Recognize runs one turn: Begin, the audio in 20 ms writes, End.
func Recognize(ctx context.Context, s asr.Session, h asr.Hints, pcm []int16) (asr.Result, error) {
	if err := s.Begin(ctx, h); err != nil {
		return asr.Result{}, err
	}
	for i := 0; i < len(pcm); i += frame {
		if err := s.Write(pcm[i:min(i+frame, len(pcm))]); err != nil {
			return asr.Result{}, err
		}
	}
	return s.End(ctx)
}

// WordErrors is the word-level Levenshtein distance (substitutions + insertions + deletions).
func WordErrors(ref, hyp []string) int {
	prev := make([]int, len(hyp)+1)
	cur := make([]int, len(hyp)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ref); i++ {
		cur[0] = i
		for j := 1; j <= len(hyp); j++ {
			sub := prev[j-1]
			if ref[i-1] != hyp[j-1] {
				sub++
			}
			cur[j] = min(sub, prev[j]+1, cur[j-1]+1)
		}
		prev, cur = cur, prev
	}
	return prev[len(hyp)]
}

// ReadManifest reads a CSV or TSV manifest with a header row. The recording column is the one named wav,
// file, path, audio or filename (else the first column); the transcript column is sentence, transcript or
// text. Paths are relative to the manifest's folder.
func ReadManifest(path string) ([]Item, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrManifest, err)
	}
	items, err := ParseManifest(bytes.NewReader(b), strings.HasSuffix(strings.ToLower(path), ".tsv"))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	dir := filepath.Dir(path)
	for i := range items {
		if !filepath.IsAbs(items[i].WAV) {
			items[i].WAV = filepath.Join(dir, items[i].WAV)
		}
	}
	return items, nil
}

// ParseManifest parses manifest text; tsv forces tab separation, otherwise a header line with a tab and no
// comma is taken as TSV.
func ParseManifest(r io.Reader, tsv bool) ([]Item, error) {
	b, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrManifest, err)
	}
	b = bytes.TrimPrefix(b, []byte("\xef\xbb\xbf"))
	header, _, _ := bytes.Cut(b, []byte("\n"))
	cr := csv.NewReader(bytes.NewReader(b))
	if tsv || (bytes.Contains(header, []byte("\t")) && !bytes.Contains(header, []byte(","))) {
		cr.Comma = '\t'
	}
	cr.FieldsPerRecord = -1
	cr.LazyQuotes = true
	cr.ReuseRecord = false
	rows, err := cr.ReadAll()
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrManifest, err)
	}
	if len(rows) < 1 {
		return nil, fmt.Errorf("%w: empty", ErrManifest)
	}
	wavCol, textCol := -1, -1
	for i, h := range rows[0] {
		switch strings.ToLower(strings.TrimSpace(h)) {
		case "wav", "file", "path", "audio", "filename":
			if wavCol < 0 {
				wavCol = i
			}
		case "sentence", "transcript", "text":
			if textCol < 0 {
				textCol = i
			}
		}
	}
	if wavCol < 0 {
		wavCol = 0
	}
	if textCol < 0 {
		return nil, fmt.Errorf("%w: no sentence/transcript/text column in header %q", ErrManifest, rows[0])
	}
	if textCol == wavCol {
		return nil, fmt.Errorf("%w: recording and transcript are the same column", ErrManifest)
	}
	var items []Item
	for n, row := range rows[1:] {
		if len(row) == 1 && strings.TrimSpace(row[0]) == "" {
			continue // blank line
		}
		if len(row) <= max(wavCol, textCol) {
			return nil, fmt.Errorf("%w: row %d has %d columns", ErrManifest, n+2, len(row))
		}
		wav := strings.TrimSpace(row[wavCol])
		if wav == "" {
			return nil, fmt.Errorf("%w: row %d has no recording", ErrManifest, n+2)
		}
		items = append(items, Item{WAV: wav, Transcript: row[textCol]})
	}
	if len(items) == 0 {
		return nil, fmt.Errorf("%w: no rows", ErrManifest)
	}
	return items, nil
}

// Normalize turns written text into the word sequence a recognizer outputs (lower case, no punctuation,
// numbers spelled out), the same way Evaluate scores WER.
func Normalize(s string) []string { return textnorm.Words(s) }
