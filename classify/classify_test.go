package classify

import (
	"bufio"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vigie-project/vigie/lexicon"
	"github.com/vigie-project/vigie/model"
)

// testCase is one line of testdata/cases/*.jsonl: a text we wrote, and the
// range of levels it may get.
type testCase struct {
	ID    string `json:"id"`
	Group string `json:"group"`
	Text  string `json:"text"`
	Min   Level  `json:"min"`
	Max   Level  `json:"max"`
	Note  string `json:"note"`
}

func readCases(t testing.TB) []testCase {
	files, err := filepath.Glob("../testdata/cases/*.jsonl")
	require.NoError(t, err)
	require.NotEmpty(t, files)
	var out []testCase
	for _, f := range files {
		out = append(out, readCasesFile(t, f)...)
	}
	return out
}

// readCasesFile reads the cases of one file of testdata/cases.
func readCasesFile(t testing.TB, file string) []testCase {
	fh, err := os.Open(file)
	require.NoError(t, err)
	defer fh.Close()
	var out []testCase
	sc := bufio.NewScanner(fh)
	sc.Buffer(nil, 1<<20)
	line := 0
	for sc.Scan() {
		line++
		var c testCase
		require.NoError(t, json.Unmarshal(sc.Bytes(), &c), "%s:%d", file, line)
		out = append(out, c)
	}
	require.NoError(t, sc.Err(), file)
	return out
}

var (
	defaultOnce sync.Once
	defaultC    *Classifier
	defaultErr  error
)

func defaultClassifier(t testing.TB) *Classifier {
	defaultOnce.Do(func() { defaultC, defaultErr = New() })
	require.NoError(t, defaultErr)
	return defaultC
}

// readKnownMisses reads testdata/cases/known_misses.txt: id TAB reason.
func readKnownMisses(t testing.TB) map[string]string {
	b, err := os.ReadFile("../testdata/cases/known_misses.txt")
	require.NoError(t, err)
	out := map[string]string{}
	for _, line := range strings.Split(string(b), "\n") {
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		id, reason, ok := strings.Cut(line, "\t")
		require.True(t, ok, "known_misses.txt: %q has no tab", line)
		out[id] = reason
	}
	return out
}

// TestCases runs the functional cases: each text must get a level within its
// [min, max], except the known misses listed with their reason, which must
// still miss. Failures name the case and show the explanation.
func TestCases(t *testing.T) {
	c := defaultClassifier(t)
	cases := readCases(t)
	known := readKnownMisses(t)
	ids := map[string]bool{}
	for _, tc := range cases {
		require.False(t, ids[tc.ID], "duplicate case id %s", tc.ID)
		ids[tc.ID] = true
		if _, ok := known[tc.ID]; ok {
			require.GreaterOrEqual(t, tc.Min, Medium, "%s: only positives may be known misses", tc.ID)
		}
	}
	for id := range known {
		require.True(t, ids[id], "known miss %s is not a case", id)
	}
	type tally struct{ pass, total int }
	groups := map[string]*tally{}
	for _, tc := range cases {
		t.Run(tc.ID, func(t *testing.T) {
			r := c.Classify(tc.Text)
			g := groups[tc.Group]
			if g == nil {
				g = &tally{}
				groups[tc.Group] = g
			}
			g.total++
			ok := r.Level >= tc.Min && r.Level <= tc.Max
			if ok {
				g.pass++
			}
			if reason, isKnown := known[tc.ID]; isKnown {
				if ok {
					t.Errorf("%s now passes (level %s): remove it from known_misses.txt (%s)", tc.ID, r.Level, reason)
				}
				return
			}
			if ok {
				return
			}
			b, _ := json.MarshalIndent(r, "", "  ")
			t.Errorf("%s: level %s, want %s..%s (%s)\ntext: %s\n%s", tc.ID, r.Level, tc.Min, tc.Max, tc.Note, tc.Text, b)
		})
	}
	var names []string
	for g := range groups {
		names = append(names, g)
	}
	sort.Strings(names)
	for _, g := range names {
		t.Logf("%-15s %3d/%3d", g, groups[g].pass, groups[g].total)
	}
}

