package classify

import (
	"math"
	"strconv"
	"unicode/utf8"
)

// AppendJSON appends r to dst as one JSON object, without a line break, and
// returns the extended slice. It does not allocate when dst has room, and is
// several times faster than encoding/json (BenchmarkAppendJSON), for callers
// that store or send every result.
//
// The bytes are those encoding/json writes for r with HTML escaping off
// (json.Encoder.SetEscapeHTML(false)), with two exceptions that keep every
// record in one shape: an empty list is always [] (encoding/json writes a nil
// one as null), and a number that is not finite, which a Result never holds,
// is written as null (encoding/json fails).
func (r *Result) AppendJSON(dst []byte) []byte {
	dst = appendStringMember(dst, `{"lang":`, r.Lang.String())
	dst = appendStringMember(dst, `,"level":`, r.Level.String())
	dst = appendNumberMember(dst, `,"score":`, r.Score)
	dst = appendScores(append(dst, `,"scores":`...), &r.Scores)
	dst = appendNumberMember(dst, `,"weight":`, r.Weight)
	dst = append(dst, `,"signals":[`...)
	for i := range r.Signals {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = r.Signals[i].appendJSON(dst)
	}
	dst = append(dst, `],"context":`...)
	dst = appendContexts(dst, r.Context)
	if m := r.Model; m != nil {
		dst = m.Extremism.appendJSON(append(dst, `,"model":{"extremism":`...))
		dst = m.Violence.appendJSON(append(dst, `,"violence":`...))
		dst = m.Hate.appendJSON(append(dst, `,"hate":`...))
		dst = append(dst, `,"features":[`...)
		for i := range m.Features {
			f := &m.Features[i]
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = appendStringMember(dst, `{"name":`, f.Name)
			dst = appendStringMember(dst, `,"text":`, f.Text)
			dst = appendSpan(dst, f.Start, f.End)
			dst = appendScores(append(dst, `,"weights":`...), &f.Weights)
			dst = append(dst, '}')
		}
		dst = append(dst, `],"framing":`...)
		dst = appendContexts(dst, m.Framing)
		dst = append(dst, `,"raised":`...)
		dst = strconv.AppendBool(dst, m.Raised)
		dst = append(dst, '}')
	}
	dst = appendStringMember(dst, `,"rationale":`, r.Rationale)
	if r.Truncated {
		dst = append(dst, `,"truncated":true`...)
	}
	return append(dst, '}')
}

// AppendRecord appends the record of a document identified by id: the
// object AppendJSON writes, with "id" as its first member. This is the
// record of the scoring program's JSON and JSON-lines output, and of the
// server and pipeline built on it.
func (r *Result) AppendRecord(dst []byte, id string) []byte {
	dst = appendStringMember(dst, `{"id":`, id)
	n := len(dst)
	dst = r.AppendJSON(dst)
	dst[n] = ',' // AppendJSON's opening brace: its members follow the id's
	return dst
}

// appendScores appends the three scores as a JSON object.
func appendScores(dst []byte, s *Scores) []byte {
	dst = appendNumberMember(dst, `{"extremism":`, s.Extremism)
	dst = appendNumberMember(dst, `,"violence":`, s.Violence)
	dst = appendNumberMember(dst, `,"hate":`, s.Hate)
	return append(dst, '}')
}

func (h *Head) appendJSON(dst []byte) []byte {
	dst = appendNumberMember(dst, `{"z":`, h.Z)
	dst = appendNumberMember(dst, `,"probability":`, h.Probability)
	dst = appendNumberMember(dst, `,"text_z":`, h.TextZ)
	dst = appendNumberMember(dst, `,"bias":`, h.Bias)
	dst = appendNumberMember(dst, `,"rest":`, h.Rest)
	dst = appendNumberMember(dst, `,"framing":`, h.Framing)
	dst = appendSpan(dst, h.Start, h.End)
	return append(dst, '}')
}

func (s *Signal) appendJSON(dst []byte) []byte {
	dst = appendStringMember(dst, `{"category":`, s.Category.String())
	dst = appendStringMember(dst, `,"concept":`, s.Concept)
	dst = appendStringMember(dst, `,"text":`, s.Text)
	dst = appendSpan(dst, s.Start, s.End)
	dst = appendNumberMember(dst, `,"weight":`, s.Weight)
	dst = appendNumberMember(dst, `,"base":`, s.Base)
	dst = appendStringMember(dst, `,"source":`, s.Source)
	dst = appendStringMember(dst, `,"id":`, s.ID)
	dst = append(dst, `,"disguise":[`...)
	first := true
	for d := range s.Disguise.Each {
		if !first {
			dst = append(dst, ',')
		}
		first = false
		dst = appendJSONString(dst, d.Name())
	}
	dst = append(dst, ']')
	if len(s.Parts) > 0 {
		dst = append(dst, `,"parts":[`...)
		for i := range s.Parts {
			p := &s.Parts[i]
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = appendStringMember(dst, `{"category":`, p.Category.String())
			dst = appendStringMember(dst, `,"concept":`, p.Concept)
			dst = appendStringMember(dst, `,"text":`, p.Text)
			dst = appendSpan(dst, p.Start, p.End)
			dst = appendNumberMember(dst, `,"weight":`, p.Weight)
			dst = appendStringMember(dst, `,"source":`, p.Source)
			dst = appendStringMember(dst, `,"id":`, p.ID)
			dst = append(dst, '}')
		}
		dst = append(dst, ']')
	}
	dst = append(dst, `,"repeat":`...)
	dst = strconv.AppendBool(dst, s.Repeat)
	return append(dst, '}')
}

