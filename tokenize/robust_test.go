package tokenize

import (
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vigie-project/vigie/internal/testenv"
)

// TestBadInput tokenizes broken and hostile text: every guarantee of
// checkOffsets holds (valid spans in text order that never cut a character
// of valid UTF-8, the same tokens from a reused document), in both modes.
func TestBadInput(t *testing.T) {
	for _, tt := range badInputs {
		t.Run(tt.name, func(t *testing.T) { checkOffsets(t, tt.text) })
	}
}

var badInputs = []struct{ name, text string }{
	{"invalid utf-8", "jih\xffad \xc3 \xe2\x80 k\xc3*ffar \xf0\x9f\x94"},
	{"lone surrogate", "a\xed\xa0\x80b"},
	{"overlong encoding", "\xc0\xaf\xe0\x80\xaf"},
	{"nul bytes", "ji\x00had\x00 \x00\x00t\x00u\x00e\x00z"},
	{"control characters", "\x01\x02\x1b[31mkill\x1b[0m\x7f\u0085\u2028\u2029"},
	{"bidi overrides", "\u202edahij\u202c \u2066jihad\u2069"},
	{"combining marks alone", "\u0301\u0301 a\u0301\u0302\u0303 \u0301x"},
	{"byte order marks", "\ufeffjihad\ufeff \ufeff"},
	{"private use and noncharacters", "\ue000\uffff\U0010fffe"},
	{"apostrophes only", "' ' ’’ ʼʼ 'ʼ’"},
	{"half an e-mail", "a@ @b a@b. .@. a@@b"},
	{"half a url", "http:// https://. www. www.a."},
	{"half a hashtag", "# #_ #'a #\u200b ##a"},
}

// hugeSize is the size of each input of TestHugeInput: large enough that
// work quadratic in the input would take hours, so that the test would time
// out instead of passing. There is no timing assertion.
const hugeSize = testenv.HugeSize

// repeatTo repeats s to about n bytes.
func repeatTo(s string, n int) string { return strings.Repeat(s, n/len(s)+1) }

// TestHugeInput tokenizes 10 MB inputs (1 MB under the race detector) built to defeat each part of the
// scanner: one token, millions of tokens, long runs of what the scanner
// looks ahead for (spaced letters, domains, e-mail addresses, numbers,
// hashtags, masks, apostrophes, invisible characters).
func TestHugeInput(t *testing.T) {
	if testing.Short() {
		t.Skip("10 MB inputs; run without -short")
	}
	random := make([]byte, hugeSize)
	r := rand.New(rand.NewPCG(1, 2))
	for i := range random {
		random[i] = byte(r.IntN(256))
	}
	tests := []struct{ name, text string }{
		{"one token", strings.Repeat("a", hugeSize)},
		{"emoji", repeatTo("🔥", hugeSize)},
		{"joined emoji", repeatTo("👨\u200d👩\u200d👧\u200d", hugeSize)},
		{"spaced letters", repeatTo("a b c d e f g h ", hugeSize)},
		{"dotted letters", repeatTo("a.b.c.d.", hugeSize)},
		{"spaced words", repeatTo("a b c   ", hugeSize)},
		{"spaced letters and contractions", repeatTo("a b c's ", hugeSize)},
		{"word.word: domain look-ahead", repeatTo("ab.", hugeSize)},
		{"number list before letters", repeatTo("1,", hugeSize) + "1a"},
		{"digits", strings.Repeat("1", hugeSize)},
		{"leet word", repeatTo("1a", hugeSize)},
		{"leet symbols", repeatTo("a!", hugeSize) + "a"},
		{"masks", "k" + strings.Repeat("*", hugeSize) + "a"},
		{"mask runs", repeatTo("k**", hugeSize)},
		{"stars", strings.Repeat("*", hugeSize)},
		{"quotes", strings.Repeat("\"", hugeSize)},
		{"french quotes", repeatTo("« ", hugeSize)},
		{"question marks", strings.Repeat("?", hugeSize)},
		{"questions", repeatTo("? ", hugeSize)},
		{"apostrophes", repeatTo("a'", hugeSize)},
		{"elisions", repeatTo("l'", hugeSize)},
		{"hyphens", repeatTo("a-", hugeSize)},
		{"hashtag", "#" + strings.Repeat("aB", hugeSize/2)},
		{"hashtag leet", "#" + repeatTo("a1", hugeSize)},
		{"hashtags", repeatTo("#a", hugeSize)},
		{"mention", "@" + strings.Repeat("a", hugeSize)},
		{"url", "http://" + strings.Repeat("a", hugeSize)},
		{"urls", repeatTo("www.a ", hugeSize)},
		{"at signs", repeatTo("a@", hugeSize)},
		{"e-mail look-ahead", "x@" + repeatTo("y-", hugeSize)},
		{"e-mails without dots", repeatTo("a@b", hugeSize)},
		{"invisible characters", repeatTo("\u200b", hugeSize)},
		{"invisible inside a word", repeatTo("a\u200b", hugeSize) + "a"},
		{"combining marks", "e" + repeatTo("\u0301", hugeSize)},
		{"newlines", strings.Repeat("\n", hugeSize)},
		{"nul bytes", strings.Repeat("\x00", hugeSize)},
		{"invalid utf-8", strings.Repeat("\xff", hugeSize)},
		{"random bytes", string(random)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, literal := range []bool{false, true} {
				d := &Document{Literal: literal}
				d.Reset(tt.text)
				checkDocument(t, d, tt.text)
			}
		})
	}
}

// TestTruncated lowers the size limit to check what happens past it: the
// text is tokenized up to the limit, cut at a character boundary, Truncated
// says so, and offsets still point into the whole text.
func TestTruncated(t *testing.T) {
	defer func(n int) { maxTextBytes = n }(maxTextBytes)
	maxTextBytes = 10
	tests := []struct {
		text      string
		truncated bool
		last      string // the surface of the last token
	}{
		{"jihad", false, "jihad"},
		{"0123456789", false, "0123456789"},
		{"kill them all", true, "them"},
		{"aaaaaaaaaéé", true, "aaaaaaaaa"}, // é would be cut in two: the cut moves before it
	}
	for _, tt := range tests {
		d := Tokenize(tt.text)
		assert.Equal(t, tt.truncated, d.Truncated(), tt.text)
		assert.Equal(t, tt.text, d.Text)
		require.NotEmpty(t, d.Tokens, tt.text)
		assert.Equal(t, tt.last, d.Surface(len(d.Tokens)-1), tt.text)
		checkDocument(t, d, tt.text)
	}
}
