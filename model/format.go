package model

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/vigie-project/vigie/lexicon"
)

// The model file format, version 1: UTF-8 text, one item a line, fields
// separated by one tab.
//
//	vigie-model	1
//	meta	<free text: how and on what the model was trained>   (any number, ≤ MaxMeta)
//	bias	<z of a text without features>
//	calibration	<a>	<b>                                    (Platt: p = sigmoid(a·z + b), a > 0)
//	thresholds	<medium>	<high>                           (calibrated probabilities, 0 < medium ≤ high < 1)
//	features	<n>
//	<feature>	<weight>                                       (n lines)
//
// Feature names start with their kind ("w:", "b:", "k:", "c:", "x:"), see
// Kind. The writer sorts features by name; the loader accepts any order but
// refuses duplicates.
const (
	magic   = "vigie-model"
	version = 1
)

// Limits of what Load accepts: far above a real model, low enough that a
// hostile file cannot exhaust memory.
const (
	MaxBytes    = 32 << 20 // size of a model file
	MaxFeatures = 1 << 20  // feature lines
	MaxMeta     = 256      // meta lines
	MaxWeight   = 30       // absolute value of a feature weight, the bias and b
	maxLine     = 1024     // bytes in one line
	maxName     = 200      // bytes in one feature name
)

// Errors wrapped by ParseError.
var (
	ErrVersion  = errors.New("model: not a vigie model or unsupported version")
	ErrSyntax   = errors.New("model: syntax error")
	ErrTooLarge = errors.New("model: file too large")
	ErrFeature  = errors.New("model: invalid feature")
	ErrNumber   = errors.New("model: invalid number")
)

// ParseError is an error in a model file, with its position.
type ParseError struct {
	File string // the name given to LoadFS, or "" for Load
	Line int    // 1-based line number; 0 when the error concerns the whole file
	Err  error  // what is wrong; wraps one of the Err* values
}

func (e *ParseError) Error() string {
	msg := strings.TrimPrefix(e.Err.Error(), "model: ")
	switch {
	case e.File == "" && e.Line > 0:
		return fmt.Sprintf("model: line %d: %s", e.Line, msg)
	case e.File == "":
		return "model: " + msg
	case e.Line > 0:
		return fmt.Sprintf("model: %s:%d: %s", e.File, e.Line, msg)
	}
	return fmt.Sprintf("model: %s: %s", e.File, msg)
}

// Unwrap returns the underlying error.
func (e *ParseError) Unwrap() error { return e.Err }

// Load reads a model in the format written by WriteTo and validates it. Its
// errors are *ParseError values that give the line ("model: line 42: ...").
func Load(r io.Reader) (*Model, error) { return load("", r) }

// LoadFS reads the model file name from fsys and validates it; errors name
// the file and line ("model: vigie.model:42: ...").
func LoadFS(fsys fs.FS, name string) (*Model, error) {
	f, err := fsys.Open(name)
	if err != nil {
		return nil, fmt.Errorf("model: %w", err)
	}
	defer f.Close()
	return load(name, f)
}

