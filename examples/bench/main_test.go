package main

import (
	"bytes"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vigie-project/vigie/internal/corpus"
)

func TestMedian(t *testing.T) {
	for _, tc := range []struct {
		in   []float64
		want float64
	}{
		{[]float64{3}, 3},
		{[]float64{5, 1, 3}, 3},
		{[]float64{4, 1, 3, 2}, 2.5},
		{[]float64{2, 2}, 2},
	} {
		assert.Equal(t, tc.want, median(tc.in), "median(%v)", tc.in)
	}
}

// TestRunSmall runs the program on a small corpus, without fastText: it
// must print a row for each program with a positive speed.
func TestRunSmall(t *testing.T) {
	if _, err := corpus.Split("dev"); err != nil {
		t.Skipf("the shared data is needed: %v", err)
	}
	var out, errs bytes.Buffer
	code := run([]string{"-mb", "0.05", "-prose-tagging-mb", "0.01", "-rounds", "2", "-fasttext=false"}, &out, &errs)
	require.Equal(t, 0, code, "stderr: %s", errs.String())
	text := out.String()
	assert.Contains(t, text, "2 rounds")
	for _, name := range []string{"Vigie Classify (", "Vigie Classify without", "Vigie tokenize", "prose/v2 tokenize (tagging off)", "prose/v2 tokenize + tagging"} {
		var row string
		for _, line := range strings.Split(text, "\n") {
			if strings.HasPrefix(line, "| "+name) {
				row = line
			}
		}
		require.NotEmpty(t, row, "no row for %s in:\n%s", name, text)
		cells := strings.Split(row, "|")
		require.Len(t, cells, 6, row)
		assert.NotEqual(t, "0.0", strings.TrimSpace(cells[2]), row)
	}
}

func TestRunBadFlags(t *testing.T) {
	for _, args := range [][]string{{"-rounds", "0"}, {"-mb", "0"}, {"-prose-tagging-mb", "-1"}} {
		var out, errs bytes.Buffer
		assert.Equal(t, 2, run(args, &out, &errs), "%v", args)
		assert.NotEmpty(t, errs.String(), "%v", args)
	}
}
