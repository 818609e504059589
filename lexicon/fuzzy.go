package lexicon

import (
	"unicode"
	"unicode/utf8"

	"github.com/vigie-project/vigie/tokenize"
)

// Misspellings and glued words.
//
// A word of a term with at least minFuzzy letters also matches a token that
// is that word with one inner letter dropped (kllers → killers), one letter
// added after the first (killlers, kiullers) or two adjacent inner letters
// swapped (kilelrs), when the token is not an everyday word itself
// (vocab.go): "laughter" is a word, so it is never "slaughter" misspelt. A
// changed letter is not read (jihan is a name, not jihad misspelt), nor is
// the first letter: writers keep it. Matches read so carry
// tokenize.Misspelt.
//
// Unglue cuts a token that is several words written together
// (killallthekuffar) into those words, when the token is no everyday word
// and its parts are everyday or lexicon words, one of them at least a
// lexicon word.

// minFuzzy is the length, in letters, from which a word of a term matches
// its misspellings: shorter words have too many neighbours.
const minFuzzy = 4

// minInserted is the length from which a word of a term matches itself
// with a letter added: a short word with a letter added is too often
// another word ("coons" in "croons").
const minInserted = 6

// maxFuzzy bounds the tokens read as misspellings, so that the work per
// token stays small.
const maxFuzzy = 32

// fuzzyKey reports whether a normalised word can be read as misspelt: ASCII
// letters only, within the lengths above (the token may be one letter
// shorter than minFuzzy: a dropped letter).
func fuzzyKey(key []byte) bool {
	if len(key) < minFuzzy-1 || len(key) > maxFuzzy {
		return false
	}
	for _, c := range key {
		if c < 'a' || c > 'z' {
			return false
		}
	}
	return true
}

// misspellings returns the variants of a word of a term that fuzzy reads:
// each inner letter dropped, each pair of adjacent inner letters swapped,
// and the last two letters swapped (muslism). The first letter stays, and
// the last is never dropped: a last letter dropped or added is more often
// another form of a word (locust, locusts) than a misspelling.
func misspellings(w string) []string {
	out := editVariants(w, 1)
	if n := len(w); n >= 3 && w[n-2] != w[n-1] {
		out = append(out, w[:n-2]+string(w[n-1])+string(w[n-2]))
	}
	return out
}

// stemMisspellings returns the variants of a stem that a misspelt token
// starts with: each letter after the first dropped, and each pair of
// adjacent letters after the first swapped (a stem has no last letter to
// keep: the token goes on).
func stemMisspellings(stem string) []string { return editVariants(stem, 0) }

// editVariants returns w with each letter after the first dropped and each
// pair of adjacent letters after the first swapped, leaving the last keep
// letters as they are.
func editVariants(w string, keep int) []string {
	var out []string
	b := []byte(w)
	end := len(w) - keep // the letters that may change: w[1:end]
	for i := 1; i < end; i++ {
		if i > 1 && w[i] == w[i-1] {
			continue // the same variant as dropping the letter before
		}
		out = append(out, w[:i]+w[i+1:])
	}
	for i := 1; i+1 < end; i++ {
		if b[i] == b[i+1] {
			continue
		}
		b[i], b[i+1] = b[i+1], b[i]
		out = append(out, string(b))
		b[i], b[i+1] = b[i+1], b[i]
	}
	return out
}

// stemEdit reports whether key starts with stem misspelt by one of
// stemMisspellings, and goes on after it (égogrer: égorg* with g and r
// swapped).
func stemEdit(key []byte, stem string) bool {
	if len(key) >= len(stem) && string(key[:len(stem)]) == stem {
		return false // the stem itself
	}
	for _, n := range [2]int{len(stem) - 1, len(stem)} {
		if n < 1 || n >= len(key) {
			continue
		}
		p := key[:n]
		if p[0] != stem[0] {
			continue
		}
		i := 0
		for i < n && i < len(stem) && p[i] == stem[i] {
			i++
		}
		switch {
		case n == len(stem)-1 && string(p[i:]) == stem[i+1:]:
			return true
		case n == len(stem) && i+1 < n && p[i] == stem[i+1] && p[i+1] == stem[i] && string(p[i+2:]) == stem[i+2:]:
			return true
		}
	}
	return false
}

