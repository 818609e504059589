package bloom

import (
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestFilter(t *testing.T) {
	var zero Filter
	assert.True(t, zero.MayHave(42), "the zero filter has every hash")
	for _, tt := range []struct {
		bitsPerKey int
		maxFalse   float64
	}{{8, 0.06}, {16, 0.02}} {
		rng := rand.New(rand.NewPCG(1, uint64(tt.bitsPerKey)))
		const keys = 20000
		f := New(keys, tt.bitsPerKey)
		added := make([]uint64, keys)
		for i := range added {
			added[i] = rng.Uint64()
			f.Add(added[i])
		}
		for _, h := range added {
			require.True(t, f.MayHave(h), "an added hash is always there")
		}
		const n = 200000
		passed := 0
		for i := 0; i < n; i++ {
			if f.MayHave(rng.Uint64()) {
				passed++
			}
		}
		t.Logf("%d bits per key, %d words: %.2f%% of false positives", tt.bitsPerKey, f.Words(), 100*float64(passed)/n)
		assert.Less(t, float64(passed)/n, tt.maxFalse)
	}
	assert.Equal(t, 8, New(0, 8).Words(), "the smallest filter")
}
