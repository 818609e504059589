// Command train learns Vigie's linear model from the labelled corpus and
// writes it in the format of package model.
//
// Usage:
//
//	go run ./examples/train [-data ../shared/data] [-seed 1] [-o model/data/vigie.model]
//	    [-own training/own.jsonl] [-calib-cases training/calibration.jsonl]
//
// It reads corpus/train.jsonl from the shared data (only records whose use
// is "train") and the training part of training/own.jsonl (cases we wrote,
// all negatives), maps labels to positive (jihadist, hate) and negative
// (religious, normal, offensive, and our news, counter-speech, religious and
// idiom cases), and trains.
//
// Calibration and thresholds come from permitted data only, never from a
// record whose use is "eval-only" (SOURCES.md: nothing shipped may be derived
// from those): the dev records whose use is "train" (isis-fanboy, mlma,
// stormfront, bible; milieu left out), the calibration part of own.jsonl
// (a deterministic third of it, stratified by label and language, never
// trained on: see ownSplit) and training/calibration.jsonl (cases we wrote
// for calibration only, negatives and positives). Platt scaling is fitted on
// them; Medium is the lowest calibrated probability that flags at most
// -medium-fpr of our calibration hard negatives and at most -medium-fpr of
// each of the dev bible verses and MLMA normal tweets; High the same at
// -high-fpr.
//
// It then writes the model and prints what it learnt (the strongest features
// of each class), the flagged shares on the calibration data, and its figures
// on the whole dev split, eval-only records included (measurement only: they
// feed nothing back into the model): ROC AUC overall, per language and per
// positive label, the share flagged per source and label at the two
// thresholds. Nothing is read from test.jsonl.
//
// The same data, flags and seed give the same model file, byte for byte.
package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"hash"
	"hash/fnv"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/vigie-project/vigie/internal/corpus"
	"github.com/vigie-project/vigie/lexicon"
	"github.com/vigie-project/vigie/model"
	"github.com/vigie-project/vigie/tokenize"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// config is what the flags say.
type config struct {
	data, own, out  string
	calibCases      string
	seed            uint64
	algo            string
	isisWeight      float64
	isisMode        string
	milieuWeight    float64
	offensiveWeight float64
	ownWeight       float64
	mediumFPR       float64
	highFPR         float64
	top             int
	epochs          int
	rate, l2        float64
	minCount        int
	minWeight       float64
	kinds           string
	noNeutral       bool
	balance         bool
	dryRun          bool
	casesDir        string
	reportNegatives int
}

