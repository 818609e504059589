package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/vigie-project/vigie/classify"
	"github.com/vigie-project/vigie/lexicon"
	"github.com/vigie-project/vigie/model"
)

// auc returns the ROC AUC of scores pos against neg (ties count one half),
// or NaN when a class is empty.
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
		r := float64(i+j+1) / 2 // mean rank of the ties, 1-based
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

// printTop prints the strongest features of each head, both ways.
func printTop(w io.Writer, m *model.Model, n int) {
	type fw struct {
		name string
		w    float64
	}
	for h := range model.Heads {
		var all []fw
		for i := 0; i < m.Len(); i++ {
			name, ws := m.Feature(i)
			all = append(all, fw{name, ws[h]})
		}
		sort.SliceStable(all, func(i, j int) bool { return all[i].w > all[j].w })
		var up, down []string
		for i := 0; i < n && i < len(all); i++ {
			up = append(up, fmt.Sprintf("%s %.2f", all[i].name, all[i].w))
			k := len(all) - 1 - i
			down = append(down, fmt.Sprintf("%s %.2f", all[k].name, all[k].w))
		}
		fmt.Fprintf(w, "\n%s: strongest features towards risk:\n  %s\n%s: strongest against:\n  %s\n", model.HeadNames[h],
			strings.Join(up, ", "), model.HeadNames[h], strings.Join(down, ", "))
	}
}

// report prints the model's description, its strongest features, and its
// figures on dev (per source, language and label; AUC per head) and on the
// held-out part of our texts (per label and topic).
func report(w io.Writer, c *config, m *model.Model, lex *lexicon.Lexicon, dev, held []record) error {
	fmt.Fprintln(w, m)
	for _, s := range m.Info().Meta {
		if strings.HasPrefix(s, "threshold") || strings.HasPrefix(s, "trainer") {
			fmt.Fprintln(w, " ", s)
		}
	}
	printTop(w, m, c.top)
	cls, err := classify.New(classify.WithLexicon(lex), classify.WithModel(m))
	if err != nil {
		return err
	}
	type key struct{ source, lang, label string }
	type tally struct{ n, flagged int }
	groups := map[key]*tally{}
	var scores [model.Heads][2][]float64 // per head: negatives, positives (model probabilities)
	var r classify.Result
	var dump *bufio.Writer
	if c.dump != "" {
		f, err := os.Create(c.dump)
		if err != nil {
			return err
		}
		defer f.Close()
		dump = bufio.NewWriter(f)
		defer dump.Flush()
	}
	lexOnly, err := classify.New(classify.WithLexicon(lex), classify.WithoutModel())
	if err != nil {
		return err
	}
	var lr classify.Result
	for _, rec := range dev {
		cls.ClassifyInto(rec.Text, &r)
		if dump != nil {
			lexOnly.ClassifyInto(rec.Text, &lr)
			fmt.Fprintf(dump, "%s\t%s\t%s\t%s\t%s\t%g\t%g\t%g\t%v\n", rec.ID, rec.Source, rec.Lang, rec.Label, strings.Join(rec.Tags, ","),
				r.Model.Extremism.Probability, r.Model.Violence.Probability, r.Model.Hate.Probability, lr.Level.Flagged())
		}
		k := key{rec.Source, rec.Lang, rec.Label}
		t := groups[k]
		if t == nil {
			t = &tally{}
			groups[k] = t
		}
		t.n++
		if r.Level.Flagged() {
			t.flagged++
		}
		for h := range model.Heads {
			p := r.Model.Of(classify.Risk(h)).Probability
			switch {
			case devPositive(&rec, h):
				scores[h][1] = append(scores[h][1], p)
			case isHard(rec.Label) || rec.Label == "counter":
				scores[h][0] = append(scores[h][0], p)
			}
		}
	}
	fmt.Fprintf(w, "\nDev split (eval-only records included, for measurement only), flagged share:\n")
	keys := make([]key, 0, len(groups))
	for k := range groups {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		a, b := keys[i], keys[j]
		return a.source < b.source || a.source == b.source && (a.lang < b.lang || a.lang == b.lang && a.label < b.label)
	})
	for _, k := range keys {
		t := groups[k]
		fmt.Fprintf(w, "  %-14s %-4s %-12s %6d  %5.1f%%\n", k.source, k.lang, k.label, t.n, 100*float64(t.flagged)/float64(t.n))
	}
	fmt.Fprintf(w, "\nROC AUC of each head's probability on dev, its positives against the hard negatives:\n")
	for h := range model.Heads {
		fmt.Fprintf(w, "  %-10s %.3f  (%d positives, %d negatives)\n", model.HeadNames[h], auc(scores[h][1], scores[h][0]), len(scores[h][1]), len(scores[h][0]))
	}
	// our held-out texts, per label and topic
	type hk struct{ lang, label, topic string }
	ht := map[hk]*tally{}
	for _, rec := range held {
		cls.ClassifyInto(rec.Text, &r)
		k := hk{rec.Lang, rec.Label, rec.Topic}
		if ht[k] == nil {
			ht[k] = &tally{}
		}
		ht[k].n++
		if r.Level.Flagged() {
			ht[k].flagged++
		}
	}
	if len(ht) > 0 {
		fmt.Fprintf(w, "\nOur held-out texts (never trained or calibrated on), flagged share per label and topic:\n")
		hks := make([]hk, 0, len(ht))
		for k := range ht {
			hks = append(hks, k)
		}
		sort.Slice(hks, func(i, j int) bool {
			a, b := hks[i], hks[j]
			return a.label < b.label || a.label == b.label && (a.lang < b.lang || a.lang == b.lang && a.topic < b.topic)
		})
		for _, k := range hks {
			t := ht[k]
			fmt.Fprintf(w, "  %-4s %-12s %-18s %4d  %5.1f%%\n", k.lang, k.label, k.topic, t.n, 100*float64(t.flagged)/float64(t.n))
		}
	}
	if c.casesDir != "" {
		return reportCases(w, c.casesDir, cls)
	}
	return nil
}

// devPositive reports whether a dev record is a positive of head h.
func devPositive(r *record, h int) bool {
	switch h {
	case 0:
		return r.Label == "jihadist" && r.Lang != "ar"
	case 1:
		return r.Label == "threat" || r.Source == "gab" && r.HasTag("cv")
	default:
		return r.Label == "hate" && (r.Source != "gab" || len(r.Tags) == 0 || r.HasTag("hd"))
	}
}

// reportCases prints the share of our hand-written cases in their range.
func reportCases(w io.Writer, dir string, cls *classify.Classifier) error {
	files, err := filepath.Glob(filepath.Join(dir, "*.jsonl"))
	if err != nil || len(files) == 0 {
		return err
	}
	n, ok := 0, 0
	for _, f := range files {
		fh, err := os.Open(f)
		if err != nil {
			return err
		}
		sc := bufio.NewScanner(fh)
		sc.Buffer(nil, 1<<20)
		for sc.Scan() {
			var tc struct {
				Text     string
				Min, Max classify.Level
			}
			if err := json.Unmarshal(sc.Bytes(), &tc); err != nil {
				fh.Close()
				return fmt.Errorf("%s: %w", f, err)
			}
			n++
			if l := cls.Classify(tc.Text).Level; l >= tc.Min && l <= tc.Max {
				ok++
			}
		}
		fh.Close()
	}
	fmt.Fprintf(w, "\nHand-written cases (%s, reported only): %d of %d in their range\n", dir, ok, n)
	return nil
}
