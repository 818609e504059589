package classify

import (
	"cmp"
	"errors"
	"fmt"
	"math"
	"slices"
	"sort"
	"sync"

	"github.com/vigie-project/vigie/lexicon"
	"github.com/vigie-project/vigie/model"
	"github.com/vigie-project/vigie/tokenize"
)

// Weights are the named numbers of the scoring, besides the lexicon's own.
// DefaultWeights documents each value; a caller can change them with
// WithWeights.
type Weights struct {
	// NegationWindow is how many tokens before a signal a negation cue reaches
	// (VADER uses 3). A cue inside the signal's span always applies.
	NegationWindow int
	// HighThreshold is the weight that propaganda, recruitment, incitement,
	// glorification and threat signals must reach together for a flagged
	// text to be High.
	HighThreshold float64
	// MediumThreshold is the weight from which the lexicon alone flags a
	// text: that of its signals other than topic together (the trained
	// model may flag it below; see Result).
	MediumThreshold float64
	// Bias and Scale map a lexicon weight w to a probability. Without a
	// model it is Sigmoid(Bias + Scale·w); with one, Scale is the slope and
	// the weight MediumThreshold lands on the model's threshold:
	// Sigmoid(Scale·(w − MediumThreshold) + logit(threshold)).
	Bias, Scale float64
	// QuestionShare is the share of a signal's weight removed when its
	// sentence ends with a question mark and no question word is listed.
	QuestionShare float64
	// QuoteShare is the share removed from a signal inside a quotation that
	// a frame governs (a reporting, counter-speech or quoting cue in the
	// sentence where it opens or closes), or inside a short mention of a
	// term (scare quotes): what it says is reported, not said.
	QuoteShare float64
	// ScoreShare is the share of a threat's or an incitement's weight
	// removed in a sentence that gives a match's score ("we slaughtered them
	// 6-1"): sports talk, an idiom written with digits.
	ScoreShare float64
	// Imperative is the weight of an incitement made of one violence
	// component that an ImperativeFinder says is in the imperative mood
	// ("Kill them all"), before the component's strength.
	Imperative float64
	// FlagAt, when above 0, is the score from which a text is flagged, in
	// place of the default threshold (the model's Threshold, or without a
	// model Sigmoid(Bias + Scale × MediumThreshold)). Scores do not change,
	// only the levels: a lower FlagAt is a recall-oriented operating point
	// for monitoring and research, where a reviewer reads every flagged
	// text and more of them are not what they seem (README, "Operating
	// points", gives the trade-off measured for the embedded model).
	FlagAt float64
}

// check returns an error that names the first field that cannot work.
func (w *Weights) check() error {
	bad := func(field string, v any) error { return fmt.Errorf("%w: %s = %v", ErrWeights, field, v) }
	switch {
	case w.NegationWindow < 0 || w.NegationWindow > 10:
		return bad("NegationWindow (0 to 10)", w.NegationWindow)
	case !(w.HighThreshold > 0) || math.IsInf(w.HighThreshold, 0):
		return bad("HighThreshold (positive)", w.HighThreshold)
	case !(w.MediumThreshold > 0) || math.IsInf(w.MediumThreshold, 0):
		return bad("MediumThreshold (positive)", w.MediumThreshold)
	case !(w.Scale > 0) || math.IsInf(w.Scale, 0):
		return bad("Scale (positive, finite)", w.Scale)
	case math.IsNaN(w.Bias) || math.IsInf(w.Bias, 0):
		return bad("Bias (finite)", w.Bias)
	case !(w.QuestionShare >= 0 && w.QuestionShare <= 1):
		return bad("QuestionShare (0 to 1)", w.QuestionShare)
	case !(w.QuoteShare >= 0 && w.QuoteShare <= 1):
		return bad("QuoteShare (0 to 1)", w.QuoteShare)
	case !(w.ScoreShare >= 0 && w.ScoreShare <= 1):
		return bad("ScoreShare (0 to 1)", w.ScoreShare)
	case !(w.Imperative >= 0 && w.Imperative <= lexicon.MaxWeight):
		return bad(fmt.Sprintf("Imperative (0 to %d)", lexicon.MaxWeight), w.Imperative)
	case !(w.FlagAt >= 0 && w.FlagAt < 1):
		return bad("FlagAt (0, the default threshold, or a probability below 1)", w.FlagAt)
	}
	return nil
}

// DefaultWeights returns the weights used when none are given.
func DefaultWeights() Weights {
	return Weights{
		NegationWindow:  3,
		HighThreshold:   2,
		MediumThreshold: 1,
		Bias:            -3,
		Scale:           1.5,
		QuestionShare:   0.4,
		QuoteShare:      0.85,
		ScoreShare:      0.8,
		Imperative:      3,
	}
}

// Option configures a Classifier.
type Option func(*config)

type config struct {
	lex      *lexicon.Lexicon
	weights  Weights
	imp      ImperativeFinder
	model    *model.Model
	noModel  bool
	mismatch bool
}

// WithModel makes the classifier use m instead of the embedded default
// model. m must have been trained with the same lexicon's concepts.
func WithModel(m *model.Model) Option { return func(c *config) { c.model, c.noModel = m, m == nil } }

// AllowModelMismatch lets New use a model trained with another lexicon than
// the one it is given (their fingerprints differ, see ErrModelMismatch). The
// model's concept and category features then may not mean what they meant
// in training: use it to try a lexicon edit before retraining, not in
// production.
func AllowModelMismatch() Option { return func(c *config) { c.mismatch = true } }

// WithoutModel makes a lexicon-only classifier: levels and score come from
// the lexicon's arithmetic alone.
func WithoutModel() Option { return func(c *config) { c.model, c.noModel = nil, true } }

