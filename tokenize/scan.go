package tokenize

import (
	"encoding/binary"
	"math/bits"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Document is a text cut into tokens. Tokens are in text order and do not
// overlap, except that a hashtag is followed by the words inside it.
//
// A Document can be reused with Reset to tokenize many texts without
// allocating. It is not safe for concurrent use; NormBytes slices stay valid
// until the next Reset.
type Document struct {
	Text   string  // the original text, unchanged
	Tokens []Token // the tokens, in text order
	Lang   Lang    // the language of the text, from its function words

	// Literal turns off the normalisations that undo disguise: leetspeak,
	// look-alike letters (other scripts, fullwidth and mathematical
	// alphabets), invisible characters inside words (they separate words
	// instead), spaced and dotted letters, masks (* is punctuation) and the
	// Elongated flag. Case, accents and ligatures are still folded. It is
	// off by default; Reset honours its value. It exists to measure what
	// normalisation adds, by comparing the matches of a text read both ways.
	Literal bool

	norm      []byte  // normal forms of all tokens, back to back
	truncated bool    // the text was longer than MaxTextBytes
	nextFlags Flags   // flags for the next token (SentenceStart, AfterHyphen)
	sent      int32   // the sentence of the last token appended
	para      int32   // its paragraph
	marks     []int32 // the punctuation tokens that may be quotation or question marks, for structure
	// langHits counts the function words of each language, indexed by
	// Lang (Undetermined counts the other words that were looked up).
	langHits [4]int
}

// Tokenize cuts text into tokens and identifies its language.
func Tokenize(text string) *Document {
	d := &Document{}
	d.Reset(text)
	return d
}

// MaxTextBytes is the longest text a Document tokenizes. Normal forms, at
// most five times as long as the text they come from (a folded character
// grows at most 2.5 times, and a hashtag's words repeat it), are indexed
// with 32-bit offsets. Reset tokenizes only the first MaxTextBytes bytes of a
// longer text, cut at a character boundary, and Truncated reports it.
const MaxTextBytes = 256 << 20

// maxTextBytes is MaxTextBytes; tests lower it.
var maxTextBytes = MaxTextBytes

// Reset tokenizes text into d, reusing d's storage.
func (d *Document) Reset(text string) {
	scanned := text
	if len(text) > maxTextBytes {
		cut := maxTextBytes
		for cut > 0 && !utf8.RuneStart(text[cut]) {
			cut--
		}
		scanned = text[:cut]
	}
	d.Text = scanned
	d.Tokens = d.Tokens[:0]
	d.norm = d.norm[:0]
	d.nextFlags = SentenceStart
	d.sent, d.para = -1, 0
	d.marks = d.marks[:0]
	d.langHits = [4]int{}
	d.scan()
	d.structure()
	d.Lang = d.detectLang()
	d.Text = text
	d.truncated = len(scanned) < len(text)
}

// Truncated reports whether the text was longer than MaxTextBytes, so that
// only its first MaxTextBytes bytes were tokenized.
func (d *Document) Truncated() bool { return d.truncated }

// Norm returns the normal form of token i: the form the lexicon matches on.
func (d *Document) Norm(i int) string {
	return string(d.NormBytes(i))
}

// NormBytes returns the normal form of token i without copying it. The slice
// must not be modified and is valid until the next Reset.
func (d *Document) NormBytes(i int) []byte {
	t := &d.Tokens[i]
	return d.norm[t.n0:t.n1:t.n1]
}

// NormHash returns the 64-bit FNV-1a hash of NormBytes(i), the normal form
// of token i: offset basis 14695981039346656037, and for each byte an
// exclusive or with the byte, then a multiplication by the prime
// 1099511628211. It is computed while tokenizing, so that callers that key
// tables by normal form do not hash every token again.
func (d *Document) NormHash(i int) uint64 {
	return d.Tokens[i].hash
}

// NormASCII reports whether the normal form of token i is printable ASCII
// (every byte from '!' to '~'): a word of the Latin script once normalised.
// It is recorded while tokenizing.
func (d *Document) NormASCII(i int) bool { return d.Tokens[i].plain }

// fnvUnpow[m] is the inverse of FNVPrime to the power m, modulo 2^64: the
// prime is odd, so it has an inverse, found by Newton's iteration (each
// step doubles the number of correct low bits, from 3).
var fnvUnpow = func() (t [8]uint64) {
	inv := FNVPrime
	for range 6 {
		inv *= 2 - FNVPrime*inv
	}
	t[0] = 1
	for m := 1; m < len(t); m++ {
		t[m] = t[m-1] * inv
	}
	return t
}()

// fnv1a returns the 64-bit FNV-1a hash of b.
func fnv1a(b []byte) uint64 { return Hash(b) }

// Surface returns the original text of token i.
func (d *Document) Surface(i int) string {
	t := &d.Tokens[i]
	return d.Text[t.Start:t.End]
}

// emit appends a token whose normal form is d.norm[n0:].
func (d *Document) emit(start, end int, kind Kind, flags Flags, n0 int) {
	d.emitHashed(start, end, kind, flags, n0, fnv1a(d.norm[n0:]))
}

// emitHashed is emit for a caller that has already hashed the normal form:
// h is fnv1a(d.norm[n0:]).
func (d *Document) emitHashed(start, end int, kind Kind, flags Flags, n0 int, h uint64) {
	flags |= d.nextFlags
	d.nextFlags = 0
	n1 := len(d.norm)
	d.appendToken(start, end, kind, flags, n0, n1, h, printableASCII(d.norm[n0:n1]))
	if kind == Word && n1-n0 <= maxFunctionWord {
		d.countFunctionWord(d.norm[n0:n1])
	}
}

// appendToken appends a token. The fields are stored one by one into the
// slice: appending a Token literal builds it on the stack and copies it with
// wide loads that wait for the narrow stores, which costs more than the rest
// of a short token.
// plain says that the normal form is printable ASCII (see NormASCII).
func (d *Document) appendToken(start, end int, kind Kind, flags Flags, n0, n1 int, h uint64, plain bool) {
	if len(d.Tokens) == cap(d.Tokens) {
		d.Tokens = append(d.Tokens, Token{})[:len(d.Tokens)]
	}
	d.Tokens = d.Tokens[:len(d.Tokens)+1]
	if flags&(SentenceStart|LineStart) != 0 || d.sent < 0 {
		d.newSentence(flags)
	}
	t := &d.Tokens[len(d.Tokens)-1]
	t.Start, t.End, t.Kind, t.plain, t.Flags, t.n0, t.n1, t.hash = start, end, kind, plain, flags, int32(n0), int32(n1), h
	t.Role, t.Sentence, t.Paragraph = 0, d.sent, d.para
}

// newSentence counts the sentence or paragraph that the token being
// appended, with flags, starts.
func (d *Document) newSentence(flags Flags) {
	if flags&SentenceStart != 0 || d.sent < 0 {
		d.sent++
	}
	if flags&LineStart != 0 && len(d.Tokens) > 1 {
		d.para++
	}
}

// printableASCII reports whether every byte of b is printable ASCII, from
// '!' to '~'.
func printableASCII(b []byte) bool {
	for _, c := range b {
		if c <= ' ' || c >= 0x7f {
			return false
		}
	}
	return true
}

// asciiClass gives the classes of each byte value, for the fast paths.
var asciiClass = func() (t [256]uint8) {
	for c := 0; c < utf8.RuneSelf; c++ {
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z':
			t[c] |= classLetter
		case c >= '0' && c <= '9':
		case c == '@': // a mention, an e-mail address, a leet a
		case c == '*', c == '!', c == '$', c == '|', c == '-', c == '\'':
			t[c] |= classPunct
		default:
			t[c] |= classPlainEnd
			if c > ' ' && c != '#' && c != 0x7f {
				t[c] |= classPunct
			}
		}
		if c == ' ' || c == '\t' || c == '\r' {
			t[c] |= classSpace
		}
		if t[c]&classPunct != 0 && c != '"' && c != '\'' && c != '(' && c != ')' {
			t[c] |= classRun
		}
	}
	return t
}()