func load(name string, r io.Reader) (*Model, error) {
	fail := func(line int, err error) (*Model, error) { return nil, &ParseError{File: name, Line: line, Err: err} }
	// the whole file is read at once, and feature names are slices of it: a
	// model of 40,000 features loads without 40,000 allocations
	data, err := io.ReadAll(io.LimitReader(r, MaxBytes+1))
	if err != nil {
		return nil, &ParseError{File: name, Err: fmt.Errorf("model: %w", err)}
	}
	if len(data) > MaxBytes {
		return fail(bytes.Count(data[:MaxBytes], []byte("\n"))+1, ErrTooLarge)
	}
	rest := string(data)
	valid := utf8.ValidString(rest) // checked line by line only to say where it is not
	var (
		line                       int
		bias, calA, calB, med, hig float64
		seen                       = map[string]int{} // header key → line
		meta                       []string
		names                      []string
		weights                    []float32
		want                       = -1           // feature lines announced
		first                      map[string]int // feature → line, once names are out of order
	)
	for rest != "" {
		line++
		text := rest
		if i := strings.IndexByte(rest, '\n'); i >= 0 {
			text, rest = rest[:i], rest[i+1:]
		} else {
			rest = ""
		}
		text = strings.TrimSuffix(text, "\r")
		if len(text) > maxLine {
			return fail(line, fmt.Errorf("%w: line longer than %d bytes", ErrSyntax, maxLine))
		}
		if !valid && !utf8.ValidString(text) {
			return fail(line, fmt.Errorf("%w: invalid UTF-8", ErrSyntax))
		}
		if line == 1 {
			if text != magic+"\t"+strconv.Itoa(version) {
				return fail(line, fmt.Errorf("%w: first line must be %q, got %q", ErrVersion, magic+"\t1", clip(text)))
			}
			continue
		}
		if want >= 0 { // a feature line
			if len(names) == want {
				return fail(line, fmt.Errorf("%w: more feature lines than the %d announced", ErrSyntax, want))
			}
			f, ws, ok := strings.Cut(text, "\t")
			if !ok {
				return fail(line, fmt.Errorf("%w: want feature<TAB>weight", ErrSyntax))
			}
			w, err := parseNumber(ws)
			if err != nil {
				return fail(line, err)
			}
			if err := checkFeature(f, w); err != nil {
				return fail(line, err)
			}
			// the writer sorts names: a duplicate is then the previous name;
			// a file out of order is checked with a map
			if n := len(names); first == nil && n > 0 && f <= names[n-1] {
				first = make(map[string]int, want)
				for i, g := range names {
					first[g] = line - n + i
				}
			}
			if first != nil {
				if l, dup := first[f]; dup {
					return fail(line, fmt.Errorf("%w: duplicate feature %q (first on line %d)", ErrFeature, f, l))
				}
				first[f] = line
			}
			names = append(names, f)
			weights = append(weights, float32(w))
			continue
		}
		cols := strings.Split(text, "\t")
		key := cols[0]
		if key != "meta" {
			if l, dup := seen[key]; dup {
				return fail(line, fmt.Errorf("%w: %q given twice (first on line %d)", ErrSyntax, key, l))
			}
			seen[key] = line
		}
		nums := func(n int) ([]float64, error) {
			if len(cols) != n+1 {
				return nil, fmt.Errorf("%w: %q wants %d value(s), got %d", ErrSyntax, key, n, len(cols)-1)
			}
			out := make([]float64, n)
			for i := range out {
				v, err := parseNumber(cols[i+1])
				if err != nil {
					return nil, err
				}
				out[i] = v
			}
			return out, nil
		}
		switch key {
		case "meta":
			if len(meta) == MaxMeta {
				return fail(line, fmt.Errorf("%w: more than %d meta lines", ErrSyntax, MaxMeta))
			}
			_, v, _ := strings.Cut(text, "\t")
			if strings.ContainsFunc(v, isControl) {
				return fail(line, fmt.Errorf("%w: control character in meta", ErrSyntax))
			}
			meta = append(meta, v)
		case "bias":
			v, err := nums(1)
			if err != nil {
				return fail(line, err)
			}
			bias = v[0]
		case "calibration":
			v, err := nums(2)
			if err != nil {
				return fail(line, err)
			}
			calA, calB = v[0], v[1]
		case "thresholds":
			v, err := nums(2)
			if err != nil {
				return fail(line, err)
			}
			med, hig = v[0], v[1]
		case "features":
			if len(cols) != 2 {
				return fail(line, fmt.Errorf("%w: \"features\" wants a count", ErrSyntax))
			}
			n, err := strconv.Atoi(cols[1])
			if err != nil || n < 0 || n > MaxFeatures {
				return fail(line, fmt.Errorf("%w: feature count %q must be an integer in [0, %d]", ErrSyntax, clip(cols[1]), MaxFeatures))
			}
			for _, k := range []string{"bias", "calibration", "thresholds"} {
				if _, ok := seen[k]; !ok {
					return fail(line, fmt.Errorf("%w: %q must come before \"features\"", ErrSyntax, k))
				}
			}
			if err := checkParams(bias, calA, calB, med, hig); err != nil {
				return fail(line, err)
			}
			want = n
			names = make([]string, 0, min(n, 1<<16))
			weights = make([]float32, 0, min(n, 1<<16))
		default:
			return fail(line, fmt.Errorf("%w: unknown line %q", ErrSyntax, clip(key)))
		}
	}
	switch {
	case line == 0:
		return fail(0, fmt.Errorf("%w: empty file", ErrVersion))
	case want < 0:
		return fail(line, fmt.Errorf("%w: no \"features\" line", ErrSyntax))
	case len(names) != want:
		return fail(line, fmt.Errorf("%w: %d feature lines, %d announced", ErrSyntax, len(names), want))
	}
	m, err := newModel(names, weights, bias, calA, calB, med, hig, meta, first == nil)
	if err != nil {
		return fail(0, err)
	}
	return m, nil
}

func isControl(r rune) bool { return r < ' ' || r == 0x7f }

func clip(s string) string {
	if len(s) > 40 {
		return s[:40] + "…"
	}
	return s
}

// parseNumber parses a finite decimal number.
func parseNumber(s string) (float64, error) {
	if v, ok := parseShortDecimal(s); ok {
		return v, nil
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, fmt.Errorf("%w: %q", ErrNumber, clip(s))
	}
	return v, nil
}

// pow10 are the powers of ten that a float64 holds exactly.
var pow10 = [...]float64{1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15}

