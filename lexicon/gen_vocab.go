//go:build ignore

// gen_vocab writes the table of everyday words that the lexicon reads
// misspellings and glued words against (vocab.go): a Bloom filter of the
// words of vocab/words-en.txt and vocab/words-fr.txt and of their likely
// inflections.
//
//	go generate ./lexicon                      # vocab/words-*.txt → vocab/filter.bin
//	go run gen_vocab.go -words -data DIR       # DIR/raw/resources and DIR/corpus → vocab/words-*.txt, then the filter
//
// The word lists are committed, so that go generate needs no data; -words
// rebuilds them from the sources their headers name.
package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/vigie-project/vigie/internal/bloom"
	"github.com/vigie-project/vigie/tokenize"
)

// The train-split sources whose licences allow a derived list without
// share-alike (SOURCES.md): CC0, public domain and MIT.
var corpusSources = map[string]bool{"isis-fanboy": true, "mlma": true, "bible": true, "gab": true, "davidson": true,
	"counterspeech": true, "ftr": true}

const (
	minTatoeba = 1  // occurrences in the Tatoeba sentences of its language: edited text
	minBible   = 1  // occurrences in the Bible verses of the train split: edited text
	minCorpus  = 3  // occurrences in the other permitted corpus records of the train split: tweets and posts
	bitsPerKey = 12 // under 0.5% of false positives, as bloom.New rounds the size up (TestVocabFalsePositives)
)

// frequentWords is how many of the most frequent words of each language
// the small filter holds: most tokens are among them, and it stays in the
// fastest cache.
const frequentWords = 8000

// frequentBitsPerKey sizes the small filter: 32 bits a word keep its false
// positives under 0.5% in 64 KiB. A false positive of either filter makes a
// misspelt word look like an everyday one, which is then never read.
const frequentBitsPerKey = 32

const frequentHeader = `# The %d most frequent words (language: %s) of the sources of words-*.txt, in alphabetical order: a small filter
# that answers for most tokens before the large one is read (vocab.go). Made by "go run gen_vocab.go -words".
`

const header = `# Everyday words (language: %s), as the tokenizer normalises them (lower case, no accents): the lexicon reads a
# token as misspelt, or as words glued together, only when it is none of these nor one of their inflections (vocab.go).
# Made by "go run gen_vocab.go -words" from:
# - Tatoeba's English and French sentences (tatoeba.org, via manythings.org/anki, fra.txt of 2017-09-29; CC BY 2.0 FR;
#   attribution: tatoeba.org and www.manythings.org/anki): words seen at least %d times in their language;
# - the words of the English-French Wiktionary translation pairs (English Wiktionary dump of 2015-01-02 via
#   open-dsl-dict/wiktionary-dict, French Wiktionary of 2014-06-12 via pquentin/wiktionary-translations; CC BY-SA 3.0
#   and GFDL; attribution: the Wiktionary contributors), names left out. This list is therefore shared under
#   CC BY-SA 3.0 (see vocab/LICENCE.txt), apart from the code that reads it;
# - the train split of ../shared/data/corpus, records with use "train" from CC0, public-domain and MIT sources (%s):
#   every word of the Bible verses, and words seen at least %d times in the other records.
# Words of one letter and words longer than 24 bytes are left out. A word that Wiktionary gives as a verb says so after
# a tab: its conjugated forms are everyday words too. Add a word by hand at the end, then run go generate.
`

func main() {
	words := flag.Bool("words", false, "rebuild vocab/words.txt from the data")
	data := flag.String("data", "../../shared/data", "the shared data directory")
	flag.Parse()
	if *words {
		if err := buildWords(*data); err != nil {
			log.Fatal(err)
		}
	}
	if err := buildTable(); err != nil {
		log.Fatal(err)
	}
}

// count adds the normal forms of text's plain word tokens to c.
func count(c map[string]int, d *tokenize.Document, text string) {
	d.Reset(text)
	for i := range d.Tokens {
		t := &d.Tokens[i]
		if t.Kind != tokenize.Word || t.Flags&(tokenize.Obfuscated|tokenize.InHashtag) != 0 || !d.NormASCII(i) {
			continue
		}
		if n := d.NormBytes(i); len(n) >= 2 && len(n) <= 24 {
			c[string(n)]++
		}
	}
}

