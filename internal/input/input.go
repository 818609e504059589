// Package input cuts the inputs of the scoring programs into documents, the
// same way for every program that reads files: the scoring program
// (examples/score) and the pipeline (examples/beam). Both give a document the
// same id and the same text, and an input that cannot be read the same error
// record, so their outputs can be compared record for record.
//
// A stream is text, UTF-8 or UTF-16 with a byte order mark, or it is not
// (Text). A text stream is read as lines (LineReader): with Lines each
// non-blank line is a document with id NAME:LINE; with JSONLines each
// non-blank line is a JSON object with a "text" and an optional "id"
// (ParseJSONLine). A line longer than the limit, a line that is not text, a
// malformed JSON line or a read error becomes a document with an error, and
// the reading goes on with the next line; a JSON lines stream whose first
// line is not an object gets one error, and is not read further.
//
// Nothing here keeps or logs the texts it reads.
package input

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"strconv"
	"unicode/utf8"

	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
)

// Limits and thresholds.
const (
	// MaxLine is the default limit of a line, in bytes, without its line
	// ending.
	MaxLine = 16 << 20
	// SniffBytes is what Text looks at of a stream to tell text from
	// binary.
	SniffBytes = 8 << 10
	// A stream is binary when more than 3 of 10 bytes of its first
	// SniffBytes are not UTF-8. Random bytes are about half invalid; Latin-1
	// French text has a few per cent of invalid bytes, and is scored with a
	// warning.
	invalidShareNum, invalidShareDen = 3, 10
	// A stream is binary when more than 1 of 100 bytes of its first
	// SniffBytes are NUL: executables, databases and UTF-16 without a byte
	// order mark are full of them (UTF-16 ASCII text: half), while a text
	// file with a few stray NULs is still text, and is scored.
	nulShareNum, nulShareDen = 1, 100
)

// ErrNotText is the error for a stream that is not text, and ErrLineNotText
// for a line that is not.
var (
	ErrNotText     = errors.New("not a text file (NUL bytes or mostly invalid UTF-8): skipped")
	ErrLineNotText = errors.New("not a line of text (NUL bytes or mostly invalid UTF-8): skipped")
)

// WarnUTF8 is the warning for text that is not valid UTF-8. It is a warning,
// not an error: the text is scored as it is.
const WarnUTF8 = "not valid UTF-8 (Latin-1?): scored as is, words with accents may be missed"

// Mode is how a text stream is cut into documents.
type Mode int

// The modes.
const (
	Lines     Mode = iota // each non-blank line is a document
	JSONLines             // each non-blank line is a JSON object with a "text"
)

// String returns "lines" or "jsonl", the names ParseMode reads.
func (m Mode) String() string {
	switch m {
	case Lines:
		return "lines"
	case JSONLines:
		return "jsonl"
	}
	return "Mode(" + strconv.Itoa(int(m)) + ")"
}

// ParseMode returns the mode named "lines" or "jsonl".
func ParseMode(s string) (Mode, bool) {
	switch s {
	case "lines":
		return Lines, true
	case "jsonl":
		return JSONLines, true
	}
	return 0, false
}

// Text returns a reader of the text br reads: br itself, or, when the
// stream starts with a UTF-16 byte order mark, a reader of it decoded to
// UTF-8 (the mark dropped; what is not UTF-16, an odd last byte or a lone
// surrogate, replaced with U+FFFD). It tells text from binary by what the
// stream's first read gives, up to SniffBytes: all of it for a file, and no
// waiting for more on a pipe that trickles. It returns ErrNotText for a
// binary stream, or the read error ("read: ..."). It consumes nothing of a
// UTF-8 stream.
func Text(br *bufio.Reader) (*bufio.Reader, error) {
	head, err := sniff(br)
	if err != nil {
		return nil, fmt.Errorf("read: %w", UnwrapPath(err))
	}
	if isUTF16(head) {
		dec := unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM).NewDecoder()
		br = bufio.NewReaderSize(transform.NewReader(br, dec), 64<<10)
		if head, err = sniff(br); err != nil {
			return nil, fmt.Errorf("read: UTF-16: %w", UnwrapPath(err))
		}
	}
	if IsBinary(head) {
		return nil, ErrNotText
	}
	return br, nil
}