// ImperativeFinder finds verbs in the imperative mood. The package
// github.com/vigie-project/vigie/imperative implements it with prose/v2's
// tagger. Implementations must be safe for concurrent use.
type ImperativeFinder interface {
	// Imperatives returns the byte spans of imperative verbs in text.
	Imperatives(text string) []tokenize.Span
}

// WithImperatives turns on the slower mode that asks f for English
// imperatives: a violence component in the imperative mood ("Kill them all")
// becomes an incitement of weight Weights.Imperative times its strength.
func WithImperatives(f ImperativeFinder) Option { return func(c *config) { c.imp = f } }

// WithLexicon makes the classifier use l instead of the embedded default lexicon.
func WithLexicon(l *lexicon.Lexicon) Option { return func(c *config) { c.lex = l } }

// WithWeights replaces the default weights.
func WithWeights(w Weights) Option { return func(c *config) { c.weights = w } }

// Classifier scores texts. It is immutable once built and safe for concurrent
// use by multiple goroutines.
type Classifier struct {
	lex   *lexicon.Lexicon
	w     Weights
	pool  sync.Pool
	rules []lexicon.Rule
	imp   ImperativeFinder
	model *model.Model
	// logitThreshold is the log-odds of the model's threshold, which
	// lexiconProbability adds to every lexicon weight
	logitThreshold float64
	// noEvidence is lexiconProbability(0), the probability of a risk of
	// which a text has no signal: most texts, for most risks
	noEvidence float64
	// ruleNeeds holds, per rule, the set of the component categories of its
	// pattern (bit c for category c): a text that lacks one cannot fire it
	ruleNeeds []uint64
}

// ErrWeights is returned by New for weights that cannot work; the error
// that wraps it names the field.
var ErrWeights = errors.New("classify: invalid weights")

// ErrModelMismatch is returned by New when the model was trained with
// another lexicon than the classifier's: the model records the lexicon's
// fingerprint (lexicon.Lexicon.Fingerprint). Retrain the model
// (examples/train), or pass AllowModelMismatch.
var ErrModelMismatch = errors.New("classify: the model was trained with another lexicon")

// New returns a Classifier. Without options it uses the embedded default
// lexicons and rules and DefaultWeights.
func New(opts ...Option) (*Classifier, error) {
	cfg := config{weights: DefaultWeights()}
	for _, o := range opts {
		o(&cfg)
	}
	w := cfg.weights
	if err := w.check(); err != nil {
		return nil, err
	}
	if cfg.lex == nil {
		l, err := lexicon.Default()
		if err != nil {
			return nil, err
		}
		cfg.lex = l
	}
	if cfg.model == nil && !cfg.noModel {
		m, err := model.Default()
		if err != nil {
			return nil, err
		}
		cfg.model = m
	}
	if m := cfg.model; m != nil && !cfg.mismatch && m.Lexicon() != cfg.lex.Fingerprint() {
		return nil, fmt.Errorf("%w: model %q, lexicon %q", ErrModelMismatch, m.Lexicon(), cfg.lex.Fingerprint())
	}
	c := &Classifier{lex: cfg.lex, w: w, rules: cfg.lex.Rules(), imp: cfg.imp, model: cfg.model}
	if c.model != nil {
		c.logitThreshold = logit(c.model.Threshold())
	}
	c.noEvidence = c.lexiconProbability(0)
	c.ruleNeeds = make([]uint64, len(c.rules))
	for i := range c.rules {
		for _, cat := range c.rules[i].Pattern {
			c.ruleNeeds[i] |= categoryBit(cat)
		}
	}
	c.pool.New = func() any { return &scratch{counted: make(map[conceptKey]int)} }
	return c, nil
}

// Model returns the trained model the classifier uses, or nil.
func (c *Classifier) Model() *model.Model { return c.model }

// Lexicon returns the lexicon the classifier uses.
func (c *Classifier) Lexicon() *lexicon.Lexicon { return c.lex }

// Weights returns the classifier's weights.
func (c *Classifier) Weights() Weights { return c.w }

// Classify returns the explained risk label of text. Any string is accepted,
// including invalid UTF-8; offsets in the result are byte offsets into text.
func (c *Classifier) Classify(text string) Result {
	var r Result
	c.ClassifyInto(text, &r)
	return r
}

// contextOrder is the order in which context kinds apply to a signal: the
// narrowest scope first.
var contextOrder = [...]lexicon.Category{lexicon.Idiom, lexicon.Negation, lexicon.Question, lexicon.Quotation,
	lexicon.Counter, lexicon.Reporting, lexicon.Religious}

const numKinds = len(contextOrder)

// cue is a context cue found in the text.
type cue struct {
	kind        lexicon.Category
	start, end  int
	first, last int32
	sent        int32
	quote       int32 // for a structural quotation cue: the quotation it marks (scratch.quotes); -1 otherwise
	marked      bool  // a mention (lexicon.Mention, kind Quotation): it governs the quotations of its sentence, not its words
	share       float64
	source      string
	id          string
	effect      float64        // accumulated effect on counted signals
	lowered     [NumRisks]bool // the risks of the signals it lowered
}

// cand is a candidate signal.
type cand struct {
	cat         lexicon.Category
	concept     string
	source      string
	id          string
	start, end  int
	first, last int32
	sent        int32
	base        float64
	weight      float64
	scope       int32 // first token of the outermost signal that overlaps this one: where negation is measured from
	flags       tokenize.Flags
	parts       []int32 // indexes of component matches
	dropped     bool
	repeat      bool
	removed     [numKinds][cuesPerKind]float64
	by          [numKinds][cuesPerKind]int32 // cue indexes per kind, -1 when none
}

