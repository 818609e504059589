package tokenize

import (
	"encoding/json"
	"hash/fnv"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vigie-project/vigie/internal/gen"
)

// hashTexts returns texts that reach every path that hashes a normal form:
// the cases of testdata/cases, the package's table tests and seeds, and
// words of every length from 1 to 20 letters, plain, accented, elongated,
// elided, at the end of the text and inside it (the fast paths read words
// eight bytes at a time).
func hashTexts(t *testing.T) []string {
	texts := tokenizeSeeds()
	files, err := filepath.Glob("../testdata/cases/*.jsonl")
	require.NoError(t, err)
	require.NotEmpty(t, files)
	for _, f := range files {
		b, err := os.ReadFile(f)
		require.NoError(t, err)
		for _, line := range strings.Split(strings.TrimSpace(string(b)), "\n") {
			var c struct{ Text string }
			require.NoError(t, json.Unmarshal([]byte(line), &c), f)
			texts = append(texts, c.Text)
		}
	}
	for _, letters := range []string{"abcdefghijklmnopqrst", "JIHAAAAADJIHAAAAADXX", "aéèçàôûîïœabcdefghij", "eeeeeeeeeeeeeeeeeeee"} {
		r := []rune(letters)
		for n := 1; n <= len(r); n++ {
			w := string(r[:n])
			texts = append(texts, w, w+" la", "l'"+w+".", "qu’"+w+", x", w+"'s", w+"@x.com", "x "+w)
		}
	}
	return texts
}

// TestNormHash checks NormHash against FNV-1a computed over NormBytes by
// hash/fnv, for every token of hashTexts, read both ways.
func TestNormHash(t *testing.T) { // and NormASCII
	tokens := 0
	for _, literal := range []bool{false, true} {
		d := &Document{Literal: literal}
		for _, text := range hashTexts(t) {
			d.Reset(text)
			for i := range d.Tokens {
				h := fnv.New64a()
				h.Write(d.NormBytes(i))
				if d.NormHash(i) != h.Sum64() {
					t.Fatalf("%q (literal %v): token %d %q: NormHash %#x, FNV-1a %#x",
						text, literal, i, d.NormBytes(i), d.NormHash(i), h.Sum64())
				}
				plain := true
				for _, c := range d.NormBytes(i) {
					plain = plain && c > ' ' && c < 0x7f
				}
				if d.NormASCII(i) != plain {
					t.Fatalf("%q (literal %v): token %d %q: NormASCII %v", text, literal, i, d.NormBytes(i), d.NormASCII(i))
				}
				tokens++
			}
		}
	}
	assert.Greater(t, tokens, 10000)
	// the published test vector of 64-bit FNV-1a
	assert.Equal(t, uint64(0xaf63dc4c8601ec8c), Tokenize("a").NormHash(0))
}

// TestElongatedEverywhere puts three equal letters at every place of words
// of 3 to 20 letters: the fast paths check words eight bytes at a time, and
// a run can straddle two of them.
func TestElongatedEverywhere(t *testing.T) {
	base := "abcdefghijklmnopqrst"
	for n := 4; n <= len(base); n++ { // "aaa" would be one letter repeated
		for p := 0; p+3 <= n; p++ {
			w := []byte(base[:n])
			w[p+1], w[p+2] = w[p], w[p]
			for _, text := range []string{string(w), string(w) + " x", string(w) + "."} {
				d := Tokenize(text)
				require.NotEmpty(t, d.Tokens, text)
				assert.NotZero(t, d.Tokens[0].Flags&Elongated, "%q", text)
				d = &Document{Literal: true}
				d.Reset(text)
				assert.Zero(t, d.Tokens[0].Flags&Elongated, "literal %q", text)
			}
		}
		// two equal letters are not elongation, nor is one letter repeated
		for _, text := range []string{base[:n-1] + base[n-2:n-1], strings.Repeat("z", n)} {
			assert.Zero(t, Tokenize(text + " ").Tokens[0].Flags&Elongated, "%q", text)
		}
	}
}

// TestFunctionWords checks the table of function words: each word of
// data/function-words-*.txt counts for its language, and words that are not
// listed count for none.
func TestFunctionWords(t *testing.T) {
	for _, tt := range []struct {
		file string
		fr   int
		en   int
	}{{"function-words-fr.txt", 1, 0}, {"function-words-en.txt", 0, 1}} {
		words, err := gen.ReadWords(filepath.Join("data", tt.file), nil)
		require.NoError(t, err)
		require.NotEmpty(t, words)
		for _, w := range words {
			var d Document
			d.countFunctionWord([]byte(w))
			fr, en := d.Langs()
			assert.Equal(t, tt.fr, fr, w)
			assert.Equal(t, tt.en, en, w)
		}
	}
	for _, w := range []string{"a", "on", "me", "plus", "jihad", "the'", "th", "thee", "lea", "les'", "x", "because!", "tres'"} {
		var d Document
		d.countFunctionWord([]byte(w))
		fr, en := d.Langs()
		assert.Zero(t, fr+en, w)
	}
}

// TestHash checks the exported FNV-1a functions against hash/fnv.
func TestHash(t *testing.T) {
	for _, s := range []string{"", "a", "kuffar", "État islamique", "\xff\x00"} {
		h := fnv.New64a()
		h.Write([]byte(s))
		want := h.Sum64()
		assert.Equal(t, want, Hash([]byte(s)), s)
		assert.Equal(t, want, HashString(s), s)
		got := FNVOffset
		for i := 0; i < len(s); i++ {
			got = HashByte(got, s[i])
		}
		assert.Equal(t, want, got, s)
	}
}
