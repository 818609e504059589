package tokenize

import (
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

	norm       []byte // normal forms of all tokens, back to back
	nextFlags  Flags  // flags for the next token (SentenceStart, AfterHyphen)
	frHits     int
	enHits     int
	wordTokens int
}

// Tokenize cuts text into tokens and identifies its language.
func Tokenize(text string) *Document {
	d := &Document{}
	d.Reset(text)
	return d
}

// Reset tokenizes text into d, reusing d's storage.
func (d *Document) Reset(text string) {
	d.Text = text
	d.Tokens = d.Tokens[:0]
	d.norm = d.norm[:0]
	d.nextFlags = SentenceStart
	d.frHits, d.enHits, d.wordTokens = 0, 0, 0
	d.scan()
	d.Lang = d.detectLang()
}

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

// Surface returns the original text of token i.
func (d *Document) Surface(i int) string {
	t := &d.Tokens[i]
	return d.Text[t.Start:t.End]
}

// emit appends a token whose normal form is d.norm[n0:].
func (d *Document) emit(start, end int, kind Kind, flags Flags, n0 int) {
	flags |= d.nextFlags
	d.nextFlags = 0
	d.Tokens = append(d.Tokens, Token{Start: start, End: end, Kind: kind, Flags: flags, n0: int32(n0), n1: int32(len(d.norm))})
	if kind == Word {
		d.wordTokens++
		d.countFunctionWord(d.norm[n0:])
	}
}

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
		c := text[i]
		if c < utf8.RuneSelf {
			switch {
			case c == ' ' || c == '\t' || c == '\r':
				i++
			case c == '\n' || c == '\v' || c == '\f':
				d.nextFlags |= SentenceStart | LineStart
				i++
			case isASCIILetter(c):
				i = d.word(i)
			case isDigit(c):
				i = d.number(i)
			case c == '#' && d.wordRuneAt(i+1):
				i = d.hashtag(i)
			case c == '@' && i+1 < n && (isASCIILetter(text[i+1]) || isDigit(text[i+1]) || text[i+1] == '_'):
				i = d.mention(i)
			case c < ' ' || c == 0x7f:
				i++ // control characters separate tokens and are not tokens
			default:
				size := 1
				if c != '"' && c != '\'' && c != '(' && c != ')' {
					for i+size < n && text[i+size] == c {
						size++ // a run of the same mark: --, !!!, ...
					}
				}
				i = d.punct(i, size)
			}
			continue
		}
		r, size := utf8.DecodeRuneInString(text[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			i++ // invalid UTF-8: a separator
		case isInvisible(r):
			i += size
		case unicode.IsLetter(r) || unicode.Is(unicode.Mn, r):
			i = d.word(i)
		case unicode.IsSpace(r):
			if r == 0x2028 || r == 0x2029 || r == 0x85 {
				d.nextFlags |= SentenceStart | LineStart
			}
			i += size
		case unicode.IsDigit(r):
			i = d.number(i)
		case isEmoji(r):
			i = d.emoji(i)
		case unicode.IsControl(r):
			i += size
		default:
			i = d.punct(i, size)
		}
	}
}

