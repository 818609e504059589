package main

import (
	"bytes"
	"fmt"
	"io"
	"math"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"strings"

	"github.com/vigie-project/vigie/classify"
	"github.com/vigie-project/vigie/internal/corpus"
)

// evaluation is everything one run measured.
type evaluation struct {
	args                 []string
	systems              []system
	sets                 []*evalSet
	notes                []string
	ft                   *fastText
	links                spellLinks
	plotsDir, reportPath string
	targets              []targetRow
	vigie                *classify.Classifier // scores the sentences of issue 13; nil: no such section
}

// evalSet is one scored set.
type evalSet struct {
	name  string
	recs  []corpus.Record
	suite bool
	preds []predictions // one per system, in the order of evaluation.systems
	speed speed
}

// targetRow is one target of the project and where each system stands.
type targetRow struct {
	set, what, scope string
	values           []float64 // one per system
	kind             valueKind
	met              string // whether Vigie meets it: "yes", "no" or "–"
}

type valueKind int

const (
	rateValue   valueKind = iota // a share, printed as a percentage
	aucValue                     // an AUC
	ratioValue                   // a ratio of shares
	pointsValue                  // a difference of shares, printed in percentage points
	marginValue                  // a difference of scores, printed with its sign
)

func (k valueKind) format(v float64) string {
	switch k {
	case aucValue:
		return num(v, 3)
	case ratioValue:
		return num(v, 2)
	case pointsValue:
		return points(v)
	case marginValue:
		return signed(v, 4)
	}
	return pct(v)
}

// dash formats args with format, or prints "–" when v, the figure, is NaN
// (undefined).
func dash(v float64, format string, args ...any) string {
	if math.IsNaN(v) {
		return "–"
	}
	return fmt.Sprintf(format, args...)
}

// pct prints a share as a percentage; NaN (undefined) as "–".
func pct(v float64) string { return dash(v, "%.1f%%", 100*v) }

// num prints v with prec decimals; NaN as "–".
func num(v float64, prec int) string { return dash(v, "%.*f", prec, v) }

func yesNo(ok bool) string {
	if ok {
		return "yes"
	}
	return "**no**"
}

// selection is a subset of a set's records, each marked positive or not.
type selection struct {
	idx []int
	pos []bool
}

// choose selects the records for which keep says in, with their class.
func choose(recs []corpus.Record, keep func(r *corpus.Record) (in, pos bool)) selection {
	var s selection
	for i := range recs {
		if in, pos := keep(&recs[i]); in {
			s.idx = append(s.idx, i)
			s.pos = append(s.pos, pos)
		}
	}
	return s
}

func (s selection) count() (pos, neg int) {
	for _, p := range s.pos {
		if p {
			pos++
		} else {
			neg++
		}
	}
	return pos, neg
}

func (s selection) scores(p predictions) []float64 {
	out := make([]float64, len(s.idx))
	for k, i := range s.idx {
		out[k] = p.score[i]
	}
	return out
}

// minClass is the fewest texts of each class for which the report gives an
// AUC: with fewer, one text moves it by a tenth or more.
const minClass = 10

// auc is the ROC AUC of the system's scores on the selection, NaN when a
// class has fewer than minClass texts.
func (s selection) auc(p predictions) float64 {
	if nPos, nNeg := s.count(); nPos < minClass || nNeg < minClass {
		return math.NaN()
	}
	return auc(s.scores(p), s.pos)
}

func (s selection) confusion(p predictions) confusion {
	var c confusion
	for k, i := range s.idx {
		c.add(p.flagged[i], s.pos[k])
	}
	return c
}

// rate is the share of the selection flagged (or at high, when high is set
// and the system has levels; NaN otherwise).
func (s selection) rate(p predictions, high bool) float64 {
	if high && p.high == nil || len(s.idx) == 0 {
		return math.NaN()
	}
	n := 0
	for _, i := range s.idx {
		if high && p.high[i] || !high && p.flagged[i] {
			n++
		}
	}
	return float64(n) / float64(len(s.idx))
}

// all selects every record with keep's answer, none positive.
func all(recs []corpus.Record, keep func(r *corpus.Record) bool) selection {
	return choose(recs, func(r *corpus.Record) (bool, bool) { return keep(r), false })
}

