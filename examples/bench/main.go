// Command bench compares Vigie's speed with its peers on the same corpus and
// the same core: Vigie's whole classification with explanations, prose/v2's
// tokenizer alone (one document per message, tagging off) and with tagging,
// and fastText prediction when the fasttext program is installed
// (apt-get install fasttext), with a model trained on the same train split.
//
// Usage:
//
//	go run ./examples/bench [-mb 5] [-prose-tagging-mb 0.5]
//
// The corpus is the French and English messages of ../shared/data/corpus
// (dev split), repeated to at least -mb megabytes. Everything runs on one
// core (GOMAXPROCS=1, one goroutine). It prints each one's MB/s and Vigie's
// ratio to each, plus the load time and memory of the embedded defaults.
package main

import (
	"bufio"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strings"
	"time"

	"github.com/jdkato/prose/v2"

	"github.com/vigie-project/vigie/classify"
	"github.com/vigie-project/vigie/internal/corpus"
	"github.com/vigie-project/vigie/tokenize"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

type result struct {
	name  string
	bytes int
	secs  float64
	note  string
}

func (r result) mbps() float64 { return float64(r.bytes) / 1e6 / r.secs }

func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("bench", flag.ContinueOnError)
	fs.SetOutput(stderr)
	mb := fs.Float64("mb", 5, "corpus size in megabytes (messages repeated)")
	tagMB := fs.Float64("prose-tagging-mb", 0.5, "megabytes to run prose's tagger on (it is slow); 0 to skip")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	runtime.GOMAXPROCS(1)

	// load time and memory of the defaults, measured first in a fresh process state
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	start := time.Now()
	c, err := classify.New()
	if err != nil {
		fmt.Fprintln(stderr, "bench:", err)
		return 2
	}
	load := time.Since(start)
	runtime.GC()
	runtime.ReadMemStats(&after)

	texts, err := messages(*mb)
	if err != nil {
		fmt.Fprintln(stderr, "bench:", err)
		return 2
	}
	total := 0
	for _, t := range texts {
		total += len(t)
	}
	fmt.Fprintf(stdout, "# Vigie speed, one core\n\nCorpus: %d messages, %.1f MB (French and English messages of corpus/dev.jsonl, repeated).\n", len(texts), float64(total)/1e6)
	fmt.Fprintf(stdout, "Go %s, %s/%s, %d CPUs seen.\n\n", runtime.Version(), runtime.GOOS, runtime.GOARCH, runtime.NumCPU())
	fmt.Fprintf(stdout, "Embedded defaults: loaded in %.1f ms, %.1f MB of heap in use after loading.\n\n",
		float64(load.Microseconds())/1000, float64(after.HeapInuse-before.HeapInuse)/1e6)

	var results []result
	// Vigie: whole classification with explanations
	{
		var r classify.Result
		debug.SetGCPercent(100)
		start := time.Now()
		for _, t := range texts {
			c.ClassifyInto(t, &r)
		}
		results = append(results, result{"Vigie Classify (explained label)", total, time.Since(start).Seconds(), ""})
	}
	// Vigie: tokenizer alone
	{
		var d tokenize.Document
		start := time.Now()
		for _, t := range texts {
			d.Reset(t)
		}
		results = append(results, result{"Vigie tokenize (with normalisation)", total, time.Since(start).Seconds(), ""})
	}
	// prose: tokenizer alone, one document per message
	{
		start := time.Now()
		for _, t := range texts {
			if _, err := prose.NewDocument(t, prose.WithTagging(false), prose.WithSegmentation(false), prose.WithExtraction(false)); err != nil {
				fmt.Fprintln(stderr, "bench: prose:", err)
				return 1
			}
		}
		results = append(results, result{"prose/v2 tokenize (tagging off)", total, time.Since(start).Seconds(), ""})
	}
	if *tagMB > 0 {
		sub, n := prefix(texts, *tagMB)
		// prose loads its tagger for every document unless it is given one:
		// load it once, outside the timing, as a careful user would
		warm, err := prose.NewDocument("Load the model.", prose.WithSegmentation(false), prose.WithExtraction(false))
		if err != nil {
			fmt.Fprintln(stderr, "bench: prose:", err)
			return 1
		}
		model := prose.UsingModel(warm.Model)
		start := time.Now()
		for _, t := range sub {
			if _, err := prose.NewDocument(t, prose.WithSegmentation(false), prose.WithExtraction(false), model); err != nil {
				fmt.Fprintln(stderr, "bench: prose:", err)
				return 1
			}
		}
		results = append(results, result{"prose/v2 tokenize + tagging", n, time.Since(start).Seconds(), fmt.Sprintf("on the first %.1f MB", float64(n)/1e6)})
	}
	if r, err := fastText(texts, total); err != nil {
		fmt.Fprintf(stdout, "fastText: %v\n\n", err)
	} else {
		results = append(results, r)
	}

	fmt.Fprintln(stdout, "| program | MB/s | Vigie Classify's speed ÷ its speed |")
	fmt.Fprintln(stdout, "|---|---:|---:|")
	v := results[0].mbps()
	for _, r := range results {
		ratio := fmt.Sprintf("%.1f×", v/r.mbps())
		if r.name == results[0].name {
			ratio = "–"
		}
		name := r.name
		if r.note != "" {
			name += " (" + r.note + ")"
		}
		fmt.Fprintf(stdout, "| %s | %.1f | %s |\n", name, r.mbps(), ratio)
	}
	fmt.Fprintln(stdout)
	return 0
}