// The byte classes of asciiClass.
const (
	classLetter = 1 << iota // an ASCII letter
	// classPlainEnd is an ASCII byte that ends a word of letters whatever
	// comes next: not a letter or a digit, and none of the characters that
	// word looks at twice (@ of an e-mail address or a leet a, * of a mask,
	// ! $ | of leetspeak, a hyphen, an apostrophe). Bytes of other
	// characters (0x80 and up) are not in it.
	classPlainEnd
	classSpace // a blank that separates tokens: space, tab, carriage return
	// classPunct is a byte that step takes for punctuation on its own:
	// visible ASCII that is not a letter, a digit, # or @, which can start
	// hashtags and mentions.
	classPunct
	classRun // punctuation of which a run makes one token (!!!, --)
)

func isASCIILetter(c byte) bool { return c|0x20 >= 'a' && c|0x20 <= 'z' }
func isDigit(c byte) bool       { return c >= '0' && c <= '9' }

// letterAt reports whether a letter (or combining mark) starts at byte i.
func (d *Document) letterAt(i int) bool {
	if i >= len(d.Text) {
		return false
	}
	c := d.Text[i]
	if c < utf8.RuneSelf {
		return isASCIILetter(c)
	}
	r, _ := utf8.DecodeRuneInString(d.Text[i:])
	return unicode.IsLetter(r) || unicode.Is(unicode.Mn, r)
}

// appendFold appends the folded form of the non-ASCII rune r to d.norm and
// returns what folding did. A literal document keeps look-alike letters and
// compatibility digits as written, in lower case.
func (d *Document) appendFold(r rune) Flags {
	f, fl := foldRune(r)
	if d.Literal && fl&(Homoglyph|Invisible) != 0 {
		f, fl = "", 0
	}
	if f == "" && fl == 0 {
		d.norm = utf8.AppendRune(d.norm, unicode.ToLower(r))
		return 0
	}
	d.norm = append(d.norm, f...)
	return fl
}

// invisibleRun returns the end of the run of invisible characters that
// starts at byte i (i itself when there is none).
func (d *Document) invisibleRun(i int) int {
	for i < len(d.Text) && d.Text[i] >= utf8.RuneSelf {
		r, size := utf8.DecodeRuneInString(d.Text[i:])
		if !isInvisible(r) {
			break
		}
		i += size
	}
	return i
}

// leetWordAt reports whether a word in leetspeak starts at byte i: one to
// three leet digits or symbols, then a letter (41lah, @9hout).
func (d *Document) leetWordAt(i int) bool {
	for k := 0; k < 3 && i < len(d.Text); k++ {
		if c := d.Text[i]; !(d.leetDigitAt(i) || isLeetSymbol(c) && c != '$') {
			break
		}
		i++
		if d.letterAt(i) {
			return true
		}
	}
	return false
}

// leetDigitAt reports whether an ASCII digit that reads as a letter is at byte i.
func (d *Document) leetDigitAt(i int) bool {
	return i < len(d.Text) && isDigit(d.Text[i]) && leet(d.Text[i]) != 0
}

// wordRuneAt reports whether a letter, mark or digit starts at byte i.
func (d *Document) wordRuneAt(i int) bool {
	if i >= len(d.Text) {
		return false
	}
	if isDigit(d.Text[i]) {
		return true
	}
	return d.letterAt(i)
}

func (d *Document) scan() {
	text := d.Text
	n := len(text)
	for i := 0; i < n; {
		// The fast paths: what step would do for the commonest bytes,
		// without its dispatch.
		switch c := text[i]; asciiClass[c] & (classSpace | classLetter | classPunct) {
		case classSpace:
			i++
			continue
		case classLetter:
			if j := d.plainWord(i); j > i {
				i = j
				continue
			}
		case 0:
			if c == 0xC3 { // À to ÿ
				if j := d.latinWord(i); j > i {
					i = j
					continue
				}
			}
		case classPunct:
			size := 1
			if asciiClass[c]&classRun != 0 {
				for i+size < n && text[i+size] == c {
					size++ // a run of the same mark: --, !!!, ...
				}
			}
			i = d.punct(i, size)
			continue
		}
		j := d.step(i)
		if j <= i {
			// never reached by design; a guarantee that scanning ends
			_, size := utf8.DecodeRuneInString(text[i:])
			j = i + size
		}
		i = j
	}
}

