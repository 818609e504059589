package input

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"testing"
	"testing/iotest"
	"unicode/utf8"
)

// doc is a Doc as the tests write it: Err as its message.
type doc struct {
	ID, Text, Err, Warning string
}

func asDoc(d Doc) doc {
	out := doc{ID: d.ID, Text: d.Text, Warning: d.Warning}
	if d.Err != nil {
		out.Err = d.Err.Error()
	}
	return out
}

// readAll reads r with a LineReader through a buffer of size (16 at least),
// as the stream called "f".
func readAll(r io.Reader, mode Mode, max, size int) []doc {
	var l LineReader
	l.Reset("f", bufio.NewReaderSize(r, size), mode, max)
	var docs []doc
	for {
		d, ok := l.Next()
		if !ok {
			return docs
		}
		docs = append(docs, asDoc(d))
	}
}

func TestLineReader(t *testing.T) {
	const bom = "\ufeff"
	tooLong := "line longer than 8 bytes: skipped" // the limit of Lines cases
	tests := []struct {
		name string
		mode Mode // JSONLines cases have a limit of 24 bytes
		in   string
		want []doc
	}{
		{"empty", Lines, "", nil},
		{"blank lines skipped, numbers kept", Lines, "\n  \t\na\r\n\nb", []doc{{ID: "f:3", Text: "a"}, {ID: "f:5", Text: "b"}}},
		{"byte order mark on line 1 only", Lines, bom + "a\n" + bom + "b\n", []doc{{ID: "f:1", Text: "a"}, {ID: "f:2", Text: bom + "b"}}},
		{"a byte order mark alone is blank", Lines, bom + "\nc", []doc{{ID: "f:2", Text: "c"}}},
		{"too long, then on", Lines, "12345678\n123456789\nx", []doc{{ID: "f:1", Text: "12345678"}, {ID: "f:2", Err: tooLong}, {ID: "f:3", Text: "x"}}},
		{"line ending not counted", Lines, "12345678\r\n", []doc{{ID: "f:1", Text: "12345678"}}},
		{"last line too long", Lines, "a\n123456789", []doc{{ID: "f:1", Text: "a"}, {ID: "f:2", Err: tooLong}}},
		{"one warning per stream, before its document", Lines, "a\ncaf\xe9\ncr\xe8me\n",
			[]doc{{ID: "f:1", Text: "a"}, {ID: "f:2", Text: "caf\xe9", Warning: WarnUTF8 + " (first at line 2)"}, {ID: "f:3", Text: "cr\xe8me"}}},
		{"json", JSONLines, `{"id":"x","text":"a"}` + "\n" + `{"text":"b"}`, []doc{{ID: "x", Text: "a"}, {ID: "f:2", Text: "b"}}},
		{"json errors keep the best id", JSONLines, `{"id":"x"}` + "\n" + `[1]` + "\n" + `{"id":7,"text":3}`,
			[]doc{{ID: "x", Err: `no "text" field`}, {ID: "f:2", Err: "malformed JSON line: not an object"}, {ID: "7", Err: `"text" must be a string`}}},
		{"json too long", JSONLines, `{"text":"12345678901234567"}`, []doc{{ID: "f:1", Err: "line longer than 24 bytes: skipped"}}},
		{"a line that is not text", Lines, "a\n\x00\x01\x02\nb\x00cd\n\xff\n", []doc{{ID: "f:1", Text: "a"}, {ID: "f:2", Err: ErrLineNotText.Error()}, {ID: "f:3", Err: ErrLineNotText.Error()}, {ID: "f:4", Err: ErrLineNotText.Error()}}},
		{"not JSON lines: one error, for the stream", JSONLines, "\n  text\n{\"text\":\"a\"}", []doc{{ID: "f", Err: "not JSON lines (the first line is not a JSON object): skipped; score plain text with -lines"}}},
		{"a JSON array", JSONLines, "[{\"text\":\"a\"}]", []doc{{ID: "f", Err: "a JSON array, not JSON lines: skipped; write one object per line (jq -c '.[]')"}}},
		{"a bad line after the first", JSONLines, "{\"text\":\"a\"}\nx", []doc{{ID: "f:1", Text: "a"}, {ID: "f:2", Err: "malformed JSON line: invalid character 'x' looking for beginning of value"}}},
		{"a too long first line is not the first", JSONLines, strings.Repeat("x", 30) + "\nx", []doc{{ID: "f:1", Err: "line longer than 24 bytes: skipped"}, {ID: "f:2", Err: "malformed JSON line: invalid character 'x' looking for beginning of value"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, size := range []int{16, 4096} {
				max := 8
				if tt.mode == JSONLines {
					max = 24
				}
				got := readAll(strings.NewReader(tt.in), tt.mode, max, size)
				if !slices.Equal(got, tt.want) {
					t.Errorf("buffer %d:\n got %v\nwant %v", size, got, tt.want)
				}
			}
		})
	}
}

func TestLineReaderReadError(t *testing.T) {
	r := io.MultiReader(strings.NewReader("a\nb"), iotest.ErrReader(errors.New("disk on fire")))
	got := readAll(r, Lines, 8, 16)
	want := []doc{{ID: "f:1", Text: "a"}, {ID: "f:2", Err: "read: disk on fire"}}
	if !slices.Equal(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
}

// TestLineReaderWait checks that Wait is called before each read that may
// wait, and not before a line already buffered, and that it stops Next.
func TestLineReaderWait(t *testing.T) {
	pr, pw := io.Pipe()
	go func() {
		io.WriteString(pw, "a\nb\n") // one read gives both lines
		io.WriteString(pw, "c\n")
		pw.Close()
	}()
	var l LineReader
	waits := 0
	l.Wait = func() bool { waits++; return waits < 3 }
	l.Reset("f", bufio.NewReader(pr), Lines, 8)
	var got []string
	for {
		d, ok := l.Next()
		if !ok {
			break
		}
		got = append(got, d.Text)
	}
	// Waits: before "a" (nothing buffered), before "c" (b was buffered with
	// a), and before the end, where Wait stops the reading.
	if strings.Join(got, ",") != "a,b,c" || waits != 3 {
		t.Errorf("got %q after %d waits, want a,b,c after 3", got, waits)
	}
	if _, ok := l.Next(); ok {
		t.Error("Next after the end returned a document")
	}
}

func TestText(t *testing.T) {
	latin1 := strings.Repeat("caf\xe9 cr\xe8me ", 100) // a few per cent invalid
	utf16LE := []byte{0xff, 0xfe, 'N', 0, 0xe9, 0, '\n', 0, 'x', 0}
	utf16BE := []byte{0xfe, 0xff, 0, 'N', 0, 0xe9, 0, '\n', 0, 'x'}
	tests := []struct {
		name string
		in   string
		want string // what the reader returned reads
		err  error
	}{
		{"empty", "", "", nil},
		{"text", "Bonjour à tous\n", "Bonjour à tous\n", nil},
		{"latin-1", latin1, latin1, nil},
		{"a stray NUL", strings.Repeat("a", 100) + "\x00", strings.Repeat("a", 100) + "\x00", nil},
		{"NULs", "text\x00more", "", ErrNotText},
		{"mostly invalid", strings.Repeat("\xfd\xfe-", 50), "", ErrNotText},
		{"UTF-16 without a byte order mark", "N\x00o\x00", "", ErrNotText},
		{"UTF-16 LE", string(utf16LE), "Né\nx", nil},
		{"UTF-16 BE", string(utf16BE), "Né\nx", nil},
		{"UTF-16, odd length", string(utf16LE) + "y", "Né\nx\ufffd", nil},
		{"NUL after the sniffed part", strings.Repeat("a", SniffBytes) + "\x00\x00", strings.Repeat("a", SniffBytes) + "\x00\x00", nil},
		{"a character cut by the sample's end", strings.Repeat("a", SniffBytes-1) + "é", strings.Repeat("a", SniffBytes-1) + "é", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			br, err := Text(bufio.NewReaderSize(strings.NewReader(tt.in), 2*SniffBytes))
			if !errors.Is(err, tt.err) {
				t.Fatalf("Text = %v, want %v", err, tt.err)
			}
			if err != nil {
				return
			}
			got, err := io.ReadAll(br)
			if err != nil || string(got) != tt.want {
				t.Errorf("read %q (%v), want %q", got, err, tt.want)
			}
		})
	}
	_, err := Text(bufio.NewReader(iotest.ErrReader(errors.New("no such bucket"))))
	if err == nil || err.Error() != "read: no such bucket" {
		t.Errorf("Text of a failing reader = %v, want read: no such bucket", err)
	}
}

func TestMode(t *testing.T) {
	for _, m := range []Mode{Lines, JSONLines} {
		if got, ok := ParseMode(m.String()); !ok || got != m {
			t.Errorf("ParseMode(%q) = %v, %v", m.String(), got, ok)
		}
	}
	if _, ok := ParseMode("csv"); ok {
		t.Error(`ParseMode("csv") succeeded`)
	}
	if got := Mode(7).String(); got != "Mode(7)" {
		t.Errorf("Mode(7).String() = %q", got)
	}
}

func TestSizeName(t *testing.T) {
	for n, want := range map[int]string{16 << 20: "16 MiB", 3 << 10: "3 KiB", 1536 << 10: "1536 KiB", 1000: "1000 bytes", 0: "0 bytes"} {
		if got := SizeName(n); got != want {
			t.Errorf("SizeName(%d) = %q, want %q", n, got, want)
		}
	}
}

// refDocs is what LineReader must give for in, written the simple way:
// split on "\n", one "\r" dropped, the limit checked, the byte order mark
// dropped from line 1, blank lines skipped, lines that are not text
// refused, and with JSONLines the first other line checked for a {.
func refDocs(in string, mode Mode, max int) []doc {
	lines := strings.Split(in, "\n")
	if lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	var docs []doc
	warned, first := false, true
	for i, line := range lines {
		id := LineID("f", i+1)
		line = strings.TrimSuffix(line, "\r")
		if len(line) > max {
			docs = append(docs, doc{ID: id, Err: fmt.Sprintf("line longer than %s: skipped", SizeName(max))})
			first = false
			continue
		}
		if i == 0 {
			line = strings.TrimPrefix(line, "\ufeff")
		}
		if strings.TrimSpace(line) == "" {
			continue
		}
		wasFirst := first
		first = false
		if IsBinary([]byte(line)) {
			docs = append(docs, doc{ID: id, Err: ErrLineNotText.Error()})
			continue
		}
		if mode == JSONLines && wasFirst && !strings.HasPrefix(strings.TrimLeft(line, " \t\r"), "{") {
			return append(docs, doc{ID: "f", Err: notJSONLines([]byte(line)).Error()})
		}
		d := doc{ID: id, Text: line}
		if !warned && !utf8.ValidString(line) {
			warned = true
			d.Warning = fmt.Sprintf("%s (first at line %d)", WarnUTF8, i+1)
		}
		if mode == JSONLines {
			var err error
			d.ID, d.Text, err = FullJSONLine([]byte(line), id)
			if err != nil {
				d.Err = err.Error()
			}
		}
		docs = append(docs, d)
	}
	return docs
}

// FuzzLineReader checks LineReader against refDocs, in both modes, with a
// buffer smaller than the lines.
func FuzzLineReader(f *testing.F) {
	for _, s := range []string{"", "a\nb", "\ufeffa\r\n\n  \nb\r", "\xe9\n\xff", `{"id":"x","text":"y"}` + "\n" + `{"text":1}`, "123456789012\nab\r\r\n",
		"a\x00b\n\x00\x00\n", "[1]\n{}", " \t{\"text\":\"a\"}"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		for _, mode := range []Mode{Lines, JSONLines} {
			got := readAll(strings.NewReader(in), mode, 10, 16)
			want := refDocs(in, mode, 10)
			if !slices.Equal(got, want) {
				t.Fatalf("%v %q:\n got %v\nwant %v", mode, in, got, want)
			}
		}
	})
}