// sortedKeys returns the keys of m in order.
func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// langsOf returns the languages of the records that keep selects, in order.
func langsOf(recs []corpus.Record, keep func(r *corpus.Record) bool) []string {
	seen := map[string]bool{}
	for i := range recs {
		if keep(&recs[i]) {
			seen[recs[i].Lang] = true
		}
	}
	return sortedKeys(seen)
}

// inLang reports whether r is in lang ("all" is every language).
func inLang(r *corpus.Record, lang string) bool { return lang == "all" || r.Lang == lang }

// scopes returns the languages to report for records that keep selects:
// "all" first when there are several, then each language.
func scopes(recs []corpus.Record, keep func(r *corpus.Record) bool) []string {
	langs := langsOf(recs, keep)
	if len(langs) > 1 {
		return append([]string{"all"}, langs...)
	}
	return langs
}

// write writes the report.
func (ev *evaluation) write(w io.Writer) error {
	var body bytes.Buffer
	for _, s := range ev.sets {
		var err error
		if s.suite {
			err = ev.suiteSection(&body, s)
		} else {
			err = ev.corpusSection(&body, s)
		}
		if err != nil {
			return err
		}
		ev.targets = append(ev.targets, orderTargetRow(s.name, s.preds))
	}
	ev.speedSection(&body)

	var head bytes.Buffer
	fmt.Fprintf(&head, "# Vigie evaluation\n\n")
	fmt.Fprintf(&head, "_Written by examples/eval: change the program or the classifier and run it again, do not edit "+
		"the figures by hand._\n\n")
	fmt.Fprintf(&head, "Sets: %s. Systems: %s, scored in the same run on the same texts.\n\n",
		strings.Join(ev.setNames(), ", "), strings.Join(ev.systemNames(), ", "))
	ev.commandsSection(&head)
	ev.targetsSection(&head)
	ev.sentencesSection(&head)
	ev.definitionsSection(&head)
	if _, err := head.WriteTo(w); err != nil {
		return err
	}
	_, err := body.WriteTo(w)
	return err
}

func (ev *evaluation) setNames() []string {
	var n []string
	for _, s := range ev.sets {
		n = append(n, fmt.Sprintf("`%s` (%d texts)", s.name, len(s.recs)))
	}
	return n
}

func (ev *evaluation) systemNames() []string {
	var n []string
	for _, s := range ev.systems {
		n = append(n, s.name)
	}
	return n
}

// commandsSection says how to produce the report again.
func (ev *evaluation) commandsSection(w io.Writer) {
	fmt.Fprintf(w, "## How this report was made\n\nFrom the repository's root:\n\n```sh\n")
	if ev.ft != nil {
		fmt.Fprintf(w, "apt-get install -y fasttext   # optional: the fastText baseline is skipped without it\n")
	}
	fmt.Fprintf(w, "cd examples/eval && go run . %s\n```\n\n", shellJoin(ev.args)) // its own module (gonum/plot)
	if ev.ft != nil {
		fmt.Fprintf(w, "which ran, in a temporary directory `$TMP`:\n\n```sh\n%s\n```\n\n", strings.Join(ev.ft.commands, "\n"))
	}
	fmt.Fprintf(w, "Source: %s; %s, %s/%s, GOMAXPROCS %d.\n\n", gitState(), runtime.Version(), runtime.GOOS, runtime.GOARCH,
		runtime.GOMAXPROCS(0))
}

// gitState names the commit of the working tree, read-only.
func gitState() string {
	head, err := exec.Command("git", "--no-optional-locks", "rev-parse", "--short", "HEAD").Output()
	if err != nil {
		return "commit unknown"
	}
	s := "commit " + strings.TrimSpace(string(head))
	if st, err := exec.Command("git", "--no-optional-locks", "status", "--porcelain").Output(); err == nil && len(bytes.TrimSpace(st)) > 0 {
		s += " with uncommitted changes"
	}
	return s
}

