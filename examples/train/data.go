package main

import (
	"bufio"
	"hash/fnv"
	"os"
	"slices"
	"sort"
	"strings"

	"github.com/vigie-project/vigie/internal/corpus"
	"github.com/vigie-project/vigie/lexicon"
	"github.com/vigie-project/vigie/model"
	"github.com/vigie-project/vigie/tokenize"
)

// record is one labelled text: a corpus record or one of our own.
type record = corpus.Record

// Where a sample comes from.
const (
	originCorpus  = iota // ../shared/data/corpus
	originOwn            // training/own.jsonl and training/written-*.jsonl, a part of them
	originCalib          // training/calibration.jsonl: calibration only
	originHeldOut        // the held-out part of our own texts: reported, never trained or calibrated on
)

// sample is a record with its label for each head: +1 positive, 0
// negative, -1 not labelled for that head (left out of its training), and
// the weight of each.
type sample struct {
	record
	origin int
	y      [model.Heads]int8
	w      [model.Heads]float64
}

// Our own labels. Negatives of every head: texts that share the vocabulary of
// the positives and take no violent or hateful stance.
var ownNegatives = []string{"news", "news-terror", "news-war", "geopolitics", "history", "analysis", "counter", "victim",
	"politics", "identity", "religious", "idiom", "fiction", "offensive"}

// hardNegatives are the labels our thresholds hold down.
var hardNegatives = append([]string{"normal", "religious"}, ownNegatives...)

func isHard(label string) bool { return slices.Contains(hardNegatives, label) }

// label gives a sample its label for each head, from its source and label
// (SOURCES.md says what they mean), and reports false for a record that
// trains nothing. evidence says that the lexicon finds a signal in the text.
func (c *config) label(s *sample, evidence bool) bool {
	const ext, vio, hate = 0, 1, 2
	set := func(h int, y int8, w float64) { s.y[h], s.w[h] = y, w }
	all := func(y int8, w float64) {
		for h := range model.Heads {
			set(h, y, w)
		}
	}
	all(0, 1) // most records are negatives of every head
	switch s.Source {
	case "isis-fanboy":
		if s.Lang == "ar" || s.Label != "jihadist" {
			return false // the model must not learn that a script is a risk
		}
		w := 1.0
		switch {
		case c.isisMode == "flat", c.isisMode == "evidence" && !evidence:
			w = c.isisWeight
		}
		set(ext, 1, w)
		set(vio, -1, 0) // labelled by account: the tweet's stance on violence and hate is unknown
		set(hate, -1, 0)
	case "mlma":
		switch s.Label {
		case "hate":
			set(hate, 1, 1)
			set(vio, -1, 0)
			set(ext, 0, c.offensiveWeight)
		case "offensive":
			all(0, c.offensiveWeight)
		}
	case "stormfront":
		switch s.Label {
		case "hate":
			set(hate, 1, 1)
			set(ext, -1, 0) // written in a white-supremacist forum: support is likely, not labelled
			set(vio, -1, 0)
		case "milieu":
			all(0, c.milieuWeight)
			set(ext, -1, 0)
		}
	case "gab":
		switch {
		case s.Label == "hate" && len(s.Tags) == 0: // the binary copy: hate, which kind unknown
			set(hate, 1, 1)
			set(vio, -1, 0)
			set(ext, -1, 0)
		case s.Label == "hate":
			if s.HasTag("hd") {
				set(hate, 1, 1)
			} else {
				set(hate, -1, 0)
			}
			if s.HasTag("cv") {
				set(vio, 1, 1)
			} else {
				set(vio, 0, 0.5)
			}
			set(ext, -1, 0)
		default: // normal inside a far-right milieu: not a clean negative
			all(0, c.milieuWeight)
			set(ext, -1, 0)
		}
	case "davidson":
		switch s.Label {
		case "hate":
			set(hate, 1, 1)
			set(vio, -1, 0)
		case "offensive": // dialect bias: do not read offensive as hostile to a group
			all(0, c.offensiveWeight)
		}
	case "counterspeech":
		w := 1.0
		if s.HasTag("silver") {
			w = 0.7
		}
		switch s.Label {
		case "hate":
			set(hate, 1, w)
			set(vio, -1, 0)
			set(ext, -1, 0)
		case "counter":
			all(0, w) // counter-speech: the hardest negatives
		default:
			all(0, 0.5*w) // "other speech" inside hate subreddits
		}
	case "jigsaw-fr":
		w := 1.0
		if s.HasTag("machine-translated") {
			w = 0.8
		}
		switch s.Label {
		case "threat":
			set(vio, 1, w)
			set(hate, -1, 0)
		case "hate":
			set(hate, 1, w)
			set(vio, 0, 0.5*w)
		case "offensive":
			all(0, 0.5*w)
		default:
			all(0, w)
		}
	case "ftr":
		switch s.Label {
		case "hate": // doubtful labels (SOURCES.md)
			set(hate, 1, 0.5)
			set(vio, -1, 0)
			set(ext, -1, 0)
		default:
			all(0, 0.5)
		}
	case "bible", "ud":
	case "own":
		all(0, c.ownWeight)
		switch s.Label {
		case "extremism", "jihadist":
			all(-1, 0)
			set(ext, 1, c.ownWeight)
		case "violence":
			all(-1, 0)
			set(vio, 1, c.ownWeight)
		case "hate":
			all(-1, 0)
			set(hate, 1, c.ownWeight)
		default:
			if !slices.Contains(ownNegatives, s.Label) {
				return false
			}
		}
	default:
		return false
	}
	return true
}

// ownSplit splits our own texts deterministically: within each label and
// language, ids ordered by their FNV-1a hash go by rank to training (ranks
// 0, 1, 2 of every 5), calibration (rank 3) and the held-out part (rank 4),
// reported only. The split depends only on the ids.
func ownSplit(recs []record) (train, calib, held []record) {
	type key struct{ label, lang string }
	groups := map[key][]record{}
	for _, r := range recs {
		k := key{r.Label, r.Lang}
		groups[k] = append(groups[k], r)
	}
	keys := make([]key, 0, len(groups))
	for k := range groups {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		return keys[i].label < keys[j].label || keys[i].label == keys[j].label && keys[i].lang < keys[j].lang
	})
	hash := func(s string) uint64 {
		h := fnv.New64a()
		h.Write([]byte(s))
		return h.Sum64()
	}
	for _, k := range keys {
		g := groups[k]
		sort.Slice(g, func(i, j int) bool { return hash(g[i].ID) < hash(g[j].ID) })
		for i, r := range g {
			switch i % 5 {
			case 3:
				calib = append(calib, r)
			case 4:
				held = append(held, r)
			default:
				train = append(train, r)
			}
		}
	}
	return train, calib, held
}

// hasEvidence reports whether the lexicon finds a signal other than a
// topic in the text.
func hasEvidence(lex *lexicon.Lexicon, doc *tokenize.Document, matches []lexicon.Match) bool {
	for _, m := range matches {
		e := lex.Entry(int(m.Entry))
		if e.Category.Class() == lexicon.Signal && e.Category != lexicon.Topic {
			return true
		}
	}
	return false
}

// readWordList reads a list of words, one or more a line, # for comments,
// normalised as the tokenizer does.
func readWordList(path string) (map[string]bool, error) {
	if path == "" {
		return map[string]bool{}, nil
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	out := map[string]bool{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line, _, _ := strings.Cut(sc.Text(), "#")
		for _, w := range strings.Fields(line) {
			out[tokenize.Fold(w)] = true
		}
	}
	return out, sc.Err()
}