// plainWord is the fast path of word for the commonest word: two to fifteen
// ASCII letters followed by a byte of classPlainEnd. It emits the word as
// word would and returns its end, or returns what latinWord returns (which
// may be i: nothing emitted) for any other word. It reads eight bytes at a
// time (SWAR: SIMD within a register), so that a word is found, lowered,
// hashed, checked for elongation and for a function word without a loop or
// a branch that depends on its length.
func (d *Document) plainWord(i int) int {
	text := d.Text
	if len(text)-i < 8 {
		return d.latinWord(i)
	}
	lower, k := swarLetters(load8(text[i : i+8]))
	switch {
	case k == 8:
		return d.plainLongWord(i, lower)
	case k < 2:
		return d.latinWord(i) // a single letter, an accent or an apostrophe next
	}
	if c0, c1 := byte(lower), byte(lower>>8); c0 == 'h' && c1 == 't' || c0 == 'w' && c1 == 'w' {
		return i // http://, https:// or www.: url decides
	}
	j := i + k
	if asciiClass[text[j]]&classPlainEnd == 0 {
		return d.latinWord(i) // an accent or an apostrophe, maybe
	}
	lw := lower & (1<<(8*k) - 1) // the normal form, zero beyond
	n0 := len(d.norm)
	if cap(d.norm)-n0 < 8 {
		d.norm = slices.Grow(d.norm, 8)
	}
	binary.LittleEndian.PutUint64(d.norm[n0:n0+8], lw)
	d.norm = d.norm[:n0+k]
	h := fnvFinish(fnvSeven(FNVOffset, lw), k)
	flags := d.nextFlags
	d.nextFlags = 0
	if hasTriple(lw, k-2) && !d.Literal && !oneLetter(d.norm[n0:]) { // III, aaaa: not elongated
		flags |= Elongated
	}
	d.appendToken(i, j, Word, flags, n0, n0+k, h, true) // letters
	d.countFunctionKey(lw | uint64(k)<<56)
	if text[j] == ' ' {
		return j + 1 // the space, as scan would skip it
	}
	return d.afterPlainWord(i, j)
}

// plainLongWord is plainWord for a word whose first eight bytes are
// letters, lower is their lower case: it reads eight more.
func (d *Document) plainLongWord(i int, lower uint64) int {
	text := d.Text
	if len(text)-i < 16 {
		return d.latinWord(i)
	}
	lower2, k2 := swarLetters(load8(text[i+8 : i+16]))
	if k2 == 8 {
		return d.latinWord(i) // sixteen letters or more
	}
	if c0, c1 := byte(lower), byte(lower>>8); c0 == 'h' && c1 == 't' || c0 == 'w' && c1 == 'w' {
		return i // http://, https:// or www.: url decides
	}
	j := i + 8 + k2
	if asciiClass[text[j]]&classPlainEnd == 0 {
		return d.latinWord(i)
	}
	lw2 := lower2 & (1<<(8*k2) - 1)
	n0 := len(d.norm)
	if cap(d.norm)-n0 < 16 {
		d.norm = slices.Grow(d.norm, 16)
	}
	binary.LittleEndian.PutUint64(d.norm[n0:n0+8], lower)
	binary.LittleEndian.PutUint64(d.norm[n0+8:n0+16], lw2)
	d.norm = d.norm[:n0+8+k2]
	h := FNVOffset
	h = (fnvSeven(h, lower) ^ lower>>56) * FNVPrime
	h = fnvFinish(fnvSeven(h, lw2), k2)
	flags := d.nextFlags
	d.nextFlags = 0
	// triples within the first eight letters, across the two halves
	// (letters 6 to 13) and within the second half
	triple := hasTriple(lower, 6) || hasTriple(lower>>48|lw2<<16, min(k2, 6)) || hasTriple(lw2, k2-2)
	if triple && !d.Literal && !oneLetter(d.norm[n0:]) {
		flags |= Elongated
	}
	d.appendToken(i, j, Word, flags, n0, n0+8+k2, h, true) // letters
	return d.afterPlainWord(i, j)
}

// afterPlainWord returns where scanning goes on after a plain word [i, j):
// past a space that follows it, or past the bare domain name that it starts.
func (d *Document) afterPlainWord(i, j int) int {
	switch d.Text[j] {
	case ' ':
		return j + 1 // the space, as scan would skip it
	case '.':
		// a bare domain name such as justpaste.it: take it back as a URL
		if e := d.bareDomain(i); e > j {
			return e
		}
	}
	return j
}

// load8 returns the first eight bytes of b, the first in the lowest byte.
func load8(b string) uint64 {
	b = b[:8]
	return uint64(b[0]) | uint64(b[1])<<8 | uint64(b[2])<<16 | uint64(b[3])<<24 |
		uint64(b[4])<<32 | uint64(b[5])<<40 | uint64(b[6])<<48 | uint64(b[7])<<56
}

// swarLetters returns the eight bytes w (from load8) with the 0x20 bit of
// lower case set, and how many of them, from the first, are ASCII letters.
func swarLetters(w uint64) (lower uint64, letters int) {
	// A byte is an ASCII letter when its low seven bits, with the 0x20 of
	// lower case set, are from 'a' to 'z', and its top bit is clear. The
	// additions set the top bit of a byte when it is at least 'a' (+0x1f)
	// or above 'z' (+0x05); bytes are at most 0x7f, so no carry crosses
	// into the next byte.
	lower = w | 0x2020202020202020
	low7 := lower & 0x7f7f7f7f7f7f7f7f
	isLetter := (low7 + 0x1f1f1f1f1f1f1f1f) &^ (low7 + 0x0505050505050505) &^ w & 0x8080808080808080
	return lower, bits.TrailingZeros64(^isLetter&0x8080808080808080) >> 3
}

// fnvSeven continues the FNV-1a hash h over the seven low bytes of v, first
// byte lowest, without a loop.
func fnvSeven(h, v uint64) uint64 {
	h = (h ^ v&0xff) * FNVPrime
	h = (h ^ v>>8&0xff) * FNVPrime
	h = (h ^ v>>16&0xff) * FNVPrime
	h = (h ^ v>>24&0xff) * FNVPrime
	h = (h ^ v>>32&0xff) * FNVPrime
	h = (h ^ v>>40&0xff) * FNVPrime
	return (h ^ v>>48&0xff) * FNVPrime
}

// fnvFinish turns fnvSeven's hash over k bytes followed by 7-k zero bytes
// into the hash over the k bytes alone: a round over a zero byte only
// multiplies by the prime, which fnvUnpow undoes.
func fnvFinish(h uint64, k int) uint64 { return h * fnvUnpow[(7-k)&7] }

// hasTriple reports whether one of the first m bytes of v (m at most 6),
// lowest first, is equal to the two that follow it. x has a zero byte where
// a byte equals the next one, y where it also equals the one after; the
// bytes from m on are set so that they do not count, and
// (y-0x01...)&^y&0x80... is not zero when y has a zero byte.
func hasTriple(v uint64, m int) bool {
	x := v ^ v>>8
	y := x | x>>8 | ^uint64(0)<<(8*max(m, 0))
	return (y-0x0101010101010101)&^y&0x8080808080808080 != 0
}

