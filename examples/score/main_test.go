package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"github.com/vigie-project/vigie/classify"
	"github.com/vigie-project/vigie/internal/corpus"
	"github.com/vigie-project/vigie/internal/record"
	"github.com/vigie-project/vigie/tokenize"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/score")

// testLexicon is a small lexicon that the behaviour tests use, so that they
// do not change when the default lexicon does. The golden tests use the
// default lexicon.
const testLexicon = "testdata/score/lexicon"

// Texts and their levels with the test lexicon.
const (
	textNone   = "The weather is nice today."
	textLow    = "According to the police, ISIS claimed it."
	textMedium = "The caliphate will return."
	textHigh   = "Rejoignez le califat, mes frères."
	textHighEN = "I will kill them all."
)

// atRoot runs the test from the root of the repository, so that ids are the
// paths a user types (testdata/score/...).
func atRoot(t *testing.T) {
	t.Helper()
	t.Chdir("../..")
}

// score runs the program with -quiet and returns its output, its warnings
// and its status.
func score(t *testing.T, stdin string, args ...string) (stdout, stderr string, status int) {
	t.Helper()
	return scoreLoud(t, stdin, append([]string{"-quiet"}, args...)...)
}

// scoreLoud runs the program as it is given, summary line included.
func scoreLoud(t *testing.T, stdin string, args ...string) (stdout, stderr string, status int) {
	t.Helper()
	var out, errw bytes.Buffer
	status = run(args, strings.NewReader(stdin), &out, &errw)
	return out.String(), errw.String(), status
}

// writeFile writes a file under dir, creating its directories, and returns its path.
func writeFile(t *testing.T, dir, name, content string) string {
	t.Helper()
	path := filepath.Join(dir, filepath.FromSlash(name))
	require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
	require.NoError(t, os.WriteFile(path, []byte(content), 0o644))
	return path
}

// scoreFile writes content to a file named after name in dir, and scores
// it with the test lexicon in mode ("", "-lines" or "-jsonl"), as jsonl.
func scoreFile(t *testing.T, dir, name string, content []byte, mode string) (path, stdout, stderr string, status int) {
	t.Helper()
	path = filepath.Join(dir, strings.ReplaceAll(name, " ", "_"))
	require.NoError(t, os.WriteFile(path, content, 0o644))
	args := []string{"-lexicon", "../../" + testLexicon, "-allow-model-mismatch", "-format", "jsonl"}
	if mode != "" {
		args = append(args, mode)
	}
	stdout, stderr, status = score(t, "", append(args, path)...)
	return path, stdout, stderr, status
}

// jsonRecords decodes -format jsonl output.
func jsonRecords(t *testing.T, out string) []map[string]any {
	t.Helper()
	var recs []map[string]any
	sc := bufio.NewScanner(strings.NewReader(out))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var m map[string]any
		require.NoError(t, json.Unmarshal(sc.Bytes(), &m), "line %q", sc.Text())
		recs = append(recs, m)
	}
	require.NoError(t, sc.Err())
	return recs
}

// ids returns the id of each record, and its level or "error".
func ids(recs []map[string]any) []string {
	var out []string
	for _, r := range recs {
		what, _ := r["level"].(string)
		if _, ok := r["error"]; ok {
			what = "error"
		}
		out = append(out, fmt.Sprint(r["id"], " ", what))
	}
	return out
}

func TestGolden(t *testing.T) {
	atRoot(t)
	inputs := []struct {
		name string
		args []string
	}{
		{"mixed", []string{"testdata/score/mixed.txt"}},
		{"messages", []string{"-lines", "testdata/score/messages.txt"}},
		{"jsonl", []string{"-jsonl", "testdata/score/messages.jsonl"}},
	}
	for _, in := range inputs {
		status := -1
		for _, format := range []string{"text", "json", "jsonl", "html"} {
			t.Run(in.name+"."+format, func(t *testing.T) {
				args := append([]string{"-format", format}, in.args...)
				stdout, stderr, st := score(t, "", args...)
				require.NotEqual(t, exitFatal, st, "stderr: %s", stderr)
				if status >= 0 {
					require.Equal(t, status, st, "the exit status depends on the format")
				}
				status = st
				if format == "json" {
					var recs []map[string]any
					require.NoError(t, json.Unmarshal([]byte(stdout), &recs), "json output is one array")
				}
				golden := filepath.Join("testdata", "score", in.name+"."+format+".golden")
				if *update {
					require.NoError(t, os.WriteFile(golden, []byte(stdout), 0o644))
					return
				}
				want, err := os.ReadFile(golden)
				require.NoError(t, err, "run go test ./examples/score -update to create it")
				require.Equal(t, string(want), stdout, "output differs from %s: review the change, then run go test ./examples/score -update", golden)
			})
		}
		if in.name == "jsonl" {
			require.Contains(t, []int{exitInput, exitBoth}, status, "the jsonl input has a malformed line")
		}
	}
}

