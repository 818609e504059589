package lexicon_test

import (
	"fmt"
	"strings"

	"github.com/vigie-project/vigie/lexicon"
	"github.com/vigie-project/vigie/tokenize"
)

func Example() {
	l, err := lexicon.New(lexicon.Source{Name: "mine.tsv", R: strings.NewReader(
		"term\tconcept\tcategory\tweight\tnote\n" +
			"califat\tcaliphate\tideology\t1\tSupporters' name for the IS proto-state.\n" +
			"rejoignez ... califat\tjoin-caliphate\trecruitment\t3\tA call to join it.\n")})
	if err != nil {
		panic(err)
	}
	text := "REJOIGNEZ vite le C4LIFAT"
	for _, m := range l.Match(tokenize.Tokenize(text), nil) {
		e := l.Entry(int(m.Entry))
		fmt.Printf("%s %s %q %s\n", e.Category, e.Concept, text[m.Start:m.End], e.Ref)
	}
	// Output:
	// recruitment join-caliphate "REJOIGNEZ vite le C4LIFAT" mine.tsv:3
	// ideology caliphate "C4LIFAT" mine.tsv:2
}

// Errors name the file and the line.
func Example_error() {
	_, err := lexicon.New(lexicon.Source{Name: "fr.tsv", R: strings.NewReader(
		"term\tconcept\tcategory\tweight\tnote\ncalifat\tcaliphate\tideologie\t1\tx\n")})
	fmt.Println(err)
	// Output:
	// lexicon: fr.tsv:2: unknown category "ideologie"
}

// FrenchNegation tells the words that make "ne" a negation from the "que"
// of the restrictive "ne … que" (only), token by token.
func ExampleFrenchNegation() {
	doc := tokenize.Tokenize("Ils ne sont pas des rats, ils ne sont que des hommes.")
	for i := range doc.Tokens {
		if w := doc.NormBytes(i); lexicon.FrenchNegation(w) {
			fmt.Printf("%s: negation\n", doc.Surface(i))
		}
	}
	// Output:
	// pas: negation
}
