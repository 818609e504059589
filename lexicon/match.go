package lexicon

import (
	"bytes"
	"unicode"
	"unicode/utf8"

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
//
// Besides the normal forms the tokenizer gives, Match reads what the
// tokenizer cannot decide alone: a leet 1 or | as l as well as i (k1ll, 4ll4h),
// a * as one hidden letter of any word or stem (k*ffar, ég*rgez), repeated
// letters as one (jihaaad, égoooorger), and the words of a run of spaced
// letters that swallowed a one-letter word (a, à, y, I): "marry a m u j a h
// i d" is one run, "marryamujahid", in which mujahid is found; the match's
// span is then the word's own.
func (l *Lexicon) Match(doc *tokenize.Document, dst []Match) []Match {
	toks := doc.Tokens
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
		dst = l.lookup(doc, i, key, doc.NormHash(i), true, t.Start, t.End, dst, before)
		if t.Flags&tokenize.Leet != 0 {
			dst = l.leetReadings(doc, i, key, dst, before)
		}
		if t.Flags&tokenize.Spaced != 0 && len(dst) == before {
			dst = l.spacedSplits(doc, i, key, dst, before)
		}
		if len(dst) == before && l.misspelling(doc, i, key) {
			dst = l.misspelt(doc, i, key, dst, before)
		}
	}
	return dst
}

// lookup tries every entry whose first word can match key, the normal form
// of token i or a reading of it, whose span is [start, end). h is the FNV-1a
// hash of key when hashed is true (the token's own normal form, which the
// tokenizer hashed); a reading is hashed here.
func (l *Lexicon) lookup(doc *tokenize.Document, i int, key []byte, h uint64, hashed bool, start, end int, dst []Match, before int) []Match {
	t := &doc.Tokens[i]
	word := t.Kind == tokenize.Word
	if word && len(key) >= l.prefixMin && l.mayStartStem(key) {
		// stems are probed at their lengths, hashing the key's start once
		ph := tokenize.FNVOffset
		for n, c := range key[:min(len(key), l.prefixMax)] {
			ph = fnvByte(ph, c)
			if l.prefixLen&(1<<(n+1)) != 0 {
				if ids := l.prefixes.get(fix(ph), key[:n+1]); ids != nil {
					dst = l.tryAll(doc, i, ids, dst, before, part{start, end, false})
				}
			}
		}
	}
	if !hashed {
		h = fnvBytes(key)
	}
	if l.exact.filter.MayHave(fix(h)) { // most tokens start no entry: the filter says so
		if k := l.exact.find(fix(h), key); k >= 0 {
			dst = l.tryExact(doc, i, key, h, k, dst, before, part{start, end, false})
		}
	}
	if t.Flags&tokenize.Spaced != 0 {
		// a phrase written as one run of spaced letters: "t u e z l e s"
		if ids := l.joined.get(fix(h), key); ids != nil {
			dst = l.tryAll(doc, i, ids, dst, before, part{start, end, true})
		}
	}
	if t.Flags&tokenize.Masked != 0 && !maskedProfanity(key) {
		l.maskIndex()
		if ids := l.masked.get(fix(h), key); ids != nil {
			dst = l.tryAll(doc, i, ids, dst, before, part{start, end, false})
		}
		if word {
			dst = l.stems(doc, i, key, &l.maskedPrefixes, l.prefixLen, dst, before, start, end)
		}
	}
	var sq [64]byte
	if t.Flags&tokenize.Elongated != 0 && len(key) <= len(sq) {
		s := squeezeInto(sq[:0], key)
		if ids := l.squeezed.get(hashBytes(s), s); ids != nil {
			dst = l.tryAll(doc, i, ids, dst, before, part{start, end, false})
		}
		if word {
			dst = l.stems(doc, i, s, &l.sqPrefixes, l.sqPrefixLen, dst, before, start, end)
		}
	}
	return dst
}