func TestExitStatus(t *testing.T) {
	dir := t.TempDir()
	none := writeFile(t, dir, "none.txt", textNone)
	low := writeFile(t, dir, "low.txt", textLow)
	high := writeFile(t, dir, "high.txt", textHigh)
	missing := filepath.Join(dir, "missing.txt")
	lex := filepath.Join("..", "..", testLexicon)
	withLex := func(args ...string) []string {
		return append([]string{"-lexicon", lex, "-allow-model-mismatch"}, args...)
	}
	tests := []struct {
		name   string
		args   []string
		stdin  string
		want   int
		stderr string // a part of the warnings; none when empty
	}{
		{"none", withLex(none), "", exitClean, ""},
		{"low is not flagged", withLex(none, low), "", exitClean, ""},
		{"flagged", withLex(none, high), "", exitFlagged, ""},
		{"flagged on stdin", withLex("-lines", "-"), textNone + "\n" + textMedium + "\n", exitFlagged, ""},
		{"-min does not change the status", withLex("-min", "high", "-lines", "-"), textMedium, exitFlagged, ""},
		{"missing file", withLex(none, missing), "", exitInput, "missing.txt: open: no such file"},
		{"missing file and flagged", withLex(missing, high), "", exitBoth, "no such file"},
		{"malformed JSON line", withLex("-jsonl", "-"), "{\"text\": \"" + textNone + "\"}\n{oops\n", exitInput, "<stdin>:2: malformed JSON line"},
		{"help", []string{"-h"}, "", exitClean, "Exit status"},
		{"version", []string{"-version"}, "", exitClean, ""},
		{"no input", withLex(), "", exitFatal, "no input"},
		{"unknown flag", withLex("-nope", none), "", exitFatal, "flag provided but not defined: -nope"},
		{"bad format", withLex("-format", "xml", none), "", exitFatal, `-format "xml"`},
		{"bad level", withLex("-min", "severe", none), "", exitFatal, `-min "severe"`},
		{"no workers", withLex("-workers", "0", none), "", exitFatal, "-workers 0"},
		{"too many workers", withLex("-workers", "100000", none), "", exitFatal, "-workers 100000"},
		{"a lower operating point flags more", withLex("-flag-at", "0.01", low), "", exitFlagged, ""},
		{"bad operating point", withLex("-flag-at", "1", none), "", exitFatal, "-flag-at 1"},
		{"two modes", withLex("-lines", "-jsonl", none), "", exitFatal, "cannot be used together"},
		{"stdin twice", withLex("-", "-"), "", exitFatal, "only once"},
		{"flag after a file", withLex(none, "-min", "high"), "", exitFatal, "-min after a file: flags come before the files"},
		{"file named like a flag", withLex("./-min"), "", exitInput, "./-min: open: no such file"},
		{"missing lexicon", []string{"-lexicon", filepath.Join(dir, "nolex"), none}, "", exitFatal, "nolex: stat: no such file"},
		{"lexicon is a file", []string{"-lexicon", none, none}, "", exitFatal, "not a directory"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, stderr, status := score(t, tt.stdin, tt.args...)
			require.Equal(t, tt.want, status, "stderr: %s", stderr)
			if tt.stderr == "" {
				require.Empty(t, stderr)
			} else {
				require.Contains(t, stderr, tt.stderr)
			}
		})
	}
}

func TestVersion(t *testing.T) {
	stdout, stderr, status := score(t, "", "-version")
	require.Equal(t, exitClean, status)
	require.Empty(t, stderr)
	require.True(t, strings.HasPrefix(stdout, "score github.com/vigie-project/vigie"), stdout)
}

func TestUsageListsEverything(t *testing.T) {
	_, stderr, status := score(t, "", "-h")
	require.Equal(t, exitClean, status)
	for _, want := range []string{"-format", "-lines", "-jsonl", "-min", "-lexicon", "-workers", "-version", "-progress", "-quiet", "Exit status", "  4  ",
		"html", "data-doc", "data-level", "data-start", "data-end", "data-category", "data-sig", "data-kind", "data-cue", "UTF-16"} {
		require.Contains(t, stderr, want)
	}
	require.NotContains(t, stderr, "%!", "the usage is a format: no bad verb")
}

// TestWorkersKeepOrder checks that the output does not depend on the number
// of workers: records come out in input order, in every format and mode.
func TestWorkersKeepOrder(t *testing.T) {
	atRoot(t)
	dir := t.TempDir()
	texts := []string{textNone, textLow, textMedium, textHigh, textHighEN, "", "{not json", "😀 " + textHigh}
	var lines, jsonl strings.Builder
	for i := range 400 {
		text := texts[i%len(texts)]
		// vary the lengths so that workers finish out of order
		text += strings.Repeat(" "+textNone, i%13*20)
		fmt.Fprintln(&lines, text)
		switch {
		case i%len(texts) == 6:
			fmt.Fprintln(&jsonl, text)
		case i%3 == 0:
			b, err := json.Marshal(map[string]any{"id": i, "text": text})
			require.NoError(t, err)
			fmt.Fprintf(&jsonl, "%s\n", b)
		default:
			b, err := json.Marshal(map[string]any{"text": text})
			require.NoError(t, err)
			fmt.Fprintf(&jsonl, "%s\n", b)
		}
		if i < 60 {
			writeFile(t, dir, fmt.Sprintf("d%d/f%02d.txt", i%4, i), text)
		}
	}
	linesFile := writeFile(t, dir, "lines.txt", lines.String())
	jsonlFile := writeFile(t, dir, "docs.jsonl", jsonl.String())
	inputs := map[string][]string{
		"whole": {filepath.Join(dir, "d0"), filepath.Join(dir, "d3"), filepath.Join(dir, "d1"), filepath.Join(dir, "d2")},
		"lines": {"-lines", linesFile},
		"jsonl": {"-jsonl", jsonlFile},
	}
	for name, in := range inputs {
		for _, format := range []string{"text", "json", "jsonl"} {
			t.Run(name+"."+format, func(t *testing.T) {
				args := append([]string{"-lexicon", testLexicon, "-allow-model-mismatch", "-format", format}, in...)
				want, wantErr, wantStatus := score(t, "", append([]string{"-workers", "1"}, args...)...)
				require.NotEqual(t, exitFatal, wantStatus, wantErr)
				require.NotEmpty(t, want)
				for _, workers := range []string{"4", "16"} {
					got, gotErr, status := score(t, "", append([]string{"-workers", workers}, args...)...)
					require.Equal(t, want, got, "-workers %s", workers)
					require.Equal(t, wantErr, gotErr, "-workers %s", workers)
					require.Equal(t, wantStatus, status, "-workers %s", workers)
				}
			})
		}
	}
}

