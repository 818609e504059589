package tokenize

import (
	"unicode"
	"unicode/utf8"
)

// Role is a token's part in the structure of its text: whether it opens or
// closes a quotation, lies inside one, or ends a question. Document.Reset
// finds the roles once, for every stage that needs them.
type Role uint8

// The roles. A token can have several (a quotation mark inside another
// quotation is Quoted and QuoteOpen).
const (
	// QuoteOpen marks a quotation mark that opens a quotation closed later
	// in the same paragraph: « “ „ ‹ ‘ 「 『, a straight " or ＂ that opens,
	// and a straight ' before a word after a space ('kill them all').
	QuoteOpen Role = 1 << iota
	// QuoteClose marks the mark that closes it.
	QuoteClose
	// Quoted marks the tokens between a QuoteOpen and its QuoteClose.
	Quoted
	// QuestionEnd marks a question mark: ? ？ ؟ (and ⁇ ⁈ ⁉ ‽).
	QuestionEnd
)

var roleNames = [...]string{"quote-open", "quote-close", "quoted", "question-end"}

// String returns the names of the roles joined by "|", or "" when none is
// set.
func (r Role) String() string {
	s := ""
	for i, n := range roleNames {
		if r&(1<<i) != 0 {
			if s != "" {
				s += "|"
			}
			s += n
		}
	}
	return s
}

// A quotation mark's kind: how it may pair.
const (
	markNone     = iota
	markOpen     // opens only: « “ „ ‹ ‘ 「 『
	markClose    // closes only: » ” › 」 』 and ’ after a word
	markStraight // opens or closes: " ＂ and a ' that fits
)

// maxQuoteDepth is how deeply quotations nest before further marks are
// ignored: beyond it a text is not quoting, it is noise.
const maxQuoteDepth = 8

// quoteMark returns the kind of quotation mark that punctuation token i is,
// and for closing marks which opening marks they close (as a small set of
// the opening marks' first bytes and runes, checked by closes).
func (d *Document) quoteMark(i int) (kind int, r rune) {
	t := &d.Tokens[i]
	p := d.Text[t.Start:t.End]
	switch p {
	case "\"", "＂":
		return markStraight, '"'
	case "«", "“", "„", "‹", "‘", "「", "『":
		r, _ := utf8.DecodeRuneInString(p)
		return markOpen, r
	case "»", "”", "›", "」", "』":
		r, _ := utf8.DecodeRuneInString(p)
		return markClose, r
	case "'", "’":
		// a straight or curly single quote that is not an apostrophe: it
		// opens after a space (or the start) before a word, and closes after
		// a word before a space, punctuation or the end
		before := t.Start == 0 || isSpaceByte(d.Text[t.Start-1]) || i > 0 && d.Tokens[i-1].Kind == Punct && d.Tokens[i-1].End == t.Start
		after := t.End == len(d.Text) || isSpaceByte(d.Text[t.End]) || i+1 < len(d.Tokens) && d.Tokens[i+1].Kind == Punct && d.Tokens[i+1].Start == t.End
		attachedBefore := i > 0 && d.Tokens[i-1].End == t.Start // after a word or a mark: 'it.' 'kill!'
		wordAfter := i+1 < len(d.Tokens) && d.Tokens[i+1].Start == t.End && d.Tokens[i+1].Kind != Punct
		switch {
		case attachedBefore && after:
			return markClose, '\''
		case before && wordAfter && p == "'":
			return markOpen, '\''
		}
	}
	return markNone, 0
}

func isSpaceByte(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'
}

// closes reports whether a closing mark c closes an opening mark o.
func closes(o, c rune) bool {
	switch c {
	case '»':
		return o == '«'
	case '”':
		return o == '“' || o == '„'
	case '›':
		return o == '‹'
	case '」':
		return o == '「'
	case '』':
		return o == '『'
	case '\'':
		return o == '\'' || o == '‘'
	}
	return false
}

// isQuestionMark reports whether p, a punctuation token's text, is a
// question mark.
func isQuestionMark(p string) bool {
	switch p {
	case "？", "؟", "⁇", "⁈", "⁉", "‽":
		return true
	}
	return p != "" && p[0] == '?'
}

// structure gives every token its sentence, paragraph and role, in one
// pass. Quotation marks pair within a paragraph; a mark that finds no
// partner there is not a quotation (a stray " or an inch sign). A sentence
// that ends inside a quotation ends after its closing mark, and does not end
// at all when a lower-case word follows ("« Tuez-les ! » a-t-il écrit" is
// one sentence: the quotation and the verb that reports it).
func (d *Document) structure() {
	toks := d.Tokens
	var stack [maxQuoteDepth]struct {
		tok  int32
		mark rune
	}
	depth := 0
	para := int32(-1)
	for _, m := range d.marks {
		i := int(m)
		t := &toks[i]
		if t.Paragraph != para {
			depth = 0 // unclosed marks of the paragraph before stay plain
			para = t.Paragraph
		}
		d.punctRole(i, &stack, &depth)
		if t.Role&QuoteClose != 0 && t.Flags&SentenceStart != 0 && t.Flags&LineStart == 0 && i > 0 && toks[i-1].Kind == Punct {
			// the sentence that ended inside the quotation ends after it
			t.Flags &^= SentenceStart
			next := i+1 < len(toks) && toks[i+1].Flags&LineStart == 0
			if next && !(toks[i+1].Kind == Word && lowerStart(d.Text[toks[i+1].Start:toks[i+1].End])) {
				toks[i+1].Flags |= SentenceStart // only the mark moves to the sentence before
				t.Sentence--
				continue
			}
			for j := i; j < len(toks); j++ { // the sentence goes on: every later one is one less
				toks[j].Sentence--
			}
		}
	}
}

// punctRole finds the role of punctuation token i: a question mark, or a
// quotation mark that opens (pushed on stack) or closes one that opened
// before in the paragraph; closing marks the tokens between as Quoted.
func (d *Document) punctRole(i int, stack *[maxQuoteDepth]struct {
	tok  int32
	mark rune
}, depth *int) {
	toks := d.Tokens
	t := &toks[i]
	p := d.Text[t.Start:t.End]
	if isQuestionMark(p) {
		t.Role = QuestionEnd
		return
	}
	kind, r := d.quoteMark(i)
	k := -1 // the opener that t closes
	switch kind {
	case markNone:
		return
	case markStraight:
		if *depth > 0 && stack[*depth-1].mark == r {
			k = *depth - 1
		}
	case markOpen:
		if r == '“' && *depth > 0 && stack[*depth-1].mark == '„' { // German „…“
			k = *depth - 1
		}
	case markClose:
		// the nearest opener it fits, dropping unclosed ones above it; when
		// none fits, the innermost one (people mix their marks: ‘…”)
		for k = *depth - 1; k >= 0 && !closes(stack[k].mark, r); k-- {
		}
		if k < 0 {
			k = *depth - 1
		}
		if k < 0 {
			return
		}
	}
	if k < 0 { // it opens
		if *depth < maxQuoteDepth {
			stack[*depth].tok, stack[*depth].mark = int32(i), r
			*depth++
		}
		return
	}
	open := stack[k].tok
	*depth = k
	toks[open].Role |= QuoteOpen
	t.Role |= QuoteClose
	for j := open + 1; j < int32(i); j++ {
		toks[j].Role |= Quoted
	}
}

// lowerStart reports whether s starts with a lower-case letter.
func lowerStart(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsLower(r)
}
