package main

import (
	"bufio"
	"cmp"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"math"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"github.com/vigie-project/vigie/lexicon"
	"github.com/vigie-project/vigie/model"
	"github.com/vigie-project/vigie/tokenize"
)

// auc is the ROC AUC of scores for the positives against the negatives: the
// probability that a random positive scores above a random negative, ties
// counting half. It is NaN when a class is empty.
func auc(pos, neg []float64) float64 {
	if len(pos) == 0 || len(neg) == 0 {
		return math.NaN()
	}
	type item struct {
		s   float64
		pos bool
	}
	all := make([]item, 0, len(pos)+len(neg))
	for _, s := range pos {
		all = append(all, item{s, true})
	}
	for _, s := range neg {
		all = append(all, item{s, false})
	}
	sort.Slice(all, func(i, j int) bool { return all[i].s < all[j].s })
	var rankSum float64
	for i := 0; i < len(all); {
		j := i
		for j < len(all) && all[j].s == all[i].s {
			j++
		}
		r := float64(i+j+1) / 2 // mean 1-based rank of the tie group
		for k := i; k < j; k++ {
			if all[k].pos {
				rankSum += r
			}
		}
		i = j
	}
	np, nn := float64(len(pos)), float64(len(neg))
	return (rankSum - np*(np+1)/2) / (np * nn)
}

// aucOf is the AUC of z for the samples selected by isPos against those
// selected by isNeg.
func aucOf(ss []sample, z []float64, isPos, isNeg func(*sample) bool) float64 {
	var pos, neg []float64
	for i := range ss {
		switch {
		case isPos(&ss[i]):
			pos = append(pos, z[i])
		case isNeg(&ss[i]):
			neg = append(neg, z[i])
		}
	}
	return auc(pos, neg)
}

// printTop prints the strongest features of each class.
func printTop(w io.Writer, m *model.Model, n int) {
	type fw struct {
		name string
		w    float64
	}
	all := make([]fw, m.Len())
	for i := range all {
		all[i].name, all[i].w = m.Feature(i)
	}
	sort.SliceStable(all, func(i, j int) bool { return all[i].w > all[j].w })
	fmt.Fprintf(w, "## Strongest features towards risk (top %d of %d; bias %.3f)\n", n, len(all), m.Bias())
	for i := 0; i < n && i < len(all) && all[i].w > 0; i++ {
		fmt.Fprintf(w, "  %+.3f  %s\n", all[i].w, all[i].name)
	}
	fmt.Fprintf(w, "## Strongest features against risk (top %d)\n", n)
	for i := 0; i < n && i < len(all) && all[len(all)-1-i].w < 0; i++ {
		f := all[len(all)-1-i]
		fmt.Fprintf(w, "  %+.3f  %s\n", f.w, f.name)
	}
	byKind := map[model.Kind]int{}
	for _, f := range all {
		byKind[model.KindOf(f.name)]++
	}
	fmt.Fprintf(w, "features by kind: word %d, pair %d, concept %d, category %d, context %d\n\n",
		byKind[model.Word], byKind[model.Pair], byKind[model.Concept], byKind[model.Category], byKind[model.Context])
}

// group is a share of the records: their source (or origin), language and
// label.
type group struct{ source, lang, label string }

// tally counts records and those flagged medium or high.
type tally struct{ n, med, high int }

// add counts a record of probability p.
func (x *tally) add(p, medium, high float64) {
	x.n++
	if p >= medium {
		x.med++
	}
	if p >= high {
		x.high++
	}
}

// tallyOf returns the tally of k in t, adding it when missing.
func tallyOf[K comparable](t map[K]*tally, k K) *tally {
	if t[k] == nil {
		t[k] = &tally{}
	}
	return t[k]
}

// sortedGroups returns the groups of t by source, language and label.
func sortedGroups(t map[group]*tally) []group {
	keys := slices.Collect(maps.Keys(t))
	slices.SortFunc(keys, func(a, b group) int {
		return cmp.Or(strings.Compare(a.source, b.source), strings.Compare(a.lang, b.lang), strings.Compare(a.label, b.label))
	})
	return keys
}

