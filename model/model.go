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

// Heads is the number of risks a Model scores, one logistic regression each
// over the same features: extremism, violence and hate, in that order
// (HeadNames).
const Heads = 3

// HeadNames are the names of the heads, in order, as the model file's
// "risks" line writes them.
var HeadNames = [Heads]string{"extremism", "violence", "hate"}

// Weights holds one number per head, in the order of HeadNames.
type Weights [Heads]float64

// Model is a linear model over self-explaining features with one head per
// risk: for head k, the log-odds z[k] = Bias[k] + the sum of the features'
// weights for k (each feature counted once), turned into a probability by
// Platt scaling, Calibrate(k, z) = sigmoid(A[k]·z + B[k]). One threshold,
// Threshold, on those probabilities says from where a text deserves a
// reviewer's look.
//
// A Model is immutable once built and safe for concurrent use by multiple
// goroutines.
type Model struct {
	names   []string         // feature names, sorted
	weights [][Heads]float32 // weights[i] are the weights of names[i]
	tab     table            // hash of a name → its index and weights

	bias      Weights
	calA      Weights // Platt scaling: p = sigmoid(calA·z + calB)
	calB      Weights
	threshold float64 // calibrated probability from which a text is flagged
	lexicon   string  // fingerprint of the lexicon the model was trained with
	meta      []string

	scratch sync.Pool // *scoreScratch: the working memory of one Evaluate call
}

// Params are a model's numbers besides its feature weights.
type Params struct {
	Bias      Weights  // the intercept of each head's z
	CalA      Weights  // Platt scaling of each head: Calibrate(k, z) = sigmoid(CalA[k]·z + CalB[k]); CalA[k] > 0
	CalB      Weights  //
	Threshold float64  // calibrated probability from which a text is flagged, in (0, 1)
	Lexicon   string   // fingerprint of the lexicon it was trained with (lexicon.Lexicon.Fingerprint), or ""
	Meta      []string // free-form provenance lines: how it was trained, on what
}

// Info describes a model's parameters and provenance.
type Info struct {
	Params
	Features int // number of features with a weight
}

// New builds a model from feature names, their weights (one per head) and
// its parameters, checking them all. It copies what it is given.
func New(names []string, weights [][Heads]float32, p Params) (*Model, error) {
	return newModel(names, weights, p, false)
}

// Info returns the model's parameters and provenance.
func (m *Model) Info() Info {
	return Info{Features: len(m.names), Params: Params{Bias: m.bias, CalA: m.calA, CalB: m.calB, Threshold: m.threshold,
		Lexicon: m.lexicon, Meta: slices.Clone(m.meta)}}
}

// Len returns the number of features.
func (m *Model) Len() int { return len(m.names) }

// Feature returns the name and weights of feature i, 0 ≤ i < Len(), in
// name order.
func (m *Model) Feature(i int) (string, Weights) { return m.names[i], widen(m.weights[i]) }

// Weight returns the weights of a feature, and whether the model has it.
func (m *Model) Weight(feature string) (Weights, bool) {
	sl := m.tab.find(Hash(feature))
	if sl == nil || m.names[sl.id] != feature {
		return Weights{}, false
	}
	return widen(sl.w), true
}

// Bias returns the intercepts.
func (m *Model) Bias() Weights { return m.bias }

// Threshold returns the calibrated probability from which a text is flagged
// (see Info().Meta for how it was chosen).
func (m *Model) Threshold() float64 { return m.threshold }

// Lexicon returns the fingerprint of the lexicon the model was trained with
// (lexicon.Lexicon.Fingerprint), or "" when the file does not say.
func (m *Model) Lexicon() string { return m.lexicon }

// Calibrate turns head k's log-odds z into a probability, by the Platt
// scaling fitted on held-out data.
func (m *Model) Calibrate(k int, z float64) float64 { return sigmoid(m.calA[k]*z + m.calB[k]) }

func widen(w [Heads]float32) (out Weights) {
	for k := range w {
		out[k] = float64(w[k])
	}
	return out
}

// Contribution is one feature present in a text and what it added to each
// head's z.
type Contribution struct {
	Feature string  // the feature's name: "w:kuffar", "b:join us", "k:caliphate", "c:recruitment", "x:negation"
	Kind    Kind    // what the feature looks at
	Weights Weights // what it added to each head's z, in log-odds (negative: it lowered the risk)
	Start   int     // byte offset of its first occurrence in the text
	End     int     // byte offset of the end of its first occurrence
}

// Tally is the evidence of a text or of one of its sentences: per head,
// z = Bias + the sum of the weights of the features present (each once),
// and the sum of the positive weights, the evidence of risk that framing
// can lower.
type Tally struct {
	Z        Weights
	Positive Weights
}

