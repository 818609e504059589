package model

import (
	"fmt"
	"strings"

	"github.com/vigie-project/vigie/lexicon"
	"github.com/vigie-project/vigie/tokenize"
)

// Kind is what a feature looks at. Its name's prefix says it: "w:kuffar" is a
// Word, "b:join us" a Pair, "k:caliphate" a Concept, "c:recruitment" a
// Category, "x:negation" a Context.
type Kind uint8

// The kinds of feature.
const (
	Word     Kind = iota + 1 // a normalised word token: "w:kuffar"
	Pair                     // two adjacent word tokens of one sentence: "b:join us"
	Concept                  // a lexicon concept matched in the text: "k:caliphate"
	Category                 // a lexicon category (signal or component) matched: "c:recruitment"
	Context                  // a context cue present: "x:negation", "x:question"

	numKinds
)

var kindNames = [numKinds]string{"", "word", "pair", "concept", "category", "context"}

// kindPrefix is the first byte of a feature name of each kind.
var kindPrefix = [numKinds]byte{0, 'w', 'b', 'k', 'c', 'x'}

// String returns "word", "pair", "concept", "category" or "context".
func (k Kind) String() string {
	if k > 0 && k < numKinds {
		return kindNames[k]
	}
	return fmt.Sprintf("Kind(%d)", uint8(k))
}

// MarshalText encodes the kind as its name.
func (k Kind) MarshalText() ([]byte, error) {
	if k == 0 || k >= numKinds {
		return nil, fmt.Errorf("model: invalid feature kind %d", uint8(k))
	}
	return []byte(kindNames[k]), nil
}

// UnmarshalText decodes a kind name.
func (k *Kind) UnmarshalText(b []byte) error {
	for i := Kind(1); i < numKinds; i++ {
		if kindNames[i] == string(b) {
			*k = i
			return nil
		}
	}
	return fmt.Errorf("model: unknown feature kind %q", b)
}

// KindOf returns the kind of a feature name from its prefix ("w:" → Word),
// or 0 when the name has no known prefix.
func KindOf(feature string) Kind {
	if len(feature) < 3 || feature[1] != ':' {
		return 0
	}
	for k := Kind(1); k < numKinds; k++ {
		if kindPrefix[k] == feature[0] {
			return k
		}
	}
	return 0
}

// Kinds is a set of feature kinds, for Options.Kinds.
type Kinds uint8

// AllKinds is every kind of feature.
const AllKinds Kinds = 1<<Word | 1<<Pair | 1<<Concept | 1<<Category | 1<<Context

// KindSet returns the set of the given kinds.
func KindSet(kinds ...Kind) Kinds {
	var s Kinds
	for _, k := range kinds {
		s |= 1 << k
	}
	return s
}

// String lists the kinds' prefixes: "w,b,k,c,x".
func (s Kinds) String() string {
	out := ""
	for k := Kind(1); k < numKinds; k++ {
		if s.Has(k) {
			if out != "" {
				out += ","
			}
			out += string(kindPrefix[k])
		}
	}
	return out
}

// Has reports whether k is in the set.
func (s Kinds) Has(k Kind) bool { return s&(1<<k) != 0 }

// Limits of what becomes a word feature: longer normal forms are noise (a
// pasted hash, a run of letters) and would only bloat a model.
const maxWordBytes = 32

// fnvString is the FNV-1a hash of a word, a concept or a category name, as
// the tokenizer computes it for every token (tokenize.HashString and
// Document.NormHash), so that the model does not hash a word again.
func fnvString(s string) uint64 { return tokenize.HashString(s) }

// A feature's key, what a Model looks its weight up by, is built from the
// FNV-1a hashes of its parts rather than of its whole name, so that a word
// hashed once serves as a word and in two pairs: a word's key mixes the
// word's hash with the kind's salt, a pair's mixes the hashes of its two
// words (the first rotated, so that "b:us join" differs from "b:join us").
var kindSalt = [numKinds]uint64{0, 0x8f4c2b1a6d3e5f70, 0x1b873593cc9e2d51, 0x5a3d2c1b0e9f8a7b, 0x3c6ef372fe94f82b,
	0xa54ff53a5f1d36f1}

