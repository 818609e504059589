//go:build ignore

// gen_tables writes the tokenizer's tables (tables_gen.go) from the word
// lists of data/ and from Unicode, so that no table is built when a program
// starts:
//
//   - the folding of the runes below foldTableEnd, of the Latin-1 letters
//     (latinFold) and of the blocks of look-alikes above (foldRanges):
//     the homoglyphs of data/homoglyphs*.txt, then NFKD without combining
//     marks, then lower case;
//   - the perfect hash of the function words of data/function-words-*.txt;
//   - the lists of data/elisions.txt, data/contractions.txt and
//     data/tlds.txt, as switches.
//
// Run it with go generate ./tokenize after editing a list; TestTablesUpToDate
// fails until then.
//
//	go run gen_tables.go [-o tables_gen.go]   # "-o -" writes to standard output
package main

import (
	"flag"
	"fmt"
	"log"
	"path/filepath"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/vigie-project/vigie/internal/gen"
)

// foldTableEnd is the end of foldTable: the runes below it are folded by
// one lookup.
const foldTableEnd = 0x2000

// foldBlocks are the blocks above foldTableEnd whose letters and digits are
// look-alikes of ASCII, tabulated like foldTable (foldRanges).
var foldBlocks = []struct {
	lo, hi rune
	note   string
}{
	{0x2100, 0x214F, "letterlike symbols: ℎ ℯ ℬ ℍ, the holes of the mathematical alphabets"},
	{0x2460, 0x24FF, "enclosed alphanumerics: ① ⓐ"},
	{0xFF01, 0xFF5E, "fullwidth ASCII: Ａ ａ １ ！"},
	{0x1D400, 0x1D7FF, "mathematical alphanumeric symbols: 𝐚 𝔞 𝕒 𝟎"},
	{0x1F130, 0x1F189, "squared and negative squared letters: 🄰"},
}

// The flags that folding sets, named as in token.go; their values here only
// need to differ.
type flags uint8

const (
	accented flags = 1 << iota
	homoglyph
	invisible
)

func (f flags) String() string {
	var names []string
	for _, n := range []struct {
		f    flags
		name string
	}{{accented, "Accented"}, {homoglyph, "Homoglyph"}, {invisible, "Invisible"}} {
		if f&n.f != 0 {
			names = append(names, n.name)
		}
	}
	if len(names) == 0 {
		return "0"
	}
	return strings.Join(names, "|")
}

type foldEntry struct {
	s     string
	flags flags
}

// maxFunctionWord is the longest function word: a key packs at most 7
// bytes, its length in the eighth.
const maxFunctionWord = 7

// functionSeed starts the search for the perfect hash's multiplier; it was
// picked so that the first multiplier tried already has no collision for
// the lists of data/.
const functionSeed = 326

// The sizes of the perfect hash's tables (lang.go): a slot is the top 11
// bits of a product; an entry index is a byte, entry 0 matching no word.
const (
	functionSlotBits = 11
	maxFunctionWords = 255
)

type generator struct {
	upper, lower map[rune]string // homoglyphs-upper.txt, homoglyphs.txt
	invisibles   []span          // invisibles.txt
}

func main() {
	out := flag.String("o", "tables_gen.go", `the file to write, or "-" for standard output`)
	flag.Parse()
	log.SetFlags(0)
	log.SetPrefix("gen_tables: ")
	g := generator{}
	var err error
	if g.upper, err = readHomoglyphs("homoglyphs-upper.txt"); err != nil {
		log.Fatal(err)
	}
	if g.lower, err = readHomoglyphs("homoglyphs.txt"); err != nil {
		log.Fatal(err)
	}
	if g.invisibles, err = readInvisibles(); err != nil {
		log.Fatal(err)
	}
	w := gen.NewWriter("go run gen_tables.go", "tokenize",
		"The tokenizer's tables, made from the word lists of data/ and from Unicode "+unicode.Version+
			" (Go's unicode package)",
		"and "+norm.Version+" (NFKD of golang.org/x/text/unicode/norm).")
	g.foldTables(w)
	g.writeInvisible(w)
	if err := functionWords(w); err != nil {
		log.Fatal(err)
	}
	for _, l := range []struct {
		file, name, param, doc string
		valid                  func(string) error
	}{
		{"elisions.txt", "isElision", "w []byte", "isElision reports whether w, in lower case, is a French word that elides its vowel\n" +
			"before another word (l, qu, jusqu): data/elisions.txt.", gen.Lower},
		{"contractions.txt", "isContraction", "s string", "isContraction reports whether s, in lower case, is an English contraction after its\n" +
			"apostrophe (s, ll, ve): data/contractions.txt.", contraction},
		{"tlds.txt", "isTLD", "s string", "isTLD reports whether s, in lower case, is a top-level domain recognised in bare\n" +
			"domain names (without http:// or www.): data/tlds.txt.", gen.Lower},
	} {
		words, err := gen.ReadWords(filepath.Join("data", l.file), l.valid)
		if err != nil {
			log.Fatal(err)
		}
		w.Switch(l.doc, l.name, l.param, words)
	}
	if err := w.WriteFile(*out); err != nil {
		log.Fatal(err)
	}
}