// cuesPerKind is how many distinct cues of one kind can lower one signal:
// "selon" and "a revendiqué" together say more clearly that a text reports
// than either alone, but a pile of cues must not erase a strong signal.
const cuesPerKind = 2

// comp is a component match.
type comp struct {
	m    int32 // index into matches
	cat  lexicon.Category
	sent int32
}

// scratch is the reusable working memory of one classification.
type scratch struct {
	doc            tokenize.Document
	matches        []lexicon.Match
	words          []int32 // number of word tokens before each token: rule windows count words only
	quotes         []quotation
	quoteOf        []int32 // per token: the outermost quotation it lies in (quotes), or -1
	cues           []cue
	contrasts      []int32 // the first tokens of contrast matches (but, mais), in order
	cands          []cand
	comps          []comp
	chain          []int32
	partBuf        []int32        // the component matches of the rule signals (cand.parts are windows of it)
	frameSents     []uint8        // per sentence: sentFrame, sentCounter (structuralCues)
	cand           []int32        // cue candidates for one signal
	ev             model.Evidence // what the trained model found
	negationWindow int            // Weights.NegationWindow, for frameModel
	frame          modelFrame     // how context frames the model's evidence
	index          cueIndex
	counted        map[conceptKey]int // (category, concept) → the counted signal
}

type conceptKey struct {
	cat     lexicon.Category
	concept string
}

// ClassifyInto is Classify writing into r, reusing r's slices: callers that
// score many texts keep one Result per goroutine and avoid most allocations.
func (c *Classifier) ClassifyInto(text string, r *Result) {
	s := c.pool.Get().(*scratch)
	defer c.pool.Put(s)
	s.doc.Reset(text)
	s.negationWindow = c.w.NegationWindow
	doc := &s.doc
	c.lex.Unglue(doc)
	s.matches = c.lex.Match(doc, s.matches[:0])
	s.countWords()

	s.cues = s.cues[:0]
	s.cands = s.cands[:0]
	s.partBuf = s.partBuf[:0]
	s.comps = s.comps[:0]
	s.contrasts = s.contrasts[:0]
	included := int32(-1) // the last token of the inclusions seen so far ("je suis de ceux"), or -1
	for i := range s.matches {
		m := &s.matches[i]
		e := c.lex.Entry(int(m.Entry))
		switch e.Category.Class() {
		case lexicon.Signal:
			s.cands = append(s.cands, cand{cat: e.Category, concept: e.Concept, source: e.Ref, id: e.ID, start: m.Start, end: m.End,
				first: m.First, last: m.Last, sent: s.doc.Tokens[m.First].Sentence, base: e.Weight, flags: m.Flags})
		case lexicon.Component:
			s.comps = append(s.comps, comp{m: int32(i), cat: e.Category, sent: s.doc.Tokens[m.First].Sentence})
		case lexicon.Context:
			if e.Category == lexicon.Negation && restrictive(doc, int(m.First)) {
				continue // "ne … que" means "only"
			}
			if e.Category == lexicon.Contrast {
				s.contrasts = append(s.contrasts, m.First)
				continue
			}
			if e.Category == lexicon.Inclusion {
				included = max(included, m.Last)
				continue
			}
			if m.First <= included && (e.Category == lexicon.Counter || e.Category == lexicon.Reporting ||
				e.Category == lexicon.Quotation || e.Category == lexicon.Mention) {
				continue // "je suis de ceux qui pensent …": the writer counts himself among those the frame names
			}
			kind, marked := e.Category, false
			if kind == lexicon.Mention {
				kind, marked = lexicon.Quotation, true // a quoting verb whose reach is the quotations only
			}
			s.cues = append(s.cues, cue{kind: kind, marked: marked, start: m.Start, end: m.End, first: m.First, last: m.Last,
				sent: s.doc.Tokens[m.First].Sentence, quote: -1, share: e.Weight, source: e.Ref, id: e.ID})
		}
	}
	c.applyRules(s)
	if c.imp != nil {
		c.applyImperatives(s, text)
	}
	s.findQuotations()
	s.structuralCues(c.w)
	dedupe(s.cands)
	c.applyContext(s)
	if c.model != nil {
		c.model.Evaluate(doc, s.matches, c.lex, MaxFeatures, &s.ev)
	}
	c.fill(s, r)
}

// restrictive reports whether the French "ne" at token i is the restrictive
// "ne … que" ("ils ne sont que des rats": only), not a negation: a "que"
// follows in the next few tokens, before any second negation word
// (lexicon.FrenchNegation, lexicon/data/negation-fr.txt).
func restrictive(doc *tokenize.Document, i int) bool {
	switch string(doc.NormBytes(i)) {
	case "ne", "n'":
	default:
		return false
	}
	for j := i + 1; j < len(doc.Tokens) && j <= i+5; j++ {
		if doc.Tokens[j].Flags&tokenize.SentenceStart != 0 {
			return false
		}
		w := doc.NormBytes(j)
		switch string(w) {
		case "que", "qu'":
			return true
		}
		if lexicon.FrenchNegation(w) {
			return false
		}
	}
	return false
}

// countWords records, for each token, the number of word tokens before it:
// rule windows count words only.
func (s *scratch) countWords() {
	toks := s.doc.Tokens
	s.words = grow(s.words, len(toks)+1)
	words := int32(0)
	for i := range toks {
		s.words[i] = words
		if k := toks[i].Kind; k == tokenize.Word || k == tokenize.Number {
			words++
		}
	}
}

func grow(b []int32, n int) []int32 {
	if cap(b) < n {
		return make([]int32, n)
	}
	return b[:n]
}

