package model

import (
	"bufio"
	_ "embed"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"

	"github.com/vigie-project/vigie/lexicon"
	"github.com/vigie-project/vigie/tokenize"
)

// Example is one labelled text to learn from.
type Example struct {
	Text   string
	Label  bool    // true: a text that should be flagged
	Weight float64 // how much it counts; 0 means 1
}

// Algorithm is how Train fits the weights.
type Algorithm uint8

// The training algorithms. Both give a linear model over the same features,
// scored and explained the same way.
const (
	// Logistic is L2-regularised logistic regression fitted by AdaGrad over
	// shuffled examples.
	Logistic Algorithm = iota
	// NaiveBayes is multinomial naive Bayes over binary features (each
	// feature counted once per text) with add-α smoothing: a feature's weight
	// is the log ratio of its smoothed frequencies in the two classes.
	NaiveBayes
)

// String returns "logistic" or "naive-bayes".
func (a Algorithm) String() string {
	switch a {
	case Logistic:
		return "logistic"
	case NaiveBayes:
		return "naive-bayes"
	}
	return fmt.Sprintf("Algorithm(%d)", uint8(a))
}

// Options configure Train. The zero value works: each zero field takes the
// default given beside it.
type Options struct {
	Algorithm Algorithm        // Logistic (default) or NaiveBayes
	Lexicon   *lexicon.Lexicon // the lexicon whose matches give concept, category and context features; nil: lexicon.Default()
	Kinds     Kinds            // the kinds of feature to learn; 0: AllKinds
	// Neutral lists words (normal forms) that never get a weight, nor do the
	// pairs that contain them, nor the lexicon concepts so named: identity
	// and faith words, so that a model cannot learn that naming a group or a
	// religion is a risk. nil: DefaultNeutral(); an empty non-nil slice: none.
	Neutral  []string
	Seed     uint64  // seeds the order in which examples are visited (Logistic); the same seed and data give the same model
	Epochs   int     // passes over the data (Logistic); 0: 10
	Rate     float64 // AdaGrad learning rate (Logistic); 0: 0.05
	L2       float64 // L2 penalty per update (Logistic); 0: 1e-4; negative: none
	Alpha    float64 // add-α smoothing (NaiveBayes); 0: 1
	MinCount int     // features present in fewer training texts are dropped; 0: 3
	// MinWeight drops features whose |weight| is below it after training, to
	// keep the model small; 0: 0.02; negative: keep all.
	MinWeight float64
	// Balance scales the positive examples' weights so that both classes
	// weigh the same in total. The default (false) keeps the weights given.
	Balance bool
	Meta    []string // provenance lines stored in the model (Info().Meta)
}

func (o *Options) defaults() error {
	if o.Lexicon == nil {
		l, err := lexicon.Default()
		if err != nil {
			return err
		}
		o.Lexicon = l
	}
	if o.Kinds == 0 {
		o.Kinds = AllKinds
	}
	if o.Neutral == nil {
		o.Neutral = DefaultNeutral()
	}
	if o.Epochs == 0 {
		o.Epochs = 10
	}
	if o.Rate == 0 {
		o.Rate = 0.05
	}
	if o.L2 == 0 {
		o.L2 = 1e-4
	}
	if o.L2 < 0 {
		o.L2 = 0
	}
	if o.Alpha == 0 {
		o.Alpha = 1
	}
	if o.MinCount == 0 {
		o.MinCount = 3
	}
	if o.MinWeight == 0 {
		o.MinWeight = 0.02
	}
	switch {
	case o.Algorithm != Logistic && o.Algorithm != NaiveBayes:
		return fmt.Errorf("%w: unknown algorithm %d", ErrOptions, o.Algorithm)
	case o.Epochs < 0 || o.Epochs > 1000 || !(o.Rate > 0) || math.IsInf(o.Rate, 0) || math.IsNaN(o.L2) || math.IsInf(o.L2, 0) ||
		!(o.Alpha > 0) || math.IsInf(o.Alpha, 0) || o.MinCount < 0 || math.IsNaN(o.MinWeight):
		return fmt.Errorf("%w: %+v", ErrOptions, *o)
	}
	return nil
}

