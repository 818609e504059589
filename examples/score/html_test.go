package main

import (
	"encoding/json"
	"fmt"
	"html"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"github.com/vigie-project/vigie/lexicon"
)

// showPieces writes pieces compactly: <0> opens signal 0, <c> a context
// cue, </> closes either.
func showPieces(ps []piece) string {
	var b strings.Builder
	for _, p := range ps {
		switch {
		case p.Open != nil && p.Open.Sig >= 0:
			fmt.Fprintf(&b, "<%d>", p.Open.Sig)
		case p.Open != nil:
			b.WriteString("<c>")
		case p.CloseSig || p.CloseCue:
			b.WriteString("</>")
		default:
			b.WriteString(p.Text)
		}
	}
	return b.String()
}

func TestPieces(t *testing.T) {
	sig := func(i, start, end int) mark { return mark{Sig: i, Start: start, End: end} }
	cue := func(start, end int) mark { return mark{Sig: -1, Start: start, End: end} }
	tests := []struct {
		name  string
		text  string
		marks []mark
		want  string
	}{
		{"none", "abcdef", nil, "abcdef"},
		{"one", "abcdef", []mark{sig(0, 1, 3)}, "a<0>bc</>def"},
		{"whole text", "abc", []mark{sig(0, 0, 3)}, "<0>abc</>"},
		{"nested", "abcdefgh", []mark{sig(0, 1, 7), sig(1, 3, 5)}, "a<0>bc<1>de</>fg</>h"},
		{"nested, inner first in the record", "abcdefgh", []mark{sig(0, 3, 5), sig(1, 1, 7)}, "a<1>bc<0>de</>fg</>h"},
		{"same start: the longer outside", "abcdefgh", []mark{sig(0, 1, 3), sig(1, 1, 7)}, "a<1><0>bc</>defg</>h"},
		{"same end", "abcdefgh", []mark{sig(0, 1, 7), sig(1, 4, 7)}, "a<0>bcd<1>efg</></>h"},
		{"crossing", "abcdefgh", []mark{sig(0, 0, 4), sig(1, 2, 6)}, "<0>ab<1>cd</></><1>ef</>gh"},
		{"crossing two", "abcdefghij", []mark{sig(0, 0, 4), sig(1, 2, 6), sig(2, 3, 8)}, "<0>ab<1>c<2>d</></></><1><2>ef</></><2>gh</>ij"},
		{"adjacent", "abcdef", []mark{sig(0, 0, 2), sig(1, 2, 4)}, "<0>ab</><1>cd</>ef"},
		{"equal spans", "abcdef", []mark{sig(0, 1, 3), cue(1, 3)}, "a<0><c>bc</></>def"},
		{"empty span", "abcdef", []mark{sig(0, 2, 2)}, "ab<0></>cdef"},
		{"cue and signal", "not kill them", []mark{cue(0, 3), sig(0, 4, 13)}, "<c>not</> <0>kill them</>"},
		{"out of the text", "abc", []mark{sig(0, 2, 9), sig(1, -1, 2), sig(2, 2, 1)}, "abc"},
		{"inside a character", "été", []mark{sig(0, 1, 3), sig(1, 2, 3)}, "é<1>t</>é"},
		{"invalid UTF-8 is cut anywhere", "a\xe9t\xe9", []mark{sig(0, 1, 2)}, "a<0>\xe9</>t\xe9"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := pieces(tt.text, tt.marks)
			require.Equal(t, tt.want, showPieces(got))
			checkPieces(t, tt.text, tt.marks, got)
		})
	}
}

