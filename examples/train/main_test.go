package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vigie-project/vigie/internal/corpus"
	"github.com/vigie-project/vigie/model"
)

// trainFixture runs the program on testdata (texts we wrote for this test)
// and returns the model file and the report.
func trainFixture(t *testing.T, seed string, extra ...string) ([]byte, string) {
	t.Helper()
	out := filepath.Join(t.TempDir(), "fixture.model")
	var stdout, stderr bytes.Buffer
	args := append([]string{"-data", "testdata/data", "-own", "testdata/own.jsonl", "-calib-cases", "testdata/calibration.jsonl",
		"-neutral", "../../training/neutral.txt", "-topics", "../../training/topic-names.txt", "-dict", "", "-cases", "",
		"-seed", seed, "-o", out, "-min-count", "1", "-min-weight", "0.001", "-epochs", "20", "-top", "5"}, extra...)
	code := run(args, &stdout, &stderr)
	require.Equal(t, 0, code, stderr.String())
	b, err := os.ReadFile(out)
	require.NoError(t, err)
	return b, stdout.String()
}

func TestTrainDeterministic(t *testing.T) {
	a, report := trainFixture(t, "1")
	b, _ := trainFixture(t, "1")
	assert.Equal(t, a, b, "same data, flags and seed must give the same bytes")
	m, err := model.Load(bytes.NewReader(a))
	require.NoError(t, err)
	assert.Greater(t, m.Len(), 0)
	assert.Equal(t, 0.5, m.Threshold())
	assert.NotEmpty(t, m.Lexicon(), "the model records its lexicon's fingerprint")
	for _, want := range []string{"extremism: strongest features towards risk", "hate: strongest against", "ROC AUC",
		"Dev split", "jigsaw-fr"} {
		assert.Contains(t, report, want)
	}
	// no absolute path leaks into the model
	assert.NotContains(t, string(a), "/tmp")
	assert.NotContains(t, string(a), t.TempDir())
	// topic names never weigh towards risk
	for i := 0; i < m.Len(); i++ {
		name, w := m.Feature(i)
		if name == "w:syria" || name == "w:isis" {
			for h := range model.Heads {
				assert.LessOrEqual(t, w[h], 0.0, "%s %s", name, model.HeadNames[h])
			}
		}
	}
}

// TestCalibrationIgnoresEvalOnly checks that no eval-only dev record feeds
// the shipped numbers: changing them leaves the model file identical, byte
// for byte.
func TestCalibrationIgnoresEvalOnly(t *testing.T) {
	want, _ := trainFixture(t, "1")
	assert.Contains(t, string(want), "no eval-only record")

	dir := t.TempDir()
	require.NoError(t, os.MkdirAll(filepath.Join(dir, "corpus"), 0o755))
	train, err := os.ReadFile("testdata/data/corpus/train.jsonl")
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(filepath.Join(dir, "corpus", "train.jsonl"), train, 0o644))
	dev, err := corpus.Read("testdata/data/corpus/dev.jsonl")
	require.NoError(t, err)
	var b strings.Builder
	evalOnly := 0
	for _, r := range dev {
		if r.Use == "eval-only" {
			evalOnly++
			// an eval-only record that would move the calibration if it counted
			r.Label, r.Text = "counter", "Brothers, make hijra to the khilafah now, the dawla needs you, join the caliphate"
		}
		line, err := json.Marshal(r)
		require.NoError(t, err)
		b.Write(line)
		b.WriteByte('\n')
	}
	require.Positive(t, evalOnly, "the fixture must have eval-only dev records")
	require.NoError(t, os.WriteFile(filepath.Join(dir, "corpus", "dev.jsonl"), []byte(b.String()), 0o644))
	got, _ := trainFixture(t, "1", "-data", dir)
	assert.Equal(t, string(want), string(got), "eval-only dev records changed the model")
}

func TestOwnSplit(t *testing.T) {
	var recs []record
	for _, f := range []string{"../../training/own.jsonl", "../../training/written-en.jsonl"} {
		r, err := corpus.Read(f)
		if err != nil {
			t.Skip(err)
		}
		recs = append(recs, r...)
	}
	train, calib, held := ownSplit(recs)
	assert.Equal(t, len(recs), len(train)+len(calib)+len(held))
	type key struct{ label, lang string }
	n, c := map[key]int{}, map[key]int{}
	for _, r := range recs {
		n[key{r.Label, r.Lang}]++
	}
	ids := map[string]bool{}
	for _, r := range calib {
		c[key{r.Label, r.Lang}]++
		ids[r.ID] = true
	}
	for k, total := range n {
		assert.InDelta(t, float64(total)/5, float64(c[k]), 1, "stratum %v: a fifth goes to calibration", k)
	}
	for _, r := range append(train, held...) {
		assert.False(t, ids[r.ID], "%s is in two parts", r.ID)
	}
	// deterministic, and independent of the order of the files
	rev := slices.Clone(recs)
	slices.Reverse(rev)
	_, calib2, held2 := ownSplit(rev)
	assert.ElementsMatch(t, calib, calib2)
	assert.ElementsMatch(t, held, held2)
}

