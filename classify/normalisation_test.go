package classify

import (
	"fmt"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vigie-project/vigie/internal/corpus"
	"github.com/vigie-project/vigie/lexicon"
	"github.com/vigie-project/vigie/tokenize"
)

// benignText is a text of the shared dev split that radicalisation
// detection must leave alone: scripture, news (including news about
// terrorism) and the tweets MLMA annotators marked normal.
type benignText struct {
	group string // source/lang/label
	text  string
}

// benignTexts returns the benign texts of the dev split, or skips the test
// when the shared data is absent.
func benignTexts(t *testing.T) []benignText {
	recs, err := corpus.Split("dev")
	if err != nil {
		t.Skipf("no benign corpus to test on: %v", err)
	}
	var out []benignText
	for _, r := range recs {
		switch {
		case r.Source == "bible" || r.Source == "quran" || r.Source == "abcnews" || r.Source == "huffpost",
			r.Source == "mlma" && r.Label == "normal":
			out = append(out, benignText{r.Source + "/" + r.Lang + "/" + r.Label, r.Text})
		}
	}
	require.NotEmpty(t, out, "the dev split has no benign texts")
	return out
}

// newMatches returns the matches of the normalised reading of text that the
// literal reading (tokenize.Document.Literal) does not have: what undoing
// disguise adds. Matches are compared by entry, since the two readings cut
// disguised text differently.
func newMatches(lex *lexicon.Lexicon, norm, lit *tokenize.Document, text string) []lexicon.Match {
	norm.Reset(text)
	lex.Unglue(norm)
	lit.Reset(text)
	have := map[int32]int{}
	for _, m := range lex.Match(lit, nil) {
		have[m.Entry]++
	}
	var out []lexicon.Match
	for _, m := range lex.Match(norm, nil) {
		if have[m.Entry] > 0 {
			have[m.Entry]--
			continue
		}
		if lex.Entry(int(m.Entry)).Category.Class() != lexicon.Context {
			out = append(out, m)
		}
	}
	return out
}

// TestNormalisationAddsNoFalseHits reads real benign text (../shared/data)
// twice: as the tokenizer normalises it, and literally, with disguises left
// as written. Undoing disguise must not make any of it look dangerous:
//
//   - no benign text gains a signal (ideology, incitement, ...) that only the
//     tokenizer's normalisation finds;
//   - at most maxMisreadShare of benign texts gain a signal that only the
//     lexicon's reading of misspelt and glued words finds (a word of
//     scripture that no everyday vocabulary lists can be one edit from a
//     term), and the test lists them;
//   - no benign text that gains anything (a component that rules may join)
//     is flagged.
//
// The second point bounds the flagged rate under normalisation by the rate
// of a literal reading: a text whose two readings match the same entries is
// scored the same way. The table shows both rates per source.
func TestNormalisationAddsNoFalseHits(t *testing.T) {
	c := defaultClassifier(t)
	lex := c.Lexicon()
	texts := benignTexts(t)
	norm, lit := &tokenize.Document{}, &tokenize.Document{Literal: true}
	type tally struct{ texts, flagged, gained, gainedFlagged int }
	groups := map[string]*tally{}
	misread := 0 // texts that gain a signal from a misspelt or glued reading
	for _, b := range texts {
		g := groups[b.group]
		if g == nil {
			g = &tally{}
			groups[b.group] = g
		}
		g.texts++
		flagged := c.Classify(b.text).Level.Flagged()
		if flagged {
			g.flagged++
		}
		gained := newMatches(lex, norm, lit, b.text)
		if len(gained) == 0 {
			continue
		}
		g.gained++
		var what []string
		misreadSignal := false
		for _, m := range gained {
			e := lex.Entry(int(m.Entry))
			what = append(what, fmt.Sprintf("%q → %s (%s, %s, %s)", b.text[m.Start:m.End], e.Term, e.Category, e.Ref, m.Flags&tokenize.Obfuscated))
			if e.Category.Class() != lexicon.Signal {
				continue
			}
			if m.Flags&(tokenize.Misspelt|tokenize.Glued) != 0 {
				misreadSignal = true
				continue
			}
			t.Errorf("normalisation makes a signal of %q in benign text: %s\n%s", b.text[m.Start:m.End], e.Ref, b.text)
		}
		if misreadSignal {
			misread++
		}
		t.Logf("%s: normalisation adds %s", b.group, strings.Join(what, ", "))
		if flagged {
			g.gainedFlagged++
			t.Errorf("%s: flagged, and normalisation adds %s: %s", b.group, strings.Join(what, ", "), b.text)
		}
	}
	var names []string
	for n := range groups {
		names = append(names, n)
	}
	sort.Strings(names)
	var table strings.Builder
	fmt.Fprintf(&table, "\n%-26s %6s %9s %9s %9s", "benign dev texts", "texts", "flagged", "gain", "literal≥")
	for _, n := range names {
		g := groups[n]
		fmt.Fprintf(&table, "\n%-26s %6d %8.2f%% %9d %8.2f%%", n, g.texts, 100*float64(g.flagged)/float64(g.texts), g.gained,
			100*float64(g.flagged-g.gainedFlagged)/float64(g.texts))
	}
	t.Logf("flagged rate with normalisation, and the lower bound of the literal reading's rate:%s", table.String())
	t.Logf("misspelt and glued readings add a signal to %d of %d benign texts (none flagged)", misread, len(texts))
	assert.LessOrEqual(t, float64(misread), maxMisreadShare*float64(len(texts)), "benign texts that gain a signal from misspelt or glued readings")
}