// checkPieces checks what pieces promises, against a simple model: the
// texts make the text; the elements nest; each mark in the text is open
// exactly over its span, and the others nowhere.
func checkPieces(t *testing.T, text string, ms []mark, ps []piece) {
	t.Helper()
	var b strings.Builder
	var open []*mark
	covered := make(map[*mark][]int) // the offsets each mark is open at, by text piece
	seen := make(map[*mark]bool)
	for _, p := range ps {
		switch {
		case p.Open != nil:
			open = append(open, p.Open)
			seen[p.Open] = true
		case p.CloseSig || p.CloseCue:
			require.NotEmpty(t, open, "a close without an open")
			top := open[len(open)-1]
			require.Equal(t, top.Sig >= 0, p.CloseSig, "closes the element that is open")
			open = open[:len(open)-1]
		default:
			require.NotEmpty(t, p.Text, "no empty text piece")
			for _, m := range open {
				for i := range len(p.Text) {
					covered[m] = append(covered[m], b.Len()+i)
				}
			}
			b.WriteString(p.Text)
		}
	}
	require.Empty(t, open, "every element is closed")
	require.Equal(t, text, b.String())
	for i := range ms {
		m := &ms[i]
		valid := m.Start >= 0 && m.End <= len(text) && m.Start <= m.End && boundary(text, m.Start) && boundary(text, m.End)
		if !valid {
			require.False(t, seen[m], "mark %d (%d-%d) is out of the text", i, m.Start, m.End)
			continue
		}
		require.True(t, seen[m], "mark %d is shown", i)
		var want []int
		for k := m.Start; k < m.End; k++ {
			want = append(want, k)
		}
		require.Equal(t, want, covered[m], "mark %d (%d-%d) covers its span", i, m.Start, m.End)
	}
}

func FuzzPieces(f *testing.F) {
	f.Add("abcdefghij", []byte{0, 4, 2, 6, 3, 8})
	f.Add("été à Paris", []byte{1, 3, 0, 12, 2, 2})
	f.Add("a\xe9t\xe9 \x00", []byte{0, 9, 1, 2})
	f.Fuzz(func(t *testing.T, text string, spans []byte) {
		var ms []mark
		for i := 0; i+1 < len(spans) && len(ms) < 16; i += 2 {
			sig := len(ms)
			if spans[i]&0x80 != 0 {
				sig = -1
			}
			ms = append(ms, mark{Sig: sig, Start: int(spans[i] & 0x7f), End: int(spans[i+1] & 0x7f)})
		}
		checkPieces(t, text, ms, pieces(text, ms))
	})
}

func TestBoundary(t *testing.T) {
	s := "aé😀\xff"
	var got []int
	for i := range len(s) + 1 {
		if boundary(s, i) {
			got = append(got, i)
		}
	}
	require.Equal(t, []int{0, 1, 3, 7, 8}, got)
}

// article is what a test reads of an <article> of the report.
type article struct {
	id, level string
	text      string  // the text, tags removed and unescaped
	sigs      [][]any // per data-sig: category, start, end, text (pieces joined)
	cues      [][]any // per data-cue: kind, start, end
}

var (
	articleRE = regexp.MustCompile(`(?s)<article class="doc" data-doc="([^"]*)" data-level="([^"]*)".*?</article>`)
	textRE    = regexp.MustCompile(`(?s)<div class="text">(.*?)</div>`)
	cueRE     = regexp.MustCompile(`<span class="cue" tabindex="0" data-cue="(\d+)" data-kind="([a-z]+)" data-start="(\d+)" data-end="(\d+)"[^>]*>`)
	sigRE     = regexp.MustCompile(`<mark class="sig" tabindex="0" data-sig="(\d+)" data-category="([a-z]+)" data-start="(\d+)" data-end="(\d+)"[^>]*>`)
)