func appendContexts(dst []byte, cs []Context) []byte {
	dst = append(dst, '[')
	for i := range cs {
		c := &cs[i]
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = appendStringMember(dst, `{"kind":`, c.Kind.String())
		dst = appendStringMember(dst, `,"text":`, c.Text)
		dst = appendSpan(dst, c.Start, c.End)
		dst = appendNumberMember(dst, `,"effect":`, c.Effect)
		dst = appendNumberMember(dst, `,"share":`, c.Share)
		dst = appendStringMember(dst, `,"source":`, c.Source)
		dst = appendStringMember(dst, `,"id":`, c.ID)
		dst = append(dst, '}')
	}
	return append(dst, ']')
}

// appendStringMember appends a member: key (its name, with the comma or
// brace before it, and the colon), then s as a JSON string.
func appendStringMember(dst []byte, key, s string) []byte {
	return appendJSONString(append(dst, key...), s)
}

// appendNumberMember appends a member whose value is a number.
func appendNumberMember(dst []byte, key string, x float64) []byte {
	return appendJSONFloat(append(dst, key...), x)
}

// appendSpan appends the "start" and "end" members.
func appendSpan(dst []byte, start, end int) []byte {
	dst = append(dst, `,"start":`...)
	dst = strconv.AppendInt(dst, int64(start), 10)
	dst = append(dst, `,"end":`...)
	return strconv.AppendInt(dst, int64(end), 10)
}

// appendJSONFloat appends x as encoding/json writes a float64: the shortest
// decimal that reads back as x, in exponent form below 1e-6 and from 1e21,
// with the exponent unpadded ("1e-7"). Not finite: null.
func appendJSONFloat(dst []byte, x float64) []byte {
	if math.IsInf(x, 0) || math.IsNaN(x) {
		return append(dst, "null"...)
	}
	if dst, ok := appendFourDecimals(dst, x); ok {
		return dst
	}
	format := byte('f')
	if abs := math.Abs(x); abs != 0 && (abs < 1e-6 || abs >= 1e21) {
		format = 'e'
	}
	dst = strconv.AppendFloat(dst, x, format, -1, 64)
	if format == 'e' {
		if n := len(dst); n >= 4 && dst[n-4] == 'e' && dst[n-3] == '-' && dst[n-2] == '0' {
			dst[n-2] = dst[n-1]
			dst = dst[:n-1]
		}
	}
	return dst
}

// appendFourDecimals appends x when it is the double nearest to a number
// of at most four decimals, k/10⁴, as most of a result's numbers are
// (classify rounds them so). The shortest decimal that reads back as x is
// then k/10⁴ itself: any other decimal as short lies at least 10⁻⁴ away,
// far beyond the rounding error of numbers below 10¹¹. It reports false for
// the other numbers, and for zeros, whose sign strconv keeps.
func appendFourDecimals(dst []byte, x float64) ([]byte, bool) {
	if !(math.Abs(x) < 1e11) || x == 0 { // NaN fails too
		return dst, false
	}
	s := x * 1e4
	n := int64(s + math.Copysign(0.5, s)) // the nearest integer; any that passes the test below will do
	if float64(n)/1e4 != x {
		return dst, false
	}
	if n < 0 {
		dst = append(dst, '-')
		n = -n
	}
	dst = strconv.AppendInt(dst, n/10000, 10)
	frac := n % 10000
	if frac == 0 {
		return dst, true
	}
	digits := [5]byte{'.', byte('0' + frac/1000), byte('0' + frac/100%10), byte('0' + frac/10%10), byte('0' + frac%10)}
	end := len(digits)
	for digits[end-1] == '0' {
		end--
	}
	return append(dst, digits[:end]...), true
}

const hexDigits = "0123456789abcdef"

// appendJSONString appends s as a JSON string, escaped as encoding/json
// escapes it with HTML escaping off: quotation mark, backslash and control
// characters; invalid UTF-8 as \ufffd; U+2028 and U+2029 as \u2028, \u2029.
func appendJSONString(dst []byte, s string) []byte {
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(s); {
		b := s[i]
		if b < utf8.RuneSelf {
			if b >= 0x20 && b != '"' && b != '\\' {
				i++
				continue
			}
			dst = append(dst, s[start:i]...)
			switch b {
			case '"', '\\':
				dst = append(dst, '\\', b)
			case '\b':
				dst = append(dst, '\\', 'b')
			case '\f':
				dst = append(dst, '\\', 'f')
			case '\n':
				dst = append(dst, '\\', 'n')
			case '\r':
				dst = append(dst, '\\', 'r')
			case '\t':
				dst = append(dst, '\\', 't')
			default:
				dst = append(dst, '\\', 'u', '0', '0', hexDigits[b>>4], hexDigits[b&0xF])
			}
			i++
			start = i
			continue
		}
		c, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case c == utf8.RuneError && size == 1:
			dst = append(dst, s[start:i]...)
			dst = append(dst, `\ufffd`...)
		case c == '\u2028' || c == '\u2029':
			dst = append(dst, s[start:i]...)
			dst = append(dst, '\\', 'u', '2', '0', '2', hexDigits[c&0xF])
		default:
			i += size
			continue
		}
		i += size
		start = i
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"')
}