// messages returns the French and English messages of the dev split,
// repeated to at least mb megabytes.
func messages(mb float64) ([]string, error) {
	recs, err := corpus.Split("dev")
	if err != nil {
		return nil, err
	}
	var base []string
	for _, r := range recs {
		if r.Lang == "fr" || r.Lang == "en" {
			base = append(base, r.Text)
		}
	}
	if len(base) == 0 {
		return nil, fmt.Errorf("no French or English message in the dev split")
	}
	var out []string
	size := 0
	for size < int(mb*1e6) {
		for _, t := range base {
			out = append(out, t)
			size += len(t)
		}
	}
	return out, nil
}

// prefix returns the first messages that add up to mb megabytes.
func prefix(texts []string, mb float64) ([]string, int) {
	n := 0
	for i, t := range texts {
		if n >= int(mb*1e6) {
			return texts[:i], n
		}
		n += len(t)
	}
	return texts, n
}

// fastText trains a supervised model on the train split (Vigie's positives
// against its negatives) and times prediction on the corpus, single-threaded.
// The prediction time excludes loading the model: it is the time to predict
// the corpus less the time to predict one line.
func fastText(texts []string, total int) (result, error) {
	bin, err := exec.LookPath("fasttext")
	if err != nil {
		return result{}, fmt.Errorf("not installed (apt-get install fasttext), skipped")
	}
	dir, err := os.MkdirTemp("", "vigie-bench-")
	if err != nil {
		return result{}, err
	}
	defer os.RemoveAll(dir)
	recs, err := corpus.Split("train")
	if err != nil {
		return result{}, err
	}
	train := filepath.Join(dir, "train.txt")
	if err := writeLines(train, recs, func(r corpus.Record) (string, bool) {
		if r.Use != "train" {
			return "", false
		}
		switch r.Label {
		case "jihadist", "hate":
			return "__label__pos " + oneLine(r.Text), true
		case "religious", "normal", "offensive", "milieu":
			return "__label__neg " + oneLine(r.Text), true
		}
		return "", false
	}); err != nil {
		return result{}, err
	}
	model := filepath.Join(dir, "model")
	cmd := exec.Command(bin, "supervised", "-input", train, "-output", model, "-thread", "1", "-seed", "1", "-wordNgrams", "2", "-epoch", "5", "-verbose", "0")
	if out, err := cmd.CombinedOutput(); err != nil {
		return result{}, fmt.Errorf("training: %v: %s", err, out)
	}
	input := filepath.Join(dir, "input.txt")
	f, err := os.Create(input)
	if err != nil {
		return result{}, err
	}
	w := bufio.NewWriter(f)
	for _, t := range texts {
		w.WriteString(oneLine(t))
		w.WriteByte('\n')
	}
	w.Flush()
	f.Close()
	one := filepath.Join(dir, "one.txt")
	os.WriteFile(one, []byte(oneLine(texts[0])+"\n"), 0o600)
	timeIt := func(path string) (float64, error) {
		start := time.Now()
		cmd := exec.Command(bin, "predict", model+".bin", path)
		cmd.Stdout = io.Discard
		err := cmd.Run()
		return time.Since(start).Seconds(), err
	}
	t0, err := timeIt(one)
	if err != nil {
		return result{}, err
	}
	t1, err := timeIt(input)
	if err != nil {
		return result{}, err
	}
	return result{"fastText predict (model load excluded)", total, t1 - t0, ""}, nil
}

func writeLines(path string, recs []corpus.Record, line func(corpus.Record) (string, bool)) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(f)
	for _, r := range recs {
		if s, ok := line(r); ok {
			w.WriteString(s)
			w.WriteByte('\n')
		}
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }
