package lexicon

import (
	"bytes"

	"github.com/vigie-project/vigie/tokenize"
)

// Match is one occurrence of a lexicon entry in a document.
type Match struct {
	Entry       int32          // the entry's index: Lexicon.Entry(int(m.Entry))
	First, Last int32          // the tokens matched: Document.Tokens[First:Last]
	Start, End  int            // byte offsets of the match in the original text
	Flags       tokenize.Flags // the union of the matched tokens' flags: how it was disguised
}

// matchable reports whether a token can be part of a term.
func matchable(k tokenize.Kind) bool {
	return k == tokenize.Word || k == tokenize.Number || k == tokenize.URL || k == tokenize.Emoji
}

// Match appends to dst every occurrence in doc of every entry, in order of
// their first token, and returns the extended slice. Terms match whole tokens
// only. Match does not allocate when dst has room.
func (l *Lexicon) Match(doc *tokenize.Document, dst []Match) []Match {
	toks := doc.Tokens
	var sq [64]byte
	for i := range toks {
		t := &toks[i]
		if !matchable(t.Kind) {
			continue
		}
		key := doc.NormBytes(i)
		if len(key) == 0 {
			continue
		}
		before := len(dst)
		// one pass of FNV-1a over the key; stems are probed at their lengths
		h := uint64(fnvOffset)
		for n, c := range key {
			h ^= uint64(c)
			h *= fnvPrime
			if n+1 >= l.prefixMin && n+1 <= l.prefixMax && l.prefixLen&(1<<(n+1)) != 0 && t.Kind == tokenize.Word {
				if ids := l.prefixes.get(fix(h), key[:n+1]); ids != nil {
					dst = l.tryAll(doc, i, ids, dst, before)
				}
			}
		}
		if ids := l.exact.get(fix(h), key); ids != nil {
			dst = l.tryAll(doc, i, ids, dst, before)
		}
		if t.Flags&tokenize.Masked != 0 {
			if ids := l.masked.get(fix(h), key); ids != nil {
				dst = l.tryAll(doc, i, ids, dst, before)
			}
		}
		if t.Flags&tokenize.Elongated != 0 && len(key) <= len(sq) {
			s := squeezeInto(sq[:0], key)
			if ids := l.squeezed.get(hashBytes(s), s); ids != nil {
				dst = l.tryAll(doc, i, ids, dst, before)
			}
		}
	}
	return dst
}

// tryAll tries each candidate entry whose first word matched token i, and
// appends the matches that are not already there (from index from on).
func (l *Lexicon) tryAll(doc *tokenize.Document, i int, ids []int32, dst []Match, from int) []Match {
	for _, id := range ids {
		p := &l.pats[id]
		if p.number && !standaloneNumber(doc, i) {
			continue
		}
		last, flags, ok := i+1, doc.Tokens[i].Flags, true
		if len(p.words) > 1 {
			last, flags, ok = l.matchRest(doc, p.words, 1, i+1, flags)
		}
		if !ok {
			continue
		}
		dup := false
		for k := from; k < len(dst); k++ {
			if dst[k].Entry == id {
				dup = true
				break
			}
		}
		if dup {
			continue
		}
		t0, t1 := &doc.Tokens[i], &doc.Tokens[last-1]
		dst = append(dst, Match{Entry: id, First: int32(i), Last: int32(last), Start: t0.Start, End: t1.End, Flags: flags})
	}
	return dst
}

// matchRest matches words[w:] from token j on. It returns the end token of
// the match and the union of the matched tokens' flags.
func (l *Lexicon) matchRest(doc *tokenize.Document, words []word, w, j int, flags tokenize.Flags) (int, tokenize.Flags, bool) {
	if w == len(words) {
		return j, flags, true
	}
	skips := 0
	if words[w].gap {
		skips = maxGap
	}
	toks := doc.Tokens
	for ; j < len(toks); j++ {
		t := &toks[j]
		if t.Flags&tokenize.SentenceStart != 0 || t.Kind == tokenize.Punct || t.Kind == tokenize.Mention {
			return 0, 0, false
		}
		if t.Kind == tokenize.Hashtag || t.Kind == tokenize.Emoji {
			continue // a hashtag's words follow it; emoji between words are skipped
		}
		if wordMatches(&words[w], doc.NormBytes(j), t.Flags) {
			if end, f, ok := l.matchRest(doc, words, w+1, j+1, flags|t.Flags); ok {
				return end, f, true
			}
		}
		if skips == 0 {
			return 0, 0, false
		}
		skips--
	}
	return 0, 0, false
}

// wordMatches reports whether a token's normal form matches one word of a term.
func wordMatches(w *word, key []byte, flags tokenize.Flags) bool {
	if w.prefix {
		return len(key) >= len(w.key) && string(key[:len(w.key)]) == w.key
	}
	if string(key) == w.key {
		return true
	}
	if flags&tokenize.Elongated != 0 {
		var a, b [64]byte
		if len(key) <= len(a) && len(w.key) <= len(b) {
			return bytes.Equal(squeezeInto(a[:0], key), squeezeInto(b[:0], []byte(w.key)))
		}
	}
	if flags&tokenize.Masked != 0 && len(key) == len(w.key) && len(key) >= 4 {
		masks := 0
		for k := 0; k < len(key); k++ {
			if key[k] != w.key[k] {
				if key[k] != '*' || k == 0 {
					return false
				}
				masks++
			}
		}
		return masks == 1
	}
	return false
}

// squeezeInto appends s without repeated letters to dst.
func squeezeInto(dst, s []byte) []byte {
	for i := 0; i < len(s); i++ {
		if i > 0 && s[i] == s[i-1] && s[i] >= 'a' && s[i] <= 'z' {
			continue
		}
		dst = append(dst, s[i])
	}
	return dst
}

// standaloneNumber reports whether number token i stands alone as a code:
// not beside another number, a currency or unit sign, or digits glued to it.
func standaloneNumber(doc *tokenize.Document, i int) bool {
	toks := doc.Tokens
	t := &toks[i]
	text := doc.Text
	if t.Start > 0 && (isDigitOrSep(text[t.Start-1])) {
		return false
	}
	if t.End < len(text) && (isDigitOrSep(text[t.End]) || text[t.End] == '%') {
		return false
	}
	near := func(k int) bool { // token k is within one space of token i
		if k < 0 || k >= len(toks) {
			return false
		}
		a, b := toks[k], *t
		if a.Start > b.Start {
			a, b = b, a
		}
		return b.Start-a.End <= 1
	}
	for _, k := range []int{i - 1, i + 1} {
		if !near(k) {
			continue
		}
		n := &toks[k]
		if n.Kind == tokenize.Number {
			return false
		}
		switch string(doc.NormBytes(k)) {
		case "€", "$", "£", "%", "eur", "euro", "euros", "usd", "dollars", "km", "kg", "ans", "years", "h", "min", "m", "n°", "no", "#", "+", "page", "p", "tel", "tél":
			return false
		}
	}
	return true
}

func isDigitOrSep(c byte) bool {
	return c >= '0' && c <= '9' || c == '.' || c == ',' || c == '/' || c == ':' || c == '-' || c == '+' || c == '$' || c == '#'
}
