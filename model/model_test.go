package model

import (
	"bufio"
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vigie-project/vigie/lexicon"
	"github.com/vigie-project/vigie/tokenize"
)

// tinyModel is a hand-written model: what the examples and score tests use.
const tinyModel = "vigie-model\t1\n" +
	"meta\thand-written for tests\n" +
	"bias\t-2\n" +
	"calibration\t1\t0\n" +
	"thresholds\t0.5\t0.9\n" +
	"features\t5\n" +
	"b:join us\t1.5\n" +
	"k:caliphate\t2\n" +
	"w:brothers\t0.5\n" +
	"x:negation\t-2.5\n" +
	"c:ideology\t0.25\n"

func mustLex(t testing.TB) *lexicon.Lexicon {
	t.Helper()
	lex, err := lexicon.Default()
	require.NoError(t, err)
	return lex
}

func mustTiny(t testing.TB) *Model {
	t.Helper()
	m, err := Load(strings.NewReader(tinyModel))
	require.NoError(t, err)
	return m
}

// fixture reads testdata/train.jsonl: short texts we wrote for these tests.
func fixture(t testing.TB) []Example {
	t.Helper()
	f, err := os.Open("testdata/train.jsonl")
	require.NoError(t, err)
	defer f.Close()
	var out []Example
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var r struct{ Label, Text string }
		require.NoError(t, json.Unmarshal(sc.Bytes(), &r))
		out = append(out, Example{Text: r.Text, Label: r.Label == "jihadist" || r.Label == "hate"})
	}
	require.NoError(t, sc.Err())
	return out
}

func trainFixture(t testing.TB, seed uint64) *Model {
	t.Helper()
	m, err := Train(fixture(t), Options{Lexicon: mustLex(t), Seed: seed, MinCount: 1, Epochs: 20, Balance: true})
	require.NoError(t, err)
	return m
}

func TestKindOf(t *testing.T) {
	tests := []struct {
		name string
		want Kind
	}{
		{"w:kuffar", Word},
		{"b:join us", Pair},
		{"k:caliphate", Concept},
		{"c:recruitment", Category},
		{"x:negation", Context},
		{"w:", 0},
		{"z:foo", 0},
		{"kuffar", 0},
		{"", 0},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, KindOf(tt.name), tt.name)
	}
	for k := Word; k < numKinds; k++ {
		b, err := k.MarshalText()
		require.NoError(t, err)
		var back Kind
		require.NoError(t, back.UnmarshalText(b))
		assert.Equal(t, k, back)
	}
	_, err := Kind(0).MarshalText()
	assert.Error(t, err)
	assert.Equal(t, "w,b,k,c,x", AllKinds.String())
	assert.Equal(t, "w,k", KindSet(Word, Concept).String())
}

func TestFeatures(t *testing.T) {
	lex := mustLex(t)
	tests := []struct {
		text    string
		want    []string // must be present
		notWant []string // must be absent
	}{
		{"Join us, brothers!", []string{"w:join", "w:us", "b:join us", "w:brothers", "c:recruitment"}, []string{"b:us brothers"}},
		{"Make hijra to the khilafah", []string{"k:caliphate", "c:ideology", "b:make hijra", "w:khilafah"}, nil},
		{"see https://example.com/x @someone 2015 now", []string{"w:see", "w:now"},
			[]string{"w:2015", "w:someone", "w:example.com", "b:see now"}},
		{"Is that true? « no »", []string{"x:question", "x:quotation"}, nil},
		{"اللہ akbar", []string{"w:akbar"}, []string{"w:اللہ"}},
		{"ÉTAT islamique", []string{"w:etat", "b:etat islamique", "k:islamic-state"}, nil},
		{"Stop. Now", []string{"w:stop", "w:now"}, []string{"b:stop now"}},
	}
	for _, tt := range tests {
		doc := tokenize.Tokenize(tt.text)
		got := Features(doc, lex.Match(doc, nil), lex)
		for _, w := range tt.want {
			assert.Contains(t, got, w, tt.text)
		}
		for _, w := range tt.notWant {
			assert.NotContains(t, got, w, tt.text)
		}
		seen := map[string]bool{}
		for _, f := range got {
			assert.False(t, seen[f], "%q listed twice for %q", f, tt.text)
			seen[f] = true
			assert.NoError(t, checkFeature(f, 1), "every feature must be storable")
		}
	}
	// without a lexicon, only words and pairs
	doc := tokenize.Tokenize("Make hijra to the khilafah")
	for _, f := range Features(doc, nil, nil) {
		k := KindOf(f)
		assert.True(t, k == Word || k == Pair, f)
	}
}