// contraction accepts the contractions that the tokenizer can see: it
// looks at most two letters after the apostrophe.
func contraction(s string) error {
	if len(s) > 2 {
		return fmt.Errorf("longer than the two letters the tokenizer reads after an apostrophe")
	}
	return gen.Lower(s)
}

// readHomoglyphs reads a list of homoglyphs: the character, its code point,
// its Latin reading.
func readHomoglyphs(file string) (map[rune]string, error) {
	entries, err := gen.ReadList(filepath.Join("data", file), 3, 3)
	if err != nil {
		return nil, err
	}
	m := map[rune]string{}
	lines := map[rune]int{}
	for _, e := range entries {
		c, cp, reading := e.Fields[0], e.Fields[1], e.Fields[2]
		r, n := utf8.DecodeRuneInString(c)
		if n != len(c) {
			return nil, e.Errorf("%q is not one character", c)
		}
		want, err := codePoint(cp)
		if err != nil {
			return nil, e.Errorf("%v", err)
		}
		if want != r {
			return nil, e.Errorf("%q is U+%04X, not %s", c, r, cp)
		}
		if r < utf8.RuneSelf {
			return nil, e.Errorf("%q is ASCII", c)
		}
		if reading != "'" {
			if err := gen.Lower(reading); err != nil {
				return nil, e.Errorf("reading %q: %v", reading, err)
			}
		}
		if line, dup := lines[r]; dup {
			return nil, e.Errorf("%q is already at line %d", c, line)
		}
		lines[r] = e.Line
		m[r] = reading
	}
	return m, nil
}

// fold folds one rune: homoglyph tables, then NFKD without combining
// marks, then lower case.
func (g *generator) fold(r rune) foldEntry {
	if s, ok := g.upper[r]; ok {
		return foldEntry{s: s, flags: homoglyph}
	}
	lr := unicode.ToLower(r)
	if s, ok := g.lower[lr]; ok {
		f := homoglyph
		if lr < 0x370 || s == "'" { // Latin letters such as ø, œ are accents, not disguise
			f = accented
			if s == "'" {
				f = 0
			}
		}
		return foldEntry{s: s, flags: f}
	}
	if g.isInvisible(r) {
		return foldEntry{flags: invisible}
	}
	if unicode.Is(unicode.Mn, r) { // a combining mark on its own: drop it
		return foldEntry{flags: accented}
	}
	d := norm.NFKD.String(string(lr))
	var b []byte
	changed := false
	for _, c := range d {
		if unicode.Is(unicode.Mn, c) {
			changed = true
			continue
		}
		c = unicode.ToLower(c)
		if c < 0x80 || c == lr {
			b = utf8.AppendRune(b, c)
			continue
		}
		// a compatibility form of a letter that folds further (ﬁ, ｅ, ℌ)
		if s, ok := g.lower[c]; ok {
			b = append(b, s...)
			changed = true
			continue
		}
		b = utf8.AppendRune(b, c)
	}
	e := foldEntry{s: string(b)}
	if changed && string(b) != string(lr) {
		e.flags = accented
	}
	if lr != r && !changed && string(b) == string(lr) {
		e.flags = 0
	}
	// Compatibility characters that became ASCII (fullwidth, mathematical,
	// circled) are a disguise, not an accent.
	if r >= 0x2000 && isASCII(b) {
		e.flags = homoglyph
	}
	return e
}

// span is a range of code points, lo to hi.
type span struct{ lo, hi rune }