func TestJSONLines(t *testing.T) {
	lines := []string{
		`{"id": "a", "text": "` + textHigh + `"}`, // 1
		`{oops`,                                  // 2: malformed
		``,                                       // 3: blank, skipped
		`{"id": 42, "text": "` + textNone + `"}`, // 4: number id
		`{"id": 1.5e3, "text": "` + textNone + `"}`, // 5: number id, as written
		`{"text": "` + textNone + `"}`,              // 6: no id
		`{"id": "", "text": "` + textNone + `"}`,    // 7: empty id
		`{"id": null, "text": "` + textNone + `"}`,  // 8: null id
		`{"id": true, "text": "` + textNone + `"}`,  // 9: bad id
		`{"id": "b"}`,                          // 10: no text
		`{"id": "c", "text": 7}`,               // 11: text not a string
		`{"id": "d", "text": null}`,            // 12: text null
		`["text"]`,                             // 13: not an object
		`null`,                                 // 14: not an object
		`{"id": "e", "text": "x"} {"id": "f"}`, // 15: trailing data
		`   `,                                  // 16: blank, skipped
		`{"id": "g", "text": "` + textMedium + `", "other": [1]}`, // 17: other fields ignored
		`{"id": "<h&>", "text": "a\nb"}`,                          // 18: no HTML escapes
	}
	input := strings.Join(lines, "\r\n") // CRLF line endings are accepted
	stdout, stderr, status := score(t, input, "-lexicon", "../../"+testLexicon, "-allow-model-mismatch", "-format", "jsonl", "-jsonl", "-")
	require.Equal(t, exitBoth, status, stderr)
	recs := jsonRecords(t, stdout)
	require.Equal(t, []string{
		"a high",
		"<stdin>:2 error",
		"42 none",
		"1.5e3 none",
		"<stdin>:6 none",
		"<stdin>:7 none",
		"<stdin>:8 none",
		"<stdin>:9 error",
		"b error",
		"c error",
		"d error",
		"<stdin>:13 error",
		"<stdin>:14 error",
		"<stdin>:15 error",
		"g medium",
		"<h&> none",
	}, ids(recs))
	errs := map[string]string{}
	for _, r := range recs {
		if e, ok := r["error"].(string); ok {
			require.Len(t, r, 2, "an error record has only id and error: %v", r)
			errs[r["id"].(string)] = e
			require.Contains(t, stderr, "score: "+r["id"].(string)+": "+e+"\n", "each error record has its warning")
		}
	}
	require.Contains(t, errs["<stdin>:2"], "malformed JSON line")
	require.Equal(t, `"id" must be a string or a number`, errs["<stdin>:9"])
	require.Equal(t, `no "text" field`, errs["b"])
	require.Equal(t, `"text" must be a string`, errs["c"])
	require.Equal(t, `"text" must be a string`, errs["d"])
	require.Equal(t, "malformed JSON line: not an object", errs["<stdin>:13"])
	require.Equal(t, "malformed JSON line: not an object", errs["<stdin>:14"])
	require.Contains(t, errs["<stdin>:15"], "malformed JSON line")
	require.NotContains(t, stderr, "oops", "warnings do not repeat the input")
	require.Contains(t, stdout, `{"id":"<h&>",`, "no HTML escaping")
}

func TestJSONShape(t *testing.T) {
	atRoot(t)
	input := textNone + "\n" + textHighEN + "\n" + textLow + "\n"
	for _, format := range []string{"json", "jsonl"} {
		t.Run(format, func(t *testing.T) {
			stdout, stderr, status := score(t, input, "-lexicon", testLexicon, "-allow-model-mismatch", "-format", format, "-lines", "-", "missing.txt")
			require.Equal(t, exitBoth, status, stderr)
			var recs []map[string]json.RawMessage
			if format == "json" {
				require.NoError(t, json.Unmarshal([]byte(stdout), &recs))
			} else {
				for line := range strings.SplitSeq(strings.TrimSuffix(stdout, "\n"), "\n") {
					var r map[string]json.RawMessage
					require.NoError(t, json.Unmarshal([]byte(line), &r))
					recs = append(recs, r)
				}
			}
			require.Len(t, recs, 4)
			for _, r := range recs[:3] {
				for _, k := range []string{"id", "lang", "level", "score", "signals", "context", "rationale"} {
					require.Contains(t, r, k)
					require.NotEqual(t, "null", string(r[k]), "%s is never null", k)
				}
				var sigs []map[string]json.RawMessage
				require.NoError(t, json.Unmarshal(r["signals"], &sigs))
				for _, s := range sigs {
					for _, k := range []string{"category", "concept", "text", "start", "end", "weight", "base", "source", "disguise", "repeat"} {
						require.Contains(t, s, k)
						require.NotEqual(t, "null", string(s[k]), "signal %s is never null", k)
					}
				}
				var ctx []map[string]json.RawMessage
				require.NoError(t, json.Unmarshal(r["context"], &ctx))
				for _, c := range ctx {
					for _, k := range []string{"kind", "text", "start", "end", "effect"} {
						require.Contains(t, c, k)
					}
				}
			}
			require.JSONEq(t, `[]`, string(recs[0]["signals"]))
			require.JSONEq(t, `[]`, string(recs[0]["context"]))
			require.JSONEq(t, `"high"`, string(recs[1]["level"]))
			require.JSONEq(t, `{"id": "missing.txt", "error": "open: no such file or directory"}`, mustJSON(t, recs[3]))
		})
	}
	t.Run("empty array", func(t *testing.T) {
		stdout, _, status := score(t, "", "-lexicon", testLexicon, "-allow-model-mismatch", "-format", "json", "-min", "high", "-lines", "-")
		require.Equal(t, exitClean, status)
		require.Equal(t, "[]\n", stdout)
	})
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	require.NoError(t, err)
	return string(b)
}

