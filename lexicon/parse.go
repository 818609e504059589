package lexicon

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/vigie-project/vigie/tokenize"
)

// Errors that loading can return, wrapped in a *ParseError that says where.
var (
	ErrHeader    = errors.New("lexicon: bad header")
	ErrColumns   = errors.New("lexicon: wrong number of columns")
	ErrCategory  = errors.New("lexicon: unknown category")
	ErrWeight    = errors.New("lexicon: bad weight")
	ErrNote      = errors.New("lexicon: empty note")
	ErrConcept   = errors.New("lexicon: bad concept")
	ErrTerm      = errors.New("lexicon: bad term")
	ErrDuplicate = errors.New("lexicon: duplicate entry")
	ErrRule      = errors.New("lexicon: bad rule")
	ErrTooLarge  = errors.New("lexicon: too large")
	ErrEncoding  = errors.New("lexicon: not UTF-8 text")
	ErrEmpty     = errors.New("lexicon: no entries")
)

// Limits on files from users, who may hand over anything.
const (
	MaxFileBytes = 64 << 20 // largest file: far above any real lexicon
	MaxLineBytes = 4096     // longest line
	MaxEntries   = 200_000  // entries and rules in one lexicon, all files together
	maxTermWords = 12       // words in one phrase
	maxWordBytes = 64       // bytes in the normal form of one word of a term
)

// errFileTooLarge is what boundedReader returns past MaxFileBytes.
var errFileTooLarge = errors.New("lexicon: file too large")

// boundedReader reads at most left bytes of r, then fails with
// errFileTooLarge if there is more.
type boundedReader struct {
	r    io.Reader
	left int64
	over bool // r has more than the limit
}

func (b *boundedReader) Read(p []byte) (int, error) {
	if b.left <= 0 {
		// there may be nothing left to read: look before failing
		var one [1]byte
		n, err := b.r.Read(one[:])
		if n > 0 {
			b.over = true
			return 0, errFileTooLarge
		}
		return 0, err
	}
	if int64(len(p)) > b.left {
		p = p[:b.left]
	}
	n, err := b.r.Read(p)
	b.left -= int64(n)
	return n, err
}

// ParseError is an error in a lexicon file, with its position.
type ParseError struct {
	File string // the file name as given to the loader
	Line int    // 1-based line number; 0 when the error concerns the whole file
	Err  error  // what is wrong; wraps one of the Err* values
}

func (e *ParseError) Error() string {
	msg := strings.TrimPrefix(e.Err.Error(), "lexicon: ")
	switch {
	case e.Line > 0:
		return fmt.Sprintf("lexicon: %s:%d: %s", e.File, e.Line, msg)
	case e.File == "":
		return "lexicon: " + msg
	}
	return fmt.Sprintf("lexicon: %s: %s", e.File, msg)
}

// Unwrap returns the underlying error.
func (e *ParseError) Unwrap() error { return e.Err }

// The headers of the two kinds of file.
const (
	entryHeader = "term\tconcept\tcategory\tweight\tnote"
	ruleHeader  = "name\tpattern\tcategory\tweight\twindow\tnote"
)

// Entry is one line of a lexicon: a term, what it means and why it is there.
type Entry struct {
	Term     string   // the term as written in the file
	Concept  string   // language-neutral concept identifier
	Category Category // what the term signals
	Weight   float64  // contribution (signals), strength (components) or share removed (context)
	Note     string   // why the term is there
	File     string   // the file it came from
	Line     int      // its line in that file
	Ref      string   // "file:line", for people: it moves when lines are added above
	ID       string   // stable identifier: the file's name without extension, "-", and 8 hexadecimal digits of a hash of the category and the normalised term; it survives edits elsewhere in the file

	words []word // the term's normalised words
}

// word is one word of a term's pattern.
type word struct {
	key    string // normal form
	kind   tokenize.Kind
	prefix bool // matches every word that starts with key
	gap    bool // up to maxGap other tokens may come before it
}

// maxGap is how many tokens "..." in a term can skip.
const maxGap = 3

