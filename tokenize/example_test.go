package tokenize_test

import (
	"fmt"
	"strings"

	"github.com/vigie-project/vigie/tokenize"
)

func Example() {
	text := "Rejoignez l'État islamique ! j.i.h.a.d h1jra #RejoignezLeCalifat"
	doc := tokenize.Tokenize(text)
	fmt.Println(doc.Lang)
	for i, t := range doc.Tokens {
		fmt.Println(strings.TrimSpace(fmt.Sprintf("%-22q %-8s %-20q %s", text[t.Start:t.End], t.Kind, doc.Norm(i), t.Flags)))
	}
	// Output:
	// fr
	// "Rejoignez"            word     "rejoignez"          sentence-start
	// "l'"                   word     "l'"                 elided
	// "État"                 word     "etat"               accented
	// "islamique"            word     "islamique"
	// "!"                    punct    "!"
	// "j.i.h.a.d"            word     "jihad"              sentence-start|spaced
	// "h1jra"                word     "hijra"              leet
	// "#RejoignezLeCalifat"  hashtag  "rejoignezlecalifat"
	// "Rejoignez"            word     "rejoignez"          in-hashtag
	// "Le"                   word     "le"                 in-hashtag
	// "Califat"              word     "califat"            in-hashtag
}