func TestNotText(t *testing.T) {
	dir := t.TempDir()
	random := make([]byte, 4096)
	x := uint32(1)
	for i := range random {
		x = x*1664525 + 1013904223 // a fixed sequence: the test is deterministic
		random[i] = byte(x>>24) | 0x80
	}
	latin1 := []byte("Rejoignez le califat, mes fr\xe8res, c'est un devoir pour tous les fid\xe8les.\n")
	tests := []struct {
		name    string
		content []byte
		mode    string
		record  bool   // an error record
		warning string // part of the warning
		status  int
	}{
		{"NUL bytes", []byte("PK\x03\x04\x00\x00\x08\x00 califat"), "", true, "not a text file", exitInput},
		{"NUL bytes, lines", append([]byte("califat\n"), 0, 1, 2), "-lines", true, "not a text file", exitInput},
		{"NUL bytes, jsonl", []byte("{\"text\": \"a\"}\n\x00\x00"), "-jsonl", true, "not a text file", exitInput},
		{"NUL after the first 8 KiB", append([]byte(strings.Repeat("a", 9000)), 0), "", false, "", exitClean},
		{"mostly invalid UTF-8", random, "", true, "not a text file", exitInput},
		{"Latin-1", latin1, "", false, "not valid UTF-8", exitFlagged},
		{"Latin-1, lines", append([]byte(textNone+"\n"), latin1...), "-lines", false, "not valid UTF-8 (Latin-1?): scored as is, words with accents may be missed (first at line 2)", exitFlagged},
		{"UTF-8", []byte(textHigh), "", false, "", exitFlagged},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path, stdout, stderr, status := scoreFile(t, dir, tt.name, tt.content, tt.mode)
			require.Equal(t, tt.status, status, stderr)
			if tt.warning == "" {
				require.Empty(t, stderr)
			} else {
				require.Contains(t, stderr, "score: "+path)
				require.Contains(t, stderr, tt.warning)
			}
			recs := jsonRecords(t, stdout)
			if tt.record {
				require.Len(t, recs, 1, "one error record for the whole file")
				require.Equal(t, map[string]any{"id": filepath.ToSlash(path), "error": errNotText.Error()}, recs[0])
			} else {
				require.NotEmpty(t, recs)
				for _, r := range recs {
					require.NotContains(t, r, "error")
				}
			}
		})
	}
}

func TestStdin(t *testing.T) {
	atRoot(t)
	dir := t.TempDir()
	file := writeFile(t, dir, "a.txt", textHigh)
	tests := []struct {
		name  string
		args  []string
		stdin string
		want  string
	}{
		{"whole", []string{"-"}, textNone, "<stdin>: none\n"},
		{"empty", []string{"-"}, "", "<stdin>: none\n"},
		{"lines", []string{"-lines", "-"}, textNone + "\n\n" + textNone, "<stdin>:1: none\n<stdin>:3: none\n"},
		{"byte order mark", []string{"-lines", "-"}, "\ufeff\n" + textNone, "<stdin>:2: none\n"},
		{"order with files", []string{file, "-", file}, textNone, filepath.ToSlash(file) + ": high\n<stdin>: none\n" + filepath.ToSlash(file) + ": high\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			stdout, stderr, _ := score(t, tt.stdin, append([]string{"-lexicon", testLexicon, "-allow-model-mismatch"}, tt.args...)...)
			require.Empty(t, stderr)
			require.Equal(t, tt.want, headers(stdout))
		})
	}
}

// headers keeps the first line of each text block, shortened to "ID: LEVEL".
func headers(out string) string {
	var b strings.Builder
	for line := range strings.SplitSeq(out, "\n") {
		if line == "" || strings.HasPrefix(line, " ") {
			continue
		}
		if i := strings.Index(line, " score="); i >= 0 {
			line = line[:i]
		}
		b.WriteString(line + "\n")
	}
	return b.String()
}