func TestScore(t *testing.T) {
	lex := mustLex(t)
	m := mustTiny(t)
	tests := []struct {
		text  string
		z     float64
		feats []string // in text order
		spans []string
	}{
		{"Brothers, join us in the khilafah!", -2 + 0.5 + 1.5 + 2 + 0.25,
			[]string{"w:brothers", "b:join us", "k:caliphate", "c:ideology"}, []string{"Brothers", "join us", "khilafah", "khilafah"}},
		{"nothing to see here", -2, nil, nil},
		// each feature counts once, with its first occurrence
		{"join us, join us, JOIN US", -2 + 1.5, []string{"b:join us"}, []string{"join us"}},
		{"We do not want to join us", -2 + 1.5 - 2.5, []string{"x:negation", "b:join us"}, []string{"not", "join us"}},
	}
	var dst []Contribution
	for _, tt := range tests {
		doc := tokenize.Tokenize(tt.text)
		var z float64
		z, dst = m.Score(doc, lex.Match(doc, nil), lex, dst)
		assert.InDelta(t, tt.z, z, 1e-6, tt.text)
		var feats, spans []string
		sum := m.Bias()
		for _, c := range dst {
			feats = append(feats, c.Feature)
			spans = append(spans, tt.text[c.Start:c.End])
			sum += c.Weight
			assert.Equal(t, KindOf(c.Feature), c.Kind)
		}
		assert.Equal(t, tt.feats, feats, tt.text)
		assert.Equal(t, tt.spans, spans, tt.text)
		assert.InDelta(t, z, sum, 1e-9, "contributions add up to z")
	}
}

// TestTop checks Top against Score: the same z, the positive evidence, and
// the k contributions of largest absolute weight, the first of equals in
// text order, for k below and above the width ranked on the stack.
func TestTop(t *testing.T) {
	lex := mustLex(t)
	m, err := Default()
	require.NoError(t, err)
	var all, top []Contribution
	for _, ex := range fixture(t) {
		doc := tokenize.Tokenize(ex.Text + " " + ex.Text + " and more words, more pairs of words")
		matches := lex.Match(doc, nil)
		var z float64
		z, all = m.Score(doc, matches, lex, all)
		want := slices.Clone(all)
		slices.SortStableFunc(want, func(a, b Contribution) int { return cmp.Compare(math.Abs(b.Weight), math.Abs(a.Weight)) })
		positive := 0.0
		for _, c := range all {
			positive += max(c.Weight, 0)
		}
		for _, k := range []int{0, 1, 3, 10, topWidth, topWidth + 1, 40} {
			var sum Summary
			sum, top = m.Top(doc, matches, lex, k, top)
			assert.InDelta(t, z, sum.Z, 1e-9, ex.Text)
			assert.InDelta(t, positive, sum.Positive, 1e-9, ex.Text)
			assert.Equal(t, len(all), sum.Features, ex.Text)
			assert.Equal(t, want[:min(k, len(want))], append([]Contribution{}, top...), "k=%d: %s", k, ex.Text)
		}
	}
}

// TestStrongest checks the branch-free ranking against a stable sort, on
// weights with many ties, both zeros and both signs.
func TestStrongest(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	weights := []float32{0, float32(math.Copysign(0, -1)), 0.5, -0.5, 1, -1, 2.25, -3, 1e-30, -1e-30, 7}
	for n := 0; n <= 40; n++ {
		for round := 0; round < 20; round++ {
			hits := make([]hit, n)
			for i := range hits {
				hits[i].w = weights[rng.IntN(len(weights))]
			}
			for k := 0; k <= topWidth; k++ {
				want := strongestMany(hits, k, []int32{})
				got := strongest(hits, k, []int32{})
				require.Equal(t, want, got, "n=%d k=%d weights %v", n, k, hits)
			}
		}
	}
}

