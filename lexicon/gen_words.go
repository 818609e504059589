//go:build ignore

// gen_words writes the lexicon's word lists (words_gen.go) from the
// reviewed lists of data/*.txt: the swear words that masks most often hide,
// the French words a term may write elided, the function words of glued
// tokens, and the French negation words of the "ne … que" rule. Run it with
// go generate ./lexicon after editing a list; TestWordsUpToDate fails until
// then.
//
//	go run gen_words.go [-o words_gen.go]   # "-o -" writes to standard output
package main

import (
	"flag"
	"fmt"
	"log"
	"path/filepath"

	"github.com/vigie-project/vigie/internal/gen"
)

// A list is a word list of data/ and the function that reports whether a
// word is in it.
type list struct {
	file, name, param, doc string
	maxLen                 int // the longest word the function can be asked about; 0 for no limit
}

var lists = []list{
	{"elidable.txt", "elidable", "w string", `
elidable reports whether a word of a term may be written elided, which
the bigram index cannot see: "horde de" reads "horde d'Arabes" (elides).
The words are those of data/elidable.txt.`, 0},
	{"glue-words.txt", "functionWord", "w []byte", `
functionWord reports whether w is one of the pronouns, determiners,
copulas and modals that glued threats and slogans join to their verbs and
groups ("killthem", "gasthejews", "tuezles", "hateall", "migrantsare"):
data/glue-words.txt.`, 0},
	{"glue-short.txt", "gluedShort", "w []byte", `
gluedShort reports whether w, a word of one or two letters, may be a part
of a glued token: the short function words of English and French of
data/glue-short.txt.`, 2},
	{"negation-fr.txt", "FrenchNegation", "w []byte", `
FrenchNegation reports whether w, a token's normal form, is one of the
French words that complete "ne" as a negation (pas, jamais, rien...), the
words of data/negation-fr.txt. A "ne" followed by "que" before any of them
is the restrictive "ne … que" ("ils ne sont que des rats": only), not a
negation; classify reads it so.`, 0},
}

func main() {
	out := flag.String("o", "words_gen.go", `the file to write, or "-" for standard output`)
	flag.Parse()
	log.SetFlags(0)
	log.SetPrefix("gen_words: ")
	w := gen.NewWriter("go run gen_words.go", "lexicon", "The lexicon's word lists, made from data/*.txt.")
	profanity, err := gen.ReadWords(filepath.Join("data", "profanity.txt"), gen.Lower)
	if err != nil {
		log.Fatal(err)
	}
	w.WriteString("\n")
	w.Doc(`
profanity lists swear words, which people mask far more often than
anything else: a masked token that fits one of them is the swear word (see
data/profanity.txt and maskedProfanity).`)
	w.WriteString("var profanity = [...]string{\n\t")
	w.Strings(profanity, "\t")
	w.WriteString(",\n}\n")
	for _, l := range lists {
		words, err := gen.ReadWords(filepath.Join("data", l.file), func(s string) error {
			if l.maxLen > 0 && len(s) > l.maxLen {
				return fmt.Errorf("longer than %d letters", l.maxLen)
			}
			return gen.Lower(s)
		})
		if err != nil {
			log.Fatal(err)
		}
		w.Switch(l.doc, l.name, l.param, words)
	}
	if err := w.WriteFile(*out); err != nil {
		log.Fatal(err)
	}
}
