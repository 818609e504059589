package model_test

import (
	"fmt"
	"strings"

	"github.com/vigie-project/vigie/lexicon"
	"github.com/vigie-project/vigie/model"
	"github.com/vigie-project/vigie/tokenize"
)

// A model file: a version line, metadata, the intercept, Platt scaling, the
// two thresholds and one weight per feature.
const modelFile = `vigie-model	1
meta	a hand-written example
bias	-2
calibration	1	0
thresholds	0.5	0.9
features	4
b:join us	1.5
k:caliphate	2
w:brothers	0.5
x:negation	-2.5
`

func ExampleModel_Score() {
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
	z, contributions := m.Score(doc, lex.Match(doc, nil), lex, nil)
	for _, c := range contributions {
		fmt.Printf("%-12s %+.1f  %q at %d\n", c.Feature, c.Weight, text[c.Start:c.End], c.Start)
	}
	medium, _ := m.Thresholds()
	p := m.Calibrate(z)
	fmt.Printf("z = %.1f, p = %.2f, medium: %t\n", z, p, p >= medium)
	// Output:
	// w:brothers   +0.5  "Brothers" at 0
	// b:join us    +1.5  "join us" at 10
	// k:caliphate  +2.0  "khilafah" at 25
	// z = 2.0, p = 0.88, medium: true
}

func ExampleTrain() {
	examples := []model.Example{
		{Text: "Make hijra to the khilafah, brothers", Label: true},
		{Text: "Join the caliphate, leave the kuffar", Label: true},
		{Text: "The dawla needs you, muslims, make hijra", Label: true},
		{Text: "Muslims and Christians shared the iftar", Label: false},
		{Text: "Police say two men planned to join the caliphate", Label: false},
		{Text: "Ramadan Mubarak to all our neighbours", Label: false},
		{Text: "We killed it at the match tonight", Label: false},
	}
	m, err := model.Train(examples, model.Options{Seed: 1, MinCount: 1, Epochs: 30})
	if err != nil {
		panic(err)
	}
	w, _ := m.Weight("k:caliphate")
	fmt.Println("caliphate raises the risk:", w > 0)
	_, known := m.Weight("w:muslims")
	fmt.Println("identity words have no weight:", !known)
	// Output:
	// caliphate raises the risk: true
	// identity words have no weight: true
}