// growBytes returns b with length n, all zero.
func growBytes(b []uint8, n int) []uint8 {
	if cap(b) < n {
		return make([]uint8, n)
	}
	b = b[:n]
	clear(b)
	return b
}

// The marks of scratch.frameSents.
const (
	sentFrame   = 1 << iota // a frame cue (reporting, counter-speech, quoting) lies in the sentence
	sentCounter             // a counter-speech cue lies in the sentence
)

// structuralCues adds the cues that come from punctuation rather than words:
// a question mark, and a quotation that a frame governs (a reporting,
// counter-speech or quoting cue in the sentence where it opens or closes,
// or a rebuttal in the next sentence: «…», a écrit X; X posted: "…";
// "…". That is a lie.).
func (s *scratch) structuralCues(w Weights) {
	toks := s.doc.Tokens
	for i := range toks {
		t := &toks[i]
		switch {
		case t.Role&tokenize.QuestionEnd != 0 && w.QuestionShare > 0:
			s.cues = append(s.cues, cue{kind: lexicon.Question, start: t.Start, end: t.End, first: int32(i), last: int32(i + 1),
				sent: t.Sentence, quote: -1, share: w.QuestionShare, source: "structure", id: "structure"})
		case t.Kind == tokenize.Number && w.ScoreShare > 0 && i+2 < len(toks) && s.matchScore(i):
			end := &toks[i+2]
			s.cues = append(s.cues, cue{kind: lexicon.Idiom, start: t.Start, end: end.End, first: int32(i), last: int32(i + 3),
				sent: t.Sentence, quote: -1, share: w.ScoreShare, source: "structure", id: "structure"})
		}
	}
	if w.QuoteShare == 0 || len(s.quotes) == 0 {
		return
	}
	// A quotation is framed when a frame cue frames it (quotation.frames):
	// mark the sentences that hold a frame cue, and those that hold a
	// counter-speech cue, then look each quotation's sentences up, in time
	// proportional to cues plus quotations rather than their product.
	nSent := int(toks[len(toks)-1].Sentence) + 2 // quotations look one sentence past their close
	s.frameSents = growBytes(s.frameSents, nSent)
	for k := range s.cues {
		cu := &s.cues[k]
		if !isFrame(cu.kind) || cu.sent < 0 || int(cu.sent) >= nSent {
			continue // a cue outside the sentences frames no quotation
		}
		s.frameSents[cu.sent] |= sentFrame
		if cu.kind == lexicon.Counter {
			s.frameSents[cu.sent] |= sentCounter
		}
	}
	for q := range s.quotes {
		qu := &s.quotes[q]
		if s.frameSents[qu.openSent]&sentFrame != 0 || s.frameSents[qu.closeSent]&sentFrame != 0 ||
			s.frameSents[qu.closeSent+1]&sentCounter != 0 {
			qu.framed = true
		}
	}
	for q := range s.quotes {
		qu := &s.quotes[q]
		if !qu.framed && qu.words > maxMentionWords {
			continue
		}
		t := &toks[qu.open]
		s.cues = append(s.cues, cue{kind: lexicon.Quotation, start: t.Start, end: t.End, first: qu.open, last: qu.open + 1,
			sent: qu.openSent, quote: int32(q), share: w.QuoteShare, source: "structure", id: "structure"})
	}
}

// matchScore reports whether tokens i, i+1 and i+2 write a match's score:
// one or two digits, a hyphen or dash, one or two digits, with nothing
// between ("6-1", "2–0"). It says that the violent words of its sentence
// are sports talk ("we slaughtered them 6-1").
func (s *scratch) matchScore(i int) bool {
	toks := s.doc.Tokens
	a, dash, b := &toks[i], &toks[i+1], &toks[i+2]
	if b.Kind != tokenize.Number || a.End != dash.Start || dash.End != b.Start || a.End-a.Start > 2 || b.End-b.Start > 2 {
		return false
	}
	switch s.doc.Text[dash.Start:dash.End] {
	case "-", "–":
	default:
		return false
	}
	digits := func(x string) bool {
		for i := 0; i < len(x); i++ {
			if x[i] < '0' || x[i] > '9' {
				return false
			}
		}
		return true
	}
	return digits(s.doc.Text[a.Start:a.End]) && digits(s.doc.Text[b.Start:b.End])
}

// isFrame reports whether a context kind is a frame: a cue that reports,
// counters or quotes what it introduces, and governs its sentence and the
// quotations that open or close in it.
func isFrame(k lexicon.Category) bool {
	return k == lexicon.Reporting || k == lexicon.Counter || k == lexicon.Quotation
}

// quotation is one outermost quotation of the text.
type quotation struct {
	open, close         int32 // its marks' tokens
	openSent, closeSent int32 // the sentences of its marks
	words               int32 // the words inside it
	framed              bool  // a frame governs it
}

// maxMentionWords is the longest quotation, in words, that mentions a term
// rather than uses it when no frame governs it: scare quotes, as in "a
// neo-Nazi 'race traitor' image" or "the so-called « califat »".
const maxMentionWords = 3

// mentioned reports whether a signal of category cat is mentioned, not
// used, when it lies in a short quotation that no frame governs: terms
// (ideology, topic, conspiracy, dehumanisation) can be; calls, threats,
// recruitment, glorification and propaganda cannot.
func mentioned(cat lexicon.Category) bool {
	switch cat {
	case lexicon.Ideology, lexicon.Topic, lexicon.Conspiracy, lexicon.Dehumanisation:
		return true
	}
	return false
}

