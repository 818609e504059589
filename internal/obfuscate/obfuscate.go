// Package obfuscate disguises text the way people do to slip past keyword
// filters: leetspeak, look-alike letters from other scripts, invisible
// characters, s p a c e d and d.o.t.t.e.d letters, a masked letter, elongated
// letters, missing accents, capitals, fullwidth and mathematical letters, and
// emoji between words. It drives Vigie's obfuscation property test; it is
// internal because its only job is to attack the tokenizer.
//
// Word transforms change the letters of words, chosen the way a writer
// chooses them: the words that carry the message (the targets, usually the
// spans of the signals a classifier found in the clean text) and, now and
// then, another word. Text transforms change the whole message, as the
// "fancy text" generators people paste their messages through do. URLs,
// mentions and e-mail addresses are left alone: disguising them breaks them.
//
// Every transform is deterministic for a given random source.
package obfuscate

import (
	"math/rand/v2"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/vigie-project/vigie/tokenize"
)

// Span is a half-open range of byte offsets into a text.
type Span = tokenize.Span

// Transform is one way of disguising text.
type Transform struct {
	Name string // short name for reports: "leet", "homoglyph", ...
	// word disguises one word (its letters only; hashtag says that it is a
	// word of a hashtag); minLetters is the shortest word it applies to;
	// inHashtag says whether it may touch a hashtag's words at all.
	word       func(r *rand.Rand, w string, hashtag bool) string
	minLetters int
	inHashtag  bool
	// maxWords, when positive, is the most words one application changes:
	// misspellings touch a few words, not every one.
	maxWords int
	// text disguises a whole text, given its words.
	text func(r *rand.Rand, text string, words []wordSpan) string
}

// All returns every transform, in a fixed order.
func All() []Transform {
	return []Transform{
		{Name: "leet", word: leet, minLetters: 3, inHashtag: true},
		{Name: "homoglyph", word: homoglyph, minLetters: 2, inHashtag: true},
		{Name: "invisible", word: invisible, minLetters: 2, inHashtag: true},
		{Name: "spaced", word: separated(" "), minLetters: 3},
		{Name: "dotted", word: dotted, minLetters: 3},
		{Name: "masked", word: masked, minLetters: 4},
		{Name: "elongated", word: elongated, minLetters: 3, inHashtag: true},
		{Name: "no-accents", text: noAccents},
		{Name: "caps", text: caps},
		{Name: "fullwidth", text: fullwidth},
		{Name: "math", text: mathAlphabet},
		{Name: "emoji", text: emojiBetween},
	}
}

// Misspellings returns the transforms that misspell rather than disguise, in
// a fixed order: one inner letter dropped ("kil them all" → "kll"), two
// neighbouring letters swapped ("slaughetr"), and two words glued
// ("killthem"). Each changes at most three words of a text, the way a hurried
// or deliberate writer does; a reader still understands them, so a detector
// should too.
func Misspellings() []Transform {
	return []Transform{
		{Name: "drop-letter", word: dropLetter, minLetters: 5, maxWords: 3},
		{Name: "swap-letters", word: swapLetters, minLetters: 4, maxWords: 3},
		{Name: "glued", text: glued},
	}
}

// Probabilities of the word transforms.
const (
	targetShare = 0.7  // each target word is disguised with this probability (at least one always is)
	otherShare  = 0.08 // each other word is disguised with this probability
)

// Apply disguises text. targets are the spans of the words that carry the
// message; when there are none, any word may be chosen. Apply returns text
// unchanged when the transform has nothing to work on.
func (t Transform) Apply(r *rand.Rand, text string, targets []Span) string {
	words := findWords(text, targets)
	if t.text != nil {
		return t.text(r, text, words)
	}
	// choose the words to disguise
	var eligible []int
	for i, w := range words {
		if w.letters >= t.minLetters && (t.inHashtag || !w.hashtag) {
			eligible = append(eligible, i)
		}
	}
	if len(eligible) == 0 {
		return text
	}
	chosen := make(map[int]bool)
	var targeted []int
	for _, i := range eligible {
		if words[i].target {
			targeted = append(targeted, i)
		}
	}
	if len(targeted) == 0 {
		targeted = eligible // no target: any word carries the message
	}
	for _, i := range targeted {
		if r.Float64() < targetShare {
			chosen[i] = true
		}
	}
	if len(chosen) == 0 {
		chosen[targeted[r.IntN(len(targeted))]] = true
	}
	for _, i := range eligible {
		if !words[i].target && r.Float64() < otherShare {
			chosen[i] = true
		}
	}
	if t.maxWords > 0 {
		limit(r, chosen, eligible, t.maxWords)
	}
	var b strings.Builder
	last := 0
	prevSpaced := -1 // end of the previous word written with spaced letters
	for i, w := range words {
		if !chosen[i] {
			continue
		}
		gap := text[last:w.Start]
		if t.Name == "spaced" && prevSpaced == last && strings.TrimLeft(gap, " ") == "" {
			// two spaced words in a row: writers leave a wider gap between them
			gap = "   "
		}
		b.WriteString(gap)
		b.WriteString(t.word(r, text[w.Start:w.End], w.hashtag))
		last = w.End
		if t.Name == "spaced" {
			prevSpaced = w.End
		}
	}
	b.WriteString(text[last:])
	return b.String()
}