func TestWalk(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "b/z.txt", textHigh)
	writeFile(t, dir, "b/a.txt", textNone)
	writeFile(t, dir, "a.txt", textLow)
	writeFile(t, dir, "b/c/deep.txt", textMedium)
	writeFile(t, dir, ".hidden/x.txt", textHigh)
	writeFile(t, dir, "b/.dot.txt", textHigh)
	require.NoError(t, os.MkdirAll(filepath.Join(dir, "empty"), 0o755))
	if err := os.Symlink(filepath.Join(dir, "a.txt"), filepath.Join(dir, "b", "link.txt")); err != nil {
		t.Logf("no symbolic links here: %v", err)
	}
	id := func(name string) string { return filepath.ToSlash(filepath.Join(dir, name)) }
	tests := []struct {
		name string
		args []string
		want []string
	}{
		{"directory", []string{dir}, []string{id("a.txt") + " low", id("b/a.txt") + " none", id("b/c/deep.txt") + " medium", id("b/z.txt") + " high"}},
		{"subdirectory then file", []string{filepath.Join(dir, "b", "c"), filepath.Join(dir, "a.txt")}, []string{id("b/c/deep.txt") + " medium", id("a.txt") + " low"}},
		{"hidden file named", []string{filepath.Join(dir, "b", ".dot.txt")}, []string{id("b/.dot.txt") + " high"}},
		{"empty directory", []string{filepath.Join(dir, "empty")}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			stdout, stderr, _ := score(t, "", append([]string{"-lexicon", "../../" + testLexicon, "-allow-model-mismatch", "-format", "jsonl"}, tt.args...)...)
			require.Empty(t, stderr)
			require.Equal(t, tt.want, ids(jsonRecords(t, stdout)))
		})
	}
	t.Run("unreadable directory", func(t *testing.T) {
		if os.Geteuid() == 0 {
			t.Skip("root reads every directory")
		}
		locked := filepath.Join(dir, "b", "c")
		require.NoError(t, os.Chmod(locked, 0))
		t.Cleanup(func() { os.Chmod(locked, 0o755) })
		stdout, stderr, status := score(t, "", "-lexicon", "../../"+testLexicon, "-allow-model-mismatch", "-format", "jsonl", dir)
		require.Equal(t, exitBoth, status)
		require.Contains(t, stderr, "permission denied")
		require.Equal(t, []string{id("a.txt") + " low", id("b/a.txt") + " none", id("b/c") + " error", id("b/z.txt") + " high"}, ids(jsonRecords(t, stdout)))
	})
}

func TestMin(t *testing.T) {
	atRoot(t)
	input := strings.Join([]string{textNone, textLow, textMedium, textHigh, `{"broken`}, "\n")
	tests := []struct {
		min  string
		want string
	}{
		{"none", "<stdin>:1: none\n<stdin>:2: low\n<stdin>:3: medium\n<stdin>:4: high\n<stdin>:5: error: malformed JSON line: unexpected end of JSON input\n"},
		{"low", "<stdin>:2: low\n<stdin>:3: medium\n<stdin>:4: high\n<stdin>:5: error: malformed JSON line: unexpected end of JSON input\n"},
		{"medium", "<stdin>:3: medium\n<stdin>:4: high\n<stdin>:5: error: malformed JSON line: unexpected end of JSON input\n"},
		{"high", "<stdin>:4: high\n<stdin>:5: error: malformed JSON line: unexpected end of JSON input\n"},
	}
	var jsonl strings.Builder
	for i, line := range strings.Split(input, "\n") {
		if i < 4 {
			b, _ := json.Marshal(map[string]string{"text": line})
			line = string(b)
		}
		jsonl.WriteString(line + "\n")
	}
	for _, tt := range tests {
		t.Run(tt.min, func(t *testing.T) {
			stdout, _, status := score(t, jsonl.String(), "-lexicon", testLexicon, "-allow-model-mismatch", "-min", tt.min, "-jsonl", "-")
			require.Equal(t, exitBoth, status, "-min does not change the exit status")
			require.Equal(t, tt.want, headers(stdout))
		})
	}
}

func TestLexiconErrors(t *testing.T) {
	good, err := os.ReadFile(filepath.Join("..", "..", testLexicon, "en.tsv"))
	require.NoError(t, err)
	const header = "term\tconcept\tcategory\tweight\tnote\n"
	tests := []struct {
		name  string
		files map[string]string
		want  string
	}{
		{"bad weight", map[string]string{"en.tsv": string(good), "bad.tsv": header + "# comment\nkill\tkill\tviolence\tx\tnote\n"}, "bad.tsv:3: bad weight"},
		{"bad header", map[string]string{"bad.tsv": "term\tconcept\n"}, "bad.tsv:1: bad header"},
		{"unknown category", map[string]string{"bad.tsv": header + "kill\tkill\tmurder\t1\tnote\n"}, "bad.tsv:2: unknown category"},
		{"duplicate", map[string]string{"a.tsv": header + "kill\tkill\tviolence\t1\tnote\n", "b.tsv": header + "\nKILL\tkill\tviolence\t1\tnote\n"}, "b.tsv:3: duplicate entry"},
		{"no files", map[string]string{"README": "nothing here"}, "no file matches"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			for name, content := range tt.files {
				writeFile(t, dir, name, content)
			}
			stdout, stderr, status := score(t, textNone, "-lexicon", dir, "-")
			require.Equal(t, exitFatal, status)
			require.Empty(t, stdout, "nothing is scored")
			want := tt.want
			if strings.Contains(want, ".tsv:") {
				want = filepath.Join(dir, want) // the error names the file as the user can find it
			}
			require.Contains(t, stderr, want)
			require.True(t, strings.HasPrefix(stderr, "score: "), stderr)
		})
	}
}

func TestTooLarge(t *testing.T) {
	defer func(doc, line int) { maxDocBytes, maxLineBytes = doc, line }(maxDocBytes, maxLineBytes)
	maxDocBytes, maxLineBytes = 64, 32
	atRoot(t)
	fits := strings.Repeat("a", 32)
	tests := []struct {
		name  string
		args  []string
		stdin string
		want  string
	}{
		{"document fits", []string{"-"}, strings.Repeat("b", 64), "<stdin>: none\n"},
		{"document too large", []string{"-"}, strings.Repeat("b", 65), "<stdin>: error: larger than 64 bytes: skipped; score it line by line with -lines or -jsonl\n"},
		{"lines", []string{"-lines", "-"}, fits + "\n" + fits + "a\n" + fits + "\r\n" + fits + "a\r\n" + strings.Repeat("c", 200) + "\n" + textNone,
			"<stdin>:1: none\n<stdin>:2: error: line longer than 32 bytes: skipped\n<stdin>:3: none\n<stdin>:4: error: line longer than 32 bytes: skipped\n" +
				"<stdin>:5: error: line longer than 32 bytes: skipped\n<stdin>:6: none\n"},
		{"last line too long", []string{"-lines", "-"}, fits + "\n" + fits + "ab", "<stdin>:1: none\n<stdin>:2: error: line longer than 32 bytes: skipped\n"},
		{"jsonl", []string{"-jsonl", "-"}, `{"text": "` + strings.Repeat("d", 40) + `"}` + "\n" + `{"text":"ok"}`, "<stdin>:1: error: line longer than 32 bytes: skipped\n<stdin>:2: none\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			stdout, _, _ := score(t, tt.stdin, append([]string{"-lexicon", testLexicon, "-allow-model-mismatch"}, tt.args...)...)
			require.Equal(t, tt.want, stdout)
		})
	}
}