// parseShortDecimal parses the common form of a weight, [-]digits[.digits]
// with at most 15 digits, as ParseFloat would: the digits make an integer
// that a float64 holds exactly, and one division by an exact power of ten
// rounds once, correctly. It reports false for any other form (exponents,
// more digits), which ParseFloat then reads. It made loading the default
// model 9.7 → 8.4 ms in one measurement (BenchmarkLoadDefault).
func parseShortDecimal(s string) (float64, bool) {
	neg := false
	if len(s) > 0 && s[0] == '-' {
		neg, s = true, s[1:]
	}
	var mant uint64
	digits, frac, dot := 0, 0, false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= '0' && c <= '9':
			mant = mant*10 + uint64(c-'0')
			digits++
			if dot {
				frac++
			}
		case c == '.' && !dot:
			dot = true
		default:
			return 0, false
		}
	}
	if digits == 0 || digits > 15 || dot && frac == 0 || s[0] == '.' {
		return 0, false
	}
	v := float64(mant) / pow10[frac]
	if neg {
		v = -v
	}
	return v, true
}

// checkParams validates the bias, calibration and thresholds.
func checkParams(bias, calA, calB, medium, high float64) error {
	fin := func(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }
	switch {
	case !fin(bias) || math.Abs(bias) > MaxWeight:
		return fmt.Errorf("%w: bias %g must be within ±%d", ErrNumber, bias, MaxWeight)
	case !fin(calA) || !(calA > 0) || calA > MaxWeight:
		return fmt.Errorf("%w: calibration slope %g must be in (0, %d]", ErrNumber, calA, MaxWeight)
	case !fin(calB) || math.Abs(calB) > MaxWeight:
		return fmt.Errorf("%w: calibration intercept %g must be within ±%d", ErrNumber, calB, MaxWeight)
	case !(medium > 0 && medium < 1 && high > 0 && high < 1):
		return fmt.Errorf("%w: thresholds %g and %g must be probabilities in (0, 1)", ErrNumber, medium, high)
	case medium > high:
		return fmt.Errorf("%w: medium threshold %g is above high threshold %g", ErrNumber, medium, high)
	}
	return nil
}

// checkFeature validates a feature name and its weight.
func checkFeature(name string, w float64) error {
	if math.IsNaN(w) || math.IsInf(w, 0) || math.Abs(w) > MaxWeight {
		return fmt.Errorf("%w: weight %g of %q must be within ±%d", ErrNumber, w, clip(name), MaxWeight)
	}
	k := KindOf(name)
	if k == 0 {
		return fmt.Errorf("%w %q: the name must start with a kind prefix (w:, b:, k:, c: or x:)", ErrFeature, clip(name))
	}
	if len(name) > maxName {
		return fmt.Errorf("%w %q: longer than %d bytes", ErrFeature, clip(name), maxName)
	}
	v := name[2:]
	switch k {
	case Word, Pair:
		spaces := 0
		for i := 0; i < len(v); i++ {
			c := v[i]
			if c <= ' ' && c != ' ' || c >= 0x7f {
				return fmt.Errorf("%w %q: words are printable ASCII", ErrFeature, clip(name))
			}
			if c == ' ' {
				spaces++
			}
		}
		if k == Word && spaces != 0 || k == Pair && (spaces != 1 || v[0] == ' ' || v[len(v)-1] == ' ') {
			return fmt.Errorf("%w %q: a word has no space, a pair has two words", ErrFeature, clip(name))
		}
	case Concept:
		for i := 0; i < len(v); i++ {
			if c := v[i]; !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-') {
				return fmt.Errorf("%w %q: concepts are a-z, 0-9 and -", ErrFeature, clip(name))
			}
		}
	case Category, Context:
		c, ok := lexicon.ParseCategory(v)
		if !ok || (c.Class() == lexicon.Context) != (k == Context) {
			return fmt.Errorf("%w %q: not a lexicon %s category", ErrFeature, clip(name), map[bool]string{true: "context", false: "signal or component"}[k == Context])
		}
	}
	return nil
}

// WriteTo writes the model in its text format, features sorted by name. The
// same model always gives the same bytes.
func (m *Model) WriteTo(w io.Writer) (int64, error) {
	cw := &countWriter{w: w}
	bw := bufio.NewWriter(cw)
	f := func(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }
	fmt.Fprintf(bw, "%s\t%d\n", magic, version)
	for _, s := range m.meta {
		fmt.Fprintf(bw, "meta\t%s\n", s)
	}
	fmt.Fprintf(bw, "bias\t%s\n", f(m.bias))
	fmt.Fprintf(bw, "calibration\t%s\t%s\n", f(m.calA), f(m.calB))
	fmt.Fprintf(bw, "thresholds\t%s\t%s\n", f(m.medium), f(m.high))
	fmt.Fprintf(bw, "features\t%d\n", len(m.names))
	for i, name := range m.names {
		bw.WriteString(name)
		bw.WriteByte('\t')
		bw.WriteString(strconv.FormatFloat(float64(m.weights[i]), 'g', -1, 32))
		bw.WriteByte('\n')
	}
	if err := bw.Flush(); err != nil {
		return cw.n, err
	}
	return cw.n, cw.err
}

type countWriter struct {
	w   io.Writer
	n   int64
	err error
}

func (c *countWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	if err != nil && c.err == nil {
		c.err = err
	}
	return n, err
}
