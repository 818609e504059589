package classify

import (
	"strings"
	"testing"
)

// TestLongDocumentIsLinear scores a long document made of many paragraphs
// full of signals and cues. Context used to cost signals × cues: 2 MB took
// half a minute. The test has no timing assertion; quadratic behaviour would
// show as a test run that never ends.
func TestLongDocumentIsLinear(t *testing.T) {
	c := defaultClassifier(t)
	para := "Selon le parquet, il a écrit « il faut tous les tuer » et « rejoignez le califat » ; nous condamnons. " +
		"Police said he posted ISIS propaganda, the kuffar must die, according to the court. Why? Not in my name.\n"
	text := strings.Repeat(para, 8000) // about 2 MB
	r := c.Classify(text)
	if len(r.Signals) == 0 {
		t.Fatal("no signals in a text full of them")
	}
	if r.Level.Flagged() {
		t.Errorf("level %s: every paragraph reports or counters", r.Level)
	}
}