// findQuotations records the outermost quotations of the text and, for
// each token, the quotation it lies in (-1 for none).
func (s *scratch) findQuotations() {
	toks := s.doc.Tokens
	s.quotes = s.quotes[:0]
	s.quoteOf = grow(s.quoteOf, len(toks))
	depth, cur := 0, int32(-1)
	for i := range toks {
		t := &toks[i]
		if t.Role&tokenize.QuoteClose != 0 && depth > 0 {
			if depth--; depth == 0 {
				q := &s.quotes[cur]
				q.close, q.closeSent = int32(i), t.Sentence
				s.quoteOf[i] = cur
				cur = -1
				continue
			}
		}
		if t.Role&tokenize.QuoteOpen != 0 {
			if depth == 0 {
				s.quotes = append(s.quotes, quotation{open: int32(i), close: int32(i), openSent: t.Sentence, closeSent: t.Sentence})
				cur = int32(len(s.quotes) - 1)
			}
			depth++
		}
		s.quoteOf[i] = cur
		if cur >= 0 && (t.Kind == tokenize.Word || t.Kind == tokenize.Number) {
			s.quotes[cur].words++
		}
	}
}

// applyRules joins components into signals: each rule's pattern, in order,
// within one sentence, each component within the rule's window of the previous.
func (c *Classifier) applyRules(s *scratch) {
	if len(s.comps) < 2 {
		return
	}
	var have uint64 // the categories of the text's components
	for i := range s.comps {
		have |= categoryBit(s.comps[i].cat)
	}
	for ri := range c.rules {
		if need := c.ruleNeeds[ri]; have&need != need {
			continue // a category of its pattern is missing: extend would fail for every start
		}
		rule := &c.rules[ri]
		for a := range s.comps {
			if s.comps[a].cat != rule.Pattern[0] {
				continue
			}
			if rule.AtSentenceStart && !s.opensSentence(s.matches[s.comps[a].m].First) {
				continue
			}
			s.chain = append(s.chain[:0], int32(a))
			if !s.extend(rule, 1) {
				continue
			}
			first := &s.matches[s.comps[s.chain[0]].m]
			last := &s.matches[s.comps[s.chain[len(s.chain)-1]].m]
			weight := rule.Weight
			concept := ""
			from := len(s.partBuf)
			var flags tokenize.Flags
			for _, ci := range s.chain {
				m := &s.matches[s.comps[ci].m]
				e := c.lex.Entry(int(m.Entry))
				weight *= e.Weight
				flags |= m.Flags
				s.partBuf = append(s.partBuf, s.comps[ci].m)
				switch e.Category {
				case lexicon.Violence, lexicon.Vermin, lexicon.Perpetrator, lexicon.Infest, lexicon.Riddance:
					concept = e.Concept
				}
			}
			if concept == "" {
				concept = c.lex.Entry(int(last.Entry)).Concept
			}
			s.cands = append(s.cands, cand{cat: rule.Category, concept: concept, source: rule.Ref, id: rule.ID, start: first.Start,
				end: last.End, first: first.First, last: last.Last, sent: s.comps[a].sent, base: weight, flags: flags,
				parts: s.partBuf[from:len(s.partBuf):len(s.partBuf)]})
		}
	}
}

// onePart returns a parts slice holding component match m, in partBuf.
func (s *scratch) onePart(m int32) []int32 {
	s.partBuf = append(s.partBuf, m)
	n := len(s.partBuf)
	return s.partBuf[n-1 : n : n]
}

// applyImperatives makes an incitement of each violence component that
// starts where the ImperativeFinder found an imperative verb.
func (c *Classifier) applyImperatives(s *scratch, text string) {
	spans := c.imp.Imperatives(text)
	if len(spans) == 0 {
		return
	}
	for _, cp := range s.comps {
		if cp.cat != lexicon.Violence {
			continue
		}
		m := &s.matches[cp.m]
		for _, sp := range spans {
			if sp.Start != m.Start {
				continue
			}
			e := c.lex.Entry(int(m.Entry))
			s.cands = append(s.cands, cand{cat: lexicon.Incitement, concept: e.Concept, source: "imperative " + e.Ref, id: "imperative-" + e.ID,
				start: m.Start, end: m.End, first: m.First, last: m.Last, sent: cp.sent, base: c.w.Imperative * e.Weight,
				flags: m.Flags, parts: s.onePart(cp.m)})
		}
	}
}

// wordsBefore returns the number of word tokens before token i (i may be
// the number of tokens).
func (s *scratch) wordsBefore(i int32) int32 {
	if int(i) < len(s.doc.Tokens) {
		return s.words[i]
	}
	n := len(s.doc.Tokens)
	if n == 0 {
		return 0
	}
	w := s.words[n-1]
	if t := s.doc.Tokens[n-1].Kind; t == tokenize.Word || t == tokenize.Number {
		w++
	}
	return w
}

// opensSentence reports whether token i is the first word of its sentence,
// after any punctuation, mention, hashtag or emoji.
func (s *scratch) opensSentence(i int32) bool {
	toks := s.doc.Tokens
	for j := i; j >= 0; j-- {
		if toks[j].Flags&tokenize.SentenceStart != 0 {
			return true
		}
		if j < i && (toks[j].Kind == tokenize.Word || toks[j].Kind == tokenize.Number) && toks[j].Flags&tokenize.InHashtag == 0 {
			return false
		}
	}
	return true
}

// categoryBit is the bit of category c in a set of categories (every
// category is below 64).
func categoryBit(c lexicon.Category) uint64 { return 1 << (c & 63) }

