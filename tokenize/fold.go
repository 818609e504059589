package tokenize

import (
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// folding of one rune to its matching form: lower case, no diacritics, Latin
// letters for look-alikes from other scripts. The common ranges are computed
// once into a table; the rest goes through NFKC at run time.

const foldTableEnd = 0x2000

type foldEntry struct {
	s     string // the folded form; "" when the rune folds to nothing
	flags Flags  // Accented or Homoglyph when folding changed a letter
	ok    bool   // the entry is computed
}

var foldTable [foldTableEnd]foldEntry

// latinFold is the folded form of the letters of Latin-1, U+00C0 to
// U+00FF, indexed by the low six bits of their second byte in UTF-8, for
// the fast path of words (latinWord): n is the length of s, 1 or 2, or 0
// for the two signs × and ÷ and for any letter whose folded form is not one
// or two ASCII letters or that folding flags as a disguise.
var latinFold [64]struct {
	s     [2]byte
	n     uint8
	flags Flags
}

// foldRanges are the blocks above foldTableEnd whose letters and digits are
// look-alikes of ASCII (letterlike symbols, circled letters, fullwidth forms,
// mathematical alphabets, squared letters), computed once like foldTable so
// that folding them costs a lookup and allocates nothing.
var foldRanges = [...]struct {
	lo, hi  rune
	entries []foldEntry
}{
	{lo: 0x2100, hi: 0x214F},   // letterlike symbols: ℎ ℯ ℬ ℍ, the holes of the mathematical alphabets
	{lo: 0x2460, hi: 0x24FF},   // enclosed alphanumerics: ① ⓐ
	{lo: 0xFF01, hi: 0xFF5E},   // fullwidth ASCII: Ａ ａ １ ！
	{lo: 0x1D400, hi: 0x1D7FF}, // mathematical alphanumeric symbols: 𝐚 𝔞 𝕒 𝟎
	{lo: 0x1F130, hi: 0x1F189}, // squared and negative squared letters: 🄰
}

// upperHomoglyphs are capitals that look like a Latin capital other than the
// one their lower case looks like: Greek Η looks like H, its η like n.
var upperHomoglyphs = map[rune]string{
	'Η': "h", 'Ν': "n", 'Μ': "m", 'Υ': "y", 'Ү': "y", 'Ԛ': "q", 'Ԝ': "w",
}

// homoglyphs maps letters of other scripts that look Latin to the Latin letter
// a reader sees. Only shapes that are near-identical in common fonts are listed.
var homoglyphs = map[rune]string{
	// Cyrillic
	'а': "a", 'в': "b", 'е': "e", 'ё': "e", 'к': "k", 'м': "m", 'н': "h", 'о': "o", 'р': "p", 'с': "c",
	'т': "t", 'у': "y", 'х': "x", 'ѕ': "s", 'і': "i", 'ї': "i", 'ј': "j", 'ԁ': "d", 'ԛ': "q", 'ԝ': "w",
	'ь': "b", 'һ': "h", 'ɡ': "g", 'ӏ': "l", 'ү': "y",
	// Armenian
	'օ': "o", 'ս': "u", 'հ': "h", 'ո': "n",
	// Greek
	'α': "a", 'β': "b", 'ε': "e", 'η': "n", 'ι': "i", 'κ': "k", 'ν': "v", 'ο': "o", 'ρ': "p",
	'τ': "t", 'υ': "u", 'χ': "x", 'ω': "w", 'ϲ': "c", 'ά': "a", 'έ': "e", 'ί': "i", 'ό': "o", 'ύ': "u",
	'ζ': "z", 'γ': "y", 'μ': "u",
	// Latin letters that NFKD does not decompose
	'ø': "o", 'đ': "d", 'ł': "l", 'ı': "i", 'ħ': "h", 'ŧ': "t", 'ƀ': "b", 'ɨ': "i", 'ʉ': "u",
	'œ': "oe", 'æ': "ae", 'ß': "ss", 'þ': "th", 'ð': "d", 'ŋ': "n",
	// apostrophes and modifier letters used as apostrophes
	'ʼ': "'", 'ʹ': "'", 'ʻ': "'", 'ʾ': "'", 'ʿ': "'",
}

func init() {
	for r := rune(0x80); r < foldTableEnd; r++ {
		foldTable[r] = computeFold(r)
	}
	for r := rune(0xC0); r <= 0xFF; r++ {
		e := &foldTable[r]
		if !unicode.IsLetter(r) || len(e.s) == 0 || len(e.s) > 2 || e.flags&(Homoglyph|Invisible) != 0 {
			continue
		}
		lf := &latinFold[r-0xC0]
		for k := 0; k < len(e.s); k++ {
			if !isASCIILetter(e.s[k]) || e.s[k] != e.s[k]|0x20 {
				lf.n = 0
				break
			}
			lf.s[k] = e.s[k]
			lf.n++
		}
		lf.flags = e.flags
	}
	for i := range foldRanges {
		fr := &foldRanges[i]
		fr.entries = make([]foldEntry, fr.hi-fr.lo+1)
		for r := fr.lo; r <= fr.hi; r++ {
			fr.entries[r-fr.lo] = computeFold(r)
		}
	}
}

// computeFold folds one rune: homoglyph table, then NFKD without combining
// marks, then lower case.
func computeFold(r rune) foldEntry {
	if s, ok := upperHomoglyphs[r]; ok {
		return foldEntry{s: s, flags: Homoglyph, ok: true}
	}
	lr := unicode.ToLower(r)
	if s, ok := homoglyphs[lr]; ok {
		f := Homoglyph
		if lr < 0x370 || s == "'" { // Latin letters such as ø, œ are accents, not disguise
			f = Accented
			if s == "'" {
				f = 0
			}
		}
		return foldEntry{s: s, flags: f, ok: true}
	}
	if isInvisible(r) {
		return foldEntry{ok: true, flags: Invisible}
	}
	if unicode.Is(unicode.Mn, r) { // a combining mark on its own: drop it
		return foldEntry{ok: true, flags: Accented}
	}
	d := norm.NFKD.String(string(lr))
	var b []byte
	changed := false
	for _, c := range d {
		if unicode.Is(unicode.Mn, c) {
			changed = true
			continue
		}
		c = unicode.ToLower(c)
		if c < 0x80 || c == lr {
			b = utf8.AppendRune(b, c)
			continue
		}
		// a compatibility form of a letter that folds further (ﬁ, ｅ, ℌ)
		if s, ok := homoglyphs[c]; ok {
			b = append(b, s...)
			changed = true
			continue
		}
		b = utf8.AppendRune(b, c)
	}
	e := foldEntry{s: string(b), ok: true}
	if changed && string(b) != string(lr) {
		e.flags = Accented
	}
	if lr != r && !changed && string(b) == string(lr) {
		e.flags = 0
	}
	// Compatibility characters that became ASCII (fullwidth, mathematical,
	// circled) are a disguise, not an accent.
	if r >= 0x2000 && isASCII(b) {
		e.flags = Homoglyph
	}
	return e
}

func isASCII(b []byte) bool {
	for _, c := range b {
		if c >= 0x80 {
			return false
		}
	}
	return true
}

// foldRune returns the folded form of a non-ASCII rune and what folding did.
// An empty form with no flags means the rune stands for itself.
func foldRune(r rune) (string, Flags) {
	if r < foldTableEnd {
		e := &foldTable[r]
		return e.s, e.flags
	}
	if isInvisible(r) {
		return "", Invisible
	}
	for i := range foldRanges {
		if fr := &foldRanges[i]; r >= fr.lo && r <= fr.hi {
			e := &fr.entries[r-fr.lo]
			return e.s, e.flags
		}
	}
	lr := unicode.ToLower(r)
	if lr == r {
		return "", 0 // caller copies the rune as it is
	}
	var buf [utf8.UTFMax]byte
	n := utf8.EncodeRune(buf[:], lr)
	return string(buf[:n]), 0
}

// isInvisible reports whether r is a zero-width or otherwise invisible
// character that can be slipped inside a word.
func isInvisible(r rune) bool {
	switch {
	case r == 0x00AD, r == 0x034F, r == 0x061C, r == 0x115F, r == 0x1160, r == 0x17B4, r == 0x17B5, r == 0x180E:
		return true
	case r >= 0x200B && r <= 0x200F, r >= 0x202A && r <= 0x202E, r >= 0x2060 && r <= 0x2064, r >= 0x2066 && r <= 0x206F:
		return true
	case r == 0xFEFF, r >= 0xFE00 && r <= 0xFE0F, r >= 0xE0100 && r <= 0xE01EF, r >= 0xE0000 && r <= 0xE007F:
		return true
	}
	return false
}

// leet maps digits and symbols that stand for letters inside words.
func leet(c byte) byte {
	switch c {
	case '0':
		return 'o'
	case '1', '!', '|':
		return 'i'
	case '3':
		return 'e'
	case '4', '@':
		return 'a'
	case '5', '$':
		return 's'
	case '7', '+':
		return 't'
	case '8':
		return 'b'
	case '9':
		return 'g'
	}
	return 0
}

// Fold returns the matching form of s: NFKC-compatible, case-folded, without
// diacritics, with look-alike letters of other scripts read as Latin and
// invisible characters removed. It is the form the lexicon matches on; unlike
// a token's normal form it does not undo leetspeak, which needs a word's
// context.
func Fold(s string) string {
	var b []byte
	for _, r := range s {
		if r < utf8.RuneSelf {
			b = append(b, byte(unicode.ToLower(r)))
			continue
		}
		f, flags := foldRune(r)
		if f == "" && flags == 0 {
			b = utf8.AppendRune(b, r)
			continue
		}
		b = append(b, f...)
	}
	return string(b)
}
