package tokenize

// The parameters of the 64-bit FNV-1a hash, the hash of normal forms
// (Document.NormHash). The lexicon and the model key their tables by it, so
// that no stage after the tokenizer reads a word's bytes again.
const (
	FNVOffset uint64 = 14695981039346656037 // the offset basis
	FNVPrime  uint64 = 1099511628211        // the prime
)

// Hash returns the 64-bit FNV-1a hash of b: FNVOffset, then for each byte an
// exclusive or with the byte and a multiplication by FNVPrime. It is the
// hash Document.NormHash gives for a token's normal form.
func Hash(b []byte) uint64 {
	h := FNVOffset
	for _, c := range b {
		h = HashByte(h, c)
	}
	return h
}

// HashString is Hash of a string.
func HashString(s string) uint64 {
	h := FNVOffset
	for i := 0; i < len(s); i++ {
		h = HashByte(h, s[i])
	}
	return h
}

// HashByte continues an FNV-1a hash h with one more byte: Hash(append(b, c))
// is HashByte(Hash(b), c).
func HashByte(h uint64, c byte) uint64 { return (h ^ uint64(c)) * FNVPrime }
