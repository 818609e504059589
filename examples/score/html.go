package main

import (
	"bytes"
	"cmp"
	"crypto/sha256"
	_ "embed"
	"encoding/base64"
	"html/template"
	"io"
	"math"
	"math/bits"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/vigie-project/vigie/classify"
	"github.com/vigie-project/vigie/lexicon"
)

// The HTML report (-format html) is made in two steps. Each worker renders
// its documents' <article> elements with the "doc" template, from the same
// classify.Result that the JSON record is made of; the writer keeps them,
// and at the end writes the page: the summary, then the articles, flagged
// first. html/template escapes every text, id and attribute; the page's one
// script is filter.js, allowed by its hash in the page's Content Security
// Policy, which also forbids every network access.

//go:embed report.html.tmpl
var reportTemplate string

//go:embed filter.js
var filterScript string

// pageTemplate is the report's template: "page" for the page, "doc" for a
// document. Executing it is safe for concurrent use.
var pageTemplate = template.Must(template.New("report").Funcs(template.FuncMap{
	"num": func(x float64) string { return strconv.FormatFloat(x, 'f', 2, 64) },
}).Parse(reportTemplate))

// scriptHash is the Content Security Policy source of filter.js.
var scriptHash = func() string {
	sum := sha256.Sum256([]byte(filterScript))
	return "'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'"
}()

// catSet is a set of signal categories (lexicon.Category < 32).
type catSet uint32

func (s catSet) add(c lexicon.Category) catSet {
	if c < 32 {
		s |= 1 << c
	}
	return s
}

// each yields the categories of s in their order.
func (s catSet) each(yield func(lexicon.Category) bool) {
	for s != 0 {
		c := lexicon.Category(bits.TrailingZeros32(uint32(s)))
		if !yield(c) {
			return
		}
		s &^= 1 << c
	}
}

// signalCats returns the categories of r's signals.
func signalCats(r *classify.Result) catSet {
	var s catSet
	for i := range r.Signals {
		s = s.add(r.Signals[i].Category)
	}
	return s
}

// docView is what the "doc" template shows of one document.
type docView struct {
	ID, Level, Lang, Rationale string
	Categories                 string // the signals' categories, separated by spaces
	Score                      float64
	Scores                     classify.Scores
	Error                      string // for an error record
	Truncated                  bool
	Pieces                     []piece // the text, with its marks opened and closed
}

// piece is a piece of a document's text, or the opening or the closing of
// a mark.
type piece struct {
	Text     string
	Open     *mark // open a mark
	CloseSig bool  // close a signal's <mark>
	CloseCue bool  // close a context cue's <span>
}

// mark is a highlighted signal (Sig ≥ 0) or context cue (Sig < 0).
type mark struct {
	Sig        int    // the signal's index in the record's signals, or -1
	Cue        int    // the cue's index in the record's context, for a cue
	Category   string // the signal's category, or the cue's kind
	Start, End int    // byte offsets into the text
	Tip        string // the details shown on hover or focus
}

// appendHTMLDoc appends the <article> of a scored document to dst.
func appendHTMLDoc(dst []byte, id, text string, r *classify.Result) []byte {
	v := docView{ID: id, Level: r.Level.String(), Lang: r.Lang.String(), Rationale: r.Rationale,
		Score: r.Score, Scores: r.Scores, Truncated: r.Truncated}
	var cats []string
	for c := range signalCats(r).each {
		cats = append(cats, c.String())
	}
	v.Categories = strings.Join(cats, " ")
	v.Pieces = pieces(text, marks(r))
	return executeDoc(dst, &v)
}

// appendHTMLError appends the <article> of a document that could not be
// read or scored.
func appendHTMLError(dst []byte, id, msg string) []byte {
	return executeDoc(dst, &docView{ID: id, Level: "error", Error: msg})
}

func executeDoc(dst []byte, v *docView) []byte {
	b := bytes.NewBuffer(dst)
	// The template and its data are ours: an error is a programming error.
	if err := pageTemplate.ExecuteTemplate(b, "doc", v); err != nil {
		panic("score: the doc template: " + err.Error())
	}
	return b.Bytes()
}

// marks returns the signals and context cues of r as marks, in the order of
// the record.
func marks(r *classify.Result) []mark {
	ms := make([]mark, 0, len(r.Signals)+len(r.Context))
	for i := range r.Signals {
		s := &r.Signals[i]
		ms = append(ms, mark{Sig: i, Category: s.Category.String(), Start: s.Start, End: s.End, Tip: signalTip(s)})
	}
	for i := range r.Context {
		c := &r.Context[i]
		ms = append(ms, mark{Sig: -1, Cue: i, Category: c.Kind.String(), Start: c.Start, End: c.End, Tip: contextTip(c)})
	}
	return ms
}

// signalTip describes a signal in one line: category, concept, weight,
// what context took from it, disguise, source.
func signalTip(s *classify.Signal) string {
	var b strings.Builder
	b.WriteString(s.Category.String() + ": " + s.Concept + " · weight " + fmtNum(s.Weight))
	if s.Base != s.Weight {
		b.WriteString(" (base " + fmtNum(s.Base) + ", context effect " + fmtNum(s.Weight-s.Base) + ")")
	}
	if s.Repeat {
		b.WriteString(" · repeat")
	}
	first := true
	for d := range s.Disguise.Each {
		if first {
			b.WriteString(" · disguise ")
		} else {
			b.WriteString(",")
		}
		first = false
		b.WriteString(d.Name())
	}
	b.WriteString(" · source " + s.Source)
	return b.String()
}

