package main

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// split turns positive and negative scores into the metrics' parallel slices.
func split(pos, neg []float64) ([]float64, []bool) {
	scores := append(append([]float64(nil), pos...), neg...)
	labels := make([]bool, len(scores))
	for i := range pos {
		labels[i] = true
	}
	return scores, labels
}

func TestAUC(t *testing.T) {
	tests := []struct {
		name     string
		pos, neg []float64
		want     float64
	}{
		{"separated", []float64{0.9, 0.8}, []float64{0.1, 0.2}, 1},
		{"reversed", []float64{0.1}, []float64{0.5, 0.9}, 0},
		{"all tied", []float64{0.3, 0.3}, []float64{0.3, 0.3, 0.3}, 0.5},
		// Pairs (pos, neg): (.8,.5)=1 (.8,.2)=1 (.5,.5)=½ (.5,.2)=1: 3.5 of 4.
		{"one tie", []float64{0.8, 0.5}, []float64{0.5, 0.2}, 3.5 / 4},
		// (.3,.6)=0 (.3,.1)=1, and twice (.6,.6)=½ (.6,.1)=1: 4 of 6.
		{"tied positives", []float64{0.3, 0.6, 0.6}, []float64{0.6, 0.1}, 4.0 / 6},
		// Scores need not be probabilities; order is all that counts.
		{"any scale", []float64{-1, 7}, []float64{3}, 0.5},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, p := split(tt.pos, tt.neg)
			assert.InDelta(t, tt.want, auc(s, p), 1e-12)
			// The order of the records does not matter.
			rs, rp := append([]float64(nil), s...), append([]bool(nil), p...)
			for i, j := 0, len(rs)-1; i < j; i, j = i+1, j-1 {
				rs[i], rs[j] = rs[j], rs[i]
				rp[i], rp[j] = rp[j], rp[i]
			}
			assert.InDelta(t, tt.want, auc(rs, rp), 1e-12)
		})
	}
	t.Run("one class", func(t *testing.T) {
		s, p := split([]float64{0.2, 0.4}, nil)
		assert.True(t, math.IsNaN(auc(s, p)))
		s, p = split(nil, []float64{0.2})
		assert.True(t, math.IsNaN(auc(s, p)))
		assert.True(t, math.IsNaN(auc(nil, nil)))
	})
}

func TestROCCurve(t *testing.T) {
	s, p := split([]float64{0.8, 0.5}, []float64{0.5, 0.2})
	assert.Equal(t, []point{{0, 0}, {0, 0.5}, {0.5, 1}, {1, 1}}, rocCurve(s, p))
	assert.Nil(t, rocCurve([]float64{0.1}, []bool{true}))
}

// TestROCAreaIsAUC checks the two computations against each other on random
// scores with many ties: the trapezoids under the curve are the Mann–Whitney
// statistic.
func TestROCAreaIsAUC(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for range 50 {
		n := 1 + r.IntN(200)
		s := make([]float64, n)
		p := make([]bool, n)
		for i := range s {
			p[i] = r.IntN(3) == 0
			s[i] = float64(r.IntN(8)) / 8 // few distinct values: ties
			if p[i] {
				s[i] = math.Min(1, s[i]+0.125)
			}
		}
		a, c := auc(s, p), rocCurve(s, p)
		if math.IsNaN(a) {
			assert.Nil(t, c)
			continue
		}
		assert.InDelta(t, a, trapezoid(c), 1e-9)
		assert.Equal(t, point{1, 1}, c[len(c)-1])
	}
}

func TestECE(t *testing.T) {
	tests := []struct {
		name   string
		scores []float64
		pos    []bool
		want   float64
	}{
		{"calibrated", []float64{0.25, 0.25, 0.25, 0.25}, []bool{true, false, false, false}, 0},
		// Bin 0: |.05 − 0| for 1 text; bin 1: |.15 − 1| for 1; bin 9: |.95 − .5| for 2.
		{"three bins", []float64{0.05, 0.15, 0.95, 0.95}, []bool{false, true, true, false}, (0.05 + 0.85 + 2*0.45) / 4},
		// 1 falls in the last bin, 0 in the first; out-of-range scores are clamped.
		{"edges", []float64{0, 1, 1.5, -2}, []bool{false, true, true, false}, 0},
		{"confident and wrong", []float64{1, 1}, []bool{false, false}, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.InDelta(t, tt.want, ece(tt.scores, tt.pos), 1e-12)
		})
	}
	assert.True(t, math.IsNaN(ece(nil, nil)))
}

func TestReliability(t *testing.T) {
	bins := reliability([]float64{0.05, 0.15, 0.95, 0.97}, []bool{false, true, true, false})
	require.Len(t, bins, calibrationBins)
	assert.Equal(t, 1, bins[0].n)
	assert.Equal(t, 0, bins[5].n)
	assert.Equal(t, 2, bins[9].n)
	assert.InDelta(t, 0.96, bins[9].meanScore, 1e-12)
	assert.InDelta(t, 0.5, bins[9].posShare, 1e-12)
}

func TestConfusion(t *testing.T) {
	nan := math.NaN()
	tests := []struct {
		name        string
		tp, fp, fn  int
		p, r, f1    float64
		description string
	}{
		{"usual", 3, 1, 2, 0.75, 0.6, 2 * 0.75 * 0.6 / 1.35, ""},
		{"perfect", 4, 0, 0, 1, 1, 1, ""},
		{"nothing flagged", 0, 0, 5, nan, 0, 0, "precision undefined, F1 0"},
		{"only false positives", 0, 3, 2, 0, 0, 0, ""},
		{"no positives", 0, 2, 0, 0, nan, nan, "recall and F1 undefined"},
	}
	same := func(t *testing.T, want, got float64) {
		t.Helper()
		if math.IsNaN(want) {
			assert.True(t, math.IsNaN(got), "want NaN, got %v", got)
			return
		}
		assert.InDelta(t, want, got, 1e-12)
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var c confusion
			for range tt.tp {
				c.add(true, true)
			}
			for range tt.fp {
				c.add(true, false)
			}
			for range tt.fn {
				c.add(false, true)
			}
			c.add(false, false)
			assert.Equal(t, confusion{tt.tp, tt.fp, tt.fn, 1}, c)
			same(t, tt.p, c.precision())
			same(t, tt.r, c.recall())
			same(t, tt.f1, c.f1())
		})
	}
}

func TestFormat(t *testing.T) {
	assert.Equal(t, "–", pct(math.NaN()))
	assert.Equal(t, "12.5%", pct(0.125))
	assert.Equal(t, "0.667", num(2.0/3, 3))
	assert.Equal(t, "–", aucValue.format(math.NaN()))
	assert.Equal(t, "0.90", ratioValue.format(0.9))
}