// maxMisreadShare bounds the share of benign texts that gain a signal
// (never a flag) from the lexicon's reading of misspelt and glued words.
const maxMisreadShare = 0.001

// TestOrdinaryWordsStayOrdinary reads every distinct word of the benign dev
// texts on its own, normalised and literally: no ordinary word, written as
// people write it, may match an entry only because normalisation read it as
// leetspeak, look-alike letters, spaced letters, a mask or an elongation.
// Words that match a component that way are listed: alone they are nothing,
// but a rule could join them.
func TestOrdinaryWordsStayOrdinary(t *testing.T) {
	c := defaultClassifier(t)
	lex := c.Lexicon()
	words := map[string]bool{}
	lit := &tokenize.Document{Literal: true}
	for _, b := range benignTexts(t) {
		// words as the text splits them at white space, so that a disguise
		// (h1jra, k*ffar, t.u.e.z) is one word
		for _, w := range strings.Fields(b.text) {
			w = strings.Trim(w, ",;:!?()[]{}\"«»“”'’")
			if w != "" {
				words[w] = true
			}
		}
	}
	var sorted []string
	for w := range words {
		sorted = append(sorted, w)
	}
	sort.Strings(sorted)
	norm := &tokenize.Document{}
	components, misread := 0, 0
	for _, w := range sorted {
		for _, m := range newMatches(lex, norm, lit, w) {
			e := lex.Entry(int(m.Entry))
			if m.Flags&(tokenize.Misspelt|tokenize.Glued) != 0 {
				misread++
				t.Logf("the word %q reads as %q (%s, %s), %s", w, e.Term, e.Category, e.Ref, m.Flags&tokenize.Obfuscated)
				continue
			}
			if e.Category.Class() == lexicon.Signal {
				t.Errorf("the word %q becomes the signal %q (%s, %s) by normalisation", w, e.Term, e.Category, e.Ref)
				continue
			}
			components++
			t.Logf("the word %q becomes the component %q (%s, %s) by normalisation", w, e.Term, e.Category, e.Ref)
		}
	}
	t.Logf("%d distinct words of benign text, %d of them read as a component only once normalised, %d read as misspelt or glued terms",
		len(sorted), components, misread)
	assert.LessOrEqual(t, float64(misread), maxMisreadShare*float64(len(sorted)), "words read as misspelt or glued terms")
}
