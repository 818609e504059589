// Package testenv tells tests about the environment they run in.
package testenv

// HugeSize is the size of the inputs of the tests that feed Vigie huge
// texts: 10 MB, or 1 MB under the race detector, which runs code ten to
// twenty times slower. Both are large enough that work quadratic in the size
// of the input would take hours, so that such a test times out instead of
// passing; the tests make no timing assertion.
const HugeSize = hugeSize