// reportCalibration prints the flagged shares on the calibration data (the
// data the thresholds were chosen on) and its calibration error.
func reportCalibration(w io.Writer, calib []sample, p []float64, medium, high float64) {
	fmt.Fprintf(w, "## Calibration data (permitted only: %d records)\n", len(calib))
	t := map[group]*tally{}
	for i := range calib {
		s := &calib[i]
		tallyOf(t, group{s.origin, s.Lang, s.Label}).add(p[i], medium, high)
	}
	fmt.Fprintln(w, "flagged per origin, language and label:                        n   flagged     high")
	for _, k := range sortedGroups(t) {
		x := t[k]
		fmt.Fprintf(w, "  %-28s %-3s %-12s %6d  %6.2f%%  %6.2f%%\n", k.source, k.lang, k.label, x.n,
			100*float64(x.med)/float64(x.n), 100*float64(x.high)/float64(x.n))
	}
	fmt.Fprintf(w, "expected calibration error (10 bins, calibration data): %.4f\n\n", ece(calib, p, func(*sample) bool { return true }))
}

// report prints the dev figures.
func report(w io.Writer, c *config, ss []sample, z, p []float64, medium, high float64) {
	fmt.Fprintf(w, "## Dev split (%d records, Arabic left out)\n", len(ss))
	fmt.Fprintf(w, "calibrated thresholds: medium p >= %.4f, high p >= %.4f\n\n", medium, high)
	lang := func(l string) func(*sample) bool { return func(s *sample) bool { return s.Lang == l } }
	label := func(l string) func(*sample) bool { return func(s *sample) bool { return s.Label == l } }
	and := func(fs ...func(*sample) bool) func(*sample) bool {
		return func(s *sample) bool {
			for _, f := range fs {
				if !f(s) {
					return false
				}
			}
			return true
		}
	}
	hard := func(s *sample) bool { return isHard(s.Label) || s.Label == "normal" }
	fmt.Fprintln(w, "ROC AUC (of z)                                     all      en       fr")
	row := func(name string, pos, neg func(*sample) bool) {
		fmt.Fprintf(w, "  %-46s %.4f   %.4f   %.4f\n", name, aucOf(ss, z, pos, neg),
			aucOf(ss, z, and(pos, lang("en")), and(neg, lang("en"))), aucOf(ss, z, and(pos, lang("fr")), and(neg, lang("fr"))))
	}
	row("positives vs all negatives (milieu excluded)", isPositive, isNegative)
	row("jihadist vs hard negatives (+ normal)", label("jihadist"), hard)
	row("hate vs hard negatives (+ normal)", label("hate"), hard)
	row("hate vs counter-speech", label("hate"), label("counter"))
	row("jihadist vs news-terror", label("jihadist"), label("news-terror"))
	fmt.Fprintf(w, "  %-46s %.4f\n", "jihadist vs news-terror + counter + religious", aucOf(ss, z, label("jihadist"),
		func(s *sample) bool {
			return s.Label == "news-terror" || s.Label == "counter" || s.Label == "religious"
		}))
	for _, src := range []string{"isis-fanboy", "mlma", "stormfront", "conan", "dialoconan"} {
		pos := func(s *sample) bool { return s.pos && s.Source == src }
		row("  "+src+" positives vs hard negatives (+ normal)", pos, hard)
	}
	// recall at a fixed pooled false-positive rate: a threshold-free summary
	var negs []float64
	for i := range ss {
		if isHard(ss[i].Label) {
			negs = append(negs, z[i])
		}
	}
	sort.Float64s(negs)
	for _, fpr := range []float64{0.01, 0.05} {
		t := negs[min(len(negs)-1, int(float64(len(negs))*(1-fpr)))]
		var rj, nj, rh, nh int
		for i := range ss {
			switch ss[i].Label {
			case "jihadist":
				nj++
				if z[i] > t {
					rj++
				}
			case "hate":
				nh++
				if z[i] > t {
					rh++
				}
			}
		}
		fmt.Fprintf(w, "  recall at %2.0f%% pooled hard-negative FPR: jihadist %.1f%%, hate %.1f%%\n", 100*fpr,
			100*float64(rj)/float64(max(nj, 1)), 100*float64(rh)/float64(max(nh, 1)))
	}
	fmt.Fprintln(w)

	// flagged shares per source, language and label
	t := map[group]*tally{}
	byLabel := map[string]*tally{}
	for i := range ss {
		s := &ss[i]
		tallyOf(t, group{s.Source, s.Lang, s.Label}).add(p[i], medium, high)
		tallyOf(byLabel, s.Label).add(p[i], medium, high)
	}
	pct := func(a, b int) string { return fmt.Sprintf("%6.2f%%", 100*float64(a)/float64(b)) }
	fmt.Fprintln(w, "flagged per label (medium or high = flagged):  n       flagged   high")
	labels := make([]string, 0, len(byLabel))
	for l := range byLabel {
		labels = append(labels, l)
	}
	sort.Strings(labels)
	for _, l := range labels {
		x := byLabel[l]
		kind := "FPR"
		if positiveLabels[l] {
			kind = "recall"
		} else if l == "milieu" {
			kind = "(not a clean negative)"
		}
		fmt.Fprintf(w, "  %-14s %-22s %6d  %s  %s\n", l, kind, x.n, pct(x.med, x.n), pct(x.high, x.n))
	}
	fmt.Fprintln(w, "\nflagged per source, language and label:")
	for _, k := range sortedGroups(t) {
		x := t[k]
		fmt.Fprintf(w, "  %-12s %-3s %-12s %6d  %s  %s\n", k.source, k.lang, k.label, x.n, pct(x.med, x.n), pct(x.high, x.n))
	}
	fmt.Fprintf(w, "\nexpected calibration error (10 bins, dev use=train records, milieu excluded): %.4f\n", ece(ss, p, func(s *sample) bool {
		return s.Use == "train" && s.Label != "milieu"
	}))
	if c.reportNegatives > 0 {
		fmt.Fprintln(w, "\n## Flagged hard negatives (error analysis)")
		for _, l := range []string{"news", "news-terror", "counter", "religious", "normal"} {
			n := 0
			for i := range ss {
				if ss[i].Label == l && p[i] >= medium && n < c.reportNegatives {
					fmt.Fprintf(w, "  [%s %s p=%.3f] %s\n", l, ss[i].Source, p[i], oneLine(ss[i].Text))
					n++
				}
			}
		}
	}
}