// TestPairFilter checks that the pair filter keeps every pair feature of the
// default model and turns away most keys that are not in it.
func TestPairFilter(t *testing.T) {
	m, err := Default()
	require.NoError(t, err)
	pairs := 0
	for _, name := range m.names {
		if KindOf(name) == Pair {
			pairs++
			require.True(t, m.tab.pairs.MayHave(Hash(name)), name)
		}
	}
	require.Positive(t, pairs)
	rng := rand.New(rand.NewPCG(3, 4))
	const n = 100000
	passed := 0
	for i := 0; i < n; i++ {
		if m.tab.pairs.MayHave(pairKey(rng.Uint64(), rng.Uint64())) {
			passed++
		}
	}
	t.Logf("%d pair features in %d filter words; false positives %.2f%%", pairs, m.tab.pairs.Words(), 100*float64(passed)/n)
	assert.Less(t, float64(passed)/n, 0.08)
}

func TestScoreAllocs(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector makes sync.Pool drop items")
	}
	lex := mustLex(t)
	m := mustTiny(t)
	doc := tokenize.Tokenize("Brothers, join us in the khilafah! The dawla needs you, do not stay with the kuffar.")
	matches := lex.Match(doc, nil)
	dst := make([]Contribution, 0, 64)
	_, dst = m.Score(doc, matches, lex, dst) // warm the scratch pool
	allocs := testing.AllocsPerRun(100, func() { _, dst = m.Score(doc, matches, lex, dst) })
	assert.Zero(t, allocs)
}

func TestScoreConcurrent(t *testing.T) {
	lex := mustLex(t)
	m := trainFixture(t, 1)
	texts := []string{}
	for _, ex := range fixture(t) {
		texts = append(texts, ex.Text)
	}
	want := make([]float64, len(texts))
	for i, s := range texts {
		doc := tokenize.Tokenize(s)
		want[i], _ = m.Score(doc, lex.Match(doc, nil), lex, nil)
	}
	var wg sync.WaitGroup
	for g := 0; g < 4; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var doc tokenize.Document
			var ms []lexicon.Match
			var dst []Contribution
			for r := 0; r < 20; r++ {
				for i, s := range texts {
					doc.Reset(s)
					ms = lex.Match(&doc, ms[:0])
					var z float64
					z, dst = m.Score(&doc, ms, lex, dst)
					if z != want[i] {
						t.Errorf("%q: z = %v, want %v", s, z, want[i])
					}
				}
			}
		}()
	}
	wg.Wait()
}

func TestTrainLearns(t *testing.T) {
	lex := mustLex(t)
	m := trainFixture(t, 1)
	score := func(s string) float64 {
		doc := tokenize.Tokenize(s)
		z, _ := m.Score(doc, lex.Match(doc, nil), lex, nil)
		return z
	}
	for _, ex := range fixture(t) {
		if ex.Label {
			assert.Greater(t, score(ex.Text), 0.0, ex.Text)
		} else {
			assert.Less(t, score(ex.Text), 0.0, ex.Text)
		}
	}
	// neutral words never get a weight
	for _, f := range []string{"w:allah", "w:muslims", "w:dieu", "w:god", "k:muslims", "k:jews"} {
		_, ok := m.Weight(f)
		assert.False(t, ok, f)
	}
	w, ok := m.Weight("k:caliphate")
	assert.True(t, ok)
	assert.Greater(t, w, 0.0)
}

func TestTrainDeterministic(t *testing.T) {
	write := func(m *Model) []byte {
		var b bytes.Buffer
		_, err := m.WriteTo(&b)
		require.NoError(t, err)
		return b.Bytes()
	}
	a := write(trainFixture(t, 7))
	for i := 0; i < 3; i++ {
		assert.Equal(t, a, write(trainFixture(t, 7)), "same data and seed must give the same bytes")
	}
	nb, err := Train(fixture(t), Options{Algorithm: NaiveBayes, MinCount: 1})
	require.NoError(t, err)
	nb2, err := Train(fixture(t), Options{Algorithm: NaiveBayes, MinCount: 1})
	require.NoError(t, err)
	assert.Equal(t, write(nb), write(nb2))
}

func TestTrainErrors(t *testing.T) {
	ex := fixture(t)
	tests := []struct {
		name string
		ex   []Example
		opts Options
		want error
	}{
		{"no examples", nil, Options{}, ErrExamples},
		{"one class", ex[:3], Options{MinCount: 1}, ErrExamples},
		{"negative weight", append([]Example{{Text: "x", Weight: -1}}, ex...), Options{}, ErrExamples},
		{"bad rate", ex, Options{Rate: math.Inf(1)}, ErrOptions},
		{"bad algorithm", ex, Options{Algorithm: 9}, ErrOptions},
		{"bad epochs", ex, Options{Epochs: -1}, ErrOptions},
	}
	for _, tt := range tests {
		_, err := Train(tt.ex, tt.opts)
		assert.ErrorIs(t, err, tt.want, tt.name)
	}
}

