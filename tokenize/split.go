package tokenize

import "errors"

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
// form's letters one for one (ASCII letters, written plainly, in any case),
// so that offsets into the normal form are offsets into the text. Other
// tokens, and cuts that are not increasing and inside the token, give
// ErrSplit and leave d unchanged. Split allocates only when d.Tokens must
// grow.
func (d *Document) Split(i int, at ...int) error {
	if i < 0 || i >= len(d.Tokens) || len(at) == 0 {
		return ErrSplit
	}
	t := d.Tokens[i]
	n := t.End - t.Start
	if t.Kind != Word || int(t.n1-t.n0) != n || t.Flags&(Obfuscated|Elided|Contraction|Accented) != 0 {
		return ErrSplit
	}
	surface := d.Text[t.Start:t.End]
	for k := 0; k < n; k++ {
		if c := surface[k]; !isASCIILetter(c) || c|0x20 != d.norm[int(t.n0)+k] {
			return ErrSplit
		}
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
		nt.Start, nt.End = t.Start+from, t.Start+to
		nt.n0, nt.n1 = t.n0+int32(from), t.n0+int32(to)
		nt.hash = Hash(d.norm[nt.n0:nt.n1])
		nt.Flags |= Glued
		if k > 0 {
			nt.Flags &^= SentenceStart | LineStart
		}
		d.Tokens[i+k] = nt
		from = to
	}
	return nil
}
