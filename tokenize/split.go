package tokenize

import (
	"errors"
	"unicode/utf8"
)

// ErrSplit is returned by Split for a token or cuts it cannot split.
var ErrSplit = errors.New("tokenize: cannot split the token")

// Split cuts token i into len(at)+1 word tokens at the byte offsets at
// (relative to the token's start, increasing, strictly inside it), for a
// word that was written glued to others ("killallthem" → kill all them).
// The new tokens keep the token's sentence, paragraph, role and flags (the
// first keeps SentenceStart and LineStart), gain Glued, and their normal
// forms and hashes are those of their parts.
//
// Only a plain word can be split: a Word token whose surface is its normal
// form's letters one for one (ASCII letters in any case, or accented letters
// whose normal form is one ASCII letter: "fautbrûler"), so that each offset
// into the normal form is the start of a letter of the text. The cuts are
// offsets into the normal form. Other
// tokens, and cuts that are not increasing and inside the token, give
// ErrSplit and leave d unchanged. Split allocates only when d.Tokens must
// grow.
func (d *Document) Split(i int, at ...int) error {
	if i < 0 || i >= len(d.Tokens) || len(at) == 0 {
		return ErrSplit
	}
	t := d.Tokens[i]
	if t.Kind != Word || t.Flags&(Obfuscated|Elided|Contraction) != 0 {
		return ErrSplit
	}
	surface := d.Text[t.Start:t.End]
	norm := d.norm[t.n0:t.n1]
	n := len(norm)
	// starts[k] is where the letter of norm[k] starts in surface: one byte
	// a letter, or more for an accented letter whose normal form is one
	// ASCII letter (é → e)
	var buf [64]int
	starts := buf[:0]
	for k, c := range surface {
		if len(starts) >= n {
			return ErrSplit
		}
		want := norm[len(starts)]
		switch {
		case c < utf8.RuneSelf:
			if !isASCIILetter(byte(c)) || byte(c)|0x20 != want {
				return ErrSplit
			}
		default:
			if f, _ := foldRune(c); len(f) != 1 || f[0] != want || !isASCIILetter(want) {
				return ErrSplit
			}
		}
		starts = append(starts, k)
	}
	if len(starts) != n {
		return ErrSplit
	}
	prev := 0
	for _, a := range at {
		if a <= prev || a >= n {
			return ErrSplit
		}
		prev = a
	}
	extra := len(at)
	d.Tokens = append(d.Tokens, make([]Token, extra)...)
	copy(d.Tokens[i+1+extra:], d.Tokens[i+1:len(d.Tokens)-extra])
	from := 0
	for k := 0; k <= extra; k++ {
		to := n
		if k < extra {
			to = at[k]
		}
		nt := t
		nt.Start = t.Start + starts[from]
		nt.End = t.End
		if to < n {
			nt.End = t.Start + starts[to]
		}
		nt.n0, nt.n1 = t.n0+int32(from), t.n0+int32(to)
		nt.hash = Hash(d.norm[nt.n0:nt.n1])
		nt.Flags |= Glued
		if nt.End-nt.Start == to-from {
			nt.Flags &^= Accented // this part was written without accents
		}
		if k > 0 {
			nt.Flags &^= SentenceStart | LineStart
		}
		d.Tokens[i+k] = nt
		from = to
	}
	return nil
}
