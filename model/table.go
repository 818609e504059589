package model

import (
	"fmt"
	"math/bits"

	"github.com/vigie-project/vigie/internal/bloom"
)

// table maps the hash of a feature name to its index and weights (one per
// head): open addressing with linear probing, at most a third full, built
// once and only read afterwards. The weights sit beside the key so that a
// lookup touches one cache line. A third full, most lookups end at their first slot: the
// default model's 2 MB table makes Top 8-9% faster than a 1 MB one two-thirds
// full, where a probe that runs on mispredicts its end.
type table struct {
	slots []slot
	shift uint8
	// pairs filters the pair features' keys: about half the pairs of a
	// text are not in the model, and the filter spares most of them a probe
	// of the large table
	pairs bloom.Filter
}

type slot struct {
	h  uint64
	w  [Heads]float32
	id int32 // index in the model's sorted names; -1: empty
}

// newTable indexes names by their hash. Two names with the same 64-bit hash
// cannot both be looked up, so they are an error (never seen in practice).
func newTable(names []string, weights [][Heads]float32) (table, error) {
	n := 8
	for n < 3*len(names) {
		n <<= 1
	}
	t := table{slots: make([]slot, n), shift: uint8(64 - bits.TrailingZeros(uint(n)))}
	for i := range t.slots {
		t.slots[i].id = -1
	}
	mask := uint64(n - 1)
	nPairs := 0
	for _, name := range names {
		if KindOf(name) == Pair {
			nPairs++
		}
	}
	t.pairs = bloom.New(nPairs, 8) // 4.3% of false positives for the default model (TestPairFilter)
	for i, name := range names {
		h := Hash(name)
		if KindOf(name) == Pair {
			t.pairs.Add(h)
		}
		p := t.start(h)
		for t.slots[p].id >= 0 {
			if t.slots[p].h == h {
				return table{}, fmt.Errorf("%w: features %q and %q have the same hash", ErrModel, names[t.slots[p].id], name)
			}
			p = (p + 1) & mask
		}
		t.slots[p] = slot{h: h, id: int32(i), w: weights[i]}
	}
	return t, nil
}

// start is where the search for h starts (Fibonacci hashing).
func (t *table) start(h uint64) uint64 { return (h * 0x9E3779B97F4A7C15) >> t.shift }

// find returns the slot of the name whose hash is h, or nil.
func (t *table) find(h uint64) *slot {
	if len(t.slots) == 0 {
		return nil
	}
	mask := uint64(len(t.slots) - 1)
	for p := t.start(h); ; p = (p + 1) & mask {
		s := &t.slots[p]
		if s.id < 0 {
			return nil
		}
		if s.h == h {
			return s
		}
	}
}