func run(args []string, stdout, stderr io.Writer) int {
	var c config
	fs := flag.NewFlagSet("train", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&c.data, "data", "", "the shared data directory (default: ../shared/data beside the repository, or $VIGIE_DATA)")
	fs.StringVar(&c.own, "own", "training/own.jsonl", "our own training cases (JSON lines: id, lang, label, text, note); \"\" for none")
	fs.StringVar(&c.out, "o", "model/data/vigie.model", "where to write the model; \"\" or -n: do not write")
	fs.Uint64Var(&c.seed, "seed", 1, "seed of the order in which examples are visited")
	fs.StringVar(&c.algo, "algo", "logistic", "logistic, naive-bayes, or compare (train both, keep the better dev AUC)")
	fs.Float64Var(&c.isisWeight, "isis-weight", 0.05, "weight of a pro-ISIS tweet that has no lexicon evidence (the label is by account, not by tweet)")
	fs.StringVar(&c.isisMode, "isis", "evidence", "how pro-ISIS tweets count: evidence (weight 1 with a lexicon signal, -isis-weight without), flat (all -isis-weight), all (all 1)")
	fs.Float64Var(&c.milieuWeight, "milieu-weight", 0.3, "weight of Stormfront \"milieu\" sentences as negatives (0: excluded)")
	fs.Float64Var(&c.offensiveWeight, "offensive-weight", 0.3, "weight of MLMA \"offensive\" tweets as negatives (0: excluded)")
	fs.Float64Var(&c.ownWeight, "own-weight", 3, "weight of each of our own cases")
	fs.StringVar(&c.calibCases, "calib-cases", "training/calibration.jsonl", "our own calibration-only cases (never trained on); \"\" for none")
	fs.Float64Var(&c.mediumFPR, "medium-fpr", 0.01, "the Medium threshold is the lowest that flags at most this share of our calibration hard negatives and of each of the dev use=train negatives (bible, mlma normal)")
	fs.Float64Var(&c.highFPR, "high-fpr", 0.002, "the same for High")
	fs.IntVar(&c.top, "top", 30, "how many of the strongest features of each class to print")
	fs.IntVar(&c.epochs, "epochs", 0, "training passes (0: the model package's default)")
	fs.Float64Var(&c.rate, "rate", 0, "AdaGrad learning rate (0: default)")
	fs.Float64Var(&c.l2, "l2", 0, "L2 penalty (0: default)")
	fs.IntVar(&c.minCount, "min-count", 0, "drop features present in fewer training texts (0: default)")
	fs.Float64Var(&c.minWeight, "min-weight", 0, "drop features whose |weight| is smaller (0: default)")
	fs.StringVar(&c.kinds, "kinds", "w,b,k,c,x", "feature kinds to learn: w word, b pair, k concept, c category, x context")
	fs.BoolVar(&c.noNeutral, "no-neutral", false, "let identity and faith words have weights (for measuring; never ship)")
	fs.BoolVar(&c.balance, "balance", true, "scale the positives so that both classes weigh the same")
	fs.BoolVar(&c.dryRun, "n", false, "do not write the model")
	fs.StringVar(&c.casesDir, "cases", "", "also report AUC per language on these hand-written cases (testdata/cases): for reporting only, never for tuning")
	fs.IntVar(&c.reportNegatives, "examples", 0, "print up to N flagged dev texts of each hard-negative label (error analysis)")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintln(stderr, "train: unexpected arguments:", fs.Args())
		return 2
	}
	if err := c.check(); err != nil {
		fmt.Fprintln(stderr, "train:", err)
		return 2
	}
	if err := train(&c, stdout); err != nil {
		fmt.Fprintln(stderr, "train:", err)
		return 1
	}
	return 0
}

// check validates the flags before any data is read.
func (c *config) check() error {
	switch c.algo {
	case "logistic", "naive-bayes", "compare":
	default:
		return fmt.Errorf("unknown -algo %q: want logistic, naive-bayes or compare", c.algo)
	}
	switch c.isisMode {
	case "evidence", "flat", "all":
	default:
		return fmt.Errorf("unknown -isis %q: want evidence, flat or all", c.isisMode)
	}
	if _, err := parseKinds(c.kinds); err != nil {
		return err
	}
	for _, w := range []float64{c.isisWeight, c.milieuWeight, c.offensiveWeight, c.ownWeight} {
		if w < 0 || math.IsNaN(w) || math.IsInf(w, 0) {
			return fmt.Errorf("weights must be finite and ≥ 0, got %g", w)
		}
	}
	if !(c.mediumFPR > 0 && c.mediumFPR < 1 && c.highFPR > 0 && c.highFPR <= c.mediumFPR) {
		return fmt.Errorf("want 0 < -high-fpr ≤ -medium-fpr < 1")
	}
	return nil
}

// sample is one record with its label mapped and its training weight.
type sample struct {
	corpus.Record
	pos    bool
	weight float64
	origin string // for calibration samples: originDev, originOwn or originCases
}

// Where a calibration sample comes from.
const (
	originDev   = "dev use=train"
	originOwn   = "own.jsonl calibration part"
	originCases = "calibration cases"
)

// positive and negative labels.
var (
	positiveLabels = map[string]bool{"jihadist": true, "hate": true}
	// hard negatives: what Vigie must not flag. The thresholds are chosen on
	// our own calibration cases with these labels (idiom exists only there).
	hardNegatives = []string{"news", "news-terror", "counter", "religious", "idiom"}
	// devTrainNegatives are the dev labels (of records whose use is "train")
	// that each bound the thresholds too: bible verses and MLMA normal tweets.
	devTrainNegatives = []string{"religious", "normal"}
)

