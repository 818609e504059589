package main

import (
	"fmt"
	"io"
	"math"
	"path/filepath"
	"strings"

	"github.com/vigie-project/vigie/classify"
	"github.com/vigie-project/vigie/internal/corpus"
)

// The per-category evaluation measures each of Vigie's three probabilities
// (Result.Scores: extremism, violence, hate) on the records whose labels mean
// that kind of risk, the same definitions as the training program's
// (examples/train, devPositive). A text's category positives are compared
// with the negatives of the same language(s): the hard negatives and
// offensive (isNegative). A record that is a positive of another category
// only (a hate post for violence) is neither: its stance on this risk is
// not labelled, or is labelled by another category.

// category is one kind of risk and the corpus records that are its
// positives.
type category struct {
	risk       classify.Risk
	positives  string // what the positives are, for the report
	isPositive func(r *corpus.Record) bool
}

// categories are the kinds of risk in the order of classify.Risk.
var categories = []category{
	{classify.Extremism, "`jihadist` (the pro-ISIS accounts' tweets)",
		func(r *corpus.Record) bool { return r.Label == "jihadist" }},
	{classify.Violence, "`threat` (jigsaw-fr) and Gab posts tagged `cv` (call for violence)",
		func(r *corpus.Record) bool { return r.Label == "threat" || r.Source == "gab" && r.HasTag("cv") }},
	{classify.Hate, "`hate` of every source, except the finely labelled Gab posts without the tag `hd` (assault on human dignity)",
		func(r *corpus.Record) bool {
			return r.Label == "hate" && (r.Source != "gab" || len(r.Tags) == 0 || r.HasTag("hd"))
		}},
}

// categoryLangs are the languages of the per-category tables; "all" is every
// language Vigie reads a record in (Arabic is left out: Vigie reads French
// and English, and Arabic tweets are shown in the per-source table).
var categoryLangs = []string{"all", "en", "fr"}

// keep returns the selection of the category's positives and negatives in
// lang.
func (c category) keep(lang string) func(r *corpus.Record) (in, pos bool) {
	return func(r *corpus.Record) (bool, bool) {
		if r.Lang == "ar" || !inLang(r, lang) {
			return false, false
		}
		if c.isPositive(r) {
			return true, true
		}
		return isNegative(r.Label), false
	}
}

// kindScores returns the system's probability of risk k on the selection.
func (s selection) kindScores(p predictions, k classify.Risk) []float64 {
	all := p.kindScores(k)
	out := make([]float64, len(s.idx))
	for j, i := range s.idx {
		out[j] = all[i]
	}
	return out
}

// categoryMetrics are one system's figures on one category in one language.
type categoryMetrics struct {
	pos, neg   int
	auc        float64 // ROC AUC of the category's probability; NaN under minClass texts in a class
	recall     float64 // share of the positives flagged (medium or high): recall at the shipped operating point
	asKind     float64 // share of the positives flagged with this kind as their highest risk; NaN without per-kind scores
	negFlagged float64 // share of the negatives flagged
	negAsKind  float64 // share of the negatives flagged with this kind as their highest risk; NaN without per-kind scores
	precision  float64 // flagged positives over all flagged texts of the selection
	f1         float64
	ece        float64 // expected calibration error of the category's probability (calibrationBins bins)
}

// measureCategory measures predictions p of the records recs on category c
// in lang.
func measureCategory(recs []corpus.Record, p predictions, c category, lang string) categoryMetrics {
	sel := choose(recs, c.keep(lang))
	m := categoryMetrics{auc: math.NaN(), asKind: math.NaN(), negAsKind: math.NaN(), ece: math.NaN()}
	m.pos, m.neg = sel.count()
	scores := sel.kindScores(p, c.risk)
	if m.pos >= minClass && m.neg >= minClass {
		m.auc = auc(scores, sel.pos)
	}
	if len(scores) > 0 {
		m.ece = ece(scores, sel.pos)
	}
	conf := sel.confusion(p)
	m.recall, m.negFlagged = conf.recall(), ratio(conf.fp, conf.fp+conf.tn)
	m.precision, m.f1 = conf.precision(), conf.f1()
	if m.neg == 0 { // nothing to be wrong about
		m.precision, m.f1 = math.NaN(), math.NaN()
	}
	if p.kinds != nil {
		nPos, nNeg := 0, 0
		for j, i := range sel.idx {
			if k, _ := p.kinds[i].Max(); !p.flagged[i] || k != c.risk {
				continue
			}
			if sel.pos[j] {
				nPos++
			} else {
				nNeg++
			}
		}
		m.asKind, m.negAsKind = ratio(nPos, m.pos), ratio(nNeg, m.neg)
	}
	return m
}

