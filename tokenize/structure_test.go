package tokenize

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

// structureTests show each token's surface with its sentence, paragraph
// and roles: s(entence).p(aragraph), then o (opens a quotation), c (closes
// it), q (quoted), ? (ends a question).
var structureTests = []struct {
	name, text, want string
}{
	{"plain", "Hello there. Bye!", "Hello0.0 there0.0 .0.0 Bye1.0 !1.0"},
	{"question", "Why? Because.", "Why0.0 ?0.0? Because1.0 .1.0"},
	{"french quotes across sentences", "« Tuez-les. Brûlez tout. » a écrit X.",
		"«0.0o Tuez0.0q les0.0q .0.0q Brûlez1.0q tout1.0q .1.0q »1.0c a1.0 écrit1.0 X1.0 .1.0"},
	{"a quotation that ends its sentence, then the verb that reports it", "« Tuez-les tous ! » a-t-il écrit. Puis il est parti.",
		"«0.0o Tuez0.0q les0.0q tous0.0q !0.0q »0.0c a0.0 t0.0 il0.0 écrit0.0 .0.0 Puis1.0 il1.0 est1.0 parti1.0 .1.0"},
	{"a quotation that ends its sentence, then a new sentence", "He said \"go!\" Then he left.",
		"He0.0 said0.0 \"0.0o go0.0q !0.0q \"0.0c Then1.0 he1.0 left1.0 .1.0"},
	{"single quotes and a possessive", "They told viewers to 'kill them', the soldiers' families said.",
		"They0.0 told0.0 viewers0.0 to0.0 '0.0o kill0.0q them0.0q '0.0c ,0.0 the0.0 soldiers0.0 '0.0 families0.0 said0.0 .0.0"},
	{"a stray straight quote is not a quotation", "A 12\" pipe. Kill them.", "A0.0 120.0 \"0.0 pipe0.0 .0.0 Kill1.0 them1.0 .1.0"},
	{"quotations do not run across paragraphs", "« open\nclose »", "«0.0 open0.0 close1.1 »1.1"},
	{"curly English and German marks", "“a” „b“", "“0.0o a0.0q ”0.0c „0.0o b0.0q “0.0c"},
	{"nested", "«a “b” c»", "«0.0o a0.0q “0.0oq b0.0q ”0.0cq c0.0q »0.0c"},
	{"a closing mark without an opener", "a » b", "a0.0 »0.0 b0.0"},
	{"mixed marks", "‘Come, kill him.” said X", "‘0.0o Come0.0q ,0.0q kill0.0q him0.0q .0.0q ”0.0c said0.0 X0.0"},
	{"a curly single quote after a mark", "He said ‘Here! Go.’ Then.", "He0.0 said0.0 ‘0.0o Here0.0q !0.0q Go1.0q .1.0q ’1.0c Then2.0 .2.0"},
	{"paragraphs", "one\n\ntwo\nthree", "one0.0 two1.1 three2.2"},
	{"leading line break", "\nfirst", "first0.0"},
}

func structureString(d *Document) string {
	var b strings.Builder
	for i := range d.Tokens {
		t := &d.Tokens[i]
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(d.Surface(i))
		b.WriteString(itoa(int(t.Sentence)) + "." + itoa(int(t.Paragraph)))
		for _, r := range []struct {
			role Role
			c    string
		}{{QuoteOpen, "o"}, {QuoteClose, "c"}, {Quoted, "q"}, {QuestionEnd, "?"}} {
			if t.Role&r.role != 0 {
				b.WriteString(r.c)
			}
		}
	}
	return b.String()
}

func itoa(n int) string {
	if n < 10 {
		return string(rune('0' + n))
	}
	return itoa(n/10) + string(rune('0'+n%10))
}

func TestStructure(t *testing.T) {
	for _, tt := range structureTests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, structureString(Tokenize(tt.text)))
		})
	}
}

func TestRoleString(t *testing.T) {
	assert.Equal(t, "", Role(0).String())
	assert.Equal(t, "quote-open|quoted", (QuoteOpen | Quoted).String())
	assert.Equal(t, "question-end", QuestionEnd.String())
}

// TestStructureInvariants checks on every table text of the package that
// sentence and paragraph indexes never decrease, that a sentence starts at
// every SentenceStart, and that every QuoteOpen has a QuoteClose after it
// in the same paragraph.
func TestStructureInvariants(t *testing.T) {
	var texts []string
	for _, tt := range structureTests {
		texts = append(texts, tt.text)
	}
	texts = append(texts, tokenizeSeeds()...)
	for _, s := range texts {
		checkStructure(t, Tokenize(s))
	}
}

func checkStructure(t *testing.T, d *Document) {
	t.Helper()
	open := 0
	for i := range d.Tokens {
		tk := &d.Tokens[i]
		if i == 0 {
			if tk.Sentence != 0 || tk.Paragraph != 0 {
				t.Fatalf("%q: first token in sentence %d, paragraph %d", d.Text, tk.Sentence, tk.Paragraph)
			}
			continue
		}
		prev := &d.Tokens[i-1]
		wantSent := prev.Sentence
		if tk.Flags&SentenceStart != 0 {
			wantSent++
		}
		if tk.Sentence != wantSent {
			t.Fatalf("%q: token %d in sentence %d, want %d", d.Text, i, tk.Sentence, wantSent)
		}
		if tk.Paragraph < prev.Paragraph || tk.Paragraph > prev.Paragraph+1 {
			t.Fatalf("%q: token %d in paragraph %d after %d", d.Text, i, tk.Paragraph, prev.Paragraph)
		}
		if tk.Paragraph != prev.Paragraph && open != 0 {
			t.Fatalf("%q: a quotation runs across paragraphs at token %d", d.Text, i)
		}
		if prev.Role&QuoteOpen != 0 {
			open++
		}
		if tk.Role&QuoteClose != 0 {
			open--
		}
		if open < 0 {
			t.Fatalf("%q: a quotation closes at token %d without opening", d.Text, i)
		}
		if (open > 0) != (tk.Role&Quoted != 0) && tk.Role&QuoteClose == 0 {
			t.Fatalf("%q: token %d quoted=%v with %d open quotations", d.Text, i, tk.Role&Quoted != 0, open)
		}
	}
}
