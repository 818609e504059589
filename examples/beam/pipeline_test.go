package main

import (
	"bytes"
	"cmp"
	"compress/gzip"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"unicode/utf16"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/testing/passert"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/testing/ptest"
	"github.com/vigie-project/vigie/classify"
	"github.com/vigie-project/vigie/internal/input"
	"github.com/vigie-project/vigie/internal/record"
)

// TestMain runs the pipelines on the local runner, prism, unless --runner
// says otherwise.
func TestMain(m *testing.M) { ptest.Main(m) }

// scoreBin is the scoring program, built once from the root module as its
// users build it.
var scoreBin = sync.OnceValues(func() (string, error) {
	dir, err := os.MkdirTemp("", "vigie-beam-test")
	if err != nil {
		return "", err
	}
	bin := filepath.Join(dir, "score")
	cmd := exec.Command("go", "build", "-o", bin, "./examples/score")
	cmd.Dir = filepath.Join("..", "..")
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("building examples/score: %v\n%s", err, out)
	}
	return bin, nil
})

// runScore runs the scoring program with args and returns its JSON records,
// one a line.
func runScore(t testing.TB, args ...string) []string {
	t.Helper()
	bin, err := scoreBin()
	if err != nil {
		t.Fatal(err)
	}
	var stdout, stderr bytes.Buffer
	cmd := exec.Command(bin, args...)
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err = cmd.Run()
	// 1: flagged, 3: error records, 4: both; 2 is a failure.
	if ee, ok := errors.AsType[*exec.ExitError](err); err != nil && (!ok || ee.ExitCode() == 2) {
		t.Fatalf("score %s: %v\n%s", strings.Join(args, " "), err, stderr.String())
	}
	return lines(stdout.String())
}

// lines returns the lines of s, without the last line break.
func lines(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(strings.TrimSuffix(s, "\n"), "\n")
}

// runPipeline runs the pipeline with o on the test runner.
func runPipeline(t testing.TB, o options) {
	t.Helper()
	p := beam.NewPipeline()
	build(p.Root(), o)
	if err := ptest.Run(p); err != nil {
		t.Fatalf("pipeline: %v", err)
	}
}

// readOutput returns the records of the shards of prefix, sorted, and the
// summary.
func readOutput(t testing.TB, output string) (records []string, summary Summary) {
	t.Helper()
	prefix, summaryName := outputNames(output)
	shards, err := filepath.Glob(prefix + "-*-of-*.jsonl")
	if err != nil || len(shards) == 0 {
		t.Fatalf("no shards %s-*-of-*.jsonl (%v)", prefix, err)
	}
	for i, name := range shards {
		if want := shardName(prefix, i, len(shards)); name != want {
			t.Errorf("shard %d is %s, want %s", i, name, want)
		}
		data, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		records = append(records, lines(string(data))...)
	}
	slices.Sort(records)
	data, err := os.ReadFile(summaryName)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, &summary); err != nil {
		t.Fatalf("%s: %v", summaryName, err)
	}
	return records, summary
}

