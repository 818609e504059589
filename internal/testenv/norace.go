//go:build !race

package testenv

// Race reports whether the race detector is on.
const Race = false

const hugeSize = 10 << 20
