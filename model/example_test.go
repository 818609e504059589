package model_test

import (
	"fmt"
	"strings"

	"github.com/vigie-project/vigie/lexicon"
	"github.com/vigie-project/vigie/model"
	"github.com/vigie-project/vigie/tokenize"
)

// A model file: a version line, metadata, the risks, each head's intercept
// and Platt scaling, the threshold, and each feature's weight for each head.
const modelFile = `vigie-model	2
meta	a hand-written example
risks	extremism	violence	hate
bias	-2	-3	-2
calibration	1	0	1	0	1	0
threshold	0.5
features	4
b:join us	1.5	0	0
k:caliphate	2	0	0.5
w:brothers	0.5	0	0
x:negation	-2.5	-1	-1
`

func ExampleModel_Evaluate() {
	m, err := model.Load(strings.NewReader(modelFile))
	if err != nil {
		panic(err)
	}
	lex, err := lexicon.Default()
	if err != nil {
		panic(err)
	}
	text := "Brothers, join us in the khilafah!"
	doc := tokenize.Tokenize(text)
	var ev model.Evidence
	m.Evaluate(doc, lex.Match(doc, nil), lex, 10, &ev)
	for _, c := range ev.Top {
		fmt.Printf("%-12s %+.1f  %q at %d\n", c.Feature, c.Weights[0], text[c.Start:c.End], c.Start)
	}
	for k, name := range model.HeadNames {
		p := m.Calibrate(k, ev.Text.Z[k])
		fmt.Printf("%-9s z = %+.1f, p = %.2f, flagged: %t\n", name, ev.Text.Z[k], p, p >= m.Threshold())
	}
	// Output:
	// k:caliphate  +2.0  "khilafah" at 25
	// b:join us    +1.5  "join us" at 10
	// w:brothers   +0.5  "Brothers" at 0
	// extremism z = +2.0, p = 0.88, flagged: true
	// violence  z = -3.0, p = 0.05, flagged: false
	// hate      z = -1.5, p = 0.18, flagged: false
}