// extend finds, after the components in s.chain, one of each remaining
// category of the rule's pattern, the closest first.
func (s *scratch) extend(rule *lexicon.Rule, k int) bool {
	if k == len(rule.Pattern) {
		return true
	}
	prev := &s.comps[s.chain[len(s.chain)-1]]
	pm := &s.matches[prev.m]
	for b := int(s.chain[len(s.chain)-1]) + 1; b < len(s.comps); b++ {
		cb := &s.comps[b]
		mb := &s.matches[cb.m]
		// the distance in words: emoji, punctuation and hashtags between them do not count
		if cb.sent != prev.sent || s.wordsBefore(mb.First)-s.wordsBefore(pm.Last) > int32(rule.Window) {
			break
		}
		if cb.cat != rule.Pattern[k] || mb.First < pm.Last {
			continue
		}
		s.chain = append(s.chain, int32(b))
		if s.extend(rule, k+1) {
			return true
		}
		s.chain = s.chain[:len(s.chain)-1]
	}
	return false
}

// dedupe drops, of two overlapping signals of the same category, the weaker
// (so that a phrase and the rule that its words also fire count once).
func dedupe(cands []cand) {
	slices.SortStableFunc(cands, func(a, b cand) int {
		if a.start != b.start {
			return cmp.Compare(a.start, b.start)
		}
		return cmp.Compare(b.end, a.end)
	})
	for i := range cands {
		a := &cands[i]
		if a.dropped {
			continue
		}
		for j := i + 1; j < len(cands) && cands[j].start < a.end; j++ {
			b := &cands[j]
			if b.dropped || b.cat != a.cat {
				continue
			}
			if b.base > a.base {
				a.dropped = true
				break
			}
			b.dropped = true
		}
	}
}

// applies reports whether cue k applies to signal a: whether a lies in
// the cue's scope (DESIGN.md, "Context has a scope").
func (c *Classifier) applies(s *scratch, k *cue, a *cand) bool {
	switch k.kind {
	case lexicon.Idiom:
		if k.start < a.end && a.start < k.end {
			return true
		}
		return k.sent == a.sent && (a.cat == lexicon.Threat || a.cat == lexicon.Incitement)
	case lexicon.Negation:
		if k.sent != a.sent {
			return false
		}
		if a.parts == nil && k.first >= a.first && k.first < a.last {
			return false // the negation is part of a listed phrase: "you will not replace us"
		}
		for _, p := range a.parts {
			if m := &s.matches[p]; k.first >= m.First && k.first < m.Last || c.inComponent(s, k.first, m, a) {
				return false // part of a listed component: "are no better than", "ne valent pas mieux que"
			}
		}
		return k.first >= a.scope-int32(c.w.NegationWindow) && k.first < a.last
	case lexicon.Question:
		return k.sent == a.sent
	case lexicon.Quotation, lexicon.Counter, lexicon.Reporting:
		if k.quote >= 0 { // a structural quotation: the signal lies in it, and the quotation is framed or a mention
			q := &s.quotes[k.quote]
			if q.framed { // a signal quoted in part is reported too: shouted that Roma "should be gassed"
				return s.signalQuote(a) == k.quote
			}
			// a mention: the term, or the predicate that ends the signal
			// (refugees "a swarm"), in scare quotes
			return mentioned(a.cat) && s.quoteOf[a.last-1] == k.quote
		}
		if s.partOf(k, a) {
			return false // "chaque journaliste … devrait recevoir une balle": the cue is the threat's target
		}
		if k.marked {
			// "ceux qui disent « … »": the quotation is the mention's, but
			// "je suis de ceux qui disent qu'il faut …" is the writer's own
			return s.governs(k, a)
		}
		if k.sent == a.sent {
			// "I condemn all violence, but those migrants deserve to be
			// burned": a frame does not reach past a contrast after it
			return k.last > a.first || !s.contrastBetween(k.last, a.first)
		}
		return s.governs(k, a)
	case lexicon.Religious:
		return k.sent == a.sent && (a.cat == lexicon.Ideology || a.cat == lexicon.Topic)
	}
	return false
}

// partOf reports whether cue k is part of signal a: it lies inside one of
// the component matches a rule joined into a, or inside a listed phrase.
// A word that is both a frame and a component ("journaliste", the target of
// a threat) is then read as the component.
func (s *scratch) partOf(k *cue, a *cand) bool {
	if a.parts == nil {
		if k.first >= a.first && k.last <= a.last {
			return true
		}
	} else {
		for _, p := range a.parts {
			if m := &s.matches[p]; k.first >= m.First && k.last <= m.Last {
				return true // the cue is all one of the components: not "police are investigating"
			}
		}
	}
	// a cue that is all a group word, just before the signal in its
	// sentence, is the signal's target even when the rule did not need it:
	// "chaque journaliste de cette chaîne devrait recevoir une balle"
	if k.sent != a.sent || k.last > a.first || s.wordsBefore(a.first)-s.wordsBefore(k.last) > targetWords {
		return false
	}
	i, _ := slices.BinarySearchFunc(s.comps, k.first, func(cp comp, first int32) int {
		return cmp.Compare(s.matches[cp.m].First, first)
	})
	for ; i < len(s.comps) && s.matches[s.comps[i].m].First == k.first; i++ {
		if m := &s.matches[s.comps[i].m]; s.comps[i].cat == lexicon.Group && m.Last >= k.last {
			return true // the whole cue is a group word, not "police said"
		}
	}
	return false
}

// targetWords is how many words may separate a group word from the signal
// that follows it for the group to be read as the signal's target.
const targetWords = 4

// contrastBetween reports whether a contrast (but, mais, however) starts at
// a token in [from, to).
func (s *scratch) contrastBetween(from, to int32) bool {
	i, _ := slices.BinarySearch(s.contrasts, from)
	return i < len(s.contrasts) && s.contrasts[i] < to
}