// oneEdit reports whether key is want with one inner letter dropped, one
// inner letter added, or two adjacent letters after the first swapped (see
// misspellings).
func oneEdit(key []byte, want string) bool {
	n, m := len(key), len(want)
	if n < 2 || m < 2 || key[0] != want[0] {
		return false
	}
	i := 0
	for i < n && i < m && key[i] == want[i] {
		i++
	}
	if n == m && i == n-2 {
		return key[i] == want[i+1] && key[i+1] == want[i] // the last two letters swapped
	}
	if key[n-1] != want[m-1] {
		return false
	}
	switch n - m {
	case -1: // a letter dropped
		return i < m-1 && string(key[i:]) == want[i+1:]
	case 1: // a letter added
		return m >= minInserted && i < n-1 && string(key[i+1:]) == want[i:]
	case 0: // two letters swapped
		return i+2 < n && key[i] == want[i+1] && key[i+1] == want[i] && string(key[i+2:]) == want[i+2:]
	}
	return false
}

// indexFuzzy indexes the misspellings of the first words of the entries
// (exact words of at least minFuzzy ASCII letters) and records every word of
// every entry, for Unglue.
func (l *Lexicon) indexFuzzy() {
	defer l.words.buildFilter()
	for i := range l.pats {
		if first := &l.pats[i].words[0]; first.prefix && len(first.key) >= minFuzzy && fuzzyKey([]byte(first.key)) {
			// a stem (égorg*): its misspellings, as prefixes of a token
			for _, v := range stemMisspellings(first.key) {
				l.fuzzyStems.add(v, int32(i))
				l.fuzzyStemLens |= 1 << len(v)
				l.stemFirst |= 1 << (first.key[0] - 'a')
			}
		}
		for k, w := range l.pats[i].words {
			if w.kind != tokenize.Word || w.prefix {
				continue
			}
			l.words.ensure(w.key)
			if len(w.key) < minFuzzy || !fuzzyKey([]byte(w.key)) {
				continue
			}
			n, a, b := len(w.key), w.key[0]-'a', w.key[len(w.key)-1]-'a'
			l.shape[int(a)*26+int(b)] |= 7 << (n - 1)        // its misspellings are one letter shorter or longer, or as long
			l.shape[int(a)*26+int(w.key[n-2]-'a')] |= 1 << n // or end on the letter before the last, swapped
			if k > 0 {
				continue
			}
			for _, v := range misspellings(w.key) {
				l.fuzzy.add(v, int32(i))
			}
		}
	}
}

// misspelling reports whether token i may be a misspelt word of the
// lexicon: a word of the right shape (its first and last letters and its
// length fit a word of the lexicon, a test that turns most tokens away at
// the cost of one load) that is unknown.
func (l *Lexicon) misspelling(doc *tokenize.Document, i int, key []byte) bool {
	n := len(key)
	if n < minFuzzy-1 || n > maxFuzzy {
		return false
	}
	a, b := key[0]-'a', key[n-1]-'a'
	if a >= 26 || b >= 26 {
		return false
	}
	if l.shape[int(a)*26+int(b)]&(1<<n) == 0 && l.stemFirst&(1<<a) == 0 {
		return false
	}
	return l.unknown(doc, i, key)
}

