package classify

import (
	"flag"
	"github.com/vigie-project/vigie/internal/testenv"
	"math/rand/v2"
	"testing"

	"github.com/vigie-project/vigie/internal/obfuscate"
)

var writeSeeds = flag.Bool("seeds", false, "rewrite testdata/fuzz/FuzzClassify from the cases")

// classifySeeds are the inputs FuzzClassify starts from, besides those it
// adds itself: one case in four of testdata/cases, each disguised once by
// one of the transforms of the obfuscation test in turn, and broken text.
func classifySeeds(t testing.TB) []string {
	var out []string
	transforms := obfuscate.All()
	for i, tc := range readCases(t) {
		if i%4 != 0 {
			continue
		}
		out = append(out, tc.Text)
		tr := transforms[(i/4)%len(transforms)]
		out = append(out, tr.Apply(rand.New(rand.NewPCG(uint64(i), 1)), tc.Text, nil))
	}
	return append(out, "Rejoignez le cal\xffifat \xc3 et tuez les k\xe2\x80ffar", "il faut les \x00tuer\x00",
		"« il faut les tuer » « « » »", "\u202etuez les\u202c", "t u e z l e s", "m a r r y a m u j a h i d")
}

// TestFuzzClassifySeeds writes the seed corpus with -seeds, and otherwise
// checks that it is there.
func TestFuzzClassifySeeds(t *testing.T) {
	testenv.FuzzSeeds(t, "FuzzClassify", "string", classifySeeds(t), *writeSeeds, "go test ./classify -run TestFuzzClassifySeeds -seeds")
}
