package main

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"unicode"

	"github.com/vigie-project/vigie/internal/corpus"
)

// suiteTargets are the targets on the functional suites.
var suiteTargets = []struct {
	functionality, what string
	min, max            float64 // a share; NaN when unbounded
}{
	{"threat_dir_h", "direct threats flagged ≥ 90%", 0.9, math.NaN()},
	{"threat_norm_h", "normative threats flagged ≥ 90%", 0.9, math.NaN()},
	{"derog_dehum_h", "dehumanisation flagged ≥ 80%", 0.8, math.NaN()},
	{"counter_quote_nh", "counter-speech quoting hate flagged ≤ 10%", math.NaN(), 0.1},
	{"counter_ref_nh", "counter-speech referencing hate flagged ≤ 10%", math.NaN(), 0.1},
	{"negate_neg_nh", "negated hate flagged ≤ 10%", math.NaN(), 0.1},
}

// suiteSection reports a functional suite.
func (ev *evaluation) suiteSection(w io.Writer, s *evalSet) error {
	fmt.Fprintf(w, "## %s\n\n", s.name)
	disputed := 0
	for _, r := range s.recs {
		if r.Disputed {
			disputed++
		}
	}
	fmt.Fprintf(w, "%d cases, %d of them disputed (the annotators' majority disagreed with the gold label).\n\n", len(s.recs), disputed)
	type key struct{ lang, fn, label string }
	seen := map[key]bool{}
	var keys []key
	for _, r := range s.recs {
		k := key{r.Lang, r.Functionality, r.Label}
		if !seen[k] {
			seen[k] = true
			keys = append(keys, k)
		}
	}
	sort.Slice(keys, func(i, j int) bool {
		if keys[i].lang != keys[j].lang {
			return keys[i].lang < keys[j].lang
		}
		return keys[i].fn < keys[j].fn
	})
	var names []string
	for _, sys := range ev.systems {
		names = append(names, sys.name, sys.name+" undisputed")
	}
	tableHeader(w, []string{"lang", "functionality", "label"}, append([]string{"cases", "undisputed"}, names...))
	for _, k := range keys {
		in := func(r *corpus.Record) bool { return r.Lang == k.lang && r.Functionality == k.fn && r.Label == k.label }
		sel := all(s.recs, in)
		und := all(s.recs, func(r *corpus.Record) bool { return in(r) && !r.Disputed })
		var cells []string
		for i := range ev.systems {
			cells = append(cells, pct(sel.rate(s.preds[i], false)), pct(und.rate(s.preds[i], false)))
		}
		tableRow(w, []string{k.lang, k.fn, k.label, fmt.Sprint(len(sel.idx)), fmt.Sprint(len(und.idx))}, cells)
	}
	fmt.Fprintln(w)

	for _, lang := range langsOf(s.recs, func(*corpus.Record) bool { return true }) {
		for _, t := range suiteTargets {
			in := func(r *corpus.Record) bool { return r.Lang == lang && r.Functionality == t.functionality }
			sel := all(s.recs, in)
			if len(sel.idx) == 0 {
				continue
			}
			und := all(s.recs, func(r *corpus.Record) bool { return in(r) && !r.Disputed })
			row := targetRow{set: s.name, what: t.what, scope: lang, kind: rateValue}
			for i := range ev.systems {
				row.values = append(row.values, sel.rate(s.preds[i], false))
			}
			v := row.values[0]
			row.met = yesNo(math.IsNaN(t.min) || v >= t.min) // judged on all cases
			if !math.IsNaN(t.max) {
				row.met = yesNo(v <= t.max)
			}
			if len(und.idx) != len(sel.idx) {
				row.scope += fmt.Sprintf(" (undisputed only: Vigie %s of %d)", pct(und.rate(s.preds[0], false)), len(und.idx))
			}
			ev.targets = append(ev.targets, row)
		}
	}
	ev.spellTable(w, s)
	return nil
}

