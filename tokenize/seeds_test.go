package tokenize

import (
	"flag"
	"github.com/vigie-project/vigie/internal/testenv"
	"testing"
)

var writeSeeds = flag.Bool("seeds", false, "rewrite testdata/fuzz/FuzzTokenize from the table tests")

// tokenizeSeeds are the inputs FuzzTokenize starts from: the texts of the
// table tests.
func tokenizeSeeds() []string {
	out := []string{"Rejoignez l'État islamique", "I don't know #RejoignezLeCalifat @x https://t.me/a",
		"t u e z les k*ffar j.i.h.a.d h1jra dаwla ji\u200bhad", "1488 14/88 3,5 🔥🇫🇷", "\xff\x00«x»"}
	for _, tables := range [][]tokenCase{disguiseTests, literalTests} {
		for _, tt := range tables {
			out = append(out, tt.text)
		}
	}
	for _, tt := range badInputs {
		out = append(out, tt.text)
	}
	return out
}

// TestFuzzTokenizeSeeds writes the seed corpus with -seeds, and otherwise
// checks that it is there.
func TestFuzzTokenizeSeeds(t *testing.T) {
	testenv.FuzzSeeds(t, "FuzzTokenize", "string", tokenizeSeeds(), *writeSeeds, "go test ./tokenize -run TestFuzzTokenizeSeeds -seeds")
}