func oneLine(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > 200 {
		s = s[:200] + "…"
	}
	return s
}

// ece is the expected calibration error of p over the selected samples:
// the mean |observed rate − mean p| over 10 equal-width bins, weighted by
// their size.
func ece(ss []sample, p []float64, in func(*sample) bool) float64 {
	var n [10]int
	var sumP, sumY [10]float64
	total := 0
	for i := range ss {
		if !in(&ss[i]) {
			continue
		}
		b := min(int(p[i]*10), 9)
		n[b]++
		sumP[b] += p[i]
		if ss[i].pos {
			sumY[b]++
		}
		total++
	}
	e := 0.0
	for b := range n {
		if n[b] > 0 {
			e += float64(n[b]) / float64(total) * math.Abs(sumY[b]/float64(n[b])-sumP[b]/float64(n[b]))
		}
	}
	return e
}

// reportCases prints the AUC per language on hand-written cases
// (testdata/cases/*.jsonl: text, min, max): positives are cases whose min
// level is medium or high, negatives those whose max is none or low.
func reportCases(w io.Writer, dir string, m *model.Model, lex *lexicon.Lexicon) error {
	files, err := filepath.Glob(filepath.Join(dir, "*.jsonl"))
	if err != nil {
		return err
	}
	type rec struct {
		Text, Min, Max, Group string
	}
	var doc tokenize.Document
	var matches []lexicon.Match
	var contrib []model.Contribution
	fmt.Fprintln(w, "\n## Hand-written cases (reporting only)")
	for _, f := range files {
		fh, err := os.Open(f)
		if err != nil {
			return err
		}
		var pos, neg []float64
		sc := bufio.NewScanner(fh)
		for sc.Scan() {
			var r rec
			if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
				fh.Close()
				return fmt.Errorf("%s: %w", f, err)
			}
			doc.Reset(r.Text)
			matches = lex.Match(&doc, matches[:0])
			var z float64
			z, contrib = m.Score(&doc, matches, lex, contrib)
			switch {
			case r.Min == "medium" || r.Min == "high":
				pos = append(pos, z)
			case r.Max == "none" || r.Max == "low":
				neg = append(neg, z)
			}
		}
		fh.Close()
		med, _ := m.Thresholds()
		flag := func(zs []float64) int {
			n := 0
			for _, z := range zs {
				if m.Calibrate(z) >= med {
					n++
				}
			}
			return n
		}
		fmt.Fprintf(w, "  %-10s AUC %.4f  (%d positives, %d flagged; %d negatives, %d flagged)\n", filepath.Base(f), auc(pos, neg),
			len(pos), flag(pos), len(neg), flag(neg))
	}
	return nil
}
