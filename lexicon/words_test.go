package lexicon

import (
	"path/filepath"
	"slices"
	"testing"

	"github.com/vigie-project/vigie/internal/gen"
)

// TestWordsUpToDate regenerates words_gen.go in memory from the word lists
// of data/*.txt and fails when the committed file differs: run
// go generate ./lexicon after editing a list.
func TestWordsUpToDate(t *testing.T) {
	if err := gen.UpToDate("gen_words.go", "words_gen.go", "lexicon"); err != nil {
		t.Fatal(err)
	}
}

// TestWordLists checks each generated function against its list: every
// word of the file is in, and words that are not listed are out.
func TestWordLists(t *testing.T) {
	for _, tt := range []struct {
		file string
		in   func(string) bool
		out  []string
	}{
		{"elidable.txt", elidable, []string{"d'", "l", "des", "", "dee"}},
		{"glue-words.txt", func(s string) bool { return functionWord([]byte(s)) }, []string{"kill", "the ", "tou"}},
		{"glue-short.txt", func(s string) bool { return gluedShort([]byte(s)) }, []string{"b", "the", "ni", ""}},
		{"negation-fr.txt", func(s string) bool { return FrenchNegation([]byte(s)) }, []string{"que", "ne", "n'", "pa", "guère"}},
		{"profanity.txt", func(s string) bool { return slices.Contains(profanity[:], s) }, []string{"shot", "pigs"}},
	} {
		if err := gen.CheckWords(filepath.Join("data", tt.file), tt.in, tt.out); err != nil {
			t.Error(err)
		}
	}
}