// spellTable compares each spelling obfuscation with its unobfuscated form.
func (ev *evaluation) spellTable(w io.Writer, s *evalSet) {
	byID := make(map[string]int, len(s.recs))
	for i, r := range s.recs {
		byID[r.ID] = i
	}
	fns := map[string]bool{}
	for _, r := range s.recs {
		if strings.HasPrefix(r.Functionality, "spell_") {
			fns[r.Lang+"\t"+r.Functionality] = true
		}
	}
	if len(fns) == 0 {
		return
	}
	fmt.Fprintf(w, "### Spelling obfuscations against their unobfuscated forms\n\n")
	if len(ev.links) == 0 {
		fmt.Fprintf(w, "Not measured: the raw HateCheck case files that link each obfuscated case to its original "+
			"(../shared/data/raw/hatecheck, ../shared/data/raw/mhc-fr) were not found.\n\n")
		return
	}
	fmt.Fprintf(w, "Each obfuscated case is paired with the case it was made from (ref_case_id in the raw HateCheck "+
		"files; for French cases without one, the cases of its template ref_templ_id with the same target nearest in "+
		"spelling, averaged). **ratio** = flagged share of the obfuscated cases / flagged share of their originals; "+
		"the target is ≥ 0.90. \"–\" when no original is flagged: there is then no detection for obfuscation to lose.\n\n")
	linked := 0
	for _, r := range s.recs {
		for _, id := range ev.links[r.ID] {
			if _, ok := byID[id]; ok {
				linked++
				break
			}
		}
	}
	if linked == 0 {
		fmt.Fprintf(w, "Not measured: no obfuscated case of this set is linked to an original in the raw HateCheck files.\n\n")
		return
	}
	var names []string
	for _, sys := range ev.systems {
		names = append(names, sys.name+" obfuscated", sys.name+" original", sys.name+" ratio")
	}
	tableHeader(w, []string{"lang", "functionality"}, append([]string{"pairs"}, names...))
	for _, k := range sortedKeys(fns) {
		p := strings.Split(k, "\t")
		var cells []string
		var ratios []float64
		pairs := 0
		for i := range ev.systems {
			var obf, orig float64
			pairs = 0
			for j, r := range s.recs {
				if r.Lang != p[0] || r.Functionality != p[1] {
					continue
				}
				var o float64
				n := 0
				for _, id := range ev.links[r.ID] {
					if k, ok := byID[id]; ok {
						n++
						if s.preds[i].flagged[k] {
							o++
						}
					}
				}
				if n == 0 {
					continue
				}
				pairs++
				orig += o / float64(n)
				if s.preds[i].flagged[j] {
					obf++
				}
			}
			ratio := math.NaN()
			if orig > 0 {
				ratio = obf / orig
			}
			ratios = append(ratios, ratio)
			cells = append(cells, pct(ratio0(obf, pairs)), pct(ratio0(orig, pairs)), num(ratio, 2))
		}
		tableRow(w, []string{p[0], p[1], fmt.Sprint(pairs)}, cells)
		if pairs > 0 {
			met := "– (no original flagged)"
			if !math.IsNaN(ratios[0]) {
				met = yesNo(ratios[0] >= 0.9)
			}
			ev.targets = append(ev.targets, targetRow{set: s.name, what: p[1] + " flagged ≥ 0.9 × its unobfuscated form (ratio)",
				scope: p[0], kind: ratioValue, values: ratios, met: met})
		}
	}
	fmt.Fprintln(w)
}

func ratio0(a float64, n int) float64 {
	if n == 0 {
		return math.NaN()
	}
	return a / float64(n)
}

// Spelling obfuscations in HateCheck (spell_leet_h, spell_space_add_h…) are
// made from other hateful cases: "I h4te women." from "I hate women.". The
// suite files do not keep that link; the raw case files beside them do, in
// ref_case_id, or for some French cases only in ref_templ_id (the template
// of the original) with the target. readSpellLinks reads them, so that each
// obfuscation can be compared with its own unobfuscated form.

// spellLinks maps the id of an obfuscated case to the ids of its
// unobfuscated forms (usually one).
type spellLinks map[string][]string

