package lexicon

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vigie-project/vigie/tokenize"
)

// TestSecondWordFilter checks the filter by which tryAll passes over a
// phrase whose second word no token after its first can match: it must
// never pass over one that matchRest would match. Texts: every phrase of the
// default lexicon as written, with its gap filled and with its second word
// disguised every way Match reads, and the functional cases; each phrase
// whose first word is a token's normal form is tried at that token.
func TestSecondWordFilter(t *testing.T) {
	l, err := Default()
	require.NoError(t, err)
	var texts []string
	for i := range l.entries {
		e := &l.entries[i]
		if len(e.words) < 2 {
			continue
		}
		term := strings.ReplaceAll(e.Term, "...", "vraiment très")
		texts = append(texts, term, strings.ToUpper(term))
		first, rest, _ := strings.Cut(term, " ")
		second, after, _ := strings.Cut(rest, " ")
		for _, d := range disguises(second) {
			texts = append(texts, first+" "+d+" "+after)
		}
	}
	texts = append(texts, caseTexts(t)...)
	checked, skipped := 0, 0
	var doc tokenize.Document
	for _, text := range texts {
		doc.Reset(text)
		for i := range doc.Tokens {
			key := doc.NormBytes(i)
			var win window
			for _, id := range l.exact.get(hashBytes(key), key) {
				p := &l.pats[id]
				if len(p.words) < 2 {
					continue
				}
				_, _, ok := l.matchRest(&doc, p.words, 1, i+1, doc.Tokens[i].Flags)
				allowed := win.allows(&doc, i, p.second, p.secondGap)
				if ok {
					checked++
					assert.True(t, allowed, "%q: the filter passes over %q at token %d", text, l.entries[id].Term, i)
				} else if !allowed {
					skipped++
				}
			}
		}
	}
	t.Logf("%d phrases that match kept, %d that cannot passed over", checked, skipped)
	assert.Greater(t, checked, 1000, "too few phrases matched: the texts do not exercise the filter")
	assert.Greater(t, skipped, 1000, "the filter passes over nothing")
}

// disguises returns w written the ways Match reads a disguised word: spaced,
// leet, masked, elongated, elided, and with a letter dropped.
func disguises(w string) []string {
	if len(w) < 2 {
		return nil
	}
	out := []string{
		strings.Join(strings.Split(w, ""), " "),
		strings.NewReplacer("e", "3", "a", "4", "i", "1", "o", "0").Replace(w),
		w[:1] + "*" + w[2:],
		w[:1] + strings.Repeat(w[1:2], 4) + w[2:],
		w[:len(w)-1] + "'",
		w[:1] + w[2:],
	}
	return out
}

// caseTexts returns the texts of the functional cases (testdata/cases).
func caseTexts(t *testing.T) []string {
	files, err := filepath.Glob("../testdata/cases/*.jsonl")
	require.NoError(t, err)
	require.NotEmpty(t, files)
	var texts []string
	for _, name := range files {
		f, err := os.Open(name)
		require.NoError(t, err)
		sc := bufio.NewScanner(f)
		sc.Buffer(nil, 1<<20)
		for sc.Scan() {
			var c struct{ Text string }
			if json.Unmarshal(sc.Bytes(), &c) == nil && c.Text != "" {
				texts = append(texts, c.Text)
			}
		}
		require.NoError(t, sc.Err())
		require.NoError(t, f.Close())
	}
	return texts
}