// contextTip describes a context cue in one line.
func contextTip(c *classify.Context) string {
	return c.Kind.String() + " (context) · effect " + fmtNum(c.Effect) + " · share " + fmtNum(c.Share) + " · source " + c.Source
}

// fmtNum writes x with at most three decimals: the tips are for people, and
// a difference of weights such as -1.0919999999999999 is -1.092 to them.
func fmtNum(x float64) string { return strconv.FormatFloat(math.Round(x*1000)/1000, 'f', -1, 64) }

// pieces cuts text at the marks' ends. Marks nest: one that starts where
// another does and ends later is outside it. A mark that crosses another
// (starts inside it and ends after it) is closed where the other ends and
// opened again after it, so that the elements nest; its pieces carry the
// same attributes. A mark whose span is not in the text, or does not fall
// on character boundaries, is left out (a classifier bug, which the
// browser test would show).
func pieces(text string, ms []mark) []piece {
	order := make([]int, 0, len(ms))
	for i := range ms {
		m := &ms[i]
		if m.Start < 0 || m.End > len(text) || m.Start > m.End || !boundary(text, m.Start) || !boundary(text, m.End) {
			continue
		}
		order = append(order, i)
	}
	slices.SortStableFunc(order, func(a, b int) int {
		return cmp.Or(cmp.Compare(ms[a].Start, ms[b].Start), cmp.Compare(ms[b].End, ms[a].End))
	})
	var (
		out   []piece
		stack []int
		pos   int
	)
	textTo := func(to int) {
		if to > pos {
			out = append(out, piece{Text: text[pos:to]})
			pos = to
		}
	}
	closeOne := func(i int) {
		out = append(out, piece{CloseSig: ms[i].Sig >= 0, CloseCue: ms[i].Sig < 0})
	}
	open := func(i int) {
		out = append(out, piece{Open: &ms[i]})
		stack = append(stack, i)
	}
	// closeTo closes the marks that end at or before x.
	closeTo := func(x int) {
		for len(stack) > 0 {
			end, k := -1, -1 // the first end, and the lowest mark on the stack that ends there
			for j, i := range stack {
				if e := ms[i].End; end < 0 || e < end {
					end, k = e, j
				} else if e == end && k < 0 {
					k = j
				}
			}
			if end > x {
				return
			}
			textTo(end)
			var again []int
			for j := len(stack) - 1; j >= k; j-- {
				i := stack[j]
				closeOne(i)
				if ms[i].End > end {
					again = append(again, i)
				}
			}
			stack = stack[:k]
			for j := len(again) - 1; j >= 0; j-- {
				open(again[j])
			}
		}
	}
	for _, i := range order {
		closeTo(ms[i].Start)
		textTo(ms[i].Start)
		open(i)
	}
	closeTo(len(text))
	textTo(len(text))
	return out
}

// boundary reports whether offset i of s is not inside a UTF-8 character.
func boundary(s string, i int) bool {
	for j := i - 1; j >= max(0, i-utf8.UTFMax+1); j-- {
		if utf8.RuneStart(s[j]) {
			r, n := utf8.DecodeRuneInString(s[j:])
			return (r == utf8.RuneError && n == 1) || j+n <= i
		}
	}
	return true
}

// pageView is what the "page" template shows.
type pageView struct {
	ScriptHash string // the CSP source of the script
	Script     template.JS
	Documents  int // documents read, errors included
	Listed     int // documents in the page (-min hides some)
	Levels     []countView
	Categories []countView
	Docs       []template.HTML // the articles, flagged first
}

// countView is a row of the summary.
type countView struct {
	Name      string
	Documents int
}

// htmlReport collects the articles of the documents until the end.
type htmlReport struct {
	docs      []htmlDoc
	levels    [classify.High + 1]int
	errors    int
	catDocs   [32]int // documents with a signal of each category
	documents int
}

// htmlDoc is one article and what orders it in the page.
type htmlDoc struct {
	rank    int // 0 for high, 1 medium, 2 low, 3 none, 4 error
	article []byte
}

// add counts a document's output, and keeps its article when it has one.
// The article is copied: the caller's buffer is reused.
func (h *htmlReport) add(out *output) {
	rank := 4
	switch {
	case out.failed:
		h.errors++
	case out.scored:
		h.levels[out.level]++
		rank = int(classify.High - out.level)
		for c := range out.cats.each {
			h.catDocs[c]++
		}
	default:
		return // a warning, not a document
	}
	h.documents++
	if out.record != nil {
		h.docs = append(h.docs, htmlDoc{rank: rank, article: bytes.Clone(out.record)})
	}
}

// write writes the page.
func (h *htmlReport) write(w io.Writer) error {
	slices.SortStableFunc(h.docs, func(a, b htmlDoc) int { return cmp.Compare(a.rank, b.rank) })
	v := pageView{ScriptHash: scriptHash, Script: template.JS(filterScript),
		Documents: h.documents, Listed: len(h.docs)}
	for l := classify.High; ; l-- {
		v.Levels = append(v.Levels, countView{l.String(), h.levels[l]})
		if l == classify.None {
			break
		}
	}
	v.Levels = append(v.Levels, countView{"error", h.errors})
	for _, c := range lexicon.Categories() {
		if c.Class() == lexicon.Signal {
			v.Categories = append(v.Categories, countView{c.String(), h.catDocs[c]})
		}
	}
	v.Docs = make([]template.HTML, len(h.docs))
	for i := range h.docs {
		// Made by the "doc" template, which escaped everything in it.
		v.Docs[i] = template.HTML(h.docs[i].article)
	}
	return pageTemplate.ExecuteTemplate(w, "page", &v)
}
