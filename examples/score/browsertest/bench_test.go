package browsertest

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/require"
)

// benchDocs is the size of the report that must stay usable.
const benchDocs = 10_000

// writeManyDocs writes a JSON-lines file of n documents, the cases again
// and again under new ids, and returns its path.
func writeManyDocs(tb testing.TB, dir string, n int) string {
	tb.Helper()
	var texts []string
	for _, f := range cases {
		b, err := os.ReadFile(fromRoot(f))
		require.NoError(tb, err)
		for line := range strings.SplitSeq(strings.TrimSpace(string(b)), "\n") {
			var r struct{ Text string }
			require.NoError(tb, json.Unmarshal([]byte(line), &r))
			texts = append(texts, r.Text)
		}
	}
	slices.Sort(texts)
	var sb strings.Builder
	for i := range n {
		line, err := json.Marshal(map[string]string{"id": fmt.Sprintf("doc-%05d", i), "text": texts[i%len(texts)]})
		require.NoError(tb, err)
		sb.Write(line)
		sb.WriteByte('\n')
	}
	path := filepath.Join(dir, "many.jsonl")
	require.NoError(tb, os.WriteFile(path, []byte(sb.String()), 0o644))
	return path
}

// BenchmarkReport10000 measures the report of 10,000 documents (the cases,
// repeated) in headless chromium: the page's size, the time from navigation
// to a page whose filter script has run (load-ms), the time one filter
// takes, with the style and layout it forces (filter-ms: a level box
// clicked).
func BenchmarkReport10000(b *testing.B) {
	ctx := browser(b)
	dir := b.TempDir()
	page := writeReport(b, dir, "-jsonl", writeManyDocs(b, dir, benchDocs))
	fi, err := os.Stat(page)
	require.NoError(b, err)
	abs, err := filepath.Abs(page)
	require.NoError(b, err)
	var load time.Duration
	var filter float64
	for b.Loop() {
		start := time.Now()
		require.NoError(b, chromedp.Do(ctx, chromedp.Navigate("file://"+abs), chromedp.WaitReady(chromedp.CSS("#shown"))))
		load += time.Since(start)
		ms, err := chromedp.Run(ctx, chromedp.Evaluate[float64](`(() => {
			const t = performance.now();
			document.querySelector("input[name=level][value=none]").click();
			document.body.offsetHeight;
			return performance.now() - t;
		})()`))
		require.NoError(b, err)
		filter += ms
		shown, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.getElementById("shown").textContent`))
		require.NoError(b, err)
		require.NotEqual(b, fmt.Sprint(benchDocs), shown, "the filter hid the documents at level none")
	}
	n := float64(b.N)
	b.ReportMetric(float64(fi.Size())/1e6, "page-MB")
	b.ReportMetric(float64(load.Milliseconds())/n, "load-ms/op")
	b.ReportMetric(filter/n, "filter-ms/op")
}