// articles reads the articles of a report, in the order of the page. It
// reads the signals' pieces by walking the tags, as a browser would nest
// them.
func articles(t *testing.T, page string) []article {
	t.Helper()
	var out []article
	for _, m := range articleRE.FindAllStringSubmatch(page, -1) {
		a := article{id: html.UnescapeString(m[1]), level: m[2]}
		tm := textRE.FindStringSubmatch(m[0])
		if tm == nil {
			out = append(out, a)
			continue
		}
		body := tm[1]
		type openTag struct{ sig int }
		var stack []openTag
		byIdx, cueIdx := map[int][]any{}, map[int][]any{}
		for len(body) > 0 {
			i := strings.IndexByte(body, '<')
			if i != 0 {
				if i < 0 {
					i = len(body)
				}
				chunk := html.UnescapeString(body[:i])
				a.text += chunk
				for _, o := range stack {
					if o.sig >= 0 {
						byIdx[o.sig][3] = byIdx[o.sig][3].(string) + chunk
					}
				}
				body = body[i:]
				continue
			}
			j := strings.IndexByte(body, '>')
			tag := body[:j+1]
			body = body[j+1:]
			switch {
			case strings.HasPrefix(tag, "</"):
				stack = stack[:len(stack)-1]
			case strings.HasPrefix(tag, "<mark"):
				n, cat, start, end := markAttrs(t, sigRE, tag)
				if byIdx[n] == nil {
					byIdx[n] = []any{cat, start, end, ""}
				}
				stack = append(stack, openTag{n})
			case strings.HasPrefix(tag, "<span class=\"cue\""):
				n, kind, start, end := markAttrs(t, cueRE, tag)
				if cueIdx[n] == nil {
					cueIdx[n] = []any{kind, start, end}
				}
				stack = append(stack, openTag{-1})
			default:
				t.Fatalf("unexpected tag %s", tag)
			}
		}
		for i := range len(byIdx) {
			require.Contains(t, byIdx, i, "signals are numbered from 0")
			a.sigs = append(a.sigs, byIdx[i])
		}
		for i := range len(cueIdx) {
			require.Contains(t, cueIdx, i, "cues are numbered from 0")
			a.cues = append(a.cues, cueIdx[i])
		}
		out = append(out, a)
	}
	return out
}

// markAttrs reads the index, the category or kind and the span of a mark's
// tag with re (sigRE or cueRE).
func markAttrs(t *testing.T, re *regexp.Regexp, tag string) (n int, name string, start, end int) {
	t.Helper()
	m := re.FindStringSubmatch(tag)
	require.NotNil(t, m, tag)
	n, _ = strconv.Atoi(m[1])
	start, _ = strconv.Atoi(m[3])
	end, _ = strconv.Atoi(m[4])
	return n, m[2], start, end
}

// TestHTMLSameAsJSON checks that the report of the cases shows the JSON
// output's signals, each where its offsets say, and the whole text.
func TestHTMLSameAsJSON(t *testing.T) {
	atRoot(t)
	in := []string{"-jsonl", "testdata/cases/en.jsonl", "testdata/cases/fr.jsonl"}
	page, stderr, status := score(t, "", append([]string{"-format", "html"}, in...)...)
	require.Contains(t, []int{exitClean, exitFlagged}, status, stderr)
	jsonOut, _, _ := score(t, "", append([]string{"-format", "jsonl"}, in...)...)
	texts := map[string]string{}
	for _, name := range in[1:] {
		recs, err := readCaseTexts(name)
		require.NoError(t, err)
		for id, text := range recs {
			texts[id] = text
		}
	}
	arts := map[string]article{}
	for _, a := range articles(t, page) {
		arts[a.id] = a
	}
	recs := jsonRecords(t, jsonOut)
	require.Len(t, arts, len(recs))
	signals := 0
	for _, r := range recs {
		id := r["id"].(string)
		a, ok := arts[id]
		require.True(t, ok, "no article for %s", id)
		require.Equal(t, r["level"], a.level, id)
		require.Equal(t, texts[id], a.text, "%s: the article shows the whole text", id)
		var want [][]any
		for _, s := range r["signals"].([]any) {
			s := s.(map[string]any)
			want = append(want, []any{s["category"], int(s["start"].(float64)), int(s["end"].(float64)), s["text"]})
		}
		require.Equal(t, want, a.sigs, id)
		var cues [][]any
		for _, c := range r["context"].([]any) {
			c := c.(map[string]any)
			cues = append(cues, []any{c["kind"], int(c["start"].(float64)), int(c["end"].(float64))})
		}
		require.Equal(t, cues, a.cues, id)
		signals += len(want)
	}
	require.Greater(t, signals, 100, "the cases have signals to show")
}

// readCaseTexts reads the id and text of each case of a JSON-lines file.
func readCaseTexts(path string) (map[string]string, error) {
	recs, err := readJSONL(path)
	if err != nil {
		return nil, err
	}
	out := map[string]string{}
	for _, r := range recs {
		out[r.ID] = r.Text
	}
	return out, nil
}