func TestRoundTrip(t *testing.T) {
	m := trainFixture(t, 3)
	m, err := m.WithCalibration(1.5, -0.25, 0.4, 0.8)
	require.NoError(t, err)
	m, err = m.WithMeta("trained on the test fixture", "second line")
	require.NoError(t, err)
	var a bytes.Buffer
	n, err := m.WriteTo(&a)
	require.NoError(t, err)
	assert.Equal(t, int64(a.Len()), n)
	back, err := Load(bytes.NewReader(a.Bytes()))
	require.NoError(t, err)
	var b bytes.Buffer
	_, err = back.WriteTo(&b)
	require.NoError(t, err)
	assert.Equal(t, a.String(), b.String())
	assert.Equal(t, m.Info(), back.Info())
	med, high := back.Thresholds()
	assert.Equal(t, 0.4, med)
	assert.Equal(t, 0.8, high)
	assert.InDelta(t, 1/(1+math.Exp(-(1.5*2-0.25))), back.Calibrate(2), 1e-12)
	for i := 0; i < m.Len(); i++ {
		name, w := m.Feature(i)
		got, ok := back.Weight(name)
		assert.True(t, ok)
		assert.Equal(t, w, got)
	}
}

func TestLoadErrors(t *testing.T) {
	head := "vigie-model\t1\nbias\t0\ncalibration\t1\t0\nthresholds\t0.5\t0.9\n"
	tests := []struct {
		name, file string
		want       string
		is         error
	}{
		{"empty", "", "model: not a vigie model or unsupported version: empty file", ErrVersion},
		{"magic", "vigie-model\t2\n", "model: line 1: not a vigie model or unsupported version", ErrVersion},
		{"no features line", head, "model: line 4: syntax error: no \"features\" line", ErrSyntax},
		{"unknown key", head + "colour\tblue\n", "model: line 5: syntax error: unknown line \"colour\"", ErrSyntax},
		{"twice", head + "bias\t1\n", "model: line 5: syntax error: \"bias\" given twice (first on line 2)", ErrSyntax},
		{"missing calibration", "vigie-model\t1\nbias\t0\nthresholds\t0.5\t0.9\nfeatures\t0\n",
			"model: line 4: syntax error: \"calibration\" must come before \"features\"", ErrSyntax},
		{"bad number", head + "features\t1\nw:x\tabc\n", "model: line 6: invalid number: \"abc\"", ErrNumber},
		{"nan", head + "features\t1\nw:x\tNaN\n", "model: line 6: invalid number: \"NaN\"", ErrNumber},
		{"inf", head + "features\t1\nw:x\t+Inf\n", "model: line 6: invalid number", ErrNumber},
		{"too heavy", head + "features\t1\nw:x\t31\n", "model: line 6: invalid number: weight 31 of \"w:x\" must be within ±30", ErrNumber},
		{"duplicate", head + "features\t2\nw:x\t1\nw:x\t2\n", "model: line 7: invalid feature: duplicate feature \"w:x\" (first on line 6)", ErrFeature},
		{"bad prefix", head + "features\t1\nq:x\t1\n", "model: line 6: invalid feature \"q:x\"", ErrFeature},
		{"word with space", head + "features\t1\nw:a b\t1\n", "model: line 6: invalid feature \"w:a b\"", ErrFeature},
		{"pair without space", head + "features\t1\nb:ab\t1\n", "model: line 6: invalid feature \"b:ab\"", ErrFeature},
		{"unknown category", head + "features\t1\nc:nonsense\t1\n", "model: line 6: invalid feature \"c:nonsense\"", ErrFeature},
		{"context as category", head + "features\t1\nc:negation\t1\n", "model: line 6: invalid feature \"c:negation\"", ErrFeature},
		{"bad concept", head + "features\t1\nk:Caliphate\t1\n", "model: line 6: invalid feature \"k:Caliphate\"", ErrFeature},
		{"no tab", head + "features\t1\nw:x 1\n", "model: line 6: syntax error: want feature<TAB>weight", ErrSyntax},
		{"too many features", head + "features\t1\nw:x\t1\nw:y\t1\n", "model: line 7: syntax error: more feature lines than the 1 announced", ErrSyntax},
		{"too few features", head + "features\t2\nw:x\t1\n", "model: line 6: syntax error: 1 feature lines, 2 announced", ErrSyntax},
		{"huge count", head + "features\t99999999\n", "model: line 5: syntax error: feature count", ErrSyntax},
		{"slope", "vigie-model\t1\nbias\t0\ncalibration\t-1\t0\nthresholds\t0.5\t0.9\nfeatures\t0\n",
			"model: line 5: invalid number: calibration slope -1 must be in (0, 30]", ErrNumber},
		{"thresholds order", "vigie-model\t1\nbias\t0\ncalibration\t1\t0\nthresholds\t0.9\t0.5\nfeatures\t0\n",
			"model: line 5: invalid number: medium threshold 0.9 is above high threshold 0.5", ErrNumber},
		{"threshold range", "vigie-model\t1\nbias\t0\ncalibration\t1\t0\nthresholds\t0\t1\nfeatures\t0\n",
			"model: line 5: invalid number: thresholds 0 and 1 must be probabilities in (0, 1)", ErrNumber},
		{"arity", "vigie-model\t1\nbias\t0\t1\n", "model: line 2: syntax error: \"bias\" wants 1 value(s), got 2", ErrSyntax},
		{"control in meta", "vigie-model\t1\nmeta\ta\tb\n", "model: line 2: syntax error: control character in meta", ErrSyntax},
		{"invalid utf8", "vigie-model\t1\nmeta\t\xff\n", "model: line 2: syntax error: invalid UTF-8", ErrSyntax},
		{"long line", "vigie-model\t1\nmeta\t" + strings.Repeat("a", 2000) + "\n", "model: line 2: syntax error: line longer than 1024 bytes", ErrSyntax},
	}
	for _, tt := range tests {
		_, err := Load(strings.NewReader(tt.file))
		require.Error(t, err, tt.name)
		assert.True(t, strings.HasPrefix(err.Error(), tt.want), "%s: got %q, want prefix %q", tt.name, err, tt.want)
		assert.ErrorIs(t, err, tt.is, tt.name)
		var pe *ParseError
		assert.True(t, errors.As(err, &pe), tt.name)
	}
}

