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

func TestStatic(t *testing.T) {
	f := New(1000, 16)
	for i := uint64(0); i < 1000; i++ {
		f.Add(i * 0x9E3779B97F4A7C15)
	}
	s := Static(f.Bytes())
	fp := 0
	for i := uint64(0); i < 100000; i++ {
		h := i * 0xC2B2AE3D27D4EB4F
		if s.MayHave(h) != f.MayHave(h) {
			t.Fatalf("Static and Filter disagree on %x", h)
		}
		if i < 1000 && !s.MayHave(i*0x9E3779B97F4A7C15) {
			t.Fatalf("added hash %d missing", i)
		}
		if s.MayHave(h) {
			fp++
		}
	}
	if fp > 3000 {
		t.Errorf("%d false positives in 100,000", fp)
	}
	if !Static("").MayHave(1) {
		t.Error("the empty Static must have every hash")
	}
}
