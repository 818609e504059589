package lexicon

import (
	"strings"
	"testing"

	"github.com/vigie-project/vigie/internal/corpus"
	"github.com/vigie-project/vigie/tokenize"
)

// benchMatch measures Match alone on real messages of the dev split, already
// tokenized, as the classifier calls it; it skips when the shared data is
// absent.
func benchMatch(b *testing.B, lang string, long bool) {
	texts, err := corpus.Texts("dev", lang, 20, 2000)
	if err != nil {
		b.Skip(err)
	}
	if long { // one document: the messages joined, one a line
		texts = []string{strings.Join(texts, "\n")}
	}
	lex, err := Default()
	if err != nil {
		b.Fatal(err)
	}
	docs := make([]tokenize.Document, len(texts))
	for i, s := range texts {
		docs[i].Reset(s)
	}
	var ms []Match
	b.SetBytes(int64(corpus.MeanLen(texts)))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		ms = lex.Match(&docs[i%len(docs)], ms[:0])
	}
}

func BenchmarkMatchEN(b *testing.B)     { benchMatch(b, "en", false) }
func BenchmarkMatchFR(b *testing.B)     { benchMatch(b, "fr", false) }
func BenchmarkMatchLongEN(b *testing.B) { benchMatch(b, "en", true) }
