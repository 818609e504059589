package classify

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vigie-project/vigie/lexicon"
)

func TestRiskNames(t *testing.T) {
	for k := Risk(0); k < NumRisks; k++ {
		b, err := k.MarshalText()
		require.NoError(t, err)
		var back Risk
		require.NoError(t, back.UnmarshalText(b))
		assert.Equal(t, k, back)
		assert.Equal(t, string(b), k.String())
	}
	_, err := Risk(NumRisks).MarshalText()
	assert.Error(t, err)
	assert.Equal(t, "Risk(3)", Risk(NumRisks).String())
	var k Risk
	assert.Error(t, k.UnmarshalText([]byte("toxicity")))
}

func TestRiskOf(t *testing.T) {
	tests := []struct {
		cat  lexicon.Category
		want Risk
		ok   bool
	}{
		{lexicon.Threat, Violence, true},
		{lexicon.Incitement, Violence, true},
		{lexicon.Dehumanisation, Hate, true},
		{lexicon.Ideology, Extremism, true},
		{lexicon.Recruitment, Extremism, true},
		{lexicon.Glorification, Extremism, true},
		{lexicon.Propaganda, Extremism, true},
		{lexicon.Conspiracy, Extremism, true},
		{lexicon.Topic, 0, false},
		{lexicon.Violence, 0, false},
		{lexicon.Negation, 0, false},
	}
	for _, tt := range tests {
		got, ok := RiskOf(tt.cat)
		assert.Equal(t, tt.ok, ok, tt.cat.String())
		if ok {
			assert.Equal(t, tt.want, got, tt.cat.String())
		}
	}
}

func TestScores(t *testing.T) {
	s := Scores{Extremism: 0.2, Violence: 0.7, Hate: 0.7}
	k, p := s.Max()
	assert.Equal(t, Violence, k, "the first of equals")
	assert.Equal(t, 0.7, p)
	for k := Risk(0); k < NumRisks; k++ {
		var c Scores
		c.set(k, 0.5)
		assert.Equal(t, 0.5, c.Of(k))
		got, _ := c.Max()
		assert.Equal(t, k, got)
	}
	b, err := json.Marshal(s)
	require.NoError(t, err)
	assert.JSONEq(t, `{"extremism":0.2,"violence":0.7,"hate":0.7}`, string(b))
}