// TestAccounting checks that every result's numbers add up: weights are the
// bases less the context effects, and the score follows from the weights.
func TestAccounting(t *testing.T) {
	c := defaultClassifier(t)
	w := c.Weights()
	for _, tc := range readCases(t) {
		r := c.Classify(tc.Text)
		var base, weight, effect float64
		for _, s := range r.Signals {
			assert.Equal(t, tc.Text[s.Start:s.End], s.Text, tc.ID)
			assert.NotEmpty(t, s.Source, tc.ID)
			assert.LessOrEqual(t, s.Weight, s.Base+1e-9, tc.ID)
			if !s.Repeat {
				base += s.Base
				weight += s.Weight
			} else {
				assert.Zero(t, s.Weight, tc.ID)
			}
		}
		for _, x := range r.Context {
			assert.Equal(t, tc.Text[x.Start:x.End], x.Text, tc.ID)
			assert.Less(t, x.Effect, 0.0, tc.ID)
			effect += x.Effect
		}
		assert.InDelta(t, base+effect, weight, 1e-3, "%s: bases %.4f + effects %.4f ≠ weights %.4f", tc.ID, base, effect, weight)
		assert.InDelta(t, weight, r.Weight, 2e-3, tc.ID)
		if m := r.Model; m != nil {
			for _, x := range m.Framing {
				assert.Less(t, x.Effect, 0.0, tc.ID)
			}
			for k := Risk(0); k < NumRisks; k++ {
				h := m.Of(k)
				z := h.Bias + h.Rest + h.Framing
				for _, f := range m.Features {
					z += f.Weights.Of(k)
					if f.Text != "" {
						assert.Equal(t, tc.Text[f.Start:f.End], f.Text, tc.ID)
					}
				}
				assert.InDelta(t, h.TextZ, z, 5e-3, "%s %s: bias + features + rest + framing ≠ text z", tc.ID, k)
				assert.GreaterOrEqual(t, h.Z, h.TextZ-1e-3, "%s %s: z is the larger of the text's and a sentence's", tc.ID, k)
				assert.InDelta(t, c.Model().Calibrate(int(k), h.Z), h.Probability, 2e-4, tc.ID)
				assert.GreaterOrEqual(t, r.Scores.Of(k), h.Probability-1e-4, "%s %s: a risk's score is at least the model's", tc.ID, k)
				assert.Equal(t, tc.Text[h.Start:h.End], tc.Text[h.Start:h.End], tc.ID) // a valid span
			}
			assert.LessOrEqual(t, len(m.Features), MaxFeatures)
		} else {
			assert.InDelta(t, sigmoid(w.Bias+w.Scale*weight), r.Score, 2e-3, tc.ID)
		}
		_, best := r.Scores.Max()
		assert.Equal(t, best, r.Score, "%s: the score is the highest of the three", tc.ID)
		assert.Equal(t, r.Level.Flagged(), r.Score >= round(c.threshold()), "%s: flagged iff the score reaches the threshold", tc.ID)
		assert.NotEmpty(t, r.Rationale, tc.ID)
		if r.Level == None {
			assert.Empty(t, r.Signals, tc.ID)
		}
		if r.Level == High {
			assert.GreaterOrEqual(t, r.Weight, w.HighThreshold-1e-3, "%s: High needs the lexicon's evidence", tc.ID)
		}
	}
}

// sequentialJSON returns the JSON of each case's result, classified one
// after the other.
func sequentialJSON(t *testing.T, c *Classifier, cases []testCase) []string {
	out := make([]string, len(cases))
	for i, tc := range cases {
		b, err := json.Marshal(c.Classify(tc.Text))
		require.NoError(t, err)
		out[i] = string(b)
	}
	return out
}