// limit keeps at most n of the chosen words, chosen at random; eligible
// gives them a fixed order, so that the result depends only on r.
func limit(r *rand.Rand, chosen map[int]bool, eligible []int, n int) {
	var in []int
	for _, i := range eligible {
		if chosen[i] {
			in = append(in, i)
		}
	}
	r.Shuffle(len(in), func(a, b int) { in[a], in[b] = in[b], in[a] })
	for _, i := range in[min(n, len(in)):] {
		delete(chosen, i)
	}
}

// wordSpan is a word of a text: a run of letters inside a word token.
type wordSpan struct {
	Span
	letters int  // number of letters
	target  bool // inside a target span
	hashtag bool // a word of a hashtag
}

// findWords returns the words of text that may be disguised: word tokens
// made only of letters (not elisions, contractions, URLs, mentions, or words
// already disguised).
func findWords(text string, targets []Span) []wordSpan {
	doc := tokenize.Tokenize(text)
	var out []wordSpan
	for i, tk := range doc.Tokens {
		if tk.Kind != tokenize.Word || tk.Flags&(tokenize.Obfuscated|tokenize.Elided|tokenize.Contraction) != 0 {
			continue
		}
		s := doc.Surface(i)
		letters := 0
		for _, c := range s {
			if !unicode.IsLetter(c) && !unicode.Is(unicode.Mn, c) {
				letters = -1
				break
			}
			if unicode.IsLetter(c) {
				letters++
			}
		}
		if letters <= 0 {
			continue
		}
		w := wordSpan{Span: Span{Start: tk.Start, End: tk.End}, letters: letters, hashtag: tk.Flags&tokenize.InHashtag != 0}
		for _, sp := range targets {
			if sp.Start < w.End && w.Start < sp.End {
				w.target = true
			}
		}
		out = append(out, w)
	}
	return out
}

// leet replaces some letters by digits or symbols that look like them. Symbols
// stand only between two letters, and never in a hashtag: at the edge of a
// word they would be punctuation, a mention or a hashtag, and they end a
// hashtag.
func leet(r *rand.Rand, w string, hashtag bool) string {
	rs := []rune(w)
	inner := func(i int) bool { return !hashtag && i > 0 && i < len(rs)-1 }
	var pos []int
	for i, c := range rs {
		if len(leetFor(unicode.ToLower(c), inner(i))) > 0 {
			pos = append(pos, i)
		}
	}
	if len(pos) == 0 {
		return w
	}
	// one to half the replaceable letters (h1jra, D4wla, 3g0rg3r): writers
	// keep the word readable, and a word of digits only is a number
	n := 1 + r.IntN((len(pos)+1)/2)
	r.Shuffle(len(pos), func(i, j int) { pos[i], pos[j] = pos[j], pos[i] })
	for _, i := range pos[:n] {
		opts := leetFor(unicode.ToLower(rs[i]), inner(i))
		rs[i] = opts[r.IntN(len(opts))]
	}
	return string(rs)
}

func leetFor(c rune, inner bool) []rune {
	switch c {
	case 'a':
		if inner {
			return []rune{'4', '4', '@'}
		}
		return []rune{'4'}
	case 'e':
		return []rune{'3'}
	case 'i':
		if inner {
			return []rune{'1', '1', '!'}
		}
		return []rune{'1'}
	case 'o':
		return []rune{'0'}
	case 's':
		if inner {
			return []rune{'5', '$'}
		}
		return []rune{'5'}
	case 't':
		return []rune{'7'}
	case 'l':
		return []rune{'1'}
	case 'g':
		return []rune{'9'}
	case 'b':
		return []rune{'8'}
	}
	return nil
}