func train(c *config, stdout io.Writer) error {
	if c.data == "" {
		d, err := corpus.Dir()
		if err != nil {
			return err
		}
		c.data = d
	}
	lex, err := lexicon.Default()
	if err != nil {
		return err
	}
	kinds, err := parseKinds(c.kinds)
	if err != nil {
		return err
	}
	start := time.Now()
	trainPath := filepath.Join(c.data, "corpus", "train.jsonl")
	devPath := filepath.Join(c.data, "corpus", "dev.jsonl")
	trainRecs, err := corpus.Read(trainPath)
	if err != nil {
		return err
	}
	var ownRecs []corpus.Record
	if c.own != "" {
		if ownRecs, err = corpus.Read(c.own); err != nil {
			return err
		}
	}
	ownTrain, ownCalib := ownSplit(ownRecs)
	var caseRecs []corpus.Record
	if c.calibCases != "" {
		if caseRecs, err = corpus.Read(c.calibCases); err != nil {
			return err
		}
	}
	samples, summary := trainingSamples(c, trainRecs, ownTrain, lex)
	if len(samples) == 0 {
		return errors.New("no training records")
	}
	examples := make([]model.Example, len(samples))
	for i, s := range samples {
		examples[i] = model.Example{Text: s.Text, Label: s.pos, Weight: s.weight}
	}
	devRecs, err := corpus.Read(devPath)
	if err != nil {
		return err
	}
	dev := devSamples(devRecs)
	calib := calibSamples(dev, ownCalib, caseRecs)
	loaded := time.Since(start)

	opts := model.Options{Lexicon: lex, Kinds: kinds, Seed: c.seed, Epochs: c.epochs, Rate: c.rate, L2: c.l2,
		MinCount: c.minCount, MinWeight: c.minWeight, Balance: c.balance,
		Meta: dataMeta(c, summary, trainPath, len(ownTrain), len(ownCalib))}
	if c.noNeutral {
		opts.Neutral = []string{}
	}
	var algos []model.Algorithm
	switch c.algo {
	case "logistic":
		algos = []model.Algorithm{model.Logistic}
	case "naive-bayes":
		algos = []model.Algorithm{model.NaiveBayes}
	case "compare":
		algos = []model.Algorithm{model.Logistic, model.NaiveBayes}
	default:
		return fmt.Errorf("unknown -algo %q", c.algo)
	}
	var (
		best      *model.Model
		bestZ     []float64
		bestAUC   = -1.0
		bestAlgo  model.Algorithm
		trainTime time.Duration
	)
	for _, a := range algos {
		opts.Algorithm = a
		t0 := time.Now()
		m, err := model.Train(examples, opts)
		if err != nil {
			return err
		}
		d := time.Since(t0)
		z := scoreAll(m, lex, dev)
		auc := aucOf(dev, z, isPositive, isNegative)
		fmt.Fprintf(stdout, "%-12s trained in %v on %d texts: %d features, dev AUC (positives vs all negatives) %.4f\n", a, d.Round(time.Millisecond), len(examples), m.Len(), auc)
		if auc > bestAUC {
			best, bestZ, bestAUC, bestAlgo, trainTime = m, z, auc, a, d
		}
	}
	if len(algos) > 1 {
		fmt.Fprintf(stdout, "keeping %s (higher dev AUC)\n", bestAlgo)
	}
	m, z := best, bestZ

	// calibration and thresholds on the permitted data only: no eval-only record
	cz := scoreAll(m, lex, calib)
	cy := make([]bool, len(calib))
	for i := range calib {
		cy[i] = calib[i].pos
	}
	a, b, err := model.FitPlatt(cz, cy, nil)
	if err != nil {
		return err
	}
	platt := func(z []float64) []float64 {
		p := make([]float64, len(z))
		for i := range z {
			p[i] = 1 / (1 + math.Exp(-(a*z[i] + b)))
		}
		return p
	}
	p, cp := platt(z), platt(cz)
	groups := thresholdGroups(calib, cp)
	medium, mediumBy := threshold(groups, c.mediumFPR)
	high, highBy := threshold(groups, c.highFPR)
	high = math.Max(medium, high)
	fmt.Fprintf(stdout, "thresholds (permitted calibration data only): medium %.4f (set by %s), high %.4f (set by %s)\n", medium, mediumBy, high, highBy)
	meta := append(m.Info().Meta, calibMeta(c, calib)...)
	if m, err = m.WithCalibration(a, b, medium, high); err != nil {
		return err
	}
	if m, err = m.WithMeta(meta...); err != nil {
		return err
	}
	var buf bytes.Buffer
	if _, err := m.WriteTo(&buf); err != nil {
		return err
	}
	if c.out != "" && !c.dryRun {
		if err := os.WriteFile(c.out, buf.Bytes(), 0o644); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "wrote %s: %d bytes, %d features\n", c.out, buf.Len(), m.Len())
	} else {
		fmt.Fprintf(stdout, "model not written: %d bytes, %d features\n", buf.Len(), m.Len())
	}
	fmt.Fprintf(stdout, "time: reading %v, training %v\n\n", loaded.Round(time.Millisecond), trainTime.Round(time.Millisecond))
	for _, l := range meta {
		fmt.Fprintln(stdout, "meta:", l)
	}
	fmt.Fprintln(stdout)
	printTop(stdout, m, c.top)
	reportCalibration(stdout, calib, cp, medium, high)
	report(stdout, c, dev, z, p, medium, high)
	if c.casesDir != "" {
		if err := reportCases(stdout, c.casesDir, m, lex); err != nil {
			return err
		}
	}
	return nil
}

