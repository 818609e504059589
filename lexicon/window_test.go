package lexicon

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vigie-project/vigie/tokenize"
)

// TestWordFilters checks the filters by which tryAll passes over a phrase
// whose second word no token after its first can match, and tryPairs one
// whose third word no token after its second can match: they must never
// pass over one that matchRest would match. Texts: every phrase of the
// default lexicon as written, with its gap filled and with its second or
// third word disguised every way Match reads, and the functional cases;
// each phrase whose first word is a token's normal form is tried at that
// token.
func TestWordFilters(t *testing.T) {
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
		w := strings.Fields(term)
		for k := 1; k < len(w) && k <= 2; k++ {
			for _, d := range disguises(w[k]) {
				texts = append(texts, strings.Join(w[:k], " ")+" "+d+" "+strings.Join(w[k+1:], " "))
			}
		}
	}
	texts = append(texts, caseTexts(t)...)
	var checked, skipped [2]int // by the second word, by the third
	var doc tokenize.Document
	for _, text := range texts {
		doc.Reset(text)
		for i := range doc.Tokens {
			key := doc.NormBytes(i)
			j := nextWord(&doc, i)
			var win, after window
			for _, id := range l.exact.get(hashBytes(key), key) {
				p := &l.pats[id]
				if len(p.words) < 2 {
					continue
				}
				_, _, ok := l.matchRest(&doc, p.words, 1, i+1, doc.Tokens[i].Flags)
				check := func(filter int, allowed bool) {
					if ok {
						checked[filter]++
						assert.True(t, allowed, "%q: filter %d passes over %q at token %d", text, filter, l.entries[id].Term, i)
					} else if !allowed {
						skipped[filter]++
					}
				}
				check(0, win.allows(&doc, i, p.second, p.secondGap))
				// tryPairs: the second word is the next word's normal form
				if second := &p.words[1]; j >= 0 && !second.prefix && !second.gap && slices.Contains(pairForms(second.key), string(doc.NormBytes(j))) {
					check(1, after.allows(&doc, j, p.third, p.thirdGap))
				}
			}
		}
	}
	t.Logf("phrases that match kept: %v; that cannot, passed over: %v", checked, skipped)
	for filter := range checked {
		assert.Greater(t, checked[filter], 1000, "filter %d: too few phrases matched, the texts do not exercise it", filter)
		assert.Greater(t, skipped[filter], 1000, "filter %d passes over nothing", filter)
	}
}

// disguises returns w written the ways Match reads a disguised word: spaced,
// leet, masked, elongated, elided, with a letter dropped and with its last
// two letters swapped.
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
	if n := len(w); n >= 3 {
		out = append(out, w[:n-2]+w[n-1:]+w[n-2:n-1]) // the last two letters swapped
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
