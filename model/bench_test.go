package model

import (
	"strings"
	"testing"

	"github.com/vigie-project/vigie/internal/corpus"
	"github.com/vigie-project/vigie/lexicon"
	"github.com/vigie-project/vigie/tokenize"
)

// benchTexts returns tweet-length messages (20 to 280 bytes) of the dev split
// in the given language; it skips the benchmark when the shared data is absent.
func benchTexts(b *testing.B, lang string) []string {
	var out []string
	recs, err := corpus.Split("dev")
	if err == nil {
		for _, r := range recs {
			if r.Lang == lang && len(r.Text) >= 20 && len(r.Text) <= 280 {
				out = append(out, r.Text)
			}
			if len(out) == 2000 {
				break
			}
		}
	}
	if len(out) == 0 {
		b.Skipf("no dev split to measure on: %v", err)
	}
	return out
}

type prepared struct {
	docs    []tokenize.Document
	matches [][]lexicon.Match
	bytes   int
}

func prepare(b *testing.B, texts []string, lex *lexicon.Lexicon) *prepared {
	p := &prepared{docs: make([]tokenize.Document, len(texts)), matches: make([][]lexicon.Match, len(texts))}
	for i, s := range texts {
		p.docs[i].Reset(s)
		p.matches[i] = lex.Match(&p.docs[i], nil)
		p.bytes += len(s)
	}
	return p
}

// benchModel measures score, a call of Score or Top, alone: the text is
// already tokenized and matched, as it is inside the classifier.
func benchModel(b *testing.B, texts []string, score func(m *Model, doc *tokenize.Document, matches []lexicon.Match, lex *lexicon.Lexicon)) {
	m, err := Default()
	if err != nil {
		b.Fatal(err)
	}
	lex := mustLex(b)
	p := prepare(b, texts, lex)
	b.SetBytes(int64(p.bytes / len(p.docs)))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		k := i % len(p.docs)
		score(m, &p.docs[k], p.matches[k], lex)
	}
}

// benchContributions measures Contributions, which lists every
// contribution.
func benchContributions(b *testing.B, texts []string) {
	dst := make([]Contribution, 0, 256)
	benchModel(b, texts, func(m *Model, doc *tokenize.Document, matches []lexicon.Match, lex *lexicon.Lexicon) {
		_, dst = m.Contributions(doc, matches, lex, dst)
	})
}

// benchTop measures Evaluate with k = 10, what the classifier calls: the
// text's and its sentences' tallies and its ten strongest contributions.
func benchTop(b *testing.B, texts []string) {
	var ev Evidence
	benchModel(b, texts, func(m *Model, doc *tokenize.Document, matches []lexicon.Match, lex *lexicon.Lexicon) {
		m.Evaluate(doc, matches, lex, 10, &ev)
	})
}

func BenchmarkScoreEN(b *testing.B) { benchContributions(b, benchTexts(b, "en")) }
func BenchmarkScoreFR(b *testing.B) { benchContributions(b, benchTexts(b, "fr")) }
func BenchmarkTopEN(b *testing.B)   { benchTop(b, benchTexts(b, "en")) }
func BenchmarkTopFR(b *testing.B)   { benchTop(b, benchTexts(b, "fr")) }

// BenchmarkTopLongEN is Top on one long document: the messages joined, one
// a line.
func BenchmarkTopLongEN(b *testing.B) { benchTop(b, []string{strings.Join(benchTexts(b, "en"), "\n")}) }

// BenchmarkTokenizeMatchEN is the baseline beside Score: what the classifier
// already spends on the same texts before the model runs.
func BenchmarkTokenizeMatchEN(b *testing.B) {
	lex := mustLex(b)
	texts := benchTexts(b, "en")
	var doc tokenize.Document
	var ms []lexicon.Match
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		doc.Reset(texts[i%len(texts)])
		ms = lex.Match(&doc, ms[:0])
	}
}

// BenchmarkLoadDefault measures parsing and validating the embedded model.
func BenchmarkLoadDefault(b *testing.B) {
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if _, err := LoadFS(DefaultFS(), "vigie.model"); err != nil {
			b.Fatal(err)
		}
	}
}
