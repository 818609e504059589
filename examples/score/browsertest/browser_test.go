package browsertest

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/require"
)

var docs = flag.Bool("docs", false, "write the screenshot of the small report into docs/score-report.png")

// root is the repository's root, from this directory.
const root = "../../.."

// The cases of the repository, relative to its root, and a file of hostile
// documents. The score program runs at the root, so that ids are the paths
// a user types.
var cases = []string{"testdata/cases/en.jsonl", "testdata/cases/fr.jsonl"}

// fromRoot returns the path of name, relative to the root, from here.
func fromRoot(name string) string {
	if filepath.IsAbs(name) {
		return name
	}
	return filepath.Join(root, name)
}

// hostile is a JSON-lines file whose ids and texts try to run script.
const hostile = `{"id": "\"><img src=x onerror=\"window.pwned='id'\">", "text": "<script>window.pwned='script'</script><img src=x onerror=\"window.pwned='img'\"> Rejoignez le califat, mes frères."}
{"id": "</article><script>window.pwned='close'</script>", "text": "</div></article><script>window.pwned='text'</script> I will kill them all. &lt;b&gt;"}
`

// scoreBin is the score program, built once by TestMain.
var scoreBin string

func TestMain(m *testing.M) {
	flag.Parse()
	dir, err := os.MkdirTemp("", "vigie-browsertest")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	scoreBin = filepath.Join(dir, "score")
	goCmd, err := exec.LookPath("go")
	if err != nil {
		fmt.Fprintln(os.Stderr, "the tests build the score program with go:", err)
		os.Exit(2)
	}
	// Built in the repository's own module, as its README builds it.
	build := exec.Command(goCmd, "build", "-o", scoreBin, "./examples/score")
	build.Dir = root
	if out, err := build.CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "building score: %v\n%s", err, out)
		os.RemoveAll(dir)
		os.Exit(2)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// scoreOut runs the score program and returns its standard output. Exit
// statuses 0 to 4 are results; anything else fails the test.
func scoreOut(tb testing.TB, args ...string) []byte {
	tb.Helper()
	cmd := exec.Command(scoreBin, append([]string{"-quiet"}, args...)...)
	cmd.Dir = root
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if ee, ok := err.(*exec.ExitError); ok && ee.ExitCode() >= 0 && ee.ExitCode() <= 4 {
		err = nil
	}
	require.NoError(tb, err, "score %v: %s", args, stderr.String())
	return out
}

// writeReport writes the HTML report of args into dir and returns its path.
func writeReport(tb testing.TB, dir string, args ...string) string {
	tb.Helper()
	path := filepath.Join(dir, "report.html")
	require.NoError(tb, os.WriteFile(path, scoreOut(tb, append([]string{"-format", "html"}, args...)...), 0o644))
	return path
}

// browser starts a headless chromium and returns a context for it, or skips
// the test when there is none.
func browser(tb testing.TB) context.Context {
	tb.Helper()
	exe := os.Getenv("CHROMIUM")
	if exe == "" {
		exe = "chromium"
	}
	path, err := exec.LookPath(exe)
	if err != nil {
		if os.Getenv("VIGIE_BROWSER") == "required" {
			tb.Fatalf("VIGIE_BROWSER=required, and no browser: %v", err)
		}
		tb.Skipf("no chromium here (%v): apt-get install chromium", err)
	}
	// The flags that work on the project's machines (no sandbox as root, no
	// network but the registries).
	opts := append(slices.Clone(chromedp.DefaultExecAllocatorOptions[:]),
		chromedp.ExecPath(path),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(tb.TempDir()),
		chromedp.WindowSize(1100, 900),
	)
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(actx)
	tb.Cleanup(func() { cancel(); cancelAlloc() })
	// The browser lives as long as the context of its first action: no
	// timeout on it (go test's -timeout stops a test that hangs).
	require.NoError(tb, chromedp.Do(ctx), "starting %s", path)
	return ctx
}

// load opens a file in the browser and waits for the page.
func load(tb testing.TB, ctx context.Context, path string) {
	tb.Helper()
	abs, err := filepath.Abs(path)
	require.NoError(tb, err)
	require.NoError(tb, chromedp.Do(ctx, chromedp.Navigate("file://"+abs), chromedp.WaitReady(chromedp.CSS("#shown"))))
}

