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

// countFunctionWord counts French and English function words: the most
// frequent words of each language, which almost never occur in the other.
// Words shared by both ("a", "on", "me", "plus") are not counted.
func (d *Document) countFunctionWord(w []byte) {
	if len(w) == 0 || len(w) > 7 {
		return
	}
	switch string(w) {
	case "le", "la", "les", "des", "du", "et", "est", "une", "un", "que", "qui", "pour", "dans", "sur", "pas", "ne", "au",
		"aux", "je", "tu", "il", "nous", "vous", "ils", "elle", "elles", "ce", "cette", "ces", "avec", "sont", "mais", "ou",
		"etre", "l'", "d'", "qu'", "c'", "j'", "n'", "s'", "m'", "t'", "leur", "leurs", "tres", "fait", "tout",
		"tous", "faut", "mon", "ma", "mes", "ton", "ta", "tes", "son", "sa", "ses", "notre", "nos", "votre", "vos", "ete", "par", "comme", "aussi", "sans", "chez", "alors", "donc", "quand", "meme", "contre", "entre", "avoir",
		"suis", "sommes", "etes", "ont", "avez", "avons", "va", "vais", "vont", "allons", "moi", "toi", "eux", "lui",
		"y", "ca":
		d.frHits++
	case "the", "and", "is", "are", "was", "were", "of", "to", "that", "it", "for", "you", "with", "this", "be", "not",
		"have", "has", "they", "we", "i", "my", "your", "but", "at", "by", "from", "what", "will", "would", "their", "them",
		"he", "she", "his", "her", "our", "us", "all", "been", "who", "which", "there", "when", "can", "just", "should",
		"n't", "'s", "'m", "'re", "'ll", "'ve", "about", "into", "out", "if", "so", "do", "does", "did", "these", "those",
		"than", "then", "must", "because", "how", "why", "an", "or", "no":
		d.enHits++
	}
}

// detectLang decides the language from the function words counted while
// tokenizing: the language with clearly more of them, when there are enough.
func (d *Document) detectLang() Lang {
	fr, en := d.frHits, d.enHits
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
func (d *Document) Langs() (french, english int) { return d.frHits, d.enHits }
