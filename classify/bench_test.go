package classify

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/vigie-project/vigie/internal/corpus"
)

// benchTexts returns real messages of the given language from the dev split,
// or skips when the shared data is absent.
func benchTexts(b *testing.B, lang string) []string {
	texts, err := corpus.Texts("dev", lang, 20, 4000)
	if err != nil {
		b.Skip(err)
	}
	return texts
}

func benchClassify(b *testing.B, texts []string, opts ...Option) {
	c, err := New(opts...)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(corpus.MeanLen(texts)))
	var r Result
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		c.ClassifyInto(texts[i%len(texts)], &r)
	}
}

func BenchmarkClassifyMessagesFR(b *testing.B) { benchClassify(b, benchTexts(b, "fr")) }
func BenchmarkClassifyMessagesEN(b *testing.B) { benchClassify(b, benchTexts(b, "en")) }

// BenchmarkClassifyMessagesENNoModel is the lexicon and rules alone (WithoutModel).
func BenchmarkClassifyMessagesENNoModel(b *testing.B) {
	benchClassify(b, benchTexts(b, "en"), WithoutModel())
}

// BenchmarkClassifyLong and LongFR score one long document: English (French)
// messages joined, one a line.
func BenchmarkClassifyLong(b *testing.B) {
	benchClassify(b, []string{strings.Join(benchTexts(b, "en"), "\n")})
}

func BenchmarkClassifyLongFR(b *testing.B) {
	benchClassify(b, []string{strings.Join(benchTexts(b, "fr"), "\n")})
}

// BenchmarkNew measures loading the embedded defaults and building a classifier.
func BenchmarkNew(b *testing.B) {
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if _, err := newUncached(); err != nil {
			b.Fatal(err)
		}
	}
}

// benchEncode measures encoding the results of English dev messages, already
// classified: SetBytes counts the JSON written.
func benchEncode(b *testing.B, encode func(r *Result, buf []byte) []byte) {
	c, err := New()
	if err != nil {
		b.Fatal(err)
	}
	texts := benchTexts(b, "en")[:1000]
	results := make([]Result, len(texts))
	var buf []byte
	size := 0
	for i, s := range texts {
		c.ClassifyInto(s, &results[i])
		buf = encode(&results[i], buf[:0])
		size += len(buf)
	}
	b.SetBytes(int64(size / len(texts)))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		buf = encode(&results[i%len(results)], buf[:0])
	}
}

// BenchmarkAppendJSON measures Result.AppendJSON into a reused buffer.
func BenchmarkAppendJSON(b *testing.B) {
	benchEncode(b, func(r *Result, buf []byte) []byte { return r.AppendJSON(buf) })
}

// BenchmarkEncodingJSON is the same results through encoding/json's Encoder
// (HTML escaping off, one reused buffer), for comparison.
func BenchmarkEncodingJSON(b *testing.B) {
	var out bytes.Buffer
	enc := json.NewEncoder(&out)
	enc.SetEscapeHTML(false)
	benchEncode(b, func(r *Result, buf []byte) []byte {
		out.Reset()
		if err := enc.Encode(r); err != nil {
			b.Fatal(err)
		}
		return append(buf, out.Bytes()...)
	})
}
