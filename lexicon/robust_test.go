package lexicon

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vigie-project/vigie/internal/testenv"
	"github.com/vigie-project/vigie/tokenize"
)

const (
	entryHead = "term\tconcept\tcategory\tweight\tnote\n"
	ruleHead  = "name\tpattern\tcategory\tweight\twindow\tnote\n"
)

// untrustedFiles are files a user may hand over, each with the error and the
// line it must be reported at. TestUntrustedFiles runs them; FuzzParse and
// its seed corpus start from them.
var untrustedFiles = []struct {
	name, file string
	line       int
	err        error
}{
	{"weight with an exponent", entryHead + "califat\tcaliphate\tideology\t1e0\tx\n", 2, ErrWeight},
	{"hexadecimal weight", entryHead + "califat\tcaliphate\tideology\t0x1p1\tx\n", 2, ErrWeight},
	{"weight with a sign", entryHead + "califat\tcaliphate\tideology\t+1\tx\n", 2, ErrWeight},
	{"negative weight", entryHead + "califat\tcaliphate\tideology\t-1\tx\n", 2, ErrWeight},
	{"weight with underscores", entryHead + "califat\tcaliphate\tideology\t1_0\tx\n", 2, ErrWeight},
	{"infinite weight", entryHead + "califat\tcaliphate\tideology\tInf\tx\n", 2, ErrWeight},
	{"huge weight", entryHead + "califat\tcaliphate\tideology\t" + strings.Repeat("9", 400) + "\tx\n", 2, ErrWeight},
	{"two points", entryHead + "califat\tcaliphate\tideology\t1..2\tx\n", 2, ErrWeight},
	{"empty weight", entryHead + "califat\tcaliphate\tideology\t\tx\n", 2, ErrWeight},
	{"rule weight too big", ruleHead + "r\tintent violence\tthreat\t5.5\t3\tx\n", 2, ErrWeight},
	{"nul byte", entryHead + "cal\x00ifat\tcaliphate\tideology\t1\tx\n", 2, ErrEncoding},
	{"escape sequence", entryHead + "califat\tcaliphate\tideology\t1\t\x1b[31mred\n", 2, ErrEncoding},
	{"carriage return inside", entryHead + "cali\rfat\tcaliphate\tideology\t1\tx\n", 2, ErrEncoding},
	{"invalid utf-8 in a note", entryHead + "califat\tcaliphate\tideology\t1\t\xc3\n", 2, ErrEncoding},
	{"word too long", entryHead + strings.Repeat("a", 65) + "\tx\tideology\t1\tx\n", 2, ErrTerm},
	{"too many words", entryHead + strings.Repeat("mot ", 13) + "\tx\tideology\t1\tx\n", 2, ErrTerm},
	{"tabs only: a blank line", entryHead + "\t\t\t\t\n", 0, ErrEmpty},
	{"six columns", entryHead + "califat\tcaliphate\tideology\t1\tx\textra\n", 2, ErrColumns},
	{"concept too long", entryHead + "califat\t" + strings.Repeat("c", 65) + "\tideology\t1\tx\n", 2, ErrConcept},
	{"component as a rule's signal", ruleHead + "r\tintent violence\tviolence\t1\t3\tx\n", 2, ErrRule},
	{"rule with five components", ruleHead + "r\tintent call violence group vermin\tthreat\t1\t3\tx\n", 2, ErrRule},
	{"rule with one component", ruleHead + "r\tintent\tthreat\t1\t3\tx\n", 2, ErrRule},
	{"duplicate rule", entryHead + "califat\tx\tideology\t1\tx\n", 0, nil}, // valid: a control for the next
	{"header only", entryHead, 0, ErrEmpty},
	{"rules only", ruleHead + "r\tintent violence\tthreat\t1\t3\tx\n", 0, ErrEmpty},
	{"line of the largest size", entryHead + "califat\tcaliphate\tideology\t1\t" + strings.Repeat("x", MaxLineBytes-28) + "\n", 0, nil},
	{"line one byte too long", entryHead + "califat\tcaliphate\tideology\t1\t" + strings.Repeat("x", MaxLineBytes-27) + "\n", 2, ErrTooLarge},
	{"header with a byte order mark and CRLF", "\ufeff" + strings.ReplaceAll(entryHead, "\n", "\r\n") + "califat\tx\tideology\t1\tx\r\n", 0, nil},
}