// TestAgainstScore runs the pipeline over the functional cases and a few
// thousand generated lines, good and bad, and checks that it writes the
// records the scoring program writes for the same files, and the summary of
// those records.
func TestAgainstScore(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"en.jsonl", "fr.jsonl"} {
		copyFile(t, filepath.Join("..", "..", "testdata", "cases", name), filepath.Join(dir, name))
	}
	copyFile(t, filepath.Join("..", "..", "testdata", "sample.txt"), filepath.Join(dir, "sample.txt"))
	texts := caseTexts(t)
	rng := rand.New(rand.NewPCG(17, 2026))
	writeFile(t, filepath.Join(dir, "generated.jsonl"), generateJSONL(rng, texts, 3000))
	writeFile(t, filepath.Join(dir, "generated.txt"), generateLines(rng, texts, 2000))
	writeFile(t, filepath.Join(dir, "binary.jsonl"), "{\"text\":\"a\"}\x00\x01\x02")
	writeFile(t, filepath.Join(dir, "binary.txt"), "\x00\x01")
	writeFile(t, filepath.Join(dir, "empty.txt"), "")
	writeFile(t, filepath.Join(dir, "utf16.txt"), utf16LE(strings.Join(texts[:40], "\r\n")+"\r\n"))
	writeFile(t, filepath.Join(dir, "array.jsonl"), `[{"text":"a"}]`+"\n")
	writeFile(t, filepath.Join(dir, "plain.jsonl"), "\n"+texts[0]+"\n")

	tests := []struct {
		format    string
		scoreFlag string
		pattern   string
		reshuffle bool
	}{
		{"jsonl", "-jsonl", "*.jsonl", true},
		{"lines", "-lines", "*.txt", false},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%s/reshuffle=%v", tt.format, tt.reshuffle), func(t *testing.T) {
			pattern := filepath.Join(dir, tt.pattern)
			files, err := filepath.Glob(pattern)
			if err != nil {
				t.Fatal(err)
			}
			want := runScore(t, append([]string{tt.scoreFlag, "-format", "jsonl"}, files...)...)
			slices.Sort(want)

			o := options{Input: pattern, Output: filepath.Join(dir, "out-"+tt.format) + "/", Top: 15, Reshuffle: tt.reshuffle}
			if err := o.check(tt.format); err != nil {
				t.Fatal(err)
			}
			runPipeline(t, o)
			got, summary := readOutput(t, o.Output)

			if len(got) != len(want) {
				t.Errorf("%d records, the scoring program wrote %d", len(got), len(want))
			}
			if diff := firstDiff(got, want); diff != "" {
				t.Errorf("records differ from the scoring program's:\n%s", diff)
			}
			wantSummary := summaryOf(t, want, o.Top)
			if !summariesEqual(summary, wantSummary) {
				t.Errorf("summary:\n got %+v\nwant %+v", summary, wantSummary)
			}
			// The inputs must have exercised what they are meant to.
			if wantSummary.Errors < 2 || wantSummary.Levels["high"] == 0 || wantSummary.Levels["none"] == 0 || len(wantSummary.Concepts) < o.Top {
				t.Errorf("the inputs are too tame: %+v", wantSummary)
			}
			t.Logf("%d records, %d errors, the same as the scoring program's", len(got), wantSummary.Errors)
		})
	}
}

// TestGzip checks that a .gz file gives the records of the file it
// compresses, under its own name, and that a .gz file that is not gzip gives
// an error record.
func TestGzip(t *testing.T) {
	dir := t.TempDir()
	plain := filepath.Join(dir, "sample.txt")
	copyFile(t, filepath.Join("..", "..", "testdata", "sample.txt"), plain)
	var zipped bytes.Buffer
	zw := gzip.NewWriter(&zipped)
	data, _ := os.ReadFile(plain)
	zw.Write(data)
	zw.Close()
	writeFile(t, plain+".gz", zipped.String())
	writeFile(t, filepath.Join(dir, "bad.txt.gz"), "not gzip")

	want := runScore(t, "-lines", "-format", "jsonl", plain)
	for i, rec := range want {
		want[i] = strings.Replace(rec, `"id":"`+plain+`:`, `"id":"`+plain+`.gz:`, 1)
	}
	want = append(want, string(record.AppendErrorJSON(nil, filepath.Join(dir, "bad.txt.gz"), "open: unexpected EOF")))
	slices.Sort(want)
	o := options{Input: filepath.Join(dir, "*.gz"), Output: filepath.Join(dir, "out") + "/", Reshuffle: true}
	runPipeline(t, o)
	got, _ := readOutput(t, o.Output)
	if diff := firstDiff(got, want); diff != "" || len(want) < 5 {
		t.Errorf("%d records, want %d:\n%s", len(got), len(want), diff)
	}
}

// firstDiff describes the first difference between two sorted lists, or
// returns "".
func firstDiff(got, want []string) string {
	for i := 0; i < len(got) || i < len(want); i++ {
		switch {
		case i >= len(got):
			return "missing: " + want[i]
		case i >= len(want):
			return "extra: " + got[i]
		case got[i] != want[i]:
			return fmt.Sprintf("got:  %.300s\nwant: %.300s", got[i], want[i])
		}
	}
	return ""
}