func TestReadLine(t *testing.T) {
	tests := []struct {
		in   string
		max  int
		want []string // lines, "!" for too long
	}{
		{"", 20, nil},
		{"a", 20, []string{"a"}},
		{"a\n", 20, []string{"a"}},
		{"a\r\nb\n\nc", 20, []string{"a", "b", "", "c"}},
		{"a\r", 20, []string{"a"}},
		{strings.Repeat("x", 20) + "\n" + strings.Repeat("y", 21) + "\nz", 20, []string{strings.Repeat("x", 20), "!", "z"}},
		{strings.Repeat("x", 20) + "\r\n" + strings.Repeat("y", 21) + "\r\n", 20, []string{strings.Repeat("x", 20), "!"}},
		{strings.Repeat("y", 100) + "\n" + strings.Repeat("w", 50), 20, []string{"!", "!"}},
		{strings.Repeat("v", 100), 200, []string{strings.Repeat("v", 100)}},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%.10q/%d", tt.in, tt.max), func(t *testing.T) {
			br := bufio.NewReaderSize(strings.NewReader(tt.in), 16) // smaller than the lines: fragments
			var got []string
			var buf []byte
			for {
				line, tooLong, err := readLine(br, tt.max, buf)
				if err != nil {
					require.ErrorIs(t, err, io.EOF)
				}
				if err != nil && len(line) == 0 && !tooLong {
					break
				}
				if tooLong {
					got = append(got, "!")
				} else {
					got = append(got, string(line))
					buf = line
				}
				if err != nil {
					break
				}
			}
			require.Equal(t, tt.want, got)
		})
	}
}

func TestTextFormat(t *testing.T) {
	atRoot(t)
	input := "Selon la police, il a dit « je vais les tuer ».\nRejoignez le c4lifat ! Le califat reviendra.\n" + textNone + "\n"
	// -no-model: the scores are the lexicon's own, independent of the trained model
	stdout, _, status := score(t, input, "-lexicon", testLexicon, "-allow-model-mismatch", "-no-model", "-lines", "-")
	require.Equal(t, exitFlagged, status)
	want := `<stdin>:1: low score=0.0652 lang=fr
  Faible : menace « je vais les tuer » ; atténué par citation (ponctuation) pour la citation.
  [threat] "je vais les tuer" (29-45) weight=0.225 base=3 source=rules.tsv:3 threat-intent
    part [intent] "je vais" (29-36) strength=1 source=fr.tsv:7
    part [violence] "tuer" (41-45) strength=1 source=fr.tsv:6
  context reporting "Selon" (0-5) effect=-0.225 source=fr.tsv:9
  context quotation "«" (26-28) effect=-2.55 source=structure
<stdin>:2: high score=0.9644 lang=fr
  Élevé : recrutement « Rejoignez le c4lifat » et 2 autres signaux.
  [recruitment] "Rejoignez le c4lifat" (0-20) weight=3 disguise=leet source=fr.tsv:4
  [ideology] "c4lifat" (13-20) weight=1.2 disguise=leet source=fr.tsv:3
  [ideology] "califat" (26-33) weight=0 base=1.2 repeat source=fr.tsv:3
<stdin>:3: none
`
	require.Equal(t, want, stdout)
	for _, tt := range []struct{ id, want string }{
		{"a.txt:3", "a.txt:3"},
		{"mon document", `"mon document"`},
		{"a\nb", `"a\nb"`},
		{"", `""`},
		{"é/ü", "é/ü"},
		{"bad\xff", `"bad\xff"`},
	} {
		require.Equal(t, tt.want, record.ShowID(tt.id))
	}
	require.Equal(t, "a b  c", record.OneLine("a\nb\r\tc"))
}

// TestStreaming checks that a record comes out as soon as its line is read:
// a moderation feed piped into -lines must not wait for the end of input.
func TestStreaming(t *testing.T) {
	atRoot(t)
	inR, inW := io.Pipe()
	outR, outW := io.Pipe()
	done := make(chan int, 1)
	go func() {
		done <- run([]string{"-lexicon", testLexicon, "-allow-model-mismatch", "-workers", "4", "-lines", "-"}, inR, outW, io.Discard)
		outW.Close()
	}()
	out := bufio.NewReader(outR)
	for i, text := range []string{textNone, textHigh, textNone} {
		_, err := io.WriteString(inW, text+"\n")
		require.NoError(t, err)
		line, err := out.ReadString('\n') // blocks until the record is written
		require.NoError(t, err)
		require.True(t, strings.HasPrefix(line, fmt.Sprintf("<stdin>:%d: ", i+1)), line)
		if text == textHigh {
			for range 3 { // the rationale and the two signals
				_, err = out.ReadString('\n')
				require.NoError(t, err)
			}
		}
	}
	inW.Close()
	rest, err := io.ReadAll(out)
	require.NoError(t, err)
	require.Empty(t, string(rest))
	require.Equal(t, exitFlagged, <-done)
}

