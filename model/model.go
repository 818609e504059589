package model

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/vigie-project/vigie/lexicon"
	"github.com/vigie-project/vigie/tokenize"
)

// Model is a linear model over self-explaining features: the log-odds of risk
// z = Bias + the sum of the weights of the features present in a text (each
// counted once), turned into a probability by Platt scaling,
// Calibrate(z) = sigmoid(A·z + B), and into levels by two thresholds on that
// probability.
//
// A Model is immutable once built and safe for concurrent use by multiple
// goroutines.
type Model struct {
	names   []string  // feature names, sorted
	weights []float32 // weights[i] is the weight of names[i]
	tab     table     // hash of a name → its index

	bias       float64
	calA, calB float64 // Platt scaling: p = sigmoid(calA·z + calB)
	medium     float64 // calibrated probability from which a text is Medium
	high       float64 // calibrated probability from which a text is High
	meta       []string

	scratch sync.Pool // *scoreScratch: the working memory of one Score call
}

// Info describes a model's calibration, thresholds and provenance.
type Info struct {
	Features   int      // number of features with a weight
	Bias       float64  // the intercept of z
	CalA, CalB float64  // Platt scaling: Calibrate(z) = sigmoid(CalA·z + CalB)
	Medium     float64  // calibrated probability from which a text is Medium
	High       float64  // calibrated probability from which a text is High
	Meta       []string // free-form provenance lines: how it was trained, on what
}

// Info returns the model's calibration, thresholds and provenance.
func (m *Model) Info() Info {
	return Info{Features: len(m.names), Bias: m.bias, CalA: m.calA, CalB: m.calB, Medium: m.medium, High: m.high,
		Meta: slices.Clone(m.meta)}
}

// Len returns the number of features with a weight.
func (m *Model) Len() int { return len(m.names) }

// Feature returns the name and weight of feature i, 0 ≤ i < Len(), in
// name order.
func (m *Model) Feature(i int) (string, float64) { return m.names[i], float64(m.weights[i]) }

// Weight returns the weight of a feature, and whether the model has it.
func (m *Model) Weight(feature string) (float64, bool) {
	sl := m.tab.find(Hash(feature))
	if sl == nil || m.names[sl.id] != feature {
		return 0, false
	}
	return float64(sl.w), true
}

// Bias returns the intercept: z for a text without any known feature.
func (m *Model) Bias() float64 { return m.bias }

// Thresholds returns the calibrated probabilities from which a text is
// Medium and High. They were chosen on the dev split (see Info().Meta).
func (m *Model) Thresholds() (medium, high float64) { return m.medium, m.high }

// Calibrate turns a score z from Score into a probability of risk, by Platt
// scaling fitted on the dev split.
func (m *Model) Calibrate(z float64) float64 { return sigmoid(m.calA*z + m.calB) }

// Contribution is one feature present in a text and what it added to z.
type Contribution struct {
	Feature string  // the feature's name: "w:kuffar", "b:join us", "k:caliphate", "c:recruitment", "x:negation"
	Kind    Kind    // what the feature looks at
	Weight  float64 // what it added to z, in log-odds (negative: it lowered the risk)
	Start   int     // byte offset of its first occurrence in the text
	End     int     // byte offset of the end of its first occurrence
	id      int32   // index in the model, to count each feature once
}

// Score returns the log-odds z of risk of a tokenized document and the
// contributions of its features, appended to dst[:0]: z = Bias() + the sum of
// their weights. matches must be lex.Match(doc, ...) for the lexicon the
// caller uses (in Match's order: by first token); lex may be nil, and then
// only word, pair and punctuation context features count. Each feature
// counts once, with the span of its first occurrence; contributions are in
// text order (by Start). Features the model does not know add nothing and are
// not listed. doc must not be nil.
//
// Score does not allocate once dst has the capacity the text needs (at most
// one element per feature occurrence): reuse the returned slice.
func (m *Model) Score(doc *tokenize.Document, matches []lexicon.Match, lex *lexicon.Lexicon, dst []Contribution) (float64, []Contribution) {
	fs := m.collect(doc, matches, lex, dst[:0])
	z := m.bias
	for i := range fs {
		z += fs[i].Weight
	}
	return z, fs
}

