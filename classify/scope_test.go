package classify

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestContextScope checks what a context cue reaches (DESIGN.md, "Context
// has a scope"): each case names a signal by the text it covers, and says
// whether context lowered it. The texts were written for this test.
func TestContextScope(t *testing.T) {
	c := defaultClassifier(t)
	tests := []struct {
		name, text, signal string
		lowered            bool
	}{
		{"reporting in another sentence", "Police said it was a quiet night. Kill the kuffar.", "Kill the kuffar", false},
		{"reporting in the sentence", "Police said the attacker shouted kill the kuffar.", "kill the kuffar", true},
		{"counter cue in the sentence", "I condemn those who say migrants should be shot.", "migrants should be shot", true},
		{"counter cue before a contrast", "I condemn all violence, but those migrants deserve to be burned alive.", "migrants deserve to be burned", false},
		{"counter cue before mais", "Je condamne toute violence, mais il faudrait que quelqu'un brûle la mosquée.", "il faudrait que quelqu'un brûle", false},
		{"counter cue after a contrast", "Some say it, but the idea that migrants are rats is a lie.", "migrants are rats", true},
		{"rebuttal in the next sentence", "« Les migrants sont des rats ». C'est honteux de dire ça.", "Les migrants sont des rats", true},
		{"agreement in the next sentence", "« Les migrants sont des rats ». Je suis bien d'accord.", "Les migrants sont des rats", false},
		{"rebuttal two sentences on", "« Les migrants sont des rats ». Voilà. C'est honteux.", "Les migrants sont des rats", false},
		{"negation in a listed likening", "Black people are no better than apes.", "Black people are no better than apes", false},
		{"negation of the likening", "Muslims are not vermin.", "Muslims are not vermin", true},
		{"rebuttal that introduces the claim", "The notion that women are subhuman is completely false.", "women are subhuman", true},
		{"mention of a quotation", "Les gens qui écrivent « il faut tuer les flics » devraient réfléchir.", "il faut tuer", true},
		{"mention without quotation marks", "On dit qu'il faut égorger les mécréants, et c'est vrai.", "il faut égorger", false},
		{"mention of a quotation in English", "I'm tired of reading \"black people are animals\" on this forum.", "black people are animals", true},
		{"mention without quotation marks in English", "You say we should kill the kuffar, and you are right.", "kill the kuffar", false},
		{"the writer among those a counter cue names", "Je suis de ceux qui disent qu'il faut tuer les mécréants.", "il faut tuer", false},
		{"the writer agrees with those a counter cue names", "I agree with those who say migrants should be shot.", "migrants should be shot", false},
		{"those a counter cue names, without the writer", "I condemn those who say migrants should be shot.", "migrants should be shot", true},
		{"a rule that straddles a framed quotation", "Je lis ici qu'il faudrait « renvoyer tous les parasites » syriens.", "il faudrait", true},
		{"a rule that straddles an unframed quotation", "Il faut « tuer tous les juifs », je le pense vraiment.", "Il faut", false},
		{"mention in another sentence", "J'entends des choses. « Il faut tuer les flics »", "Il faut tuer", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := c.Classify(tt.text)
			var found *Signal
			for i := range r.Signals {
				if s := &r.Signals[i]; !s.Repeat && strings.Contains(s.Text, tt.signal) {
					found = s
					break
				}
			}
			require.NotNil(t, found, "no signal covers %q in %q: %+v", tt.signal, tt.text, r.Signals)
			assert.Equal(t, tt.lowered, found.Weight < found.Base-1e-9, "%q: weight %.2f of base %.2f; context %+v", tt.text, found.Weight, found.Base, r.Context)
		})
	}
}