// TestUntrustedFiles: malformed files get an error that says what and where.
func TestUntrustedFiles(t *testing.T) {
	for _, tt := range untrustedFiles {
		t.Run(tt.name, func(t *testing.T) {
			_, err := New(Source{Name: "user.tsv", R: strings.NewReader(tt.file)})
			if tt.err == nil {
				require.NoError(t, err)
				return
			}
			require.ErrorIs(t, err, tt.err)
			var pe *ParseError
			require.True(t, errors.As(err, &pe), "%T: %v", err, err)
			assert.Equal(t, "user.tsv", pe.File)
			assert.Equal(t, tt.line, pe.Line, err.Error())
			assert.True(t, strings.HasPrefix(err.Error(), "lexicon: user.tsv"), err.Error())
		})
	}
}

func TestDuplicateRules(t *testing.T) {
	rules := ruleHead + "r\tintent violence\tthreat\t1\t3\tx\n"
	_, err := New(Source{Name: "a.tsv", R: strings.NewReader(testLexicon)}, Source{Name: "r1.tsv", R: strings.NewReader(rules)},
		Source{Name: "r2.tsv", R: strings.NewReader(rules)})
	require.ErrorIs(t, err, ErrDuplicate)
	assert.Equal(t, "lexicon: r2.tsv:2: duplicate entry: rule \"r\" is already at r1.tsv:2", err.Error())
}

// lines is a reader of a header and n generated lines, never held in memory.
type lines struct {
	head string
	n    int
	line func(i int) string
	buf  []byte
}

func (l *lines) Read(p []byte) (int, error) {
	for len(l.buf) < len(p) && (l.head != "" || l.n > 0) {
		if l.head != "" {
			l.buf = append(l.buf, l.head...)
			l.head = ""
			continue
		}
		l.buf = append(l.buf, l.line(l.n)...)
		l.n--
	}
	if len(l.buf) == 0 {
		return 0, io.EOF
	}
	n := copy(p, l.buf)
	l.buf = l.buf[n:]
	return n, nil
}

// TestHugeFiles: files past the limits are refused with the line where the
// limit was crossed, after reading no more than the limit.
func TestHugeFiles(t *testing.T) {
	t.Run("100 MB of comments", func(t *testing.T) {
		comment := "# " + strings.Repeat("c", 97) + "\n" // 100 bytes
		_, err := New(Source{Name: "big.tsv", R: &lines{head: entryHead, n: 1_000_000, line: func(int) string { return comment }}})
		require.ErrorIs(t, err, ErrTooLarge)
		var pe *ParseError
		require.True(t, errors.As(err, &pe))
		assert.Equal(t, (MaxFileBytes-len(entryHead))/len(comment)+2, pe.Line, err.Error())
	})
	t.Run("a million entries", func(t *testing.T) {
		_, err := New(Source{Name: "many.tsv", R: &lines{head: entryHead, n: 1_000_000, line: func(i int) string {
			return fmt.Sprintf("mot%d\tx\tideology\t1\tx\n", i)
		}}})
		require.ErrorIs(t, err, ErrTooLarge)
		var pe *ParseError
		require.True(t, errors.As(err, &pe))
		assert.Equal(t, MaxEntries+2, pe.Line, err.Error())
	})
	t.Run("entries spread over files", func(t *testing.T) {
		var src []Source
		for f := 0; f < 3; f++ {
			src = append(src, Source{Name: fmt.Sprintf("f%d.tsv", f), R: &lines{head: entryHead, n: MaxEntries / 2, line: func(i int) string {
				return fmt.Sprintf("mot%d-%d\tx\tideology\t1\tx\n", f, i)
			}}})
		}
		_, err := New(src...)
		require.ErrorIs(t, err, ErrTooLarge)
		assert.Equal(t, "lexicon: f2.tsv:2: too large: more than 200000 entries in all", err.Error())
	})
	t.Run("exactly the largest file, and one byte more", func(t *testing.T) {
		head := entryHead + "califat\tx\tideology\t1\tx\n"
		comment := "# " + strings.Repeat("c", 97) + "\n"
		n := (MaxFileBytes - len(head)) / len(comment)
		last := "#" + strings.Repeat("c", MaxFileBytes-len(head)-n*len(comment)-1) // no final newline
		for _, extra := range []string{"", "c"} {
			k := n + 1
			_, err := New(Source{Name: "edge.tsv", R: &lines{head: head, n: k, line: func(i int) string {
				if i == 1 {
					return last + extra
				}
				return comment
			}}})
			if extra == "" {
				require.NoError(t, err)
			} else {
				require.ErrorIs(t, err, ErrTooLarge)
				assert.Contains(t, err.Error(), fmt.Sprintf("edge.tsv:%d:", n+3))
			}
		}
	})
	t.Run("a million blank lines", func(t *testing.T) {
		l, err := New(Source{Name: "blank.tsv", R: &lines{head: entryHead + "califat\tx\tideology\t1\tx\n", n: 1_000_000, line: func(int) string { return "\n" }}})
		require.NoError(t, err)
		assert.Equal(t, 1, l.Len())
	})
}

