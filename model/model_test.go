package model

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
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
const tinyModel = "vigie-model\t2\n" +
	"meta\thand-written for tests\n" +
	"risks\textremism\tviolence\thate\n" +
	"bias\t-2\t-3\t-1\n" +
	"calibration\t1\t0\t1\t0\t2\t-1\n" +
	"threshold\t0.5\n" +
	"features\t5\n" +
	"b:join us\t1.5\t0\t0\n" +
	"c:ideology\t0.25\t0\t0.5\n" +
	"k:caliphate\t2\t0.5\t0\n" +
	"w:brothers\t0.5\t0\t-0.25\n" +
	"x:negation\t-2.5\t-1\t-1\n"

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
			assert.NoError(t, checkFeature(f, [Heads]float32{1, 1, 1}), "every feature must be storable")
		}
	}
}

// TestEvaluate checks the tiny model's sums on a text of two sentences: the
// whole text counts each feature once, each sentence its own.
func TestEvaluate(t *testing.T) {
	lex := mustLex(t)
	m := mustTiny(t)
	text := "Brothers, join us in the khilafah. Brothers, come."
	doc := tokenize.Tokenize(text)
	var ev Evidence
	m.Evaluate(doc, lex.Match(doc, nil), lex, 3, &ev)
	// whole text: b:join us, c:ideology, k:caliphate, w:brothers
	want := Weights{-2 + 1.5 + 0.25 + 2 + 0.5, -3 + 0 + 0 + 0.5 + 0, -1 + 0 + 0.5 + 0 - 0.25}
	for h := range Heads {
		assert.InDelta(t, want[h], ev.Text.Z[h], 1e-6, HeadNames[h])
	}
	assert.InDelta(t, 1.5+0.25+2+0.5, ev.Text.Positive[0], 1e-6)
	assert.Equal(t, 4, ev.Features)
	require.Len(t, ev.Sentences, 2)
	assert.InDelta(t, want[0], ev.Sentences[0].Z[0], 1e-6, "the first sentence holds every feature")
	assert.InDelta(t, -2+0.5, ev.Sentences[1].Z[0], 1e-6, "the second: brothers again, counted in its sentence")
	require.Len(t, ev.Top, 3)
	assert.Equal(t, "k:caliphate", ev.Top[0].Feature, "the strongest by its largest weight")
	assert.Equal(t, "b:join us", ev.Top[1].Feature)
	assert.Equal(t, text[ev.Top[0].Start:ev.Top[0].End], "khilafah")

	z, all := m.Contributions(doc, lex.Match(doc, nil), lex, nil)
	assert.Len(t, all, 4)
	for h := range Heads {
		assert.InDelta(t, want[h], z[h], 1e-6)
	}
	assert.InDelta(t, 1/(1+math.Exp(-(2*1.0-1))), m.Calibrate(2, 1), 1e-12)
}

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

func TestEvaluateAllocs(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector makes sync.Pool drop items")
	}
	lex := mustLex(t)
	m := mustTiny(t)
	doc := tokenize.Tokenize("Brothers, join us in the khilafah! The dawla needs you. Do not stay with the kuffar.")
	matches := lex.Match(doc, nil)
	var ev Evidence
	m.Evaluate(doc, matches, lex, 10, &ev) // warm the scratch pool
	allocs := testing.AllocsPerRun(100, func() { m.Evaluate(doc, matches, lex, 10, &ev) })
	assert.Zero(t, allocs)
}

func TestEvaluateConcurrent(t *testing.T) {
	lex := mustLex(t)
	m, err := Default()
	require.NoError(t, err)
	texts := []string{"Brothers, join us in the khilafah!", "Je vais les égorger, ces kouffar.", "Police said two men were arrested.",
		"Immigrants are a pest. They breed like rabbits.", "Eid mubarak to all!"}
	want := make([]Evidence, len(texts))
	for i, s := range texts {
		doc := tokenize.Tokenize(s)
		m.Evaluate(doc, lex.Match(doc, nil), lex, 5, &want[i])
	}
	var wg sync.WaitGroup
	for g := 0; g < 4; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var doc tokenize.Document
			var ms []lexicon.Match
			var ev Evidence
			for r := 0; r < 20; r++ {
				for i, s := range texts {
					doc.Reset(s)
					ms = lex.Match(&doc, ms[:0])
					m.Evaluate(&doc, ms, lex, 5, &ev)
					if ev.Text != want[i].Text || fmt.Sprint(ev.Top) != fmt.Sprint(want[i].Top) {
						t.Errorf("%q: %v, want %v", s, ev.Text, want[i].Text)
					}
				}
			}
		}()
	}
	wg.Wait()
}