// unknown reports whether token i may be a misspelt or glued word: a plain
// word that is no everyday word and no word of the lexicon, and not a name
// (a capital inside a sentence: names are the words that vocabularies miss
// most). A Literal document has none: it reads text as written.
func (l *Lexicon) unknown(doc *tokenize.Document, i int, key []byte) bool {
	t := &doc.Tokens[i]
	if doc.Literal || t.Kind != tokenize.Word || t.Flags&tokenize.Obfuscated != 0 {
		return false
	}
	h := doc.NormHash(i)
	if everyday(h) || !fuzzyKey(key) { // most tokens are everyday words
		return false
	}
	if t.Flags&tokenize.SentenceStart == 0 {
		surface := doc.Text[t.Start:t.End]
		upper := surface[0] >= 'A' && surface[0] <= 'Z'
		if surface[0] >= utf8.RuneSelf {
			r, _ := utf8.DecodeRuneInString(surface)
			upper = unicode.IsUpper(r)
		}
		if upper && !upperWord(surface) {
			return false
		}
	}
	return !l.words.filter.MayHave(fix(h)) || l.words.find(fix(h), key) < 0
}

// upperWord reports whether s, a word's surface, is written in capitals.
func upperWord(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= 'a' && c <= 'z' {
			return false
		}
	}
	return true
}

// misspelt looks up the readings of token i, an unknown word, as a
// misspelling of the first word of entries: a letter dropped or two swapped
// (the fuzzy index), or a letter added to a word of minInserted letters or
// more (each inner letter of the token left out in turn, looked up as a
// first word).
func (l *Lexicon) misspelt(doc *tokenize.Document, i int, key []byte, dst []Match, before int) []Match {
	t := &doc.Tokens[i]
	n := len(dst)
	pt := part{t.Start, t.End, false}
	if ids := l.fuzzy.get(hashBytes(key), key); ids != nil {
		for _, id := range ids {
			if oneEdit(key, l.pats[id].words[0].key) {
				dst = l.tryAll(doc, i, []int32{id}, dst, before, pt)
			}
		}
	}
	for n := 1; n < len(key) && n < 64; n++ {
		if l.fuzzyStemLens&(1<<n) == 0 {
			continue
		}
		if ids := l.fuzzyStems.get(hashBytes(key[:n]), key[:n]); ids != nil {
			for _, id := range ids {
				if stemEdit(key, l.pats[id].words[0].key) {
					dst = l.tryAll(doc, i, []int32{id}, dst, before, pt)
				}
			}
		}
	}
	if len(key) > minInserted {
		var buf [maxFuzzy]byte
		for k := 1; k+1 < len(key); k++ {
			if k > 1 && key[k] == key[k-1] {
				continue // the same reading as leaving out the letter before
			}
			alt := append(append(buf[:0], key[:k]...), key[k+1:]...)
			if key[k] == key[len(key)-1] && string(key[k+1:]) == string(key[k:len(key)-1]) {
				continue // the same as adding a letter at the end: another form (roblox, robloxx)
			}
			h := hashBytes(alt)
			if !l.exact.filter.MayHave(h) {
				continue
			}
			if e := l.exact.find(h, alt); e >= 0 {
				dst = l.tryAll(doc, i, l.exact.entries(e), dst, before, pt)
			}
		}
	}
	for k := n; k < len(dst); k++ {
		dst[k].Flags |= tokenize.Misspelt
	}
	return dst
}

// maxGluedParts is how many words Unglue reads in one token.
const maxGluedParts = 5

// minGlued is the shortest token that Unglue cuts.
const minGlued = 6

// Unglue cuts each token of doc that is several words written together into
// those words (tokenize.Document.Split), before Match: "killallthekuffar"
// becomes kill all the kuffar, flagged tokenize.Glued. A token is cut only
// when it is a plain word (ASCII letters) that is no everyday word and no
// word of the lexicon, and it can be read as at most maxGluedParts everyday
// or lexicon words, at least one of them a lexicon word; of several
// readings, the one with the fewest words wins. It allocates only when
// doc's tokens must grow.
func (l *Lexicon) Unglue(doc *tokenize.Document) {
	for i := 0; i < len(doc.Tokens); i++ {
		key := doc.NormBytes(i)
		if len(key) < minGlued || !l.unknown(doc, i, key) {
			continue
		}
		var cuts [maxGluedParts]int
		if n := l.segment(key, cuts[:]); n > 0 {
			if doc.Split(i, cuts[:n]...) == nil {
				i += n
			}
		}
	}
}