// latinWord is the fast path of word for words of ASCII letters and of the
// letters of Latin-1 (À to ÿ, which fold to one or two ASCII letters) that
// are followed by the end of the text, a byte of classPlainEnd, or an
// apostrophe that makes them a French elision (l', qu'). It emits what word
// would and returns the end, or returns i and emits nothing when the word
// needs the general loop of word. It reads one byte at a time: plainWord
// passes it the words that its eight bytes at a time cannot take.
func (d *Document) latinWord(i int) int {
	text := d.Text
	n := len(text)
	// What spacedLetters and url would leave to word's loop: a letter
	// followed by a letter, by an apostrophe (c'est) or, when it stands
	// alone, by a space and a word of two letters or more (à la, a fait).
	w0 := d.latinLetterAt(i)
	if w0 == 0 {
		return i
	}
	switch next := i + w0; {
	case d.latinLetterAt(next) != 0:
	case next < n && text[next] == '\'', strings.HasPrefix(text[next:], "’"):
	case next < n && text[next] == ' ':
		if w1 := d.latinLetterAt(next + 1); w1 == 0 || d.latinLetterAt(next+1+w1) == 0 {
			return i
		}
	default:
		return i
	}
	if c0, c1 := text[i]|0x20, text[i+1]|0x20; c0 == 'h' && c1 == 't' || c0 == 'w' && c1 == 'w' {
		return i // http://, https:// or www.: url decides
	}
	n0 := len(d.norm)
	// Folding does not lengthen these letters. Eight bytes more let a
	// letter of two be written before its length is known, and the first
	// eight bytes be read at once.
	if cap(d.norm)-n0 < n-i+8 {
		d.norm = slices.Grow(d.norm, n-i+8)
	}
	dst := d.norm[n0 : n0+n-i+8]
	var flags Flags
	o := 0 // the length of the normal form
	k := i
	for k < n && o+2 <= len(dst) {
		c := text[k]
		if asciiClass[c]&classLetter != 0 {
			dst[o] = c | 0x20 // lower case
			o++
			k++
			continue
		}
		// U+00C0 to U+00FF are 0xC3 then 0x80 to 0xBF
		if c != 0xC3 || k+1 >= n || text[k+1]&0xC0 != 0x80 {
			break
		}
		f := &latinFold[text[k+1]&0x3f]
		if f.n == 0 {
			break
		}
		dst[o], dst[o+1] = f.s[0], f.s[1]
		o += int(f.n)
		flags |= f.flags
		k += 2
	}
	if k < n && asciiClass[text[k]]&classPlainEnd == 0 {
		// an elision: l'État, qu’il
		w := 0
		if text[k] == '\'' {
			w = 1
		} else if strings.HasPrefix(text[k:], "’") {
			w = len("’")
		}
		if w == 0 || d.latinLetterAt(k+w) == 0 || !isElision(dst[:o]) {
			return i
		}
		d.norm = append(d.norm[:n0+o], '\'')
		d.emit(i, k+w, Word, flags|Elided, n0)
		return k + w
	}
	d.norm = d.norm[:n0+o]
	flags |= d.nextFlags
	d.nextFlags = 0
	var h uint64
	if o <= 7 {
		// as in plainWord: eight bytes at once
		v := binary.LittleEndian.Uint64(dst[:8]) & (1<<(8*o) - 1)
		h = fnvFinish(fnvSeven(FNVOffset, v), o)
		if hasTriple(v, o-2) && !d.Literal && !oneLetter(dst[:o]) {
			flags |= Elongated
		}
		d.appendToken(i, k, Word, flags, n0, n0+o, h, true) // ASCII letters and apostrophes
		d.countFunctionKey(v | uint64(o)<<56)
	} else {
		h = fnv1a(dst[:o])
		if !d.Literal && elongated(dst[:o]) {
			flags |= Elongated
		}
		d.appendToken(i, k, Word, flags, n0, n0+o, h, true) // ASCII letters and apostrophes
	}
	if k < n {
		switch text[k] {
		case ' ':
			return k + 1 // the space that follows, as scan would skip it
		case '.':
			// a bare domain name such as justpaste.it: take it back as a URL
			if e := d.bareDomain(i); e > k {
				return e
			}
		}
	}
	return k
}

// latinLetterAt returns the width of the letter at byte i when it is an
// ASCII letter (1) or a letter of Latin-1 that folds to ASCII (2), or 0.
func (d *Document) latinLetterAt(i int) int {
	if i >= len(d.Text) {
		return 0
	}
	c := d.Text[i]
	if asciiClass[c]&classLetter != 0 {
		return 1
	}
	// U+00C0 to U+00FF are 0xC3 then 0x80 to 0xBF
	if c == 0xC3 && i+1 < len(d.Text) && d.Text[i+1]&0xC0 == 0x80 && latinFold[d.Text[i+1]&0x3f].n != 0 {
		return 2
	}
	return 0
}

// elongated reports whether the normal form key has a letter repeated three
// times in a row (jihaaaad) and is not one letter repeated (III, aaaa).
func elongated(key []byte) bool {
	run := 1
	for k := 1; k < len(key); k++ {
		if key[k] == key[k-1] && key[k] >= 'a' && key[k] <= 'z' {
			run++
			if run >= 3 {
				return !oneLetter(key)
			}
		} else {
			run = 1
		}
	}
	return false
}

// step scans what starts at byte i: a token, or a separator, and returns
// where the next one starts.
func (d *Document) step(i int) int {
	text := d.Text
	n := len(text)
	c := text[i]
	if c < utf8.RuneSelf {
		switch {
		case c == ' ' || c == '\t' || c == '\r':
			return i + 1
		case c == '\n' || c == '\v' || c == '\f':
			d.nextFlags |= SentenceStart | LineStart
			return i + 1
		case isASCIILetter(c):
			return d.word(i)
		case isDigit(c):
			return d.number(i)
		case c == '#' && d.wordRuneAt(i+1):
			return d.hashtag(i)
		case c == '@' && i+1 < n && (isASCIILetter(text[i+1]) || isDigit(text[i+1]) || text[i+1] == '_'):
			return d.mention(i)
		case c < ' ' || c == 0x7f:
			return i + 1 // control characters separate tokens and are not tokens
		}
		size := 1
		if c != '"' && c != '\'' && c != '(' && c != ')' {
			for i+size < n && text[i+size] == c {
				size++ // a run of the same mark: --, !!!, ...
			}
		}
		return d.punct(i, size)
	}
	r, size := utf8.DecodeRuneInString(text[i:])
	switch {
	case r == utf8.RuneError && size == 1:
		return i + 1 // invalid UTF-8: a separator
	case isInvisible(r):
		return i + size
	case unicode.IsLetter(r) || unicode.Is(unicode.Mn, r):
		return d.word(i)
	case unicode.IsSpace(r):
		if r == 0x2028 || r == 0x2029 || r == 0x85 {
			d.nextFlags |= SentenceStart | LineStart
		}
		return i + size
	case unicode.IsDigit(r):
		return d.number(i)
	case isEmoji(r):
		return d.emoji(i)
	case unicode.IsControl(r):
		return i + size
	}
	return d.punct(i, size)
}