func buildWords(data string) error {
	var d tokenize.Document
	f, err := os.Open(filepath.Join(data, "raw", "resources", "tatoeba-en-fr.tsv"))
	if err != nil {
		return err
	}
	en, fr := map[string]int{}, map[string]int{}
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for first := true; sc.Scan(); first = false {
		if first {
			continue
		}
		a, b, ok := strings.Cut(sc.Text(), "\t")
		if !ok {
			continue
		}
		count(en, &d, a)
		count(fr, &d, b)
	}
	f.Close()
	corpus := map[string]map[string]int{"en": {}, "fr": {}}
	bible := map[string]map[string]int{"en": {}, "fr": {}}
	f, err = os.Open(filepath.Join(data, "corpus", "train.jsonl"))
	if err != nil {
		return err
	}
	sc = bufio.NewScanner(f)
	sc.Buffer(nil, 16<<20)
	for sc.Scan() {
		var r struct{ Source, Use, Lang, Text string }
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			return err
		}
		switch {
		case r.Use != "train" || !corpusSources[r.Source] || r.Lang != "en" && r.Lang != "fr":
		case r.Source == "bible":
			count(bible[r.Lang], &d, r.Text)
		default:
			count(corpus[r.Lang], &d, r.Text)
		}
	}
	f.Close()
	tatoeba := map[string]map[string]int{"en": en, "fr": fr}
	wikt := map[string]map[string]int{"en": {}, "fr": {}}
	verbs := map[string]map[string]int{"en": {}, "fr": {}}
	for _, name := range []string{"wiktionary-en-fr.enwiktionary.tsv", "wiktionary-en-fr.frwiktionary.tsv"} {
		f, err := os.Open(filepath.Join(data, "raw", "resources", name))
		if err != nil {
			return err
		}
		sc := bufio.NewScanner(f)
		for first := true; sc.Scan(); first = false {
			cols := strings.Split(sc.Text(), "\t")
			if first || len(cols) < 3 || cols[2] == "propn" {
				continue // the header, and names: a name is no everyday word
			}
			count(wikt["en"], &d, cols[0])
			count(wikt["fr"], &d, cols[1])
			if cols[2] == "verb" {
				count(verbs["en"], &d, cols[0])
				count(verbs["fr"], &d, cols[1])
			}
		}
		f.Close()
	}
	var names []string
	for src := range corpusSources {
		names = append(names, src)
	}
	sort.Strings(names)
	for _, lang := range []string{"en", "fr"} {
		keep := map[string]bool{}
		for w, n := range tatoeba[lang] {
			if n >= minTatoeba {
				keep[w] = true
			}
		}
		for w := range wikt[lang] {
			keep[w] = true
		}
		for w, n := range bible[lang] {
			if n >= minBible {
				keep[w] = true
			}
		}
		for w, n := range corpus[lang] {
			if n >= minCorpus {
				keep[w] = true
			}
		}
		freq := make([]string, 0, len(keep))
		for w := range keep {
			freq = append(freq, w)
		}
		sort.Slice(freq, func(a, b int) bool {
			fa := tatoeba[lang][freq[a]] + corpus[lang][freq[a]] + bible[lang][freq[a]]
			fb := tatoeba[lang][freq[b]] + corpus[lang][freq[b]] + bible[lang][freq[b]]
			return fa > fb || fa == fb && freq[a] < freq[b]
		})
		top := freq[:min(len(freq), frequentWords)]
		sort.Strings(top)
		if err := os.WriteFile(filepath.Join("vocab", "frequent-"+lang+".txt"),
			[]byte(fmt.Sprintf(frequentHeader, frequentWords, lang)+strings.Join(top, "\n")+"\n"), 0o644); err != nil {
			return err
		}
		list := make([]string, 0, len(keep))
		for w := range keep {
			if verbs[lang][w] > 0 {
				w += "\tverb" // its forms are all words too
			}
			list = append(list, w)
		}
		sort.Strings(list)
		out := fmt.Sprintf(header, lang, minTatoeba, strings.Join(names, ", "), minCorpus) + strings.Join(list, "\n") + "\n"
		if err := os.WriteFile(filepath.Join("vocab", "words-"+lang+".txt"), []byte(out), 0o644); err != nil {
			return err
		}
	}
	return nil
}