// failWriter fails after n bytes.
type failWriter struct{ n int }

func (w *failWriter) Write(b []byte) (int, error) {
	if len(b) > w.n {
		k := w.n
		w.n = 0
		return k, errors.New("disk full")
	}
	w.n -= len(b)
	return len(b), nil
}

// TestWriteError checks that an output error stops the program with status
// 2, without leaving the reader or the workers blocked.
func TestWriteError(t *testing.T) {
	atRoot(t)
	input := strings.Repeat(textHigh+"\n", 20000)
	var errw bytes.Buffer
	status := run([]string{"-lexicon", testLexicon, "-allow-model-mismatch", "-workers", "4", "-lines", "-"}, strings.NewReader(input), &failWriter{n: 100 << 10}, &errw)
	require.Equal(t, exitFatal, status)
	require.Contains(t, errw.String(), "score: writing output: disk full")
}

// BenchmarkLines scores short messages, one per line, as a moderation queue
// would send them.
func BenchmarkLines(b *testing.B) {
	texts := []string{textNone, textLow, textMedium, textHigh, textHighEN}
	var in strings.Builder
	for i := range 20000 {
		in.WriteString(texts[i%len(texts)] + "\n")
	}
	input := in.String()
	for _, workers := range []string{"1", "4"} {
		b.Run("workers="+workers, func(b *testing.B) {
			b.SetBytes(int64(len(input)))
			for b.Loop() {
				if st := run([]string{"-lexicon", "../../" + testLexicon, "-allow-model-mismatch", "-workers", workers, "-format", "jsonl", "-lines", "-"}, strings.NewReader(input), io.Discard, io.Discard); st != exitFlagged {
					b.Fatalf("status %d", st)
				}
			}
		})
	}
}

// record is a scored document as json and jsonl print it, as encoding/json
// encodes it: the reference appendRecord must equal.
type refRecord struct {
	ID        string               `json:"id"`
	Lang      tokenize.Lang        `json:"lang"`
	Level     classify.Level       `json:"level"`
	Score     float64              `json:"score"`
	Scores    classify.Scores      `json:"scores"`
	Weight    float64              `json:"weight"`
	Signals   []classify.Signal    `json:"signals"`
	Context   []classify.Context   `json:"context"`
	Model     *classify.ModelScore `json:"model,omitempty"`
	Rationale string               `json:"rationale"`
}

// marshalRef encodes v as encoding/json does with HTML escaping off, on one
// line.
func marshalRef(t testing.TB, v any) []byte {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	require.NoError(t, enc.Encode(v))
	return bytes.TrimSuffix(b.Bytes(), []byte("\n"))
}

// TestAppendRecord checks the records of the functional cases against
// encoding/json's encoding of record (empty lists as []), with ids that need
// escaping.
func TestAppendRecord(t *testing.T) {
	cls, err := classify.New()
	require.NoError(t, err)
	var r classify.Result
	for _, name := range []string{"en.jsonl", "fr.jsonl"} {
		data, err := os.ReadFile(filepath.Join("..", "..", "testdata", "cases", name))
		require.NoError(t, err)
		for i, line := range strings.Split(strings.TrimSpace(string(data)), "\n") {
			var c struct{ ID, Text string }
			require.NoError(t, json.Unmarshal([]byte(line), &c))
			cls.ClassifyInto(c.Text, &r)
			rec := refRecord{ID: c.ID + "\t\"<&>\u2028\xff" + fmt.Sprint(i), Lang: r.Lang, Level: r.Level, Score: r.Score, Scores: r.Scores, Weight: r.Weight,
				Signals: r.Signals, Context: r.Context, Model: r.Model, Rationale: r.Rationale}
			if rec.Signals == nil {
				rec.Signals = []classify.Signal{}
			}
			if rec.Context == nil {
				rec.Context = []classify.Context{}
			}
			want := marshalRef(t, &rec)
			got := formatJSONL.appendRecord([]byte("before"), rec.ID, c.Text, &r)
			require.Equal(t, "before"+string(want), string(got), c.ID)
		}
	}
}

// jsonLineSeeds are lines plainJSONLine must read as encoding/json does, or
// leave to it.
var jsonLineSeeds = []string{
	`{"id":"a","text":"Rejoignez le califat"}`, ` { "text" : "x" , "id" : "b" } `, `{"text":"x","text":"y"}`,
	`{"id":"","text":"t"}`, `{"id":"a","id":"b","text":""}`, `{"text":"a\"b"}`, `{"text":"a\\b"}`, `{"text":"é\u00e9"}`,
	`{"text":"tab	in"}`, `{"text":"x"} x`, `{"text":"x",}`, `{"text":"x"`, `{}`, `[]`, `"text"`, `{"Text":"x"}`,
	`{"id":5,"text":"x"}`, `{"id":null,"text":"x"}`, `{"text":"x","n":1}`, `{"text":"x","o":{"text":"y"}}`, "{\"text\":\"\xff\"}",
	"{\"text\":\"\x7f \u2028\"}", `{"text":"x"}` + "\r", "\t{\"text\":\"x\"}", `{"text":"x" "id":"y"}`, `{"text"::"x"}`,
	`{"te\xt":"x"}`, `{"text":"x"}}`, `{,"text":"x"}`,
}

// checkJSONLine checks plainJSONLine against fullJSONLine on one line.
func checkJSONLine(t *testing.T, line []byte) bool {
	id, text, ok := plainJSONLine(line, "default")
	if !ok {
		return false
	}
	wantID, wantText, err := fullJSONLine(line, "default")
	if err != nil || id != wantID || text != wantText {
		t.Fatalf("%q: plain read (%q, %q), encoding/json (%q, %q, %v)", line, id, text, wantID, wantText, err)
	}
	return true
}

