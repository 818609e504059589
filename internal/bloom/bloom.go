// Package bloom is a blocked Bloom filter of 64-bit hashes: two bits in
// one 64-bit word per key, so that a query reads one word. The lexicon and
// the model put one before a hash table that most queries miss: the filter,
// small enough for the fastest cache, turns most of them away before a
// probe of the table.
package bloom

// Filter is a set of 64-bit hashes that may answer yes for a hash never
// added (a false positive), never no for one added. The zero Filter has
// every hash.
type Filter struct {
	words []uint64
}

// New returns an empty filter sized for n keys at bitsPerKey bits each or
// more (8 bits: about 4% of false positives; 16: about 1%).
func New(n, bitsPerKey int) Filter {
	words := 8
	for words*64 < bitsPerKey*n {
		words <<= 1
	}
	return Filter{words: make([]uint64, words)}
}

// bits returns the word of the filter and the two bits in it that stand for
// h.
func (f Filter) bits(h uint64) (int, uint64) {
	return place(h, len(f.words))
}

// place returns the word, of n (a power of two), and the two bits in it
// that stand for h. The keys are FNV-1a hashes of short words, whose bits
// are far from independent: taken as they are, words that differ by a
// letter fell on the same bits four times as often as chance would have it
// (1.6% of false positives for a filter sized for 0.2%). A finaliser
// (MurmurHash3's fmix64) mixes every bit of h into every bit used.
func place(h uint64, n int) (int, uint64) {
	h ^= h >> 33
	h *= 0xff51afd7ed558ccd
	h ^= h >> 33
	h *= 0xc4ceb9fe1a85ec53
	h ^= h >> 33
	return int(h & uint64(n-1)), 1<<(h>>40&63) | 1<<(h>>52&63)
}

// Add adds the hash h. The filter must come from New.
func (f Filter) Add(h uint64) {
	w, b := f.bits(h)
	f.words[w] |= b
}

// MayHave reports whether h may have been added; false is certain.
func (f Filter) MayHave(h uint64) bool {
	if f.words == nil {
		return true
	}
	w, b := f.bits(h)
	return f.words[w]&b == b
}

// Words returns the filter's size in 64-bit words.
func (f Filter) Words() int { return len(f.words) }

// Bytes returns the filter's words in little-endian order, for Static.
func (f Filter) Bytes() []byte {
	b := make([]byte, 8*len(f.words))
	for i, w := range f.words {
		for k := 0; k < 8; k++ {
			b[8*i+k] = byte(w >> (8 * k))
		}
	}
	return b
}

// Static is a Filter kept in a string, as a generated table can hold one: it
// costs nothing to load. Its content is Filter.Bytes of a filter whose
// number of words is a power of two. The empty Static has every hash.
type Static string

// MayHave reports whether h may have been added; false is certain.
func (s Static) MayHave(h uint64) bool {
	n := len(s) / 8
	if n == 0 {
		return true
	}
	w, b := place(h, n)
	x := s[8*w : 8*w+8] // one bounds check for the eight reads, which the compiler joins into one load
	v := uint64(x[0]) | uint64(x[1])<<8 | uint64(x[2])<<16 | uint64(x[3])<<24 |
		uint64(x[4])<<32 | uint64(x[5])<<40 | uint64(x[6])<<48 | uint64(x[7])<<56
	return v&b == b
}