// shellJoin quotes arguments for a POSIX shell where needed.
func shellJoin(args []string) string {
	q := make([]string, len(args))
	for i, a := range args {
		if a != "" && strings.IndexFunc(a, func(r rune) bool {
			return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("-_./=:,+", r))
		}) < 0 {
			q[i] = a
		} else {
			q[i] = "'" + strings.ReplaceAll(a, "'", `'\''`) + "'"
		}
	}
	return strings.Join(q, " ")
}

// targetsSection lists the project's targets and where each system stands.
func (ev *evaluation) targetsSection(w io.Writer) {
	if len(ev.targets) == 0 {
		return
	}
	fmt.Fprintf(w, "## Where Vigie stands against the targets\n\n")
	fmt.Fprintf(w, "Measured on the sets of this run; the last column judges Vigie only.\n\n")
	fmt.Fprintf(w, "| set | target | scope | %s | Vigie meets it |\n|---|---|---|%s---|\n",
		strings.Join(ev.systemNames(), " | "), strings.Repeat("---:|", len(ev.systems)))
	for _, t := range ev.targets {
		vals := make([]string, len(ev.systems))
		for i := range vals {
			vals[i] = "–"
			if i < len(t.values) {
				vals[i] = t.kind.format(t.values[i])
			}
		}
		fmt.Fprintf(w, "| %s | %s | %s | %s | %s |\n", t.set, t.what, t.scope, strings.Join(vals, " | "), t.met)
	}
	fmt.Fprintln(w)
}

// definitionsSection says what the numbers mean.
func (ev *evaluation) definitionsSection(w io.Writer) {
	fmt.Fprintf(w, "## What the numbers mean\n\n")
	fmt.Fprintf(w, "- **flagged**: Vigie's level is medium or high (a reviewer should look); **high**: level high.\n")
	fmt.Fprintf(w, "- **Positives**: jihadist and hate (suites: hateful). **Hard negatives**: counter, news, news-terror, "+
		"religious, normal. **Negatives** are the hard negatives and offensive (MLMA: toxic but not hateful). Stormfront "+
		"**milieu** (annotated noHate but written inside a white-supremacist forum) is neither: its flagged share is "+
		"shown, it enters no other metric.\n")
	fmt.Fprintf(w, "- **Recall** is the share of positives flagged. **Precision** is TP / (TP + FP) where the false positives "+
		"are the flagged negatives of the same language(s) in the set (the other positive label is left out), so it "+
		"depends on this set's mix of negatives. **F1** is their harmonic mean (0 when no positive is flagged).\n")
	fmt.Fprintf(w, "- **AUC** is the ROC AUC of the score, ties counting one half: the chance that a random positive scores "+
		"above a random negative. It measures the ranking, whatever the thresholds of the levels.\n")
	fmt.Fprintf(w, "- **ECE** is the expected calibration error of the score read as the probability of a positive: 10 "+
		"equal-width bins, the mean over texts of |mean score of the bin − share of positives in it|. It depends on "+
		"the share of positives in the set, which here is an artefact of how the corpus was assembled.\n")
	fmt.Fprintf(w, "- \"–\" is a figure that cannot be computed (no positive, no negative, nothing flagged), or an "+
		"AUC with fewer than %d texts in a class.\n\n", minClass)
	fmt.Fprintf(w, "### The baselines\n\n")
	for _, n := range ev.notes {
		fmt.Fprintf(w, "- %s\n", n)
	}
	fmt.Fprintln(w)
}

// systemCols returns the Markdown header cells of the per-system columns
// (each system's flagged rate, and its high rate unless flaggedOnly or the
// system has no high level) and a function that gives a row's cells for them.
func (ev *evaluation) systemCols(s *evalSet, flaggedOnly bool) (names []string, cells func(sel selection) []string) {
	for i, sys := range ev.systems {
		names = append(names, sys.name+" flagged")
		if !flaggedOnly && s.preds[i].high != nil {
			names = append(names, sys.name+" high")
		}
	}
	cells = func(sel selection) []string {
		var c []string
		for i := range ev.systems {
			c = append(c, pct(sel.rate(s.preds[i], false)))
			if !flaggedOnly && s.preds[i].high != nil {
				c = append(c, pct(sel.rate(s.preds[i], true)))
			}
		}
		return c
	}
	return names, cells
}