// The raw files, relative to the shared data directory, and how their ids
// become the suites' ids.
var rawSuites = []struct {
	path, idColumn, prefix string
}{
	{"raw/hatecheck/test_suite_cases.csv", "case_id", "hc-en-"},
	{"raw/mhc-fr/hatecheck_cases_final_french.csv", "mhc_case_id", ""},
}

// readSpellLinks reads the links from the raw HateCheck files under dataDir.
// A missing file is not an error: its links are absent.
func readSpellLinks(dataDir string) (spellLinks, error) {
	links := spellLinks{}
	for _, rs := range rawSuites {
		f, err := os.Open(filepath.Join(dataDir, rs.path))
		if errors.Is(err, os.ErrNotExist) {
			continue
		}
		if err != nil {
			return nil, err
		}
		rows, err := readCSV(f)
		f.Close()
		if err != nil {
			return nil, err
		}
		if err := addLinks(links, rows, rs.idColumn, rs.prefix); err != nil {
			return nil, err
		}
	}
	return links, nil
}

// readCSV reads a CSV file with a header into maps from column to value.
func readCSV(r io.Reader) ([]map[string]string, error) {
	cr := csv.NewReader(r)
	head, err := cr.Read()
	if err != nil {
		return nil, err
	}
	var rows []map[string]string
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return rows, nil
		}
		if err != nil {
			return nil, err
		}
		row := make(map[string]string, len(head))
		for i, h := range head {
			if i < len(rec) {
				row[h] = rec[i]
			}
		}
		rows = append(rows, row)
	}
}

// addLinks links each spell_* case of rows to its unobfuscated form: the
// case ref_case_id names, or else, among the cases of the template
// ref_templ_id with the same target, those nearest in spelling.
func addLinks(links spellLinks, rows []map[string]string, idColumn, prefix string) error {
	id := func(row map[string]string) string { return prefix + row[idColumn] }
	caseKey := func(s string) string { // "12.0", "12" and "french-12" are the same case or template
		s = strings.TrimLeftFunc(s, func(r rune) bool { return !unicode.IsDigit(r) })
		if v, err := strconv.ParseFloat(s, 64); err == nil {
			return strconv.FormatInt(int64(v), 10)
		}
		return s
	}
	byCase := map[string]map[string]string{}
	byTemplate := map[string][]map[string]string{}
	for _, row := range rows {
		byCase[caseKey(row[idColumn])] = row
		t := caseKey(row["templ_id"])
		byTemplate[t] = append(byTemplate[t], row)
	}
	for _, row := range rows {
		if !strings.HasPrefix(row["functionality"], "spell_") {
			continue
		}
		ref := caseKey(row["ref_case_id"])
		if orig, ok := byCase[ref]; ok && ref != "" {
			links[id(row)] = []string{id(orig)}
			continue
		}
		var best []string
		bestD := -1
		spelled := []rune(spellingKey(row["test_case"]))
		for _, orig := range byTemplate[caseKey(row["ref_templ_id"])] {
			if row["ref_templ_id"] == "" || orig["target_ident"] != row["target_ident"] ||
				strings.HasPrefix(orig["functionality"], "spell_") {
				continue
			}
			d := editDistance(spelled, []rune(spellingKey(orig["test_case"])))
			switch {
			case bestD < 0 || d < bestD:
				best, bestD = []string{id(orig)}, d
			case d == bestD:
				best = append(best, id(orig))
			}
		}
		if best != nil {
			links[id(row)] = best
		}
	}
	return nil
}

// spellingKey is text lower-cased, with the usual leet digits read as
// letters and everything but letters removed, so that spacing tricks do not
// count as differences.
func spellingKey(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		switch r {
		case '4', '@':
			r = 'a'
		case '3':
			r = 'e'
		case '1':
			r = 'i'
		case '0':
			r = 'o'
		case '5', '$':
			r = 's'
		case '7':
			r = 't'
		}
		if unicode.IsLetter(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// editDistance is the Levenshtein distance between a and b.
func editDistance(a, b []rune) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			sub := prev[j-1]
			if a[i-1] != b[j-1] {
				sub++
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, sub)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
