package main

import (
	"bytes"
	"io/fs"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/vigie-project/vigie/classify"
	"github.com/vigie-project/vigie/internal/corpus"
	"github.com/vigie-project/vigie/lexicon"
)

// predictions are one system's answers on one set, in the set's order.
type predictions struct {
	score   []float64 // in [0, 1]; higher means more risk
	flagged []bool    // the system asks for a reviewer (Vigie: medium or high)
	high    []bool    // Vigie's level high; nil for a system without levels
	// kinds are Vigie's calibrated probability of each kind of risk; nil for
	// a system that gives one score (fastText).
	kinds []classify.Scores
}

// kindScores returns the probability of risk k for each text: the system's
// own per-kind score, or its one score when it has none.
func (p predictions) kindScores(k classify.Risk) []float64 {
	if p.kinds == nil {
		return p.score
	}
	out := make([]float64, len(p.kinds))
	for i := range p.kinds {
		out[i] = p.kinds[i].Of(k)
	}
	return out
}

// system is one classifier under evaluation.
type system struct {
	name string
	// score scores a named set and says how long it took.
	score func(name string, recs []corpus.Record) (predictions, time.Duration, error)
}

// classifierSystem wraps a Vigie classifier.
func classifierSystem(name string, c *classify.Classifier) system {
	return system{name: name, score: func(_ string, recs []corpus.Record) (predictions, time.Duration, error) {
		start := time.Now()
		p := classifyAll(c, recs)
		return p, time.Since(start), nil
	}}
}

// classifyAll scores every record on all cores.
func classifyAll(c *classify.Classifier, recs []corpus.Record) predictions {
	p := predictions{
		score:   make([]float64, len(recs)),
		flagged: make([]bool, len(recs)),
		high:    make([]bool, len(recs)),
		kinds:   make([]classify.Scores, len(recs)),
	}
	var wg sync.WaitGroup
	next := make(chan int, 256)
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var r classify.Result
			for i := range next {
				c.ClassifyInto(recs[i].Text, &r)
				p.score[i] = r.Score
				p.flagged[i] = r.Level.Flagged()
				p.high[i] = r.Level == classify.High
				p.kinds[i] = r.Scores
			}
		}()
	}
	for i := range recs {
		next <- i
	}
	close(next)
	wg.Wait()
	return p
}

// speed is a throughput measurement.
type speed struct {
	bytes   int
	oneCore time.Duration // Vigie on one goroutine
	allCore time.Duration // Vigie on GOMAXPROCS goroutines
	cores   int
	ft      time.Duration // fastText predict, model loading excluded (0 when not run)
	ftLoad  time.Duration // fastText's start-up and model loading
}

// speedRuns is how many times each speed is measured; the report gives the
// fastest run, the one least disturbed by other work on the machine.
const speedRuns = 3

// measureVigie times c over the texts on one goroutine and on all cores.
// It scores the texts once before, so that every timing finds warm caches.
func measureVigie(c *classify.Classifier, recs []corpus.Record) speed {
	s := speed{cores: runtime.GOMAXPROCS(0)}
	for _, r := range recs {
		s.bytes += len(r.Text)
	}
	classifyAll(c, recs)
	for i := range speedRuns {
		start := time.Now()
		classifyAll(c, recs)
		if d := time.Since(start); i == 0 || d < s.allCore {
			s.allCore = d
		}
		start = time.Now()
		var r classify.Result
		for i := range recs {
			c.ClassifyInto(recs[i].Text, &r)
		}
		if d := time.Since(start); i == 0 || d < s.oneCore {
			s.oneCore = d
		}
	}
	return s
}

// mbps returns megabytes (10⁶ bytes) of text per second.
func mbps(bytes int, d time.Duration) float64 {
	if d <= 0 {
		return 0
	}
	return float64(bytes) / 1e6 / d.Seconds()
}

// lexiconOnlyWeights are the default weights without the two context rules
// that come from punctuation rather than from lexicon lines: questions and
// quoted passages.
func lexiconOnlyWeights() classify.Weights {
	w := classify.DefaultWeights()
	w.QuestionShare = 0
	w.QuoteShare = 0
	return w
}

// lexiconOnly builds the first baseline: Vigie's default lexicons and rules
// with every context entry (negation, reporting, counter-speech, question,
// quotation, mention, religious practice, idiom) removed, and lexiconOnlyWeights. The
// signals, components and rules are the default ones, so the difference from
// Vigie is what the context rules do. The removed lines become empty comments,
// so that the sources of the signals keep their line numbers.
func lexiconOnly() (*classify.Classifier, int, error) {
	fsys := lexicon.DefaultFS()
	names, err := fs.Glob(fsys, "*.tsv")
	if err != nil {
		return nil, 0, err
	}
	var sources []lexicon.Source
	removed := 0
	for _, name := range names {
		b, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, 0, err
		}
		out, n := dropContext(b)
		removed += n
		sources = append(sources, lexicon.Source{Name: name, R: bytes.NewReader(out)})
	}
	l, err := lexicon.New(sources...)
	if err != nil {
		return nil, 0, err
	}
	c, err := classify.New(classify.WithLexicon(l), classify.WithWeights(lexiconOnlyWeights()), classify.WithoutModel())
	return c, removed, err
}

// entryHeader is the header of a lexicon file of entries (lexicon/FORMAT.md).
const entryHeader = "term\tconcept\tcategory\tweight\tnote"

// dropContext replaces each entry line of a context category by "#" and
// returns the file and how many lines it replaced. Rule files are returned
// unchanged.
func dropContext(file []byte) ([]byte, int) {
	lines := strings.Split(string(file), "\n")
	header, entries, n := false, false, 0
	for i, line := range lines {
		trimmed := strings.TrimSpace(line)
		switch {
		case trimmed == "" || strings.HasPrefix(trimmed, "#"):
		case !header:
			header = true
			entries = strings.TrimRight(line, "\r") == entryHeader
		case entries:
			cols := strings.Split(line, "\t")
			if len(cols) > 2 {
				if c, ok := lexicon.ParseCategory(cols[2]); ok && c.Class() == lexicon.Context {
					lines[i] = "#"
					n++
				}
			}
		}
	}
	return []byte(strings.Join(lines, "\n")), n
}

// roles of labels in the metrics.
type role int

const (
	excluded     role = iota // neither positive nor negative (Stormfront milieu, unknown labels)
	positive                 // jihadist, hate: Vigie should flag them
	hardNegative             // counter, news, news-terror, religious, normal: Vigie must not flag them
	otherNeg                 // offensive: toxic but not hateful, a negative
)

// hardNegatives in report order, with the sources the targets speak of.
var hardNegatives = []string{"counter", "news", "news-terror", "religious", "normal"}

// positives in report order.
var positives = []string{"jihadist", "hate"}

func roleOf(label string) role {
	switch label {
	case "jihadist", "hate", "hateful":
		return positive
	case "counter", "news", "news-terror", "religious", "normal":
		return hardNegative
	case "offensive", "non-hateful":
		return otherNeg
	}
	return excluded
}

func isNegative(label string) bool {
	r := roleOf(label)
	return r == hardNegative || r == otherNeg
}
