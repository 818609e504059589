package tokenize

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// tokenCase is a text and the tokens it must give.
type tokenCase struct {
	name string
	text string
	want []tok
}

// tokenTable checks the tokens of each text against the expected surfaces,
// normal forms, kinds and flags (flags that must be set).
func tokenTable(t *testing.T, literal bool, tests []tokenCase) {
	t.Helper()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := &Document{Literal: literal}
			d.Reset(tt.text)
			var got []string
			for i, tk := range d.Tokens {
				got = append(got, fmt.Sprintf("%q→%q %s %s", d.Surface(i), d.Norm(i), tk.Kind, tk.Flags))
			}
			require.Len(t, d.Tokens, len(tt.want), "tokens: %v", got)
			for i, want := range tt.want {
				tk := d.Tokens[i]
				assert.Equal(t, want.surface, d.Surface(i), "token %d surface", i)
				assert.Equal(t, want.norm, d.Norm(i), "token %d normal form", i)
				assert.Equal(t, want.kind, tk.Kind, "token %d kind", i)
				assert.Equal(t, want.flags, tk.Flags&want.flags, "token %d flags %s", i, tk.Flags)
			}
		})
	}
}

// TestDisguises covers the disguises of the obfuscation property test
// (classify/obfuscation_test.go) that need the tokenizer's help, and the
// ordinary text that must not be mistaken for them.
func TestDisguises(t *testing.T) { tokenTable(t, false, disguiseTests) }

func num(s, n string, flags ...Flags) tok {
	x := w(s, n, flags...)
	x.kind = Number
	return x
}

func punct(s string) tok { return tok{s, s, Punct, 0} }

var disguiseTests = []tokenCase{
	// leetspeak
	{"leet symbols after digits", "4p0$t@te", []tok{w("4p0$t@te", "apostate", Leet)}},
	{"two leet symbols", "ble$$ed v@!s", []tok{w("ble$$ed", "blessed", Leet), w("v@!s", "vais", Leet)}},
	{"leet symbol before a digit", "va!5 e$7", []tok{w("va!5", "vais", Leet), w("e$7", "est", Leet)}},
	{"! between capitals", "J!HAD", []tok{w("J!HAD", "jihad", Leet)}},
	{"! ends a sentence before a capital", "wow!Great", []tok{w("wow", "wow"), punct("!"), w("Great", "great", SentenceStart)}},
	{"currency is not leet", "US$5", []tok{w("US", "us"), punct("$"), num("5", "5")}},
	{"digits then a symbol", "5@int", []tok{w("5@int", "saint", Leet)}},
	{"e-mail after digits", "123@mail.com", []tok{{"123@mail.com", "mail.com", URL, 0}}},
	{"a full stop after @ is no domain", "subhum@ns.", []tok{w("subhum@ns", "subhumans", Leet), punct(".")}},
	{"hyphen after a leet digit", "sou5-h0mmes wa1-8ara", []tok{w("sou5", "sous", Leet), w("h0mmes", "hommes", Leet, AfterHyphen),
		w("wa1", "wai", Leet), w("8ara", "bara", Leet, AfterHyphen)}},
	{"elision before a leet digit", "l'3ffondrement c'3st", []tok{w("l'", "l'", Elided), w("3ffondrement", "effondrement", Leet),
		w("c'", "c'", Elided), w("3st", "est", Leet)}},
	{"numbers with suffixes are not leet", "1990s 80s 2nd 3e 1er 14h", []tok{w("1990s", "1990s"), w("80s", "80s"),
		w("2nd", "2nd"), w("3e", "3e"), w("1er", "1er"), w("14h", "14h")}},
	{"leet that looks like a number", "13s 3st 4114h", []tok{w("13s", "ies", Leet), w("3st", "est", Leet), w("4114h", "aiiah", Leet)}},
	{"leet after digits and symbols", "d'41lah 7@9hout", []tok{w("d'", "d'", Elided), w("41lah", "ailah", Leet), w("7@9hout", "taghout", Leet)}},
	{"a number list before letters", "3,5km", []tok{num("3", "3"), punct(","), w("5km", "5km")}},
	// look-alike letters
	{"greek capitals", "ΗΑΝG ΝΟW", []tok{w("ΗΑΝG", "hang", Homoglyph), w("ΝΟW", "now", Homoglyph)}},
	{"mathematical italic h", "𝑗𝑖ℎ𝑎𝑑", []tok{w("𝑗𝑖ℎ𝑎𝑑", "jihad", Homoglyph)}},
	{"script letters", "ℬℯℯ", []tok{w("ℬℯℯ", "bee", Homoglyph)}},
	{"fullwidth digits in a word", "ｋ１ｌｌ", []tok{w("ｋ１ｌｌ", "kill", Homoglyph, Leet)}},
	{"fullwidth number", "１４８８", []tok{num("１４８８", "1488", Homoglyph)}},
	{"mathematical digits", "𝟏𝟒𝟖𝟖", []tok{num("𝟏𝟒𝟖𝟖", "1488", Homoglyph)}},
	{"fullwidth contraction", "Ｙｏｕ'ｌｌ ｄｏｎ'ｔ", []tok{w("Ｙｏｕ", "you"), w("'ｌｌ", "'ll", Contraction),
		w("ｄｏ", "do"), w("ｎ'ｔ", "n't", Contraction)}},
	// invisible characters
	{"several invisible characters", "ji\u200b\u200d\u2060had", []tok{w("ji\u200b\u200d\u2060had", "jihad", Invisible)}},
	{"invisible before a mask", "k\u200b*ffar", []tok{w("k\u200b*ffar", "k*ffar", Invisible, Masked)}},
	{"invisible in a hashtag", "#Ji\u200b\u200bhad", []tok{{"#Ji\u200b\u200bhad", "jihad", Hashtag, 0}, w("Ji\u200b\u200bhad", "jihad", InHashtag)}},
	// spaced and dotted letters
	{"spaced letters with a contraction", "y o u'll d a d's", []tok{w("y o u", "you", Spaced), w("'ll", "'ll", Contraction),
		w("d a d", "dad", Spaced), w("'s", "'s", Contraction)}},
	{"spaced hyphenated compound", "s o u s-h o m m e s", []tok{w("s o u s", "sous", Spaced), w("h o m m e s", "hommes", Spaced, AfterHyphen)}},
	{"dotted run then a sentence", "s.o.l.u.t.i.o.n. Accelerate", []tok{w("s.o.l.u.t.i.o.n", "solution", Spaced),
		punct("."), w("Accelerate", "accelerate", SentenceStart)}},
	{"dotted with a mask next", "t h e k*ffar", []tok{w("t h e", "the", Spaced), w("k*ffar", "k*ffar", Masked)}},
	{"spaced accented letters", "e\u0301 t a t", []tok{w("e\u0301 t a t", "etat", Spaced)}},
	// masks and elongations
	{"one repeated letter is not elongated", "III aaaa nooo", []tok{w("III", "iii"), w("aaaa", "aaaa"), w("nooo", "nooo", Elongated)}},
	// hashtags
	{"leet digits inside hashtag words", "#J01nTheD4wla #Top10Songs #G7", []tok{
		{"#J01nTheD4wla", "j01nthed4wla", Hashtag, 0}, w("J01n", "join", InHashtag, Leet), w("The", "the", InHashtag), w("D4wla", "dawla", InHashtag, Leet),
		{"#Top10Songs", "top10songs", Hashtag, 0}, w("Top10", "topio", InHashtag), w("Songs", "songs", InHashtag),
		{"#G7", "g7", Hashtag, 0}, w("G", "g", InHashtag), w("7", "7", InHashtag)}},
	{"capitals before a word in a hashtag", "#ÉTATIslamique", []tok{{"#ÉTATIslamique", "etatislamique", Hashtag, 0},
		w("ÉTAT", "etat", InHashtag), w("Islamique", "islamique", InHashtag)}},
	// modifier letter apostrophe alone: a word, not a hang
	{"modifier apostrophe", "ʼ", []tok{w("ʼ", "'")}},
}

