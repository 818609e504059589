package main

import (
	"math"
	"sort"
)

// The metrics take parallel slices: a score in [0, 1] (or any ordered value
// for AUC and ROC) and whether the text is a positive. Undefined values
// (no positive, no negative, an empty denominator) are NaN, which the report
// prints as "–".

// auc returns the area under the ROC curve of scores for telling positives
// from negatives: the probability that a random positive scores above a random
// negative, ties counting one half (the Mann–Whitney U statistic over the
// product of the class sizes).
func auc(scores []float64, pos []bool) float64 {
	idx := sortedByScore(scores)
	nPos, nNeg := classSizes(pos)
	if nPos == 0 || nNeg == 0 {
		return math.NaN()
	}
	// Sum of the positives' ranks, a tied group sharing its mean rank.
	var rankSum float64
	for i := 0; i < len(idx); {
		j := i
		for j < len(idx) && scores[idx[j]] == scores[idx[i]] {
			j++
		}
		mean := float64(i+1+j) / 2 // ranks i+1 … j
		for k := i; k < j; k++ {
			if pos[idx[k]] {
				rankSum += mean
			}
		}
		i = j
	}
	u := rankSum - float64(nPos)*float64(nPos+1)/2
	return u / (float64(nPos) * float64(nNeg))
}

// sortedByScore returns the indexes of scores in increasing order of score.
func sortedByScore(scores []float64) []int {
	idx := make([]int, len(scores))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool { return scores[idx[a]] < scores[idx[b]] })
	return idx
}

// point is a point of a curve.
type point struct{ x, y float64 }

// rocCurve returns the ROC curve of scores: (false-positive rate,
// true-positive rate) as the threshold falls past each distinct score, from
// (0, 0) to (1, 1). Tied scores make one diagonal step, so the trapezoidal
// area under the curve equals auc. It returns nil when a class is empty.
func rocCurve(scores []float64, pos []bool) []point {
	idx := sortedByScore(scores)
	nPos, nNeg := classSizes(pos)
	if nPos == 0 || nNeg == 0 {
		return nil
	}
	curve := []point{{0, 0}}
	tp, fp := 0, 0
	for i := len(idx) - 1; i >= 0; {
		j := i
		for j >= 0 && scores[idx[j]] == scores[idx[i]] {
			if pos[idx[j]] {
				tp++
			} else {
				fp++
			}
			j--
		}
		curve = append(curve, point{float64(fp) / float64(nNeg), float64(tp) / float64(nPos)})
		i = j
	}
	return curve
}

// trapezoid returns the area under a curve by the trapezoidal rule.
func trapezoid(c []point) float64 {
	var a float64
	for i := 1; i < len(c); i++ {
		a += (c[i].x - c[i-1].x) * (c[i].y + c[i-1].y) / 2
	}
	return a
}

// calibrationBins is how many equal-width score bins the expected
// calibration error and the reliability diagram use.
const calibrationBins = 10

// bin is one score bin of a reliability diagram.
type bin struct {
	n         int
	meanScore float64 // mean score of the texts in the bin
	posShare  float64 // share of positives among them
}

// reliability puts the scores, clamped to [0, 1], in calibrationBins
// equal-width bins ([0, 0.1), …, [0.9, 1]) and returns each bin's count, mean
// score and share of positives.
func reliability(scores []float64, pos []bool) []bin {
	bins := make([]bin, calibrationBins)
	for i, s := range scores {
		s = math.Min(math.Max(s, 0), 1)
		b := min(int(s*calibrationBins), calibrationBins-1)
		bins[b].n++
		bins[b].meanScore += s
		if pos[i] {
			bins[b].posShare++
		}
	}
	for i := range bins {
		if bins[i].n > 0 {
			bins[i].meanScore /= float64(bins[i].n)
			bins[i].posShare /= float64(bins[i].n)
		}
	}
	return bins
}

// ece returns the expected calibration error of scores read as the
// probability of a positive: the mean, weighted by the bins' counts, of
// |mean score − share of positives| over the reliability bins.
func ece(scores []float64, pos []bool) float64 {
	if len(scores) == 0 {
		return math.NaN()
	}
	var e float64
	for _, b := range reliability(scores, pos) {
		e += float64(b.n) * math.Abs(b.meanScore-b.posShare)
	}
	return e / float64(len(scores))
}

// confusion counts binary decisions against the truth.
type confusion struct{ tp, fp, fn, tn int }

// add counts one decision.
func (c *confusion) add(flagged, positive bool) {
	switch {
	case flagged && positive:
		c.tp++
	case flagged:
		c.fp++
	case positive:
		c.fn++
	default:
		c.tn++
	}
}

func ratio(a, b int) float64 {
	if b == 0 {
		return math.NaN()
	}
	return float64(a) / float64(b)
}

// precision is TP / (TP + FP).
func (c confusion) precision() float64 { return ratio(c.tp, c.tp+c.fp) }

// recall is TP / (TP + FN).
func (c confusion) recall() float64 { return ratio(c.tp, c.tp+c.fn) }

// f1 is the harmonic mean of precision and recall: 0 when there are
// positives and none was found (even if nothing was flagged, which leaves
// precision undefined), undefined when there are no positives.
func (c confusion) f1() float64 {
	if c.tp+c.fn == 0 {
		return math.NaN()
	}
	if c.tp == 0 {
		return 0
	}
	p, r := c.precision(), c.recall()
	return 2 * p * r / (p + r)
}

// classSizes counts the positives and the negatives.
func classSizes(pos []bool) (nPos, nNeg int) {
	for _, p := range pos {
		if p {
			nPos++
		} else {
			nNeg++
		}
	}
	return nPos, nNeg
}