// punct emits one punctuation or symbol character and marks the end of a
// sentence after . ! ? and the ellipsis.
func (d *Document) punct(i, size int) int {
	n0 := len(d.norm)
	s := d.Text[i : i+size]
	if c := s[0]; c < utf8.RuneSelf {
		var h uint64
		var plain bool
		if size == 1 {
			if c == '`' {
				c = '\''
			}
			d.norm = append(d.norm, c)
			h = (FNVOffset ^ uint64(c)) * FNVPrime
			plain = c > ' ' && c < 0x7f
		} else {
			d.norm = append(d.norm, s...)
			h = fnv1a(d.norm[n0:])
			plain = printableASCII(d.norm[n0:])
		}
		d.appendToken(i, i+size, Punct, d.nextFlags, n0, len(d.norm), h, plain)
		d.nextFlags = 0
		switch s[0] {
		case '.', '!':
			d.nextFlags = SentenceStart
		case '?':
			d.nextFlags = SentenceStart
			d.marks = append(d.marks, int32(len(d.Tokens)-1))
		case '"', '\'':
			d.marks = append(d.marks, int32(len(d.Tokens)-1))
		}
		return i + size
	}
	switch s {
	case "’", "‘", "ʼ", "`", "´":
		d.norm = append(d.norm, '\'')
	case "“", "”", "«", "»", "„", "‟", "〝", "〞", "＂":
		d.norm = append(d.norm, '"')
	default:
		d.norm = append(d.norm, s...)
	}
	d.emit(i, i+size, Punct, 0, n0)
	d.marks = append(d.marks, int32(len(d.Tokens)-1)) // not ASCII: a quotation mark, a question mark, or other
	switch s[0] {
	case '.', '!', '?':
		d.nextFlags |= SentenceStart
	default:
		switch s {
		case "…", "。", "？", "！", "؟":
			d.nextFlags |= SentenceStart
		}
	}
	return i + size
}

// apostropheAt returns the width of an apostrophe at byte i, or 0.
func (d *Document) apostropheAt(i int) int {
	if i >= len(d.Text) {
		return 0
	}
	switch d.Text[i] {
	case '\'':
		return 1
	case 0xE2: // ’ U+2019
		if i+2 < len(d.Text) && d.Text[i+1] == 0x80 && d.Text[i+2] == 0x99 {
			return 3
		}
	case 0xCA: // ʼ U+02BC
		if i+1 < len(d.Text) && d.Text[i+1] == 0xBC {
			return 2
		}
	}
	return 0
}

// word scans a word starting at i, splitting French elisions, English
// contractions and hyphenated compounds, and returns the end of what it consumed.
func (d *Document) word(i int) int {
	if !d.Literal {
		if j := d.spacedLetters(i); j > i {
			return j
		}
	}
	if j := d.url(i); j > i {
		return j
	}
	text := d.Text
	n := len(text)
	start := i
	n0 := len(d.norm)
	var flags Flags
	digits := false
	lastLetter := false // the previous character was a letter
	for i < n {
		c := text[i]
		if c < utf8.RuneSelf {
			switch {
			case isASCIILetter(c):
				d.norm = append(d.norm, c|0x20)
				lastLetter = true
				i++
				continue
			case isDigit(c):
				d.norm = append(d.norm, c)
				digits = true
				lastLetter = false
				i++
				continue
			}
			if c == '@' && (lastLetter || i > start && isDigit(text[i-1])) && i+1 < n && isASCIILetter(text[i+1]) {
				saved := len(d.norm)
				d.norm = d.norm[:n0]
				if j := d.email(start, i); j > i {
					return j
				}
				d.norm = d.norm[:saved]
			}
			if !d.Literal {
				switch {
				case c == '*' && i > start && (lastLetter || text[i-1] == '*') && (i+1 < n && (d.letterAt(i+1) || text[i+1] == '*')):
					d.norm = append(d.norm, '*')
					flags |= Masked
					lastLetter = false
					i++
					continue
				case c == '!' || c == '$' || c == '|' || c == '@':
					if j := d.leetSymbols(start, i); j > i {
						for ; i < j; i++ {
							d.norm = append(d.norm, leet(text[i]))
						}
						flags |= Leet
						lastLetter = true
						continue
					}
				}
			}
			switch {
			case c == '-' && (lastLetter || i > start && d.leetDigitAt(i-1)) && (d.letterAt(i+1) || !d.Literal && d.leetDigitAt(i+1) && d.wordRuneAt(i+2)):
				d.finishWord(start, i, flags, digits, n0)
				d.nextFlags |= AfterHyphen
				return i + 1
			case c == '\'':
				if j, done := d.apostrophe(start, i, 1, flags, digits, n0); done {
					return j
				} else if j > i {
					i = j
					continue
				}
			}
			break
		}
		r, size := utf8.DecodeRuneInString(text[i:])
		if size == 1 && r == utf8.RuneError {
			break
		}
		if (r == '’' || r == 'ʼ') && i > start {
			if j, done := d.apostrophe(start, i, size, flags, digits, n0); done {
				return j
			} else if j > i {
				i = j
				continue
			}
			break
		}
		if isInvisible(r) {
			// zero-width characters slipped between the letters of a word
			if j := d.invisibleRun(i); !d.Literal && i > start && (d.wordRuneAt(j) || j < n && text[j] == '*' && lastLetter) {
				flags |= Invisible
				i = j
				continue
			}
			break
		}
		if unicode.IsLetter(r) || unicode.Is(unicode.Mn, r) {
			flags |= d.appendFold(r)
			lastLetter = true
			i += size
			continue
		}
		if unicode.IsDigit(r) {
			// fullwidth and mathematical digits are digits in disguise
			if f, fl := foldRune(r); !d.Literal && len(f) == 1 && isDigit(f[0]) {
				d.norm = append(d.norm, f[0])
				flags |= fl
				digits = true
			} else {
				d.norm = append(d.norm, text[i:i+size]...)
			}
			lastLetter = false
			i += size
			continue
		}
		break
	}
	d.finishWord(start, i, flags, digits, n0)
	if i < n && text[i] == '.' {
		// a bare domain name such as justpaste.it: take it back as a URL
		if j := d.bareDomain(start); j > i {
			return j
		}
	}
	return i
}

