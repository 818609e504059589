package lexicon

import (
	"bufio"
	"encoding/json"
	"hash/fnv"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vigie-project/vigie/internal/corpus"
	"github.com/vigie-project/vigie/internal/obfuscate"
	"github.com/vigie-project/vigie/tokenize"
)

// TestBigramIndex checks that finding phrases by their first two words
// (indexBigrams, tryExact) matches exactly what trying every phrase of a
// first word finds: the same matches in the same order. The texts are every
// term of the default lexicon in a sentence, disguised and not, the
// project's test cases and, when the shared data is there, the dev split.
func TestBigramIndex(t *testing.T) {
	lex, err := Default()
	require.NoError(t, err)
	require.Positive(t, lex.bigrams.n, "the default lexicon has phrases indexed by two words")
	full, err := Load(DefaultFS())
	require.NoError(t, err)
	for k := range full.looseKey { // every first word's phrases are all tried
		full.looseKey[k] = -1
	}
	var texts []string
	for i := range lex.entries {
		term := lex.entries[i].Term
		texts = append(texts, term, "Ils disent "+term+" ici.", "so "+term+" #tag 🙂 now", term+" "+term)
		r := rand.New(rand.NewPCG(uint64(i), 1))
		for _, tr := range obfuscate.All() {
			texts = append(texts, tr.Apply(r, "we "+term+" them", nil))
		}
	}
	for _, name := range []string{"fr.jsonl", "en.jsonl"} {
		f, err := os.Open(filepath.Join("..", "testdata", "cases", name))
		require.NoError(t, err)
		sc := bufio.NewScanner(f)
		sc.Buffer(nil, 1<<20)
		for sc.Scan() {
			var c struct{ Text string }
			require.NoError(t, json.Unmarshal(sc.Bytes(), &c))
			texts = append(texts, c.Text)
		}
		f.Close()
	}
	if dev, err := corpus.Texts("dev", "", 0, 20000); err == nil {
		texts = append(texts, dev...)
	} else {
		t.Logf("shared data absent, dev split not checked: %v", err)
	}
	var doc tokenize.Document
	var got, want []Match
	for _, s := range texts {
		doc.Reset(s)
		got = lex.Match(&doc, got[:0])
		want = full.Match(&doc, want[:0])
		require.Equal(t, want, got, "text %q", s)
	}
	t.Logf("%d texts compared", len(texts))
}

// TestMaskIndexConcurrent matches masked words from many goroutines on a
// fresh lexicon, whose masked tables are built by the first of them: under
// the race detector (go test -race) it checks that building them is safe,
// and every goroutine finds the masked term.
func TestMaskIndexConcurrent(t *testing.T) {
	lex, err := Load(DefaultFS())
	require.NoError(t, err)
	var wg sync.WaitGroup
	found := make([]int, 8)
	for g := range found {
		wg.Add(1)
		go func() {
			defer wg.Done()
			doc := tokenize.Tokenize("ces k*ffar et ces ég*rgeurs")
			found[g] = len(lex.Match(doc, nil))
		}()
	}
	wg.Wait()
	for _, n := range found {
		assert.Positive(t, n)
	}
}

// TestConceptHash checks the concepts' hashes against hash/fnv, and the
// stem filter against every stem of the default lexicon.
func TestConceptHash(t *testing.T) {
	lex, err := Default()
	require.NoError(t, err)
	for i := 0; i < lex.Len(); i++ {
		h := fnv.New64a()
		h.Write([]byte(lex.Entry(i).Concept))
		require.Equal(t, h.Sum64(), lex.ConceptHash(i), lex.Entry(i).Concept)
		if w := lex.pats[i].words[0]; w.prefix {
			assert.True(t, lex.mayStartStem([]byte(w.key+"xyz")), w.key)
		}
	}
	assert.False(t, lex.mayStartStem([]byte("zzzz")))
}

// TestFilters checks that the filters of first words and of bigrams keep
// every key of the default lexicon and turn away most other words.
func TestFilters(t *testing.T) {
	lex, err := Default()
	require.NoError(t, err)
	for _, tab := range []*table{&lex.exact, &lex.bigrams} {
		require.Positive(t, tab.filter.Words())
		checkFilter(t, tab)
	}
	rng := rand.New(rand.NewPCG(7, 8))
	const n = 100000
	passed := 0
	for i := 0; i < n; i++ {
		if lex.exact.filter.MayHave(hashString(strconv.FormatUint(rng.Uint64(), 36))) {
			passed++
		}
	}
	t.Logf("%d first words in %d filter words; false positives %.2f%%", len(lex.exact.keys), lex.exact.filter.Words(), 100*float64(passed)/n)
	assert.Less(t, float64(passed)/n, 0.05)
}

// checkFilter checks that a table's filter keeps every key in the table.
func checkFilter(t *testing.T, tab *table) {
	for _, s := range tab.slots {
		if s.hash != 0 && !tab.filter.MayHave(s.hash) {
			t.Fatalf("the filter turns %q away", tab.keys[s.key])
		}
	}
}