// Look-alike letters from Cyrillic, Greek and other scripts, near-identical
// in common fonts, by the Latin letter they imitate.
var (
	lowerGlyphs = map[rune][]rune{
		'a': {'а', 'α'}, 'c': {'с', 'ϲ'}, 'd': {'ԁ'}, 'e': {'е', 'ε'}, 'h': {'һ'}, 'i': {'і', 'ι'}, 'j': {'ј'},
		'k': {'κ', 'к'}, 'l': {'ӏ'}, 'o': {'о', 'ο'}, 'p': {'р', 'ρ'}, 'q': {'ԛ'}, 's': {'ѕ'}, 'v': {'ν'},
		'w': {'ԝ'}, 'x': {'х', 'χ'}, 'y': {'у'}, 'g': {'ɡ'}, 'u': {'υ'},
	}
	upperGlyphs = map[rune][]rune{
		'A': {'А', 'Α'}, 'B': {'В', 'Β'}, 'C': {'С'}, 'E': {'Е', 'Ε'}, 'H': {'Н', 'Η'}, 'I': {'І', 'Ι'},
		'J': {'Ј'}, 'K': {'К', 'Κ'}, 'M': {'М', 'Μ'}, 'N': {'Ν'}, 'O': {'О', 'Ο'}, 'P': {'Р', 'Ρ'},
		'S': {'Ѕ'}, 'T': {'Т', 'Τ'}, 'X': {'Х', 'Χ'}, 'Y': {'Υ', 'Ү'}, 'Z': {'Ζ'},
	}
)

// homoglyph replaces some letters (one to all) by look-alikes.
func homoglyph(r *rand.Rand, w string, _ bool) string {
	rs := []rune(w)
	var pos []int
	for i, c := range rs {
		if lowerGlyphs[c] != nil || upperGlyphs[c] != nil {
			pos = append(pos, i)
		}
	}
	if len(pos) == 0 {
		return w
	}
	r.Shuffle(len(pos), func(i, j int) { pos[i], pos[j] = pos[j], pos[i] })
	for _, i := range pos[:1+r.IntN(len(pos))] {
		opts := lowerGlyphs[rs[i]]
		if opts == nil {
			opts = upperGlyphs[rs[i]]
		}
		rs[i] = opts[r.IntN(len(opts))]
	}
	return string(rs)
}

// invisibles are characters that show nothing.
var invisibles = []string{"\u200b", "\u200c", "\u200d", "\u2060", "\u00ad", "\ufeff", "\u2063"}

// invisible slips invisible characters between letters: at one to three
// places, sometimes two at once, or between every letter.
func invisible(r *rand.Rand, w string, _ bool) string {
	rs := []rune(w)
	every := r.IntN(4) == 0
	places := map[int]int{} // before rune i: how many
	if every {
		for i := 1; i < len(rs); i++ {
			places[i] = 1
		}
	} else {
		for k := 1 + r.IntN(3); k > 0; k-- {
			places[1+r.IntN(len(rs)-1)] += 1 + r.IntN(2)
		}
	}
	var b strings.Builder
	for i, c := range rs {
		for k := 0; k < places[i]; k++ {
			b.WriteString(invisibles[r.IntN(len(invisibles))])
		}
		b.WriteRune(c)
	}
	return b.String()
}

// separated writes the letters of a word apart: "t u e z".
func separated(sep string) func(r *rand.Rand, w string, hashtag bool) string {
	return func(_ *rand.Rand, w string, _ bool) string {
		var b strings.Builder
		for i, c := range []rune(w) {
			if i > 0 {
				b.WriteString(sep)
			}
			b.WriteRune(c)
		}
		return b.String()
	}
}

// dotted writes the letters apart with dots, or now and then hyphens or
// underscores: "j.i.h.a.d", "k-i-l-l".
func dotted(r *rand.Rand, w string, _ bool) string {
	sep := "."
	switch r.IntN(6) {
	case 0:
		sep = "-"
	case 1:
		sep = "_"
	}
	return separated(sep)(r, w, false)
}

func isVowel(c rune) bool {
	switch unicode.ToLower(c) {
	case 'a', 'e', 'i', 'o', 'u', 'é', 'è', 'ê', 'à', 'â', 'î', 'ï', 'ô', 'û', 'ù':
		return true
	}
	return false
}

// masked hides one inner letter behind *, a vowel when there is one: k*ffar.
func masked(r *rand.Rand, w string, _ bool) string {
	rs := []rune(w)
	var vowels, all []int
	for i := 1; i < len(rs)-1; i++ {
		all = append(all, i)
		if isVowel(rs[i]) {
			vowels = append(vowels, i)
		}
	}
	pos := all
	if len(vowels) > 0 && r.IntN(4) > 0 {
		pos = vowels
	}
	rs[pos[r.IntN(len(pos))]] = '*'
	return string(rs)
}