// Evidence is what a model finds in a text. A caller that scores many texts
// reuses one Evidence: Evaluate then allocates nothing.
type Evidence struct {
	Text Tally // the whole text, each feature counted once
	// Sentences holds one Tally per sentence of the text
	// (tokenize.Token.Sentence), each feature counted once per sentence, so
	// that a caller can score a text by its strongest sentence: a sentence
	// added to a text then cannot lower the evidence of the others.
	Sentences []Tally
	Features  int            // how many distinct features of the model the text has
	Top       []Contribution // the strongest contributions, by their largest absolute weight over the heads
}

// Evaluate finds the evidence of a tokenized document: matches must be
// lex.Match(doc, ...) for the lexicon the caller uses (in Match's order: by
// first token); lex may be nil, and then only word, pair and punctuation
// context features count. It lists in ev.Top the (at most) k strongest
// contributions, strongest first (by their largest absolute weight over the
// heads; of equals, the first in the text).
func (m *Model) Evaluate(doc *tokenize.Document, matches []lexicon.Match, lex *lexicon.Lexicon, k int, ev *Evidence) {
	sc := m.getScratch()
	nSent := 0
	if n := len(doc.Tokens); n > 0 {
		nSent = int(doc.Tokens[n-1].Sentence) + 1
	}
	if cap(ev.Sentences) < nSent {
		ev.Sentences = make([]Tally, nSent)
	}
	ev.Sentences = ev.Sentences[:nSent]
	for s := range ev.Sentences {
		ev.Sentences[s] = Tally{Z: m.bias}
	}
	hits := m.collect(doc, matches, lex, sc, ev.Sentences)
	ev.Text = Tally{Z: m.bias}
	ev.Features = len(hits)
	for i := range hits {
		for h := range Heads {
			w := float64(hits[i].ws[h])
			ev.Text.Z[h] += w
			ev.Text.Positive[h] += max(w, 0)
		}
	}
	top := sc.top[:0]
	if k > 0 {
		top = strongest(hits, k, top)
	}
	ev.Top = ev.Top[:0]
	for _, i := range top {
		// field by field, as collect appends hits
		if len(ev.Top) == cap(ev.Top) {
			ev.Top = append(ev.Top, Contribution{})[:len(ev.Top)]
		}
		ev.Top = ev.Top[:len(ev.Top)+1]
		m.setContribution(&ev.Top[len(ev.Top)-1], &hits[i])
	}
	sc.top = top[:0]
	m.putScratch(sc)
}

