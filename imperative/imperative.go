// Package imperative finds English verbs in the imperative mood ("Kill them
// all", "Join the caliphate") with the part-of-speech tagger of
// github.com/jdkato/prose/v2. It is the classifier's optional, slower mode:
// plug it in with classify.WithImperatives(f), where f comes from New.
//
// French needs no tagger: its imperatives have their own forms (tuez,
// rejoignez, égorgez), which the lexicon lists. English imperatives look like
// the infinitive ("kill"), so only their position at the start of a sentence,
// which the tagger confirms, tells "Kill them" from "they kill".
//
// Tagging costs about a hundred times what Vigie's own scoring does: use it
// where recall on English calls to action matters more than speed.
package imperative

import (
	"fmt"
	"strings"

	"github.com/jdkato/prose/v2"

	"github.com/vigie-project/vigie/tokenize"
)

// Finder finds imperatives. It holds prose's tagging model, loaded once (prose
// would otherwise load it again for every document), which it only reads: a
// Finder is safe for concurrent use by multiple goroutines. The zero Finder
// works, but prose loads its model again for every sentence: use New.
type Finder struct {
	model *prose.Model
}

// loadModel loads prose's tagging model; tests replace it to make it fail.
var loadModel = func() (*prose.Model, error) {
	doc, err := prose.NewDocument("Load the model.", prose.WithSegmentation(false), prose.WithExtraction(false))
	if err != nil {
		return nil, err
	}
	return doc.Model, nil
}

// New returns a Finder, or an error when prose's tagging model cannot be
// loaded. Loading takes a few hundred milliseconds: make one Finder and
// share it.
func New() (*Finder, error) {
	m, err := loadModel()
	if err != nil {
		return nil, fmt.Errorf("imperative: loading prose's tagging model: %w", err)
	}
	return &Finder{model: m}, nil
}

// Imperatives returns the spans of the verbs that open a sentence in the
// imperative mood: the first word of a sentence, tagged VB (base form) by
// prose, in a sentence that does not end with a question mark. Offsets are
// byte offsets into text.
func (f *Finder) Imperatives(text string) []tokenize.Span {
	doc := tokenize.Tokenize(text)
	var out []tokenize.Span
	toks := doc.Tokens
	for i := 0; i < len(toks); i++ {
		if toks[i].Flags&tokenize.SentenceStart == 0 {
			continue
		}
		// the sentence: from token i to the next sentence start
		j := i + 1
		for j < len(toks) && toks[j].Flags&tokenize.SentenceStart == 0 {
			j++
		}
		first := i
		for first < j && toks[first].Kind != tokenize.Word {
			first++ // skip mentions, emoji, quotes before the verb
		}
		if first == j || toks[j-1].Kind == tokenize.Punct && strings.HasPrefix(doc.Surface(j-1), "?") {
			continue
		}
		sentence := text[toks[first].Start:toks[j-1].End]
		if f.isImperative(sentence) {
			out = append(out, tokenize.Span{Start: toks[first].Start, End: toks[first].End})
		}
	}
	return out
}

// isImperative tags the sentence and reports whether its first token is a
// verb in the base form. "Let's" counts: it is tagged VB too.
func (f *Finder) isImperative(sentence string) bool {
	opts := []prose.DocOpt{prose.WithSegmentation(false), prose.WithExtraction(false)}
	if f.model != nil {
		opts = append(opts, prose.UsingModel(f.model))
	}
	d, err := prose.NewDocument(sentence, opts...)
	if err != nil {
		return false
	}
	toks := d.Tokens()
	return len(toks) > 1 && toks[0].Tag == "VB"
}
