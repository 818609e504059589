package lexicon

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"io"
	"io/fs"
	"sort"
	"strings"
	"sync"

	"github.com/vigie-project/vigie/tokenize"
)

// Lexicon is a validated set of entries and rules with an index for matching.
// A Lexicon is immutable once built and safe for concurrent use by multiple
// goroutines.
type Lexicon struct {
	entries []Entry
	rules   []Rule

	pats      []pattern // per entry: what matching needs, packed apart from the entries
	concepts  []uint64  // per entry: the FNV-1a hash of its concept
	exact     table     // first word's key → entries (exact first word)
	loose     table     // first word's key → its entries that bigrams does not index, for first words that have some there
	looseKey  []int32   // per key of exact: its index in loose's keys, or -1 when bigrams indexes none of its entries
	bigrams   table     // first word's key, 0, second word's key or elided form → entries (both words exact, see pairable), hashed by pairHash
	prefixes  table     // first word's prefix → entries (prefix first word)
	prefixMin int       // the shortest prefix length
	prefixMax int       // the longest prefix length
	prefixLen uint64    // bit n set when some prefix has n bytes (n < 64)
	// stemStarts has bit b0<<8|b1 set when some prefix starts with the bytes
	// b0 b1, or every bit when some prefix has one byte
	stemStarts *[1 << 10]uint64
	masked     table // first words with one letter replaced by *; built on first use, see maskIndex
	squeezed   table // first word with repeated letters squeezed, for elongated tokens

	joined         table // phrases of plain words written together, for spaced tokens: "tuezles"
	maskedPrefixes table // prefix first words with one letter replaced by *; built on first use
	maskOnce       sync.Once
	sqPrefixes     table  // prefix first words with repeated letters squeezed
	sqPrefixLen    uint64 // bit n set when some key of sqPrefixes has n bytes

	fingerprint string // see Fingerprint

	fuzzy table // first words with an inner letter dropped or two swapped: their misspellings (fuzzy.go)
	// fuzzyStems holds the misspellings of stems (égorg*), and
	// fuzzyStemLens has bit n set when one has n bytes
	fuzzyStems    table
	fuzzyStemLens uint64
	stemFirst     uint32 // bit c-'a' set when a stem starts with the letter c
	words         table  // every exact word of every entry: these are not misspellings, and glued words may be made of them
	// shape has bit n of [a*26+b] set when a misspelling of n letters,
	// from a to b, may be one of a word of the entries
	shape [26 * 26]uint64
}

// pattern is the part of an entry that matching reads.
type pattern struct {
	words []word
	// second and third are the sets of token signatures (see signature)
	// that can match the second and the third word of a phrase, every
	// signature when it has no such plain word: tryAll skips a phrase whose
	// second word none of the tokens that may hold it can match, and
	// tryPairs one whose third word cannot match, without reading its words
	second, third       uint64
	secondGap, thirdGap bool // the word follows a gap ("je ... tuerai")
	number              bool // the first word is a number: it must stand alone
}

// Source is a named lexicon or rule file to build a Lexicon from.
type Source struct {
	Name string    // used in errors; usually the file name
	R    io.Reader // the file's content
}

// New parses and validates the sources and builds a Lexicon. Errors name the
// source and line.
func New(sources ...Source) (*Lexicon, error) {
	var all file
	names := make([]string, len(sources))
	for i, s := range sources {
		names[i] = s.Name
		f, err := parse(s.R, s.Name, MaxEntries-len(all.entries)-len(all.rules))
		if err != nil {
			return nil, err
		}
		all.entries = append(all.entries, f.entries...)
		all.rules = append(all.rules, f.rules...)
	}
	if len(all.entries) == 0 {
		return nil, &ParseError{File: strings.Join(names, ", "), Err: ErrEmpty}
	}
	return build(all.entries, all.rules)
}

// Load reads every file matching the glob patterns in fsys (all "*.tsv" files
// at its root when no pattern is given) and builds a Lexicon. A file whose
// header is "term concept category weight note" holds entries; one whose
// header is "name pattern category weight window note" holds rules.
func Load(fsys fs.FS, patterns ...string) (*Lexicon, error) {
	if len(patterns) == 0 {
		patterns = []string{"*.tsv"}
	}
	var names []string
	for _, p := range patterns {
		m, err := fs.Glob(fsys, p)
		if err != nil {
			return nil, fmt.Errorf("lexicon: pattern %q: %w", p, err)
		}
		names = append(names, m...)
	}
	if len(names) == 0 {
		return nil, fmt.Errorf("lexicon: no file matches %q", patterns)
	}
	sort.Strings(names)
	var sources []Source
	var closers []io.Closer
	defer func() {
		for _, c := range closers {
			c.Close()
		}
	}()
	for _, name := range names {
		f, err := fsys.Open(name)
		if err != nil {
			return nil, fmt.Errorf("lexicon: %w", err)
		}
		closers = append(closers, f)
		sources = append(sources, Source{Name: name, R: f})
	}
	return New(sources...)
}