// sniff returns the start of br's input: what the first read gives, up to
// SniffBytes.
func sniff(br *bufio.Reader) ([]byte, error) {
	if _, err := br.Peek(1); err != nil && err != io.EOF {
		return nil, err
	}
	head, _ := br.Peek(min(br.Buffered(), SniffBytes))
	return head, nil
}

// isUTF16 reports whether head starts with a UTF-16 byte order mark, little
// or big endian.
func isUTF16(head []byte) bool {
	return bytes.HasPrefix(head, []byte{0xff, 0xfe}) || bytes.HasPrefix(head, []byte{0xfe, 0xff})
}

// IsBinary reports whether b, the start of a stream or a line, is not text:
// more than 1 in 100 of its bytes are NUL, or more than 3 in 10 are not
// UTF-8.
func IsBinary(b []byte) bool {
	if nul := bytes.Count(b, []byte{0}); nul*nulShareDen > len(b)*nulShareNum {
		return true
	}
	invalid := 0
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n == 1 {
			if !utf8.FullRune(b[i:]) {
				break // a character cut by the end of the sample
			}
			invalid++
		}
		i += n
	}
	return invalid*invalidShareDen > len(b)*invalidShareNum
}

// UnwrapPath drops the path from a *fs.PathError, for messages that already
// name the file.
func UnwrapPath(err error) error {
	if pe, ok := errors.AsType[*fs.PathError](err); ok {
		return fmt.Errorf("%s: %w", pe.Op, pe.Err)
	}
	return err
}

// SizeName writes a byte count in MiB or KiB when it is a whole number of
// them, or in bytes.
func SizeName(n int) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return strconv.Itoa(n>>20) + " MiB"
	case n >= 1<<10 && n%(1<<10) == 0:
		return strconv.Itoa(n>>10) + " KiB"
	}
	return strconv.Itoa(n) + " bytes"
}

// LineID is the id of line n (from 1) of the stream called name.
func LineID(name string, n int) string { return name + ":" + strconv.Itoa(n) }

// Doc is a document read from a line: a text to score, or an error.
type Doc struct {
	ID   string // NAME:LINE, the JSON line's "id", or NAME for an error about the whole stream
	Text string // when Err is nil
	Err  error  // why the line gives no text: the document's error record
	// Warning, when not empty, is about the stream (NAME), not the
	// document, and comes before it: the stream is not valid UTF-8. It is
	// given once per stream.
	Warning string
}

// LineReader cuts a text stream into documents, one per non-blank line. A
// byte order mark at the start of the stream is dropped, and so are the line
// endings ("\n" or "\r\n"). A line that is not text (IsBinary) gets
// ErrLineNotText. With JSONLines, a stream whose first non-blank line does
// not start with { is not JSON lines: it gets one error, with the stream's
// name for id, and the reading stops there. The zero value is not ready:
// call Reset.
//
// A LineReader is not safe for concurrent use; it keeps its line buffer from
// one stream to the next.
type LineReader struct {
	// Wait, when not nil, is called before a read that may wait for more
	// input (when no whole line is buffered); Next stops, returning false,
	// when it returns false. A program that batches documents flushes its
	// batch there, so that a slow stream is not held back.
	Wait func() bool

	name   string
	mode   Mode
	max    int
	br     *bufio.Reader
	buf    []byte
	n      int  // the line last read
	first  bool // no non-blank line yet
	warned bool // the stream's warning was given
	done   bool
}

// Reset makes l read the stream br, called name in ids, in mode, with lines
// of at most max bytes (without their line ending).
func (l *LineReader) Reset(name string, br *bufio.Reader, mode Mode, max int) {
	l.name, l.br, l.mode, l.max = name, br, mode, max
	l.n, l.first, l.warned, l.done = 0, true, false, false
}