// leetSymbols returns the end of a run of one or two of ! $ | @ at byte i
// that stands for letters inside the word that started at start (j!had,
// ble$$ed, v@!s, 4p0$t@te), or i when the symbols are punctuation. The run
// must follow a letter or a leet digit of the word, and come before a letter
// or a leet digit. A ! after a small letter and before a capital ends a
// sentence (wow!Great); a $ after a capital and before a digit is a currency
// (US$5).
func (d *Document) leetSymbols(start, i int) int {
	text := d.Text
	if i == start || !(isASCIILetter(text[i-1]) || d.leetDigitAt(i-1) || text[i-1] >= utf8.RuneSelf && d.prevLetter(i)) {
		return i
	}
	j := i + 1
	if j < len(text) && isLeetSymbol(text[j]) {
		j++ // ble$$ed, v@!s
	}
	if j >= len(text) {
		return i
	}
	next := text[j]
	switch {
	case d.letterAt(j):
	case d.leetDigitAt(j):
		if text[j-1] == '$' && text[i-1] >= 'A' && text[i-1] <= 'Z' {
			return i
		}
	default:
		return i
	}
	if text[i] == '!' && next >= 'A' && next <= 'Z' && text[i-1] >= 'a' && text[i-1] <= 'z' {
		return i
	}
	return j
}

func isLeetSymbol(c byte) bool { return c == '!' || c == '$' || c == '|' || c == '@' }

// prevLetter reports whether the character that ends at byte i is a letter.
func (d *Document) prevLetter(i int) bool {
	r, _ := utf8.DecodeLastRuneInString(d.Text[:i])
	return unicode.IsLetter(r)
}

// finishWord applies the whole-word normalisations (leet digits, elongation)
// and emits the word [start, end) whose normal form is d.norm[n0:].
func (d *Document) finishWord(start, end int, flags Flags, digits bool, n0 int) {
	if end <= start {
		d.norm = d.norm[:n0] // nothing was read: no token
		return
	}
	key := d.norm[n0:]
	if len(key) == 0 {
		// only invisible characters or marks: nothing to match
		d.emit(start, end, Word, flags, n0)
		return
	}
	if d.Literal {
		d.emit(start, end, Word, flags, n0)
		return
	}
	if digits && !numberWithSuffix(key) {
		letters := 0
		for _, c := range key {
			if !isDigit(c) {
				letters++
			}
		}
		if letters > 0 {
			for k, c := range key {
				if isDigit(c) {
					if l := leet(c); l != 0 {
						key[k] = l
						flags |= Leet
					}
				}
			}
		}
	}
	run := 1
	for k := 1; k < len(key); k++ {
		if key[k] == key[k-1] && key[k] >= 'a' && key[k] <= 'z' {
			run++
			if run >= 3 {
				if !oneLetter(key) { // III, aaaa: not elongated
					flags |= Elongated
				}
				break
			}
		} else {
			run = 1
		}
	}
	d.emit(start, end, Word, flags, n0)
}

// oneLetter reports whether key is one letter repeated.
func oneLetter(key []byte) bool {
	for _, c := range key {
		if c != key[0] {
			return false
		}
	}
	return true
}

// numberWithSuffix reports whether key is digits followed by the suffix of a
// plural, an ordinal or a unit (1990s, 2nd, 3e, 1er, 14h, 10k): a number, not
// leetspeak.
func numberWithSuffix(key []byte) bool {
	p := 0
	for p < len(key) && isDigit(key[p]) {
		p++
	}
	if p == 0 {
		return false
	}
	last, teen := key[p-1], p >= 2 && key[p-2] == '1'
	switch string(key[p:]) {
	case "s":
		return last == '0' || p >= 3 // 80s, 1990s, 747s; 13s is leet for "les"
	case "e", "eme", "k", "m", "km", "kg", "min":
		return true
	case "h":
		return p <= 2 // 14h, not 4114h
	case "st":
		return last == '1' && !teen
	case "nd":
		return last == '2' && !teen
	case "rd":
		return last == '3' && !teen
	case "th":
		return last > '3' || last == '0' || teen
	case "er", "re":
		return p == 1 && last == '1'
	}
	return false
}

// apostrophe handles an apostrophe of width w at byte i inside the word that
// started at start. It returns done=true and the end when it finished the word
// itself, or the position to continue from when the apostrophe belongs to the
// word (aujourd'hui), or i when the word ends before the apostrophe.
func (d *Document) apostrophe(start, i, w int, flags Flags, digits bool, n0 int) (int, bool) {
	text := d.Text
	after := i + w
	leetAfter := !d.Literal && d.leetDigitAt(after) && d.leetWordAt(after) // l'3ffondrement, d'41lah
	if !d.letterAt(after) && !leetAfter {
		return i, false
	}
	cur := d.norm[n0:]
	// French elision: l'État, qu'il, jusqu'à
	if isElision(cur) {
		d.norm = append(d.norm, '\'')
		d.emit(start, after, Word, flags|Elided, n0)
		return after, true
	}
	if leetAfter {
		return i, false
	}
	// English contraction: the letters after the apostrophe, up to the end of
	// the word, read as they fold (fullwidth ｌｌ is ll)
	var lower [3]byte
	nl := 0
	j := after
	for j < len(text) {
		c := text[j]
		if c < utf8.RuneSelf {
			if !isASCIILetter(c) {
				break
			}
			if nl < len(lower) {
				lower[nl] = c | 0x20
			}
			nl++
			j++
			continue
		}
		r, size := utf8.DecodeRuneInString(text[j:])
		if !unicode.IsLetter(r) {
			break
		}
		f, _ := foldRune(r)
		if len(f) == 1 && isASCIILetter(f[0]) && nl < len(lower) {
			lower[nl] = f[0]
		} else {
			nl = len(lower) // not a contraction suffix
		}
		nl++
		j += size
	}
	if nl <= 2 && !d.letterAt(j) {
		suffix := string(lower[:nl])
		// n't: don't → do + n't
		if suffix == "t" && len(cur) >= 2 && cur[len(cur)-1] == 'n' {
			_, size := utf8.DecodeLastRuneInString(text[start:i])
			d.norm = d.norm[:len(d.norm)-1]
			d.finishWord(start, i-size, flags, digits, n0)
			m0 := len(d.norm)
			d.norm = append(d.norm, "n't"...)
			d.emit(i-size, j, Word, Contraction, m0)
			return j, true
		}
		if isContraction(suffix) {
			d.finishWord(start, i, flags, digits, n0)
			m0 := len(d.norm)
			d.norm = append(d.norm, '\'')
			d.norm = append(d.norm, suffix...)
			d.emit(i, j, Word, Contraction, m0)
			return j, true
		}
	}
	// an apostrophe inside a word: aujourd'hui, O'Brien, prud'hommes
	d.norm = append(d.norm, '\'')
	return after, false
}