// TestDeterminism classifies the same texts a hundred times.
func TestDeterminism(t *testing.T) {
	c := defaultClassifier(t)
	cases := readCases(t)
	first := sequentialJSON(t, c, cases)
	for n := 0; n < 100; n++ {
		i := n * 7 % len(cases)
		b, _ := json.Marshal(c.Classify(cases[i].Text))
		require.Equal(t, first[i], string(b), cases[i].ID)
	}
}

// TestConcurrent classifies the cases from many goroutines and expects the
// sequential results (run it with -race).
func TestConcurrent(t *testing.T) {
	c := defaultClassifier(t)
	cases := readCases(t)
	want := sequentialJSON(t, c, cases)
	var wg sync.WaitGroup
	errs := make(chan string, 8)
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			var r Result
			for k := range cases {
				i := (k + g*31) % len(cases)
				c.ClassifyInto(cases[i].Text, &r)
				b, _ := json.Marshal(r)
				if string(b) != want[i] {
					errs <- fmt.Sprintf("goroutine %d, %s: got %s want %s", g, cases[i].ID, b, want[i])
					return
				}
			}
		}(g)
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
}

func TestClassifyIntoReusesStorage(t *testing.T) {
	c := defaultClassifier(t)
	var r Result
	c.ClassifyInto("Rejoignez le califat, faites la hijra !", &r)
	require.NotEmpty(t, r.Signals)
	c.ClassifyInto("Bonne journée à tous.", &r)
	assert.Empty(t, r.Signals)
	assert.Equal(t, None, r.Level)
}

func TestHostileInput(t *testing.T) {
	c := defaultClassifier(t)
	for _, in := range []string{"", "\x00", "\xff\xfe", strings.Repeat("k*ffar ", 2000), strings.Repeat("?", 10000),
		strings.Repeat("« ", 500), strings.Repeat("il faut tuer ", 300), "\u200b\u200b\u200b"} {
		r := c.Classify(in)
		for _, s := range r.Signals {
			require.True(t, s.Start >= 0 && s.End <= len(in) && s.Start < s.End)
		}
		require.False(t, math.IsNaN(r.Score))
	}
}

func FuzzClassify(f *testing.F) {
	for _, s := range []string{"Rejoignez le califat", "je vais les égorger", "« il faut les tuer », a déclaré le procureur",
		"k*ffar h1jra d.a.w.l.a", "\xff\x00?\"«"} {
		f.Add(s)
	}
	c, err := New()
	if err != nil {
		f.Skip(err)
	}
	f.Fuzz(func(t *testing.T, s string) {
		r := c.Classify(s)
		for _, sig := range r.Signals {
			if sig.Start < 0 || sig.End > len(s) || sig.Start >= sig.End || s[sig.Start:sig.End] != sig.Text {
				t.Fatalf("bad span %+v in %q", sig, s)
			}
		}
		if r.Score < 0 || r.Score > 1 || math.IsNaN(r.Score) {
			t.Fatalf("score %v", r.Score)
		}
		checkAppendJSON(t, &r)
	})
}

func TestWithLexicon(t *testing.T) {
	l, err := lexicon.New(lexicon.Source{Name: "mine.tsv", R: strings.NewReader(
		"term\tconcept\tcategory\tweight\tnote\nbanane\tbanana\trecruitment\t3\ttest\nselon\tattribution\treporting\t0.5\ttest\n")})
	require.NoError(t, err)
	_, err = New(WithLexicon(l))
	assert.ErrorIs(t, err, ErrModelMismatch, "the default model was trained with another lexicon")
	c, err := New(WithLexicon(l), AllowModelMismatch())
	require.NoError(t, err)
	r := c.Classify("Mangez une banane.")
	assert.Equal(t, High, r.Level)
	require.Len(t, r.Signals, 1)
	assert.Equal(t, "mine.tsv:2", r.Signals[0].Source)
	assert.Equal(t, l.Entry(0).ID, r.Signals[0].ID)
	assert.Regexp(t, `^mine-[0-9a-f]{8}$`, r.Signals[0].ID)
	r = c.Classify("Selon lui, mangez une banane.")
	assert.Equal(t, Medium, r.Level)
	require.Len(t, r.Context, 1)
	assert.InDelta(t, -1.5, r.Context[0].Effect, 1e-9)
}