// summaryOf is the summary of JSON records, computed from the records
// themselves: the reference for the pipeline's combiner.
func summaryOf(t testing.TB, records []string, top int) Summary {
	t.Helper()
	s := Summary{Levels: map[string]int{"none": 0, "low": 0, "medium": 0, "high": 0}, Categories: map[string]int{}}
	concepts := map[string]int{}
	for _, line := range records {
		var rec struct {
			Error   *string
			Level   string
			Signals []struct{ Category, Concept string }
		}
		if err := json.Unmarshal([]byte(line), &rec); err != nil {
			t.Fatalf("%v: %.200s", err, line)
		}
		if rec.Error != nil {
			s.Errors++
			continue
		}
		s.Documents++
		s.Levels[rec.Level]++
		categories, seen := map[string]bool{}, map[string]bool{}
		for _, sig := range rec.Signals {
			categories[sig.Category] = true
			seen[sig.Concept] = true
		}
		for c := range categories {
			s.Categories[c]++
		}
		for c := range seen {
			concepts[c]++
		}
	}
	for c, n := range concepts {
		s.Concepts = append(s.Concepts, ConceptCount{Concept: c, Documents: n})
	}
	slices.SortFunc(s.Concepts, func(a, b ConceptCount) int {
		if a.Documents != b.Documents {
			return b.Documents - a.Documents
		}
		return strings.Compare(a.Concept, b.Concept)
	})
	if len(s.Concepts) > top {
		s.Concepts = s.Concepts[:top]
	}
	return s
}

func summariesEqual(a, b Summary) bool {
	ja, _ := json.Marshal(a)
	jb, _ := json.Marshal(b)
	return bytes.Equal(ja, jb)
}

func copyFile(t testing.TB, from, to string) {
	t.Helper()
	data, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, to, string(data))
}

