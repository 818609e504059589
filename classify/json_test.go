package classify

import (
	"bytes"
	"encoding/json"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vigie-project/vigie/internal/corpus"
	"github.com/vigie-project/vigie/lexicon"
	"github.com/vigie-project/vigie/tokenize"
)

// referenceJSON is what AppendJSON must write: encoding/json's encoding of
// r with HTML escaping off, once every nil list is made empty.
func referenceJSON(t testing.TB, r *Result) []byte {
	c := *r
	c.Signals = nonNil(c.Signals)
	c.Context = nonNil(c.Context)
	if c.Model != nil {
		m := *c.Model
		m.Features = nonNil(m.Features)
		m.Framing = nonNil(m.Framing)
		c.Model = &m
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	require.NoError(t, enc.Encode(&c))
	return bytes.TrimSuffix(b.Bytes(), []byte("\n"))
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// checkAppendJSON checks AppendJSON against the reference, after a prefix
// that it must keep.
func checkAppendJSON(t testing.TB, r *Result) {
	got := r.AppendJSON([]byte("prefix"))
	require.Equal(t, string(referenceJSON(t, r)), string(bytes.TrimPrefix(got, []byte("prefix"))))
	require.True(t, bytes.HasPrefix(got, []byte("prefix")))
}

// TestAppendJSON compares AppendJSON with encoding/json on the results of
// every functional case, with and without the model, and, when the shared
// data is there, on 5,000 dev messages.
func TestAppendJSON(t *testing.T) {
	texts := []string{""}
	for _, tc := range readCases(t) {
		texts = append(texts, tc.Text)
	}
	if dev, err := corpus.Texts("dev", "", 0, 5000); err == nil {
		texts = append(texts, dev...)
	} else {
		t.Logf("shared data absent, dev split not checked: %v", err)
	}
	withModel, err := New()
	require.NoError(t, err)
	withoutModel, err := New(WithoutModel())
	require.NoError(t, err)
	var r Result
	for _, c := range []*Classifier{withModel, withoutModel} {
		for _, s := range texts {
			c.ClassifyInto(s, &r)
			checkAppendJSON(t, &r)
		}
	}
}

// TestAppendJSONEdges checks the strings and numbers that results of
// ordinary texts do not show: control characters, invalid UTF-8, the
// JavaScript line separators, HTML characters (not escaped), numbers in
// exponent form, negative zero, and non-finite numbers (null).
func TestAppendJSONEdges(t *testing.T) {
	odd := "a\"b\\c/d<e>f&g\x00\x01\x1f\x7f\b\f\n\r\t\u2028\u2029\xff\xc3(é🙂\ufffd"
	floats := []float64{0, math.Copysign(0, -1), 1, -1, 0.1, 1e-6, 9.99e-7, 1e-7, -1e-7, 1.5e-10, 1e20, 1e21, -1e21, 1.2345e300,
		math.SmallestNonzeroFloat64, math.MaxFloat64, 123456789.125}
	for _, x := range floats {
		r := Result{Lang: tokenize.French, Level: High, Score: x, Scores: Scores{Extremism: x, Violence: -x, Hate: x / 3}, Weight: -x, Rationale: odd,
			Signals: []Signal{{Category: lexicon.Threat, Concept: odd, Text: odd, Start: 3, End: 9, Weight: x, Base: x, Source: odd, ID: odd,
				Disguise: tokenize.Leet | tokenize.Masked | tokenize.Spaced, Parts: []Part{{Category: lexicon.Violence, Concept: odd, Text: odd, Weight: x, Source: odd, ID: odd}},
				Repeat: true}},
			Context: []Context{{Kind: lexicon.Negation, Text: odd, Start: -1, End: 1 << 40, Effect: x, Share: x, Source: odd, ID: odd}},
			Model: &ModelScore{Extremism: Head{Z: x, Probability: x, TextZ: -x, Bias: x, Rest: x, Framing: -x, Start: 1, End: 2},
				Hate: Head{Z: -x}, Features: []Feature{{Name: odd, Text: odd, Weights: Scores{x, -x, 0}}}, Raised: true},
			Truncated: true,
		}
		checkAppendJSON(t, &r)
	}
	r := Result{Score: math.NaN(), Scores: Scores{Hate: math.Inf(1)}, Weight: math.Inf(1), Model: &ModelScore{Violence: Head{Z: math.Inf(-1)}}}
	zero := `{"z":0,"probability":0,"text_z":0,"bias":0,"rest":0,"framing":0,"start":0,"end":0}`
	assert.Equal(t, `{"lang":"und","level":"none","score":null,"scores":{"extremism":0,"violence":0,"hate":null},"weight":null,"signals":[],"context":[],`+
		`"model":{"extremism":`+zero+`,"violence":{"z":null,"probability":0,"text_z":0,"bias":0,"rest":0,"framing":0,"start":0,"end":0},"hate":`+zero+
		`,"features":[],"framing":[],"raised":false},"rationale":""}`,
		string(r.AppendJSON(nil)))
	var v any
	require.NoError(t, json.Unmarshal(r.AppendJSON(nil), &v), "valid JSON")
}

func TestAppendJSONAllocs(t *testing.T) {
	c, err := New()
	require.NoError(t, err)
	r := c.Classify("Rejoignez les soldats du califat, « tuez-les » a-t-il écrit\n")
	buf := make([]byte, 0, 64<<10)
	allocs := testing.AllocsPerRun(100, func() { buf = r.AppendJSON(buf[:0]) })
	assert.Zero(t, allocs)
}

// TestAppendJSONFloat compares the numbers with encoding/json: numbers of
// four decimals as classify rounds them, which take a shortcut, and others.
func TestAppendJSONFloat(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	var xs []float64
	for i := 0; i < 200000; i++ {
		k := rng.Int64N(2_000_000_000) - 1_000_000_000
		if i%4 == 0 {
			k = rng.Int64N(20001) - 10000
		}
		xs = append(xs, round(float64(k)/1e4), float64(k)/1e4, float64(k)/1e3, float64(k)*1e4,
			(rng.Float64()-0.5)*math.Pow(10, float64(rng.IntN(40)-20)), math.Float64frombits(rng.Uint64()))
	}
	xs = append(xs, 1e11, -1e11, 99999999999.9999, 0.00005, 0.0001, -0.0001, 1e-4+1e-20)
	for _, x := range xs {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			continue
		}
		want, err := json.Marshal(x)
		require.NoError(t, err)
		if got := appendJSONFloat(nil, x); string(got) != string(want) {
			t.Fatalf("%v (%x): got %s, want %s", x, math.Float64bits(x), got, want)
		}
	}
}