// Rule joins components into a signal: Pattern's categories must appear in
// that order in one sentence, each within Window tokens of the previous one.
type Rule struct {
	Name     string     // identifier, unique in a lexicon
	Pattern  []Category // components, in order
	Category Category   // the signal the rule makes
	Weight   float64    // the signal's weight before the components' strengths
	Window   int        // largest distance in tokens between consecutive components
	// AtSentenceStart (a pattern that begins with "^") requires the first
	// component to open its sentence: the position of an imperative.
	AtSentenceStart bool
	Note            string // why the rule is there
	File            string // the file it came from
	Line            int    // its line in that file
	Ref             string // "file:line name", for people: it moves when lines are added above
	ID              string // stable identifier: "rule-" and the name
}

// file is what one file holds.
type file struct {
	entries []Entry
	rules   []Rule
}

// parse reads one lexicon or rule file. name is used in errors; room is how
// many entries and rules the file may hold (MaxEntries less what other files
// of the same lexicon hold).
func parse(r io.Reader, name string, room int) (file, error) {
	var f file
	br := &boundedReader{r: r, left: MaxFileBytes}
	sc := bufio.NewScanner(br)
	sc.Buffer(make([]byte, 0, MaxLineBytes+2), MaxLineBytes+2)
	lineNo := 0
	header := ""
	perr := func(err error) error { return &ParseError{File: name, Line: lineNo, Err: err} }
	consumed := 0
	for sc.Scan() {
		lineNo++
		consumed += len(sc.Bytes()) + 1
		if consumed > MaxFileBytes && br.over {
			// the file goes on past the limit, in the middle of this line
			return f, perr(fmt.Errorf("%w: the file is larger than %d bytes", ErrTooLarge, MaxFileBytes))
		}
		line := strings.TrimSuffix(sc.Text(), "\r")
		if lineNo == 1 {
			line = strings.TrimPrefix(line, "\ufeff")
		}
		if !utf8.ValidString(line) {
			return f, perr(ErrEncoding)
		}
		if k := strings.IndexFunc(line, isControl); k >= 0 {
			r, _ := utf8.DecodeRuneInString(line[k:])
			return f, perr(fmt.Errorf("%w: control character %U in column %d", ErrEncoding, r, strings.Count(line[:k], "\t")+1))
		}
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if header == "" {
			switch line {
			case entryHeader, ruleHeader:
				header = line
				continue
			}
			return f, perr(fmt.Errorf("%w: want %q or %q, got %q", ErrHeader, entryHeader, ruleHeader, clip(line)))
		}
		if len(f.entries)+len(f.rules) >= room {
			return f, perr(fmt.Errorf("%w: more than %d entries in all", ErrTooLarge, MaxEntries))
		}
		if header == entryHeader {
			e, err := parseEntry(line)
			if err != nil {
				return f, perr(err)
			}
			e.File, e.Line = name, lineNo
			e.Ref = fmt.Sprintf("%s:%d", name, lineNo)
			f.entries = append(f.entries, e)
		} else {
			r, err := parseRule(line)
			if err != nil {
				return f, perr(err)
			}
			r.File, r.Line = name, lineNo
			r.Ref = fmt.Sprintf("%s:%d %s", name, lineNo, r.Name)
			f.rules = append(f.rules, r)
		}
	}
	if err := sc.Err(); err != nil {
		if errors.Is(err, bufio.ErrTooLong) {
			lineNo++
			return f, perr(fmt.Errorf("%w: a line is longer than %d bytes", ErrTooLarge, MaxLineBytes))
		}
		if errors.Is(err, errFileTooLarge) {
			lineNo++
			return f, perr(fmt.Errorf("%w: the file is larger than %d bytes", ErrTooLarge, MaxFileBytes))
		}
		return f, &ParseError{File: name, Err: err}
	}
	if header == "" {
		lineNo = 0
		return f, perr(fmt.Errorf("%w: no header line", ErrHeader))
	}
	return f, nil
}