// collect appends the contributions of the known features of a text, each
// once with its first occurrence, in text order.
func (m *Model) collect(doc *tokenize.Document, matches []lexicon.Match, lex *lexicon.Lexicon, dst []Contribution) []Contribution {
	sc, _ := m.scratch.Get().(*scoreScratch)
	if sc == nil || len(sc.seen) != len(m.names) {
		sc = &scoreScratch{seen: make([]uint32, len(m.names)), at: make([]int32, len(m.names))}
	}
	sc.stamp++
	if sc.stamp == 0 { // wrapped: forget every old stamp
		clear(sc.seen)
		sc.stamp = 1
	}
	fs := walk(doc, matches, lex, AllKinds, sc.feats[:0])
	for i := range fs {
		sl := m.tab.find(fs[i].h)
		if sl == nil {
			continue
		}
		id := sl.id
		if sc.seen[id] == sc.stamp { // each feature counts once, at its first occurrence
			k := sc.at[id]
			if int(fs[i].start) < dst[k].Start { // "x:question" comes from words and from "?"
				dst[k].Start, dst[k].End = int(fs[i].start), int(fs[i].end)
			}
			continue
		}
		sc.seen[id] = sc.stamp
		sc.at[id] = int32(len(dst))
		dst = append(dst, Contribution{Feature: m.names[id], Kind: fs[i].kind, Weight: float64(sl.w),
			Start: int(fs[i].start), End: int(fs[i].end), id: id})
	}
	if cap(fs) <= maxScratch {
		sc.feats = fs[:0]
		m.scratch.Put(sc)
	}
	// walk emits in text order; a caller's matches may not be: a stable
	// insertion sort costs one comparison per feature when they are
	for i := 1; i < len(dst); i++ {
		for j := i; j > 0 && dst[j-1].Start > dst[j].Start; j-- {
			dst[j-1], dst[j] = dst[j], dst[j-1]
		}
	}
	return dst
}

// scoreScratch is the reusable working memory of Score: the feature
// occurrences, and per feature of the model the stamp of the last call that
// saw it and where its contribution is, so that finding a repeated feature
// costs one array read whatever the length of the text.
type scoreScratch struct {
	feats []feat
	seen  []uint32
	at    []int32
	stamp uint32
}

// maxScratch is the largest scratch buffer kept for reuse: a long document's
// buffer is left to the garbage collector.
const maxScratch = 1 << 16

// ErrModel is wrapped by every error about a model's content.
var ErrModel = errors.New("model: invalid model")

// String describes the model in one line.
func (m *Model) String() string {
	return fmt.Sprintf("model: %d features, bias %.4g, calibration sigmoid(%.4g·z%+.4g), medium ≥ %.4g, high ≥ %.4g",
		len(m.names), m.bias, m.calA, m.calB, m.medium, m.high)
}

func sigmoid(x float64) float64 {
	if x >= 0 {
		return 1 / (1 + math.Exp(-x))
	}
	e := math.Exp(x)
	return e / (1 + e)
}

// newModel builds a model from names and weights (copied), checking them.
func newModel(names []string, weights []float32, bias, calA, calB, medium, high float64, meta []string) (*Model, error) {
	if len(names) != len(weights) {
		return nil, fmt.Errorf("%w: %d names for %d weights", ErrModel, len(names), len(weights))
	}
	m := &Model{bias: bias, calA: calA, calB: calB, medium: medium, high: high, meta: slices.Clone(meta)}
	if err := checkParams(bias, calA, calB, medium, high); err != nil {
		return nil, err
	}
	if len(meta) > MaxMeta {
		return nil, fmt.Errorf("%w: more than %d meta lines", ErrModel, MaxMeta)
	}
	for _, s := range meta {
		if strings.ContainsFunc(s, isControl) || !utf8.ValidString(s) || len(s) > maxLine-len("meta\t") {
			return nil, fmt.Errorf("%w: meta line %q: control character, invalid UTF-8 or too long", ErrModel, clip(s))
		}
	}
	if len(names) > MaxFeatures {
		return nil, fmt.Errorf("%w: more than %d features", ErrModel, MaxFeatures)
	}
	idx := make([]int, len(names))
	for i := range idx {
		idx[i] = i
	}
	slices.SortFunc(idx, func(a, b int) int { return strings.Compare(names[a], names[b]) })
	m.names = make([]string, len(names))
	m.weights = make([]float32, len(names))
	for k, i := range idx {
		if err := checkFeature(names[i], float64(weights[i])); err != nil {
			return nil, err
		}
		if k > 0 && names[i] == m.names[k-1] {
			return nil, fmt.Errorf("%w: duplicate feature %q", ErrModel, names[i])
		}
		m.names[k] = names[i]
		m.weights[k] = weights[i]
	}
	tab, err := newTable(m.names, m.weights)
	if err != nil {
		return nil, err
	}
	m.tab = tab
	return m, nil
}