// cells formats the figures of a table row: the counts, the AUC (and
// fastText's when withFT), then the shares, F1 and ECE.
func (m categoryMetrics) cells(ftAUC float64, withFT bool) []string {
	c := []string{fmt.Sprint(m.pos), fmt.Sprint(m.neg), num(m.auc, 3)}
	if withFT {
		c = append(c, num(ftAUC, 3))
	}
	return append(c, pct(m.recall), pct(m.asKind), pct(m.negFlagged), pct(m.negAsKind), pct(m.precision),
		num(m.f1, 3), num(m.ece, 3))
}

// minus returns the figures of m less those of o (NaN where either is).
func (m categoryMetrics) minus(o categoryMetrics) categoryMetrics {
	return categoryMetrics{pos: m.pos - o.pos, neg: m.neg - o.neg, auc: m.auc - o.auc, recall: m.recall - o.recall,
		asKind: m.asKind - o.asKind, negFlagged: m.negFlagged - o.negFlagged, negAsKind: m.negAsKind - o.negAsKind,
		precision: m.precision - o.precision, f1: m.f1 - o.f1, ece: m.ece - o.ece}
}

// diffCells formats a difference of figures, as cells does: no counts,
// shares in percentage points, the rest signed.
func (d categoryMetrics) diffCells(ftAUC float64, withFT bool) []string {
	c := []string{"", "", signed(d.auc, 3)}
	if withFT {
		c = append(c, signed(ftAUC, 3))
	}
	return append(c, points(d.recall), points(d.asKind), points(d.negFlagged), points(d.negAsKind), points(d.precision),
		signed(d.f1, 3), signed(d.ece, 3))
}

// points prints a difference of shares in percentage points.
func points(v float64) string { return dash(v, "%+.1f pts", 100*v) }

// signed prints a difference with its sign.
func signed(v float64, prec int) string { return dash(v, "%+.*f", prec, v) }

// categorySection reports each category per language, with the FR − EN gap,
// and draws its ROC curve and reliability diagram.
func (ev *evaluation) categorySection(w io.Writer, s *evalSet) error {
	fmt.Fprintf(w, "### Per category\n\n")
	fmt.Fprintf(w, "Each of Vigie's three calibrated probabilities (`scores` in the records) on the records labelled "+
		"with that kind of risk, against the negatives of the same language(s) (hard negatives and offensive). "+
		"A positive of another category only is neither (a hate post is not labelled for violence); Arabic tweets "+
		"are left out (Vigie reads French and English). **AUC** and **ECE** are of the category's probability; "+
		"**flagged** is the shipped operating point (level medium or high, whatever the kind), so **recall** is "+
		"the flagged share of the positives and **precision** counts every flagged text of the selection; "+
		"**as kind** is the share of the positives (then of the negatives) flagged with this kind as their "+
		"highest risk (the kind the rationale names). The **FR − EN** row is French's figure less English's: French must not trail English "+
		"by more than 5 points.\n\n")
	ftIdx := ev.systemIndex("fastText")
	for _, c := range categories {
		fmt.Fprintf(w, "#### %s\n\nPositives: %s. %s\n\n", c.risk, c.positives, positiveCounts(s.recs, c))
		right := []string{"positives", "negatives", "AUC"}
		if ftIdx >= 0 {
			right = append(right, "fastText AUC")
		}
		right = append(right, "recall (flagged)", "as "+c.risk.String(), "negatives flagged", "as "+c.risk.String(), "precision", "F1", "ECE")
		tableHeader(w, []string{"lang"}, right)
		byLang := map[string]categoryMetrics{}
		ftAUC := map[string]float64{}
		for _, lang := range categoryLangs {
			m := measureCategory(s.recs, s.preds[0], c, lang)
			byLang[lang] = m
			if ftIdx >= 0 {
				ftAUC[lang] = measureCategory(s.recs, s.preds[ftIdx], c, lang).auc
			}
			if m.pos+m.neg > 0 {
				tableRow(w, []string{lang}, m.cells(ftAUC[lang], ftIdx >= 0))
			}
		}
		en, fr := byLang["en"], byLang["fr"]
		switch {
		case en.pos+en.neg == 0 || fr.pos+fr.neg == 0:
		case en.pos < minClass || fr.pos < minClass:
			cells := make([]string, len(right))
			for i := range cells {
				cells[i] = "–"
			}
			tableRow(w, []string{fmt.Sprintf("FR − EN (fewer than %d positives)", minClass)}, cells)
		default:
			tableRow(w, []string{"FR − EN"}, fr.minus(en).diffCells(ftAUC["fr"]-ftAUC["en"], ftIdx >= 0))
		}
		fmt.Fprintln(w)
		if err := ev.categoryPlots(w, s, c); err != nil {
			return err
		}
	}
	return nil
}

