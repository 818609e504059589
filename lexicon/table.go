package lexicon

import (
	"github.com/vigie-project/vigie/internal/bloom"
	"github.com/vigie-project/vigie/tokenize"
)

// table is an open-addressing hash table from normalised keys to entry
// indexes, built once. Lookups hash the token's bytes with FNV-1a, which
// Match computes incrementally so that every prefix length of a token can be
// probed for stems at almost no extra cost. A miss, the common case, costs one
// probe of an empty slot.
type table struct {
	mask  uint64
	slots []slot    // at most half full
	keys  []string  // the keys, in the order they were added
	first []int32   // the first entry of each key; -1: none yet
	more  [][]int32 // all the entries of a key that has more than one, else nil
	n     int
	// filter, when built, filters the keys' hashes: it turns most absent
	// keys away before a probe of slots
	filter bloom.Filter
}

// slot is 16 bytes, so that the slots of the table every token probes stay
// in the fastest caches: the key and its entries are read on a hit only.
type slot struct {
	hash uint64 // 0: empty
	key  int32  // index in keys and ids
}

// hashBytes is FNV-1a over b, never 0.
func hashBytes(b []byte) uint64 { return fix(fnvBytes(b)) }

// fnvBytes is FNV-1a over b (tokenize.Hash, the hash of normal forms).
func fnvBytes(b []byte) uint64 { return tokenize.Hash(b) }

func hashString(s string) uint64 { return fix(fnv64(s)) }

// fnv64 is FNV-1a over s.
func fnv64(s string) uint64 { return tokenize.HashString(s) }

// fix keeps 0 free to mark empty slots.
func fix(h uint64) uint64 {
	if h == 0 {
		return 1
	}
	return h
}

// add appends id to the entries of key.
// Most keys have one entry, kept in first: building a table allocates for
// the others only.
func (t *table) add(key string, id int32) { t.addHashed(key, hashString(key), id) }

// addHashed is add for a key whose hash is h, which is not 0.
func (t *table) addHashed(key string, h uint64, id int32) {
	k := t.insert(key, h)
	switch {
	case t.first[k] < 0:
		t.first[k] = id
	case t.more[k] == nil:
		t.more[k] = []int32{t.first[k], id}
	default:
		t.more[k] = append(t.more[k], id)
	}
}

// entries returns the entries of key k.
func (t *table) entries(k int32) []int32 {
	if m := t.more[k]; m != nil {
		return m
	}
	if t.first[k] < 0 {
		return t.first[k:k:k]
	}
	return t.first[k : k+1 : k+1]
}

// ensure adds key without entries if it is not there: get then returns an
// empty, non-nil list for it.
func (t *table) ensure(key string) { t.insert(key, hashString(key)) }

// insert returns the index of key, whose hash is h, in keys, adding it if
// needed.
func (t *table) insert(key string, h uint64) int32 {
	if t.slots == nil || (t.n+1)*2 > len(t.slots) {
		t.grow()
	}
	for i := h & t.mask; ; i = (i + 1) & t.mask {
		s := &t.slots[i]
		if s.hash == 0 {
			*s = slot{hash: h, key: int32(len(t.keys))}
			t.keys = append(t.keys, key)
			t.first = append(t.first, -1)
			t.more = append(t.more, nil)
			t.n++
			return s.key
		}
		if s.hash == h && t.keys[s.key] == key {
			return s.key
		}
	}
}

func (t *table) grow() {
	old := t.slots
	size := 64
	for size < 3*(t.n+1) {
		size *= 2
	}
	t.slots = make([]slot, size)
	t.mask = uint64(size - 1)
	for _, s := range old {
		if s.hash == 0 {
			continue
		}
		for i := s.hash & t.mask; ; i = (i + 1) & t.mask {
			if t.slots[i].hash == 0 {
				t.slots[i] = s
				break
			}
		}
	}
}

// get returns the entries of key, whose hash is h.
func (t *table) get(h uint64, key []byte) []int32 {
	if k := t.find(h, key); k >= 0 {
		return t.entries(k)
	}
	return nil
}

// find returns the index of key, whose hash is h, in keys, or -1.
func (t *table) find(h uint64, key []byte) int32 {
	if t.n == 0 {
		return -1
	}
	for i := h & t.mask; ; i = (i + 1) & t.mask {
		s := &t.slots[i]
		if s.hash == 0 {
			return -1
		}
		if s.hash == h && t.keys[s.key] == string(key) {
			return s.key
		}
	}
}

// pairHash is the hash of a key made of two words whose FNV-1a hashes are a
// and b, never 0: the bigram table is probed with the two hashes the
// tokenizer computed, without reading the words again.
func pairHash(a, b uint64) uint64 {
	x := (a<<29 | a>>35) ^ b
	x *= 0x9E3779B97F4A7C15
	return fix(x ^ x>>32)
}

// getPair returns the entries of the key a, 0, b, whose hash is
// pairHash(FNV-1a(a), FNV-1a(b)).
func (t *table) getPair(h uint64, a, b []byte) []int32 {
	if t.n == 0 {
		return nil
	}
	for i := h & t.mask; ; i = (i + 1) & t.mask {
		s := &t.slots[i]
		if s.hash == 0 {
			return nil
		}
		if s.hash == h {
			if k := t.keys[s.key]; len(k) == len(a)+1+len(b) && k[:len(a)] == string(a) && k[len(a)] == 0 && k[len(a)+1:] == string(b) {
				return t.entries(s.key)
			}
		}
	}
}

// buildFilter builds the filter of the keys in the table, 16 bits or more
// per key (about 1% of false positives); keys added later would not be in
// it.
func (t *table) buildFilter() {
	t.filter = bloom.New(t.n, 16)
	for _, s := range t.slots {
		if s.hash != 0 {
			t.filter.Add(s.hash)
		}
	}
}
