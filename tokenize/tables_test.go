package tokenize

import (
	"path/filepath"
	"testing"
	"unicode"

	"github.com/stretchr/testify/assert"

	"github.com/vigie-project/vigie/internal/gen"
)

// TestTablesUpToDate regenerates tables_gen.go in memory from the word
// lists of data/ and fails when the committed file differs: run
// go generate ./tokenize after editing a list.
func TestTablesUpToDate(t *testing.T) {
	if err := gen.UpToDate("gen_tables.go", "tables_gen.go", "tokenize"); err != nil {
		t.Fatal(err)
	}
}

// TestFoldTables checks the generated tables against what they stand for:
// every rune of a block of foldRanges has an entry, and a rune below
// foldTableEnd is flagged invisible exactly when isInvisible says so.
func TestFoldTables(t *testing.T) {
	for _, fr := range foldRanges {
		assert.Len(t, fr.entries, int(fr.hi-fr.lo+1), "block %U", fr.lo)
		assert.GreaterOrEqual(t, fr.lo, rune(foldTableEnd))
	}
	for r := rune(0x80); r < foldTableEnd; r++ {
		assert.Equal(t, isInvisible(r), foldTable[r].flags&Invisible != 0, "%U", r)
	}
	// The folded Latin-1 letters of the fast path agree with the table.
	for r := rune(0xC0); r <= 0xFF; r++ {
		lf := latinFold[r-0xC0]
		if lf.n == 0 {
			continue
		}
		assert.True(t, unicode.IsLetter(r), "%U", r)
		assert.Equal(t, foldTable[r].s, string(lf.s[:lf.n]), "%U", r)
		assert.Equal(t, foldTable[r].flags, lf.flags, "%U", r)
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
		{"elisions.txt", func(s string) bool { return isElision([]byte(s)) }, []string{"l'", "jusque", "le", ""}},
		{"contractions.txt", isContraction, []string{"t", "'s", "nt", ""}},
		{"tlds.txt", isTLD, []string{"le", "fin", "con", ".com", ""}},
	} {
		if err := gen.CheckWords(filepath.Join("data", tt.file), tt.in, tt.out); err != nil {
			t.Error(err)
		}
	}
}