// Contributions appends to dst[:0] the contribution of every feature of the
// model present in the text, each once with the span of its first
// occurrence, in text order, and returns the text's z: Bias + the sum of
// their weights. It is Evaluate without ranking, for tests and tools.
func (m *Model) Contributions(doc *tokenize.Document, matches []lexicon.Match, lex *lexicon.Lexicon, dst []Contribution) (Weights, []Contribution) {
	sc := m.getScratch()
	hits := m.collect(doc, matches, lex, sc, nil)
	z := m.bias
	dst = dst[:0]
	for i := range hits {
		c := m.contribution(&hits[i])
		for h := range Heads {
			z[h] += c.Weights[h]
		}
		dst = append(dst, c)
	}
	m.putScratch(sc)
	return z, dst
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

// topWidth is how many contributions strongest ranks on the stack; callers
// ask for more rarely (the classifier lists 10).
const topWidth = 16

// strongest appends to top the indexes of the (at most) k hits of largest
// absolute rank weight, strongest first, the first in the text of equals.
// Each hit becomes one integer key, its absolute weight's bits above its
// inverted index, so that a larger key is a stronger hit (or, of equal
// weights, an earlier one), and enters the ranked keys by a min and a max
// per rank: no branch to mispredict.
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

// rankKey is the key by which strongest ranks hit i of rank weight w: the
// bits of |w| above the bitwise complement of i, which is never 0.
func rankKey(w float32, i int) uint64 {
	return uint64(math.Float32bits(w)&^(1<<31))<<32 | uint64(^uint32(i))
}

// hit is a feature of the model found in a text, at its first occurrence.
type hit struct {
	start, end int32
	id         int32 // index in the model
	sent       int32 // the last sentence it was counted in
	w          float32
	ws         [Heads]float32
	kind       Kind
}

func (m *Model) contribution(h *hit) Contribution {
	var c Contribution
	m.setContribution(&c, h)
	return c
}

// setContribution sets c to the contribution of hit h.
func (m *Model) setContribution(c *Contribution, h *hit) {
	c.Feature, c.Kind, c.Weights, c.Start, c.End = m.names[h.id], h.kind, widen(h.ws), int(h.start), int(h.end)
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
// occurrence, in text order, in sc's storage. When sents is not nil, it
// also adds each feature's weights, once per sentence it occurs in, to that
// sentence's tally.
func (m *Model) collect(doc *tokenize.Document, matches []lexicon.Match, lex *lexicon.Lexicon, sc *scoreScratch, sents []Tally) []hit {
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
		f := &fs[i]
		if f.kind == Pair && !m.tab.pairs.MayHave(f.h) {
			continue
		}
		sl := m.tab.find(f.h)
		if sl == nil {
			continue
		}
		id := sl.id
		p := (uint32(id) * 0x9E3779B1) >> shift
		for ; set[p] != 0; p = (p + 1) & mask {
			if h := &hits[set[p]-1]; h.id == id { // each feature counts once, at its first occurrence
				if f.start < h.start { // "x:question" comes from words and from "?"
					h.start, h.end = f.start, f.end
				}
				if sents != nil && f.sent != h.sent && int(f.sent) < len(sents) { // and once in each sentence
					h.sent = f.sent
					sents[f.sent].add(&sl.w)
				}
				continue feats
			}
		}
		// appended field by field: a hit literal is built on the stack and
		// copied with wide loads that wait for the narrow stores (addFeat
		// says the same)
		if len(hits) == cap(hits) {
			hits = append(hits, hit{})[:len(hits)]
		}
		hits = hits[:len(hits)+1]
		h := &hits[len(hits)-1]
		h.start, h.end, h.id, h.sent, h.ws, h.kind = f.start, f.end, id, f.sent, sl.w, f.kind
		h.w = max(abs32(sl.w[0]), abs32(sl.w[1]), abs32(sl.w[2]))
		set[p] = int32(len(hits))
		if sents != nil && int(f.sent) < len(sents) {
			sents[f.sent].add(&sl.w)
		}
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

// add adds a feature's weights to the tally.
func (t *Tally) add(w *[Heads]float32) {
	for h := range Heads {
		x := float64(w[h])
		t.Z[h] += x
		t.Positive[h] += max(x, 0)
	}
}

// scoreScratch is the reusable working memory of Evaluate.
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
	return fmt.Sprintf("model: %d features, %d heads (%s), threshold %.4g", len(m.names), Heads, strings.Join(HeadNames[:], ", "), m.threshold)
}

func sigmoid(x float64) float64 {
	if x >= 0 {
		return 1 / (1 + math.Exp(-x))
	}
	e := math.Exp(x)
	return e / (1 + e)
}

// newModel builds a model from names and weights, checking them. sorted
// says that names are in strictly increasing order and each was checked
// already, as load reads a model written by WriteTo; the model then keeps
// names and weights without copying them.
func newModel(names []string, weights [][Heads]float32, p Params, sorted bool) (*Model, error) {
	if len(names) != len(weights) {
		return nil, fmt.Errorf("%w: %d names for %d weights", ErrModel, len(names), len(weights))
	}
	if err := checkParams(&p); err != nil {
		return nil, err
	}
	m := &Model{bias: p.Bias, calA: p.CalA, calB: p.CalB, threshold: p.Threshold, lexicon: p.Lexicon, meta: slices.Clone(p.Meta)}
	if len(p.Meta) > MaxMeta {
		return nil, fmt.Errorf("%w: more than %d meta lines", ErrModel, MaxMeta)
	}
	for _, s := range p.Meta {
		if strings.ContainsFunc(s, isControl) || !utf8.ValidString(s) || len(s) > maxLine-len("meta\t") {
			return nil, fmt.Errorf("%w: meta line %q: control character, invalid UTF-8 or too long", ErrModel, clip(s))
		}
	}
	if len(names) > MaxFeatures {
		return nil, fmt.Errorf("%w: more than %d features", ErrModel, MaxFeatures)
	}
	if sorted {
		m.names, m.weights = names, weights
	} else {
		idx := make([]int, len(names))
		for i := range idx {
			idx[i] = i
		}
		slices.SortFunc(idx, func(a, b int) int { return strings.Compare(names[a], names[b]) })
		m.names = make([]string, len(names))
		m.weights = make([][Heads]float32, len(names))
		for k, i := range idx {
			if err := checkFeature(names[i], weights[i]); err != nil {
				return nil, err
			}
			if k > 0 && names[i] == m.names[k-1] {
				return nil, fmt.Errorf("%w: duplicate feature %q", ErrModel, names[i])
			}
			m.names[k] = names[i]
			m.weights[k] = weights[i]
		}
	}
	tab, err := newTable(m.names, m.weights)
	if err != nil {
		return nil, err
	}
	m.tab = tab
	return m, nil
}