//go:embed data/*.tsv
var defaultFS embed.FS

// DefaultFS returns the embedded default lexicon files, so that a user can
// read them, or combine them with their own.
func DefaultFS() fs.FS {
	sub, err := fs.Sub(defaultFS, "data")
	if err != nil {
		panic(err) // the embedded directory exists by construction
	}
	return sub
}

var (
	defaultOnce sync.Once
	defaultLex  *Lexicon
	defaultErr  error
)

// Default returns the embedded default lexicons for French, English and the
// transliterated jargon shared by both, with the default rules. It is built
// once and shared.
func Default() (*Lexicon, error) {
	defaultOnce.Do(func() {
		defaultLex, defaultErr = Load(DefaultFS())
	})
	return defaultLex, defaultErr
}

// build validates the whole set and indexes it.
func build(entries []Entry, rules []Rule) (*Lexicon, error) {
	l := &Lexicon{
		entries: append([]Entry(nil), entries...),
		rules:   append([]Rule(nil), rules...),
	}
	type key struct {
		term string
		cat  Category
	}
	seen := make(map[key]int, len(entries))
	l.pats = make([]pattern, len(l.entries))
	l.concepts = make([]uint64, len(l.entries))
	for i := range l.entries {
		e := &l.entries[i]
		l.pats[i] = pattern{words: e.words, number: e.words[0].kind == tokenize.Number,
			second: wordSignature(e.words, 1), secondGap: len(e.words) > 1 && e.words[1].gap,
			third: wordSignature(e.words, 2), thirdGap: len(e.words) > 2 && e.words[2].gap}
		l.concepts[i] = fnv64(e.Concept)
		k := key{e.normalTerm(), e.Category}
		if j, dup := seen[k]; dup {
			p := &l.entries[j]
			return nil, &ParseError{File: e.File, Line: e.Line, Err: fmt.Errorf("%w: %q (%s) is already at %s:%d", ErrDuplicate, e.Term, e.Category, p.File, p.Line)}
		}
		seen[k] = i
		id := int32(i)
		first := e.words[0]
		if first.prefix {
			l.prefixes.add(first.key, id)
			n := len(first.key)
			if n >= 64 {
				return nil, &ParseError{File: e.File, Line: e.Line, Err: fmt.Errorf("%w %q: a stem is at most 63 bytes", ErrTerm, clip(e.Term))}
			}
			l.prefixLen |= 1 << n
			l.addStemStart(first.key)
			if l.prefixMin == 0 || n < l.prefixMin {
				l.prefixMin = n
			}
			if n > l.prefixMax {
				l.prefixMax = n
			}
			sq := squeeze(first.key)
			l.sqPrefixes.add(sq, id)
			l.sqPrefixLen |= 1 << len(sq)
		} else {
			l.exact.add(first.key, id)
			l.squeezed.add(squeeze(first.key), id)
		}
		if j, ok := joinedKey(e.words); ok {
			l.joined.add(j, id)
		}
	}
	l.indexBigrams()
	l.indexFuzzy()
	for i := range l.entries {
		e := &l.entries[i]
		e.ID = entryID(e)
	}
	for i := range l.rules {
		l.rules[i].ID = "rule-" + l.rules[i].Name
	}
	l.fingerprint = fingerprint(l.entries, l.rules)
	names := map[string]int{}
	for i := range l.rules {
		r := &l.rules[i]
		if j, dup := names[r.Name]; dup {
			p := &l.rules[j]
			return nil, &ParseError{File: r.File, Line: r.Line, Err: fmt.Errorf("%w: rule %q is already at %s:%d", ErrDuplicate, r.Name, p.File, p.Line)}
		}
		names[r.Name] = i
	}
	if len(l.entries) == 0 {
		return nil, &ParseError{Err: ErrEmpty}
	}
	return l, nil
}