// minGluedEvidence is the shortest lexicon word that makes a glued reading.
const minGluedEvidence = 4

// segment finds the best reading of key as words (everyday or lexicon
// words of three letters or more, or short function words), at least one a
// lexicon word of minGluedEvidence letters or more, or all of them function
// words; it writes the cuts (byte
// offsets where words two and on start) into cuts and returns their number,
// or 0 for no reading. The best reading has the fewest words, a lexicon
// word and a function word each counting half less: "killthemall" is kill
// them all, not "killthe mall" when the filter takes "killthe" for an
// everyday word.
func (l *Lexicon) segment(key []byte, cuts []int) int {
	n := len(key)
	// cost[e]: the cheapest reading of key[:e] (-1: none), two per word,
	// one less for a lexicon word and one less for a function word; parts[e]: its words; lex[e]: one of
	// them is a lexicon word; from[e]: where the last word starts
	var cost, parts, from [maxFuzzy + 1]int8
	var lex [maxFuzzy + 1]bool
	for e := 1; e <= n; e++ {
		cost[e] = -1
	}
	for s := 0; s < n; s++ {
		if cost[s] < 0 || int(parts[s]) >= maxGluedParts {
			continue
		}
		h := tokenize.FNVOffset
		for e := s + 1; e <= n; e++ {
			h = tokenize.HashByte(h, key[e-1])
			w := key[s:e]
			found := len(w) >= 3 && l.words.find(fix(h), w) >= 0 // a word of the lexicon, probed once
			isLex := found && len(w) >= minGluedEvidence
			short := gluedShort(w)
			ok := found || short || len(w) >= 3 && everyday(h)
			if !ok || e == n && s == 0 {
				continue
			}
			c := cost[s] + 2
			if isLex {
				c--
			}
			if short || functionWord(w) {
				c--
			}
			if cost[e] < 0 || c < cost[e] || c == cost[e] && (lex[s] || isLex) && !lex[e] {
				cost[e], parts[e], from[e], lex[e] = c, parts[s]+1, int8(s), lex[s] || isLex
			}
		}
	}
	if parts[n] < 2 {
		return 0
	}
	k := int(parts[n]) - 1
	for e := n; from[e] > 0; e = int(from[e]) {
		k--
		cuts[k] = int(from[e])
	}
	// a lexicon word, and another lexicon word or a function word
	// (killthem, gasthejews): not a lexicon word with a syllable stuck to
	// it; or only function words, one at least of three letters or more
	// (iwill, shouldbe), which a lexicon entry may then read ("i will").
	// A word in both lists ("be", "is") counts once.
	lexicon, other, long, start := 0, 0, 0, 0
	for k := 0; k < int(parts[n]); k++ {
		end := n
		if k < int(parts[n])-1 {
			end = cuts[k]
		}
		w := key[start:end]
		switch fn := functionWord(w); {
		case fn || gluedShort(w):
			other++
			if fn && len(w) >= 3 {
				long++
			}
		case l.lexiconWord(w):
			lexicon++
		}
		start = end
	}
	onlyFunction := lexicon == 0 && long > 0 && other == int(parts[n])
	if (lexicon < 1 || lexicon+other < 2) && !onlyFunction {
		return 0
	}
	return int(parts[n]) - 1
}

// lexiconWord reports whether w is a word of an entry of at least
// minGluedEvidence letters.
func (l *Lexicon) lexiconWord(w []byte) bool {
	return len(w) >= minGluedEvidence && l.words.find(hashBytes(w), w) >= 0
}
