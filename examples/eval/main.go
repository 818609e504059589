// Command eval measures Vigie on labelled JSON-lines sets, beside two
// baselines scored in the same run on the same texts, and writes a Markdown
// report with PNG plots (and SVG beside them), drawn with gonum.org/v1/plot.
// It is its own module, so that gonum/plot never reaches the library's
// users: run it from its directory (paths are then relative to it).
//
// Usage:
//
//	cd examples/eval && go run . [-split test] [-suites] [-o report.md] [-plots DIR]
//	cd examples/eval && go run . [flags] FILE.jsonl...
//
// Without files it reads ../shared/data/corpus/SPLIT.jsonl, and the
// functional suites (../shared/data/suites/hatecheck_{en,fr}.jsonl) with
// -suites. Records have the fields of ../shared/data/SOURCES.md: id, source,
// lang, label, use, text, and for suites functionality and disputed. A file
// whose records have a functionality is reported as a suite.
//
// For a corpus set the report gives, per source, language and label, the
// number of texts, the share flagged (medium or high) and the share at high;
// the false-positive rate on each hard-negative label (counter, news,
// news-terror, religious, normal); precision, recall and F1 of the positive
// labels (jihadist, hate), a positive prediction being a flag; the ROC AUC of
// the score, jihadist against all hard negatives and each positive label
// against the negatives; the expected calibration error of the score
// (10 bins); and the scoring speed. For a suite it gives the share flagged per
// functionality, French and English apart, with and without disputed cases,
// and compares each spelling obfuscation with its unobfuscated form.
//
// Per category (extremism, violence, hate: Result.Scores), for a corpus set:
// the positives are the records whose labels mean that kind of risk
// (jihadist; threat and Gab's cv tag; hate and Gab's hd tag), the negatives
// those of every hard-negative and offensive label; for all languages, English
// and French, and French less English, it gives the ROC AUC and the expected
// calibration error of the category's probability, the flagged share of the
// positives (recall at the shipped operating point) and of the negatives,
// precision and F1, with a ROC curve and a reliability diagram per category.
//
// The report begins with where Vigie stands against the targets of the
// project (issues 11 and 13): each false-positive bound, each detection
// target, French within 5 points of English, the ROC AUC against fastText's,
// and that every flagged text scores above every unflagged one; then the
// geopolitics sentences of issue 13 with their level and scores. With -o,
// the targets table is also printed on standard output.
//
// The baselines are Vigie's lexicon without its context rules (built here
// from the default lexicon files through the classify API) and fastText,
// trained on the train split (-train) when the fasttext command is on the
// PATH; the report says when it was skipped. fastText's files live in a
// temporary directory that is removed at the end.
//
// Train on the train split, tune on dev, report on test: the program only
// measures.
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

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
	out := fs.String("o", "", "write the Markdown report to this file instead of standard output, and print only the targets table")
	plots := fs.String("plots", "", "write the plots (ROC curves, reliability diagrams), PNG and SVG, into this directory")
	train := fs.String("train", "", "JSON-lines set to train fastText on (default ../shared/data/corpus/train.jsonl); only records with use \"train\" are used")
	ftBin := fs.String("fasttext", "fasttext", "the fastText command; empty to skip the fastText baseline")
	ftArgs := fs.String("fasttext-args", strings.Join(fastTextParams, " "), "fastText training options (compare them on dev, never on test)")
	flagAt := fs.Float64("flag-at", 0, "Vigie's operating point: classify.Weights.FlagAt (0: the default threshold; choose it on dev, never on test)")
	examples := fs.Int("examples", 0, "list up to N flagged texts of each negative label (for error analysis on dev; never tune on test)")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	fail := func(err error) int {
		fmt.Fprintln(stderr, "eval:", err)
		return 2
	}

	ev := &evaluation{args: args, plotsDir: *plots, reportPath: *out}
	sets, err := readSets(fs.Args(), *split, *suites)
	if err != nil {
		return fail(err)
	}

	if !(*flagAt >= 0 && *flagAt < 1) {
		return fail(fmt.Errorf("-flag-at %v: want a probability between 0 and 1 (0: the default threshold)", *flagAt))
	}
	weights := classify.DefaultWeights()
	weights.FlagAt = *flagAt
	vigie, err := classify.New(classify.WithWeights(weights))
	if err != nil {
		return fail(err)
	}
	lexOnly, removed, err := lexiconOnly()
	if err != nil {
		return fail(fmt.Errorf("lexicon-only baseline: %w", err))
	}
	noModel, err := classify.New(classify.WithoutModel())
	if err != nil {
		return fail(err)
	}
	ev.vigie = vigie
	ev.systems = []system{classifierSystem("Vigie", vigie), classifierSystem("Vigie without model", noModel),
		classifierSystem("lexicon only", lexOnly)}
	ev.notes = append(ev.notes, "**Vigie** is classify.New(): the embedded lexicons, rules and trained model. "+
		"**Vigie without model** is classify.New(classify.WithoutModel()): the lexicons and rules with their context, no trained model.")
	if *flagAt > 0 {
		ev.notes = append(ev.notes, fmt.Sprintf("**Operating point**: Vigie flags from a score of %g (classify.Weights.FlagAt), "+
			"not from the model's threshold: the recall-oriented point for monitoring and research. The other systems are unchanged.", *flagAt))
	}
	ev.notes = append(ev.notes, fmt.Sprintf("**lexicon only** is Vigie's default lexicons and rules with the %d context "+
		"entries (negation, reporting, counter-speech, question, quotation, mention, religious practice, idiom) removed, the "+
		"question and quotation shares of classify.Weights set to 0, and no trained model: the same signals, no context rule. It is built in "+
		"examples/eval with lexicon.New over lexicon.DefaultFS() and classify.WithLexicon, classify.WithWeights, classify.WithoutModel.", removed))

	if *ftBin != "" {
		ft, cleanup, note := setUpFastText(*ftBin, *train, strings.Fields(*ftArgs))
		defer cleanup()
		if ft != nil {
			ev.ft = ft
			ev.systems = append(ev.systems, fastTextSystem(ft))
		}
		ev.notes = append(ev.notes, note)
	} else {
		ev.notes = append(ev.notes, "fastText skipped: -fasttext was empty.")
	}

	if dir, err := corpus.Dir(); err == nil {
		if ev.links, err = readSpellLinks(dir); err != nil {
			return fail(fmt.Errorf("spelling links: %w", err))
		}
	}

	for _, s := range sets {
		for _, sys := range ev.systems {
			p, d, err := sys.score(s.name, s.recs)
			if err != nil {
				return fail(fmt.Errorf("%s on %s: %w", sys.name, s.name, err))
			}
			s.preds = append(s.preds, p)
			if sys.name == "fastText" {
				s.speed.ft = d - ev.ft.load
				s.speed.ftLoad = ev.ft.load
			}
		}
		ftSpeed, ftLoad := s.speed.ft, s.speed.ftLoad
		s.speed = measureVigie(vigie, s.recs)
		s.speed.ft, s.speed.ftLoad = ftSpeed, ftLoad
	}
	ev.sets = sets

	if *plots != "" {
		if err := os.MkdirAll(*plots, 0o755); err != nil {
			return fail(err)
		}
	}
	var w io.Writer = stdout
	var f *os.File
	if *out != "" {
		if f, err = os.Create(*out); err != nil {
			return fail(err)
		}
		w = f
	}
	err = ev.write(w)
	if err == nil && *examples > 0 {
		for _, s := range sets {
			exampleReport(w, vigie, s, *examples)
		}
	}
	if f != nil {
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err == nil { // the report went to a file: the targets on the terminal too
			ev.targetsSection(stdout)
		}
	}
	if err != nil {
		return fail(err)
	}
	return 0
}