// punct emits one punctuation or symbol character and marks the end of a
// sentence after . ! ? and the ellipsis.
func (d *Document) punct(i, size int) int {
	n0 := len(d.norm)
	s := d.Text[i : i+size]
	switch s {
	case "’", "‘", "ʼ", "`", "´":
		d.norm = append(d.norm, '\'')
	case "“", "”", "«", "»", "„", "‟", "〝", "〞", "＂":
		d.norm = append(d.norm, '"')
	default:
		d.norm = append(d.norm, s...)
	}
	d.emit(i, i+size, Punct, 0, n0)
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
	if j := d.spacedLetters(i); j > i {
		return j
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
			case c == '*' && i > start && (lastLetter || text[i-1] == '*') && (i+1 < n && (d.letterAt(i+1) || text[i+1] == '*')):
				d.norm = append(d.norm, '*')
				flags |= Masked
				lastLetter = false
				i++
				continue
			case (c == '!' || c == '$' || c == '|') && lastLetter && i+1 < n && isASCIILetter(text[i+1]) && text[i+1] >= 'a':
				d.norm = append(d.norm, leet(c))
				flags |= Leet
				i++
				continue
			case c == '@' && lastLetter && i+1 < n && isASCIILetter(text[i+1]):
				saved := len(d.norm)
				d.norm = d.norm[:n0]
				if j := d.email(start, i); j > i {
					return j
				}
				d.norm = d.norm[:saved]
				d.norm = append(d.norm, 'a')
				flags |= Leet
				i++
				continue
			case c == '-' && lastLetter && d.letterAt(i+1):
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
		if r == '’' || r == 'ʼ' {
			if j, done := d.apostrophe(start, i, size, flags, digits, n0); done {
				return j
			} else if j > i {
				i = j
				continue
			}
			break
		}
		if isInvisible(r) {
			if d.wordRuneAt(i+size) && i > start {
				flags |= Invisible
				i += size
				continue
			}
			break
		}
		if unicode.IsLetter(r) || unicode.Is(unicode.Mn, r) {
			f, fl := foldRune(r)
			if f == "" && fl == 0 {
				d.norm = utf8.AppendRune(d.norm, r)
			} else {
				d.norm = append(d.norm, f...)
			}
			flags |= fl
			lastLetter = true
			i += size
			continue
		}
		if unicode.IsDigit(r) {
			d.norm = append(d.norm, text[i:i+size]...)
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

// finishWord applies the whole-word normalisations (leet digits, elongation)
// and emits the word [start, end) whose normal form is d.norm[n0:].
func (d *Document) finishWord(start, end int, flags Flags, digits bool, n0 int) {
	key := d.norm[n0:]
	if len(key) == 0 {
		// only invisible characters or marks: nothing to match
		d.emit(start, end, Word, flags, n0)
		return
	}
	if digits {
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
				flags |= Elongated
				break
			}
		} else {
			run = 1
		}
	}
	d.emit(start, end, Word, flags, n0)
}

// elisions are the French words that elide their vowel before another word.
func isElision(w []byte) bool {
	switch string(w) {
	case "l", "d", "j", "m", "n", "s", "t", "c", "qu", "jusqu", "lorsqu", "puisqu", "quoiqu", "presqu", "quelqu":
		return true
	}
	return false
}

// contractionSuffix reports whether s (lower case) is an English contraction
// suffix after the apostrophe.
func isContraction(s string) bool {
	switch s {
	case "s", "m", "re", "ve", "ll", "d":
		return true
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
	if !d.letterAt(after) {
		return i, false
	}
	cur := d.norm[n0:]
	// French elision: l'État, qu'il, jusqu'à
	if isElision(cur) {
		d.norm = append(d.norm, '\'')
		d.emit(start, after, Word, flags|Elided, n0)
		return after, true
	}
	// English contraction: the letters after the apostrophe, up to the end of the word
	j := after
	for j < len(text) && isASCIILetter(text[j]) {
		j++
	}
	if !d.letterAt(j) {
		suffix := text[after:j]
		lower := make([]byte, 0, 4)
		if len(suffix) <= 2 {
			for k := 0; k < len(suffix); k++ {
				lower = append(lower, suffix[k]|0x20)
			}
		}
		// n't: don't → do + n't
		if string(lower) == "t" && len(cur) >= 2 && cur[len(cur)-1] == 'n' {
			base := d.norm[:len(d.norm)-1]
			d.norm = base
			d.finishWord(start, i-1, flags, digits, n0)
			m0 := len(d.norm)
			d.norm = append(d.norm, "n't"...)
			d.emit(i-1, j, Word, Contraction, m0)
			return j, true
		}
		if isContraction(string(lower)) {
			d.finishWord(start, i, flags, digits, n0)
			m0 := len(d.norm)
			d.norm = append(d.norm, '\'')
			d.norm = append(d.norm, lower...)
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
	var sep byte
	count := 0
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
		if d.letterAt(k) || (k < n && (isDigit(text[k]) || text[k] == '\'')) {
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
		f, fl := foldRune(r)
		if f == "" && fl == 0 {
			d.norm = utf8.AppendRune(d.norm, r)
		} else {
			d.norm = append(d.norm, f...)
		}
		flags |= fl
		k += size
	}
	if count == 2 && abbrev {
		flags &^= Spaced // an abbreviation, not a disguise
	} else {
		flags |= Spaced
	}
	if abbrev {
		end++
	}
	d.emit(i, end, Word, flags, n0)
	return end
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
// number followed by letters is a word (4ever, h1jra is caught in word).
func (d *Document) number(i int) int {
	text := d.Text
	n := len(text)
	start := i
	j := i
	for j < n {
		c := text[j]
		if isDigit(c) {
			j++
			continue
		}
		if (c == '.' || c == ',' || c == ':' || c == '/') && j+1 < n && isDigit(text[j+1]) && j > start {
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
	if d.letterAt(j) {
		// digits followed by letters: a word in leetspeak or an ordinal
		return d.word(start)
	}
	n0 := len(d.norm)
	d.norm = append(d.norm, text[start:j]...)
	d.emit(start, j, Number, 0, n0)
	return j
}

// hashtag emits the hashtag and then each word inside it, split at case
// changes, digits and underscores: #RejoignezLeCalifat → Rejoignez Le Califat.
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
		if unicode.IsLetter(r) || unicode.Is(unicode.Mn, r) || unicode.IsDigit(r) || (isInvisible(r) && d.wordRuneAt(j+size)) {
			j += size
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
	var prev class = other
	emitPart := func(s, e int) {
		if e <= s {
			return
		}
		m0 := len(d.norm)
		fl := d.foldInto(s, e)
		d.emit(s, e, Word, fl|InHashtag, m0)
	}
	for k := i + 1; k < j; {
		cl, size := classOf(k)
		split := false
		switch {
		case cl == other: // underscore
			emitPart(partStart, k)
			partStart = k + size
			prev = other
			k += size
			continue
		case cl == upper && prev == lower:
			split = true
		case cl == digit && (prev == lower || prev == upper), (cl == lower || cl == upper) && prev == digit:
			split = true
		case cl == lower && prev == upper && k-1 > partStart:
			// ISISNews: the last capital starts the next word
			if c2, _ := classOf(k - 1); c2 == upper && k-1 > partStart {
				if pc, _ := classOf(k - 2); pc == upper {
					emitPart(partStart, k-1)
					partStart = k - 1
				}
			}
		}
		if split {
			emitPart(partStart, k)
			partStart = k
		}
		prev = cl
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
		f, fl := foldRune(r)
		if f == "" && fl == 0 {
			d.norm = append(d.norm, d.Text[k:k+size]...)
		} else {
			d.norm = append(d.norm, f...)
		}
		flags |= fl
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
