package classify

import (
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vigie-project/vigie/lexicon"
	"github.com/vigie-project/vigie/tokenize"
)

// scribble overwrites every value a caller can reach in r, through every
// slice and pointer, as a careless caller that edits or sorts its results
// would.
func scribble(r *Result) {
	for i := range r.Signals {
		s := &r.Signals[i]
		s.Category, s.Concept, s.Text, s.Start, s.End = lexicon.Topic, "x", "x", -1, -1
		s.Weight, s.Base, s.Source, s.Repeat = -9, -9, "x", !s.Repeat
		s.Disguise = tokenize.Leet | tokenize.Spaced
		for k := range s.Parts {
			s.Parts[k] = Part{Concept: "x", Text: "x", Source: "x", Weight: -9}
		}
	}
	for i := range r.Context {
		r.Context[i] = Context{Text: "x", Source: "x", Effect: 9}
	}
	if m := r.Model; m != nil {
		for i := range m.Features {
			m.Features[i] = Feature{Name: "x", Text: "x", Weights: Scores{9, 9, 9}}
		}
		for i := range m.Framing {
			m.Framing[i] = Context{Text: "x", Source: "x", Effect: 9}
		}
		m.Extremism.Z, m.Hate.Probability = 9, 9
	}
	r.Rationale = "x"
}

// TestResultsDoNotShareMemory checks that a result owns what it holds:
// writing through every slice of one result, from many goroutines at once,
// changes nothing in the results of later classifications. Run it with
// -race: a shared slice is then reported as a data race too.
func TestResultsDoNotShareMemory(t *testing.T) {
	c := defaultClassifier(t)
	var texts []string
	for _, tc := range readCases(t) {
		texts = append(texts, tc.Text)
	}
	// disguised texts, so that Disguise is set on some signals
	texts = append(texts, "k1ll th3 k*ffar", "r e j o i g n e z  le califat", "Je vais les égooorger, ces kouffar.")
	want := make([]string, len(texts))
	disguised := 0
	for i, text := range texts {
		r := c.Classify(text)
		want[i] = string(r.AppendJSON(nil))
		for _, s := range r.Signals {
			if s.Disguise != 0 {
				disguised++
			}
		}
	}
	require.NotZero(t, disguised, "no signal carries a disguise: the test would not reach Disguise")

	var wg sync.WaitGroup
	for g := 0; g < 4; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var reused Result
			for round := 0; round < 2; round++ {
				for i, text := range texts {
					r := c.Classify(text)
					scribble(&r)
					c.ClassifyInto(text, &reused)
					if got := string(reused.AppendJSON(nil)); got != want[i] {
						assert.Equal(t, want[i], got, "text %d after scribbling over another result", i)
						return
					}
					scribble(&reused)
				}
			}
		}()
	}
	wg.Wait()
}