func writeFile(t testing.TB, name, content string) {
	t.Helper()
	if err := os.WriteFile(name, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// caseTexts returns the texts of the functional cases.
func caseTexts(t testing.TB) []string {
	t.Helper()
	var texts []string
	for _, name := range []string{"en.jsonl", "fr.jsonl"} {
		data, err := os.ReadFile(filepath.Join("..", "..", "testdata", "cases", name))
		if err != nil {
			t.Fatal(err)
		}
		for _, line := range lines(string(data)) {
			var c struct{ Text string }
			if err := json.Unmarshal([]byte(line), &c); err != nil {
				t.Fatal(err)
			}
			texts = append(texts, c.Text)
		}
	}
	return texts
}

// text makes a document of one to three texts.
func text(rng *rand.Rand, texts []string) string {
	parts := make([]string, 1+rng.IntN(3))
	for i := range parts {
		parts[i] = texts[rng.IntN(len(texts))]
	}
	return strings.Join(parts, " ")
}

// generateJSONL writes n JSON lines, most of them good, in every form the
// scoring program reads (ids as strings, numbers, null, empty or missing;
// escapes; extra members; CRLF), and some bad ones (not JSON, not an object,
// no text, a text that is not a string, a line over the 16 MiB limit),
// after a byte order mark and with blank lines.
func generateJSONL(rng *rand.Rand, texts []string, n int) string {
	var b strings.Builder
	b.WriteString("\ufeff")
	for i := range n {
		t := text(rng, texts)
		quoted, _ := json.Marshal(t) // escapes <, > and &, and line breaks
		switch i % 20 {
		case 0:
			fmt.Fprintf(&b, "{\"text\": %s, \"id\": %d}\r\n", quoted, i)
		case 1:
			fmt.Fprintf(&b, "{\"text\":%s}\n", quoted)
		case 2:
			fmt.Fprintf(&b, "{\"id\":null,\"lang\":\"fr\",\"text\":%s}\n\n", quoted)
		case 3:
			fmt.Fprintf(&b, "{\"id\":\"\",\"text\":\"%s\"}\n", strings.ReplaceAll(t, "é", `\u00e9`))
		case 4:
			b.WriteString([]string{"not json\n", "[1,2]\n", "{\"id\":\"no-text\"}\n", "{\"text\":42}\n", "{\"id\":true,\"text\":\"x\"}\n"}[i/20%5])
		case 5:
			if i == 5 {
				fmt.Fprintf(&b, "{\"id\":\"huge\",\"text\":\"%s\"}\n", strings.Repeat("a", input.MaxLine))
				continue
			}
			fallthrough
		case 6:
			quoted, _ = json.Marshal("  " + t + "\t ") // offsets count the spaces
			fmt.Fprintf(&b, "{\"id\":\"s%d\",\"text\":%s}\n", i, quoted)
		default:
			if !strings.ContainsAny(t, "\"\\") {
				fmt.Fprintf(&b, "{\"id\":\"g%d\",\"text\":\"%s\"}\n", i, t) // the plain form
			} else {
				fmt.Fprintf(&b, "{\"id\":\"g%d\",\"text\":%s}\n", i, quoted)
			}
		}
	}
	return b.String()
}

// utf16LE encodes s in UTF-16, little endian, with a byte order mark.
func utf16LE(s string) string {
	var b strings.Builder
	for _, u := range append([]uint16{0xfeff}, utf16.Encode([]rune(s))...) {
		b.WriteByte(byte(u))
		b.WriteByte(byte(u >> 8))
	}
	return b.String()
}

// generateLines writes n lines of text, with blank lines, CRLF endings, a
// byte order mark, a line in Latin-1, lines that are not text and one over
// the 16 MiB limit.
func generateLines(rng *rand.Rand, texts []string, n int) string {
	var b strings.Builder
	b.WriteString("\ufeff")
	for i := range n {
		t := strings.ReplaceAll(text(rng, texts), "\n", " ")
		switch i % 50 {
		case 0:
			b.WriteString(t + "\r\n")
		case 1:
			b.WriteString("\n   \n" + t + "\n")
		case 2:
			b.WriteString("R\xe9jouissez-vous, fr\xe8res\n") // Latin-1
		case 3:
			if i == 3 {
				b.WriteString(strings.Repeat("b", input.MaxLine+1) + "\n")
				continue
			}
			b.WriteString(t + "\n")
		case 4:
			b.WriteString("\t " + t + "  \n") // offsets count the spaces
		case 5:
			b.WriteString("\x00\x01\x02 not text\n")
		default:
			b.WriteString(t + "\n")
		}
	}
	return b.String()
}

// TestScoreFn checks the scoring step on its own, on the local runner: the
// records are record.AppendJSON's for the classifier's results, and a
// document that could not be read gives its error record.
func TestScoreFn(t *testing.T) {
	cls, err := classify.New()
	if err != nil {
		t.Fatal(err)
	}
	docs := []doc{
		{ID: "a", Text: "Rejoignez le califat, mes frères."},
		{ID: "b", Text: "The weather is nice today."},
		{ID: "c:3", Err: "malformed JSON line: invalid character 'x' looking for beginning of value"},
		{ID: "d", Text: ""},
	}
	var wantRecords, wantKeys []any
	for _, d := range docs {
		if d.Err != "" {
			wantRecords = append(wantRecords, string(record.AppendErrorJSON(nil, d.ID, d.Err)))
			wantKeys = append(wantKeys, keyError)
			continue
		}
		r := cls.Classify(d.Text)
		wantRecords = append(wantRecords, string(record.AppendJSON(nil, d.ID, &r)))
		wantKeys = append(wantKeys, string(appendKeys(nil, &r)))
	}
	p, s := beam.NewPipelineWithRoot()
	records, keys := beam.ParDo2(s, &scoreFn{}, beam.CreateList(s, docs))
	passert.Equals(s, records, wantRecords...)
	passert.Equals(s, keys, wantKeys...)
	if err := ptest.Run(p); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(wantKeys[0].(string), keyLevel+"high\n") {
		t.Errorf("the first document's keys are %q: the test's text should score high", wantKeys[0])
	}
}

func TestAppendKeys(t *testing.T) {
	sig := func(cat, concept string) classify.Signal {
		var s classify.Signal
		if err := s.Category.UnmarshalText([]byte(cat)); err != nil {
			t.Fatal(err)
		}
		s.Concept = concept
		return s
	}
	r := classify.Result{Level: classify.Medium, Signals: []classify.Signal{
		sig("ideology", "caliphate"), sig("threat", "kill"), sig("ideology", "caliphate"), sig("ideology", "kuffar"),
	}}
	want := "lmedium\ncideology\nkcaliphate\ncthreat\nkkill\nkkuffar"
	if got := string(appendKeys(nil, &r)); got != want {
		t.Errorf("appendKeys = %q, want %q", got, want)
	}
	if got := string(appendKeys(nil, &classify.Result{})); got != "lnone" {
		t.Errorf("appendKeys of no signal = %q, want lnone", got)
	}
}

func TestSummaryFn(t *testing.T) {
	inputs := []string{"lhigh\ncthreat\nkkill", "lnone", "e", "lmedium\ncthreat\nkkill\nkjihad", "lhigh\ncideology\nkjihad\nkcaliphate", "e", "lnone"}
	want := Summary{
		Documents:  5,
		Errors:     2,
		Levels:     map[string]int{"none": 2, "low": 0, "medium": 1, "high": 2},
		Categories: map[string]int{"threat": 2, "ideology": 1},
		Concepts:   []ConceptCount{{"jihad", 2}, {"kill", 2}}, // caliphate, 1, cut
	}
	f := &summaryFn{Top: 2}
	// All in one accumulator, or split across three merged in any order:
	// the same summary.
	for split := range 3 {
		accs := []counts{f.CreateAccumulator(), f.CreateAccumulator(), {}}
		for i, in := range inputs {
			accs[i%(split+1)] = f.AddInput(accs[i%(split+1)], in)
		}
		merged := f.MergeAccumulators(f.MergeAccumulators(accs[2], accs[1]), accs[0])
		var got Summary
		if err := json.Unmarshal([]byte(f.ExtractOutput(merged)), &got); err != nil {
			t.Fatal(err)
		}
		if !summariesEqual(got, want) {
			t.Errorf("split %d: got %+v, want %+v", split, got, want)
		}
	}
	empty := summarize(nil, 5)
	if empty.Documents != 0 || len(empty.Levels) != 4 || empty.Concepts == nil {
		t.Errorf("summary of nothing: %+v (want every level, and [] for concepts)", empty)
	}
}

func TestWriteShards(t *testing.T) {
	for _, n := range []int{0, 1, 500} {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			dir := t.TempDir()
			prefix := filepath.Join(dir, "out", "run")
			var recs []string
			for i := range n {
				recs = append(recs, fmt.Sprintf(`{"id":"%d"}`, i))
			}
			p, s := beam.NewPipelineWithRoot()
			writeShards(s, prefix, beam.CreateList(s, recs))
			if err := ptest.Run(p); err != nil {
				t.Fatal(err)
			}
			shards, _ := filepath.Glob(prefix + "-*")
			var got []string
			for _, name := range shards {
				data, err := os.ReadFile(name)
				if err != nil {
					t.Fatal(err)
				}
				got = append(got, lines(string(data))...)
			}
			slices.Sort(got)
			slices.Sort(recs)
			if !slices.Equal(got, recs) {
				t.Errorf("the shards hold %d records, want %d", len(got), len(recs))
			}
			if n == 0 && (len(shards) != 1 || shards[0] != shardName(prefix, 0, 1)) {
				t.Errorf("no record: shards %q, want one empty shard", shards)
			}
			left, _ := filepath.Glob(filepath.Join(dir, "out", ".vigie-temp-*"))
			if len(left) > 0 {
				t.Errorf("temporary files left: %q", left)
			}
		})
	}
}