// writeSeeds rewrites the seed corpora in testdata/fuzz from the table tests.
var writeSeeds = flag.Bool("seeds", false, "rewrite testdata/fuzz/FuzzParse from the table tests")

// parseSeeds are the inputs FuzzParse starts from: the files of the table
// tests, the test lexicon and the default lexicon's files.
func parseSeeds(t testing.TB) [][]byte {
	var out [][]byte
	for _, tt := range untrustedFiles {
		out = append(out, []byte(tt.file))
	}
	out = append(out, []byte(testLexicon), []byte(disguiseLexicon),
		[]byte(ruleHead+"threat\t^ intent violence\tthreat\t3\t4\tx\n"),
		[]byte(entryHead+"rejoignez ... califat\tx\trecruitment\t3\tx\négorg*\tx\tviolence\t1\tx\n1488\tx\tideology\t1\tx\n"))
	for _, name := range []string{"rules.tsv", "und.tsv"} {
		b, err := os.ReadFile(filepath.Join("data", name))
		require.NoError(t, err)
		out = append(out, b)
	}
	return out
}

// TestFuzzParseSeeds writes the seed corpus with -seeds, and otherwise
// checks that it is there.
func TestFuzzParseSeeds(t *testing.T) {
	testenv.FuzzSeeds(t, "FuzzParse", "[]byte", byteStrings(parseSeeds(t)), *writeSeeds, "go test ./lexicon -run TestFuzzParseSeeds -seeds")
}

// FuzzParse feeds arbitrary bytes to the loader: it never panics, and every
// error is a *ParseError with a line within the file.
func FuzzParse(f *testing.F) {
	for _, s := range parseSeeds(f) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		l, err := New(Source{Name: "fuzz.tsv", R: bytes.NewReader(data)})
		if err == nil {
			if l.Len() == 0 {
				t.Fatal("a lexicon without entries")
			}
			checkIndexes(t, l, data)
			return
		}
		var pe *ParseError
		if !errors.As(err, &pe) {
			t.Fatalf("%T is not a *ParseError: %v", err, err)
		}
		if lines := bytes.Count(data, []byte("\n")) + 1; pe.Line < 0 || pe.Line > lines {
			t.Fatalf("line %d of %d: %v", pe.Line, lines, err)
		}
		if pe.File != "fuzz.tsv" || !strings.HasPrefix(err.Error(), "lexicon: fuzz.tsv") {
			t.Fatalf("error does not name the file: %v", err)
		}
	})
}

// checkIndexes checks that the filters of first words and bigrams keep every
// key of a parsed lexicon, then matches its own terms in a few sentences and
// checks that the phrase index (loose entries and bigrams) finds what
// trying every phrase of a first word finds, as TestBigramIndex does for
// the default lexicon.
func checkIndexes(t *testing.T, l *Lexicon, data []byte) {
	full, err := New(Source{Name: "fuzz.tsv", R: bytes.NewReader(data)})
	if err != nil {
		t.Fatal(err)
	}
	for k := range full.looseKey {
		full.looseKey[k] = -1
	}
	checkFilter(t, &l.exact)
	checkFilter(t, &l.bigrams)
	var doc tokenize.Document
	for i := range min(l.Len(), 20) {
		term := l.Entry(i).Term
		for _, s := range []string{term, "so " + term + " now", term + " " + term, "« " + term + " »"} {
			doc.Reset(s)
			got, want := l.Match(&doc, nil), full.Match(&doc, nil)
			if !slices.Equal(got, want) {
				t.Fatalf("%q: the index finds %v, trying every phrase %v", s, got, want)
			}
		}
	}
}

// byteStrings converts seeds to strings for testenv.FuzzSeeds.
func byteStrings(b [][]byte) []string {
	out := make([]string, len(b))
	for i := range b {
		out[i] = string(b[i])
	}
	return out
}
