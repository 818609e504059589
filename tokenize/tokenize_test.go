package tokenize

import (
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// tok describes an expected token: surface, normal form, kind and the flags
// that must be set.
type tok struct {
	surface, norm string
	kind          Kind
	flags         Flags
}

func w(surface, norm string, flags ...Flags) tok {
	var f Flags
	for _, x := range flags {
		f |= x
	}
	return tok{surface, norm, Word, f}
}

func TestTokens(t *testing.T) {
	tests := []struct {
		name string
		text string
		want []tok
	}{
		{"french elisions", "l'État qu'il jusqu'à aujourd'hui", []tok{
			w("l'", "l'", Elided), w("État", "etat", Accented), w("qu'", "qu'", Elided), w("il", "il"),
			w("jusqu'", "jusqu'", Elided), w("à", "a"), w("aujourd'hui", "aujourd'hui")}},
		{"curly apostrophe", "l’Oumma c’est", []tok{w("l’", "l'", Elided), w("Oumma", "oumma"), w("c’", "c'", Elided), w("est", "est")}},
		{"verb-pronoun hyphen", "Rejoins-nous, a-t-il dit", []tok{
			w("Rejoins", "rejoins"), w("nous", "nous", AfterHyphen), {",", ",", Punct, 0},
			w("a", "a"), w("t", "t", AfterHyphen), w("il", "il", AfterHyphen), w("dit", "dit")}},
		{"english contractions", "don't I'm they're can't", []tok{
			w("do", "do"), w("n't", "n't", Contraction), w("I", "i"), w("'m", "'m", Contraction),
			w("they", "they"), w("'re", "'re", Contraction), w("ca", "ca"), w("n't", "n't", Contraction)}},
		{"hashtag words", "#RejoignezLeCalifat #ISISNews", []tok{
			{"#RejoignezLeCalifat", "rejoignezlecalifat", Hashtag, 0},
			w("Rejoignez", "rejoignez", InHashtag), w("Le", "le", InHashtag), w("Califat", "califat", InHashtag),
			{"#ISISNews", "isisnews", Hashtag, 0}, w("ISIS", "isis", InHashtag), w("News", "news", InHashtag)}},
		{"mention and url", "@Abu_1 https://JustPaste.it/x?a=1. www.example.com", []tok{
			{"@Abu_1", "abu_1", Mention, 0}, {"https://JustPaste.it/x?a=1", "justpaste.it", URL, 0},
			{".", ".", Punct, 0}, {"www.example.com", "example.com", URL, 0}}},
		{"bare domain", "voir justpaste.it/abc et t.me/chaine", []tok{
			w("voir", "voir"), {"justpaste.it/abc", "justpaste.it", URL, 0}, w("et", "et"), {"t.me/chaine", "t.me", URL, 0}}},
		{"email", "ecris a abu@mail.com", []tok{w("ecris", "ecris"), w("a", "a"), {"abu@mail.com", "mail.com", URL, 0}}},
		{"numbers", "1488 14/88 3,5 10:30", []tok{{"1488", "1488", Number, 0}, {"14/88", "14/88", Number, 0},
			{"3,5", "3,5", Number, 0}, {"10:30", "10:30", Number, 0}}},
		{"emoji", "ok 🔥 🇫🇷 👍🏽", []tok{w("ok", "ok"), {"🔥", "🔥", Emoji, 0}, {"🇫🇷", "🇫🇷", Emoji, 0}, {"👍🏽", "👍🏽", Emoji, 0}}},
		{"leet", "h1jra D4wla k0uffar", []tok{w("h1jra", "hijra", Leet), w("D4wla", "dawla", Leet), w("k0uffar", "kouffar", Leet)}},
		{"leet symbols", "j!had mu$lims", []tok{w("j!had", "jihad", Leet), w("mu$lims", "muslims", Leet)}},
		{"masked", "k*ffar f**k", []tok{w("k*ffar", "k*ffar", Masked), w("f**k", "f**k", Masked)}},
		{"elongated", "jihaaaad", []tok{w("jihaaaad", "jihaaaad", Elongated)}},
		{"spaced", "t u e z les", []tok{w("t u e z", "tuez", Spaced), w("les", "les")}},
		{"spaced words", "r e j o i g n e z   l a   d a w l a", []tok{w("r e j o i g n e z", "rejoignez", Spaced),
			w("l a", "la", Spaced), w("d a w l a", "dawla", Spaced)}},
		{"dotted", "j.i.h.a.d", []tok{w("j.i.h.a.d", "jihad", Spaced)}},
		{"abbreviation", "the U.S. army", []tok{w("the", "the"), w("U.S.", "us"), w("army", "army")}},
		{"cyrillic homoglyph", "dаwla", []tok{w("dаwla", "dawla", Homoglyph)}},
		{"greek homoglyph", "jιhad", []tok{w("jιhad", "jihad", Homoglyph)}},
		{"fullwidth", "ＪＩＨＡＤ", []tok{w("ＪＩＨＡＤ", "jihad", Homoglyph)}},
		{"mathematical", "𝐣𝐢𝐡𝐚𝐝", []tok{w("𝐣𝐢𝐡𝐚𝐝", "jihad", Homoglyph)}},
		{"zero width", "ji\u200bhad", []tok{w("ji\u200bhad", "jihad", Invisible)}},
		{"ligatures", "Œuvre cœur", []tok{w("Œuvre", "oeuvre", Accented), w("cœur", "coeur", Accented)}},
		{"capitals and accents", "ÉTAT ISLAMIQUE", []tok{w("ÉTAT", "etat", Accented), w("ISLAMIQUE", "islamique")}},
		{"repeated punctuation", "non!!! -- ok", []tok{w("non", "non"), {"!!!", "!!!", Punct, 0}, {"--", "--", Punct, 0}, w("ok", "ok")}},
		{"quotes", "« tuez » \"kill\"", []tok{{"«", "\"", Punct, 0}, w("tuez", "tuez"), {"»", "\"", Punct, 0},
			{"\"", "\"", Punct, 0}, w("kill", "kill"), {"\"", "\"", Punct, 0}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := Tokenize(tt.text)
			var got []string
			for i, tk := range d.Tokens {
				got = append(got, fmt.Sprintf("%q→%q %s", d.Surface(i), d.Norm(i), tk.Kind))
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

func TestSentenceStarts(t *testing.T) {
	d := Tokenize("Première phrase. Deuxième ? Troisième\nQuatrième")
	var starts []string
	for i, tk := range d.Tokens {
		if tk.Flags&SentenceStart != 0 {
			starts = append(starts, d.Surface(i))
		}
	}
	assert.Equal(t, []string{"Première", "Deuxième", "Troisième", "Quatrième"}, starts)
}

func TestNoSpacedFalseJoin(t *testing.T) {
	// Only single letters are joined: words are never glued together.
	d := Tokenize("hot water is a b")
	for i := range d.Tokens {
		assert.NotEqual(t, "hotwater", d.Norm(i))
	}
	assert.Len(t, d.Tokens, 5)
}

func TestLang(t *testing.T) {
	tests := []struct {
		text string
		want Lang
	}{
		{"Les frères sont partis pour la Syrie et ils ne reviendront pas.", French},
		{"The brothers left for Syria and they will not come back.", English},
		{"jihad dawla khilafah", Undetermined},
		{"", Undetermined},
		{"ils ont dit que c'est fini", French},
		{"we told them it's over", English},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, Tokenize(tt.text).Lang, tt.text)
	}
}

func TestFold(t *testing.T) {
	for in, want := range map[string]string{
		"État islamique": "etat islamique", "ETAT ISLAMIQUE": "etat islamique", "dаwla": "dawla", "Ｄａｗｌａ": "dawla",
		"ji\u200bhad": "jihad", "naïve façade": "naive facade", "مرحبا": "مرحبا",
	} {
		assert.Equal(t, want, Fold(in), in)
	}
}

// reused is a document that checkOffsets resets for each input, to check
// that a reused document gives what a new one gives.
var reused Document

// checkOffsets verifies the guarantees every document gives, for any input,
// read normally and literally.
func checkOffsets(t testing.TB, text string) {
	t.Helper()
	d := Tokenize(text)
	checkDocument(t, d, text)
	lit := &Document{Literal: true}
	lit.Reset(text)
	checkDocument(t, lit, text)
	reused.Reset(text)
	if len(reused.Tokens) != len(d.Tokens) {
		t.Fatalf("a reused document has %d tokens, a new one %d: %q", len(reused.Tokens), len(d.Tokens), text)
	}
	for i := range d.Tokens {
		if reused.Tokens[i] != d.Tokens[i] || reused.Norm(i) != d.Norm(i) {
			t.Fatalf("token %d of a reused document differs: %q", i, text)
		}
	}
}

func checkDocument(t testing.TB, d *Document, text string) {
	t.Helper()
	valid := utf8.ValidString(text)
	prevStart := 0
	for i, tk := range d.Tokens {
		if tk.Start < 0 || tk.End > len(text) || tk.Start >= tk.End {
			t.Fatalf("token %d: bad span [%d,%d) in %d bytes: %q", i, tk.Start, tk.End, len(text), text)
		}
		if tk.Start < prevStart {
			t.Fatalf("token %d starts at %d before the previous token's start %d: %q", i, tk.Start, prevStart, text)
		}
		prevStart = tk.Start
		if valid && (!utf8.RuneStart(text[tk.Start]) || tk.End < len(text) && !utf8.RuneStart(text[tk.End])) {
			t.Fatalf("token %d: span [%d,%d) cuts a character: %q", i, tk.Start, tk.End, text)
		}
		if tk.Kind < Word || tk.Kind > Punct {
			t.Fatalf("token %d: invalid kind %d", i, tk.Kind)
		}
		// what the tokenizer records of the normal form agrees with it
		norm := d.NormBytes(i)
		h, plain := uint64(14695981039346656037), true
		for _, c := range norm {
			h = (h ^ uint64(c)) * 1099511628211
			plain = plain && c > ' ' && c < 0x7f
		}
		if d.NormHash(i) != h || d.NormASCII(i) != plain {
			t.Fatalf("token %d %q: NormHash %#x (FNV-1a %#x), NormASCII %v: %q", i, norm, d.NormHash(i), h, d.NormASCII(i), text)
		}
	}
}

func TestOffsetsOnHostileInput(t *testing.T) {
	inputs := []string{
		"", " ", "\x00\x00", "\xff\xfe\xfd", "a\x00b", "l'", "'", "qu'", "#", "@", "#_", "@@", "http://", "www.",
		"a.b.c.d.e", "a b c d e f g", "x*", "*x", "k**", "1.2.3.4.5", "🔥\u200d", "\u200b\u200b", "é\u0301\u0301",
		strings.Repeat("a", 1<<16), strings.Repeat("a ", 1000), strings.Repeat("\u200b", 100), "don'", "n't", "-nous",
		"jusqu'\xff", "t.me/", "a@", "a@b.", "l’\u200b", "\u0301x", "𝐣", "\U0010FFFF",
	}
	for _, in := range inputs {
		checkOffsets(t, in)
	}
}

func FuzzTokenize(f *testing.F) {
	for _, s := range tokenizeSeeds() {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		checkOffsets(t, s)
		checkStructure(t, Tokenize(s))
	})
}

func TestResetDoesNotAllocate(t *testing.T) {
	text := "Rejoignez l'État islamique, frères ! I don't know #RejoignezLeCalifat https://t.me/x 1488 🔥 k*ffar h1jra " +
		"dаwla ji\u200b\u200bhad t u e z y o u'll s o u s-h o m m e s j.i.h.a.d. 4p0$t@te ｋ１ｌｌ 𝑗𝑖ℎ𝑎𝑑 １４８８ ΗΑΝG #J01nTheD4wla jihaaaad"
	for _, literal := range []bool{false, true} {
		d := Document{Literal: literal}
		d.Reset(text)
		allocs := testing.AllocsPerRun(100, func() { d.Reset(text) })
		assert.Zero(t, allocs, "Reset on reused storage, literal %v", literal)
	}
}

func TestParseLang(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want Lang
		ok   bool
	}{
		{"fr", French, true},
		{"en", English, true},
		{"und", Undetermined, true},
		{"", Undetermined, true},
		{"de", Undetermined, false},
		{"FR", Undetermined, false},
	} {
		got, ok := ParseLang(tc.in)
		assert.Equal(t, tc.want, got, "%q", tc.in)
		assert.Equal(t, tc.ok, ok, "%q", tc.in)
		if ok {
			back, _ := ParseLang(got.String())
			assert.Equal(t, got, back, "%q round trip", tc.in)
		}
	}
}