func parseKinds(s string) (model.Kinds, error) {
	var ks model.Kinds
	for _, f := range strings.Split(s, ",") {
		k := model.KindOf(strings.TrimSpace(f) + ":x")
		if k == 0 {
			return 0, fmt.Errorf("unknown feature kind %q in -kinds", f)
		}
		ks |= model.KindSet(k)
	}
	return ks, nil
}

// trainingSamples maps the train records and our own cases to weighted
// examples, and summarises what was kept, in a fixed order.
func trainingSamples(c *config, recs, own []corpus.Record, lex *lexicon.Lexicon) ([]sample, []string) {
	type key struct{ source, label string }
	type tally struct {
		n int
		w float64
	}
	counts := map[key]*tally{}
	var out []sample
	add := func(r corpus.Record, pos bool, w float64) {
		out = append(out, sample{Record: r, pos: pos, weight: w})
		k := key{r.Source, r.Label}
		if counts[k] == nil {
			counts[k] = &tally{}
		}
		counts[k].n++
		counts[k].w += w
	}
	var doc tokenize.Document
	var matches []lexicon.Match
	for _, r := range recs {
		if r.Use != "train" {
			continue
		}
		switch {
		case r.Source == "isis-fanboy":
			if r.Lang == "ar" {
				continue // Vigie reads French and English; Arabic script appears only in this source
			}
			w := c.isisWeight
			switch c.isisMode {
			case "all":
				w = 1
			case "evidence":
				doc.Reset(r.Text)
				matches = lex.Match(&doc, matches[:0])
				if hasEvidence(lex, matches) {
					w = 1
				}
			}
			if w > 0 {
				add(r, true, w)
			}
		case r.Label == "milieu":
			if c.milieuWeight > 0 {
				add(r, false, c.milieuWeight)
			}
		case r.Label == "offensive":
			if c.offensiveWeight > 0 {
				add(r, false, c.offensiveWeight)
			}
		default:
			add(r, positiveLabels[r.Label], 1)
		}
	}
	for _, r := range own {
		if r.Source == "" {
			r.Source = "own"
		}
		add(r, positiveLabels[r.Label], c.ownWeight)
	}
	keys := make([]key, 0, len(counts))
	for k := range counts {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if keys[i].source != keys[j].source {
			return keys[i].source < keys[j].source
		}
		return keys[i].label < keys[j].label
	})
	var summary []string
	for _, k := range keys {
		t := counts[k]
		summary = append(summary, fmt.Sprintf("%s/%s n=%d weight=%s", k.source, k.label, t.n, strconv.FormatFloat(t.w, 'f', 1, 64)))
	}
	return out, summary
}