// mix is the finaliser of SplitMix64: every bit of x affects every bit of
// the key.
func mix(x uint64) uint64 {
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	return x ^ x>>31
}

// partKey is the key of a feature of kind k (not a pair) whose value hashes to h.
func partKey(k Kind, h uint64) uint64 { return mix(h ^ kindSalt[k]) }

// pairKey is the key of the pair of words whose hashes are a and b.
func pairKey(a, b uint64) uint64 { return mix((a<<23 | a>>41) ^ b ^ kindSalt[Pair]) }

// Hash returns the key of a feature name, the 64-bit value a Model looks
// weights up by, or 0 for a name without a kind prefix. It is built from
// the FNV-1a hashes of the name's parts: for "b:join us", of "join" and "us".
func Hash(feature string) uint64 {
	k := KindOf(feature)
	if k == 0 {
		return 0
	}
	v := feature[2:]
	if k == Pair {
		if a, b, ok := strings.Cut(v, " "); ok {
			return pairKey(fnvString(a), fnvString(b))
		}
	}
	return partKey(k, fnvString(v))
}

// categoryHash and categoryName are the key and name of each category's
// feature: "c:threat" for signals and components, "x:negation" for context.
var categoryHash, categoryName = func() (h [32]uint64, n [32]string) {
	for _, c := range lexicon.Categories() {
		k := Category
		if c.Class() == lexicon.Context {
			k = Context
		}
		n[c] = string(kindPrefix[k]) + ":" + c.String()
		h[c] = Hash(n[c])
	}
	return h, n
}()

// wordHash reports whether token i can be a word feature, and the FNV-1a
// hash of its normal form: a word whose normal form is plain ASCII (Latin
// script once normalised) and not too long. Words of other scripts are left
// out on purpose: the training data has Arabic script only in pro-ISIS
// tweets, and a model must not learn that a script is a risk.
func wordHash(doc *tokenize.Document, i int) (uint64, bool) {
	t := &doc.Tokens[i]
	if t.Kind != tokenize.Word {
		return 0, false
	}
	if !doc.NormASCII(i) {
		return 0, false
	}
	if n := len(doc.NormBytes(i)); n == 0 || n > maxWordBytes {
		return 0, false
	}
	return doc.NormHash(i), true // the tokenizer hashed it and checked its bytes
}

// feat is one occurrence of a feature found in a document: 32 bytes.
type feat struct {
	h          uint64
	start, end int32 // byte span; documents are far below 2 GiB
	sent       int32 // the sentence of its first token (tokenize.Token.Sentence)
	// for names (training): where the name's parts are
	a, b int32 // word tokens of a word (a) or pair (a, b), or the match of a concept (a)
	kind Kind
	cat  lexicon.Category // of a category or context feature
}

// walk appends to dst every feature occurrence of doc in text order (by
// start offset): at each token, the pair it ends, the lexicon matches that
// start there (concept, then category or context), a question or quotation
// mark, and the word itself. A feature can occur many times; callers keep
// the first. walk does not allocate when dst has room.
func walk(doc *tokenize.Document, matches []lexicon.Match, lex *lexicon.Lexicon, kinds Kinds, dst []feat) []feat {
	toks := doc.Tokens
	if lex == nil {
		matches = nil
	}
	next := 0  // next match to emit
	prev := -1 // previous word token usable in a pair
	var prevHash uint64
	for i := range toks {
		t := &toks[i]
		h, isWord := wordHash(doc, i)
		if isWord && kinds.Has(Pair) && prev == i-1 && t.Flags&tokenize.SentenceStart == 0 {
			dst = addFeat(dst, pairKey(prevHash, h), Pair, 0, toks[prev].Start, t.End, prev, i, t.Sentence)
		}
		for ; next < len(matches) && int(matches[next].First) <= i; next++ {
			dst = matchFeats(doc, matches, next, lex, kinds, dst)
		}
		if t.Kind == tokenize.Punct && kinds.Has(Context) {
			if c := punctContext(t.Role); c != 0 {
				dst = addFeat(dst, categoryHash[c], Context, c, t.Start, t.End, 0, 0, t.Sentence)
			}
		}
		if !isWord {
			prev = -1
			continue
		}
		if kinds.Has(Word) {
			dst = addFeat(dst, partKey(Word, h), Word, 0, t.Start, t.End, i, 0, t.Sentence)
		}
		prev, prevHash = i, h
	}
	for ; next < len(matches); next++ { // matches out of order or beyond the tokens
		dst = matchFeats(doc, matches, next, lex, kinds, dst)
	}
	return dst
}