// describe says in one line how a model was trained.
func (o *Options) describe(examples, kept int) string {
	g := func(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }
	s := fmt.Sprintf("trainer %s examples=%d kinds=%s neutral-words=%d min-count=%d kept=%d min-weight=%s balance=%t",
		o.Algorithm, examples, o.Kinds, len(o.Neutral), o.MinCount, kept, g(o.MinWeight), o.Balance)
	if o.Algorithm == NaiveBayes {
		return s + " alpha=" + g(o.Alpha)
	}
	return s + fmt.Sprintf(" seed=%d epochs=%d rate=%s l2=%s", o.Seed, o.Epochs, g(o.Rate), g(o.L2))
}

// Errors of Train.
var (
	ErrOptions  = errors.New("model: invalid training options")
	ErrExamples = errors.New("model: unusable training examples")
)

//go:embed data/neutral.txt
var neutralFile string

// DefaultNeutral returns the default neutral words (model/data/neutral.txt):
// names of religions, faiths, peoples and groups that hateful and ordinary
// texts both use. A model that weighed them would flag a Muslim for saying
// "Allah" or anyone for naming a minority.
func DefaultNeutral() []string {
	var out []string
	sc := bufio.NewScanner(strings.NewReader(neutralFile))
	for sc.Scan() {
		line, _, _ := strings.Cut(sc.Text(), "#")
		for _, w := range strings.Fields(line) {
			out = append(out, tokenize.Fold(w))
		}
	}
	return out
}

// trainSet is the examples as sparse binary feature vectors.
type trainSet struct {
	names []string  // feature id → name
	count []int     // feature id → number of texts with it
	rows  [][]int32 // example → its feature ids, sorted
	y     []bool
	w     []float64
}

// featurize turns examples into a trainSet, keeping the features present in
// at least o.MinCount texts.
func featurize(examples []Example, o *Options) (*trainSet, error) {
	neutral := make(map[string]bool, len(o.Neutral))
	for _, w := range o.Neutral {
		neutral[w] = true
	}
	isNeutral := func(name string) bool {
		switch KindOf(name) {
		case Word:
			return neutral[name[2:]]
		case Pair:
			a, b, _ := strings.Cut(name[2:], " ")
			return neutral[a] || neutral[b]
		case Concept:
			return neutral[name[2:]]
		}
		return false
	}
	ids := map[uint64]int32{} // hash → id, or -1 for a neutral feature
	ts := &trainSet{}
	var (
		doc     tokenize.Document
		matches []lexicon.Match
		fs      []feat
		row     []int32
	)
	for i, ex := range examples {
		if ex.Weight < 0 || math.IsNaN(ex.Weight) || math.IsInf(ex.Weight, 0) {
			return nil, fmt.Errorf("%w: example %d has weight %g", ErrExamples, i, ex.Weight)
		}
		w := ex.Weight
		if w == 0 {
			w = 1
		}
		doc.Reset(ex.Text)
		matches = o.Lexicon.Match(&doc, matches[:0])
		fs = walk(&doc, matches, o.Lexicon, o.Kinds, fs[:0])
		row = row[:0]
		for k := range fs {
			id, ok := ids[fs[k].h]
			if !ok {
				name := fs[k].name(&doc, matches, o.Lexicon)
				id = int32(len(ts.names))
				if isNeutral(name) {
					id = -1
				} else {
					ts.names = append(ts.names, name)
					ts.count = append(ts.count, 0)
				}
				ids[fs[k].h] = id
			}
			if id >= 0 {
				row = append(row, id)
			}
		}
		slices.Sort(row)
		row = slices.Compact(row)
		for _, id := range row {
			ts.count[id]++
		}
		ts.rows = append(ts.rows, slices.Clone(row))
		ts.y = append(ts.y, ex.Label)
		ts.w = append(ts.w, w)
	}
	// keep frequent features, renumbered in order of first appearance
	keep := make([]int32, len(ts.names))
	var names []string
	var count []int
	for id := range ts.names {
		if ts.count[id] >= o.MinCount {
			keep[id] = int32(len(names))
			names = append(names, ts.names[id])
			count = append(count, ts.count[id])
		} else {
			keep[id] = -1
		}
	}
	for r, row := range ts.rows {
		n := 0
		for _, id := range row {
			if k := keep[id]; k >= 0 {
				row[n] = k
				n++
			}
		}
		ts.rows[r] = row[:n]
	}
	ts.names, ts.count = names, count
	var pos, neg float64
	for i, y := range ts.y {
		if y {
			pos += ts.w[i]
		} else {
			neg += ts.w[i]
		}
	}
	if pos == 0 || neg == 0 {
		return nil, fmt.Errorf("%w: need positive and negative examples (weights %g and %g)", ErrExamples, pos, neg)
	}
	if o.Balance {
		for i, y := range ts.y {
			if y {
				ts.w[i] *= neg / pos
			}
		}
	}
	return ts, nil
}

