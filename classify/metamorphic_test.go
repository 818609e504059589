package classify

import (
	"fmt"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

// benignSentences are sentences we wrote that say nothing about anyone's
// stance, by kind: added before or after a flagged text, they must not clear
// it (issue 12). None of them reports, quotes or rebuts the text they are
// added to: they stand on their own.
var benignSentences = map[string][]string{
	"news attribution": {"Police said.", "Selon la police.", "Prosecutors said on Tuesday.", "Selon le parquet.",
		"The court heard the case this week.", "L'enquête suit son cours, selon une source judiciaire.",
		"According to officials, the investigation continues.", "A-t-il déclaré à la presse."},
	"sports": {"Great match last night.", "Quel match hier soir !", "The derby ends 2-1 for the home side.",
		"Le PSG a gagné la Ligue des champions.", "What a goal in the second half."},
	"greeting": {"Hello everyone!", "Bonjour à tous.", "Have a nice weekend.", "Bonne soirée les amis.", "Good morning from Lyon."},
	"prayer": {"May God bless you all.", "Ramadan Mubarak.", "Que Dieu vous bénisse.", "Inch'Allah, tout ira bien.",
		"Eid Mubarak to everyone.", "Amen."},
	"disclaimer": {"I condemn all violence.", "Je condamne toute violence.", "This is just my opinion.",
		"C'est juste mon avis.", "No offence meant.", "Sans vouloir offenser personne."},
	"filler": {"It is raining again in Paris.", "Il fait beau aujourd'hui.", "I had pasta for lunch.", "J'ai raté mon bus ce matin."},
}

// minKeptAppended is the share of (flagged case, added sentence) pairs
// that must stay flagged, for each kind of sentence.
const minKeptAppended = 0.95

// TestAddedSentenceDoesNotClear adds each benign sentence before and after
// every flagged case of testdata/cases, and requires, for each kind of
// sentence, that at least minKeptAppended of the pairs stay flagged.
func TestAddedSentenceDoesNotClear(t *testing.T) {
	c := defaultClassifier(t)
	var flagged []testCase
	for _, tc := range readCases(t) {
		if tc.Min >= Medium && c.Classify(tc.Text).Level.Flagged() {
			flagged = append(flagged, tc)
		}
	}
	if len(flagged) < 50 {
		t.Fatalf("only %d flagged cases: the test would say little", len(flagged))
	}
	kinds := make([]string, 0, len(benignSentences))
	for k := range benignSentences {
		kinds = append(kinds, k)
	}
	sort.Strings(kinds)
	var table strings.Builder
	for _, kind := range kinds {
		n, kept := 0, 0
		var lost []string
		for _, tc := range flagged {
			// a sentence: a text without a full stop gets one, or the added
			// words would join its last sentence ("spread it brothers
			// police said" is one sentence, which "police said" governs)
			body := strings.TrimSpace(tc.Text)
			if !strings.ContainsAny(body[len(body)-1:], ".!?…") {
				body += "."
			}
			for _, s := range benignSentences[kind] {
				for _, text := range []string{body + " " + s, s + " " + tc.Text, tc.Text + "\n" + s} {
					n++
					if c.Classify(text).Level.Flagged() {
						kept++
					} else if len(lost) < 5 {
						lost = append(lost, fmt.Sprintf("%s + %q", tc.ID, s))
					}
				}
			}
		}
		rate := float64(kept) / float64(n)
		fmt.Fprintf(&table, "\n  %-17s %5d pairs, %5.1f%% stay flagged", kind, n, 100*rate)
		assert.GreaterOrEqual(t, rate, minKeptAppended, "%s: %d of %d pairs stay flagged; lost: %s", kind, kept, n, strings.Join(lost, "; "))
	}
	t.Logf("flagged cases: %d%s", len(flagged), table.String())
}

// wrappers quote a flagged text inside a report or a rebuttal; %s is the
// text. Written by us.
var wrappers = []string{
	"X posted: « %s ». This is hate and we reported it.",
	"Un compte a publié : « %s ». C'est de la haine, nous l'avons signalé à Pharos.",
	"The account wrote \"%s\", which the platform removed after reports.",
	"« %s », a écrit l'accusé, selon le parquet.",
	"Those who write \"%s\" forget that their targets are human beings.",
}

// minClearedWrapped is the share of flagged cases, quoted inside a report
// or a rebuttal, that must come out low or none.
const minClearedWrapped = 0.9

// TestWrappedCaseClears quotes every flagged case inside reports and
// rebuttals: the quotation is governed by the frame, so most must come out
// low or none.
func TestWrappedCaseClears(t *testing.T) {
	c := defaultClassifier(t)
	n, cleared := 0, 0
	var kept []string
	for _, tc := range readCases(t) {
		if tc.Min < Medium || !c.Classify(tc.Text).Level.Flagged() || strings.ContainsAny(tc.Text, "\"«»\n") {
			continue
		}
		for _, w := range wrappers {
			n++
			if r := c.Classify(fmt.Sprintf(w, tc.Text)); !r.Level.Flagged() {
				cleared++
			} else if len(kept) < 8 {
				kept = append(kept, fmt.Sprintf("%s in %q: %s", tc.ID, w, r.Rationale))
			}
		}
	}
	rate := float64(cleared) / float64(n)
	t.Logf("%d of %d wrapped flagged cases come out low or none (%.1f%%)", cleared, n, 100*rate)
	assert.GreaterOrEqual(t, rate, minClearedWrapped, "still flagged: %s", strings.Join(kept, "\n"))
}