// contrastAfter reports whether a contrast follows cue k in its sentence.
func (s *scratch) contrastAfter(k *cue) bool {
	i, _ := slices.BinarySearch(s.contrasts, k.last)
	return i < len(s.contrasts) && s.doc.Tokens[s.contrasts[i]].Sentence == k.sent
}

// inComponent reports whether token tok lies in a match, within signal a,
// of the same category as a's component match part, though the rule took
// a shorter one: the rule read "are" of "are no better than apes", and the
// "no" is the listed likening's, not a negation.
func (c *Classifier) inComponent(s *scratch, tok int32, part *lexicon.Match, a *cand) bool {
	cat := c.lex.Entry(int(part.Entry)).Category
	// matches are in order of their first token: those that can cover tok
	// start at part's first token or after, and at tok or before
	i := sort.Search(len(s.matches), func(i int) bool { return s.matches[i].First >= part.First })
	for ; i < len(s.matches) && s.matches[i].First <= tok; i++ {
		m := &s.matches[i]
		if m.Last > tok && m.Last <= a.last && c.lex.Entry(int(m.Entry)).Category == cat {
			return true
		}
	}
	return false
}

// governs reports whether frame k governs the quotation that signal a lies
// in (or ends in); see quotation.frames.
func (s *scratch) governs(k *cue, a *cand) bool {
	q := s.signalQuote(a)
	if q < 0 {
		return false
	}
	return s.quotes[q].frames(k)
}

// signalQuote returns the quotation that signal a lies in, starts in, ends
// in, or has a component in ("il faudrait « renvoyer tous les parasites »
// syriens": the rule's call is outside, its violence inside), or -1.
func (s *scratch) signalQuote(a *cand) int32 {
	if q := s.quoteOf[a.first]; q >= 0 {
		return q
	}
	if q := s.quoteOf[a.last-1]; q >= 0 {
		return q
	}
	for _, p := range a.parts {
		if q := s.quoteOf[s.matches[p].First]; q >= 0 {
			return q
		}
	}
	return -1
}

// frames reports whether frame k governs quotation q: k lies in the
// sentence where q opens or closes, or k is a counter-speech cue in the
// sentence right after the one q closes in (« Les migrants sont des rats ».
// C'est honteux.). structuralCues makes the same test for all frames at once.
func (q *quotation) frames(k *cue) bool {
	return q.openSent == k.sent || q.closeSent == k.sent ||
		k.kind == lexicon.Counter && k.sent == q.closeSent+1
}

// cueIndex finds, for a signal, the few cues that can apply to it without
// looking at every cue: the best cue of each sentence-scoped kind per
// sentence, the best two of each frame (reporting, counter-speech, quoting
// verbs) per sentence, the structural quotation cue of each quotation, and
// the negation and idiom cues per token. With it, context costs time in
// proportion to the text, not to signals × cues.
type cueIndex struct {
	sentBest  [3][]int32    // question, idiom, religious: best cue per sentence
	frameBest [3][][2]int32 // reporting, counter, quotation: best two cues (distinct sources) per sentence
	quoteCue  []int32       // per quotation: its structural quotation cue
	negAt     []int32       // per token: the strongest negation cue that starts there
	idiomAt   []int32       // per token: the strongest idiom cue that covers it
}

func fill32(b []int32, n int) []int32 {
	if cap(b) < n {
		b = make([]int32, n)
	}
	b = b[:n]
	for i := range b {
		b[i] = -1
	}
	return b
}

// build indexes s.cues. nSent is the number of sentences.
func (x *cueIndex) build(s *scratch, nSent int) {
	for k := range x.sentBest {
		x.sentBest[k] = fill32(x.sentBest[k], nSent)
	}
	x.quoteCue = fill32(x.quoteCue, len(s.quotes))
	for k := range x.frameBest {
		if cap(x.frameBest[k]) < nSent {
			x.frameBest[k] = make([][2]int32, nSent)
		}
		x.frameBest[k] = x.frameBest[k][:nSent]
		for i := range x.frameBest[k] {
			x.frameBest[k][i] = [2]int32{-1, -1}
		}
	}
	x.negAt = fill32(x.negAt, len(s.doc.Tokens))
	x.idiomAt = fill32(x.idiomAt, len(s.doc.Tokens))
	better := func(cur int32, k int) bool { return cur < 0 || s.cues[k].share > s.cues[cur].share }
	for k := range s.cues {
		cu := &s.cues[k]
		switch cu.kind {
		case lexicon.Question, lexicon.Idiom, lexicon.Religious:
			slot := kindSlot(cu.kind)
			if better(x.sentBest[slot][cu.sent], k) {
				x.sentBest[slot][cu.sent] = int32(k)
			}
			if cu.kind == lexicon.Idiom {
				for t := cu.first; t < cu.last; t++ {
					if better(x.idiomAt[t], k) {
						x.idiomAt[t] = int32(k)
					}
				}
			}
		case lexicon.Negation:
			if better(x.negAt[cu.first], k) {
				x.negAt[cu.first] = int32(k)
			}
		case lexicon.Reporting, lexicon.Counter, lexicon.Quotation:
			if cu.quote >= 0 {
				x.quoteCue[cu.quote] = int32(k)
				continue
			}
			b := &x.frameBest[kindSlot(cu.kind)][cu.sent]
			switch {
			case better(b[0], k):
				if b[0] >= 0 && s.cues[b[0]].source != cu.source {
					b[1] = b[0]
				}
				b[0] = int32(k)
			case s.cues[b[0]].source != cu.source && better(b[1], k):
				b[1] = int32(k)
			}
		}
	}
}