// hasEvidence reports whether a text has a lexicon signal of a jihadist or
// hateful stance (any signal but the mere topic).
func hasEvidence(lex *lexicon.Lexicon, matches []lexicon.Match) bool {
	for _, m := range matches {
		e := lex.Entry(int(m.Entry))
		if e.Category.Class() == lexicon.Signal && e.Category != lexicon.Topic {
			return true
		}
	}
	return false
}

func devSamples(recs []corpus.Record) []sample {
	out := make([]sample, 0, len(recs))
	for _, r := range recs {
		if r.Lang == "ar" {
			continue
		}
		out = append(out, sample{Record: r, pos: positiveLabels[r.Label], weight: 1})
	}
	return out
}

// ownSplit splits our own cases deterministically into a training part
// (about two thirds) and a calibration part (about a third, never trained
// on), stratified by label and language: within each label and language,
// the cases are ordered by the FNV-1a 64-bit hash of their id and every third
// (rank 2, 5, 8…) goes to calibration. Both parts keep the file's order.
func ownSplit(recs []corpus.Record) (train, calib []corpus.Record) {
	type key struct{ label, lang string }
	idHash := func(id string) uint64 {
		h := fnv.New64a()
		h.Write([]byte(id))
		return h.Sum64()
	}
	strata := map[key][]int{}
	for i, r := range recs {
		k := key{r.Label, r.Lang}
		strata[k] = append(strata[k], i)
	}
	isCalib := make([]bool, len(recs))
	for _, idx := range strata {
		sort.Slice(idx, func(i, j int) bool {
			hi, hj := idHash(recs[idx[i]].ID), idHash(recs[idx[j]].ID)
			if hi != hj {
				return hi < hj
			}
			return recs[idx[i]].ID < recs[idx[j]].ID
		})
		for rank, i := range idx {
			isCalib[i] = rank%3 == 2
		}
	}
	for i, r := range recs {
		if isCalib[i] {
			calib = append(calib, r)
		} else {
			train = append(train, r)
		}
	}
	return train, calib
}

// calibSamples gathers the permitted calibration data: the dev records
// whose use is "train" (milieu left out: not a clean negative), the
// calibration part of our own cases, and our calibration-only cases. No
// eval-only record is ever included.
func calibSamples(dev []sample, ownCalib, cases []corpus.Record) []sample {
	var out []sample
	for _, s := range dev {
		if s.Use == "train" && s.Label != "milieu" {
			s.origin = originDev
			out = append(out, s)
		}
	}
	for _, rs := range []struct {
		recs   []corpus.Record
		origin string
	}{{ownCalib, originOwn}, {cases, originCases}} {
		for _, r := range rs.recs {
			if r.Source == "" {
				r.Source = "own"
			}
			out = append(out, sample{Record: r, pos: positiveLabels[r.Label], weight: 1, origin: rs.origin})
		}
	}
	return out
}

func isOurs(s *sample) bool { return s.origin == originOwn || s.origin == originCases }

func isPositive(s *sample) bool { return s.pos }
func isNegative(s *sample) bool { return !s.pos && s.Label != "milieu" }

func isHard(label string) bool { return slices.Contains(hardNegatives, label) }

// scoreAll returns the model's z for each sample.
func scoreAll(m *model.Model, lex *lexicon.Lexicon, ss []sample) []float64 {
	var doc tokenize.Document
	var matches []lexicon.Match
	var contrib []model.Contribution
	z := make([]float64, len(ss))
	for i := range ss {
		doc.Reset(ss[i].Text)
		matches = lex.Match(&doc, matches[:0])
		z[i], contrib = m.Score(&doc, matches, lex, contrib)
	}
	return z
}

// thresholdGroup is a set of calibration negatives whose flagged share
// bounds the thresholds.
type thresholdGroup struct {
	name string
	p    []float64
}

// thresholdGroups returns the calibrated probabilities of the calibration
// negatives that bound the thresholds, in a fixed order: our hard negatives
// together, then each dev use=train negative label.
func thresholdGroups(calib []sample, p []float64) []thresholdGroup {
	ours := thresholdGroup{name: "our calibration hard negatives (" + strings.Join(hardNegatives, ", ") + ")"}
	dev := make([]thresholdGroup, len(devTrainNegatives))
	for j, l := range devTrainNegatives {
		dev[j].name = "dev use=train " + l
	}
	for i := range calib {
		s := &calib[i]
		switch {
		case s.pos:
		case isOurs(s) && isHard(s.Label):
			ours.p = append(ours.p, p[i])
		case s.origin == originDev:
			if j := slices.Index(devTrainNegatives, s.Label); j >= 0 {
				dev[j].p = append(dev[j].p, p[i])
			}
		}
	}
	return append([]thresholdGroup{ours}, dev...)
}

