package classify

import (
	"fmt"
	"math"
	"runtime"
	"runtime/debug"
	"strings"
	"testing"
	"time"

	"github.com/vigie-project/vigie/internal/testenv"
)

// maxDoublingRatio bounds the time for 2n bytes over the time for n bytes
// in TestLongDocumentIsLinear: 2 for linear work, 4 for quadratic work;
// 3 leaves room for noise and for caches that a larger text misses.
const maxDoublingRatio = 3

// TestLongDocumentIsLinear scores a long document made of many paragraphs
// full of signals and cues, and the same document twice as long, and
// compares the times: context used to cost signals × cues (2 MB took half a
// minute), and framing quotations cost frames × quotations. There is no
// absolute time limit, only the ratio of the two times, each the best of
// several runs of the process's CPU time (cpuTime), so that a slow or
// loaded machine does not fail it.
//
// The race detector makes sync.Pool drop items at random, and a run whose
// scratch memory was dropped costs two or three times more: the times then
// measure the pools, not the work. Under -race the test only checks the
// result; .ci/run runs it without the race detector as well.
func TestLongDocumentIsLinear(t *testing.T) {
	c := defaultClassifier(t)
	para := "Selon le parquet, il a écrit « il faut tous les tuer » et « rejoignez le califat » ; nous condamnons. " +
		"Police said he posted ISIS propaganda, the kuffar must die, according to the court. Why? Not in my name.\n"
	const (
		n        = 1000 // paragraphs: about 210 kB
		runs     = 10
		attempts = 5
	)
	short, long := strings.Repeat(para, n), strings.Repeat(para, 2*n)
	r := c.Classify(long)
	if len(r.Signals) == 0 {
		t.Fatal("no signals in a text full of them")
	}
	if r.Level.Flagged() {
		t.Errorf("level %s: every paragraph reports or counters", r.Level)
	}
	if testenv.Race {
		t.Log("race detector on: the times are not compared")
		return
	}
	// Each attempt takes the best of several runs of each text, alternating,
	// so that a pause of the machine slows one run and not the result. The
	// collector is off during the runs: a collection empties the scratch
	// pools, and a run that then allocates its memory anew, or that happens
	// to start a collection (whose cost depends on the live heap, not on the
	// text), costs several times more; the runs allocate little once warm.
	// A process on the other hardware thread of a core can still slow a
	// stretch of runs two- or threefold, so a ratio above the bound is
	// measured again: work that grows faster than the text fails every
	// attempt, a neighbour's burst does not last through five.
	runtime.GC()
	defer debug.SetGCPercent(debug.SetGCPercent(-1))
	var ratios []string
	for range attempts {
		tShort, tLong := time.Duration(math.MaxInt64), time.Duration(math.MaxInt64)
		for range runs {
			for _, x := range []struct {
				text string
				best *time.Duration
			}{{short, &tShort}, {long, &tLong}} {
				start := cpuTime()
				c.ClassifyInto(x.text, &r)
				*x.best = min(*x.best, cpuTime()-start)
			}
		}
		ratio := float64(tLong) / float64(tShort)
		t.Logf("%d bytes: %v; %d bytes: %v; ratio %.2f", len(short), tShort, len(long), tLong, ratio)
		if ratio < maxDoublingRatio {
			return
		}
		ratios = append(ratios, fmt.Sprintf("%.2f", ratio))
		runtime.GC()
	}
	t.Errorf("doubling the text multiplied the CPU time by %s in %d attempts: not linear", strings.Join(ratios, ", "), attempts)
}