func tableHeader(w io.Writer, left []string, right []string) {
	fmt.Fprintf(w, "| %s | %s |\n", strings.Join(left, " | "), strings.Join(right, " | "))
	fmt.Fprintf(w, "|%s%s\n", strings.Repeat("---|", len(left)), strings.Repeat("---:|", len(right)))
}

func tableRow(w io.Writer, cells ...[]string) {
	var all []string
	for _, c := range cells {
		all = append(all, c...)
	}
	fmt.Fprintf(w, "| %s |\n", strings.Join(all, " | "))
}

// corpusSection reports a corpus set.
func (ev *evaluation) corpusSection(w io.Writer, s *evalSet) error {
	fmt.Fprintf(w, "## %s\n\n", s.name)
	ev.flagTable(w, s)
	ev.hardNegativeTable(w, s)
	ev.detectionTable(w, s)
	ev.aucTable(w, s)
	ev.calibrationTable(w, s)
	ev.targets = append(ev.targets, rateTargetRows(s.name, s.recs, s.preds)...)
	ev.targets = append(ev.targets, aucTargetRows(s.name, s.recs, s.preds, ev.systemIndex("fastText"))...)
	if err := ev.corpusPlots(w, s); err != nil {
		return err
	}
	return ev.categorySection(w, s)
}

// flagTable: per source, language and label.
func (ev *evaluation) flagTable(w io.Writer, s *evalSet) {
	fmt.Fprintf(w, "### Flagged share per source, language and label\n\n")
	groups := map[string]bool{}
	for _, r := range s.recs {
		groups[r.Source+"\t"+r.Lang+"\t"+r.Label] = true
	}
	names, cells := ev.systemCols(s, false)
	tableHeader(w, []string{"source", "lang", "label"}, append([]string{"texts"}, names...))
	for _, k := range sortedKeys(groups) {
		p := strings.Split(k, "\t")
		sel := all(s.recs, func(r *corpus.Record) bool { return r.Source == p[0] && r.Lang == p[1] && r.Label == p[2] })
		tableRow(w, p, []string{fmt.Sprint(len(sel.idx))}, cells(sel))
	}
	fmt.Fprintln(w)
}

func sourceIn(sources []string, s string) bool { return sources == nil || slices.Contains(sources, s) }

// hardNegativeTable: false-positive rate on each hard-negative label.
func (ev *evaluation) hardNegativeTable(w io.Writer, s *evalSet) {
	fmt.Fprintf(w, "### False positives on hard negatives\n\nThe share of each hard-negative label flagged.\n\n")
	names, cells := ev.systemCols(s, true)
	tableHeader(w, []string{"label", "sources", "lang"}, append(append([]string{"texts"}, names...), "target", "Vigie meets it"))
	for _, label := range hardNegatives {
		keep := func(r *corpus.Record) bool { return r.Label == label }
		for _, lang := range scopes(s.recs, keep) {
			sel := all(s.recs, func(r *corpus.Record) bool { return keep(r) && inLang(r, lang) })
			sources := map[string]bool{}
			for _, i := range sel.idx {
				sources[s.recs[i].Source] = true
			}
			target, met := "", ""
			for _, t := range rateTargets {
				if t.label != label || t.side != atMost {
					continue
				}
				tsel := all(s.recs, func(r *corpus.Record) bool { return t.keep(r) && inLang(r, lang) })
				if len(tsel.idx) == 0 {
					continue
				}
				target, met = fmt.Sprintf("≤ %s", pct(t.limit)), yesNo(t.met(tsel.rate(s.preds[0], false)))
			}
			tableRow(w, []string{label, strings.Join(sortedKeys(sources), ", "), lang, fmt.Sprint(len(sel.idx))}, cells(sel),
				[]string{target, met})
		}
	}
	fmt.Fprintln(w)
}