// TestPlainJSONLine checks the fast reading of JSON lines against
// encoding/json on hand-made lines, the functional cases and, when the
// shared data is there, every line of the corpus.
func TestPlainJSONLine(t *testing.T) {
	plain := 0
	for _, s := range jsonLineSeeds {
		if checkJSONLine(t, []byte(s)) {
			plain++
		}
	}
	require.Equal(t, 8, plain, "the plain seeds")
	files, err := filepath.Glob(filepath.Join("..", "..", "testdata", "cases", "*.jsonl"))
	require.NoError(t, err)
	if dir, err := corpus.Dir(); err == nil {
		shared, err := filepath.Glob(filepath.Join(dir, "corpus", "*.jsonl"))
		require.NoError(t, err)
		files = append(files, shared...)
	} else {
		t.Logf("shared data absent, corpus lines not checked: %v", err)
	}
	lines := 0
	for _, f := range files {
		data, err := os.ReadFile(f)
		require.NoError(t, err)
		for _, line := range bytes.Split(data, []byte("\n")) {
			if len(line) > 0 {
				lines++
				if checkJSONLine(t, line) {
					plain++
				}
			}
		}
	}
	t.Logf("%d lines, %d read the plain way", lines, plain)
}

func FuzzPlainJSONLine(f *testing.F) {
	for _, s := range jsonLineSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, line []byte) { checkJSONLine(t, line) })
}

// textRecordFmt is the text record written with fmt, as the program wrote it
// before record.AppendText (internal/record): the reference it must equal.
func textRecordFmt(id string, r *classify.Result) []byte {
	num := func(x float64) string { return strconv.FormatFloat(x, 'f', -1, 64) }
	var b bytes.Buffer
	if r.Level == classify.None {
		fmt.Fprintf(&b, "%s: %s\n", record.ShowID(id), r.Level)
		return b.Bytes()
	}
	fmt.Fprintf(&b, "%s: %s score=%s lang=%s\n", record.ShowID(id), r.Level, num(r.Score), r.Lang)
	fmt.Fprintf(&b, "  %s\n", record.OneLine(r.Rationale))
	for i := range r.Signals {
		s := &r.Signals[i]
		fmt.Fprintf(&b, "  [%s] %q (%d-%d) weight=%s", s.Category, s.Text, s.Start, s.End, num(s.Weight))
		if s.Base != s.Weight {
			fmt.Fprintf(&b, " base=%s", num(s.Base))
		}
		if s.Repeat {
			b.WriteString(" repeat")
		}
		if s.Disguise != 0 {
			fmt.Fprintf(&b, " disguise=%s", strings.Join(s.Disguise.Names(), ","))
		}
		fmt.Fprintf(&b, " source=%s\n", record.OneLine(s.Source))
		for k := range s.Parts {
			pt := &s.Parts[k]
			fmt.Fprintf(&b, "    part [%s] %q (%d-%d) strength=%s source=%s\n", pt.Category, pt.Text, pt.Start, pt.End, num(pt.Weight), record.OneLine(pt.Source))
		}
	}
	for i := range r.Context {
		c := &r.Context[i]
		fmt.Fprintf(&b, "  context %s %q (%d-%d) effect=%s source=%s\n", c.Kind, c.Text, c.Start, c.End, num(c.Effect), record.OneLine(c.Source))
	}
	return b.Bytes()
}

// TestAppendTextRecord checks the text records of the functional cases and,
// when the shared data is there, of 5,000 dev messages against fmt's, with
// ids that need quoting.
func TestAppendTextRecord(t *testing.T) {
	cls, err := classify.New()
	require.NoError(t, err)
	var texts []string
	for _, name := range []string{"en.jsonl", "fr.jsonl"} {
		data, err := os.ReadFile(filepath.Join("..", "..", "testdata", "cases", name))
		require.NoError(t, err)
		for _, line := range strings.Split(strings.TrimSpace(string(data)), "\n") {
			var c struct{ Text string }
			require.NoError(t, json.Unmarshal([]byte(line), &c))
			texts = append(texts, c.Text, "« "+c.Text+" », a-t-il écrit\x00\n"+c.Text)
		}
	}
	if dev, err := corpus.Texts("dev", "", 0, 5000); err == nil {
		texts = append(texts, dev...)
	}
	var r classify.Result
	flagged := 0
	for i, s := range texts {
		cls.ClassifyInto(s, &r)
		if r.Level != classify.None {
			flagged++
		}
		id := fmt.Sprintf("doc %d\t\"é\"", i)
		if i%2 == 0 {
			id = fmt.Sprint("doc-", i)
		}
		require.Equal(t, string(textRecordFmt(id, &r)), string(formatText.appendRecord([]byte("before"), id, s, &r)[len("before"):]), s)
	}
	require.Positive(t, flagged)
}

// benchJSONLines measures reading typical JSON lines (id and text, no
// escapes) with parse.
func benchJSONLines(b *testing.B, parse func(line []byte, defaultID string) (string, string, error)) {
	line := []byte(`{"id":"m1234","text":"Rejoignez les soldats du califat, la victoire est proche, partagez avant suppression"}`)
	b.SetBytes(int64(len(line)))
	b.ReportAllocs()
	for b.Loop() {
		if _, _, err := parse(line, "x:1"); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkParseJSONLine(b *testing.B) { benchJSONLines(b, parseJSONLine) }

// BenchmarkFullJSONLine is the same line through encoding/json.
func BenchmarkFullJSONLine(b *testing.B) { benchJSONLines(b, fullJSONLine) }
