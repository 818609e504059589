package main

import (
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/plot/vg"

	"github.com/vigie-project/vigie/classify"
	"github.com/vigie-project/vigie/lexicon"
)

func TestDropContext(t *testing.T) {
	file := "# comment\n" +
		"term\tconcept\tcategory\tweight\tnote\n" +
		"califat\tcaliphate\tideology\t1.2\tA signal.\n" +
		"selon\taccording-to\treporting\t0.5\tContext.\n" +
		"\n" +
		"pas\tnot\tnegation\t0.8\tContext.\n"
	out, n := dropContext([]byte(file))
	assert.Equal(t, 2, n)
	assert.Equal(t, "# comment\n"+
		"term\tconcept\tcategory\tweight\tnote\n"+
		"califat\tcaliphate\tideology\t1.2\tA signal.\n"+
		"#\n"+
		"\n"+
		"#\n", string(out), "lines keep their numbers")

	rules := "name\tpattern\tcategory\tweight\twindow\tnote\nr\tintent violence\tthreat\t3\t4\tA rule.\n"
	out, n = dropContext([]byte(rules))
	assert.Equal(t, 0, n)
	assert.Equal(t, rules, string(out))
}

// TestLexiconOnly checks that the baseline keeps the signals and loses the
// context: a negated threat is lowered by Vigie, not by the baseline.
func TestLexiconOnly(t *testing.T) {
	lex, removed, err := lexiconOnly()
	require.NoError(t, err)
	assert.Greater(t, removed, 100)
	for i := range lex.Lexicon().Len() {
		assert.NotEqual(t, lexicon.Context, lex.Lexicon().Entry(i).Category.Class())
	}
	vigie, err := classify.New()
	require.NoError(t, err)

	signal := "Refugees are rats."
	assert.Equal(t, vigie.Classify(signal).Level, lex.Classify(signal).Level)

	negated := "Refugees are not rats."
	assert.Greater(t, lex.Classify(negated).Score, vigie.Classify(negated).Score)
	assert.Empty(t, lex.Classify(negated).Context)
}

func TestFastTextLine(t *testing.T) {
	assert.Equal(t, "join the « khilafah » , brothers ! ! 🔥", fastTextLine("Join the «Khilafah», BROTHERS!!🔥"))
	assert.Equal(t, "two lines", fastTextLine("two\r\nlines\x00"))
	assert.NotContains(t, fastTextLine("__label__pos text"), "__label__", "a text cannot name a label")
	assert.Equal(t, "", fastTextLine(" \n\t"))
}

func TestFastTextLabel(t *testing.T) {
	for label, want := range map[string]string{
		"jihadist": "__label__pos", "hate": "__label__pos",
		"religious": "__label__neg", "normal": "__label__neg", "offensive": "__label__neg",
		"milieu": "", "unknown": "",
	} {
		assert.Equal(t, want, fastTextLabel(label), label)
	}
}

func TestParsePredictions(t *testing.T) {
	out := "__label__pos 0.9\n__label__neg 1.00001 __label__pos 1e-05\n\n__label__neg 0.25 __label__pos 0.75\n"
	p, err := parsePredictions([]byte(out), 4)
	require.NoError(t, err)
	assert.InDeltaSlice(t, []float64{0.9, 0, 0.5, 0.75}, p, 1e-12)

	_, err = parsePredictions([]byte(out), 5)
	assert.ErrorContains(t, err, "4 predictions for 5 texts")
	_, err = parsePredictions([]byte("__label__pos x\n"), 1)
	assert.ErrorContains(t, err, "line 1")
	_, err = parsePredictions([]byte("__label__maybe 0.5\n"), 1)
	assert.ErrorContains(t, err, "unknown label")
}

func TestShellJoin(t *testing.T) {
	assert.Equal(t, "-split test -o docs/EVAL.md", shellJoin([]string{"-split", "test", "-o", "docs/EVAL.md"}))
	assert.Equal(t, "-fasttext '' 'a b' 'it'\\''s'", shellJoin([]string{"-fasttext", "", "a b", "it's"}))
}