// detectionTable: precision, recall, F1 and AUC of each positive label.
func (ev *evaluation) detectionTable(w io.Writer, s *evalSet) {
	fmt.Fprintf(w, "### Detection of the positive labels\n\n")
	fmt.Fprintf(w, "Positives of the row against all negatives of the same language(s) in the set (hard negatives and "+
		"offensive). Recall is the flagged share of the positives.\n\n")
	tableHeader(w, []string{"label", "source", "lang", "system"},
		[]string{"positives", "negatives", "recall", "high", "precision", "F1", "AUC"})
	for _, label := range positives {
		type scope struct{ source, lang string }
		var rows []scope
		sources := map[string]bool{}
		for _, r := range s.recs {
			if r.Label == label {
				sources[r.Source] = true
			}
		}
		for _, src := range sortedKeys(sources) {
			for _, lang := range scopes(s.recs, func(r *corpus.Record) bool { return r.Label == label && r.Source == src }) {
				rows = append(rows, scope{src, lang})
			}
		}
		if len(sources) > 1 {
			for _, lang := range scopes(s.recs, func(r *corpus.Record) bool { return r.Label == label }) {
				rows = append(rows, scope{"all", lang})
			}
		}
		for _, sc := range rows {
			sel := choose(s.recs, func(r *corpus.Record) (bool, bool) {
				if !inLang(r, sc.lang) {
					return false, false
				}
				if r.Label == label {
					return sc.source == "all" || r.Source == sc.source, true
				}
				return isNegative(r.Label), false
			})
			nPos, nNeg := sel.count()
			for i, sys := range ev.systems {
				c := sel.confusion(s.preds[i])
				high := choose(s.recs, func(r *corpus.Record) (bool, bool) {
					return r.Label == label && inLang(r, sc.lang) && (sc.source == "all" || r.Source == sc.source), true
				}).rate(s.preds[i], true)
				prec, f1 := c.precision(), c.f1()
				if nNeg == 0 { // nothing to be wrong about
					prec, f1 = math.NaN(), math.NaN()
				}
				tableRow(w, []string{label, sc.source, sc.lang, sys.name, fmt.Sprint(nPos), fmt.Sprint(nNeg),
					pct(c.recall()), pct(high), pct(prec), num(f1, 3), num(sel.auc(s.preds[i]), 3)})
			}
		}
	}
	fmt.Fprintln(w)
}

// comparison is a positives-against-negatives selection of the AUC table
// and the plots.
type comparison struct {
	name, file string
	lang       string
	keep       func(r *corpus.Record) (in, pos bool)
}

func jihadistVsHard(lang string) comparison {
	return comparison{name: "jihadist vs hard negatives", file: "roc_jihadist_" + lang, lang: lang,
		keep: func(r *corpus.Record) (bool, bool) {
			if !inLang(r, lang) {
				return false, false
			}
			return r.Label == "jihadist" || roleOf(r.Label) == hardNegative, r.Label == "jihadist"
		}}
}

func labelVsNegatives(label, lang string) comparison {
	return comparison{name: label + " vs negatives", file: "roc_" + label + "_" + lang, lang: lang,
		keep: func(r *corpus.Record) (bool, bool) {
			if !inLang(r, lang) {
				return false, false
			}
			return r.Label == label || isNegative(r.Label), r.Label == label
		}}
}

func positivesVsNegatives(lang string) comparison {
	return comparison{name: "positives vs negatives", file: "reliability_" + lang, lang: lang,
		keep: func(r *corpus.Record) (bool, bool) {
			if !inLang(r, lang) {
				return false, false
			}
			return roleOf(r.Label) == positive || isNegative(r.Label), roleOf(r.Label) == positive
		}}
}

// aucComparisons are the rows of the AUC table.
func aucComparisons() []comparison {
	var cs []comparison
	for _, lang := range []string{"all", "en", "fr"} {
		cs = append(cs, jihadistVsHard(lang))
	}
	for _, label := range positives {
		for _, lang := range []string{"all", "en", "fr"} {
			cs = append(cs, labelVsNegatives(label, lang))
		}
	}
	for _, lang := range []string{"all", "en", "fr"} {
		cs = append(cs, positivesVsNegatives(lang))
	}
	return cs
}

