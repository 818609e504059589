package lexicon

import (
	"errors"
	"sort"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vigie-project/vigie/tokenize"
)

const testLexicon = `# a small lexicon for tests
term	concept	category	weight	note
califat	caliphate	ideology	1	test
état islamique	islamic-state	ideology	1.5	test
rejoignez ... califat	join-caliphate	recruitment	3	test
égorg*	behead	violence	1	test
kuffar	kuffar	ideology	1	test
isis	isis	topic	0.2	test
1488	1488	ideology	2	test
justpaste.it	justpaste	propaganda	1	test
jihad	jihad	ideology	0.5	test
il faut	obligation	call	1	test
horde de	collective	infest	1	test
`

func mustLexicon(t testing.TB, files ...string) *Lexicon {
	t.Helper()
	var src []Source
	for i, f := range files {
		src = append(src, Source{Name: []string{"a.tsv", "b.tsv", "c.tsv"}[i], R: strings.NewReader(f)})
	}
	l, err := New(src...)
	require.NoError(t, err)
	return l
}

// matched returns "term=surface" for each match of text.
func matched(l *Lexicon, text string) []string {
	doc := tokenize.Tokenize(text)
	var out []string
	for _, m := range l.Match(doc, nil) {
		out = append(out, l.Entry(int(m.Entry)).Term+"="+text[m.Start:m.End])
	}
	sort.Strings(out)
	return out
}

func TestMatch(t *testing.T) {
	l := mustLexicon(t, testLexicon)
	tests := []struct {
		name, text string
		want       []string
	}{
		{"word", "Le califat", []string{"califat=califat"}},
		{"accents and capitals", "ETAT ISLAMIQUE et État islamique", []string{"état islamique=ETAT ISLAMIQUE", "état islamique=État islamique"}},
		{"phrase with gap", "Rejoignez vite le califat", []string{"califat=califat", "rejoignez ... califat=Rejoignez vite le califat"}},
		{"gap too long", "Rejoignez un deux trois quatre califat", []string{"califat=califat"}},
		{"gap stops at punctuation", "Rejoignez. Le califat", []string{"califat=califat"}},
		{"prefix", "ils vont égorger, égorgés", []string{"égorg*=égorger", "égorg*=égorgés"}},
		{"prefix needs its start", "dégorger", nil},
		{"whole tokens only", "crisis Kuffarland", nil},
		{"masked", "les k*ffar", []string{"kuffar=k*ffar"}},
		{"masked first letter is not enough", "*uffar", nil},
		{"leet", "d3 k0ffar kuff4r", []string{"kuffar=kuff4r"}},
		{"elongated", "jihaaaaad", []string{"jihad=jihaaaaad"}},
		{"spaced", "j i h a d", []string{"jihad=j i h a d"}},
		{"homoglyph", "саlifat", []string{"califat=саlifat"}},
		{"hashtag words", "#RejoignezLeCalifat", []string{"califat=Califat", "rejoignez ... califat=RejoignezLeCalifat"}},
		{"number alone", "1488 forever", []string{"1488=1488"}},
		{"number in a price", "1488 € ou 1488$ ou $1488", nil},
		{"number in a longer number", "01 48 81 488 14880 1.488", nil},
		{"url host", "voir https://justpaste.it/abc", []string{"justpaste.it=https://justpaste.it/abc"}},
		{"component", "il faut", []string{"il faut=il faut"}},
		{"elided de", "une horde d'Arabes", []string{"horde de=horde d'"}},
		{"elided de, typographic apostrophe", "une horde d’Arabes", []string{"horde de=horde d’"}},
		{"only an elided form of the word", "une horde l'an dernier", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, matched(l, tt.text))
		})
	}
}

func TestMatchDoesNotAllocate(t *testing.T) {
	l := mustLexicon(t, testLexicon)
	doc := tokenize.Tokenize("Rejoignez le califat, il faut égorger les k*ffar, jihaaad 1488 https://justpaste.it/x")
	dst := make([]Match, 0, 32)
	allocs := testing.AllocsPerRun(100, func() { dst = l.Match(doc, dst[:0]) })
	assert.Zero(t, allocs)
}

