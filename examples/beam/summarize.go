package main

import (
	"cmp"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/apache/beam/sdks/v2/go/pkg/beam/register"
	"github.com/vigie-project/vigie/classify"
)

func init() {
	register.Combiner3[counts, string, string](&summaryFn{})
}

// The summary counts documents. Each record gives keys: its level, or
// keyError for an error record, and each signal category and concept found
// in it, once per document. A key is a one-letter kind and a name. The keys
// of a document travel together, one a line: one element per document
// costs the runner a third of what one per key did.
const (
	keyError    = "e"
	keyLevel    = "l" // and the level's name
	keyCategory = "c" // and the category's name
	keyConcept  = "k" // and the concept
)

// appendKeys appends the summary keys of a scored document, one a line.
func appendKeys(dst []byte, r *classify.Result) []byte {
	dst = append(append(dst, keyLevel...), r.Level.String()...)
	for i := range r.Signals {
		s := &r.Signals[i]
		seenCategory, seenConcept := false, false
		for _, prev := range r.Signals[:i] {
			seenCategory = seenCategory || prev.Category == s.Category
			seenConcept = seenConcept || prev.Concept == s.Concept
		}
		if !seenCategory {
			dst = append(append(append(dst, '\n'), keyCategory...), s.Category.String()...)
		}
		if !seenConcept {
			dst = append(append(append(dst, '\n'), keyConcept...), s.Concept...)
		}
	}
	return dst
}

// Summary is the aggregate of a run, written as JSON to the summary file.
type Summary struct {
	Documents  int            `json:"documents"`  // documents scored
	Errors     int            `json:"errors"`     // error records
	Levels     map[string]int `json:"levels"`     // documents per level; every level is listed
	Categories map[string]int `json:"categories"` // documents with at least one signal of the category
	Concepts   []ConceptCount `json:"concepts"`   // the concepts found in most documents, most first, then by name
}

// ConceptCount is a concept and the number of documents it was found in.
type ConceptCount struct {
	Concept   string `json:"concept"`
	Documents int    `json:"documents"`
}

// counts is summaryFn's accumulator: documents per key.
type counts struct {
	N map[string]int
}

// summaryFn combines the keys of all records into the Summary, as JSON. The
// keys are bounded by the lexicon (levels, categories, concepts), so an
// accumulator stays small however many documents there are; a runner
// combines on each worker before it shuffles.
type summaryFn struct {
	Top int `json:"top"` // concepts listed
}

// CreateAccumulator returns empty counts.
func (f *summaryFn) CreateAccumulator() counts { return counts{N: map[string]int{}} }

// AddInput counts the keys of a document, one a line.
func (f *summaryFn) AddInput(a counts, keys string) counts {
	if a.N == nil {
		a.N = map[string]int{}
	}
	for key := range strings.SplitSeq(keys, "\n") {
		a.N[key]++
	}
	return a
}

// MergeAccumulators adds b's counts to a's.
func (f *summaryFn) MergeAccumulators(a, b counts) counts {
	if a.N == nil {
		return b
	}
	for k, n := range b.N {
		a.N[k] += n
	}
	return a
}

// ExtractOutput returns the summary as indented JSON.
func (f *summaryFn) ExtractOutput(a counts) string {
	b, err := json.MarshalIndent(summarize(a.N, f.Top), "", "  ")
	if err != nil { // maps of strings and ints always encode
		panic(fmt.Sprintf("encoding the summary: %v", err))
	}
	return string(b)
}

// summarize makes the Summary of the counts of keys, with the top concepts.
func summarize(n map[string]int, top int) Summary {
	s := Summary{Levels: map[string]int{}, Categories: map[string]int{}, Concepts: []ConceptCount{}}
	for l := classify.None; l <= classify.High; l++ {
		s.Levels[l.String()] = 0
	}
	for k, c := range n {
		if k == "" {
			continue // not a key
		}
		switch kind, name := k[:1], k[1:]; kind {
		case keyError:
			s.Errors += c
		case keyLevel:
			s.Levels[name] += c
			s.Documents += c
		case keyCategory:
			s.Categories[name] += c
		case keyConcept:
			s.Concepts = append(s.Concepts, ConceptCount{Concept: name, Documents: c})
		}
	}
	slices.SortFunc(s.Concepts, func(a, b ConceptCount) int {
		return cmp.Or(cmp.Compare(b.Documents, a.Documents), strings.Compare(a.Concept, b.Concept))
	})
	s.Concepts = s.Concepts[:min(top, len(s.Concepts))]
	return s
}