// aucTable: ROC AUC of the score.
func (ev *evaluation) aucTable(w io.Writer, s *evalSet) {
	fmt.Fprintf(w, "### ROC AUC of the score\n\n")
	var names []string
	for _, sys := range ev.systems {
		names = append(names, sys.name)
	}
	tableHeader(w, []string{"comparison", "lang"}, append([]string{"positives", "negatives"}, names...))
	for _, c := range aucComparisons() {
		sel := choose(s.recs, c.keep)
		nPos, nNeg := sel.count()
		if nPos == 0 || nNeg == 0 {
			continue
		}
		var cells []string
		for i := range ev.systems {
			cells = append(cells, num(sel.auc(s.preds[i]), 3))
		}
		tableRow(w, []string{c.name, c.lang, fmt.Sprint(nPos), fmt.Sprint(nNeg)}, cells)
	}
	fmt.Fprintln(w)
}

// calibrationTable: expected calibration error per language.
func (ev *evaluation) calibrationTable(w io.Writer, s *evalSet) {
	fmt.Fprintf(w, "### Calibration\n\nExpected calibration error (10 bins) of the score as the probability that a "+
		"text is a positive (jihadist or hate), over the positives and negatives of the language.\n\n")
	var names []string
	for _, sys := range ev.systems {
		names = append(names, sys.name+" ECE")
	}
	tableHeader(w, []string{"lang"}, append([]string{"texts", "positive share"}, names...))
	for _, lang := range []string{"all", "en", "fr"} {
		sel := choose(s.recs, positivesVsNegatives(lang).keep)
		nPos, _ := sel.count()
		if len(sel.idx) == 0 {
			continue
		}
		var cells []string
		for i := range ev.systems {
			cells = append(cells, num(ece(sel.scores(s.preds[i]), sel.pos), 3))
		}
		tableRow(w, []string{lang, fmt.Sprint(len(sel.idx)), pct(float64(nPos) / float64(len(sel.idx)))}, cells)
	}
	fmt.Fprintln(w)

	// The reliability diagrams' points: a bin of a few texts makes a spike.
	fmt.Fprintf(w, "The reliability diagrams' bins: texts in each score bin, and in parentheses the share of positives "+
		"among them.\n\n")
	var bins []string
	for b := range calibrationBins {
		bins = append(bins, fmt.Sprintf("%.1f–%.1f", float64(b)/calibrationBins, float64(b+1)/calibrationBins))
	}
	tableHeader(w, []string{"lang", "system"}, bins)
	for _, lang := range []string{"en", "fr"} {
		sel := choose(s.recs, positivesVsNegatives(lang).keep)
		if len(sel.idx) == 0 {
			continue
		}
		for i, sys := range ev.systems {
			var cells []string
			for _, b := range reliability(sel.scores(s.preds[i]), sel.pos) {
				if b.n == 0 {
					cells = append(cells, "0")
				} else {
					cells = append(cells, fmt.Sprintf("%d (%.0f%%)", b.n, 100*b.posShare))
				}
			}
			tableRow(w, []string{lang, sys.name}, cells)
		}
	}
	fmt.Fprintln(w)
}