// domDoc is what the page shows of a document, read from the live DOM.
type domDoc struct {
	ID, Level string
	Text      *string            // the text's textContent; nil for an error
	Sigs      map[string]domSpan // by data-sig
	Cues      map[string]domSpan // by data-cue
}

// domSpan is a highlighted signal or cue: its attributes, and where its
// pieces are, in UTF-8 bytes counted in the DOM.
type domSpan struct {
	Category   string // data-category or data-kind
	Start, End int    // data-start, data-end
	Text       string // the pieces' text, joined
	From, To   int    // the byte offsets of the first piece's start and the last piece's end
	Bytes      int    // the pieces' bytes, added up
	Pieces     int
}

// readDOM is the script that reads the documents of the page.
const readDOM = `(() => {
  const enc = new TextEncoder();
  const bytes = (s) => enc.encode(s).length;
  return [...document.querySelectorAll("article.doc")].map((a) => {
    const d = {ID: a.dataset.doc, Level: a.dataset.level, Text: null, Sigs: {}, Cues: {}};
    const t = a.querySelector(".text");
    if (!t) return d;
    d.Text = t.textContent;
    for (const m of t.querySelectorAll("mark.sig, span.cue")) {
      const r = document.createRange();
      r.setStart(t, 0);
      r.setEndBefore(m);
      const from = bytes(r.toString()), n = bytes(m.textContent);
      const sig = m.classList.contains("sig");
      const group = sig ? d.Sigs : d.Cues;
      const key = sig ? m.dataset.sig : m.dataset.cue;
      const g = group[key] || (group[key] = {Category: sig ? m.dataset.category : m.dataset.kind,
        Start: +m.dataset.start, End: +m.dataset.end, Text: "", From: from, To: from, Bytes: 0, Pieces: 0});
      g.Text += m.textContent; g.To = from + n; g.Bytes += n; g.Pieces++;
    }
    return d;
  });
})()`

// jsonRecord is a JSON record of the score program, the fields compared.
type jsonRecord struct {
	ID      string     `json:"id"`
	Level   string     `json:"level"`
	Error   string     `json:"error"`
	Signals []jsonSpan `json:"signals"`
	Context []jsonSpan `json:"context"`
}

// jsonSpan is a signal (with a category) or a context cue (with a kind).
type jsonSpan struct {
	Category   string `json:"category"`
	Kind       string `json:"kind"`
	Text       string `json:"text"`
	Start, End int
}

func jsonRecords(t *testing.T, out []byte) []jsonRecord {
	t.Helper()
	var recs []jsonRecord
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(nil, 16<<20)
	for sc.Scan() {
		var r jsonRecord
		require.NoError(t, json.Unmarshal(sc.Bytes(), &r))
		recs = append(recs, r)
	}
	require.NoError(t, sc.Err())
	return recs
}

// caseTexts returns the texts of JSON-lines files by id.
func caseTexts(t *testing.T, files ...string) map[string]string {
	t.Helper()
	texts := map[string]string{}
	for _, f := range files {
		b, err := os.ReadFile(fromRoot(f))
		require.NoError(t, err)
		for line := range strings.SplitSeq(strings.TrimSpace(string(b)), "\n") {
			var r struct{ ID, Text string }
			require.NoError(t, json.Unmarshal([]byte(line), &r))
			texts[r.ID] = r.Text
		}
	}
	return texts
}