func TestLoadFSNamesTheFile(t *testing.T) {
	fsys := fstest.MapFS{"my.model": {Data: []byte("vigie-model\t1\nbias\tx\n")}}
	_, err := LoadFS(fsys, "my.model")
	require.Error(t, err)
	assert.Equal(t, `model: my.model:2: invalid number: "x"`, err.Error())
	_, err = LoadFS(fsys, "absent.model")
	assert.Error(t, err)
}

func TestDefault(t *testing.T) {
	m, err := Default()
	require.NoError(t, err)
	assert.Greater(t, m.Len(), 1000)
	assert.True(t, strings.HasPrefix(m.String(), fmt.Sprintf("model: %d features, bias ", m.Len())), m.String())
	med, high := m.Thresholds()
	assert.True(t, 0 < med && med <= high && high < 1)
	assert.NotEmpty(t, m.Info().Meta)
	lex := mustLex(t)
	p := func(s string) float64 {
		doc := tokenize.Tokenize(s)
		z, _ := m.Score(doc, lex.Match(doc, nil), lex, nil)
		return m.Calibrate(z)
	}
	// texts of our own, not in any training set: the default model must rank
	// a call to join the caliphate above ordinary religious speech and news.
	recruit := p("Brothers, make hijra to the khilafah now, the dawla needs you. Leave the kuffar behind.")
	assert.GreaterOrEqual(t, recruit, med)
	for _, s := range []string{
		"Eid Mubarak to all our neighbours, the mosque is open for breakfast after prayer.",
		"Aïd moubarak à tous, la mosquée offre le petit-déjeuner après la prière.",
		"Two men were arrested on suspicion of planning to travel to Syria to join ISIS, police said.",
	} {
		assert.Less(t, p(s), med, s)
		assert.Less(t, p(s), recruit, s)
	}
}