// TestRoundTrip writes the default model and reads it back: the same bytes,
// the same parameters and weights.
func TestRoundTrip(t *testing.T) {
	m, err := Default()
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
	for i := 0; i < m.Len(); i += 97 {
		name, w := m.Feature(i)
		got, ok := back.Weight(name)
		assert.True(t, ok)
		assert.Equal(t, w, got)
	}
	_, ok := back.Weight("w:notafeatureofthemodel")
	assert.False(t, ok)
}

// TestNew checks that New copies and validates what it is given.
func TestNew(t *testing.T) {
	ok := Params{CalA: Weights{1, 1, 1}, Threshold: 0.5}
	names := []string{"w:b", "w:a"}
	ws := [][Heads]float32{{1, 2, 3}, {-1, 0, 0}}
	m, err := New(names, ws, ok)
	require.NoError(t, err)
	names[0] = "w:z"
	w, found := m.Weight("w:b")
	assert.True(t, found, "New copies the names")
	assert.Equal(t, Weights{1, 2, 3}, w)
	name, _ := m.Feature(0)
	assert.Equal(t, "w:a", name, "sorted by name")

	tests := []struct {
		name  string
		names []string
		ws    [][Heads]float32
		p     Params
		is    error
	}{
		{"slope", nil, nil, Params{Threshold: 0.5, CalA: Weights{1, 0, 1}}, ErrNumber},
		{"threshold", nil, nil, Params{CalA: Weights{1, 1, 1}, Threshold: 1}, ErrNumber},
		{"bias", nil, nil, Params{CalA: Weights{1, 1, 1}, Threshold: 0.5, Bias: Weights{0, math.NaN(), 0}}, ErrNumber},
		{"fingerprint", nil, nil, Params{CalA: Weights{1, 1, 1}, Threshold: 0.5, Lexicon: "not hex"}, ErrSyntax},
		{"lengths", []string{"w:a"}, nil, ok, ErrModel},
		{"duplicate", []string{"w:a", "w:a"}, [][Heads]float32{{1}, {1}}, ok, ErrModel},
		{"weight", []string{"w:a"}, [][Heads]float32{{0, 0, 99}}, ok, ErrNumber},
		{"name", []string{"q:a"}, [][Heads]float32{{1}}, ok, ErrFeature},
	}
	for _, tt := range tests {
		_, err := New(tt.names, tt.ws, tt.p)
		assert.ErrorIs(t, err, tt.is, tt.name)
	}
}

