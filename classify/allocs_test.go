package classify

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vigie-project/vigie/internal/testenv"
)

// flaggedAllocs is the most allocations that ClassifyInto makes, after a
// warm-up call with the same Result, for each flagged text of
// TestClassifyIntoAllocs (measured: 1 for each). That one is the result's
// own memory: the rationale, a new string, built with one allocation (its
// strings.Builder is grown once, and evidence is quoted into it). The Parts
// of rule signals reuse the Result's previous signals' storage, the rule
// chains' components a scratch buffer; everything else is reused from the
// scratch pool and from the Result. Before this bound was tightened the same
// texts made 10 and 8 allocations (24 for a longer English one).
const flaggedAllocs = 2

// TestClassifyIntoAllocs checks the hot path's allocations: none for a
// text without signals, at most flaggedAllocs for a flagged one.
func TestClassifyIntoAllocs(t *testing.T) {
	if testenv.Race {
		t.Skip("the race detector makes sync.Pool drop items, so allocation counts mean nothing")
	}
	c, err := New()
	require.NoError(t, err)
	for _, tt := range []struct {
		text    string
		flagged bool
	}{
		{"The weather in Lyon was lovely today, we walked by the river with the children.", false},
		{"Il fait beau à Lyon aujourd'hui, nous avons marché au bord du Rhône avec les enfants.", false},
		{"ok", false},
		{"Brothers, join us in the khilafah! Kill the kuffar wherever you find them.", true},
		{"Rejoignez l'État islamique, égorgez les kouffar partout où vous les trouvez !", true},
	} {
		var r Result
		c.ClassifyInto(tt.text, &r) // warm up the scratch pool and r's slices
		allocs := testing.AllocsPerRun(100, func() { c.ClassifyInto(tt.text, &r) })
		if !tt.flagged {
			require.Empty(t, r.Signals, "%q is no longer a clean text: pick another", tt.text)
			assert.Zero(t, allocs, "%q", tt.text)
			continue
		}
		require.True(t, r.Level.Flagged(), "%q is no longer flagged (%v): pick another", tt.text, r.Level)
		assert.LessOrEqual(t, allocs, float64(flaggedAllocs), "%q", tt.text)
	}
}
