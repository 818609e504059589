package main

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/creack/pty"
	"github.com/stretchr/testify/require"
)

// openPTY returns the two ends of a pseudo-terminal, closed at the end of
// the test, or skips the test where there is none.
func openPTY(t *testing.T) (ptmx, tty *os.File) {
	t.Helper()
	ptmx, tty, err := pty.Open()
	if err != nil {
		t.Skipf("no pseudo-terminal here: %v", err)
	}
	t.Cleanup(func() { ptmx.Close(); tty.Close() })
	return ptmx, tty
}

func TestWantProgress(t *testing.T) {
	_, tty := openPTY(t)
	r, w, err := os.Pipe()
	require.NoError(t, err)
	defer r.Close()
	defer w.Close()
	file, err := os.Create(filepath.Join(t.TempDir(), "stderr"))
	require.NoError(t, err)
	defer file.Close()
	on := &options{progress: true}
	tests := []struct {
		name   string
		opts   *options
		stderr io.Writer
		want   bool
	}{
		{"terminal", on, tty, true},
		{"terminal, -progress=false", &options{}, tty, false},
		{"terminal, -quiet", &options{progress: true, quiet: true}, tty, false},
		{"pipe", on, w, false},
		{"file", on, file, false},
		{"not a file", on, &bytes.Buffer{}, false},
	}
	for _, tt := range tests {
		require.Equal(t, tt.want, wantProgress(tt.opts, tt.stderr), tt.name)
	}
}

// TestProgressOnTerminal runs the program with a pseudo-terminal as its
// standard error, and reads what the terminal shows.
func TestProgressOnTerminal(t *testing.T) {
	dir := t.TempDir()
	var input strings.Builder
	for range 2000 {
		input.WriteString(textHigh + " " + textNone + "\n")
	}
	path := writeFile(t, dir, "in.txt", input.String())
	run1 := func(args ...string) string {
		ptmx, tty := openPTY(t)
		got := make(chan string)
		go func() {
			b, _ := io.ReadAll(ptmx) // until the terminal is closed (EIO)
			got <- string(b)
		}()
		status := run(append([]string{"-lexicon", "../../" + testLexicon, "-lines", "-format", "jsonl"}, append(args, path)...),
			strings.NewReader(""), io.Discard, tty)
		require.Equal(t, exitFlagged, status)
		tty.Close()
		select {
		case s := <-got:
			return s
		case <-time.After(10 * time.Second):
			t.Fatal("the terminal was not closed")
			return ""
		}
	}
	summary := regexp.MustCompile(`score: 2000 documents, 2000 flagged \(2000 high, 0 medium\), 0 low, 0 none, 0 errors; [0-9.]+ s, [0-9.]+ MB/s`)

	shown := run1()
	require.Contains(t, shown, "scoring: ", "a progress bar")
	require.Contains(t, shown, "documents")
	require.Contains(t, shown, "%", "a known size gives a percentage")
	require.Regexp(t, summary, shown)

	quiet := run1("-progress=false")
	require.NotContains(t, quiet, "scoring")
	require.Regexp(t, summary, quiet)

	require.Empty(t, run1("-quiet"), "-quiet: nothing on the terminal")
}

func TestSummary(t *testing.T) {
	st := stats{failed: 1, in: 2_500_000}
	st.levels = [4]int{3, 4, 3, 2} // none, low, medium, high
	require.Equal(t, "score: 13 documents, 5 flagged (2 high, 3 medium), 4 low, 3 none, 1 error; 1.25 s, 2.0 MB/s",
		st.summary(1250*time.Millisecond))
	one := stats{}
	one.levels[0] = 1
	require.Equal(t, "score: 1 document, 0 flagged (0 high, 0 medium), 0 low, 1 none, 0 errors; 0.00 s, 0.0 MB/s", one.summary(0))

	t.Run("run", func(t *testing.T) {
		input := textNone + "\n" + textHigh + "\n{oops\n"
		_, stderr, status := scoreLoud(t, input, "-lexicon", "../../"+testLexicon, "-jsonl", "-")
		require.Equal(t, exitInput, status)
		lines := strings.Split(strings.TrimSuffix(stderr, "\n"), "\n")
		require.Len(t, lines, 2, stderr)
		require.Contains(t, lines[0], "<stdin>: not JSON lines")
		require.Regexp(t, `^score: 1 document, 0 flagged \(0 high, 0 medium\), 0 low, 0 none, 1 error; [0-9.]+ s, [0-9.]+ MB/s$`, lines[1])

		_, stderr, _ = scoreLoud(t, textNone+"\n"+textHigh+"\n", "-lexicon", "../../"+testLexicon, "-lines", "-")
		require.Regexp(t, `^score: 2 documents, 1 flagged \(1 high, 0 medium\), 0 low, 1 none, 0 errors; `, stderr)

		_, stderr, _ = scoreLoud(t, textHigh, "-quiet", "-lexicon", "../../"+testLexicon, "-")
		require.Empty(t, stderr)
	})
}

func TestInputSize(t *testing.T) {
	dir := t.TempDir()
	a := writeFile(t, dir, "a.txt", "12345")
	writeFile(t, dir, "d/b.txt", "123")
	writeFile(t, dir, "d/.hidden", "1234567")
	writeFile(t, dir, "d/.git/c", "1234567")
	writeFile(t, dir, "d/e/f.txt", "12")
	require.Equal(t, int64(5), inputSize([]string{a}))
	require.Equal(t, int64(10), inputSize([]string{a, filepath.Join(dir, "d")}))
	require.Equal(t, int64(5), inputSize([]string{a, filepath.Join(dir, "missing")}))
	require.Equal(t, int64(-1), inputSize([]string{a, "-"}))
}
