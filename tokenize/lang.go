package tokenize

import "encoding/json"

// Lang is the language of a text.
type Lang uint8

// The languages Vigie knows. Undetermined covers texts too short to tell,
// texts in other languages, and texts without words.
const (
	Undetermined Lang = iota
	French
	English
)

// String returns the ISO 639-1 code ("fr", "en") or "und".
func (l Lang) String() string {
	switch l {
	case French:
		return "fr"
	case English:
		return "en"
	}
	return "und"
}

// MarshalText encodes the language as its code.
func (l Lang) MarshalText() ([]byte, error) { return []byte(l.String()), nil }

// UnmarshalText decodes "fr", "en" or "und".
func (l *Lang) UnmarshalText(b []byte) error {
	switch string(b) {
	case "fr":
		*l = French
	case "en":
		*l = English
	case "und", "":
		*l = Undetermined
	default:
		return &json.UnsupportedValueError{Str: string(b)}
	}
	return nil
}

// ParseLang returns the language named by an ISO 639-1 code, or
// Undetermined and false.
func ParseLang(s string) (Lang, bool) {
	var l Lang
	if err := l.UnmarshalText([]byte(s)); err != nil {
		return Undetermined, false
	}
	return l, true
}

// The function words are the most frequent words of each language, which
// almost never occur in the other, in normal form: the lists of
// data/function-words-fr.txt and data/function-words-en.txt. Words shared by
// both ("a", "on", "me", "plus") are in neither list.
//
// They are found with a perfect hash that gen_tables.go computes and writes
// into tables_gen.go: (key*functionMul)>>53 is a slot of functionSlots, which
// holds the index of the only function word whose key can land there (0 when
// none can). functionEntries holds each word's key, with its language in the
// two top bits (lengths use only bits 56 to 58): the key of a function word
// is the entry with those bits cleared. Looking a word up is a
// multiplication, two loads and a comparison. maxFunctionWord, the length of
// the longest function word, is at most 7.

// functionKey packs a word of at most maxFunctionWord bytes into an integer:
// its bytes, first byte lowest, and its length in the top byte, so that two
// words have the same key only if they are equal.
func functionKey(w []byte) uint64 {
	var key uint64
	for k, c := range w {
		key |= uint64(c) << (8 * k)
	}
	return key | uint64(len(w))<<56
}

// countFunctionKey counts the word whose functionKey is key when it is a
// French or an English function word.
func (d *Document) countFunctionKey(key uint64) {
	e := functionEntries[functionSlots[(key*functionMul)>>53]]
	// Without a branch, which the mix of function words and other words
	// would often mispredict: miss is 0 when the entry is key's, 1 when
	// not, and the language is kept only when miss is 0.
	diff := e&^(3<<62) ^ key
	miss := (diff | -diff) >> 63
	d.langHits[(e>>62)&(miss-1)]++
}

// countFunctionWord counts w, the normal form of a word, when it is a French
// or an English function word.
func (d *Document) countFunctionWord(w []byte) {
	if len(w) == 0 || len(w) > maxFunctionWord {
		return
	}
	d.countFunctionKey(functionKey(w))
}

// detectLang decides the language from the function words counted while
// tokenizing: the language with clearly more of them, when there are enough.
func (d *Document) detectLang() Lang {
	fr, en := d.langHits[French], d.langHits[English]
	switch {
	case fr+en == 0:
		return Undetermined
	case fr > en:
		return French
	case en > fr:
		return English
	}
	return Undetermined
}

// Langs reports how many French and English function words the document has,
// so that a caller can tell a mixed text (both counts high) from a text in one
// language.
func (d *Document) Langs() (french, english int) {
	return d.langHits[French], d.langHits[English]
}
