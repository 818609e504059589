package classify_test

import (
	"fmt"
	"os"

	"github.com/vigie-project/vigie/classify"
)

func Example() {
	c, err := classify.New() // embedded lexicons, rules and model
	if err != nil {
		panic(err)
	}
	r := c.Classify("Je vais les égorger, ces kouffar.")
	fmt.Println(r.Level, r.Rationale)
	for _, s := range r.Signals {
		fmt.Printf("%s %s %q [%d:%d] %s\n", s.Category, s.Concept, s.Text, s.Start, s.End, s.Source)
	}
	// Output:
	// high Élevé : menace « Je vais les égorger » et 1 autre signal.
	// threat behead "Je vais les égorger" [0:20] fr.tsv:272
	// ideology kuffar "kouffar" [26:33] fr.tsv:24
}

// Context lowers the risk: the same words, reported by a court.
func Example_context() {
	c, err := classify.New()
	if err != nil {
		panic(err)
	}
	r := c.Classify("Le tribunal l'a condamné pour avoir écrit « je vais les égorger ».")
	fmt.Println(r.Level, r.Rationale)
	for _, x := range r.Context {
		fmt.Printf("%s %q %.2f\n", x.Kind, x.Text, x.Effect)
	}
	// Output:
	// low Faible : menace « je vais les égorger » ; atténué par citation (ponctuation) pour la citation.
	// reporting "tribunal" -0.13
	// counter "condamné" -0.32
	// quotation "«" -2.98
}

// A stream scorer keeps one Result and one buffer, and writes each result
// as a JSON line without allocating.
func ExampleResult_AppendJSON() {
	c, err := classify.New(classify.WithoutModel())
	if err != nil {
		panic(err)
	}
	var r classify.Result
	var line []byte
	for _, text := range []string{"Bonne journée à tous !"} {
		c.ClassifyInto(text, &r)
		line = append(r.AppendJSON(line[:0]), '\n')
		os.Stdout.Write(line)
	}
	// Output:
	// {"lang":"fr","level":"none","score":0.0474,"scores":{"extremism":0.0474,"violence":0.0474,"hate":0.0474},"weight":0,"signals":[],"context":[],"rationale":"Aucun signal."}
}