func TestLabels(t *testing.T) {
	c := config{isisMode: "evidence", isisWeight: 0.05, milieuWeight: 0.3, offensiveWeight: 0.3, ownWeight: 3}
	tests := []struct {
		rec      record
		evidence bool
		ok       bool
		y        [model.Heads]int8
	}{
		{record{Source: "isis-fanboy", Lang: "en", Label: "jihadist"}, true, true, [3]int8{1, -1, -1}},
		{record{Source: "isis-fanboy", Lang: "ar", Label: "jihadist"}, true, false, [3]int8{}},
		{record{Source: "jigsaw-fr", Lang: "fr", Label: "threat"}, false, true, [3]int8{0, 1, -1}},
		{record{Source: "gab", Label: "hate", Tags: []string{"cv"}}, false, true, [3]int8{-1, 1, -1}},
		{record{Source: "gab", Label: "hate", Tags: []string{"hd"}}, false, true, [3]int8{-1, 0, 1}},
		{record{Source: "gab", Label: "hate"}, false, true, [3]int8{-1, -1, 1}},
		{record{Source: "counterspeech", Label: "counter"}, false, true, [3]int8{0, 0, 0}},
		{record{Source: "own", Label: "violence"}, false, true, [3]int8{-1, 1, -1}},
		{record{Source: "own", Label: "news-war"}, false, true, [3]int8{0, 0, 0}},
		{record{Source: "own", Label: "unknown-label"}, false, false, [3]int8{}},
		{record{Source: "conan", Label: "counter"}, false, false, [3]int8{}},
	}
	for _, tt := range tests {
		s := &sample{record: tt.rec}
		ok := c.label(s, tt.evidence)
		assert.Equal(t, tt.ok, ok, "%+v", tt.rec)
		if ok {
			assert.Equal(t, tt.y, s.y, "%+v", tt.rec)
		}
	}
	s := &sample{record: record{Source: "isis-fanboy", Lang: "en", Label: "jihadist"}}
	c.label(s, false)
	assert.Equal(t, 0.05, s.w[0], "a pro-ISIS tweet without evidence weighs little")
}

func TestTrainFlags(t *testing.T) {
	tests := []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{"-isis", "some"}, 2, "unknown -isis"},
		{[]string{"-isis-weight", "-1"}, 2, "must be finite"},
		{[]string{"-target-fpr", "0"}, 2, "-target-fpr"},
		{[]string{"-epochs", "0"}, 2, "-epochs"},
		{[]string{"-data", "testdata/absent", "-own", "testdata/own.jsonl"}, 1, "no such file"},
		{[]string{"extra"}, 2, "unexpected arguments"},
		{[]string{"-no-such-flag"}, 2, "flag provided but not defined"},
	}
	for _, tt := range tests {
		var stdout, stderr bytes.Buffer
		code := run(append(tt.args, "-n"), &stdout, &stderr)
		assert.Equal(t, tt.code, code, strings.Join(tt.args, " "))
		assert.Contains(t, stderr.String(), tt.msg)
	}
}

func TestAUC(t *testing.T) {
	tests := []struct {
		pos, neg []float64
		want     float64
	}{
		{[]float64{3, 4}, []float64{1, 2}, 1},
		{[]float64{1, 2}, []float64{3, 4}, 0},
		{[]float64{1}, []float64{1}, 0.5},
		{[]float64{2, 0}, []float64{1}, 0.5},
	}
	for _, tt := range tests {
		assert.InDelta(t, tt.want, auc(tt.pos, tt.neg), 1e-12)
	}
	assert.True(t, auc(nil, []float64{1}) != auc(nil, []float64{1}), "NaN without positives")
}

func TestFitPlatt(t *testing.T) {
	var z, w []float64
	var y []bool
	for i := -20; i <= 20; i++ {
		x := float64(i) / 4
		z = append(z, x)
		y = append(y, sigmoid(2*x-1) > 0.5)
		w = append(w, 1)
	}
	a, _, err := fitPlatt(z, y, w)
	require.NoError(t, err)
	assert.Greater(t, a, 0.0)
	_, _, err = fitPlatt([]float64{1}, []bool{true}, []float64{1})
	assert.ErrorIs(t, err, errData, "one class only")
	_, _, err = fitPlatt([]float64{1, 2}, []bool{true, false}, []float64{1, 1})
	assert.ErrorIs(t, err, errData, "scores ranked the wrong way round")
}

var (
	reproduce = flag.Bool("reproduce", false, "retrain on ../shared/data and check that model/data/vigie.model is what the program writes")
	update    = flag.Bool("update", false, "with -reproduce: rewrite model/data/vigie.model")
)

// TestEmbeddedModelReproducible retrains the default model from the shared
// data with the default flags and compares it with the embedded file, byte
// for byte. It runs with -reproduce (go test ./examples/train -reproduce),
// because any change to the tokenizer or the lexicons changes the features
// and so the model: retrain with -update (or go run ./examples/train).
func TestEmbeddedModelReproducible(t *testing.T) {
	if !*reproduce {
		t.Skip("run with -reproduce")
	}
	if _, err := corpus.Dir(); err != nil {
		t.Skip(err)
	}
	const path = "../../model/data/vigie.model"
	out := filepath.Join(t.TempDir(), "vigie.model")
	if *update {
		out = path
	}
	var stdout, stderr bytes.Buffer
	code := run([]string{"-own", "../../training/own.jsonl,../../training/written-en.jsonl,../../training/written-fr.jsonl",
		"-calib-cases", "../../training/calibration.jsonl", "-neutral", "../../training/neutral.txt",
		"-topics", "../../training/topic-names.txt", "-cases", "../../testdata/cases", "-o", out}, &stdout, &stderr)
	require.Equal(t, 0, code, stderr.String())
	got, err := os.ReadFile(out)
	require.NoError(t, err)
	want, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.True(t, bytes.Equal(want, got), "model/data/vigie.model is not what examples/train writes today: retrain with -reproduce -update")
}