func TestSpellLinks(t *testing.T) {
	rows := []map[string]string{
		{"mhc_case_id": "french-1", "functionality": "derog_neg_emote_h", "test_case": "Je déteste les femmes.", "target_ident": "women", "templ_id": "1"},
		{"mhc_case_id": "french-2", "functionality": "derog_neg_emote_h", "test_case": "Je déteste les trans.", "target_ident": "trans people", "templ_id": "1"},
		{"mhc_case_id": "french-3", "functionality": "slur_h", "test_case": "Quel salaud.", "target_ident": "women", "templ_id": "7"},
		{"mhc_case_id": "french-4", "functionality": "slur_h", "test_case": "Quelle pute.", "target_ident": "women", "templ_id": "7"},
		// Linked by case.
		{"mhc_case_id": "french-10", "functionality": "spell_leet_h", "test_case": "Je détes7e les femmes.", "target_ident": "women", "ref_case_id": "1.0", "ref_templ_id": "1.0"},
		// Linked by template and target, nearest spelling.
		{"mhc_case_id": "french-11", "functionality": "spell_leet_h", "test_case": "Quelle pu7e.", "target_ident": "women", "ref_templ_id": "7.0"},
		// Nothing to link to.
		{"mhc_case_id": "french-12", "functionality": "spell_leet_h", "test_case": "Qu3l...", "target_ident": "women"},
	}
	links := spellLinks{}
	require.NoError(t, addLinks(links, rows, "mhc_case_id", ""))
	assert.Equal(t, spellLinks{"french-10": {"french-1"}, "french-11": {"french-4"}}, links)

	en := []map[string]string{
		{"case_id": "1", "functionality": "derog_neg_emote_h", "test_case": "I hate women.", "templ_id": "1"},
		{"case_id": "2", "functionality": "spell_space_add_h", "test_case": "I h a t e women.", "ref_case_id": "1", "templ_id": "9"},
	}
	links = spellLinks{}
	require.NoError(t, addLinks(links, en, "case_id", "hc-en-"))
	assert.Equal(t, spellLinks{"hc-en-2": {"hc-en-1"}}, links)

	assert.Equal(t, "ihatewomen", spellingKey("I h4te w0men!"))
	assert.Equal(t, 2, editDistance([]rune("haet"), []rune("hate")))
	assert.Equal(t, 3, editDistance([]rune(""), []rune("abc")))
}

func TestReadSpellLinksAbsent(t *testing.T) {
	links, err := readSpellLinks(t.TempDir())
	require.NoError(t, err)
	assert.Empty(t, links)
}

func TestPlot(t *testing.T) {
	p := plot{title: "ROC: a test, all languages", xLabel: "false-positive rate", yLabel: "true-positive rate", diagonal: true,
		series: []series{
			{name: "A (AUC 0.750)", pts: []point{{0, 0}, {0, 0.5}, {0.5, 1}, {1, 1}}, color: blue},
			{name: "B (ECE 0.125)", pts: []point{{0.1, 0.2}, {0.9, 0.8}}, color: orange, markers: true},
		}}
	dir := t.TempDir()
	path := filepath.Join(dir, "p.png")
	require.NoError(t, p.save(path))
	f, err := os.Open(path)
	require.NoError(t, err)
	defer f.Close()
	img, err := png.Decode(f)
	require.NoError(t, err)
	b := img.Bounds()
	assert.Equal(t, plotW, b.Dx())
	assert.InDelta(t, float64(p.height()*plotDPI/vg.Inch), float64(b.Dy()), 1)

	// Both series are drawn, in their colours, and the corner is background.
	counts := map[color.RGBA]int{}
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bl, _ := img.At(x, y).RGBA()
			counts[color.RGBA{uint8(r >> 8), uint8(g >> 8), uint8(bl >> 8), 255}]++
		}
	}
	assert.Greater(t, counts[blue], 200, "the first series")
	assert.Greater(t, counts[orange], 200, "the second series, and its markers")
	r, g, bl, _ := img.At(b.Max.X-1, 0).RGBA()
	assert.Equal(t, [3]uint32{255, 255, 255}, [3]uint32{r >> 8, g >> 8, bl >> 8})

	// The SVG has the texts as text, lower case included: real fonts.
	svg, err := os.ReadFile(filepath.Join(dir, "p.svg"))
	require.NoError(t, err)
	for _, s := range []string{"<svg", "ROC: a test, all languages", "false-positive rate", "true-positive rate", "A (AUC 0.750)", "B (ECE 0.125)", "0.4", "Liberation"} {
		assert.Contains(t, string(svg), s)
	}

	require.Error(t, p.save(filepath.Join(dir, "p.svg")), "the name must end in .png")
}

func TestStraighten(t *testing.T) {
	tests := []struct{ in, want []point }{
		{nil, nil},
		{[]point{{0, 0}, {1, 1}}, []point{{0, 0}, {1, 1}}},
		{[]point{{0, 0}, {0, 0.2}, {0, 0.4}, {0.5, 0.4}, {1, 0.4}, {1, 1}}, []point{{0, 0}, {0, 0.4}, {1, 0.4}, {1, 1}}},
		{[]point{{0, 0}, {0.25, 0.25}, {0.5, 0.5}, {0.5, 1}}, []point{{0, 0}, {0.5, 0.5}, {0.5, 1}}},
		{[]point{{0, 0}, {0.1, 0.5}, {1, 1}}, []point{{0, 0}, {0.1, 0.5}, {1, 1}}},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, straighten(tt.in), "%v", tt.in)
	}
}
