package classify

import (
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

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
	dir := filepath.Join("testdata", "fuzz", "FuzzClassify")
	seeds := classifySeeds(t)
	if *writeSeeds {
		require.NoError(t, os.MkdirAll(dir, 0o755))
		for i, s := range seeds {
			body := fmt.Sprintf("go test fuzz v1\nstring(%q)\n", s)
			require.NoError(t, os.WriteFile(filepath.Join(dir, fmt.Sprintf("seed-%03d", i)), []byte(body), 0o644))
		}
	}
	files, err := filepath.Glob(filepath.Join(dir, "seed-*"))
	require.NoError(t, err)
	assert.GreaterOrEqual(t, len(files), len(seeds), "run go test ./classify -run TestFuzzClassifySeeds -seeds")
}