// readInvisibles reads data/invisibles.txt: code points or ranges of them,
// each with its name.
func readInvisibles() ([]span, error) {
	entries, err := gen.ReadList(filepath.Join("data", "invisibles.txt"), 2, 2)
	if err != nil {
		return nil, err
	}
	var out []span
	for _, e := range entries {
		lo, hi, isRange := strings.Cut(e.Fields[0], "..")
		if !isRange {
			hi = lo
		}
		var s span
		var err error
		if s.lo, err = codePoint(lo); err == nil {
			s.hi, err = codePoint(hi)
		}
		if err != nil {
			return nil, e.Errorf("%v", err)
		}
		if s.hi < s.lo || s.lo < utf8.RuneSelf {
			return nil, e.Errorf("%s is not a range of non-ASCII code points", e.Fields[0])
		}
		out = append(out, s)
	}
	return out, nil
}

// codePoint parses a code point written U+XXXX.
func codePoint(s string) (rune, error) {
	n, err := strconv.ParseUint(strings.TrimPrefix(s, "U+"), 16, 32)
	if err != nil || !strings.HasPrefix(s, "U+") || n > unicode.MaxRune {
		return 0, fmt.Errorf("code point %q is not written U+XXXX", s)
	}
	return rune(n), nil
}

// isInvisible reports whether r is one of the invisible characters.
func (g *generator) isInvisible(r rune) bool {
	for _, s := range g.invisibles {
		if r >= s.lo && r <= s.hi {
			return true
		}
	}
	return false
}

// writeInvisible writes isInvisible, which tests the ranges in the order
// of data/invisibles.txt.
func (g *generator) writeInvisible(w *gen.Writer) {
	w.WriteString("\n// isInvisible reports whether r is a zero-width or otherwise invisible character that can be\n" +
		"// slipped inside a word: data/invisibles.txt.\n")
	w.WriteString("func isInvisible(r rune) bool {\n\tswitch {\n\tcase ")
	for i, s := range g.invisibles {
		if i > 0 {
			w.WriteString(",\n\t\t")
		}
		if s.lo == s.hi {
			fmt.Fprintf(w, "r == 0x%04X", s.lo)
		} else {
			fmt.Fprintf(w, "r >= 0x%04X && r <= 0x%04X", s.lo, s.hi)
		}
	}
	w.WriteString(":\n\t\treturn true\n\t}\n\treturn false\n}\n")
}

func isASCII(b []byte) bool {
	for _, c := range b {
		if c >= 0x80 {
			return false
		}
	}
	return true
}

// entry writes one keyed element of a table of foldEntry, or nothing for
// the zero entry.
func entry(w *gen.Writer, r rune, e foldEntry, offset rune) {
	if e.s == "" && e.flags == 0 {
		return
	}
	fmt.Fprintf(w, "\t0x%04x: {%s, %v},\n", r-offset, strconv.Quote(e.s), e.flags)
}

// foldTables writes foldTable, latinFold and foldRanges.
func (g *generator) foldTables(w *gen.Writer) {
	table := make([]foldEntry, foldTableEnd)
	fmt.Fprintf(w, "\n// foldTableEnd is the end of foldTable: the runes below it are folded by one lookup.\n")
	fmt.Fprintf(w, "const foldTableEnd = %#x\n", foldTableEnd)
	w.WriteString("\n// foldTable holds the folded form of each rune from U+0080 to foldTableEnd.\n")
	w.WriteString("var foldTable = [foldTableEnd]foldEntry{\n")
	for r := rune(0x80); r < foldTableEnd; r++ {
		table[r] = g.fold(r)
		entry(w, r, table[r], 0)
	}
	w.WriteString("}\n")

	w.WriteString("\n// latinFold holds the Latin-1 letters of foldTable whose folded form is one or two\n" +
		"// lower-case ASCII letters, indexed by the low six bits of their second byte in UTF-8.\n")
	w.WriteString("var latinFold = [64]latinEntry{\n")
	for r := rune(0xC0); r <= 0xFF; r++ {
		e := table[r]
		if !unicode.IsLetter(r) || len(e.s) == 0 || len(e.s) > 2 || e.flags&(homoglyph|invisible) != 0 {
			continue
		}
		ascii := true
		for k := 0; k < len(e.s); k++ {
			c := e.s[k]
			ascii = ascii && c >= 'a' && c <= 'z'
		}
		if !ascii {
			continue
		}
		var s [2]byte
		copy(s[:], e.s)
		fmt.Fprintf(w, "\t0x%02x: {s: [2]byte{%q, %q}, n: %d, flags: %v}, // %c\n", r-0xC0, s[0], s[1], len(e.s), e.flags, r)
	}
	w.WriteString("}\n")

	w.WriteString("\n// foldRanges holds the folded forms of the runes of the blocks above foldTableEnd\n" +
		"// whose letters and digits are look-alikes of ASCII, indexed from the block's first rune.\n")
	w.WriteString("var foldRanges = [...]foldRange{\n")
	for _, b := range foldBlocks {
		fmt.Fprintf(w, "\t{ // %s\n\t\tlo: 0x%04X, hi: 0x%04X, entries: []foldEntry{\n", b.note, b.lo, b.hi)
		// a slice literal has the length of its highest index: make the
		// last entry explicit so that every rune of the block has one.
		for r := b.lo; r <= b.hi; r++ {
			e := g.fold(r)
			if r == b.hi && e.s == "" && e.flags == 0 {
				fmt.Fprintf(w, "\t0x%04x: {},\n", r-b.lo)
				continue
			}
			entry(w, r, e, b.lo)
		}
		w.WriteString("\t}},\n")
	}
	w.WriteString("}\n")
}

