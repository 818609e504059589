package classify

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/vigie-project/vigie/internal/testenv"
)

// checkResult requires what every result guarantees, whatever the input:
// explanations whose spans are valid byte offsets into text and whose Text
// is text[Start:End], and a score in [0, 1].
func checkResult(t testing.TB, text string, r Result) {
	t.Helper()
	checkSpans(t, text, r)
	require.False(t, math.IsNaN(r.Score) || r.Score < 0 || r.Score > 1, "score %v", r.Score)
	require.LessOrEqual(t, r.Level, High)
	require.NotEmpty(t, r.Rationale)
}

// TestBrokenInput classifies broken text: invalid UTF-8, NUL bytes, control
// characters and other debris around real signals.
func TestBrokenInput(t *testing.T) {
	c := defaultClassifier(t)
	for _, text := range []string{
		"Rejoignez le cal\xffifat \xc3 et tuez les k\xe2\x80ffar",
		"il faut les \x00tuer\x00, \x00rejoignez\x00 le califat",
		"\x1b[31mkill them all\x1b[0m\x07\x7f",
		"\u202etuez les\u202c \u2066kill them\u2069",
		"kill\u0301\u0301 them a\u0300ll",
		"« il faut les tuer » « « » »",
		"\ufeffrejoignez le califat\ufeff",
		strings.Repeat("\xff", 1000) + "jihad" + strings.Repeat("\x00", 1000),
	} {
		checkResult(t, text, c.Classify(text))
	}
}

// TestHugeInputs classifies 10 MB inputs (1 MB under the race detector)
// that stress the tokenizer, the lexicon and the context rules: one token,
// millions of tokens, millions of signals and cues in one sentence or in
// many. Work quadratic in the input would take hours: the test would time
// out. There is no timing assertion.
func TestHugeInputs(t *testing.T) {
	if testing.Short() {
		t.Skip("10 MB inputs; run without -short")
	}
	c := defaultClassifier(t)
	n := testenv.HugeSize
	fill := func(s string) string { return strings.Repeat(s, n/len(s)+1) }
	random := make([]byte, n)
	rng := rand.New(rand.NewPCG(3, 4))
	for i := range random {
		random[i] = byte(rng.IntN(256))
	}
	tests := []struct{ name, text string }{
		{"one token", strings.Repeat("a", n)},
		{"emoji", fill("🔥")},
		{"single letters", fill("a b c d e f g h ")},
		{"spaced phrase", fill("t u e z l e s ")},
		{"stars", strings.Repeat("*", n)},
		{"masked words", fill("k*ffar ")},
		{"quotes", strings.Repeat("\"", n)},
		{"nested quotes", fill("« ")},
		{"question marks", fill("? ")},
		{"signals and questions", fill("jihad ? ")},
		{"signals in one sentence", fill("rejoignez le califat ")},
		{"signals in many sentences", fill("Rejoignez le califat. ")},
		{"rules in one sentence", fill("il faut tuer ")},
		{"rules in many lines", fill("ils sont des rats\n")},
		{"negations", fill("ne pas jamais ")},
		{"quoted threats with reporting", fill("« je vais les égorger », selon le parquet. ")},
		{"leet and spaced", fill("k1ll 4ll4h m a r r y a m u j a h i d ")},
		{"hashtags", fill("#JoinTheCaliphate ")},
		{"numbers", fill("1488 ")},
		{"newlines", strings.Repeat("\n", n)},
		{"nul bytes", strings.Repeat("\x00", n)},
		{"random bytes", string(random)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkResult(t, tt.text, c.Classify(tt.text))
		})
	}
}
