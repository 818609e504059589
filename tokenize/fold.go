package tokenize

import (
	"unicode"
	"unicode/utf8"
)

// folding of one rune to its matching form: lower case, no diacritics, Latin
// letters for look-alikes from other scripts. The common ranges are looked
// up in tables that gen_tables.go computes from Unicode and from the word
// lists of data/ (homoglyphs.txt, homoglyphs-upper.txt, invisibles.txt) and
// writes into tables_gen.go, so that they cost nothing at start: foldTable
// below foldTableEnd, latinFold for the fast path of Latin-1 words, and
// foldRanges for the blocks of look-alikes above. The other runes are only
// lower-cased.

//go:generate go run gen_tables.go

// foldEntry is the folded form of one rune.
type foldEntry struct {
	s     string // the folded form; "" when the rune folds to nothing
	flags Flags  // Accented, Homoglyph or Invisible when folding changed a letter
}

// latinEntry is the folded form of a letter of Latin-1, U+00C0 to U+00FF,
// for the fast path of words (latinWord): n is the length of s, 1 or 2, or 0
// for the two signs × and ÷ and for any letter whose folded form is not one
// or two ASCII letters or that folding flags as a disguise.
type latinEntry struct {
	s     [2]byte
	n     uint8
	flags Flags
}

// foldRange is a block above foldTableEnd whose letters and digits are
// look-alikes of ASCII (letterlike symbols, circled letters, fullwidth forms,
// mathematical alphabets, squared letters), tabulated like foldTable so that
// folding them costs a lookup and allocates nothing.
type foldRange struct {
	lo, hi  rune
	entries []foldEntry // entries[r-lo] for r from lo to hi
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