// corpusPlots writes the ROC curves and reliability diagrams of a corpus set.
func (ev *evaluation) corpusPlots(w io.Writer, s *evalSet) error {
	fmt.Fprintf(w, "### Plots\n\n")
	if ev.plotsDir == "" {
		fmt.Fprintf(w, "Not written: run with -plots DIR.\n\n")
		return nil
	}
	prefix := strings.TrimSuffix(filepath.Base(s.name), ".jsonl") + "_"
	var rocs []comparison
	for _, lang := range []string{"all", "en", "fr"} {
		rocs = append(rocs, jihadistVsHard(lang))
	}
	for _, lang := range []string{"en", "fr"} {
		rocs = append(rocs, labelVsNegatives("hate", lang))
	}
	for _, c := range rocs {
		sel := choose(s.recs, c.keep)
		if nPos, nNeg := sel.count(); nPos < minClass || nNeg < minClass {
			continue // too few to draw a curve worth looking at
		}
		p := plot{title: fmt.Sprintf("ROC: %s, %s (%s)", c.name, langName(c.lang), strings.TrimSuffix(filepath.Base(s.name), ".jsonl")),
			xLabel: "false-positive rate", yLabel: "true-positive rate", diagonal: true}
		for i, sys := range ev.systems {
			sc := sel.scores(s.preds[i])
			p.series = append(p.series, series{name: fmt.Sprintf("%s (AUC %.3f)", sys.name, auc(sc, sel.pos)),
				pts: rocCurve(sc, sel.pos), color: systemColors[i%len(systemColors)]})
		}
		if err := ev.embed(w, p, prefix+c.file+".png", fmt.Sprintf("ROC curve, %s, %s", c.name, langName(c.lang))); err != nil {
			return err
		}
	}
	for _, lang := range []string{"en", "fr"} {
		c := positivesVsNegatives(lang)
		sel := choose(s.recs, c.keep)
		if nPos, nNeg := sel.count(); nPos < minClass || nNeg < minClass {
			continue
		}
		p := plot{title: fmt.Sprintf("Reliability: positives vs negatives, %s", langName(lang)),
			xLabel: "mean score in bin", yLabel: "share of positives", diagonal: true}
		for i, sys := range ev.systems {
			sc := sel.scores(s.preds[i])
			var pts []point
			for _, b := range reliability(sc, sel.pos) {
				if b.n > 0 {
					pts = append(pts, point{b.meanScore, b.posShare})
				}
			}
			p.series = append(p.series, series{name: fmt.Sprintf("%s (ECE %.3f)", sys.name, ece(sc, sel.pos)),
				pts: pts, color: systemColors[i%len(systemColors)], markers: true})
		}
		if err := ev.embed(w, p, prefix+c.file+".png", "Reliability diagram, "+langName(lang)); err != nil {
			return err
		}
	}
	fmt.Fprintln(w)
	return nil
}

// embed writes a plot into the plots directory and links it from the report.
func (ev *evaluation) embed(w io.Writer, p plot, file, alt string) error {
	path := filepath.Join(ev.plotsDir, file)
	if err := p.save(path); err != nil { // path, and the SVG beside it
		return err
	}
	link := path
	if ev.reportPath != "" {
		if rel, err := filepath.Rel(filepath.Dir(ev.reportPath), path); err == nil {
			link = rel
		}
	}
	fmt.Fprintf(w, "![%s](%s)\n", alt, filepath.ToSlash(link))
	return nil
}

func langName(lang string) string {
	switch lang {
	case "all":
		return "all languages"
	case "en":
		return "English"
	case "fr":
		return "French"
	}
	return lang
}

// speedSection: a side note on throughput.
func (ev *evaluation) speedSection(w io.Writer) {
	fmt.Fprintf(w, "## Speed (a side note)\n\n")
	fmt.Fprintf(w, "Megabytes (10⁶ bytes of UTF-8 text) scored per second, measured in this run on this machine "+
		"(%d cores), which others may have been using. Vigie: the fastest of %d runs of Classify over the texts in one "+
		"goroutine, then on GOMAXPROCS goroutines, after one warm-up pass. fastText: `fasttext predict-prob` on one thread over the same texts written one per line, "+
		"less its start-up and model loading (measured on a one-line file), one run.\n\n", runtime.NumCPU(), speedRuns)
	tableHeader(w, []string{"set"}, []string{"texts", "MB", "Vigie, 1 core", fmt.Sprintf("Vigie, %d cores", runtime.GOMAXPROCS(0)),
		"fastText predict", "fastText load"})
	for _, s := range ev.sets {
		ft, load := "–", "–"
		if s.speed.ftLoad > 0 {
			ft = "– (too small to time)"
			load = fmt.Sprintf("%.2fs", s.speed.ftLoad.Seconds())
		}
		if s.speed.ft > s.speed.ftLoad { // else start-up dominates and the difference means nothing
			ft = fmt.Sprintf("%.1f MB/s", mbps(s.speed.bytes, s.speed.ft))
			load = fmt.Sprintf("%.2fs", s.speed.ftLoad.Seconds())
		}
		tableRow(w, []string{s.name, fmt.Sprint(len(s.recs)), fmt.Sprintf("%.2f", float64(s.speed.bytes)/1e6),
			fmt.Sprintf("%.1f MB/s", mbps(s.speed.bytes, s.speed.oneCore)),
			fmt.Sprintf("%.1f MB/s", mbps(s.speed.bytes, s.speed.allCore)), ft, load})
	}
	fmt.Fprintln(w)
}