func TestParseErrors(t *testing.T) {
	const header = "term\tconcept\tcategory\tweight\tnote\n"
	tests := []struct {
		name, file string
		line       int
		err        error
	}{
		{"no header", "califat\tcaliphate\tideology\t1\tx\n", 1, ErrHeader},
		{"empty file", "# only a comment\n", 0, ErrHeader},
		{"columns", header + "califat\tcaliphate\tideology\t1\n", 2, ErrColumns},
		{"category", header + "# c\n\ncalifat\tcaliphate\tideologie\t1\tx\n", 4, ErrCategory},
		{"weight not a number", header + "califat\tcaliphate\tideology\tx\tx\n", 2, ErrWeight},
		{"weight zero", header + "califat\tcaliphate\tideology\t0\tx\n", 2, ErrWeight},
		{"weight too big", header + "califat\tcaliphate\tideology\t50\tx\n", 2, ErrWeight},
		{"weight NaN", header + "califat\tcaliphate\tideology\tNaN\tx\n", 2, ErrWeight},
		{"context weight above 1", header + "selon\tattribution\treporting\t2\tx\n", 2, ErrWeight},
		{"empty note", header + "califat\tcaliphate\tideology\t1\t \n", 2, ErrNote},
		{"bad concept", header + "califat\tCaliphate!\tideology\t1\tx\n", 2, ErrConcept},
		{"term without letters", header + "!!!\tx\tideology\t1\tx\n", 2, ErrTerm},
		{"short stem", header + "ab*\tx\tideology\t1\tx\n", 2, ErrTerm},
		{"inner star", header + "k*ffar\tx\tideology\t1\tx\n", 2, ErrTerm},
		{"leading gap", header + "... califat\tx\tideology\t1\tx\n", 2, ErrTerm},
		{"duplicate", header + "califat\tx\tideology\t1\tx\nCALIFAT\ty\tideology\t2\tx\n", 3, ErrDuplicate},
		{"invalid utf-8", header + "cal\xffifat\tx\tideology\t1\tx\n", 2, ErrEncoding},
		{"line too long", header + strings.Repeat("a", MaxLineBytes+10) + "\n", 2, ErrTooLarge},
		{"rule with a signal in its pattern", "name\tpattern\tcategory\tweight\twindow\tnote\nr\tintent threat\tthreat\t1\t3\tx\n", 2, ErrRule},
		{"rule window", "name\tpattern\tcategory\tweight\twindow\tnote\nr\tintent violence\tthreat\t1\t99\tx\n", 2, ErrRule},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := New(Source{Name: "fr.tsv", R: strings.NewReader(tt.file)})
			require.Error(t, err)
			assert.ErrorIs(t, err, tt.err)
			var pe *ParseError
			require.True(t, errors.As(err, &pe))
			assert.Equal(t, "fr.tsv", pe.File)
			assert.Equal(t, tt.line, pe.Line, err.Error())
			assert.True(t, strings.HasPrefix(err.Error(), "lexicon: fr.tsv"), err.Error())
		})
	}
}

func TestDuplicateAcrossFiles(t *testing.T) {
	_, err := New(Source{Name: "a.tsv", R: strings.NewReader(testLexicon)}, Source{Name: "b.tsv", R: strings.NewReader(testLexicon)})
	require.ErrorIs(t, err, ErrDuplicate)
	assert.Contains(t, err.Error(), "b.tsv:3")
	assert.Contains(t, err.Error(), "a.tsv:3")
}

func TestLoadFS(t *testing.T) {
	fsys := fstest.MapFS{
		"x.tsv":     {Data: []byte(testLexicon)},
		"rules.tsv": {Data: []byte("name\tpattern\tcategory\tweight\twindow\tnote\nt\tintent violence\tthreat\t3\t4\tx\n")},
		"notes.txt": {Data: []byte("ignored")},
	}
	l, err := Load(fsys)
	require.NoError(t, err)
	assert.Equal(t, 11, l.Len())
	require.Equal(t, 1, l.NumRules())
	assert.Equal(t, []Category{Intent, Violence}, l.Rule(0).Pattern)
	assert.Equal(t, "rules.tsv:2 t", l.Rule(0).Ref)
	assert.Equal(t, []string{"x.tsv", "rules.tsv"}, l.Files())
}

func TestDefault(t *testing.T) {
	l, err := Default()
	require.NoError(t, err)
	assert.Greater(t, l.Len(), 500)
	assert.GreaterOrEqual(t, l.NumRules(), 5)
	// every entry has a note, and every signal and context category is used
	used := map[Category]bool{}
	for i := 0; i < l.Len(); i++ {
		e := l.Entry(i)
		assert.NotEmpty(t, e.Note, e.Ref)
		used[e.Category] = true
	}
	for _, c := range Categories() {
		assert.True(t, used[c], "no default entry of category %s", c)
	}
}

func TestCategoryText(t *testing.T) {
	for _, c := range Categories() {
		b, err := c.MarshalText()
		require.NoError(t, err)
		var back Category
		require.NoError(t, back.UnmarshalText(b))
		assert.Equal(t, c, back)
		assert.NotZero(t, c.Class())
	}
	var c Category
	assert.Error(t, c.UnmarshalText([]byte("nope")))
}