// positiveCounts says how many positives each source gives, per language.
func positiveCounts(recs []corpus.Record, c category) string {
	counts := map[string]int{}
	for i := range recs {
		if in, pos := c.keep("all")(&recs[i]); in && pos {
			counts[recs[i].Source+" "+recs[i].Lang]++
		}
	}
	if len(counts) == 0 {
		return "None in this set."
	}
	var parts []string
	for _, k := range sortedKeys(counts) {
		parts = append(parts, fmt.Sprintf("%s %d", k, counts[k]))
	}
	return "By source and language: " + strings.Join(parts, ", ") + "."
}

// systemIndex returns the index of the named system, or -1.
func (ev *evaluation) systemIndex(name string) int {
	for i, s := range ev.systems {
		if s.name == name {
			return i
		}
	}
	return -1
}

// categoryPlots draws the category's ROC curve and reliability diagram:
// Vigie's probability of the category in each language with enough texts,
// and on the ROC curve fastText's one score over all languages.
func (ev *evaluation) categoryPlots(w io.Writer, s *evalSet, c category) error {
	if ev.plotsDir == "" {
		return nil
	}
	setName := strings.TrimSuffix(filepath.Base(s.name), ".jsonl")
	roc := plot{title: fmt.Sprintf("ROC: %s (%s)", c.risk, setName),
		xLabel: "false-positive rate", yLabel: "true-positive rate", diagonal: true}
	rel := plot{title: fmt.Sprintf("Reliability: %s probability (%s)", c.risk, setName),
		xLabel: "mean probability in bin", yLabel: "share of positives", diagonal: true}
	langColors := map[string]int{"all": 0, "en": 1, "fr": 2}
	for _, lang := range categoryLangs {
		sel := choose(s.recs, c.keep(lang))
		if nPos, nNeg := sel.count(); nPos < minClass || nNeg < minClass {
			continue // too few to draw a curve worth looking at
		}
		sc := sel.kindScores(s.preds[0], c.risk)
		col := systemColors[langColors[lang]]
		roc.series = append(roc.series, series{name: fmt.Sprintf("Vigie %s, %s (AUC %.3f)", c.risk, langName(lang), auc(sc, sel.pos)),
			pts: rocCurve(sc, sel.pos), color: col})
		var pts []point
		for _, b := range reliability(sc, sel.pos) {
			if b.n > 0 {
				pts = append(pts, point{b.meanScore, b.posShare})
			}
		}
		rel.series = append(rel.series, series{name: fmt.Sprintf("Vigie %s, %s (ECE %.3f)", c.risk, langName(lang), ece(sc, sel.pos)),
			pts: pts, color: col, markers: true})
	}
	if len(roc.series) == 0 {
		fmt.Fprintf(w, "No plot: fewer than %d positives or negatives in every language.\n\n", minClass)
		return nil
	}
	if i := ev.systemIndex("fastText"); i >= 0 {
		sel := choose(s.recs, c.keep("all"))
		sc := sel.scores(s.preds[i])
		roc.series = append(roc.series, series{name: fmt.Sprintf("fastText, all languages (AUC %.3f)", auc(sc, sel.pos)),
			pts: rocCurve(sc, sel.pos), color: systemColors[3]})
	}
	prefix := setName + "_category_" + c.risk.String()
	if err := ev.embed(w, roc, prefix+"_roc.png", fmt.Sprintf("ROC curve of the %s probability", c.risk)); err != nil {
		return err
	}
	if err := ev.embed(w, rel, prefix+"_reliability.png", fmt.Sprintf("Reliability diagram of the %s probability", c.risk)); err != nil {
		return err
	}
	fmt.Fprintln(w)
	return nil
}

// issueSentences are the two geopolitical sentences of issue 13 that came
// out medium, news and opinion that name places and groups: they should stay
// clear. They are not from the labelled data.
var issueSentences = []string{
	"The West just wants to install a leader it prefers, just like in Iraq, Syria and Libya.",
	"The YPG and the SDF took Raqqa after months of coalition airstrikes.",
}

// sentencesSection scores the sentences of issue 13 with Vigie.
func (ev *evaluation) sentencesSection(w io.Writer) {
	if ev.vigie == nil {
		return
	}
	fmt.Fprintf(w, "## The geopolitics sentences of issue 13\n\n")
	fmt.Fprintf(w, "News and opinion that only name places and groups; a new user saw them come out medium. They "+
		"should stay clear (level none or low).\n\n")
	tableHeader(w, []string{"text", "level"}, []string{"score", "extremism", "violence", "hate", "clear"})
	for _, text := range issueSentences {
		r := ev.vigie.Classify(text)
		tableRow(w, []string{text, r.Level.String()}, []string{num(r.Score, 3), num(r.Scores.Extremism, 3),
			num(r.Scores.Violence, 3), num(r.Scores.Hate, 3), yesNo(!r.Level.Flagged())})
	}
	fmt.Fprintln(w)
}