// threshold returns the lowest probability t such that, in each group, at
// most a share of the values are ≥ t, rounded up to 4 decimals, and the
// group that set it.
func threshold(groups []thresholdGroup, share float64) (float64, string) {
	// lowest t with at most share·n values ≥ t
	bound := func(ps []float64) float64 {
		ps = slices.Clone(ps)
		sort.Float64s(ps)
		allowed := int(math.Floor(share * float64(len(ps)) * (1 + 1e-9)))
		k := len(ps) - 1 - allowed // the (allowed+1)-th highest must be below t
		if k < 0 {
			return 0
		}
		return math.Nextafter(ps[k], 2)
	}
	t, by := 0.0, "no constraint"
	for _, g := range groups {
		if v := bound(g.p); v > t {
			t, by = v, g.name
		}
	}
	// round up to 4 decimals so that the file is readable; still above the bound
	t = math.Ceil(t*1e4) / 1e4
	return math.Min(math.Max(t, 1e-4), 0.9999), by
}

// dataMeta describes the training data: stored in the model.
func dataMeta(c *config, summary []string, trainPath string, ownTrain, ownCalib int) []string {
	lines := []string{
		fmt.Sprintf("data corpus/train.jsonl (use=train) sha256=%s", fileHash(trainPath)),
		fmt.Sprintf("data isis-fanboy: mode=%s weight-without-evidence=%g, Arabic dropped; stormfront milieu weight=%g; mlma offensive weight=%g; own cases weight=%g",
			c.isisMode, c.isisWeight, c.milieuWeight, c.offensiveWeight, c.ownWeight),
	}
	if c.own != "" {
		lines = append(lines, fmt.Sprintf("data own cases %s sha256=%s: trained on its training part (n=%d); its calibration part (n=%d; per label and language, every third id by FNV-1a hash) is never trained on",
			filepath.Base(c.own), fileHash(c.own), ownTrain, ownCalib))
	}
	for _, s := range summary {
		lines = append(lines, "count "+s)
	}
	return lines
}

// calibMeta describes the calibration and thresholds: stored in the model.
func calibMeta(c *config, calib []sample) []string {
	type tally struct {
		n int
		h hash.Hash
	}
	origins := []string{originDev, originOwn, originCases}
	t := map[string]*tally{}
	for _, o := range origins {
		t[o] = &tally{h: sha256.New()}
	}
	for i := range calib {
		x := t[calib[i].origin]
		x.n++
		fmt.Fprintf(x.h, "%s\t%s\t%s\n", calib[i].ID, calib[i].Label, calib[i].Text)
	}
	sum := func(o string) string { return hex.EncodeToString(t[o].h.Sum(nil)[:8]) }
	casesName := "none"
	if c.calibCases != "" {
		casesName = filepath.Base(c.calibCases)
	}
	return []string{
		fmt.Sprintf("calibration Platt on permitted data only, no eval-only record: corpus/dev.jsonl use=train records, milieu and Arabic left out (n=%d sha256=%s); own.jsonl calibration part (n=%d sha256=%s); %s (n=%d sha256=%s)",
			t[originDev].n, sum(originDev), t[originOwn].n, sum(originOwn), casesName, t[originCases].n, sum(originCases)),
		fmt.Sprintf("thresholds from the same data: medium flags <= %g of our calibration hard negatives (own.jsonl calibration part and %s: %s) and <= %g of each of dev use=train %s; high: the same at %g",
			c.mediumFPR, casesName, strings.Join(hardNegatives, ", "), c.mediumFPR, strings.Join(devTrainNegatives, ", "), c.highFPR),
	}
}

func fileHash(path string) string {
	b, err := os.ReadFile(path)
	if err != nil {
		return "unreadable"
	}
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:8])
}
