// Command eval measures Vigie on labelled JSON-lines sets and prints a
// Markdown report: per source, language and label, how many texts, the share
// flagged (medium or high) and the share at high; for functional suites, per
// functionality, French and English apart, with and without disputed cases.
//
// Usage:
//
//	go run ./examples/eval [-split test] [-suites] [-o report.md]
//	go run ./examples/eval FILE.jsonl...
//
// Without files it reads ../shared/data/corpus/SPLIT.jsonl (and the suites
// with -suites). Records have the fields of ../shared/data/SOURCES.md: id,
// source, lang, label, text, and for suites functionality and disputed.
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/vigie-project/vigie/classify"
	"github.com/vigie-project/vigie/internal/corpus"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("eval", flag.ContinueOnError)
	fs.SetOutput(stderr)
	split := fs.String("split", "test", "corpus split to read when no file is given: train, dev or test")
	suites := fs.Bool("suites", false, "also measure the functional suites (../shared/data/suites)")
	out := fs.String("o", "", "write the Markdown report to this file instead of standard output")
	examples := fs.Int("examples", 0, "list up to N flagged texts of each negative label (for error analysis on dev; never tune on test)")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	c, err := classify.New()
	if err != nil {
		fmt.Fprintln(stderr, "eval:", err)
		return 2
	}
	var sets []namedSet
	if fs.NArg() > 0 {
		for _, f := range fs.Args() {
			recs, err := corpus.Read(f)
			if err != nil {
				fmt.Fprintln(stderr, "eval:", err)
				return 2
			}
			sets = append(sets, namedSet{filepath.Base(f), recs})
		}
	} else {
		dir, err := corpus.Dir()
		if err != nil {
			fmt.Fprintln(stderr, "eval:", err)
			return 2
		}
		recs, err := corpus.Read(filepath.Join(dir, "corpus", *split+".jsonl"))
		if err != nil {
			fmt.Fprintln(stderr, "eval:", err)
			return 2
		}
		sets = append(sets, namedSet{"corpus/" + *split + ".jsonl", recs})
		if *suites {
			for _, s := range []string{"hatecheck_en", "hatecheck_fr"} {
				recs, err := corpus.Read(filepath.Join(dir, "suites", s+".jsonl"))
				if err != nil {
					fmt.Fprintln(stderr, "eval:", err)
					return 2
				}
				sets = append(sets, namedSet{"suites/" + s + ".jsonl", recs})
			}
		}
	}
	var w io.Writer = stdout
	if *out != "" {
		f, err := os.Create(*out)
		if err != nil {
			fmt.Fprintln(stderr, "eval:", err)
			return 2
		}
		defer f.Close()
		w = f
	}
	fmt.Fprintf(w, "# Vigie evaluation\n\nCommand: `go run ./examples/eval %s`\n\n", strings.Join(args, " "))
	for _, s := range sets {
		start := time.Now()
		levels := classifyAll(c, s.recs)
		elapsed := time.Since(start)
		bytes := 0
		for _, r := range s.recs {
			bytes += len(r.Text)
		}
		fmt.Fprintf(w, "## %s\n\n%d texts, %.1f MB, scored in %.2fs on %d cores.\n\n", s.name, len(s.recs),
			float64(bytes)/1e6, elapsed.Seconds(), runtime.NumCPU())
		if strings.HasPrefix(s.name, "suites/") || s.recs[0].Functionality != "" {
			suiteReport(w, s.recs, levels)
		} else {
			corpusReport(w, s.recs, levels)
		}
		if *examples > 0 {
			exampleReport(w, c, s.recs, levels, *examples)
		}
	}
	return 0
}

type namedSet struct {
	name string
	recs []corpus.Record
}