func TestLoadErrors(t *testing.T) {
	head := "vigie-model\t2\nrisks\textremism\tviolence\thate\nbias\t0\t0\t0\ncalibration\t1\t0\t1\t0\t1\t0\nthreshold\t0.5\n"
	tests := []struct {
		name, file string
		want       string
		is         error
	}{
		{"empty", "", "model: not a vigie model or unsupported version: empty file", ErrVersion},
		{"version 1", "vigie-model\t1\n", "model: line 1: not a vigie model or unsupported version", ErrVersion},
		{"no features line", head, "model: line 5: syntax error: no \"features\" line", ErrSyntax},
		{"unknown key", head + "colour\tblue\n", "model: line 6: syntax error: unknown line \"colour\"", ErrSyntax},
		{"twice", head + "bias\t1\t1\t1\n", "model: line 6: syntax error: \"bias\" given twice (first on line 3)", ErrSyntax},
		{"risks", "vigie-model\t2\nrisks\thate\tviolence\textremism\n", "model: line 2: syntax error: the risks must be extremism, violence, hate", ErrSyntax},
		{"missing calibration", "vigie-model\t2\nrisks\textremism\tviolence\thate\nbias\t0\t0\t0\nthreshold\t0.5\nfeatures\t0\n",
			"model: line 5: syntax error: \"calibration\" must come before \"features\"", ErrSyntax},
		{"bad number", head + "features\t1\nw:x\tabc\t0\t0\n", "model: line 7: invalid number: \"abc\"", ErrNumber},
		{"nan", head + "features\t1\nw:x\t0\tNaN\t0\n", "model: line 7: invalid number: \"NaN\"", ErrNumber},
		{"too heavy", head + "features\t1\nw:x\t0\t0\t31\n", "model: line 7: invalid number: weight 31 of \"w:x\" must be within ±30", ErrNumber},
		{"one weight", head + "features\t1\nw:x\t1\n", "model: line 7: syntax error: want feature and 3 weights", ErrSyntax},
		{"four weights", head + "features\t1\nw:x\t1\t1\t1\t1\n", "model: line 7: syntax error: want feature and 3 weights", ErrSyntax},
		{"duplicate", head + "features\t2\nw:x\t1\t1\t1\nw:x\t2\t2\t2\n", "model: line 8: invalid feature: duplicate feature \"w:x\" (first on line 7)", ErrFeature},
		{"bad prefix", head + "features\t1\nq:x\t1\t1\t1\n", "model: line 7: invalid feature \"q:x\"", ErrFeature},
		{"context as category", head + "features\t1\nc:negation\t1\t1\t1\n", "model: line 7: invalid feature \"c:negation\"", ErrFeature},
		{"no tab", head + "features\t1\nw:x 1\n", "model: line 7: syntax error: want feature<TAB>weight<TAB>weight<TAB>weight", ErrSyntax},
		{"too many features", head + "features\t1\nw:x\t1\t1\t1\nw:y\t1\t1\t1\n", "model: line 8: syntax error: more feature lines than the 1 announced", ErrSyntax},
		{"too few features", head + "features\t2\nw:x\t1\t1\t1\n", "model: line 7: syntax error: 1 feature lines, 2 announced", ErrSyntax},
		{"huge count", head + "features\t99999999\n", "model: line 6: syntax error: feature count", ErrSyntax},
		{"slope", strings.Replace(head, "calibration\t1", "calibration\t-1", 1) + "features\t0\n",
			"model: line 6: invalid number: extremism calibration slope -1 must be in (0, 30]", ErrNumber},
		{"threshold range", strings.Replace(head, "threshold\t0.5", "threshold\t1", 1) + "features\t0\n",
			"model: line 6: invalid number: threshold 1 must be a probability in (0, 1)", ErrNumber},
		{"lexicon", "vigie-model\t2\nlexicon\tXYZ\n", "model: line 2: syntax error: \"lexicon\" wants one fingerprint", ErrSyntax},
		{"arity", "vigie-model\t2\nbias\t0\t1\n", "model: line 2: syntax error: \"bias\" wants 3 value(s), got 2", ErrSyntax},
		{"control in meta", "vigie-model\t2\nmeta\ta\tb\n", "model: line 2: syntax error: control character in meta", ErrSyntax},
		{"invalid utf8", "vigie-model\t2\nmeta\t\xff\n", "model: line 2: syntax error: invalid UTF-8", ErrSyntax},
		{"long line", "vigie-model\t2\nmeta\t" + strings.Repeat("a", 2000) + "\n", "model: line 2: syntax error: line longer than 1024 bytes", ErrSyntax},
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
	fsys := fstest.MapFS{"my.model": {Data: []byte("vigie-model\t2\nthreshold\tx\n")}}
	_, err := LoadFS(fsys, "my.model")
	require.Error(t, err)
	assert.Equal(t, `model: my.model:2: invalid number: "x"`, err.Error())
	_, err = LoadFS(fsys, "absent.model")
	assert.Error(t, err)
}

// TestDefault checks the embedded model: it matches the default lexicon, and
// it ranks texts of our own (in no training set) sensibly, per head.
func TestDefault(t *testing.T) {
	m, err := Default()
	require.NoError(t, err)
	assert.Greater(t, m.Len(), 1000)
	assert.True(t, strings.HasPrefix(m.String(), fmt.Sprintf("model: %d features, 3 heads", m.Len())), m.String())
	assert.Equal(t, mustLex(t).Fingerprint(), m.Lexicon(), "the embedded model was trained with the embedded lexicon: retrain (go run ./examples/train)")
	assert.NotEmpty(t, m.Info().Meta)
	lex := mustLex(t)
	z := func(s string) Weights {
		doc := tokenize.Tokenize(s)
		lex.Unglue(doc)
		var ev Evidence
		m.Evaluate(doc, lex.Match(doc, nil), lex, 0, &ev)
		return ev.Text.Z
	}
	recruit := z("Brothers, make hijra to the khilafah now, the dawla needs you. Leave the kuffar behind.")
	threat := z("I'm going to find you and slit your throat, you'll see what happens to you.")
	for _, s := range []string{
		"Eid Mubarak to all our neighbours, the mosque is open for breakfast after prayer.",
		"Aïd moubarak à tous, la mosquée offre le petit-déjeuner après la prière.",
		"Two men were arrested on suspicion of planning to travel to Syria to join ISIS, police said.",
	} {
		assert.Less(t, z(s)[0], recruit[0], s)
		assert.Less(t, z(s)[1], threat[1], s)
	}
}

func FuzzLoad(f *testing.F) {
	f.Add(tinyModel)
	f.Add("vigie-model\t2\nrisks\textremism\tviolence\thate\nbias\t0\t0\t0\ncalibration\t1\t0\t1\t0\t1\t0\nthreshold\t0.5\nfeatures\t1\nw:x\t1e-3\t0\t-2\n")
	f.Add("vigie-model\t2\nmeta\tx\nlexicon\t0123456789abcdef\nrisks\textremism\tviolence\thate\nbias\t-0\t1\t2\ncalibration\t30\t-30\t1\t0\t1\t0\nthreshold\t0.5\nfeatures\t0\n")
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
	for i := 0; i < m.Len(); i += 7 {
		_, w := m.Feature(i)
		for _, x := range w {
			cases = append(cases, strconv.FormatFloat(x, 'g', -1, 32))
		}
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
