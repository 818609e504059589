// Package record formats the records of scored documents, the same way for
// every program that writes them: the scoring program (examples/score), the
// server (examples/serve) and the pipeline (examples/beam). A record is
// either a scored document or an error, as a JSON object or as text for
// people.
//
// JSON records are classify.Result.AppendRecord's object, "id" first; an
// error record is {"id":ID,"error":MESSAGE}. Neither escapes <, > and &.
package record

import (
	"bytes"
	"encoding/json"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/vigie-project/vigie/classify"
)

// AppendJSON appends the JSON record of a scored document, without a line
// break. It does not allocate when dst has room.
func AppendJSON(dst []byte, id string, r *classify.Result) []byte { return r.AppendRecord(dst, id) }

// errorJSON is the JSON record of a document that could not be read or
// scored.
type errorJSON struct {
	ID    string `json:"id"`
	Error string `json:"error"`
}

// AppendErrorJSON appends the JSON record of a document that could not be
// read or scored, without a line break.
func AppendErrorJSON(dst []byte, id, msg string) []byte {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	// Two strings always encode: an error here is a programming error.
	if err := enc.Encode(errorJSON{ID: id, Error: msg}); err != nil {
		panic("record: encoding an error record: " + err.Error())
	}
	return append(dst, bytes.TrimSuffix(b.Bytes(), []byte("\n"))...)
}

// AppendText appends a scored document formatted for people:
//
//	ID: LEVEL score=S lang=L
//	  RATIONALE
//	  [CATEGORY] "TEXT" (START-END) weight=W [base=B] [repeat] [disguise=D,...] source=REF
//	    part [CATEGORY] "TEXT" (START-END) strength=W source=REF
//	  context KIND "TEXT" (START-END) effect=E source=REF
//
// and a document at level none on one line, "ID: none". Only the first line
// of a block is not indented, so grep -v '^ ' lists the documents. Texts are
// quoted as Go quotes strings (strconv.Quote). Every line ends with a line
// break.
func AppendText(dst []byte, id string, r *classify.Result) []byte {
	dst = append(append(append(dst, ShowID(id)...), ": "...), r.Level.String()...)
	if r.Level == classify.None {
		return append(dst, '\n')
	}
	dst = appendNum(append(dst, " score="...), r.Score)
	dst = append(append(append(dst, " lang="...), r.Lang.String()...), "\n  "...)
	dst = append(append(dst, OneLine(r.Rationale)...), '\n')
	for i := range r.Signals {
		s := &r.Signals[i]
		dst = appendTextSpan(append(append(append(dst, "  ["...), s.Category.String()...), ']'), s.Text, s.Start, s.End)
		dst = appendNum(append(dst, " weight="...), s.Weight)
		if s.Base != s.Weight {
			dst = appendNum(append(dst, " base="...), s.Base)
		}
		if s.Repeat {
			dst = append(dst, " repeat"...)
		}
		first := true
		for d := range s.Disguise.Each {
			if first {
				dst = append(dst, " disguise="...)
			} else {
				dst = append(dst, ',')
			}
			first = false
			dst = append(dst, d.Name()...)
		}
		dst = append(append(append(dst, " source="...), OneLine(s.Source)...), '\n')
		for k := range s.Parts {
			pt := &s.Parts[k]
			dst = appendTextSpan(append(append(append(dst, "    part ["...), pt.Category.String()...), ']'), pt.Text, pt.Start, pt.End)
			dst = appendNum(append(dst, " strength="...), pt.Weight)
			dst = append(append(append(dst, " source="...), OneLine(pt.Source)...), '\n')
		}
	}
	for i := range r.Context {
		c := &r.Context[i]
		dst = appendTextSpan(append(append(dst, "  context "...), c.Kind.String()...), c.Text, c.Start, c.End)
		dst = appendNum(append(dst, " effect="...), c.Effect)
		dst = append(append(append(dst, " source="...), OneLine(c.Source)...), '\n')
	}
	return dst
}

// AppendErrorText appends the text record of a document that could not be
// read or scored: "ID: error: MESSAGE" and a line break.
func AppendErrorText(dst []byte, id, msg string) []byte {
	return append(append(append(append(dst, ShowID(id)...), ": error: "...), OneLine(msg)...), '\n')
}

// appendTextSpan appends ` "TEXT" (START-END)`.
func appendTextSpan(dst []byte, text string, start, end int) []byte {
	dst = strconv.AppendQuote(append(dst, ' '), text)
	dst = strconv.AppendInt(append(dst, " ("...), int64(start), 10)
	dst = strconv.AppendInt(append(dst, '-'), int64(end), 10)
	return append(dst, ')')
}

// appendNum appends a number as briefly as it can be read back.
func appendNum(dst []byte, x float64) []byte { return strconv.AppendFloat(dst, x, 'f', -1, 64) }

// ShowID returns id as is, or quoted when it is empty or has spaces, quotes
// or characters that would break a line.
func ShowID(id string) string {
	if id == "" || !utf8.ValidString(id) || strings.ContainsFunc(id, func(r rune) bool {
		return r == '"' || unicode.IsSpace(r) || !unicode.IsPrint(r)
	}) {
		return strconv.Quote(id)
	}
	return id
}

// OneLine replaces control characters, line breaks included, with spaces.
func OneLine(s string) string {
	if !strings.ContainsFunc(s, unicode.IsControl) {
		return s
	}
	return strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return ' '
		}
		return r
	}, s)
}