func (l *Lexicon) addStemStart(stem string) {
	if l.stemStarts == nil {
		l.stemStarts = new([1 << 10]uint64)
	}
	if len(stem) < 2 {
		for i := range l.stemStarts {
			l.stemStarts[i] = ^uint64(0)
		}
		return
	}
	k := uint16(stem[0])<<8 | uint16(stem[1])
	l.stemStarts[k>>6] |= 1 << (k & 63)
}

// maskIndex builds, once, the tables of first words with one letter
// masked: ten strings for a word of ten letters, for the rare masked token,
// so they are built when the first one comes rather than at load.
func (l *Lexicon) maskIndex() {
	l.maskOnce.Do(func() {
		for i := range l.pats {
			first := &l.pats[i].words[0]
			switch {
			case first.prefix:
				for _, m := range maskVariants(first.key) {
					l.maskedPrefixes.add(m, int32(i))
				}
			case first.kind == tokenize.Word:
				for _, m := range maskVariants(first.key) {
					l.masked.add(m, int32(i))
				}
			}
		}
	})
}

// pairable reports whether an entry can be found by its first two words
// when the token after its first is written plainly: both are exact words
// (no stem, no gap) that a token's normal form equals, or, for an elidable
// second word, one of its elided forms (pairForms).
func pairable(words []word) bool {
	if len(words) < 2 || words[0].prefix {
		return false
	}
	w := &words[1]
	return !w.prefix && !w.gap && (w.kind == tokenize.Word || w.kind == tokenize.Number)
}

// pairForms returns the normal forms of a plainly written token that the
// second word w of a phrase matches: w, and for an elidable word ending in e
// or a, its elided forms, as elides reads them ("de": d' and d’).
func pairForms(w string) []string {
	if !elidable(w) || len(w) < 2 || w[len(w)-1] != 'e' && w[len(w)-1] != 'a' {
		return []string{w}
	}
	stem := w[:len(w)-1]
	return []string{w, stem + "'", stem + "’"}
}

// The lists of words that the matcher consults (elidable, functionWord,
// gluedShort, profanity, FrenchNegation) are reviewed data, data/*.txt,
// that gen_words.go writes into words_gen.go.
//
//go:generate go run gen_words.go

// indexBigrams indexes the pairable entries by their first two words, and
// lists apart the other entries of their first words. A frequent first word
// ("je", "the", "kill") starts dozens of phrases; the token after it selects
// the few that can match, instead of trying them all.
func (l *Lexicon) indexBigrams() {
	heads := map[string]bool{}
	for i := range l.pats {
		if w := l.pats[i].words; pairable(w) {
			heads[w[0].key] = true
		}
	}
	for i := range l.pats {
		w := l.pats[i].words
		if w[0].prefix || !heads[w[0].key] {
			continue
		}
		if pairable(w) {
			for _, second := range pairForms(w[1].key) {
				l.bigrams.addHashed(w[0].key+"\x00"+second, pairHash(fnv64(w[0].key), fnv64(second)), int32(i))
			}
		} else {
			l.loose.add(w[0].key, int32(i))
		}
	}
	for k := range heads {
		l.loose.ensure(k)
	}
	// a token found in exact finds its loose entries without a second probe
	l.looseKey = make([]int32, len(l.exact.keys))
	for k, key := range l.exact.keys {
		l.looseKey[k] = l.loose.find(hashString(key), []byte(key))
	}
	// most tokens start no entry, and most first words are not followed by
	// the second word of a phrase: the filters say so before a probe
	l.exact.buildFilter()
	l.bigrams.buildFilter()
}

// joinedKey returns the words of a phrase of plain words (no gap, no stem,
// no number) written together: "tuez les" → "tuezles". A run of spaced
// letters that spells a whole phrase is one token with that normal form.
func joinedKey(words []word) (string, bool) {
	if len(words) < 2 {
		return "", false
	}
	var b strings.Builder
	for _, w := range words {
		if w.gap || w.prefix || w.kind != tokenize.Word {
			return "", false
		}
		b.WriteString(w.key)
	}
	return b.String(), true
}

// squeeze removes repeated letters: "jihaaaad" → "jihad", "kuffar" → "kufar".
func squeeze(s string) string {
	b := []byte(nil)
	for i := 0; i < len(s); i++ {
		if i > 0 && s[i] == s[i-1] && s[i] >= 'a' && s[i] <= 'z' {
			if b == nil {
				b = []byte(s[:i])
			}
			continue
		}
		if b != nil {
			b = append(b, s[i])
		}
	}
	if b == nil {
		return s
	}
	return string(b)
}