// TestReport loads the report of the cases and of hostile documents, and
// checks it from the live DOM.
func TestReport(t *testing.T) {
	ctx := browser(t)
	dir := t.TempDir()
	hostileFile := filepath.Join(dir, "hostile.jsonl")
	require.NoError(t, os.WriteFile(hostileFile, []byte(hostile), 0o644))
	inputs := append([]string{"-jsonl"}, append(slices.Clone(cases), hostileFile)...)
	recs := jsonRecords(t, scoreOut(t, append([]string{"-format", "jsonl"}, inputs...)...))
	texts := caseTexts(t, append(slices.Clone(cases), hostileFile)...)
	load(t, ctx, writeReport(t, dir, inputs...))

	dom, err := chromedp.Run(ctx, chromedp.Evaluate[[]domDoc](readDOM))
	require.NoError(t, err)

	t.Run("highlights are the JSON signals", func(t *testing.T) {
		byID := map[string]domDoc{}
		for _, d := range dom {
			byID[d.ID] = d
		}
		require.Len(t, byID, len(recs), "one article per record")
		signals, cues, cut := 0, 0, 0
		for _, r := range recs {
			d, ok := byID[r.ID]
			require.True(t, ok, "no article for %q", r.ID)
			if r.Error != "" {
				require.Equal(t, "error", d.Level)
				continue
			}
			require.Equal(t, r.Level, d.Level, r.ID)
			require.NotNil(t, d.Text, r.ID)
			require.Equal(t, texts[r.ID], *d.Text, "%s: the page shows the text as it is", r.ID)
			require.Len(t, d.Sigs, len(r.Signals), "%s: one highlight per signal", r.ID)
			for i, s := range r.Signals {
				h, ok := d.Sigs[fmt.Sprint(i)]
				require.True(t, ok, "%s: signal %d is not highlighted", r.ID, i)
				want := domSpan{Category: s.Category, Start: s.Start, End: s.End, Text: s.Text, From: s.Start, To: s.End, Bytes: s.End - s.Start, Pieces: h.Pieces}
				require.Equal(t, want, h, "%s: signal %d, highlighted where its offsets say", r.ID, i)
				signals++
				if h.Pieces > 1 {
					cut++
				}
			}
			require.Len(t, d.Cues, len(r.Context), "%s: one mark per context cue", r.ID)
			for i, c := range r.Context {
				h := d.Cues[fmt.Sprint(i)]
				want := domSpan{Category: c.Kind, Start: c.Start, End: c.End, Text: c.Text, From: c.Start, To: c.End, Bytes: c.End - c.Start, Pieces: h.Pieces}
				require.Equal(t, want, h, "%s: context %d", r.ID, i)
				cues++
			}
		}
		t.Logf("%d documents, %d signals (%d cut by another), %d context cues checked", len(recs), signals, cut, cues)
		require.Greater(t, signals, 100)
		require.Positive(t, cues)
	})

	t.Run("no script of a document ran", func(t *testing.T) {
		type result struct {
			Pwned         bool
			Scripts, Imgs int
			Texts         []string
		}
		res, err := chromedp.Run(ctx, chromedp.Evaluate[result](`({
			Pwned: typeof window.pwned !== "undefined",
			Scripts: document.scripts.length,
			Imgs: document.images.length,
			Texts: [...document.querySelectorAll("article.doc")].filter((a) => a.dataset.doc.includes("pwned")).map((a) => a.dataset.doc + "|" + a.querySelector(".text").textContent),
		})`))
		require.NoError(t, err)
		require.False(t, res.Pwned, "a document's script ran")
		require.Equal(t, 1, res.Scripts, "the page's own script only")
		require.Zero(t, res.Imgs, "no element from a document")
		require.Len(t, res.Texts, 2)
		require.Contains(t, strings.Join(res.Texts, "\n"), `<script>window.pwned='script'</script>`, "shown as text")
	})

	t.Run("filters", func(t *testing.T) {
		count := map[string]int{}
		for _, r := range recs {
			lvl := r.Level
			if r.Error != "" {
				lvl = "error"
			}
			count[lvl]++
		}
		type view struct {
			Shown  []string // level and categories of each visible article
			Number string   // what #shown says
		}
		look := func() view {
			v, err := chromedp.Run(ctx, chromedp.Evaluate[view](`({
				Shown: [...document.querySelectorAll("article.doc")].filter((a) => getComputedStyle(a).display !== "none").map((a) => a.dataset.level + "|" + a.dataset.categories),
				Number: document.getElementById("shown").textContent,
			})`))
			require.NoError(t, err)
			return v
		}
		levels := func(v view) map[string]int {
			m := map[string]int{}
			for _, s := range v.Shown {
				m[strings.SplitN(s, "|", 2)[0]]++
			}
			return m
		}
		v := look()
		require.Len(t, v.Shown, len(recs), "all shown at first")
		require.Equal(t, fmt.Sprint(len(recs)), v.Number)

		require.NoError(t, chromedp.Do(ctx,
			chromedp.Click(chromedp.CSS(`input[name=level][value=none]`)),
			chromedp.Click(chromedp.CSS(`input[name=level][value=low]`))))
		v = look()
		want := map[string]int{"high": count["high"], "medium": count["medium"], "error": count["error"]}
		for k, n := range want {
			if n == 0 {
				delete(want, k)
			}
		}
		require.Equal(t, want, levels(v), "none and low hidden")
		require.Equal(t, fmt.Sprint(len(v.Shown)), v.Number)

		require.NoError(t, chromedp.Do(ctx, chooseCategory("threat")))
		v = look()
		wantThreat := 0
		for _, r := range recs {
			if r.Level == "high" || r.Level == "medium" {
				if slices.ContainsFunc(r.Signals, func(s jsonSpan) bool { return s.Category == "threat" }) {
					wantThreat++
				}
			}
		}
		require.Positive(t, wantThreat)
		require.Len(t, v.Shown, wantThreat, "flagged documents with a threat")
		for _, s := range v.Shown {
			require.Contains(t, " "+strings.SplitN(s, "|", 2)[1]+" ", " threat ", s)
		}

		require.NoError(t, chromedp.Do(ctx,
			chromedp.Click(chromedp.CSS(`input[name=level][value=none]`)),
			chromedp.Click(chromedp.CSS(`input[name=level][value=low]`)),
			chooseCategory("")))
		require.Len(t, look().Shown, len(recs), "all shown again")
	})

	t.Run("screenshot", func(t *testing.T) {
		require.NoError(t, chromedp.Do(ctx, focusEmulation, chromedp.Focus(chromedp.CSS(`mark.sig`))))
		png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
		require.NoError(t, err)
		require.True(t, bytes.HasPrefix(png, []byte("\x89PNG")), "a PNG")
		path := filepath.Join(t.ArtifactDir(), "report-cases.png")
		require.NoError(t, os.WriteFile(path, png, 0o644))
		t.Logf("screenshot: %s", path)
	})
}

