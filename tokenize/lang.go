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

// frenchFunctionWords and englishFunctionWords are the most frequent words
// of each language, which almost never occur in the other, in normal form.
// Words shared by both ("a", "on", "me", "plus") are in neither list.
var (
	frenchFunctionWords = []string{"le", "la", "les", "des", "du", "et", "est", "une", "un", "que", "qui", "pour", "dans",
		"sur", "pas", "ne", "au", "aux", "je", "tu", "il", "nous", "vous", "ils", "elle", "elles", "ce", "cette", "ces",
		"avec", "sont", "mais", "ou", "etre", "l'", "d'", "qu'", "c'", "j'", "n'", "s'", "m'", "t'", "leur", "leurs",
		"tres", "fait", "tout", "tous", "faut", "mon", "ma", "mes", "ton", "ta", "tes", "son", "sa", "ses", "notre",
		"nos", "votre", "vos", "ete", "par", "comme", "aussi", "sans", "chez", "alors", "donc", "quand", "meme",
		"contre", "entre", "avoir", "suis", "sommes", "etes", "ont", "avez", "avons", "va", "vais", "vont", "allons",
		"moi", "toi", "eux", "lui", "y", "ca"}
	englishFunctionWords = []string{"the", "and", "is", "are", "was", "were", "of", "to", "that", "it", "for", "you",
		"with", "this", "be", "not", "have", "has", "they", "we", "i", "my", "your", "but", "at", "by", "from", "what",
		"will", "would", "their", "them", "he", "she", "his", "her", "our", "us", "all", "been", "who", "which",
		"there", "when", "can", "just", "should", "n't", "'s", "'m", "'re", "'ll", "'ve", "about", "into", "out", "if",
		"so", "do", "does", "did", "these", "those", "than", "then", "must", "because", "how", "why", "an", "or", "no"}
)

// maxFunctionWord is the length of the longest function word: longer words
// are not looked up.
const maxFunctionWord = 7

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

// The function words are found with a perfect hash: (key*functionMul)>>53
// is a slot of functionSlots, which holds the index of the only function
// word whose key can land there (0 when none can). functionEntries holds
// each word's key, with its language in the two top bits (lengths use only
// bits 56 to 58): the key of a function word is the entry with those bits
// cleared. Looking a word up is a multiplication, two loads and a comparison.
var (
	functionMul     uint64
	functionSlots   [1 << 11]uint8
	functionEntries [256]uint64 // entry 0 matches no word
)

// functionSeed starts the search for functionMul; it was picked so that the
// first multiplier tried already has no collision for the lists above. With
// other lists, init tries further multipliers.
const functionSeed = 326

func init() {
	var keys []uint64
	entries := []uint64{0}
	for _, list := range []struct {
		words []string
		lang  Lang
	}{{frenchFunctionWords, French}, {englishFunctionWords, English}} {
		for _, w := range list.words {
			if len(w) > maxFunctionWord {
				panic("tokenize: function word longer than maxFunctionWord: " + w)
			}
			keys = append(keys, functionKey([]byte(w)))
			entries = append(entries, keys[len(keys)-1]|uint64(list.lang)<<62)
		}
	}
	if len(entries) > len(functionEntries) {
		panic("tokenize: too many function words for uint8 slots")
	}
	copy(functionEntries[:], entries)
	// Try odd multipliers from a splitmix64 sequence until one sends every
	// word to a slot of its own.
	state := uint64(functionSeed)
search:
	for {
		state += 0x9e3779b97f4a7c15
		m := state
		m = (m ^ m>>30) * 0xbf58476d1ce4e5b9
		m = (m ^ m>>27) * 0x94d049bb133111eb
		m = (m ^ m>>31) | 1
		functionSlots = [len(functionSlots)]uint8{}
		for i, key := range keys {
			s := &functionSlots[(key*m)>>53]
			if *s != 0 {
				continue search
			}
			*s = uint8(i + 1)
		}
		functionMul = m
		return
	}
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