func TestFitPlatt(t *testing.T) {
	// scores drawn so that p(y | z) = sigmoid(2z − 1) exactly in expectation
	var z []float64
	var y []bool
	for i := -300; i <= 300; i++ {
		x := float64(i) / 100
		p := 1 / (1 + math.Exp(-(2*x - 1)))
		n := 200
		k := int(math.Round(p * float64(n)))
		for j := 0; j < n; j++ {
			z = append(z, x)
			y = append(y, j < k)
		}
	}
	a, b, err := FitPlatt(z, y, nil)
	require.NoError(t, err)
	assert.InDelta(t, 2, a, 0.02)
	assert.InDelta(t, -1, b, 0.02)

	_, _, err = FitPlatt([]float64{1, 2}, []bool{true, true}, nil)
	assert.ErrorIs(t, err, ErrExamples)
	_, _, err = FitPlatt([]float64{1, 2}, []bool{true, false}, []float64{1})
	assert.ErrorIs(t, err, ErrExamples)
	// reversed scores: a would be negative
	_, _, err = FitPlatt([]float64{1, 2, 3, 4}, []bool{true, true, false, false}, nil)
	assert.ErrorIs(t, err, ErrExamples)
	// separable: smoothed targets keep a finite
	a, _, err = FitPlatt([]float64{-2, -1, 1, 2}, []bool{false, false, true, true}, nil)
	require.NoError(t, err)
	assert.False(t, math.IsInf(a, 0))
}

func TestWithCalibrationErrors(t *testing.T) {
	m := mustTiny(t)
	_, err := m.WithCalibration(0, 0, 0.5, 0.9)
	assert.ErrorIs(t, err, ErrNumber)
	_, err = m.WithCalibration(1, 0, 0.9, 0.5)
	assert.ErrorIs(t, err, ErrNumber)
	_, err = m.WithMeta("bad\nline")
	assert.ErrorIs(t, err, ErrModel)
}

func TestDefaultNeutral(t *testing.T) {
	n := DefaultNeutral()
	assert.Contains(t, n, "allah")
	assert.Contains(t, n, "mosquee") // folded from the file's "mosquee"
	assert.Contains(t, n, "juifs")
	for _, w := range n {
		assert.Equal(t, tokenize.Fold(w), w)
	}
}

// FuzzLoad checks that Load never panics, and that what it accepts it writes
// back in a form that loads to the same model (the writer is the reference).
func FuzzLoad(f *testing.F) {
	f.Add(tinyModel)
	f.Add("vigie-model\t1\nbias\t0\ncalibration\t1\t0\nthresholds\t0.5\t0.9\nfeatures\t1\nw:x\t1e-3\n")
	f.Add("vigie-model\t1\nmeta\tx\nbias\t-0\ncalibration\t30\t-30\nthresholds\t0.5\t0.5\nfeatures\t0\n")
	f.Fuzz(func(t *testing.T, s string) {
		m, err := Load(strings.NewReader(s))
		if err != nil {
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("error %v is not a *ParseError", err)
			}
			return
		}
		var a, b bytes.Buffer
		if _, err := m.WriteTo(&a); err != nil {
			t.Fatal(err)
		}
		m2, err := Load(bytes.NewReader(a.Bytes()))
		if err != nil {
			t.Fatalf("reloading what was written: %v\n%s", err, a.String())
		}
		if _, err := m2.WriteTo(&b); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(a.Bytes(), b.Bytes()) {
			t.Fatalf("round trip differs:\n%s\n---\n%s", a.String(), b.String())
		}
	})
}

// TestParseShortDecimal checks the fast path of weights against ParseFloat,
// on every weight of the embedded model and on edge cases.
func TestParseShortDecimal(t *testing.T) {
	m, err := Default()
	require.NoError(t, err)
	cases := []string{"0", "-0", "1", "-1", "0.5", "12.25", "0.1", "0.3", "-0.0001", "123456789012345", "1.00000000000001",
		"0.30000001192092896", "1e-05", "1.", ".5", "-", "", "1.2.3", "--1", "1e5", "9007199254740993"}
	for i := 0; i < m.Len(); i++ {
		_, w := m.Feature(i)
		cases = append(cases, strconv.FormatFloat(w, 'g', -1, 32))
	}
	for _, s := range cases {
		want, err := strconv.ParseFloat(s, 64)
		got, ok := parseShortDecimal(s)
		if ok {
			require.NoError(t, err, s)
			require.Equal(t, math.Float64bits(want), math.Float64bits(got), s)
		}
		v, err2 := parseNumber(s)
		if err == nil {
			require.NoError(t, err2, s)
			require.Equal(t, math.Float64bits(want), math.Float64bits(v), s)
		} else {
			require.Error(t, err2, s)
		}
	}
}
