package imperative_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vigie-project/vigie/classify"
	"github.com/vigie-project/vigie/imperative"
)

// TestWithImperatives: with the finder, a violence verb in the imperative
// becomes an incitement signal whose source says so; without it, not.
func TestWithImperatives(t *testing.T) {
	f, err := imperative.New()
	require.NoError(t, err)
	with, err := classify.New(classify.WithImperatives(f))
	require.NoError(t, err)
	without, err := classify.New()
	require.NoError(t, err)
	const text = "Kill them all."
	incitement := func(r classify.Result) (found bool) {
		for _, s := range r.Signals {
			if s.Category.String() == "incitement" && strings.HasPrefix(s.Source, "imperative ") {
				found = true
			}
		}
		return found
	}
	assert.True(t, incitement(with.Classify(text)), "with imperatives: %+v", with.Classify(text).Signals)
	assert.False(t, incitement(without.Classify(text)), "without: %+v", without.Classify(text).Signals)
	assert.False(t, incitement(with.Classify("They kill our brothers.")), "not an imperative")
}
