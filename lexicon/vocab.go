package lexicon

import (
	_ "embed" // the vocabulary's filter

	"github.com/vigie-project/vigie/internal/bloom"
)

//go:generate go run gen_vocab.go

// The vocabulary is the list of everyday English and French words in
// vocab/words-en.txt and vocab/words-fr.txt (Tatoeba's sentences and the
// permitted training corpora; their headers say how they were made), with
// their likely inflections, compiled by go generate into a Bloom filter
// (vocab/filter.bin) that is embedded and costs nothing to load. A token
// that is an everyday word is never read as a misspelling or as glued words:
// "laughter" is not "slaughter" with a letter dropped, "therapist" is not
// "the rapist". About 1% of the other tokens are taken for everyday words
// too, and only lose those readings.

//go:embed vocab/filter.bin
var vocabFilter string

// frequentFilter holds the most frequent words of vocab/frequent-*.txt: a
// small filter, in the fastest cache, that answers for most tokens before
// vocabFilter, a megabyte, is read.
//
//go:embed vocab/frequent.bin
var frequentFilter string

// everyday reports whether the normal form whose FNV-1a hash is h is an
// everyday word of the vocabulary.
func everyday(h uint64) bool {
	return bloom.Static(frequentFilter).MayHave(h) || bloom.Static(vocabFilter).MayHave(h)
}
