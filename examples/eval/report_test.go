package main

import (
	"bytes"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/plot/vg"

	"github.com/vigie-project/vigie/internal/corpus"
)

// The fixtures in testdata are texts written for these tests, not taken from
// ../shared/data: eval.jsonl (a corpus set), suite.jsonl (a functional suite)
// and train.jsonl (a train set for fastText).

// runEval runs the program and returns its report and the plots directory.
func runEval(t *testing.T, args ...string) (string, string) {
	t.Helper()
	dir := t.TempDir()
	report, plots := filepath.Join(dir, "report.md"), filepath.Join(dir, "plots")
	var stdout, stderr bytes.Buffer
	code := run(append([]string{"-o", report, "-plots", plots}, args...), &stdout, &stderr)
	require.Equal(t, 0, code, "stderr: %s", stderr.String())
	b, err := os.ReadFile(report)
	require.NoError(t, err)
	return string(b), plots
}

func TestReportOnFixture(t *testing.T) {
	report, plots := runEval(t, "-fasttext", "", "testdata/eval.jsonl", "testdata/suite.jsonl")

	for _, want := range []string{
		"# Vigie evaluation",
		"cd examples/eval && go run . -o ", // the command that made it
		"fastText skipped: -fasttext was empty.",
		"## Where Vigie stands against the targets",
		"## eval.jsonl",
		"| fixture-hate | en | hate | 10 |",
		"| fixture-counter | fr | counter | 3 |",
		"### False positives on hard negatives",
		"| news | fixture-news | en | 4 |",
		"### Detection of the positive labels",
		"| jihadist | fixture-jihadist | en | Vigie | 12 |",
		"### ROC AUC of the score",
		"| jihadist vs hard negatives | en | 12 | 22 |",
		"### Calibration",
		"## suite.jsonl",
		"12 cases, 1 of them disputed",
		"| fr | counter_quote_nh | non-hateful | 2 | 1 |",
		"## Speed (a side note)",
		"lexicon only",
	} {
		assert.Contains(t, report, want)
	}
	// Stormfront-like milieu is shown but enters no metric: 2 milieu texts are
	// not among the negatives (22 hard negatives + 3 offensive in English).
	assert.Contains(t, report, "| jihadist | fixture-jihadist | en | Vigie | 12 | 25 |")
	// Lines of a Markdown table have the header's number of cells.
	checkTables(t, report)

	for _, f := range []string{"eval_roc_jihadist_all.png", "eval_roc_jihadist_en.png", "eval_roc_hate_en.png", "eval_reliability_en.png"} {
		assert.Contains(t, report, "](plots/"+f+")", "the report links the plot relative to itself")
		checkPNG(t, filepath.Join(plots, f))
	}
	// French has too few texts in the fixture for a curve.
	assert.NoFileExists(t, filepath.Join(plots, "eval_roc_hate_fr.png"))
}

// checkTables checks that every row of each Markdown table has as many cells
// as its header.
func checkTables(t *testing.T, md string) {
	t.Helper()
	want := -1
	for _, line := range strings.Split(md, "\n") {
		if !strings.HasPrefix(line, "|") {
			want = -1
			continue
		}
		n := strings.Count(line, "|")
		if want < 0 {
			want = n
			continue
		}
		assert.Equal(t, want, n, "table row %q", line)
	}
}

func checkPNG(t *testing.T, path string) {
	t.Helper()
	f, err := os.Open(path)
	require.NoError(t, err)
	defer f.Close()
	img, err := png.Decode(f)
	require.NoError(t, err, path)
	assert.Equal(t, plotW, img.Bounds().Dx())
	assert.Greater(t, img.Bounds().Dy(), int(areaHeight*plotDPI/vg.Inch))
	assert.FileExists(t, strings.TrimSuffix(path, ".png")+".svg", "an SVG beside the PNG")
	fi, err := f.Stat()
	require.NoError(t, err)
	assert.Less(t, fi.Size(), int64(100_000), "plots stay small")
}

func TestReportWithFastText(t *testing.T) {
	if _, err := exec.LookPath("fasttext"); err != nil {
		t.Skip("fasttext is not on the PATH (apt-get install fasttext): the fastText baseline is not tested")
	}
	report, _ := runEval(t, "-train", "testdata/train.jsonl", "testdata/eval.jsonl")
	assert.Contains(t, report, "fasttext supervised -input $TMP/train.txt -output $TMP/model")
	assert.Contains(t, report, "| Vigie | Vigie without model | lexicon only | fastText |")
	// 22 training records have a use of train and a mapped label; 2 milieu
	// and 1 eval-only record are left out.
	assert.Contains(t, report, "the 20 records whose use is \"train\"")
	assert.Contains(t, report, "3 records left out")
	assert.NotContains(t, report, "fastText skipped")
	checkTables(t, report)
}

// TestFastTextDeterministic trains twice on the same data and expects the
// same probabilities: one thread and a fixed seed.
func TestFastTextDeterministic(t *testing.T) {
	bin, err := exec.LookPath("fasttext")
	if err != nil {
		t.Skip("fasttext is not on the PATH (apt-get install fasttext)")
	}
	train, err := corpus.Read("testdata/train.jsonl")
	require.NoError(t, err)
	recs, err := corpus.Read("testdata/eval.jsonl")
	require.NoError(t, err)
	var got [][]float64
	for range 2 {
		ft, err := trainFastText(bin, t.TempDir(), train, fastTextParams)
		require.NoError(t, err)
		p, _, err := ft.predict("eval", recs)
		require.NoError(t, err)
		require.Len(t, p, len(recs))
		got = append(got, p)
	}
	assert.Equal(t, got[0], got[1])
}

func TestMissingFastText(t *testing.T) {
	report, _ := runEval(t, "-fasttext", "no-such-fasttext-binary", "testdata/eval.jsonl")
	assert.Contains(t, report, "fastText skipped: the command \"no-such-fasttext-binary\" is not on the PATH")
	assert.Contains(t, report, "– (fastText not run)")
}

func TestBadArguments(t *testing.T) {
	var stdout, stderr bytes.Buffer
	assert.Equal(t, 2, run([]string{"-fasttext", "", "testdata/missing.jsonl"}, &stdout, &stderr))
	assert.Contains(t, stderr.String(), "missing.jsonl")
	stderr.Reset()
	assert.Equal(t, 2, run([]string{"-no-such-flag"}, &stdout, &stderr))
}

// TestSuiteOnData runs the French functional suite of the shared data, the
// one with disputed cases and obfuscations linked through the raw files.
func TestSuiteOnData(t *testing.T) {
	dir, err := corpus.Dir()
	if err != nil {
		t.Skipf("shared data absent, skipping the data-dependent test: %v", err)
	}
	report, _ := runEval(t, "-fasttext", "", filepath.Join(dir, "suites", "hatecheck_fr.jsonl"))
	for _, fn := range []string{"threat_dir_h", "threat_norm_h", "derog_dehum_h", "counter_quote_nh", "counter_ref_nh", "negate_neg_nh"} {
		assert.Contains(t, report, "| fr | "+fn+" |")
	}
	assert.Contains(t, report, "3718 cases")
	assert.Contains(t, report, "### Spelling obfuscations against their unobfuscated forms")
	assert.Contains(t, report, "| fr | spell_leet_h | 166 |", "obfuscated cases are paired with their originals")
	checkTables(t, report)
}