// spacedLetters recognises single letters joined by one kind of separator
// (space, dot, hyphen, underscore): "t u e z", "j.i.h.a.d", "k-i-l-l". At
// least three letters are needed; it returns i when there is no such run.
func (d *Document) spacedLetters(i int) int {
	text := d.Text
	n := len(text)
	if i+1 < n && text[i] < utf8.RuneSelf && isASCIILetter(text[i+1]) {
		return i // the common case: a word of several letters
	}
	var sep byte
	count := 0
	contraction := 0 // the end of a contraction after the run
	j := i
	end := i
	for j < n {
		// one letter, then a separator or the end of the run
		size := 1
		if text[j] >= utf8.RuneSelf {
			r, s := utf8.DecodeRuneInString(text[j:])
			if !unicode.IsLetter(r) {
				break
			}
			size = s
		} else if !isASCIILetter(text[j]) {
			break
		}
		k := j + size
		for k < n && text[k] >= utf8.RuneSelf {
			r, s := utf8.DecodeRuneInString(text[k:])
			if !unicode.Is(unicode.Mn, r) {
				break
			}
			k += s // a combining accent belongs to its letter
		}
		if !d.singleLetterEnd(k) {
			if count >= 2 {
				if c := d.contractionAt(k); c > k {
					// the run's last letter with a contraction: "y o u'll"
					count++
					end = k
					contraction = c
				}
			}
			break // not a single letter
		}
		count++
		end = k
		if k+1 >= n {
			break
		}
		s := text[k]
		if s != ' ' && s != '.' && s != '-' && s != '_' {
			break
		}
		if sep == 0 {
			sep = s
		} else if s != sep {
			break
		}
		if !d.letterAt(k + 1) {
			break
		}
		j = k + 1
	}
	abbrev := sep == '.' && end < n && text[end] == '.' // U.S., E.I.: keep the final dot
	if count < 3 && !(abbrev && count == 2) && !(count == 2 && sep == ' ' && d.afterSpacedWord(i)) {
		return i
	}
	n0 := len(d.norm)
	var flags Flags
	for k := i; k < end; {
		c := text[k]
		if c < utf8.RuneSelf {
			if isASCIILetter(c) {
				d.norm = append(d.norm, c|0x20)
			}
			k++
			continue
		}
		r, size := utf8.DecodeRuneInString(text[k:])
		if r != utf8.RuneError || size > 1 {
			flags |= d.appendFold(r)
		}
		k += size
	}
	if count == 2 && abbrev {
		flags &^= Spaced // an abbreviation, not a disguise
	} else {
		flags |= Spaced
	}
	if abbrev && count == 2 {
		end++ // U.S.: the dot is the abbreviation's; after j.i.h.a.d it ends the sentence
	}
	d.emit(i, end, Word, flags, n0)
	if end+1 < n && text[end] == '-' && d.letterAt(end+1) {
		// a hyphenated compound: "s o u s-h o m m e s", "w.a.l-b.a.r.a"
		d.nextFlags |= AfterHyphen
		return end + 1
	}
	if contraction > end {
		m0 := len(d.norm)
		d.norm = append(d.norm, '\'')
		for k := end + d.apostropheAt(end); k < contraction; k++ {
			d.norm = append(d.norm, text[k]|0x20)
		}
		d.emit(end, contraction, Word, Contraction, m0)
		return contraction
	}
	return end
}

// contractionAt returns the end of an English contraction ('s, 'll, 're,
// 've, 'd, 'm) that starts with an apostrophe at byte k, or k.
func (d *Document) contractionAt(k int) int {
	w := d.apostropheAt(k)
	if w == 0 {
		return k
	}
	j := k + w
	for j < len(d.Text) && j-k-w <= 2 && isASCIILetter(d.Text[j]) {
		j++
	}
	if d.letterAt(j) || j == k+w {
		return k
	}
	var lower [2]byte
	s := d.Text[k+w : j]
	if len(s) > 2 {
		return k
	}
	for x := 0; x < len(s); x++ {
		lower[x] = s[x] | 0x20
	}
	if !isContraction(string(lower[:len(s)])) {
		return k
	}
	return j
}

// singleLetterEnd reports whether a letter that ends at byte k stands alone:
// what follows cannot continue a word (a letter, a digit, an apostrophe, an
// invisible character, or a mask or leet symbol before a letter).
func (d *Document) singleLetterEnd(k int) bool {
	text := d.Text
	if k >= len(text) {
		return true
	}
	switch c := text[k]; {
	case c >= utf8.RuneSelf:
		r, size := utf8.DecodeRuneInString(text[k:])
		return !(unicode.IsLetter(r) || unicode.IsDigit(r) || isInvisible(r) && d.wordRuneAt(d.invisibleRun(k+size)) || r == '’' || r == 'ʼ')
	case isASCIILetter(c), isDigit(c), c == '\'':
		return false
	case c == '*' || c == '@' || c == '$' || c == '!':
		return !d.letterAt(k+1) && !(c == '*' && k+1 < len(text) && text[k+1] == '*')
	}
	return true
}

// afterSpacedWord reports whether the word at i follows, after two or more
// spaces, a word written with spaced letters: in "r e j o i g n e z   l a
// d a w l a" the wider gaps separate words, and "l a" is one of them.
func (d *Document) afterSpacedWord(i int) bool {
	if len(d.Tokens) == 0 {
		return false
	}
	last := &d.Tokens[len(d.Tokens)-1]
	if last.Flags&Spaced == 0 || i-last.End < 2 {
		return false
	}
	for k := last.End; k < i; k++ {
		if d.Text[k] != ' ' {
			return false
		}
	}
	return true
}

// number scans digits with inner separators (1 000, 3,5, 14/88, 10:30). A
// number followed by letters is a word (4ever, h1jra is caught in word); only
// the digits after the last separator belong to that word (3,5km).
func (d *Document) number(i int) int {
	text := d.Text
	n := len(text)
	start := i
	j := i
	lastSep := -1
	for j < n {
		c := text[j]
		if isDigit(c) {
			j++
			continue
		}
		if (c == '.' || c == ',' || c == ':' || c == '/') && j+1 < n && isDigit(text[j+1]) && j > start {
			lastSep = j
			j++
			continue
		}
		if c >= utf8.RuneSelf {
			r, size := utf8.DecodeRuneInString(text[j:])
			if unicode.IsDigit(r) {
				j += size
				continue
			}
		}
		break
	}
	if d.letterAt(j) || !d.Literal && j < n && isLeetSymbol(text[j]) && d.leetWordAt(j) {
		if lastSep < 0 {
			// digits followed by letters: a word in leetspeak or an ordinal
			return d.word(start)
		}
		j = lastSep
	}
	n0 := len(d.norm)
	var flags Flags
	for k := start; k < j; {
		if text[k] < utf8.RuneSelf {
			d.norm = append(d.norm, text[k])
			k++
			continue
		}
		r, size := utf8.DecodeRuneInString(text[k:])
		// fullwidth and mathematical digits are digits in disguise
		if f, fl := foldRune(r); !d.Literal && len(f) == 1 && isDigit(f[0]) {
			d.norm = append(d.norm, f[0])
			flags |= fl
		} else {
			d.norm = append(d.norm, text[k:k+size]...)
		}
		k += size
	}
	d.emit(start, j, Number, flags, n0)
	return j
}

