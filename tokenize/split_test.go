package tokenize

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestSplit(t *testing.T) {
	d := Tokenize("Now KillAllThem. ok")
	require.NoError(t, d.Split(1, 4, 7))
	var got []string
	for i := range d.Tokens {
		tk := &d.Tokens[i]
		got = append(got, d.Surface(i)+"/"+d.Norm(i))
		assert.Equal(t, Hash(d.NormBytes(i)), d.NormHash(i), "token %d", i)
		if i >= 1 && i <= 3 {
			assert.NotZero(t, tk.Flags&Glued, "token %d", i)
			assert.Equal(t, int32(0), tk.Sentence)
		}
	}
	assert.Equal(t, "Now/now Kill/kill All/all Them/them ./. ok/ok", strings.Join(got, " "))
	assert.Equal(t, int32(1), d.Tokens[5].Sentence)
	checkStructure(t, d)

	first := Tokenize("killthem")
	require.NoError(t, first.Split(0, 4))
	assert.NotZero(t, first.Tokens[0].Flags&SentenceStart)
	assert.Zero(t, first.Tokens[1].Flags&SentenceStart)
}

// TestSplitAccented: a word written with accents splits at offsets of its
// normal form, each part pointing at its own letters of the text.
func TestSplitAccented(t *testing.T) {
	d := Tokenize("Fautbrûler tuéseux")
	require.NoError(t, d.Split(0, 4))
	require.NoError(t, d.Split(2, 3))
	var got []string
	for i := range d.Tokens {
		got = append(got, d.Surface(i)+"/"+d.Norm(i))
		assert.Equal(t, Hash(d.NormBytes(i)), d.NormHash(i), "token %d", i)
	}
	assert.Equal(t, "Faut/faut brûler/bruler tué/tue seux/seux", strings.Join(got, " "))
	assert.Zero(t, d.Tokens[0].Flags&Accented, "faut was written without accents")
	assert.NotZero(t, d.Tokens[1].Flags&Accented)
	assert.NotZero(t, d.Tokens[1].Flags&Glued)
	checkStructure(t, d)
}

func TestSplitRefuses(t *testing.T) {
	tests := []struct {
		text string
		i    int
		at   []int
	}{
		{"killthem", 0, nil},
		{"killthem", 1, []int{2}},
		{"killthem", 0, []int{0}},
		{"killthem", 0, []int{8}},
		{"killthem", 0, []int{4, 3}},
		{"k1llthem", 0, []int{4}},  // leet: the normal form is not the surface
		{"cœurbrisé", 0, []int{4}}, // œ folds to two letters: not one for one
		{"l'état", 0, []int{1}},    // elided
		{"1488", 0, []int{2}},      // a number
		{"kill them", 0, []int{2}}, // fine: kill is a word
	}
	for _, tt := range tests[:len(tests)-1] {
		d := Tokenize(tt.text)
		before := append([]Token(nil), d.Tokens...)
		assert.ErrorIs(t, d.Split(tt.i, tt.at...), ErrSplit, "%q %d %v", tt.text, tt.i, tt.at)
		assert.Equal(t, before, d.Tokens, "unchanged after a refused split")
	}
	last := tests[len(tests)-1]
	assert.NoError(t, Tokenize(last.text).Split(last.i, last.at...))
}
