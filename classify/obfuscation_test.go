package classify

import (
	"flag"
	"fmt"
	"hash/fnv"
	"math/rand/v2"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vigie-project/vigie/internal/obfuscate"
	"github.com/vigie-project/vigie/tokenize"
)

// obfuscationSeeds is how many disguised versions of each case each
// transform makes.
var obfuscationSeeds = flag.Int("obfuscation.seeds", 8, "disguised versions of each case per transform in TestObfuscation")

// obfuscationMisses logs every disguised case that is no longer flagged.
var obfuscationMisses = flag.Bool("obfuscation.misses", false, "log every disguised case that TestObfuscation no longer flags")

// minKeptRate is the share of disguised flagged cases that must stay flagged,
// for each transform and language.
const minKeptRate = 0.95

// minKeptMisspelt is the share of misspelt flagged cases (a letter dropped,
// two swapped, two words glued, in up to three words) that must stay flagged,
// for each misspelling and language. It is lower than minKeptRate: a
// misspelling can turn a word into another word ("shot" → "sot"), which no
// disguise does.
const minKeptMisspelt = 0.80

// signalSpans returns the spans of the words that carry a result's signals:
// the components of a rule, or the matched text of a lexicon signal.
func signalSpans(r Result) []tokenize.Span {
	var out []tokenize.Span
	for _, s := range r.Signals {
		if s.Category.String() == "topic" {
			continue
		}
		if len(s.Parts) > 0 {
			for _, p := range s.Parts {
				out = append(out, tokenize.Span{Start: p.Start, End: p.End})
			}
			continue
		}
		out = append(out, tokenize.Span{Start: s.Start, End: s.End})
	}
	return out
}

// checkSpans requires every span of r to be a valid span of text whose text
// is the explanation's Text.
func checkSpans(t testing.TB, text string, r Result) {
	t.Helper()
	span := func(what string, start, end int, s string) {
		t.Helper()
		require.True(t, start >= 0 && start < end && end <= len(text), "%s span [%d,%d) in %d bytes: %q", what, start, end, len(text), text)
		require.Equal(t, text[start:end], s, "%s text in %q", what, text)
	}
	for _, s := range r.Signals {
		span("signal", s.Start, s.End, s.Text)
		for _, p := range s.Parts {
			span("part", p.Start, p.End, p.Text)
		}
	}
	for _, c := range r.Context {
		span("context", c.Start, c.End, c.Text)
	}
}

// TestObfuscation disguises every case that is flagged today (a positive,
// not a known miss) with each transform, several times with different seeds,
// and requires each transform to keep at least minKeptRate (minKeptMisspelt for misspellings) of them flagged
// in each language. Offsets must still point into the disguised text.
//
//	go test ./classify -run TestObfuscation -v
func TestObfuscation(t *testing.T) {
	checkKept(t, obfuscate.All(), minKeptRate, "disguised")
}

// TestMisspelling does the same with misspellings: one inner letter dropped,
// two neighbouring letters swapped, or two words glued, in up to three words
// of each flagged case, the signal's words first. Each must keep at least
// minKeptMisspelt of the cases flagged in each language.
//
//	go test ./classify -run TestMisspelling -v
func TestMisspelling(t *testing.T) {
	checkKept(t, obfuscate.Misspellings(), minKeptMisspelt, "misspelt")
}

// checkKept applies each transform to every flagged case, several times, and
// requires each transform to keep at least minRate of them flagged in each
// language; what names the kind of change in the log.
func checkKept(t *testing.T, transforms []obfuscate.Transform, minRate float64, what string) {
	c := defaultClassifier(t)
	known := readKnownMisses(t)
	type flagged struct {
		testCase
		lang    string
		targets []tokenize.Span
	}
	var cases []flagged
	for _, tc := range readCases(t) {
		if tc.Min < Medium {
			continue
		}
		if _, miss := known[tc.ID]; miss {
			continue
		}
		r := c.Classify(tc.Text)
		require.True(t, r.Level.Flagged(), "%s: a positive that passes TestCases is flagged", tc.ID)
		lang, _, _ := strings.Cut(tc.ID, "-")
		cases = append(cases, flagged{tc, lang, signalSpans(r)})
	}
	require.NotEmpty(t, cases)

	type tally struct{ kept, total, same int }
	rates := map[string]*tally{} // transform/lang
	var langs []string
	seenLang := map[string]bool{}
	for _, tc := range cases {
		if !seenLang[tc.lang] {
			seenLang[tc.lang] = true
			langs = append(langs, tc.lang)
		}
	}
	sort.Strings(langs)
	misses := map[string][]string{}
	for _, tr := range transforms {
		for _, tc := range cases {
			key := tr.Name + "/" + tc.lang
			if rates[key] == nil {
				rates[key] = &tally{}
			}
			h := fnv.New64a()
			h.Write([]byte(tc.ID))
			for seed := 1; seed <= *obfuscationSeeds; seed++ {
				rng := rand.New(rand.NewPCG(uint64(seed), h.Sum64()))
				text := tr.Apply(rng, tc.Text, tc.targets)
				if text == tc.Text {
					rates[key].same++
					continue
				}
				r := c.Classify(text)
				checkSpans(t, text, r)
				rates[key].total++
				if r.Level.Flagged() {
					rates[key].kept++
				} else {
					misses[key] = append(misses[key], fmt.Sprintf("%s seed %d: %s %q", tc.ID, seed, r.Level, text))
				}
			}
		}
	}
	var table strings.Builder
	fmt.Fprintf(&table, "\n%-11s", "transform")
	for _, l := range langs {
		fmt.Fprintf(&table, " %18s", l)
	}
	for _, tr := range transforms {
		fmt.Fprintf(&table, "\n%-11s", tr.Name)
		for _, l := range langs {
			x := rates[tr.Name+"/"+l]
			fmt.Fprintf(&table, " %6.1f%% (%4d/%4d)", 100*rate(x.kept, x.total), x.kept, x.total)
		}
	}
	t.Logf("flagged cases still flagged once %s (%d seeds per case):%s", what, *obfuscationSeeds, table.String())
	for _, tr := range transforms {
		for _, l := range langs {
			key := tr.Name + "/" + l
			x := rates[key]
			ok := assert.GreaterOrEqual(t, rate(x.kept, x.total), minRate, "%s: %d/%d kept", key, x.kept, x.total)
			if m := misses[key]; len(m) > 0 && (!ok || *obfuscationMisses) {
				if len(m) > 10 && !*obfuscationMisses {
					m = m[:10]
				}
				t.Logf("%s misses:\n%s", key, strings.Join(m, "\n"))
			}
		}
	}
}

func rate(kept, total int) float64 {
	if total == 0 {
		return 1
	}
	return float64(kept) / float64(total)
}