// readSets reads the files given, or the split and the suites.
func readSets(files []string, split string, suites bool) ([]*evalSet, error) {
	var sets []*evalSet
	add := func(name, path string) error {
		recs, err := corpus.Read(path)
		if err != nil {
			return err
		}
		if len(recs) == 0 {
			return fmt.Errorf("%s: no records", path)
		}
		s := &evalSet{name: name, recs: recs}
		for _, r := range recs {
			if r.Functionality != "" {
				s.suite = true
				break
			}
		}
		sets = append(sets, s)
		return nil
	}
	if len(files) > 0 {
		for _, f := range files {
			if err := add(filepath.Base(f), f); err != nil {
				return nil, err
			}
		}
		return sets, nil
	}
	dir, err := corpus.Dir()
	if err != nil {
		return nil, err
	}
	if err := add("corpus/"+split+".jsonl", filepath.Join(dir, "corpus", split+".jsonl")); err != nil {
		return nil, err
	}
	if suites {
		for _, s := range []string{"hatecheck_en", "hatecheck_fr"} {
			if err := add("suites/"+s+".jsonl", filepath.Join(dir, "suites", s+".jsonl")); err != nil {
				return nil, err
			}
		}
	}
	return sets, nil
}

// setUpFastText trains the fastText baseline in a temporary directory. It
// returns nil and a note saying why when fastText cannot run; the cleanup
// function removes the directory.
func setUpFastText(bin, train string, params []string) (*fastText, func(), string) {
	nothing := func() {}
	path, err := exec.LookPath(bin)
	if err != nil {
		return nil, nothing, fmt.Sprintf("fastText skipped: the command %q is not on the PATH (install it with `apt-get install fasttext`).", bin)
	}
	trainName := train
	if train == "" {
		dir, err := corpus.Dir()
		if err != nil {
			return nil, nothing, "fastText skipped: no train set (-train) and " + err.Error()
		}
		train = filepath.Join(dir, "corpus", "train.jsonl")
		trainName = "../shared/data/corpus/train.jsonl"
	}
	recs, err := corpus.Read(train)
	if err != nil {
		return nil, nothing, "fastText skipped: " + err.Error()
	}
	tmp, err := os.MkdirTemp("", "vigie-eval-fasttext-")
	if err != nil {
		return nil, nothing, "fastText skipped: " + err.Error()
	}
	cleanup := func() { os.RemoveAll(tmp) }
	ft, err := trainFastText(path, tmp, recs, params)
	if err != nil {
		return nil, cleanup, "fastText skipped: " + err.Error()
	}
	note := fmt.Sprintf("**fastText** is trained in the same run on %s: the %d records whose use is \"train\", "+
		"jihadist and hate as __label__pos (%d), religious, normal and offensive as __label__neg (%d); "+
		"%d records left out (Stormfront milieu, which the corpus documents as not a clean negative, "+
		"and any record not meant for training). Texts are lower-cased with punctuation set apart. "+
		"The training options (above) were chosen on the dev split only (see EvalParams in "+
		"internal/fasttext, which the speed comparison trains too); one thread and a fixed seed make the model the same from run to run. A text is flagged when "+
		"P(__label__pos) > 0.5, fastText's own decision; its score is that probability. fastText has no "+
		"level high. Training took %.1fs. Its files lived in a temporary directory, removed after the run.",
		trainName, ft.pos+ft.neg, ft.pos, ft.neg, ft.ignored, ft.trainDur.Seconds())
	return ft, cleanup, note
}

// exampleReport lists flagged texts of negative labels, for error analysis.
func exampleReport(w io.Writer, c *classify.Classifier, s *evalSet, n int) {
	shown := map[string]int{}
	fmt.Fprintf(w, "## Flagged texts of negative labels in %s\n\n", s.name)
	for i, r := range s.recs {
		if !isNegative(r.Label) || !s.preds[0].flagged[i] || shown[r.Source+r.Label] >= n {
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
	if r := []rune(s); len(r) > 200 {
		s = string(r[:200]) + "…"
	}
	return strings.ReplaceAll(s, "`", "'")
}