// focusEmulation makes the page behave as if its window had the focus, so
// that a focused highlight shows its details in a headless screenshot.
func focusEmulation(ctx context.Context, t *chromedp.Target) (chromedp.Void, error) {
	_, err := cdp.Call(ctx, t, emulation.SetFocusEmulationEnabled, emulation.SetFocusEmulationEnabledParams{Enabled: true})
	return chromedp.Void{}, err
}

// chooseCategory chooses a category in the filter, as a person does: the
// select's value changes, and it fires a change event.
func chooseCategory(name string) chromedp.Action[chromedp.Void] {
	return chromedp.Steps(
		chromedp.SetValue(chromedp.CSS(`select[name=category]`), name),
		func(ctx context.Context, t *chromedp.Target) (chromedp.Void, error) {
			_, err := chromedp.Evaluate[bool](`document.querySelector("select[name=category]").dispatchEvent(new Event("change", {bubbles: true}))`)(ctx, t)
			return chromedp.Void{}, err
		})
}

// TestScreenshot takes the screenshot of a small report that the README
// shows: with -docs into docs/score-report.png, else into the artifacts.
func TestScreenshot(t *testing.T) {
	ctx := browser(t)
	dir := t.TempDir()
	load(t, ctx, writeReport(t, dir, "-jsonl", "testdata/score/messages.jsonl"))
	require.NoError(t, chromedp.Do(ctx,
		chromedp.EmulateViewport(1000, 760),
		focusEmulation,
		chromedp.Focus(chromedp.CSS(`article.doc mark.sig[data-category=ideology]`))))
	png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	require.NoError(t, err)
	path := filepath.Join(t.ArtifactDir(), "score-report.png")
	if *docs {
		path = filepath.Join(root, "docs", "score-report.png")
	}
	require.NoError(t, os.WriteFile(path, png, 0o644))
	t.Logf("screenshot: %s", path)
}
