package tokenize

import (
	"strings"
	"testing"

	"github.com/jdkato/prose/v2"

	"github.com/vigie-project/vigie/internal/corpus"
)

// benchTexts returns real short messages of the given language from the dev
// split, or skips the benchmark when the shared data is absent.
func benchTexts(b *testing.B, lang string) []string {
	texts, err := corpus.Texts("dev", lang, 20, 2000)
	if err != nil {
		b.Skip(err)
	}
	return texts
}

func benchTokenize(b *testing.B, texts []string) {
	var d Document
	b.SetBytes(int64(corpus.MeanLen(texts)))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		d.Reset(texts[i%len(texts)])
	}
}

// benchFold measures Fold, normalisation alone: the matching form of a
// whole string, which lexicon files and callers use. Tokenizing does not
// call it: each token is normalised as it is read.
func benchFold(b *testing.B, texts []string) {
	b.SetBytes(int64(corpus.MeanLen(texts)))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		_ = Fold(texts[i%len(texts)])
	}
}

func BenchmarkFoldMessagesFR(b *testing.B) { benchFold(b, benchTexts(b, "fr")) }
func BenchmarkFoldMessagesEN(b *testing.B) { benchFold(b, benchTexts(b, "en")) }

func BenchmarkTokenizeMessagesFR(b *testing.B) { benchTokenize(b, benchTexts(b, "fr")) }
func BenchmarkTokenizeMessagesEN(b *testing.B) { benchTokenize(b, benchTexts(b, "en")) }

// BenchmarkTokenizeLongEN and FR tokenize one long document: messages
// joined, one a line.
func BenchmarkTokenizeLongEN(b *testing.B) {
	benchTokenize(b, []string{strings.Join(benchTexts(b, "en"), "\n")})
}

func BenchmarkTokenizeLongFR(b *testing.B) {
	benchTokenize(b, []string{strings.Join(benchTexts(b, "fr"), "\n")})
}

// BenchmarkProseTokenizeEN is the baseline: prose's tokenizer alone, tagging,
// segmentation and extraction off, one document per message.
func BenchmarkProseTokenizeEN(b *testing.B) {
	texts := benchTexts(b, "en")
	b.SetBytes(int64(corpus.MeanLen(texts)))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		_, _ = prose.NewDocument(texts[i%len(texts)], prose.WithTagging(false), prose.WithSegmentation(false), prose.WithExtraction(false))
	}
}