// TestLiteral checks that a literal document undoes no disguise, but still
// folds case, accents and ligatures.
func TestLiteral(t *testing.T) {
	tokenTable(t, true, literalTests)
	// no disguise flag is ever set
	d := &Document{Literal: true}
	d.Reset("h1jra dаwla ji\u200bhad t u e z k*ffar jihaaaad ｋ１ｌｌ 𝐣𝐢𝐡𝐚𝐝 #J01n")
	for i, tk := range d.Tokens {
		assert.Zero(t, tk.Flags&Obfuscated, "%q: %s", d.Surface(i), tk.Flags)
	}
}

var literalTests = []tokenCase{
	{"case and accents", "ÉTAT Œuvre", []tok{w("ÉTAT", "etat", Accented), w("Œuvre", "oeuvre", Accented)}},
	{"leet", "h1jra j!had", []tok{w("h1jra", "h1jra"), w("j", "j"), punct("!"), w("had", "had")}},
	{"homoglyphs", "dаwla ＪＩＨＡＤ", []tok{w("dаwla", "dаwla"), w("ＪＩＨＡＤ", "ｊｉｈａｄ")}},
	{"invisible characters separate", "ji\u200bhad", []tok{w("ji", "ji"), w("had", "had")}},
	{"spaced letters", "t u e z", []tok{w("t", "t"), w("u", "u"), w("e", "e"), w("z", "z")}},
	{"masks", "k*ffar", []tok{w("k", "k"), punct("*"), w("ffar", "ffar")}},
	{"elongation", "jihaaaad", []tok{w("jihaaaad", "jihaaaad")}},
	{"fullwidth digits", "１４８８", []tok{{"１４８８", "１４８８", Number, 0}}},
	{"elisions, contractions and e-mail stay", "l'État don't a@b.fr", []tok{w("l'", "l'", Elided), w("État", "etat"),
		w("do", "do"), w("n't", "n't", Contraction), {"a@b.fr", "b.fr", URL, 0}}},
}