func clip(s string) string {
	if len(s) > 60 {
		s = s[:60]
		for !utf8.ValidString(s) {
			s = s[:len(s)-1]
		}
		return s + "…"
	}
	return s
}

func parseEntry(line string) (Entry, error) {
	cols := strings.Split(line, "\t")
	if len(cols) != 5 {
		return Entry{}, fmt.Errorf("%w: want 5 tab-separated columns (term, concept, category, weight, note), got %d", ErrColumns, len(cols))
	}
	e := Entry{Term: strings.TrimSpace(cols[0]), Concept: strings.TrimSpace(cols[1]), Note: strings.TrimSpace(cols[4])}
	cat, ok := ParseCategory(strings.TrimSpace(cols[2]))
	if !ok {
		return e, fmt.Errorf("%w %q", ErrCategory, clip(cols[2]))
	}
	e.Category = cat
	w, err := parseWeight(cols[3], cat)
	if err != nil {
		return e, err
	}
	e.Weight = w
	if !validConcept(e.Concept) {
		return e, fmt.Errorf("%w %q: use lower-case letters a-z, digits and hyphens", ErrConcept, clip(e.Concept))
	}
	if e.Note == "" {
		return e, ErrNote
	}
	words, err := compileTerm(e.Term)
	if err != nil {
		return e, err
	}
	e.words = words
	return e, nil
}

// isControl reports whether r is a control character other than the tab
// that separates columns.
func isControl(r rune) bool { return r < 0x20 && r != '\t' || r == 0x7f }

// isDecimal reports whether s is a plain decimal number: digits with at most
// one point (no sign, exponent, hexadecimal, underscores, Inf or NaN, which
// strconv would accept).
func isDecimal(s string) bool {
	digits, points := 0, 0
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= '0' && c <= '9':
			digits++
		case c == '.':
			points++
		default:
			return false
		}
	}
	return digits > 0 && points <= 1
}

func parseWeight(s string, cat Category) (float64, error) {
	s = strings.TrimSpace(s)
	w, err := strconv.ParseFloat(s, 64)
	if err != nil || !isDecimal(s) || math.IsNaN(w) || math.IsInf(w, 0) {
		return 0, fmt.Errorf("%w: %q is not a number", ErrWeight, clip(s))
	}
	lo, hi := cat.weightRange()
	if w <= lo || w > hi {
		return 0, fmt.Errorf("%w: %s must be in (%g, %g] for category %s", ErrWeight, s, lo, hi, cat)
	}
	return w, nil
}

func validConcept(s string) bool {
	if s == "" || len(s) > 64 || s[0] == '-' {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-') {
			return false
		}
	}
	return true
}

// compileTerm turns a term into the normalised words it matches.
// termDocs are the documents compileTerm tokenizes terms into: a lexicon of
// thousands of terms loads without allocating a document for each.
var termDocs = sync.Pool{New: func() any { return new(tokenize.Document) }}