func readJSONL(path string) ([]struct{ ID, Text string }, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var out []struct{ ID, Text string }
	for line := range strings.SplitSeq(strings.TrimSpace(string(b)), "\n") {
		var r struct{ ID, Text string }
		if err := json.Unmarshal([]byte(line), &r); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, nil
}

func TestHTMLEscapes(t *testing.T) {
	hostile := `<script>window.pwned=1</script><img src=x onerror="window.pwned=2"> "'&amp; califat`
	line := fmt.Sprintf(`{"id": "\"><script>window.pwned=3</script>", "text": %q}`, hostile+" Rejoignez le califat")
	page, _, _ := score(t, line+"\n", "-lexicon", "../../"+testLexicon, "-format", "html", "-jsonl", "-")
	require.Equal(t, 1, strings.Count(page, "<script"), "the page's own script only")
	require.NotContains(t, page, "<img")
	require.NotContains(t, page, "pwned=3</script>")
	arts := articles(t, page)
	require.Len(t, arts, 1)
	require.Equal(t, `"><script>window.pwned=3</script>`, arts[0].id)
	require.Equal(t, hostile+" Rejoignez le califat", arts[0].text, "shown as text")
	require.Equal(t, "high", arts[0].level)
}

func TestHTMLSummary(t *testing.T) {
	input := strings.Join([]string{textNone, textHigh, textLow, textMedium, "\x00x", textNone}, "\n")
	page, _, status := score(t, input, "-lexicon", "../../"+testLexicon, "-format", "html", "-lines", "-")
	require.Equal(t, exitBoth, status)
	var order []string
	for _, a := range articles(t, page) {
		order = append(order, a.id+" "+a.level)
	}
	require.Equal(t, []string{"<stdin>:2 high", "<stdin>:4 medium", "<stdin>:3 low", "<stdin>:1 none", "<stdin>:6 none", "<stdin>:5 error"}, order,
		"flagged first, then by level, in input order within a level")
	for level, n := range map[string]int{"high": 1, "medium": 1, "low": 1, "none": 2, "error": 1} {
		require.Contains(t, page, fmt.Sprintf(`data-count-level="%s">%d<`, level, n))
	}
	require.Contains(t, page, `data-count-category="recruitment">1<`)
	require.Contains(t, page, `<option value="recruitment">`)
	require.NotContains(t, page, `<option value="glorification">`, "only categories present are offered")
	require.Contains(t, page, "6 documents read; 6 listed")

	t.Run("-min", func(t *testing.T) {
		page, _, _ := score(t, input, "-lexicon", "../../"+testLexicon, "-format", "html", "-min", "medium", "-lines", "-")
		var levels []string
		for _, a := range articles(t, page) {
			levels = append(levels, a.level)
		}
		require.Equal(t, []string{"high", "medium", "error"}, levels, "errors are listed whatever -min")
		require.Contains(t, page, `data-count-level="none">2<`, "the summary counts every document")
	})
}

func TestHTMLPolicy(t *testing.T) {
	page, _, _ := score(t, textHigh, "-lexicon", "../../"+testLexicon, "-format", "html", "-")
	m := regexp.MustCompile(`content="default-src 'none'; style-src 'unsafe-inline'; script-src &#39;(sha256-[^&]+)&#39;"`).FindStringSubmatch(page)
	require.NotNil(t, m, "a Content Security Policy that allows only the page's script")
	require.Equal(t, strings.Trim(scriptHash, "'"), m[1])
	script := regexp.MustCompile(`(?s)<script>(.*)</script>`).FindStringSubmatch(page)
	require.NotNil(t, script)
	require.Equal(t, filterScript, script[1], "the script is written as it is hashed")
	for _, ext := range []string{"http:", "https:", "src=", "@import", "url("} {
		require.NotContains(t, page, ext, "the page loads nothing")
	}
}

// TestHTMLCategories checks that each signal category has a colour, and
// each level a badge.
func TestHTMLCategories(t *testing.T) {
	n := 0
	for _, c := range lexicon.Categories() {
		if c.Class() == lexicon.Signal {
			require.Contains(t, reportTemplate, "[data-category="+c.String()+"]")
			n++
		}
	}
	require.Positive(t, n)
	for _, l := range []string{"high", "medium", "low", "none", "error"} {
		require.Contains(t, reportTemplate, ".badge."+l+" ")
	}
}