func TestNames(t *testing.T) {
	tests := []struct{ output, records, summary, temp string }{
		{"out/", "out/records", "out/summary.json", "out/.vigie-temp-R/"},
		{"out/run1", "out/run1", "out/run1-summary.json", "out/.vigie-temp-R/"},
		{"run1", "run1", "run1-summary.json", ".vigie-temp-R/"},
		{"gs://bucket/scores/2026-12", "gs://bucket/scores/2026-12", "gs://bucket/scores/2026-12-summary.json", "gs://bucket/scores/.vigie-temp-R/"},
	}
	for _, tt := range tests {
		records, summary := outputNames(tt.output)
		if temp := tempDir(records, "R"); records != tt.records || summary != tt.summary || temp != tt.temp {
			t.Errorf("%q: %q, %q, %q; want %q, %q, %q", tt.output, records, summary, temp, tt.records, tt.summary, tt.temp)
		}
	}
	if got := shardName("out/records", 3, 12); got != "out/records-00003-of-00012.jsonl" {
		t.Errorf("shardName = %q", got)
	}
}

func TestCheck(t *testing.T) {
	ok := options{Input: "in/*.txt", Output: "out/", Top: 20}
	tests := []struct {
		name   string
		change func(*options)
		format string
		want   string // in the error; "" for none
	}{
		{"lines", func(*options) {}, "lines", ""},
		{"jsonl", func(*options) {}, "jsonl", ""},
		{"bad format", func(*options) {}, "csv", `--format "csv"`},
		{"no input", func(o *options) { o.Input = "" }, "lines", "--input"},
		{"no output", func(o *options) { o.Output = "" }, "lines", "--output"},
		{"negative top", func(o *options) { o.Top = -1 }, "lines", "--top -1"},
	}
	for _, tt := range tests {
		o := ok
		tt.change(&o)
		err := o.check(tt.format)
		if tt.want == "" && err != nil || tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)) {
			t.Errorf("%s: %v, want %q", tt.name, err, cmp.Or(tt.want, "no error"))
		}
	}
}