// Train learns a model from labelled texts. The same examples, in the same
// order, with the same options give the same model, byte for byte (on the
// same platform: Go may fuse floating-point operations differently on
// others). The model's calibration is the identity on z (a = 1, b = 0) and
// its thresholds 0.5 and 0.9 until WithCalibration sets those fitted on
// held-out data.
func Train(examples []Example, opts Options) (*Model, error) {
	o := opts
	if err := o.defaults(); err != nil {
		return nil, err
	}
	ts, err := featurize(examples, &o)
	if err != nil {
		return nil, err
	}
	var (
		weights []float64
		bias    float64
	)
	switch o.Algorithm {
	case NaiveBayes:
		weights, bias = trainNB(ts, o.Alpha)
	default:
		weights, bias = trainLogistic(ts, &o)
	}
	var names []string
	var ws []float32
	for id, w := range weights {
		w32 := float32(w)
		if math.Abs(float64(w32)) < o.MinWeight || w32 == 0 {
			continue
		}
		if math.Abs(float64(w32)) > MaxWeight {
			w32 = float32(math.Copysign(MaxWeight, float64(w32)))
		}
		names = append(names, ts.names[id])
		ws = append(ws, w32)
	}
	bias = math.Max(-MaxWeight, math.Min(MaxWeight, float64(float32(bias))))
	meta := append([]string{o.describe(len(examples), len(ts.names))}, o.Meta...)
	return newModel(names, ws, bias, 1, 0, 0.5, 0.9, meta, false)
}

// trainLogistic fits L2-regularised logistic regression by AdaGrad, visiting
// the examples in an order drawn from o.Seed at each epoch.
func trainLogistic(ts *trainSet, o *Options) ([]float64, float64) {
	const eps = 1e-8
	w := make([]float64, len(ts.names))
	g2 := make([]float64, len(ts.names))
	var bias, bg2 float64
	rng := rand.New(rand.NewPCG(o.Seed, 0x76696769652d6d6f)) // "vigie-mo"
	order := make([]int, len(ts.rows))
	for i := range order {
		order[i] = i
	}
	for epoch := 0; epoch < o.Epochs; epoch++ {
		rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		for _, i := range order {
			row := ts.rows[i]
			z := bias
			for _, id := range row {
				z += w[id]
			}
			y := 0.0
			if ts.y[i] {
				y = 1
			}
			g := float64(ts.w[i] * float64(sigmoid(z)-y))
			bg2 += float64(g * g)
			bias -= float64(o.Rate * g / (math.Sqrt(bg2) + eps))
			for _, id := range row {
				gi := float64(g + float64(o.L2*w[id]))
				g2[id] += float64(gi * gi)
				w[id] -= float64(o.Rate * gi / (math.Sqrt(g2[id]) + eps))
			}
		}
	}
	return w, bias
}

// trainNB fits multinomial naive Bayes over binary features with add-alpha
// smoothing, with sample weights.
func trainNB(ts *trainSet, alpha float64) ([]float64, float64) {
	n := len(ts.names)
	c1 := make([]float64, n)
	c0 := make([]float64, n)
	var t1, t0, d1, d0 float64
	for i, row := range ts.rows {
		for _, id := range row {
			if ts.y[i] {
				c1[id] += ts.w[i]
			} else {
				c0[id] += ts.w[i]
			}
		}
		if ts.y[i] {
			t1 += float64(len(row)) * ts.w[i]
			d1 += ts.w[i]
		} else {
			t0 += float64(len(row)) * ts.w[i]
			d0 += ts.w[i]
		}
	}
	w := make([]float64, n)
	z1 := math.Log(t1 + alpha*float64(n))
	z0 := math.Log(t0 + alpha*float64(n))
	for id := range w {
		w[id] = (math.Log(c1[id]+alpha) - z1) - (math.Log(c0[id]+alpha) - z0)
	}
	return w, math.Log(d1 / d0)
}