// candidates appends to dst the cues of the kind that may apply to signal a,
// best first; applies has the last word.
func (x *cueIndex) candidates(s *scratch, a *cand, kind lexicon.Category, window int32, dst []int32) []int32 {
	switch kind {
	case lexicon.Question, lexicon.Religious:
		return appendCue(dst, x.sentBest[kindSlot(kind)][a.sent])
	case lexicon.Idiom:
		for t := a.first; t < a.last; t++ {
			dst = appendCue(dst, x.idiomAt[t])
		}
		return appendCue(dst, x.sentBest[kindSlot(kind)][a.sent])
	case lexicon.Negation:
		from := a.scope - window
		if from < 0 {
			from = 0
		}
		for t := from; t < a.last; t++ {
			dst = appendCue(dst, x.negAt[t])
		}
		return dst
	case lexicon.Reporting, lexicon.Counter, lexicon.Quotation:
		slot := kindSlot(kind)
		b := x.frameBest[slot][a.sent]
		dst = appendCue(appendCue(dst, b[0]), b[1])
		if q := s.signalQuote(a); q >= 0 { // the frames of the quotation a lies in
			qu := &s.quotes[q]
			for _, sent := range [2]int32{qu.openSent, qu.closeSent} {
				if sent != a.sent && (sent == qu.openSent || qu.closeSent != qu.openSent) {
					b := x.frameBest[slot][sent]
					dst = appendCue(appendCue(dst, b[0]), b[1])
				}
			}
			if next := qu.closeSent + 1; kind == lexicon.Counter && next != a.sent && int(next) < len(x.frameBest[slot]) {
				b := x.frameBest[slot][next] // a rebuttal right after the quotation
				dst = appendCue(appendCue(dst, b[0]), b[1])
			}
			if kind == lexicon.Quotation {
				dst = appendCue(dst, x.quoteCue[q])
			}
		}
		return dst
	}
	return dst
}

// kindSlot is a context kind's slot in cueIndex.sentBest or frameBest.
func kindSlot(k lexicon.Category) int {
	switch k {
	case lexicon.Question, lexicon.Reporting:
		return 0
	case lexicon.Idiom, lexicon.Counter:
		return 1
	}
	return 2 // religious, quotation
}

func appendCue(dst []int32, k int32) []int32 {
	if k >= 0 {
		dst = append(dst, k)
	}
	return dst
}

// applyContext lowers each signal by the strongest applicable cues of each
// kind (up to cuesPerKind distinct cues, each applied to what the previous
// left), then keeps one counted signal per category and concept.
func (c *Classifier) applyContext(s *scratch) {
	if len(s.cands) == 0 {
		return // most texts: nothing to lower, and no index to build
	}
	setScopes(s.cands)
	nSent := 0
	if n := len(s.doc.Tokens); n > 0 {
		nSent = int(s.doc.Tokens[n-1].Sentence) + 1
	}
	s.index.build(s, nSent)
	window := int32(c.w.NegationWindow)
	for i := range s.cands {
		a := &s.cands[i]
		if a.dropped {
			continue
		}
		w := a.base
		for ki, kind := range contextOrder {
			n := 1
			if kind == lexicon.Reporting || kind == lexicon.Counter {
				n = cuesPerKind
			}
			for slot := 0; slot < cuesPerKind; slot++ {
				a.by[ki][slot] = -1
			}
			s.cand = s.index.candidates(s, a, kind, window, s.cand[:0])
			for slot := 0; slot < n; slot++ {
				best := -1
				for _, k32 := range s.cand {
					k := int(k32)
					cu := &s.cues[k]
					if !c.applies(s, cu, a) || slot == 1 && (int32(k) == a.by[ki][0] || s.cues[a.by[ki][0]].source == cu.source) {
						continue
					}
					if best < 0 || cu.share > s.cues[best].share || cu.share == s.cues[best].share && k < best {
						best = k
					}
				}
				if best < 0 {
					break
				}
				removed := w * s.cues[best].share
				w -= removed
				a.removed[ki][slot] = removed
				a.by[ki][slot] = int32(best)
				if k, ok := RiskOf(a.cat); ok {
					s.cues[best].lowered[k] = true
				}
			}
		}
		a.weight = w
	}
	// one counted signal per (category, concept): the one with most weight
	// left, the first of equals
	clear(s.counted)
	for i := range s.cands {
		a := &s.cands[i]
		if a.dropped {
			continue
		}
		key := conceptKey{a.cat, a.concept}
		j, seen := s.counted[key]
		switch {
		case !seen:
			s.counted[key] = i
		case a.weight > s.cands[j].weight:
			s.cands[j].repeat = true
			s.counted[key] = i
		default:
			a.repeat = true
		}
	}
	for i := range s.cands {
		a := &s.cands[i]
		if a.dropped || a.repeat {
			continue
		}
		for ki := range contextOrder {
			for slot := 0; slot < cuesPerKind; slot++ {
				if b := a.by[ki][slot]; b >= 0 {
					s.cues[b].effect -= a.removed[ki][slot]
				}
			}
		}
	}
}

// setScopes gives each signal the first token of the widest signal that
// overlaps it, so that "ne veut pas rejoindre l'État islamique" negates the
// ideological term inside the recruitment phrase too. cands are sorted by start.
func setScopes(cands []cand) {
	for i := range cands {
		cands[i].scope = cands[i].first
	}
	for i := range cands {
		a := &cands[i]
		if a.dropped {
			continue
		}
		for j := i + 1; j < len(cands) && cands[j].first < a.last; j++ {
			if cands[j].scope > a.scope {
				cands[j].scope = a.scope
			}
		}
	}
}