func buildTable() error {
	keys := map[string]bool{}
	for _, lang := range []string{"en", "fr"} {
		b, err := os.ReadFile(filepath.Join("vocab", "words-"+lang+".txt"))
		if err != nil {
			return err
		}
		for _, line := range strings.Split(string(b), "\n") {
			if line = strings.TrimSpace(line); line == "" || strings.HasPrefix(line, "#") {
				continue
			}
			word, pos, _ := strings.Cut(line, "\t")
			keys[word] = true
			for _, f := range inflections(lang, word, pos == "verb") {
				keys[f] = true
			}
		}
	}
	fmt.Fprintf(os.Stderr, "gen_vocab: %d words and forms\n", len(keys))
	f := bloom.New(len(keys), bitsPerKey)
	for w := range keys {
		f.Add(tokenize.HashString(w))
	}
	if err := os.WriteFile(filepath.Join("vocab", "filter.bin"), f.Bytes(), 0o644); err != nil {
		return err
	}
	var frequent []string
	for _, lang := range []string{"en", "fr"} {
		b, err := os.ReadFile(filepath.Join("vocab", "frequent-"+lang+".txt"))
		if err != nil {
			return err
		}
		for _, line := range strings.Split(string(b), "\n") {
			if line = strings.TrimSpace(line); line != "" && !strings.HasPrefix(line, "#") {
				frequent = append(frequent, line)
			}
		}
	}
	small := bloom.New(len(frequent), frequentBitsPerKey)
	for _, w := range frequent {
		small.Add(tokenize.HashString(w))
	}
	return os.WriteFile(filepath.Join("vocab", "frequent.bin"), small.Bytes(), 0o644)
}

// English endings, and French endings by the infinitive's ending, in the
// tokenizer's normal form (no accents): the forms of a word that a list of
// attested words may miss (disbelieve → disbelieves, tuer → tuiez).
var (
	enEndings = []string{"ed", "d", "ing", "er", "ers"}
	frNoun    = []string{"s", "e", "es", "x"}
	frVerb    = map[string][]string{
		"er": {"e", "es", "ent", "ons", "ez", "ais", "ait", "aient", "ions", "iez", "e", "ee", "es", "ees", "ant", "erai", "eras",
			"era", "erons", "erez", "eront", "erais", "erait", "erions", "eriez", "eraient", "a", "as", "ames", "ates", "erent",
			"asse", "asses", "assent", "at"},
		"ir": {"is", "it", "issons", "issez", "issent", "issais", "issait", "issaient", "issions", "issiez", "i", "ie", "is", "ies",
			"irai", "iras", "ira", "irons", "irez", "iront", "irais", "irait", "irions", "iriez", "iraient", "issant", "isse",
			"isses", "irent", "imes", "ites"},
		"re": {"s", "t", "ons", "ez", "ent", "ais", "ait", "aient", "ions", "iez", "rai", "ras", "ra", "rons", "rez", "ront", "rais",
			"rait", "rions", "riez", "raient", "u", "ue", "us", "ues", "e", "es", "ant", "it", "irent", "isse", "issent", "is"},
	}
)

// inflections returns the likely inflected forms of an attested word: the
// plural of any word, and the conjugated forms of a verb.
func inflections(lang, w string, verb bool) []string {
	if len(w) < 3 {
		return nil
	}
	var out []string
	switch lang {
	case "en":
		last := w[len(w)-1]
		// -s or -es, not both: "cockroachs" is a misspelling, not a plural
		if strings.IndexByte("sxzo", last) >= 0 || strings.HasSuffix(w, "ch") || strings.HasSuffix(w, "sh") {
			out = append(out, w+"es")
		} else {
			out = append(out, w+"s")
		}
		out = append(out, w+"er", w+"est", w+"ly")
		if last == 'e' {
			out = append(out, w+"r", w+"st")
		}
		if last == 'y' {
			out = append(out, w[:len(w)-1]+"ies")
		}
		if !verb {
			break
		}
		for _, e := range enEndings {
			out = append(out, w+e)
		}
		switch {
		case last == 'e':
			out = append(out, w[:len(w)-1]+"ing", w[:len(w)-1]+"er", w[:len(w)-1]+"ers")
		case last == 'y':
			out = append(out, w[:len(w)-1]+"ied", w[:len(w)-1]+"ier")
		case strings.IndexByte("bdgklmnprt", last) >= 0:
			out = append(out, w+string(last)+"ed", w+string(last)+"ing", w+string(last)+"er", w+string(last)+"ers")
		}
	case "fr":
		for _, e := range frNoun {
			out = append(out, w+e)
		}
		if n := len(w); verb && n >= 4 {
			if endings, ok := frVerb[w[n-2:]]; ok {
				stem := w[:n-2]
				for _, e := range endings {
					out = append(out, stem+e)
				}
			}
		}
	}
	return out
}
