package model

import (
	"cmp"
	"errors"
	"fmt"
	"math"
	"math/bits"
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
// one element per feature occurrence): reuse the returned slice. A caller
// that shows only the strongest contributions should call Top, which is
// faster.
func (m *Model) Score(doc *tokenize.Document, matches []lexicon.Match, lex *lexicon.Lexicon, dst []Contribution) (float64, []Contribution) {
	sc := m.getScratch()
	hits := m.collect(doc, matches, lex, sc)
	z := m.bias
	dst = dst[:0]
	for i := range hits {
		z += float64(hits[i].w)
		dst = append(dst, m.contribution(&hits[i]))
	}
	m.putScratch(sc)
	return z, dst
}

// Summary is what Top tells of a text besides its strongest contributions.
type Summary struct {
	Z        float64 // log-odds of risk: Bias() + the sum of the weights of every feature present
	Positive float64 // the sum of the positive weights: the evidence of risk
	Features int     // how many features of the model the text has
}

// Top is Score for callers that list only the k strongest contributions: it
// returns the text's summary and its (at most) k contributions of largest
// absolute weight, strongest first (of equal weights, the first in the
// text), appended to dst[:0]. It does not allocate once dst has room for k.
func (m *Model) Top(doc *tokenize.Document, matches []lexicon.Match, lex *lexicon.Lexicon, k int, dst []Contribution) (Summary, []Contribution) {
	sc := m.getScratch()
	hits := m.collect(doc, matches, lex, sc)
	sum := Summary{Z: m.bias, Features: len(hits)}
	for i := range hits {
		w := float64(hits[i].w)
		sum.Z += w
		sum.Positive += max(w, 0)
	}
	top := sc.top[:0]
	if k > 0 {
		top = strongest(hits, k, top)
	}
	dst = dst[:0]
	for _, i := range top {
		dst = append(dst, m.contribution(&hits[i]))
	}
	sc.top = top[:0]
	m.putScratch(sc)
	return sum, dst
}

// strongestMany is strongest for any k: it sorts.
func strongestMany(hits []hit, k int, top []int32) []int32 {
	start := len(top)
	for i := range hits {
		top = append(top, int32(i))
	}
	all := top[start:]
	slices.SortStableFunc(all, func(a, b int32) int {
		return cmp.Compare(abs32(hits[b].w), abs32(hits[a].w))
	})
	return top[:start+min(k, len(all))]
}

func abs32(x float32) float32 { return float32(math.Abs(float64(x))) }

// topWidth is how many contributions strongest ranks on the stack; Top
// asks for more rarely (the classifier lists 10).
const topWidth = 16

// strongest appends to top the indexes of the (at most) k hits of largest
// absolute weight, strongest first, the first in the text of equals. Each
// hit becomes one integer key, its absolute weight's bits above its inverted
// index, so that a larger key is a stronger hit (or, of equal weights, an
// earlier one), and enters the ranked keys by a min and a max per rank:
// no branch to mispredict, where an insertion that stops at its place
// mispredicts once or twice per hit.
func strongest(hits []hit, k int, top []int32) []int32 {
	if k > topWidth {
		return strongestMany(hits, k, top)
	}
	var ranked [topWidth]uint64 // descending; 0: free (every key is above 0)
	r := ranked[:k]
	for i := range hits {
		x := rankKey(hits[i].w, i)
		for j := len(r) - 1; j > 0; j-- {
			r[j] = max(r[j], min(r[j-1], x))
		}
		if len(r) > 0 {
			r[0] = max(r[0], x)
		}
	}
	for _, x := range r[:min(k, len(hits))] {
		top = append(top, int32(^uint32(x)))
	}
	return top
}

// rankKey is the key by which strongest ranks hit i of weight w: the bits of
// |w| (which order as the weights do, for weights that are not NaN) above the
// bitwise complement of i, which is never 0.
func rankKey(w float32, i int) uint64 {
	return uint64(math.Float32bits(w)&^(1<<31))<<32 | uint64(^uint32(i))
}

// hit is a feature of the model found in a text, at its first occurrence.
type hit struct {
	start, end int32
	id         int32 // index in the model
	w          float32
	kind       Kind
}

func (m *Model) contribution(h *hit) Contribution {
	return Contribution{Feature: m.names[h.id], Kind: h.kind, Weight: float64(h.w), Start: int(h.start), End: int(h.end)}
}

func (m *Model) getScratch() *scoreScratch {
	sc, _ := m.scratch.Get().(*scoreScratch)
	if sc == nil {
		sc = &scoreScratch{}
	}
	return sc
}

// putScratch keeps sc for reuse unless a long document made it large.
func (m *Model) putScratch(sc *scoreScratch) {
	if cap(sc.feats) <= maxScratch && cap(sc.hits) <= maxScratch && len(sc.set) <= 2*maxScratch {
		m.scratch.Put(sc)
	}
}

// collect returns the known features of a text, each once with its first
// occurrence, in text order, in sc's storage.
func (m *Model) collect(doc *tokenize.Document, matches []lexicon.Match, lex *lexicon.Lexicon, sc *scoreScratch) []hit {
	// a word, the pair it ends and a punctuation mark per token, a concept
	// and a category per match: one allocation for a long text, none once
	// the scratch is warm
	fs := walk(doc, matches, lex, AllKinds, slices.Grow(sc.feats[:0], 2*len(doc.Tokens)+2*len(matches)))
	sc.feats = fs[:0]
	// a small open-addressing set of the features seen, sized for this text:
	// it stays in the fastest cache, where an array over all the model's
	// features would not
	size := 16
	for size < 2*len(fs) {
		size <<= 1
	}
	if cap(sc.set) < size {
		sc.set = make([]int32, size)
	}
	set := sc.set[:size]
	clear(set)
	shift := 32 - uint(bits.TrailingZeros(uint(size)))
	mask := uint32(size - 1)
	hits := sc.hits[:0]
feats:
	for i := range fs {
		if fs[i].kind == Pair && !m.tab.pairs.MayHave(fs[i].h) {
			continue
		}
		sl := m.tab.find(fs[i].h)
		if sl == nil {
			continue
		}
		id := sl.id
		p := (uint32(id) * 0x9E3779B1) >> shift
		for ; set[p] != 0; p = (p + 1) & mask {
			if h := &hits[set[p]-1]; h.id == id { // each feature counts once, at its first occurrence
				if fs[i].start < h.start { // "x:question" comes from words and from "?"
					h.start, h.end = fs[i].start, fs[i].end
				}
				continue feats
			}
		}
		hits = append(hits, hit{start: fs[i].start, end: fs[i].end, id: id, w: sl.w, kind: fs[i].kind})
		set[p] = int32(len(hits))
	}
	// walk emits in text order; a caller's matches may not be: a stable
	// insertion sort costs one comparison per feature when they are
	for i := 1; i < len(hits); i++ {
		for j := i; j > 0 && hits[j-1].start > hits[j].start; j-- {
			hits[j-1], hits[j] = hits[j], hits[j-1]
		}
	}
	sc.hits = hits
	return hits
}

// scoreScratch is the reusable working memory of Score and Top.
type scoreScratch struct {
	feats []feat
	hits  []hit
	set   []int32 // 1 + index in hits of a feature seen, by the feature's index in the model; 0: free
	top   []int32
}

// maxScratch is the largest scratch buffer kept for reuse, in elements (8
// MB of feature occurrences: a document of about 100,000 words); a longer
// document's buffers are left to the garbage collector.
const maxScratch = 1 << 18

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
// sorted says that names are in strictly increasing order and each was
// checked already, as load reads a model written by WriteTo; the model then
// keeps names and weights without copying them.
func newModel(names []string, weights []float32, bias, calA, calB, medium, high float64, meta []string, sorted bool) (*Model, error) {
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
	if sorted {
		m.names, m.weights = names, weights
		tab, err := newTable(m.names, m.weights)
		if err != nil {
			return nil, err
		}
		m.tab = tab
		return m, nil
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
