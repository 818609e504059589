package main

import (
	"bufio"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"slices"
	"sort"
	"strings"

	"github.com/vigie-project/vigie/lexicon"
	"github.com/vigie-project/vigie/model"
	"github.com/vigie-project/vigie/tokenize"
)

// errData is wrapped by errors about the training data.
var errData = errors.New("train: unusable training data")

// trainSet is the samples as sparse binary feature vectors.
type trainSet struct {
	names   []string       // feature id → name
	count   []int          // feature id → number of texts with it
	bounded []bool         // feature id → a topic name: its weights may not be positive
	rows    [][]int32      // sample → its feature ids, sorted
	samples []*sample      // sample of each row
	index   map[string]int // name → id
}

// featureKind is the kind of a feature name.
func featureKind(name string) model.Kind { return model.KindOf(name) }

// wordsOf returns the words of a word or pair feature, or nil.
func wordsOf(name string) []string {
	switch featureKind(name) {
	case model.Word:
		return []string{name[2:]}
	case model.Pair:
		a, b, _ := strings.Cut(name[2:], " ")
		return []string{a, b}
	case model.Concept:
		return []string{name[2:]}
	}
	return nil
}

// featurize turns samples into a trainSet, keeping the features present in
// at least c.minCount texts, dropping the neutral words (and the pairs that
// hold one) and marking the topic names (and their pairs) as bounded.
func featurize(c *config, lex *lexicon.Lexicon, samples []*sample, neutral, topics map[string]bool) (*trainSet, error) {
	ids := map[string]int32{}
	var names []string
	var count []int
	var rows [][]int32
	var doc tokenize.Document
	var matches []lexicon.Match
	for _, s := range samples {
		doc.Reset(s.Text)
		lex.Unglue(&doc)
		matches = lex.Match(&doc, matches[:0])
		var row []int32
	names:
		for _, name := range model.Features(&doc, matches, lex) {
			id, ok := ids[name]
			if !ok {
				for _, w := range wordsOf(name) {
					if neutral[w] {
						ids[name] = -1
						continue names
					}
				}
				id = int32(len(names))
				ids[name] = id
				names = append(names, name)
				count = append(count, 0)
			}
			if id >= 0 {
				row = append(row, id)
			}
		}
		slices.Sort(row)
		row = slices.Compact(row)
		for _, id := range row {
			count[id]++
		}
		rows = append(rows, row)
	}
	ts := &trainSet{index: map[string]int{}}
	keep := make([]int32, len(names))
	for id, name := range names {
		if count[id] < c.minCount {
			keep[id] = -1
			continue
		}
		keep[id] = int32(len(ts.names))
		ts.index[name] = len(ts.names)
		ts.names = append(ts.names, name)
		ts.count = append(ts.count, count[id])
		bounded := false
		for _, w := range wordsOf(name) {
			bounded = bounded || topics[w]
		}
		ts.bounded = append(ts.bounded, bounded)
	}
	for r, row := range rows {
		n := 0
		for _, id := range row {
			if k := keep[id]; k >= 0 {
				row[n] = k
				n++
			}
		}
		ts.rows = append(ts.rows, row[:n])
		ts.samples = append(ts.samples, samples[r])
	}
	return ts, nil
}

// heads are the weights learnt for each head.
type heads struct {
	w    [][model.Heads]float64
	bias [model.Heads]float64
}

// learn fits one L2-regularised logistic regression per head by AdaGrad,
// over the same rows, visiting the samples in an order drawn from the seed
// at each epoch. Each head learns from the samples labelled for it; the
// positives' weights are scaled so that they weigh as much as the
// negatives. Bounded features (topic names) never keep a positive weight.
func learn(c *config, ts *trainSet) (*heads, [model.Heads][2]float64, error) {
	const eps = 1e-8
	var mass [model.Heads][2]float64 // negative and positive weight per head
	for _, s := range ts.samples {
		for h := range model.Heads {
			if s.y[h] >= 0 {
				mass[h][s.y[h]] += s.w[h]
			}
		}
	}
	var scale [model.Heads]float64
	for h := range model.Heads {
		if mass[h][0] == 0 || mass[h][1] == 0 {
			return nil, mass, fmt.Errorf("%w: the %s head needs positive and negative samples (weights %g and %g)", errData,
				model.HeadNames[h], mass[h][1], mass[h][0])
		}
		scale[h] = mass[h][0] / mass[h][1]
	}
	n := len(ts.names)
	hs := &heads{w: make([][model.Heads]float64, n)}
	g2 := make([][model.Heads]float64, n)
	var bg2 [model.Heads]float64
	rng := rand.New(rand.NewPCG(c.seed, 0x76696769652d6d6f)) // "vigie-mo"
	order := make([]int, len(ts.rows))
	for i := range order {
		order[i] = i
	}
	for epoch := 0; epoch < c.epochs; epoch++ {
		rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		for _, i := range order {
			row, s := ts.rows[i], ts.samples[i]
			for h := range model.Heads {
				if s.y[h] < 0 || s.w[h] == 0 {
					continue
				}
				z := hs.bias[h]
				for _, id := range row {
					z += hs.w[id][h]
				}
				wt := s.w[h]
				if s.y[h] == 1 {
					wt *= scale[h]
				}
				g := wt * (sigmoid(z) - float64(s.y[h]))
				bg2[h] += g * g
				hs.bias[h] -= c.rate * g / (math.Sqrt(bg2[h]) + eps)
				for _, id := range row {
					gi := g + c.l2*hs.w[id][h]
					g2[id][h] += gi * gi
					w := hs.w[id][h] - c.rate*gi/(math.Sqrt(g2[id][h])+eps)
					if ts.bounded[id] && w > 0 {
						w = 0
					}
					hs.w[id][h] = w
				}
			}
		}
	}
	return hs, mass, nil
}