// addFeat appends a feature occurrence field by field: appending a feat
// literal builds it on the stack and copies it with wide loads that wait for
// the narrow stores (the tokenizer's appendToken says the same).
func addFeat(dst []feat, h uint64, kind Kind, cat lexicon.Category, start, end, a, b int, sent int32) []feat {
	if len(dst) == cap(dst) {
		dst = append(dst, feat{})[:len(dst)]
	}
	dst = dst[:len(dst)+1]
	f := &dst[len(dst)-1]
	f.h, f.kind, f.cat, f.start, f.end, f.a, f.b, f.sent = h, kind, cat, int32(start), int32(end), int32(a), int32(b), sent
	return dst
}

// sentOf returns the sentence of a match's first token.
func sentOf(doc *tokenize.Document, m *lexicon.Match) int32 {
	if int(m.First) < len(doc.Tokens) && m.First >= 0 {
		return doc.Tokens[m.First].Sentence
	}
	return 0
}

// matchFeats appends the concept and the category (or context) of match i.
func matchFeats(doc *tokenize.Document, matches []lexicon.Match, i int, lex *lexicon.Lexicon, kinds Kinds, dst []feat) []feat {
	m := &matches[i]
	if int(m.Entry) < 0 || int(m.Entry) >= lex.Len() {
		return dst
	}
	e := lex.Entry(int(m.Entry))
	if kinds.Has(Concept) && e.Concept != "" {
		dst = addFeat(dst, partKey(Concept, lex.ConceptHash(int(m.Entry))), Concept, 0, m.Start, m.End, i, 0, sentOf(doc, m))
	}
	if !e.Category.Valid() {
		return dst
	}
	k := Category
	if e.Category.Class() == lexicon.Context {
		k = Context
	}
	if kinds.Has(k) {
		dst = addFeat(dst, categoryHash[e.Category], k, e.Category, m.Start, m.End, 0, 0, sentOf(doc, m))
	}
	return dst
}

// punctContext returns the context a punctuation mark signals, from its
// role in the text's structure (tokenize.Role): a question mark a question,
// a mark that opens or closes a quotation a quotation; 0 for any other.
func punctContext(r tokenize.Role) lexicon.Category {
	switch {
	case r&tokenize.QuestionEnd != 0:
		return lexicon.Question
	case r&(tokenize.QuoteOpen|tokenize.QuoteClose) != 0:
		return lexicon.Quotation
	}
	return 0
}

// name returns the feature name of f, found in doc with matches of lex.
func (f *feat) name(doc *tokenize.Document, matches []lexicon.Match, lex *lexicon.Lexicon) string {
	switch f.kind {
	case Word:
		return "w:" + doc.Norm(int(f.a))
	case Pair:
		return "b:" + doc.Norm(int(f.a)) + " " + doc.Norm(int(f.b))
	case Concept:
		return "k:" + lex.Entry(int(matches[f.a].Entry)).Concept
	}
	return categoryName[f.cat]
}

// Features returns the distinct names of the features of a document, in the
// order of their first occurrence: what Train learns from and what Score
// looks up. matches are lex.Match(doc, nil). It allocates; Score does not.
func Features(doc *tokenize.Document, matches []lexicon.Match, lex *lexicon.Lexicon) []string {
	return features(doc, matches, lex, AllKinds, nil)
}

func features(doc *tokenize.Document, matches []lexicon.Match, lex *lexicon.Lexicon, kinds Kinds, fs []feat) []string {
	fs = walk(doc, matches, lex, kinds, fs[:0])
	seen := make(map[uint64]bool, len(fs))
	out := make([]string, 0, len(fs))
	for i := range fs {
		if seen[fs[i].h] {
			continue
		}
		seen[fs[i].h] = true
		out = append(out, fs[i].name(doc, matches, lex))
	}
	return out
}