// WithCalibration returns a copy of m with Platt scaling
// Calibrate(z) = sigmoid(a·z + b) and the Medium and High thresholds on the
// calibrated probability. The copy shares m's weights, which never change.
func (m *Model) WithCalibration(a, b, medium, high float64) (*Model, error) {
	if err := checkParams(m.bias, a, b, medium, high); err != nil {
		return nil, err
	}
	c := &Model{names: m.names, weights: m.weights, tab: m.tab, bias: m.bias, calA: a, calB: b, medium: medium, high: high,
		meta: m.meta}
	return c, nil
}

// WithMeta returns a copy of m with its provenance lines replaced.
func (m *Model) WithMeta(meta ...string) (*Model, error) {
	c, err := newModel(nil, nil, m.bias, m.calA, m.calB, m.medium, m.high, meta, false)
	if err != nil {
		return nil, err
	}
	c.names, c.weights, c.tab = m.names, m.weights, m.tab
	return c, nil
}

// FitPlatt fits Platt scaling p = sigmoid(a·z + b) to scores z and labels y
// (weights w, or nil for 1 each): Newton's method with a backtracking line
// search on the log-loss (Lin, Lin and Weng's version of Platt's algorithm),
// with Platt's smoothed targets so that a separable set does not drive a to
// infinity. It returns an error when a class is missing or a is not positive
// (scores that do not rank the classes the right way round).
func FitPlatt(z []float64, y []bool, w []float64) (a, b float64, err error) {
	if len(z) != len(y) || w != nil && len(w) != len(z) {
		return 0, 0, fmt.Errorf("%w: %d scores, %d labels, %d weights", ErrExamples, len(z), len(y), len(w))
	}
	weight := func(i int) float64 {
		if w == nil {
			return 1
		}
		return w[i]
	}
	var np, nn float64
	for i := range y {
		if y[i] {
			np += weight(i)
		} else {
			nn += weight(i)
		}
	}
	if np == 0 || nn == 0 {
		return 0, 0, fmt.Errorf("%w: Platt scaling needs both classes", ErrExamples)
	}
	hi, lo := (np+1)/(np+2), 1/(nn+2)
	target := func(i int) float64 {
		if y[i] {
			return hi
		}
		return lo
	}
	// loss is the weighted cross-entropy against the smoothed targets,
	// computed stably from the margin.
	loss := func(a, b float64) float64 {
		var f float64
		for i := range z {
			m := a*z[i] + b
			t := target(i)
			// −[t log σ(m) + (1−t) log(1−σ(m))] = log(1+e^m) − t·m
			f += weight(i) * (softplus(m) - t*m)
		}
		return f
	}
	a, b = 0, math.Log((np+1)/(nn+1))
	f := loss(a, b)
	for iter := 0; iter < 100; iter++ {
		var ga, gb, haa, hab, hbb float64
		for i := range z {
			p := sigmoid(a*z[i] + b)
			d := weight(i) * (p - target(i))
			s := weight(i) * p * (1 - p)
			ga += d * z[i]
			gb += d
			haa += s * z[i] * z[i]
			hab += s * z[i]
			hbb += s
		}
		if math.Abs(ga) < 1e-9*(np+nn) && math.Abs(gb) < 1e-9*(np+nn) {
			break
		}
		const sigma = 1e-12 // keeps the Hessian positive definite
		haa += sigma
		hbb += sigma
		det := haa*hbb - hab*hab
		da := -(hbb*ga - hab*gb) / det
		db := -(haa*gb - hab*ga) / det
		gd := ga*da + gb*db
		step := 1.0
		for ; step >= 1e-10; step /= 2 {
			na, nb := a+step*da, b+step*db
			if nf := loss(na, nb); nf < f+1e-4*step*gd {
				a, b, f = na, nb, nf
				break
			}
		}
		if step < 1e-10 {
			break
		}
	}
	if !(a > 0) || a > MaxWeight || math.IsNaN(b) || math.Abs(b) > MaxWeight {
		return 0, 0, fmt.Errorf("%w: Platt scaling gave a = %g, b = %g", ErrExamples, a, b)
	}
	return a, b, nil
}

// softplus is log(1 + e^x), without overflow.
func softplus(x float64) float64 {
	if x > 30 {
		return x
	}
	if x < -30 {
		return math.Exp(x)
	}
	return math.Log1p(math.Exp(x))
}
