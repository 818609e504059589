package main

import (
	"unicode/utf8"

	"github.com/vigie-project/vigie/tokenize"
)

// sentences returns the byte spans of text's sentences as Vigie's tokenizer
// cuts them (tokenize.SentenceStart): each from the start of its first
// token to the end of its last, in text order, not overlapping. A text
// without tokens has none.
func sentences(text string) []tokenize.Span {
	doc := tokenize.Tokenize(text)
	var out []tokenize.Span
	for _, t := range doc.Tokens {
		n := len(out)
		// a token inside the previous one (the words of a hashtag) never
		// starts a sentence
		if n == 0 || t.Flags&tokenize.SentenceStart != 0 && t.Start >= out[n-1].End {
			out = append(out, tokenize.Span{Start: t.Start, End: t.End})
			continue
		}
		out[n-1].End = max(out[n-1].End, t.End)
	}
	return out
}

// utf16Counter converts byte offsets into a text to offsets in UTF-16 code
// units, the unit of Perspective's spans and of JavaScript's strings: a
// character outside the Basic Multilingual Plane (most emoji) counts two.
// Offsets must be asked in increasing order, so that converting all the
// spans of a text reads it once. A byte that is not UTF-8 counts one, as
// the U+FFFD that replaces it in a decoded string does.
type utf16Counter struct {
	text  string
	bytes int // the byte offset reached
	units int // its offset in UTF-16 code units
}

// offset returns the UTF-16 offset of byte offset off, which must be at
// least the previous one asked and fall on a character boundary.
func (c *utf16Counter) offset(off int) int {
	for c.bytes < off && c.bytes < len(c.text) {
		r, size := utf8.DecodeRuneInString(c.text[c.bytes:])
		c.units++
		if r >= 0x10000 {
			c.units++
		}
		c.bytes += size
	}
	return c.units
}
