package lexicon

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vigie-project/vigie/tokenize"
)

func TestOneEdit(t *testing.T) {
	tests := []struct {
		key, want string
		ok        bool
	}{
		{"kllers", "killers", true},      // an inner letter dropped
		{"killlers", "killers", true},    // an inner letter added
		{"coons", "cons", false},         // a letter added to a short word
		{"kiullers", "killers", true},    // another inner letter added
		{"kilelrs", "killers", true},     // two inner letters swapped
		{"killers", "killers", false},    // the word itself is not an edit
		{"illers", "killers", false},     // the first letter dropped
		{"killer", "killers", false},     // the last letter dropped: another form
		{"killersx", "killers", false},   // a letter added at the end
		{"kilkers", "killers", false},    // a letter changed
		{"iklers", "killers", false},     // the first letter swapped
		{"killesr", "killers", true},     // the last two letters swapped
		{"muslism", "muslims", true},     // the last two letters swapped
		{"killrse", "killers", false},    // the last letter moved two places
		{"klilers", "killers", true},     // swapped, with a double letter
		{"kll", "kill", true},            // four-letter words too
		{"k", "kill", false},             // far too short
		{"", "kill", false},              // empty
		{"mulsmis", "muslims", false},    // two edits
		{"muslmis", "muslims", true},     // swapped
		{"mslims", "muslims", true},      // dropped
		{"wmoen", "women", true},         // swapped
		{"laughter", "slaughter", false}, // the first letter
	}
	for _, tt := range tests {
		assert.Equal(t, tt.ok, oneEdit([]byte(tt.key), tt.want), "%s ~ %s", tt.key, tt.want)
		if tt.ok {
			found := false
			for _, v := range misspellings(tt.want) {
				found = found || v == tt.key
			}
			if len(tt.key) <= len(tt.want) {
				assert.True(t, found, "%s is not among the misspellings of %s", tt.key, tt.want)
			}
		}
	}
	for _, v := range misspellings("slaughter") {
		assert.True(t, oneEdit([]byte(v), "slaughter"), v)
	}
}

// TestMisspelt checks which misspellings of a term are read, and that
// everyday words and names never are.
func TestMisspelt(t *testing.T) {
	l := fuzzyLexicon(t, "term\tconcept\tcategory\tweight\tnote\n"+
		"slaughter\tslaughter\tviolence\t1\tA violent verb.\n"+
		"kuffar\tkuffar\tideology\t1\tA slur.\n"+
		"join the caliphate\tjoin\trecruitment\t3\tA call.\n")
	tests := []struct {
		text, want string // want: the matched surface texts, with their flags
	}{
		{"we will slaugther them", "slaugther/misspelt"},
		{"we will slauhgter them", "slauhgter/misspelt"},
		{"we will slaughtter them", "slaughtter/misspelt"},
		{"we will slaughter them", "slaughter/"},
		{"what laughter", ""},               // an everyday word
		{"the kuffr are", "kuffr/misspelt"}, // dropped
		{"Hello Kuffr Smith", ""},           // a name: a capital inside a sentence
		{"KUFFR", "KUFFR/misspelt"},         // capitals are not a name
		{"join the calpihate", "join the calpihate/misspelt"},
		{"jion the caliphate", "jion the caliphate/misspelt"},
	}
	var d tokenize.Document
	for _, tt := range tests {
		d.Reset(tt.text)
		l.Unglue(&d)
		var got []string
		for _, m := range l.Match(&d, nil) {
			got = append(got, tt.text[m.Start:m.End]+"/"+(m.Flags&tokenize.Obfuscated).String())
		}
		assert.Equal(t, tt.want, strings.Join(got, " "), tt.text)
	}
	d.Literal = true
	d.Reset("we will slaugther them")
	assert.Empty(t, l.Match(&d, nil), "a literal document reads no misspelling")
}

func TestUnglue(t *testing.T) {
	l := fuzzyLexicon(t, "term\tconcept\tcategory\tweight\tnote\n"+
		"kill\tkill\tviolence\t1\tA violent verb.\n"+
		"kuffar\tkuffar\tideology\t1\tA slur.\n"+
		"muslims\tmuslims\tgroup\t1\tA group.\n"+
		"virus\tvirus\tvermin\t1\tA disease.\n")
	tests := []struct{ text, want string }{
		{"killallthekuffar now", "kill all the kuffar now"},
		{"killmuslims", "kill muslims"}, // two lexicon words
		{"killthem", "kill them"},       // a lexicon word and a function word
		{"the coronavirus spreads", ""}, // a compound with one lexicon word: left alone
		{"kill the kuffar", ""},         // nothing glued
		{"a killallthekuffar", "a kill all the kuffar"},
		{"killing", ""}, // an everyday word
		{"Killallthekuffar", "Kill all the kuffar"},
		{"killthemall", "kill them all"},                  // not "killthe mall", though the filter takes "killthe" for a word
		{"they shouldbe killed", "they should be killed"}, // only function words, "be" in both glue lists counted once
		{"isa", ""}, // only function words, none of three letters or more
	}
	var d tokenize.Document
	for _, tt := range tests {
		d.Reset(tt.text)
		n := len(d.Tokens)
		l.Unglue(&d)
		if tt.want == "" {
			assert.Equal(t, n, len(d.Tokens), "%q must not be cut", tt.text)
			continue
		}
		var got []string
		for i := range d.Tokens {
			got = append(got, d.Surface(i))
		}
		assert.Equal(t, tt.want, strings.Join(got, " "), tt.text)
	}
}

func fuzzyLexicon(t *testing.T, tsv string) *Lexicon {
	t.Helper()
	l, err := New(Source{Name: "test.tsv", R: strings.NewReader(tsv)})
	require.NoError(t, err)
	return l
}

func TestStemEdit(t *testing.T) {
	tests := []struct {
		key, stem string
		ok        bool
	}{
		{"egogrer", "egorg", true},  // swapped
		{"egrger", "egorg", true},   // dropped
		{"fusiles", "fusill", true}, // dropped
		{"egorger", "egorg", false}, // the stem itself: an exact match, not a misspelling
		{"gorger", "egorg", false},  // the first letter
		{"egorg", "egorg", false},   // nothing after the stem
		{"exterminer", "egorg", false},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.ok, stemEdit([]byte(tt.key), tt.stem), "%s ~ %s*", tt.key, tt.stem)
	}
	l := fuzzyLexicon(t, "term\tconcept\tcategory\tweight\tnote\n"+
		"égorg*\tslaughter\tviolence\t1\tA violent verb.\n")
	var d tokenize.Document
	d.Reset("je vais t'égogrer")
	var got []string
	for _, m := range l.Match(&d, nil) {
		got = append(got, d.Text[m.Start:m.End]+"/"+(m.Flags&tokenize.Obfuscated).String())
	}
	assert.Equal(t, []string{"égogrer/misspelt"}, got)
}
