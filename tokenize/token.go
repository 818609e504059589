package tokenize

import (
	"encoding/json"
	"fmt"
	"math/bits"
	"slices"
)

// Kind is what a token is: a word, a number, a hashtag and so on.
type Kind uint8

// The kinds of token.
const (
	Word    Kind = iota + 1 // letters, possibly with digits, marks or masks inside
	Number                  // digits, possibly with . , : / separators (prices, dates, codes)
	Hashtag                 // #tag; its words follow it as Word tokens flagged InHashtag
	Mention                 // @user
	URL                     // a web address or an e-mail address; its normal form is the host name
	Emoji                   // a pictograph, with its modifiers and joiners
	Punct                   // any other visible character
)

var kindNames = [...]string{"", "word", "number", "hashtag", "mention", "url", "emoji", "punct"}

// String returns the lower-case name of the kind ("word", "number", ...).
func (k Kind) String() string {
	if int(k) < len(kindNames) && k != 0 {
		return kindNames[k]
	}
	return "invalid"
}

// MarshalText encodes the kind as its name.
func (k Kind) MarshalText() ([]byte, error) { return []byte(k.String()), nil }

// Flags record how a token was written and what normalisation did to it.
type Flags uint16

// The token flags.
const (
	Elided        Flags = 1 << iota // a French elided word with its apostrophe: l', qu', jusqu'
	Contraction                     // an English contraction: n't, 's, 'll, 're, 've, 'm, 'd
	InHashtag                       // a word inside a hashtag (#RejoignezLeCalifat → Rejoignez, Le, Califat)
	AfterHyphen                     // a word joined to the previous one by a hyphen (Rejoins-nous, al-Qaïda)
	SentenceStart                   // the first token of a sentence
	Leet                            // digits or symbols read as letters (h1jra, j!had)
	Homoglyph                       // letters of another script or alphabet read as Latin (Cyrillic а, fullwidth Ａ)
	Invisible                       // zero-width or other invisible characters were removed from inside it
	Spaced                          // single letters joined across spaces, dots or hyphens (t u e z, j.i.h.a.d)
	Masked                          // a letter is masked by * (k*ffar): its normal form keeps the *
	Elongated                       // a letter repeated three or more times (jihaaaad)
	Accented                        // diacritics were removed from its normal form
	LineStart                       // the first token after a line break: a new paragraph or line
	Misspelt                        // a letter was dropped, added, changed or two swapped: the lexicon read it as the word it is one edit from (set by the lexicon on its matches)
	Glued                           // a word that was written glued to its neighbours (killallthem): Document.Split cut it out
)

// Obfuscated is the set of flags that reveal a disguised spelling.
const Obfuscated = Leet | Homoglyph | Invisible | Spaced | Masked | Elongated | Misspelt | Glued

var flagNames = [...]string{"elided", "contraction", "in-hashtag", "after-hyphen", "sentence-start",
	"leet", "homoglyph", "invisible", "spaced", "masked", "elongated", "accented", "line-start", "misspelt", "glued"}

// Names returns the names of the flags that are set, in a fixed order.
func (f Flags) Names() []string {
	var names []string
	for i, n := range flagNames {
		if f&(1<<i) != 0 {
			names = append(names, n)
		}
	}
	return names
}

// String returns the names of the flags joined by "|", or "" when none is set.
func (f Flags) String() string {
	s := ""
	for _, n := range f.Names() {
		if s != "" {
			s += "|"
		}
		s += n
	}
	return s
}

// MarshalJSON encodes the flags as a list of names.
func (f Flags) MarshalJSON() ([]byte, error) {
	n := f.Names()
	if n == nil {
		n = []string{}
	}
	return json.Marshal(n)
}

// UnmarshalJSON decodes a list of flag names, as MarshalJSON writes it. An
// unknown name is an error; null leaves no flag set.
func (f *Flags) UnmarshalJSON(b []byte) error {
	var names []string
	if err := json.Unmarshal(b, &names); err != nil {
		return fmt.Errorf("tokenize: flags: %w", err)
	}
	var v Flags
	for _, n := range names {
		i := slices.Index(flagNames[:], n)
		if i < 0 {
			return fmt.Errorf("tokenize: unknown flag %q", n)
		}
		v |= 1 << i
	}
	*f = v
	return nil
}

// Name returns the name of a single flag, such as "leet", or "" when f is
// not exactly one flag.
func (f Flags) Name() string {
	if f == 0 || f&(f-1) != 0 {
		return ""
	}
	return flagNames[bits.TrailingZeros16(uint16(f))]
}

// Each calls yield with every flag that is set, one at a time, lowest first,
// until yield returns false. It does not allocate.
func (f Flags) Each(yield func(Flags) bool) {
	for f != 0 {
		low := f & -f
		if !yield(low) {
			return
		}
		f &^= low
	}
}

// Token is one token of a document. Start and End are byte offsets into the
// document's original text: Text[Start:End] is exactly what the writer typed,
// whatever normalisation did. The normal form is kept by the Document.
//
// Sentence, Paragraph and Role give the text's structure, found once for
// every stage that needs it (see Role and Document.Reset).
type Token struct {
	Start, End int    // byte offsets of the surface text in the original text
	Kind       Kind   // what the token is
	plain      bool   // the normal form is printable ASCII (Document.NormASCII)
	Role       Role   // the token's part in the text's structure: quotation marks, questions
	Flags      Flags  // how it was written and normalised
	n0, n1     int32  // the normal form: Document.norm[n0:n1]
	hash       uint64 // FNV-1a hash of the normal form (Document.NormHash)
	Sentence   int32  // the index of the token's sentence in the text, from 0
	Paragraph  int32  // the index of the token's paragraph (a line break starts one), from 0
}

// Span is a half-open range of byte offsets into the original text.
type Span struct {
	Start, End int
}