// hashtag emits the hashtag and then each word inside it, split at case
// changes, digits and underscores: #RejoignezLeCalifat → Rejoignez Le Califat.
// One or two leet digits between letters do not split a word (#J01nTheD4wla).
func (d *Document) hashtag(i int) int {
	text := d.Text
	n := len(text)
	j := i + 1
	for j < n {
		if text[j] == '_' || isDigit(text[j]) || isASCIILetter(text[j]) {
			j++
			continue
		}
		if text[j] < utf8.RuneSelf {
			break
		}
		r, size := utf8.DecodeRuneInString(text[j:])
		if unicode.IsLetter(r) || unicode.Is(unicode.Mn, r) || unicode.IsDigit(r) {
			j += size
			continue
		}
		if e := d.invisibleRun(j); isInvisible(r) && d.wordRuneAt(e) {
			j = e
			continue
		}
		break
	}
	n0 := len(d.norm)
	flags := d.foldInto(i+1, j)
	d.emit(i, j, Hashtag, flags, n0)
	// the words inside
	type class uint8
	const (
		other class = iota
		lower
		upper
		digit
	)
	classOf := func(k int) (class, int) {
		c := text[k]
		if c < utf8.RuneSelf {
			switch {
			case c >= 'a' && c <= 'z':
				return lower, 1
			case c >= 'A' && c <= 'Z':
				return upper, 1
			case isDigit(c):
				return digit, 1
			}
			return other, 1
		}
		r, size := utf8.DecodeRuneInString(text[k:])
		switch {
		case unicode.IsUpper(r):
			return upper, size
		case unicode.IsLetter(r), unicode.Is(unicode.Mn, r), isInvisible(r):
			return lower, size
		case unicode.IsDigit(r):
			return digit, size
		}
		return other, size
	}
	partStart := i + 1
	emitPart := func(s, e int) {
		if e <= s {
			return
		}
		m0 := len(d.norm)
		fl := d.foldInto(s, e)
		digits := false
		for _, c := range d.norm[m0:] {
			digits = digits || isDigit(c)
		}
		d.finishWord(s, e, fl|InHashtag, digits, m0)
	}
	// prev is the class of the previous character, which started at prevK;
	// prev2 the class of the one before.
	prev, prev2 := other, other
	prevK := i
	for k := i + 1; k < j; {
		cl, size := classOf(k)
		if cl == digit && (prev == lower || prev == upper) && !d.Literal {
			// leet digits between letters: part of the word
			e := k
			for e < j && e-k < 3 && d.leetDigitAt(e) {
				e++
			}
			if e-k <= 2 && e < j && !d.leetDigitAt(e) && d.letterAt(e) {
				prevK = e - 1
				k = e
				continue
			}
		}
		split := false
		switch {
		case cl == other: // underscore
			emitPart(partStart, k)
			partStart = k + size
			prev, prev2 = other, other
			prevK = k
			k += size
			continue
		case cl == upper && prev == lower:
			split = true
		case cl == digit && (prev == lower || prev == upper), (cl == lower || cl == upper) && prev == digit:
			split = true
		case cl == lower && prev == upper && prev2 == upper && prevK > partStart:
			// ISISNews: the last capital starts the next word
			emitPart(partStart, prevK)
			partStart = prevK
		}
		if split {
			emitPart(partStart, k)
			partStart = k
		}
		prev, prev2 = cl, prev
		prevK = k
		k += size
	}
	emitPart(partStart, j)
	return j
}

// foldInto appends the folded form of text[s:e] to d.norm and returns the
// flags folding set.
func (d *Document) foldInto(s, e int) Flags {
	var flags Flags
	for k := s; k < e; {
		c := d.Text[k]
		if c < utf8.RuneSelf {
			if c >= 'A' && c <= 'Z' {
				c |= 0x20
			}
			d.norm = append(d.norm, c)
			k++
			continue
		}
		r, size := utf8.DecodeRuneInString(d.Text[k:])
		if r == utf8.RuneError && size == 1 {
			d.norm = append(d.norm, d.Text[k])
		} else {
			flags |= d.appendFold(r)
		}
		k += size
	}
	return flags
}

// mention emits @user; its normal form is the lower-case name without @.
func (d *Document) mention(i int) int {
	text := d.Text
	j := i + 1
	for j < len(text) && (isASCIILetter(text[j]) || isDigit(text[j]) || text[j] == '_') {
		j++
	}
	n0 := len(d.norm)
	d.foldInto(i+1, j)
	d.emit(i, j, Mention, 0, n0)
	return j
}

// isEmoji reports whether r is a pictograph, a dingbat or a regional indicator.
func isEmoji(r rune) bool {
	return r >= 0x1F000 && r <= 0x1FAFF || r >= 0x2600 && r <= 0x27BF || r >= 0x2300 && r <= 0x23FF ||
		r >= 0x2B00 && r <= 0x2BFF || r == 0x3030 || r == 0x303D || r == 0x3297 || r == 0x3299 || r == 0xA9 || r == 0xAE ||
		r == 0x203C || r == 0x2049 || r == 0x2122 || r == 0x2139 || r >= 0x2194 && r <= 0x21AA
}

// emoji emits one emoji with its modifiers, joined sequences and flags.
func (d *Document) emoji(i int) int {
	text := d.Text
	r, size := utf8.DecodeRuneInString(text[i:])
	j := i + size
	regional := r >= 0x1F1E6 && r <= 0x1F1FF
	for j < len(text) {
		r2, s2 := utf8.DecodeRuneInString(text[j:])
		switch {
		case r2 == 0xFE0F || r2 == 0xFE0E || r2 == 0x20E3 || r2 >= 0x1F3FB && r2 <= 0x1F3FF || r2 >= 0xE0020 && r2 <= 0xE007F:
			j += s2
			continue
		case r2 == 0x200D:
			if j+s2 < len(text) {
				r3, s3 := utf8.DecodeRuneInString(text[j+s2:])
				if isEmoji(r3) {
					j += s2 + s3
					continue
				}
			}
		case regional && r2 >= 0x1F1E6 && r2 <= 0x1F1FF:
			j += s2
			regional = false
			continue
		}
		break
	}
	n0 := len(d.norm)
	for k := i; k < j; {
		r2, s2 := utf8.DecodeRuneInString(text[k:])
		if r2 != 0xFE0F && r2 != 0xFE0E {
			d.norm = append(d.norm, text[k:k+s2]...)
		}
		k += s2
	}
	d.emit(i, j, Emoji, 0, n0)
	return j
}