// Next returns the next document, and false at the end of the stream. A read
// error gives a document with the error, and ends the stream.
func (l *LineReader) Next() (Doc, bool) {
	for !l.done {
		if l.Wait != nil && !lineBuffered(l.br) && !l.Wait() {
			l.done = true
			break
		}
		l.n++
		line, tooLong, err := ReadLine(l.br, l.max, l.buf)
		id := LineID(l.name, l.n)
		if err != nil {
			l.done = true
			if err != io.EOF {
				return Doc{ID: id, Err: fmt.Errorf("read: %w", UnwrapPath(err))}, true
			}
			if len(line) == 0 && !tooLong {
				break
			}
		}
		if tooLong {
			l.first = false
			return Doc{ID: id, Err: fmt.Errorf("line longer than %s: skipped", SizeName(l.max))}, true
		}
		l.buf = line[:0] // keep the grown buffer
		if d, ok := l.doc(id, line); ok {
			return d, true
		}
	}
	return Doc{}, false
}

// doc returns the document of the current line, or false for a blank line.
func (l *LineReader) doc(id string, line []byte) (Doc, bool) {
	if l.n == 1 {
		line = bytes.TrimPrefix(line, []byte("\ufeff"))
	}
	if len(bytes.TrimSpace(line)) == 0 {
		return Doc{}, false
	}
	first := l.first
	l.first = false
	valid := utf8.Valid(line)
	if (!valid || bytes.IndexByte(line, 0) >= 0) && IsBinary(line) {
		return Doc{ID: id, Err: ErrLineNotText}, true
	}
	if l.mode == JSONLines && first {
		if err := notJSONLines(line); err != nil {
			l.done = true
			return Doc{ID: l.name, Err: err}, true
		}
	}
	var d Doc
	if !valid && !l.warned {
		l.warned = true
		d.Warning = WarnUTF8 + " (first at line " + strconv.Itoa(l.n) + ")"
	}
	if l.mode == Lines {
		d.ID, d.Text = id, string(line)
		return d, true
	}
	d.ID, d.Text, d.Err = ParseJSONLine(line, id)
	return d, true
}

// notJSONLines returns an error, with a hint, when the first non-blank line
// of a JSON lines stream shows that the stream is not JSON lines: it does not
// start with {. A stream that does, but has malformed lines, gets an error
// for each of them.
func notJSONLines(first []byte) error {
	switch c := bytes.TrimLeft(first, " \t\r"); {
	case len(c) > 0 && c[0] == '{':
		return nil
	case len(c) > 0 && c[0] == '[':
		return errors.New("a JSON array, not JSON lines: skipped; write one object per line (jq -c '.[]')")
	}
	return errors.New("not JSON lines (the first line is not a JSON object): skipped; score plain text with -lines")
}

// lineBuffered reports whether br holds a whole line, so that reading it
// will not wait for input.
func lineBuffered(br *bufio.Reader) bool {
	buf, _ := br.Peek(br.Buffered())
	return bytes.IndexByte(buf, '\n') >= 0
}

// ReadLine reads a line without its line ending ("\n" or "\r\n") into buf.
// A line longer than max bytes is read to its end and dropped: tooLong is
// true. err is nil, io.EOF at the end of the input, or a read error.
func ReadLine(br *bufio.Reader, max int, buf []byte) (line []byte, tooLong bool, err error) {
	buf = buf[:0]
	for {
		frag, err := br.ReadSlice('\n')
		if !tooLong {
			if len(buf)+len(frag) > max+len("\r\n") {
				tooLong = true
				buf = buf[:0]
			} else {
				buf = append(buf, frag...)
			}
		}
		if errors.Is(err, bufio.ErrBufferFull) {
			continue
		}
		if tooLong {
			return nil, true, err
		}
		buf = bytes.TrimSuffix(buf, []byte("\n"))
		buf = bytes.TrimSuffix(buf, []byte("\r"))
		if len(buf) > max {
			return nil, true, err
		}
		return buf, false, err
	}
}