// elongated repeats a letter, a vowel or the last letter most often, never
// the first, to three to six times in all: jihaaaad, tuezzz.
func elongated(r *rand.Rand, w string, _ bool) string {
	rs := []rune(w)
	var vowels []int
	for i := 1; i < len(rs); i++ {
		if isVowel(rs[i]) {
			vowels = append(vowels, i)
		}
	}
	var at int
	switch k := r.IntN(4); {
	case k < 2 && len(vowels) > 0:
		at = vowels[r.IntN(len(vowels))]
	case k == 2:
		at = len(rs) - 1
	default:
		at = 1 + r.IntN(len(rs)-1)
	}
	times := 3 + r.IntN(4)
	out := make([]rune, 0, len(rs)+times)
	out = append(out, rs[:at]...)
	for k := 0; k < times; k++ {
		out = append(out, rs[at])
	}
	return string(append(out, rs[at+1:]...))
}

// dropLetter leaves out one inner letter, never the first or the last:
// "slaughter" → "slaugter".
func dropLetter(r *rand.Rand, w string, _ bool) string {
	rs := []rune(w)
	at := 1 + r.IntN(len(rs)-2)
	return string(append(rs[:at:at], rs[at+1:]...))
}

// swapLetters swaps two neighbouring letters after the first, choosing a
// pair of different letters when there is one: "exterminate" →
// "extermiante".
func swapLetters(r *rand.Rand, w string, _ bool) string {
	rs := []rune(w)
	var pairs []int
	for i := 1; i+1 < len(rs); i++ {
		if rs[i] != rs[i+1] {
			pairs = append(pairs, i)
		}
	}
	if len(pairs) == 0 {
		return w
	}
	i := pairs[r.IntN(len(pairs))]
	rs[i], rs[i+1] = rs[i+1], rs[i]
	return string(rs)
}

// glued removes the space after up to three words, target words first, so
// that each is written together with the next one: "kill them" → "killthem".
// Only a single space between two words is removed.
func glued(r *rand.Rand, text string, words []wordSpan) string {
	var targets, others []int
	for i := 0; i+1 < len(words); i++ {
		if text[words[i].End:words[i+1].Start] != " " {
			continue
		}
		if words[i].target || words[i+1].target {
			targets = append(targets, i)
		} else {
			others = append(others, i)
		}
	}
	pool := targets
	if len(pool) == 0 {
		pool = others
	}
	if len(pool) == 0 {
		return text
	}
	r.Shuffle(len(pool), func(a, b int) { pool[a], pool[b] = pool[b], pool[a] })
	pool = pool[:min(1+r.IntN(3), len(pool))]
	cut := make(map[int]bool, len(pool))
	for _, i := range pool {
		cut[words[i].End] = true
	}
	var b strings.Builder
	b.Grow(len(text))
	for i := 0; i < len(text); i++ {
		if cut[i] && text[i] == ' ' {
			continue
		}
		b.WriteByte(text[i])
	}
	return b.String()
}

// noAccents removes every diacritic, as people typing on a keyboard without
// them do.
func noAccents(_ *rand.Rand, text string, _ []wordSpan) string {
	d := norm.NFD.String(text)
	var b strings.Builder
	for _, c := range d {
		if !unicode.Is(unicode.Mn, c) {
			b.WriteRune(c)
		}
	}
	return norm.NFC.String(b.String())
}

// caps writes the whole text in capitals.
func caps(_ *rand.Rand, text string, _ []wordSpan) string { return strings.ToUpper(text) }

// mapWords rewrites the ASCII letters and digits of every word-like run of
// the text with f, leaving URLs, mentions and e-mail addresses alone.
func mapWords(text string, f func(c rune) rune) string {
	doc := tokenize.Tokenize(text)
	var b strings.Builder
	last := 0
	for _, tk := range doc.Tokens {
		if tk.Start < last {
			continue // a hashtag's words follow the hashtag
		}
		b.WriteString(text[last:tk.Start])
		s := text[tk.Start:tk.End]
		if tk.Kind == tokenize.URL || tk.Kind == tokenize.Mention {
			b.WriteString(s)
		} else {
			for _, c := range s {
				if c < utf8.RuneSelf && (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
					c = f(c)
				}
				b.WriteRune(c)
			}
		}
		last = tk.End
	}
	b.WriteString(text[last:])
	return b.String()
}