func sigmoid(x float64) float64 {
	if x >= 0 {
		return 1 / (1 + math.Exp(-x))
	}
	e := math.Exp(x)
	return e / (1 + e)
}

// fitPlatt fits Platt scaling p = sigmoid(a·z + b) to scores z and labels y
// (weights w): Newton's method with a backtracking line search on the
// log-loss (Lin, Lin and Weng's version of Platt's algorithm), with Platt's
// smoothed targets so that a separable set does not drive a to infinity.
func fitPlatt(z []float64, y []bool, w []float64) (a, b float64, err error) {
	var np, nn float64
	for i := range y {
		if y[i] {
			np += w[i]
		} else {
			nn += w[i]
		}
	}
	if np == 0 || nn == 0 {
		return 0, 0, fmt.Errorf("%w: Platt scaling needs both classes", errData)
	}
	hi, lo := (np+1)/(np+2), 1/(nn+2)
	target := func(i int) float64 {
		if y[i] {
			return hi
		}
		return lo
	}
	loss := func(a, b float64) float64 {
		var f float64
		for i := range z {
			m := a*z[i] + b
			f += w[i] * (softplus(m) - target(i)*m)
		}
		return f
	}
	a, b = 0, math.Log((np+1)/(nn+1))
	f := loss(a, b)
	for iter := 0; iter < 100; iter++ {
		var ga, gb, haa, hab, hbb float64
		for i := range z {
			p := sigmoid(a*z[i] + b)
			d := w[i] * (p - target(i))
			s := w[i] * p * (1 - p)
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
	if !(a > 0) || a > model.MaxWeight || math.IsNaN(b) || math.Abs(b) > model.MaxWeight {
		return 0, 0, fmt.Errorf("%w: Platt scaling gave a = %g, b = %g (the scores do not rank the classes)", errData, a, b)
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

// transfer gives French words that training never saw (or saw too rarely to
// keep) the weights that English words learnt, through the English-French
// dictionaries: each French translation of an English word feature w:X
// whose largest absolute weight is at least c.transferMin gets, for each
// head, scale × the mean weight of the English words it translates. Words
// of one language that the other also writes the same way are left alone.
// It returns the French features added, as names and weights.
func transfer(c *config, ts *trainSet, hs *heads, neutral, topics map[string]bool) (names []string, ws [][model.Heads]float64, pairs int, err error) {
	type acc struct {
		sum [model.Heads]float64
		n   int
	}
	fr := map[string]*acc{}
	for _, path := range c.dicts {
		f, err := os.Open(path)
		if err != nil {
			return nil, nil, 0, err
		}
		sc := bufio.NewScanner(f)
		for first := true; sc.Scan(); first = false {
			cols := strings.Split(sc.Text(), "\t")
			if first || len(cols) < 3 {
				continue
			}
			switch cols[2] {
			case "noun", "verb", "adj", "adv":
			default:
				continue
			}
			en, frw := tokenize.Fold(cols[0]), tokenize.Fold(cols[1])
			if !plainWord(en) || !plainWord(frw) || len(frw) < 3 || en == frw {
				continue
			}
			id, ok := ts.index["w:"+en]
			if !ok {
				continue
			}
			w := hs.w[id]
			if max(math.Abs(w[0]), math.Abs(w[1]), math.Abs(w[2])) < c.transferMin {
				continue
			}
			if _, known := ts.index["w:"+frw]; known || neutral[frw] || topics[frw] {
				continue
			}
			a := fr[frw]
			if a == nil {
				a = &acc{}
				fr[frw] = a
			}
			for h := range model.Heads {
				a.sum[h] += w[h]
			}
			a.n++
			pairs++
		}
		f.Close()
		if err := sc.Err(); err != nil {
			return nil, nil, 0, err
		}
	}
	keys := make([]string, 0, len(fr))
	for k := range fr {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		a := fr[k]
		var w [model.Heads]float64
		for h := range model.Heads {
			w[h] = c.transferScale * a.sum[h] / float64(a.n)
		}
		names = append(names, "w:"+k)
		ws = append(ws, w)
	}
	return names, ws, pairs, nil
}

// plainWord reports whether w is one word of letters a to z, as the
// model's word features are once normalised.
func plainWord(w string) bool {
	if w == "" || len(w) > 32 {
		return false
	}
	for i := 0; i < len(w); i++ {
		if c := w[i]; c < 'a' || c > 'z' {
			return false
		}
	}
	return true
}