// functionKey packs a word of at most maxFunctionWord bytes into an
// integer, as lang.go does.
func functionKey(w string) uint64 {
	var key uint64
	for k := 0; k < len(w); k++ {
		key |= uint64(w[k]) << (8 * k)
	}
	return key | uint64(len(w))<<56
}

// functionWords writes the perfect hash of the function words: a
// multiplier that sends every word's key to a slot of its own, the slots,
// and the entries (lang.go).
func functionWords(w *gen.Writer) error {
	type word struct {
		w    string
		lang string
		key  uint64
	}
	var words []word
	seen := map[string]string{}
	longest := 0
	for _, l := range []struct{ file, lang string }{{"function-words-fr.txt", "French"}, {"function-words-en.txt", "English"}} {
		file := filepath.Join("data", l.file)
		list, err := gen.ReadWords(file, func(s string) error {
			if len(s) > maxFunctionWord {
				return fmt.Errorf("longer than %d bytes, the most that a key holds", maxFunctionWord)
			}
			if other, dup := seen[s]; dup {
				return fmt.Errorf("is a %s function word too: a word of both languages belongs in neither list", other)
			}
			seen[s] = l.lang
			return gen.Lower(s)
		})
		if err != nil {
			return err
		}
		for _, s := range list {
			words = append(words, word{s, l.lang, functionKey(s)})
			longest = max(longest, len(s))
		}
	}
	if len(words) > maxFunctionWords {
		return fmt.Errorf("%d function words: the slots hold at most %d", len(words), maxFunctionWords)
	}
	// Try odd multipliers from a splitmix64 sequence until one sends every
	// word to a slot of its own.
	var slots [1 << functionSlotBits]uint8
	var mul uint64
	state := uint64(functionSeed)
	for tries := 0; mul == 0; tries++ {
		if tries == 1<<20 {
			return fmt.Errorf("no multiplier without collision among %d tries", tries)
		}
		state += 0x9e3779b97f4a7c15
		m := state
		m = (m ^ m>>30) * 0xbf58476d1ce4e5b9
		m = (m ^ m>>27) * 0x94d049bb133111eb
		m = (m ^ m>>31) | 1
		slots = [len(slots)]uint8{}
		mul = m
		for i, wd := range words {
			s := &slots[(wd.key*m)>>(64-functionSlotBits)]
			if *s != 0 {
				mul = 0
				break
			}
			*s = uint8(i + 1)
		}
	}
	fmt.Fprintf(w, "\n// maxFunctionWord is the length of the longest function word: longer words are not looked up.\n")
	fmt.Fprintf(w, "const maxFunctionWord = %d\n", longest)
	fmt.Fprintf(w, "\n// functionMul sends the key of each function word to a slot of its own.\n")
	fmt.Fprintf(w, "const functionMul = %#016x\n", mul)
	fmt.Fprintf(w, "\n// functionSlots holds, for each slot, the index in functionEntries of the function word\n// whose key lands there, or 0.\n")
	fmt.Fprintf(w, "var functionSlots = [1 << %d]uint8{\n", functionSlotBits)
	for i, s := range slots {
		if s != 0 {
			fmt.Fprintf(w, "\t%#03x: %d,\n", i, s)
		}
	}
	w.WriteString("}\n")
	w.WriteString("\n// functionEntries holds the key of each function word with its language in the two top bits.\n")
	w.WriteString("var functionEntries = [256]uint64{\n")
	for i, wd := range words {
		fmt.Fprintf(w, "\t%d: %#016x | uint64(%s)<<62, // %s\n", i+1, wd.key, wd.lang, wd.w)
	}
	w.WriteString("}\n")
	return nil
}