func compileTerm(term string) ([]word, error) {
	if term == "" {
		return nil, fmt.Errorf("%w: empty", ErrTerm)
	}
	var words []word
	gap := false
	doc := termDocs.Get().(*tokenize.Document)
	defer termDocs.Put(doc)
	for _, piece := range strings.Fields(term) {
		if piece == "..." || piece == "…" {
			if len(words) == 0 || gap {
				return nil, fmt.Errorf("%w %q: \"...\" must stand between two words", ErrTerm, clip(term))
			}
			gap = true
			continue
		}
		prefix := false
		if strings.HasSuffix(piece, "*") {
			prefix = true
			piece = strings.TrimSuffix(piece, "*")
			if strings.Contains(piece, "*") {
				return nil, fmt.Errorf("%w %q: only one * at the end of a word", ErrTerm, clip(term))
			}
		} else if strings.Contains(piece, "*") {
			return nil, fmt.Errorf("%w %q: * is allowed only at the end of a word (masked spellings need no entry)", ErrTerm, clip(term))
		}
		doc.Reset(piece)
		n := 0
		for i, t := range doc.Tokens {
			if t.Kind == tokenize.Punct || t.Kind == tokenize.Hashtag || t.Kind == tokenize.Mention {
				continue
			}
			words = append(words, word{key: doc.Norm(i), kind: t.Kind, gap: gap && n == 0})
			n++
		}
		if n == 0 {
			return nil, fmt.Errorf("%w %q: %q has no letters or digits", ErrTerm, clip(term), clip(piece))
		}
		for _, w := range words[len(words)-n:] {
			if len(w.key) > maxWordBytes {
				return nil, fmt.Errorf("%w %q: a word is longer than %d bytes", ErrTerm, clip(term), maxWordBytes)
			}
		}
		if prefix {
			last := &words[len(words)-1]
			if utf8.RuneCountInString(last.key) < 3 || last.kind != tokenize.Word {
				return nil, fmt.Errorf("%w %q: a * needs at least 3 letters before it", ErrTerm, clip(term))
			}
			last.prefix = true
		}
		gap = false
	}
	if gap {
		return nil, fmt.Errorf("%w %q: \"...\" must stand between two words", ErrTerm, clip(term))
	}
	if len(words) == 0 {
		return nil, fmt.Errorf("%w %q: no words", ErrTerm, clip(term))
	}
	if len(words) > maxTermWords {
		return nil, fmt.Errorf("%w %q: more than %d words", ErrTerm, clip(term), maxTermWords)
	}
	return words, nil
}

// normalTerm is the term's normal form, used to find duplicates.
func (e *Entry) normalTerm() string {
	var b strings.Builder
	for i, w := range e.words {
		if i > 0 {
			b.WriteByte(' ')
		}
		if w.gap {
			b.WriteString("... ")
		}
		b.WriteString(w.key)
		if w.prefix {
			b.WriteByte('*')
		}
	}
	return b.String()
}

func parseRule(line string) (Rule, error) {
	cols := strings.Split(line, "\t")
	if len(cols) != 6 {
		return Rule{}, fmt.Errorf("%w: want 6 tab-separated columns (name, pattern, category, weight, window, note), got %d", ErrColumns, len(cols))
	}
	r := Rule{Name: strings.TrimSpace(cols[0]), Note: strings.TrimSpace(cols[5])}
	if !validConcept(r.Name) {
		return r, fmt.Errorf("%w: name %q: use lower-case letters a-z, digits and hyphens", ErrRule, clip(r.Name))
	}
	fields := strings.Fields(cols[1])
	if len(fields) > 0 && fields[0] == "^" {
		r.AtSentenceStart = true
		fields = fields[1:]
	}
	for _, p := range fields {
		c, ok := ParseCategory(p)
		if !ok {
			return r, fmt.Errorf("%w %q in pattern", ErrCategory, clip(p))
		}
		if c.Class() != Component {
			return r, fmt.Errorf("%w: pattern element %q is not a component category", ErrRule, p)
		}
		r.Pattern = append(r.Pattern, c)
	}
	if len(r.Pattern) < 2 || len(r.Pattern) > 4 {
		return r, fmt.Errorf("%w: a pattern has 2 to 4 components, got %d", ErrRule, len(r.Pattern))
	}
	cat, ok := ParseCategory(strings.TrimSpace(cols[2]))
	if !ok {
		return r, fmt.Errorf("%w %q", ErrCategory, clip(cols[2]))
	}
	if cat.Class() != Signal {
		return r, fmt.Errorf("%w: a rule makes a signal, and %s is not one", ErrRule, cat)
	}
	r.Category = cat
	w, err := parseWeight(cols[3], cat)
	if err != nil {
		return r, err
	}
	r.Weight = w
	win, err := strconv.Atoi(strings.TrimSpace(cols[4]))
	if err != nil || win < 1 || win > 12 {
		return r, fmt.Errorf("%w: window %q must be a whole number from 1 to 12", ErrRule, clip(cols[4]))
	}
	r.Window = win
	if r.Note == "" {
		return r, ErrNote
	}
	return r, nil
}