// classifyAll scores every record on all cores and returns the levels in order.
func classifyAll(c *classify.Classifier, recs []corpus.Record) []classify.Level {
	levels := make([]classify.Level, len(recs))
	var wg sync.WaitGroup
	next := make(chan int, 256)
	for w := 0; w < runtime.NumCPU(); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var r classify.Result
			for i := range next {
				c.ClassifyInto(recs[i].Text, &r)
				levels[i] = r.Level
			}
		}()
	}
	for i := range recs {
		next <- i
	}
	close(next)
	wg.Wait()
	return levels
}

// counts tallies levels.
type counts struct{ n, flagged, high int }

func (c *counts) add(l classify.Level) {
	c.n++
	if l.Flagged() {
		c.flagged++
	}
	if l == classify.High {
		c.high++
	}
}

func pct(a, b int) string {
	if b == 0 {
		return "–"
	}
	return fmt.Sprintf("%.1f%%", 100*float64(a)/float64(b))
}

func corpusReport(w io.Writer, recs []corpus.Record, levels []classify.Level) {
	groups := map[string]*counts{}
	var keys []string
	for i, r := range recs {
		k := r.Source + "\t" + r.Lang + "\t" + r.Label
		if groups[k] == nil {
			groups[k] = &counts{}
			keys = append(keys, k)
		}
		groups[k].add(levels[i])
	}
	sort.Strings(keys)
	fmt.Fprintln(w, "| source | lang | label | texts | flagged (medium+high) | high |")
	fmt.Fprintln(w, "|---|---|---|---:|---:|---:|")
	for _, k := range keys {
		p := strings.Split(k, "\t")
		g := groups[k]
		fmt.Fprintf(w, "| %s | %s | %s | %d | %s | %s |\n", p[0], p[1], p[2], g.n, pct(g.flagged, g.n), pct(g.high, g.n))
	}
	fmt.Fprintln(w)
}

func suiteReport(w io.Writer, recs []corpus.Record, levels []classify.Level) {
	type key struct{ lang, fn, label string }
	all, undisputed := map[key]*counts{}, map[key]*counts{}
	var keys []key
	for i, r := range recs {
		k := key{r.Lang, r.Functionality, r.Label}
		if all[k] == nil {
			all[k], undisputed[k] = &counts{}, &counts{}
			keys = append(keys, k)
		}
		all[k].add(levels[i])
		if !r.Disputed {
			undisputed[k].add(levels[i])
		}
	}
	sort.Slice(keys, func(i, j int) bool {
		if keys[i].lang != keys[j].lang {
			return keys[i].lang < keys[j].lang
		}
		return keys[i].fn < keys[j].fn
	})
	fmt.Fprintln(w, "| lang | functionality | label | cases | flagged | flagged, undisputed only |")
	fmt.Fprintln(w, "|---|---|---|---:|---:|---:|")
	for _, k := range keys {
		a, u := all[k], undisputed[k]
		fmt.Fprintf(w, "| %s | %s | %s | %d | %s | %s (%d) |\n", k.lang, k.fn, k.label, a.n, pct(a.flagged, a.n), pct(u.flagged, u.n), u.n)
	}
	fmt.Fprintln(w)
}

// exampleReport lists flagged texts of negative labels, for error analysis.
func exampleReport(w io.Writer, c *classify.Classifier, recs []corpus.Record, levels []classify.Level, n int) {
	negative := map[string]bool{"normal": true, "counter": true, "news": true, "news-terror": true, "religious": true, "non-hateful": true, "milieu": true, "offensive": true}
	shown := map[string]int{}
	fmt.Fprintln(w, "### Flagged texts of negative labels")
	fmt.Fprintln(w)
	for i, r := range recs {
		if !negative[r.Label] || !levels[i].Flagged() || shown[r.Source+r.Label] >= n {
			continue
		}
		shown[r.Source+r.Label]++
		res := c.Classify(r.Text)
		fmt.Fprintf(w, "- %s %s/%s: %s — `%s`\n", r.ID, r.Source, r.Label, res.Rationale, oneLine(r.Text))
	}
	fmt.Fprintln(w)
}

func oneLine(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > 200 {
		s = s[:200] + "…"
	}
	return strings.ReplaceAll(s, "`", "'")
}
