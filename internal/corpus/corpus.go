// Package corpus finds the real labelled data beside the repository
// (../shared/data, described by its SOURCES.md) for tests, benchmarks and the
// evaluation programs. The data is never copied into the repository: callers
// skip, with a clear message, when it is absent.
package corpus

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
)

// Record is one line of a corpus or suite file.
type Record struct {
	ID            string   `json:"id"`
	Source        string   `json:"source"`
	Lang          string   `json:"lang"`
	Label         string   `json:"label"`
	Use           string   `json:"use"`
	Group         string   `json:"group"`
	Tags          []string `json:"tags"`  // fine labels of some sources (gab: hd, cv, vo; jigsaw-fr: its labels), silver, machine-translated
	Topic         string   `json:"topic"` // what a text we wrote is about (training/written-*.jsonl), for reports per topic
	Functionality string   `json:"functionality"`
	Disputed      bool     `json:"disputed"`
	Text          string   `json:"text"`
}

// HasTag reports whether the record carries tag t.
func (r *Record) HasTag(t string) bool { return slices.Contains(r.Tags, t) }

// ErrMissing is returned when the shared data directory cannot be found.
var ErrMissing = errors.New("corpus: ../shared/data not found (set VIGIE_DATA to its path)")

// Dir returns the shared data directory: $VIGIE_DATA, or shared/data beside
// the repository's root.
func Dir() (string, error) {
	if d := os.Getenv("VIGIE_DATA"); d != "" {
		if _, err := os.Stat(d); err != nil {
			return "", fmt.Errorf("corpus: VIGIE_DATA: %w", err)
		}
		return d, nil
	}
	_, file, _, ok := runtime.Caller(0)
	if !ok {
		return "", ErrMissing
	}
	root := filepath.Join(filepath.Dir(file), "..", "..") // internal/corpus → repository root
	d := filepath.Join(root, "..", "shared", "data")
	if _, err := os.Stat(filepath.Join(d, "SOURCES.md")); err != nil {
		return "", ErrMissing
	}
	return d, nil
}

// Read reads a JSON-lines file of records, such as corpus/dev.jsonl or our
// own training/written-en.jsonl; blank lines are skipped.
func Read(path string) ([]Record, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []Record
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	line := 0
	for sc.Scan() {
		line++
		if len(bytes.TrimSpace(sc.Bytes())) == 0 {
			continue // a blank line is no record
		}
		var r Record
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			return nil, fmt.Errorf("corpus: %s:%d: %w", path, line, err)
		}
		out = append(out, r)
	}
	return out, sc.Err()
}

// Split reads corpus/NAME.jsonl (train, dev or test) from the shared data.
func Split(name string) ([]Record, error) {
	d, err := Dir()
	if err != nil {
		return nil, err
	}
	return Read(filepath.Join(d, "corpus", name+".jsonl"))
}

// Texts returns up to max texts of the split whose language is lang ("" for
// any) and that are longer than minLen bytes, in file order: real messages for
// benchmarks.
func Texts(split, lang string, minLen, max int) ([]string, error) {
	recs, err := Split(split)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, r := range recs {
		if (lang == "" || r.Lang == lang) && len(r.Text) > minLen {
			out = append(out, r.Text)
			if len(out) == max {
				break
			}
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("corpus: no %q text in %s", lang, split)
	}
	return out, nil
}

// MeanLen returns the mean length in bytes of texts, for b.SetBytes.
func MeanLen(texts []string) int {
	if len(texts) == 0 {
		return 0
	}
	n := 0
	for _, t := range texts {
		n += len(t)
	}
	return n / len(texts)
}
