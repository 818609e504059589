// Command bench compares Vigie's speed with its peers on the same corpus and
// the same core: Vigie's whole classification with explanations (and without
// its trained model), prose/v2's tokenizer alone (one document per message,
// tagging off) and with tagging, and fastText prediction when the fasttext program is installed
// (apt-get install fasttext), with models trained on the same train split:
// fastText's default (word unigrams), word bigrams, and the baseline of
// Vigie's evaluation.
//
// Usage:
//
//	go run ./examples/bench [-mb 5] [-prose-tagging-mb 0.5] [-rounds 3] [-fasttext=true]
//
// The corpus is the French and English messages of ../shared/data/corpus
// (dev split), repeated to at least -mb megabytes. Everything runs on one
// core (GOMAXPROCS=1, one goroutine). The programs take turns, round after
// round, so that a machine that slows down or speeds up during the run
// weighs on all of them alike. It prints each one's median MB/s over the
// rounds and Vigie's ratio to each (of the medians, and the lowest and
// highest of the rounds), plus the load time and memory of the embedded
// defaults.
package main

import (
	"bufio"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"time"

	"github.com/jdkato/prose/v2"

	"github.com/vigie-project/vigie/classify"
	"github.com/vigie-project/vigie/internal/corpus"
	"github.com/vigie-project/vigie/internal/fasttext"
	"github.com/vigie-project/vigie/tokenize"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// contender is one program timed in every round.
type contender struct {
	name string
	note string
	// once processes its input one time and returns how many bytes it read
	// and in how many seconds
	once func() (bytes int, secs float64, err error)
	mbps []float64 // per round
}

// median returns the median of xs (the mean of the middle two when their
// number is even); xs is sorted in place.
func median(xs []float64) float64 {
	slices.Sort(xs)
	n := len(xs)
	if n%2 == 1 {
		return xs[n/2]
	}
	return (xs[n/2-1] + xs[n/2]) / 2
}

func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("bench", flag.ContinueOnError)
	fs.SetOutput(stderr)
	mb := fs.Float64("mb", 5, "corpus size in megabytes (messages repeated)")
	tagMB := fs.Float64("prose-tagging-mb", 0.5, "megabytes to run prose's tagger on (it is slow); 0 to skip")
	rounds := fs.Int("rounds", 3, "how many times each program runs, the programs in turn")
	withFastText := fs.Bool("fasttext", true, "time fastText too, when it is installed")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *rounds < 1 || !(*mb > 0) || !(*tagMB >= 0) {
		fmt.Fprintln(stderr, "bench: -rounds must be at least 1, -mb above 0 and -prose-tagging-mb not negative")
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

	var cs []*contender
	// Vigie: whole classification with explanations
	var r classify.Result
	cs = append(cs, &contender{name: "Vigie Classify (explained label)", once: func() (int, float64, error) {
		start := time.Now()
		for _, t := range texts {
			c.ClassifyInto(t, &r)
		}
		return total, time.Since(start).Seconds(), nil
	}})
	// Vigie without its trained model: the lexicons and rules alone
	lexOnly, err := classify.New(classify.WithoutModel())
	if err != nil {
		fmt.Fprintln(stderr, "bench:", err)
		return 2
	}
	cs = append(cs, &contender{name: "Vigie Classify without the trained model (WithoutModel)", once: func() (int, float64, error) {
		start := time.Now()
		for _, t := range texts {
			lexOnly.ClassifyInto(t, &r)
		}
		return total, time.Since(start).Seconds(), nil
	}})
	// Vigie: tokenizer alone
	var d tokenize.Document
	cs = append(cs, &contender{name: "Vigie tokenize (with normalisation)", once: func() (int, float64, error) {
		start := time.Now()
		for _, t := range texts {
			d.Reset(t)
		}
		return total, time.Since(start).Seconds(), nil
	}})
	// prose: tokenizer alone, one document per message
	cs = append(cs, &contender{name: "prose/v2 tokenize (tagging off)", once: func() (int, float64, error) {
		start := time.Now()
		for _, t := range texts {
			if _, err := prose.NewDocument(t, prose.WithTagging(false), prose.WithSegmentation(false), prose.WithExtraction(false)); err != nil {
				return 0, 0, fmt.Errorf("prose: %w", err)
			}
		}
		return total, time.Since(start).Seconds(), nil
	}})
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
		cs = append(cs, &contender{name: "prose/v2 tokenize + tagging", note: fmt.Sprintf("on the first %.1f MB", float64(n)/1e6),
			once: func() (int, float64, error) {
				start := time.Now()
				for _, t := range sub {
					if _, err := prose.NewDocument(t, prose.WithSegmentation(false), prose.WithExtraction(false), model); err != nil {
						return 0, 0, fmt.Errorf("prose: %w", err)
					}
				}
				return n, time.Since(start).Seconds(), nil
			}})
	}
	if !*withFastText {
		fmt.Fprintf(stdout, "fastText: not timed (-fasttext=false)\n\n")
	} else if fts, cleanup, err := fastText(texts, total); err != nil {
		fmt.Fprintf(stdout, "fastText: %v\n\n", err)
	} else {
		defer cleanup()
		cs = append(cs, fts...)
	}

	for round := 0; round < *rounds; round++ {
		for _, ct := range cs {
			n, secs, err := ct.once()
			if err != nil {
				fmt.Fprintf(stderr, "bench: %s: %v\n", ct.name, err)
				return 1
			}
			ct.mbps = append(ct.mbps, float64(n)/1e6/secs)
		}
	}

	fmt.Fprintf(stdout, "%d rounds, the programs in turn in each; MB/s is the median of the rounds.\n\n", *rounds)
	fmt.Fprintln(stdout, "| program | MB/s | Vigie Classify's speed ÷ its speed | lowest–highest of the rounds |")
	fmt.Fprintln(stdout, "|---|---:|---:|---:|")
	vigie := cs[0]
	v := median(slices.Clone(vigie.mbps))
	for _, ct := range cs {
		m := median(slices.Clone(ct.mbps))
		ratio, spread := "–", "–"
		if ct != vigie {
			ratio = fmt.Sprintf("%.1f×", v/m)
			lo, hi := math.Inf(1), math.Inf(-1)
			for i := range ct.mbps {
				q := vigie.mbps[i] / ct.mbps[i]
				lo, hi = min(lo, q), max(hi, q)
			}
			spread = fmt.Sprintf("%.1f–%.1f×", lo, hi)
		}
		name := ct.name
		if ct.note != "" {
			name += " (" + ct.note + ")"
		}
		fmt.Fprintf(stdout, "| %s | %.1f | %s | %s |\n", name, m, ratio, spread)
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

// fastTextModels are the fastText models the program times: the default
// supervised model (word unigrams); word bigrams as fastText's text
// classification tutorial recommends (-wordNgrams 2, its default 2 million
// hash buckets: an 800 MB model); and the baseline of Vigie's evaluation
// (docs/EVAL.md: word bigrams and character 3- to 5-grams, 50 dimensions).
// The evaluation lower-cases its texts and sets punctuation apart before
// fastText sees them; here fastText reads the messages as they are, so
// that its time is its own.
var fastTextModels = []struct {
	name string
	args []string
}{
	{"fastText predict, default model (word unigrams)", fastTextDefaults},
	{"fastText predict, word bigrams (-wordNgrams 2)", append(slices.Clip(fastTextDefaults), "-wordNgrams", "2")},
	{"fastText predict, the evaluation's baseline (bigrams, character n-grams)", fasttext.EvalParams},
}

// fastTextDefaults leave fastText's training settings at their defaults but
// for one thread and a fixed seed, so that the model is the same from run to
// run.
var fastTextDefaults = []string{"-thread", "1", "-seed", "1", "-verbose", "0"}

// fastText trains supervised models on the train split (Vigie's positives
// against its negatives), single-threaded, and returns the contenders that
// time their prediction of the corpus, and the function that removes their
// files. Prediction is timed without the model's loading: in each round,
// the time `fasttext predict MODEL FILE` takes on the corpus, less the time
// it takes on one line, each the least of predictRuns runs (loading the
// bigram model, 800 MB, takes 0.5 to 1.5 s from one run to the next).
// Predictions go to /dev/null, as from a file to a file: fed through a pipe,
// one line at a time, fastText is slower.
func fastText(texts []string, total int) (cts []*contender, cleanup func(), err error) {
	bin, err := exec.LookPath("fasttext")
	if err != nil {
		return nil, nil, fmt.Errorf("not installed (apt-get install fasttext), skipped")
	}
	dir, err := os.MkdirTemp("", "vigie-bench-")
	if err != nil {
		return nil, nil, err
	}
	defer func() {
		if err != nil {
			os.RemoveAll(dir)
		}
	}()
	recs, err := corpus.Split("train")
	if err != nil {
		return nil, nil, err
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
		return nil, nil, err
	}
	var input strings.Builder
	for _, t := range texts {
		input.WriteString(oneLine(t))
		input.WriteByte('\n')
	}
	corpusFile, oneFile := filepath.Join(dir, "input.txt"), filepath.Join(dir, "one.txt")
	if err := os.WriteFile(corpusFile, []byte(input.String()), 0o600); err != nil {
		return nil, nil, err
	}
	if err := os.WriteFile(oneFile, []byte(oneLine(texts[0])+"\n"), 0o600); err != nil {
		return nil, nil, err
	}
	for i, m := range fastTextModels {
		model := filepath.Join(dir, fmt.Sprintf("model%d", i))
		args := append([]string{"supervised", "-input", train, "-output", model}, m.args...)
		if out, err := exec.Command(bin, args...).CombinedOutput(); err != nil {
			return nil, nil, fmt.Errorf("training %s: %v: %s", m.name, err, out)
		}
		model += ".bin"
		cts = append(cts, &contender{name: m.name, once: func() (int, float64, error) {
			t0, err := leastTime(bin, "predict", model, oneFile)
			if err != nil {
				return 0, 0, err
			}
			t1, err := leastTime(bin, "predict", model, corpusFile)
			if err != nil {
				return 0, 0, err
			}
			if t1 <= t0 {
				return 0, 0, fmt.Errorf("the corpus took no longer than one line (%.3f s against %.3f s): the timing is noise", t1, t0)
			}
			return total, t1 - t0, nil
		}})
	}
	return cts, func() { os.RemoveAll(dir) }, nil
}

// predictRuns is how many times fastText runs for each of its timings.
const predictRuns = 3

// leastTime runs a command predictRuns times, its output to /dev/null, and
// returns the least of its wall-clock times in seconds.
func leastTime(bin string, args ...string) (float64, error) {
	least := math.Inf(1)
	for range predictRuns {
		cmd := exec.Command(bin, args...) // output to the null device (a nil Stdout)
		start := time.Now()
		if err := cmd.Run(); err != nil {
			return 0, fmt.Errorf("%s %s: %w", filepath.Base(bin), strings.Join(args, " "), err)
		}
		least = min(least, time.Since(start).Seconds())
	}
	return least, nil
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