// tryExact tries the entries whose exact first word is key, the normal form
// of token i (or a reading of it) whose FNV-1a hash is h and whose index in
// the exact table's keys is k. When key starts phrases indexed by their
// first two words and the next token is written plainly, only the phrases
// that go on with that token are tried.
func (l *Lexicon) tryExact(doc *tokenize.Document, i int, key []byte, h uint64, k int32, dst []Match, before int, pt part) []Match {
	ids := l.exact.entries(k)
	lk := l.looseKey[k]
	if lk < 0 {
		return l.tryAll(doc, i, ids, dst, before, pt)
	}
	loose := l.loose.entries(lk)
	j := nextWord(doc, i)
	if j < 0 { // no phrase that goes on with a next word can match
		return l.tryAll(doc, i, loose, dst, before, pt)
	}
	if doc.Tokens[j].Flags&tokenize.Obfuscated != 0 || l.misspelling(doc, j, doc.NormBytes(j)) {
		return l.tryAll(doc, i, ids, dst, before, pt) // a disguised or misspelt word: read it every way
	}
	var pairs []int32
	if ph := pairHash(h, doc.NormHash(j)); l.bigrams.filter.MayHave(ph) {
		pairs = l.bigrams.getPair(ph, key, doc.NormBytes(j))
	}
	// in entry order, as tryAll over ids would give them
	var next, after window // the tokens after i, after j
	for len(loose) > 0 && len(pairs) > 0 {
		if loose[0] < pairs[0] {
			dst = l.tryIn(doc, i, &next, loose[:1], dst, before, pt)
			loose = loose[1:]
		} else {
			dst = l.tryPairs(doc, i, j, &next, &after, pairs[:1], dst, before, pt)
			pairs = pairs[1:]
		}
	}
	dst = l.tryIn(doc, i, &next, loose, dst, before, pt)
	return l.tryPairs(doc, i, j, &next, &after, pairs, dst, before, pt)
}

// tryPairs is tryAll for the entries whose first two words are the normal
// forms of tokens i and j, the next word, written plainly (the bigram
// index; the second word may be elided at j). matchRest matches such a
// phrase's second word at j and nothing else, so the phrase goes on after
// j, and one whose third word none of the tokens after j can match is
// passed over: "in the" starts 8 phrases, "c'est" 26. next and after hold
// the signatures of the tokens after i and after j.
func (l *Lexicon) tryPairs(doc *tokenize.Document, i, j int, next, after *window, ids []int32, dst []Match, before int, pt part) []Match {
	for k, id := range ids {
		if p := &l.pats[id]; after.allows(doc, j, p.third, p.thirdGap) {
			dst = l.tryIn(doc, i, next, ids[k:k+1], dst, before, pt)
		}
	}
	return dst
}

func fnvByte(h uint64, c byte) uint64 { return tokenize.HashByte(h, c) }

// nextWord returns the token a phrase's second word must match after token
// i, as matchRest reads it (hashtags and emoji are passed over), or -1 when
// the phrase cannot go on: the text or the sentence ends, or punctuation or
// a mention comes first.
func nextWord(doc *tokenize.Document, i int) int {
	toks := doc.Tokens
	for j := i + 1; j < len(toks); j++ {
		t := &toks[j]
		if t.Flags&tokenize.SentenceStart != 0 || t.Kind == tokenize.Punct || t.Kind == tokenize.Mention {
			return -1
		}
		if t.Kind != tokenize.Hashtag && t.Kind != tokenize.Emoji {
			return j
		}
	}
	return -1
}

// mayStartStem reports whether key can start with a stem (an entry whose
// first word ends with *): few words start with the first two letters of
// one, and the others are not hashed at every stem length.
func (l *Lexicon) mayStartStem(key []byte) bool {
	if l.prefixLen == 0 {
		return false
	}
	if len(key) < 2 {
		return true // only when some stem has one letter: prefixMin ≤ len(key)
	}
	k := uint16(key[0])<<8 | uint16(key[1])
	return l.stemStarts[k>>6]&(1<<(k&63)) != 0
}

// stems tries the entries of index whose first word is a stem that key
// starts with; bit n of lens is set when index has keys of n bytes. It serves
// the rarer readings (masked, elongated), which hash each prefix anew.
func (l *Lexicon) stems(doc *tokenize.Document, i int, key []byte, index *table, lens uint64, dst []Match, before, start, end int) []Match {
	if index.n == 0 {
		return dst
	}
	for n := 1; n <= len(key) && n < 64; n++ {
		if lens&(1<<n) == 0 {
			continue
		}
		if ids := index.get(hashBytes(key[:n]), key[:n]); ids != nil {
			dst = l.tryAll(doc, i, ids, dst, before, part{start, end, false})
		}
	}
	return dst
}

// maxLeetOnes is how many ambiguous leet letters (1 and | read as i or l)
// leetReadings tries both ways: 2^4 readings at most.
const maxLeetOnes = 4

// leetReadings looks up the readings of token i in which some of its 1 and |,
// which the tokenizer reads as i, are read as l instead (k1ll, 4ll4h → allah).
// Only tokens whose letters each give one byte of the normal form are tried,
// so that the surface's characters align with the normal form's bytes.
func (l *Lexicon) leetReadings(doc *tokenize.Document, i int, key []byte, dst []Match, before int) []Match {
	t := &doc.Tokens[i]
	var buf [64]byte
	if len(key) > len(buf) || t.Flags&tokenize.Invisible != 0 {
		return dst
	}
	var ones [maxLeetOnes]int
	n, k := 0, 0
	for _, r := range doc.Text[t.Start:t.End] {
		if k == len(key) {
			return dst // not aligned
		}
		if key[k] == 'i' && (r == '1' || r == '|') {
			if n == maxLeetOnes {
				return dst
			}
			ones[n] = k
			n++
		}
		k++
	}
	if k != len(key) {
		return dst
	}
	for set := 1; set < 1<<n; set++ {
		alt := append(buf[:0], key...)
		for b := 0; b < n; b++ {
			if set&(1<<b) != 0 {
				alt[ones[b]] = 'l'
			}
		}
		dst = l.lookup(doc, i, alt, 0, false, t.Start, t.End, dst, before)
	}
	return dst
}

// Bounds on the readings of spaced tokens that leave out one-letter words,
// so that the work per token stays small whatever the input.
const (
	maxSpacedLetters = 48 // longer runs of spaced letters are not split
	maxSpacedCuts    = 6  // one-letter words considered in one run
)

// spacedSplits looks up the words of a spaced token that a one-letter word
// (a, à or y, or I at its start) joins: a run of single letters cannot tell
// "m a r r y a m u j a h i d" from "marry a mujahid". It tries the parts
// between those letters; a part that ends before the token's end matches
// only entries that end inside it. The match's span is the part's own.
func (l *Lexicon) spacedSplits(doc *tokenize.Document, i int, key []byte, dst []Match, before int) []Match {
	t := &doc.Tokens[i]
	if len(key) < 4 || len(key) > maxSpacedLetters {
		return dst
	}
	// the offsets of the letters: letter k is text[starts[k]:ends[k]]
	var starts, ends [maxSpacedLetters]int
	n := 0
	text := doc.Text
	for p := t.Start; p < t.End; {
		r, size := utf8.DecodeRuneInString(text[p:t.End])
		switch {
		case unicode.IsLetter(r):
			if n == len(key) {
				return dst // a letter folded to more than one byte: no alignment
			}
			starts[n], ends[n] = p, p+size
			n++
		case unicode.Is(unicode.Mn, r) && n > 0:
			ends[n-1] = p + size
		}
		p += size
	}
	if n != len(key) {
		return dst
	}
	var cuts [maxSpacedCuts + 1]int // where parts start: 0, then after each one-letter word
	nc := 1
	if key[0] == 'i' || key[0] == 'a' || key[0] == 'y' {
		cuts[nc] = 1
		nc++
	}
	for k := 1; k < len(key)-1 && nc <= maxSpacedCuts; k++ {
		if key[k] == 'a' || key[k] == 'y' {
			cuts[nc] = k + 1
			nc++
		}
	}
	for a := 0; a < nc; a++ {
		s := cuts[a]
		// the part from s to the end, then to each one-letter word after s
		for b := a; b < nc; b++ {
			e := len(key)
			if b > a {
				e = cuts[b] - 1
			} else if s == 0 {
				continue // the whole token: already tried
			}
			if e-s < 3 {
				continue
			}
			dst = l.lookupPart(doc, i, key[s:e], starts[s], ends[e-1], e < len(key), dst, before)
		}
		if key[len(key)-1] == 'a' || key[len(key)-1] == 'y' {
			// a one-letter word at the very end: "c a l i f a t a"
			if e := len(key) - 1; e-s >= 3 {
				dst = l.lookupPart(doc, i, key[s:e], starts[s], ends[e-1], true, dst, before)
			}
		}
	}
	return dst
}

// lookupPart looks up part of spaced token i, whose span is [start, end); an
// inner part (one that stops before the token's end) matches only entries
// that end inside it.
func (l *Lexicon) lookupPart(doc *tokenize.Document, i int, key []byte, start, end int, inner bool, dst []Match, before int) []Match {
	n := len(dst)
	dst = l.lookup(doc, i, key, 0, false, start, end, dst, before)
	if inner {
		k := n
		for _, m := range dst[n:] {
			if m.Last == int32(i+1) {
				dst[k] = m
				k++
			}
		}
		dst = dst[:k]
	}
	return dst
}

// part is the part of a token that a reading of it covers.
type part struct {
	start, end int  // its span: the token's own unless a reading left some of it out
	joined     bool // it holds all the words of the entry, written together
}

// tryAll tries each candidate entry whose first word matched token i (or, for
// a joined part, all of whose words did), and appends the matches that are
// not already there (from index from on).
func (l *Lexicon) tryAll(doc *tokenize.Document, i int, ids []int32, dst []Match, from int, pt part) []Match {
	var win window
	return l.tryIn(doc, i, &win, ids, dst, from, pt)
}

// tryIn is tryAll with win, the signatures of the tokens after i, which the
// caller keeps across calls for the same token.
func (l *Lexicon) tryIn(doc *tokenize.Document, i int, win *window, ids []int32, dst []Match, from int, pt part) []Match {
	for _, id := range ids {
		p := &l.pats[id]
		if p.number && !standaloneNumber(doc, i) {
			continue
		}
		last, flags, ok := i+1, doc.Tokens[i].Flags, true
		if len(p.words) > 1 && !pt.joined {
			if !win.allows(doc, i, p.second, p.secondGap) {
				continue
			}
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
		end := pt.end
		if last-1 > i {
			end = doc.Tokens[last-1].End
			if lw := &p.words[len(p.words)-1]; trailingLetter(lw, doc.NormBytes(last-1), doc.Tokens[last-1].Flags) {
				end = spacedEndWithoutLast(doc, last-1)
			}
		}
		dst = append(dst, Match{Entry: id, First: int32(i), Last: int32(last), Start: pt.start, End: end, Flags: flags})
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
		key := doc.NormBytes(j)
		if wordMatches(&words[w], key, doc.Text[t.Start:t.End], t.Flags) {
			if end, f, ok := l.matchRest(doc, words, w+1, j+1, flags|t.Flags); ok {
				return end, f, true
			}
		} else if x := &words[w]; !x.prefix && x.kind == tokenize.Word && len(x.key) >= minFuzzy && oneEdit(key, x.key) && l.misspelling(doc, j, key) {
			if end, f, ok := l.matchRest(doc, words, w+1, j+1, flags|t.Flags|tokenize.Misspelt); ok {
				return end, f, true
			}
		} else if k := joinedWords(words, w, key, t.Flags); k > 0 {
			if end, f, ok := l.matchRest(doc, words, w+k, j+1, flags|t.Flags); ok {
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

// wordMatches reports whether a token's normal form matches one word of a
// term, reading its disguises as Match does; surface is what the writer typed.
func wordMatches(w *word, key []byte, surface string, flags tokenize.Flags) bool {
	want := w.key
	if string(key) == want || w.prefix && len(key) >= len(want) && string(key[:len(want)]) == want {
		return true
	}
	if flags&tokenize.Elided != 0 && !w.prefix && elidable(want) && elides(want, key) {
		return true // "horde de" reads "horde d'Arabes"
	}
	if flags&tokenize.Obfuscated == 0 {
		return false
	}
	if trailingLetter(w, key, flags) {
		return true
	}
	if flags&tokenize.Leet != 0 && flags&tokenize.Invisible == 0 {
		if w.prefix && len(key) > len(want) && len(surface) == len(key) {
			// an ASCII token: compare its start with the stem
			if leetEqual(key[:len(want)], surface[:len(want)], want) {
				return true
			}
		} else if leetEqual(key, surface, want) {
			return true
		}
	}
	if w.prefix && len(key) > len(want) && flags&tokenize.Elongated == 0 {
		key = key[:len(want)] // compare the token's start with the stem
	}
	if flags&tokenize.Elongated != 0 {
		var a, b [64]byte
		if len(key) <= len(a) && len(want) <= len(b) {
			sk, sw := squeezeInto(a[:0], key), squeezeInto(b[:0], []byte(want))
			if w.prefix {
				return len(sk) >= len(sw) && bytes.Equal(sk[:len(sw)], sw)
			}
			return bytes.Equal(sk, sw)
		}
	}
	if flags&tokenize.Masked != 0 && len(key) == len(want) && len(key) >= 4 {
		masks := 0
		for k := 0; k < len(key); k++ {
			if key[k] != want[k] {
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

// maskedProfanity reports whether the masked key fits a swear word.
func maskedProfanity(key []byte) bool {
	for _, p := range profanity {
		if len(p) != len(key) {
			continue
		}
		fits := true
		for k := 0; k < len(key) && fits; k++ {
			fits = key[k] == p[k] || key[k] == '*'
		}
		if fits {
			return true
		}
	}
	return false
}

// joinedWords returns how many words of a term, from words[w] on, a spaced
// token spells written together ("a s h a h e e d" is "a" + "shaheed"), or 0
// when it spells fewer than two whole words.
func joinedWords(words []word, w int, key []byte, flags tokenize.Flags) int {
	if flags&tokenize.Spaced == 0 {
		return 0
	}
	k := 0
	for w+k < len(words) && len(key) > 0 {
		x := &words[w+k]
		if x.prefix || x.kind != tokenize.Word || k > 0 && x.gap || len(key) < len(x.key) || string(key[:len(x.key)]) != x.key {
			return 0
		}
		key = key[len(x.key):]
		k++
	}
	if len(key) > 0 || k < 2 {
		return 0
	}
	return k
}

// trailingLetter reports whether a spaced token matches word w once the
// one-letter word (a, à, y) that its run swallowed at its end is left out:
// "a l l é g e a n c e à l'émir".
func trailingLetter(w *word, key []byte, flags tokenize.Flags) bool {
	n := len(key) - 1
	return flags&tokenize.Spaced != 0 && !w.prefix && n == len(w.key) && n >= 3 &&
		(key[n] == 'a' || key[n] == 'y') && string(key[:n]) == w.key
}

// spacedEndWithoutLast returns the end of spaced token j without its last
// letter (with its marks), the separator before it and a final dot.
func spacedEndWithoutLast(doc *tokenize.Document, j int) int {
	t := &doc.Tokens[j]
	text := doc.Text
	q := t.End
	if text[q-1] == '.' {
		q--
	}
	for q > t.Start {
		r, size := utf8.DecodeLastRuneInString(text[t.Start:q])
		q -= size
		if !unicode.Is(unicode.Mn, r) {
			break
		}
	}
	if q-1 > t.Start {
		return q - 1
	}
	return t.End
}

// leetEqual reports whether key equals want when some of the i that the
// tokenizer read from a leet 1 or | are read as l. The characters of surface
// must align with the bytes of key.
func leetEqual(key []byte, surface, want string) bool {
	if len(key) != len(want) {
		return false
	}
	k := 0
	for _, r := range surface {
		if k == len(key) {
			return false
		}
		if key[k] != want[k] && !(key[k] == 'i' && want[k] == 'l' && (r == '1' || r == '|')) {
			return false
		}
		k++
	}
	return k == len(key)
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
		if k == i-1 {
			switch string(doc.NormBytes(k)) {
			case "en", "in", "an", "year", "annee", "depuis", "since", "vers", "circa":
				return false // a year: né en 1488, in 1488, l'an 1488
			}
		}
	}
	return true
}

func isDigitOrSep(c byte) bool {
	return c >= '0' && c <= '9' || c == '.' || c == ',' || c == '/' || c == ':' || c == '-' || c == '+' || c == '$' || c == '#'
}

// elides reports whether key, an elided French word (d', l', qu', with a
// straight or typographic apostrophe), is word want written before a vowel:
// a term's "de" is the "d'" of "d'Arabes", its "le" or "la" the "l'" of
// "l'islam".
func elides(want string, key []byte) bool {
	switch {
	case bytes.HasSuffix(key, []byte("'")):
		key = key[:len(key)-1]
	case bytes.HasSuffix(key, []byte("’")):
		key = key[:len(key)-len("’")]
	default:
		return false
	}
	n := len(key)
	return n >= 1 && len(want) == n+1 && (want[n] == 'e' || want[n] == 'a') && string(key) == want[:n]
}

// A token's signature is a 64-bit set that a word of a term can match only
// if it shares a bit with it: the bit of the token's first and last bytes,
// which a word equal to the token's normal form or one edit from it
// (oneEdit) has too, the bit of its first and second-to-last bytes (a word
// whose last two letters it swaps), and for an elided token the bits of the words it may
// stand for (elides), or every bit for a disguised token, which other
// readings may match (wordMatches, joinedWords). A phrase's
// second word must match one of the tokens after its first, so tryAll
// passes over a phrase when none of their signatures meets its own, and
// a frequent first word ("je", "nous", "on") that starts twenty phrases
// with a gap ("je ... tuerai") costs a few bit tests; tryPairs does the
// same with the third word.
const anySignature = ^uint64(0)

// signatureBit is the signature bit of a word whose first and last bytes
// are a and b.
func signatureBit(a, b byte) uint64 { return 1 << ((uint(a)*5 + uint(b)) & 63) }

// wordSignature returns the signatures that can match word k of a term: the
// bit of its first and last bytes for an exact word, every bit for a stem
// or a term of k words or fewer (it has no such word to check).
func wordSignature(words []word, k int) uint64 {
	if len(words) <= k || words[k].prefix || words[k].key == "" {
		return anySignature
	}
	w := words[k].key
	return signatureBit(w[0], w[len(w)-1])
}

// signature returns the signature of token j.
func signature(doc *tokenize.Document, j int) uint64 {
	t := &doc.Tokens[j]
	if t.Flags&tokenize.Obfuscated != 0 {
		return anySignature
	}
	key := doc.NormBytes(j)
	if len(key) == 0 {
		return 0
	}
	n := len(key)
	sig := signatureBit(key[0], key[n-1])
	if n >= 3 {
		// a word whose last two letters it swaps (oneEdit): "shoudl" may be "should"
		sig |= signatureBit(key[0], key[n-2])
	}
	if t.Flags&tokenize.Elided != 0 {
		// the word it stands for, as elides reads it: d' is de, l' le or la
		sig |= signatureBit(key[0], 'e') | signatureBit(key[0], 'a')
	}
	return sig
}

// window holds the signatures of the tokens in which the word of a phrase
// that follows the word matched at token i can be, as matchRest reads them:
// the first token after i (next), or any of the first maxGap+1 (gap) when
// the word follows a gap; hashtags and emoji are passed over, and
// punctuation, a mention or a new sentence ends the window. It is computed
// on first use.
type window struct {
	next, gap uint64
	done      bool
}

// allows reports whether a phrase whose next word has the signatures want,
// after a gap or not, may go on after token i.
func (x *window) allows(doc *tokenize.Document, i int, want uint64, gap bool) bool {
	if want == anySignature {
		return true
	}
	if !x.done {
		x.done = true
		n := 0
		for j := i + 1; j < len(doc.Tokens) && n <= maxGap; j++ {
			t := &doc.Tokens[j]
			if t.Flags&tokenize.SentenceStart != 0 || t.Kind == tokenize.Punct || t.Kind == tokenize.Mention {
				break
			}
			if t.Kind == tokenize.Hashtag || t.Kind == tokenize.Emoji {
				continue
			}
			sig := signature(doc, j)
			if n == 0 {
				x.next = sig
			}
			x.gap |= sig
			n++
		}
	}
	if gap {
		return x.gap&want != 0
	}
	return x.next&want != 0
}