// maskVariants returns key with each ASCII letter after the first replaced by
// *, for keys of at least 4 ASCII letters.
func maskVariants(key string) []string {
	if len(key) < 4 {
		return nil
	}
	for i := 0; i < len(key); i++ {
		if key[i] < 'a' || key[i] > 'z' {
			return nil
		}
	}
	out := make([]string, 0, len(key)-1)
	b := []byte(key)
	for i := 1; i < len(b); i++ {
		c := b[i]
		b[i] = '*'
		out = append(out, string(b))
		b[i] = c
	}
	return out
}

// Len returns the number of entries.
func (l *Lexicon) Len() int { return len(l.entries) }

// Entry returns entry i. The pointer is to the lexicon's own copy: do not
// modify it.
func (l *Lexicon) Entry(i int) *Entry { return &l.entries[i] }

// ConceptHash returns the 64-bit FNV-1a hash of entry i's concept, computed
// once when the lexicon was built: callers that key tables by concept need
// not hash it for every match.
func (l *Lexicon) ConceptHash(i int) uint64 { return l.concepts[i] }

// Entries returns a copy of the entries.
func (l *Lexicon) Entries() []Entry { return append([]Entry(nil), l.entries...) }

// Rules returns a copy of the rules.
func (l *Lexicon) Rules() []Rule {
	out := make([]Rule, len(l.rules))
	for i, r := range l.rules {
		r.Pattern = append([]Category(nil), r.Pattern...)
		out[i] = r
	}
	return out
}

// Rule returns rule i. Do not modify it.
func (l *Lexicon) Rule(i int) *Rule { return &l.rules[i] }

// NumRules returns the number of rules.
func (l *Lexicon) NumRules() int { return len(l.rules) }

// Concepts returns the sorted, distinct concepts of the entries.
func (l *Lexicon) Concepts() []string {
	set := map[string]bool{}
	for i := range l.entries {
		set[l.entries[i].Concept] = true
	}
	out := make([]string, 0, len(set))
	for c := range set {
		out = append(out, c)
	}
	sort.Strings(out)
	return out
}

// Files returns the names of the files the entries and rules came from, in
// the order they were loaded.
func (l *Lexicon) Files() []string {
	var out []string
	seen := map[string]bool{}
	add := func(f string) {
		if !seen[f] {
			seen[f] = true
			out = append(out, f)
		}
	}
	for i := range l.entries {
		add(l.entries[i].File)
	}
	for i := range l.rules {
		add(l.rules[i].File)
	}
	return out
}

// entryID returns an entry's stable identifier: the file's name without its
// extension, "-", and the first 8 hexadecimal digits of the FNV-1a hash of
// the category and the normalised term. Adding, removing or moving other
// lines does not change it; changing the term or its category does.
func entryID(e *Entry) string {
	stem := e.File
	if i := strings.LastIndexByte(stem, '/'); i >= 0 {
		stem = stem[i+1:]
	}
	stem = strings.TrimSuffix(stem, ".tsv")
	h := tokenize.HashString(e.Category.String() + "\x00" + e.normalTerm())
	return fmt.Sprintf("%s-%08x", stem, uint32(h^h>>32))
}

// Fingerprint returns a digest of what matching and scoring read from the
// lexicon: every entry's identifier, concept, category and weight, and every
// rule, whatever their order (notes are left out: rewording one changes
// nothing). A model records the fingerprint of the lexicon it was trained
// with, so that the two can be checked to belong together.
func (l *Lexicon) Fingerprint() string { return l.fingerprint }

func fingerprint(entries []Entry, rules []Rule) string {
	lines := make([]string, 0, len(entries)+len(rules))
	for i := range entries {
		e := &entries[i]
		lines = append(lines, fmt.Sprintf("%s\t%s\t%s\t%s\t%g", e.ID, e.normalTerm(), e.Concept, e.Category, e.Weight))
	}
	for i := range rules {
		r := &rules[i]
		pat := make([]string, len(r.Pattern))
		for k, c := range r.Pattern {
			pat[k] = c.String()
		}
		lines = append(lines, fmt.Sprintf("rule\t%s\t%s\t%s\t%g\t%d\t%v", r.Name, strings.Join(pat, " "), r.Category, r.Weight, r.Window, r.AtSentenceStart))
	}
	sort.Strings(lines)
	sum := sha256.Sum256([]byte(strings.Join(lines, "\n")))
	return hex.EncodeToString(sum[:8])
}