// fullwidth writes letters and digits in their fullwidth forms (Ａ, ａ, ０).
func fullwidth(_ *rand.Rand, text string, _ []wordSpan) string {
	return mapWords(text, func(c rune) rune { return c - '!' + 0xFF01 })
}

// mathStyle is one alphabet of the Mathematical Alphanumeric Symbols block:
// the first capital, the first small letter and the first digit (0 when the
// style has no digits), and the letters that Unicode encodes elsewhere.
type mathStyle struct {
	upper, lower, digit rune
	holes               map[rune]rune
}

var mathStyles = []mathStyle{
	{0x1D400, 0x1D41A, 0x1D7CE, nil},               // bold
	{0x1D434, 0x1D44E, 0, map[rune]rune{'h': 'ℎ'}}, // italic
	{0x1D468, 0x1D482, 0, nil},                     // bold italic
	{0x1D49C, 0x1D4B6, 0, map[rune]rune{'B': 'ℬ', 'E': 'ℰ', 'F': 'ℱ', 'H': 'ℋ', 'I': 'ℐ', 'L': 'ℒ', 'M': 'ℳ', 'R': 'ℛ', 'e': 'ℯ', 'g': 'ℊ', 'o': 'ℴ'}}, // script
	{0x1D4D0, 0x1D4EA, 0, nil}, // bold script
	{0x1D504, 0x1D51E, 0, map[rune]rune{'C': 'ℭ', 'H': 'ℌ', 'I': 'ℑ', 'R': 'ℜ', 'Z': 'ℨ'}},                           // fraktur
	{0x1D538, 0x1D552, 0x1D7D8, map[rune]rune{'C': 'ℂ', 'H': 'ℍ', 'N': 'ℕ', 'P': 'ℙ', 'Q': 'ℚ', 'R': 'ℝ', 'Z': 'ℤ'}}, // double-struck
	{0x1D5A0, 0x1D5BA, 0x1D7E2, nil}, // sans-serif
	{0x1D5D4, 0x1D5EE, 0x1D7EC, nil}, // sans-serif bold
	{0x1D608, 0x1D622, 0, nil},       // sans-serif italic
	{0x1D670, 0x1D68A, 0x1D7F6, nil}, // monospace
}

// mathAlphabet writes letters (and digits, when the style has them) in one of
// the mathematical alphabets, chosen at random: 𝐣𝐢𝐡𝐚𝐝, 𝔧𝔦𝔥𝔞𝔡, 𝕛𝕚𝕙𝕒𝕕.
func mathAlphabet(r *rand.Rand, text string, _ []wordSpan) string {
	st := mathStyles[r.IntN(len(mathStyles))]
	return mapWords(text, func(c rune) rune {
		if h, ok := st.holes[c]; ok {
			return h
		}
		switch {
		case c >= 'A' && c <= 'Z':
			return st.upper + c - 'A'
		case c >= 'a' && c <= 'z':
			return st.lower + c - 'a'
		case st.digit != 0:
			return st.digit + c - '0'
		}
		return c
	})
}

// emojis are what people put between words: single pictographs, with skin
// tones and variation selectors, flags and joined sequences.
var emojis = []string{"🔥", "💣", "👏", "🇫🇷", "👍🏽", "❤️", "⚔️", "🗡️", "☝️", "🤲🏻", "🏴", "😡", "💯", "👨‍👩‍👧", "🦁", "‼️"}

// emojiBetween puts emoji between words: at one to three places, or between
// every word ("kill 👏 them 👏 all"); now and then without spaces.
func emojiBetween(r *rand.Rand, text string, words []wordSpan) string {
	// the places: single spaces between two words
	var places []int
	for i := 1; i < len(words); i++ {
		a, b := words[i-1], words[i]
		if b.Start-a.End == 1 && text[a.End] == ' ' {
			places = append(places, a.End)
		}
	}
	if len(places) == 0 {
		return text
	}
	chosen := map[int]bool{}
	if r.IntN(4) == 0 {
		for _, p := range places {
			chosen[p] = true
		}
	} else {
		for k := 1 + r.IntN(3); k > 0; k-- {
			chosen[places[r.IntN(len(places))]] = true
		}
	}
	clap := emojis[r.IntN(len(emojis))]
	var b strings.Builder
	for i := 0; i < len(text); i++ {
		if !chosen[i] {
			b.WriteByte(text[i])
			continue
		}
		e := clap
		if r.IntN(2) == 0 {
			e = emojis[r.IntN(len(emojis))]
		}
		if r.IntN(4) == 0 {
			b.WriteString(e) // no spaces: "kill🔥them"
		} else {
			b.WriteString(" " + e + " ")
		}
	}
	return b.String()
}