func TestBadWeights(t *testing.T) {
	tests := []struct {
		field string
		set   func(w *Weights)
	}{
		{"Scale", func(w *Weights) { w.Scale = 0 }},
		{"NegationWindow", func(w *Weights) { w.NegationWindow = 11 }},
		{"HighThreshold", func(w *Weights) { w.HighThreshold = math.NaN() }},
		{"MediumThreshold", func(w *Weights) { w.MediumThreshold = -1 }},
		{"Bias", func(w *Weights) { w.Bias = math.Inf(1) }},
		{"QuestionShare", func(w *Weights) { w.QuestionShare = 2 }},
		{"QuoteShare", func(w *Weights) { w.QuoteShare = -0.5 }},
		{"Imperative", func(w *Weights) { w.Imperative = 99 }},
		{"FlagAt", func(w *Weights) { w.FlagAt = 1 }},
		{"FlagAt", func(w *Weights) { w.FlagAt = math.NaN() }},
	}
	for _, tt := range tests {
		w := DefaultWeights()
		tt.set(&w)
		_, err := New(WithWeights(w))
		assert.ErrorIs(t, err, ErrWeights, tt.field)
		assert.ErrorContains(t, err, tt.field, "the error names the field")
	}
}

func TestLevelText(t *testing.T) {
	for _, l := range []Level{None, Low, Medium, High} {
		b, _ := l.MarshalText()
		var back Level
		require.NoError(t, back.UnmarshalText(b))
		assert.Equal(t, l, back)
	}
	assert.True(t, High.Flagged())
	assert.False(t, Low.Flagged())
}

// newUncached builds a classifier from the embedded files without the
// package-level cache, for the load-time benchmark.
func newUncached() (*Classifier, error) {
	l, err := lexicon.Load(lexicon.DefaultFS())
	if err != nil {
		return nil, err
	}
	return New(WithLexicon(l))
}

// TestWithModel: the default model given explicitly classifies as the
// default classifier does, and a nil model as WithoutModel.
func TestWithModel(t *testing.T) {
	m, err := model.Default()
	require.NoError(t, err)
	explicit, err := New(WithModel(m))
	require.NoError(t, err)
	cases := readCases(t)
	withDefault := sequentialJSON(t, defaultClassifier(t), cases)
	assert.Equal(t, withDefault, sequentialJSON(t, explicit, cases))
	assert.Contains(t, withDefault[0], `"model":{`)

	nilModel, err := New(WithModel(nil))
	require.NoError(t, err)
	without, err := New(WithoutModel())
	require.NoError(t, err)
	got := sequentialJSON(t, nilModel, cases)
	assert.Equal(t, sequentialJSON(t, without, cases), got)
	assert.NotContains(t, got[0], `"model":{`, "WithModel(nil) has no model")
}

// TestFlagAt checks the operating point: a lower Weights.FlagAt flags more
// texts, with the same scores, and the level still follows the score.
func TestFlagAt(t *testing.T) {
	def := defaultClassifier(t)
	w := DefaultWeights()
	w.FlagAt = 0.3
	low, err := New(WithWeights(w))
	require.NoError(t, err)
	more := 0
	for _, tc := range readCases(t) {
		a, b := def.Classify(tc.Text), low.Classify(tc.Text)
		require.Equal(t, a.Scores, b.Scores, tc.ID)
		require.Equal(t, a.Signals, b.Signals, tc.ID)
		require.Equal(t, b.Score >= 0.3, b.Level.Flagged(), "%s: score %.4f, level %s", tc.ID, b.Score, b.Level)
		if a.Level.Flagged() {
			require.True(t, b.Level.Flagged(), "%s: flagged by default, not at a lower FlagAt", tc.ID)
		} else if b.Level.Flagged() {
			more++
		}
	}
	assert.Positive(t, more, "a lower FlagAt flags no more case")
}
