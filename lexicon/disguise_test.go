package lexicon

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vigie-project/vigie/tokenize"
)

// disguiseLexicon adds to testLexicon the phrases and stems that the readings
// of Match need.
const disguiseLexicon = testLexicon + `kill	kill	violence	1	test
allah	allah	religious	0.5	test
mujahid	mujahid	ideology	1	test
died a shaheed	martyrdom	glorification	1	test
prête allégeance	bayah	recruitment	3	test
tuez les	kill-them	incitement	3	test
shot	shoot	violence	1	test
pigs	animals	vermin	1	test
assassin*	assassin	violence	1	test
should be shot	shoot	incitement	2	test
`

// TestMatchDisguises covers what Match reads beyond the tokenizer's normal
// forms: the two readings of a leet 1, masks and elongations in phrases and
// stems, and the words of spaced runs that swallowed a one-letter word.
func TestMatchDisguises(t *testing.T) {
	l := mustLexicon(t, disguiseLexicon)
	tests := []struct {
		name, text string
		want       []string
	}{
		{"leet 1 read as l", "k1ll 4114h", []string{"allah=4114h", "kill=k1ll"}},
		{"leet 1 as i and l in one word", "1514m j1h4d", []string{"jihad=j1h4d"}},
		{"leet 1 read as l in a phrase", "pr3t3 a1légeance", []string{"prête allégeance=pr3t3 a1légeance"}},
		{"masked first word of a phrase", "r*joignez vite le califat", []string{"califat=califat", "rejoignez ... califat=r*joignez vite le califat"}},
		{"masked later word of a phrase", "rejoignez le c*lifat", []string{"califat=c*lifat", "rejoignez ... califat=rejoignez le c*lifat"}},
		{"masked stem", "ils vont ég*rger", []string{"égorg*=ég*rger"}},
		{"elongated stem", "égooooorger assaaaaassins", []string{"assassin*=assaaaaassins", "égorg*=égooooorger"}},
		{"spaced phrase in one run", "t u e z l e s", []string{"tuez les=t u e z l e s"}},
		{"spaced run with a one-letter word", "marry a m u j a h i d", []string{"mujahid=m u j a h i d"}},
		{"spaced run that swallowed a word after", "le c a l i f a t a besoin", []string{"califat=c a l i f a t"}},
		{"phrase through a swallowed word", "p r ê t e   a l l é g e a n c e à l'émir", []string{"prête allégeance=p r ê t e   a l l é g e a n c e"}},
		{"phrase word inside a spaced run", "died a s h a h e e d", []string{"died a shaheed=died a s h a h e e d"}},
		{"masked swear words are not terms", "sh*t pi*s", nil},
		{"a masked swear word inside a phrase is the phrase's word", "they should be sh*t", []string{"should be shot=should be sh*t"}},
		{"a word of one repeated letter is not elongated", "jiiii", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, matched(l, tt.text))
		})
	}
}

// TestMatchSpans checks that every match, whatever reading found it, spans
// whole characters of the text it was found in.
func TestMatchSpans(t *testing.T) {
	l := mustLexicon(t, disguiseLexicon)
	for _, text := range []string{"marry a m u j a h i d", "c a l i f a t a", "é t e r n e l à m u j a h i d", "à k i l l",
		"p r ê t e   a l l é g e a n c e à", "k1ll ｋ１ｌｌ", "Y a l l a h"} {
		doc := tokenize.Tokenize(text)
		for _, m := range l.Match(doc, nil) {
			require.True(t, m.Start >= 0 && m.Start < m.End && m.End <= len(text), "%q: [%d,%d)", text, m.Start, m.End)
			s := text[m.Start:m.End]
			assert.Equal(t, strings.TrimSpace(s), s, "%q: %q", text, s)
			assert.True(t, m.Start == 0 || text[m.Start-1] == ' ' || text[m.Start-1] == '.', "%q: %q starts inside a word", text, s)
		}
	}
}

// TestMatchDisguisesDoesNotAllocate runs the readings of disguises on the
// hot path: none of them allocates.
func TestMatchDisguisesDoesNotAllocate(t *testing.T) {
	l := mustLexicon(t, disguiseLexicon)
	doc := tokenize.Tokenize("k1ll 4114h r*joignez le c*lifat ég*rger égooooorger t u e z l e s marry a m u j a h i d " +
		"le c a l i f a t a besoin p r ê t e   a l l é g e a n c e à l'émir died a s h a h e e d sh*t")
	dst := make([]Match, 0, 64)
	allocs := testing.AllocsPerRun(100, func() { dst = l.Match(doc, dst[:0]) })
	assert.Zero(t, allocs)
	assert.NotEmpty(t, dst)
}

// TestNumbersStayNumbers: the number codes of the default lexicon (1488,
// 14/88, 2083) match where they stand alone, never in prices, dates, times,
// phone numbers, measures or longer numbers.
func TestNumbersStayNumbers(t *testing.T) {
	l, err := Default()
	require.NoError(t, err)
	codes := func(text string) []string {
		var out []string
		for _, m := range l.Match(tokenize.Tokenize(text), nil) {
			if e := l.Entry(int(m.Entry)); e.Concept == "1488" || e.Concept == "2083" {
				out = append(out, text[m.Start:m.End])
			}
		}
		return out
	}
	tests := []struct {
		name, text string
		want       []string
	}{
		{"code alone", "Fier d'être blanc. 1488", []string{"1488"}},
		{"code with a slash", "14/88 brothers", []string{"14/88"}},
		{"fullwidth code", "１４８８", []string{"１４８８"}},
		{"price after", "1488 € le vélo, 1488€, 1488 euros, 1488 EUR", nil},
		{"price before", "€1488 $1488 £1488", nil},
		{"price with cents", "1488,50 € ou 14,88 €", nil},
		{"grouped digits", "1 488 € et 21 488 habitants", nil},
		{"dates", "le 14/08/2020, 14/88/2020, 2020-14-88, 14.08.1988", nil},
		{"year", "né en 1488, in 1488, l'an 1488, year 1488", nil},
		{"times", "14:88 ou 14h88", nil},
		{"phone numbers", "06 14 88 14 88, +33 6 14 88 14 88, 01.48.81.48.80, 555-1488", nil},
		{"measures", "1488 km, 1488 kg, 1488 ans, 1488 m, 1488 %", nil},
		{"references", "page 1488, n° 1488, #1488, tel 1488", nil},
		{"longer numbers", "14880 11488 1488.5 2083000", nil},
		{"ordinals and plurals", "1488th 1488s", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, codes(tt.text))
		})
	}
}

// TestScunthorpe: terms match whole tokens, normalised or not, and never a
// part of a longer word ("isis" in "crisis", "nazi" in "Nazir"). For every
// single-word term of the default lexicon that is not a stem, the term glued
// to other letters, disguised in every way the tokenizer undoes, matches
// nothing of that term.
func TestScunthorpe(t *testing.T) {
	l, err := Default()
	require.NoError(t, err)
	for _, text := range []string{"crisis", "Crisis in Syria", "Nazir Nazareth", "Scunthorpe", "assassinat", "Dawlance",
		"cr1s1s", "c r i s i s", "CRISIS", "Essex", "Sussex", "shitake", "cocktail", "Dickens", "Penistone", "Arsenal"} {
		for _, m := range l.Match(tokenize.Tokenize(text), nil) {
			e := l.Entry(int(m.Entry))
			if e.Category.Class() == Signal {
				t.Errorf("%q: %s (%s) matches %q", text, e.Term, e.Category, text[m.Start:m.End])
			}
		}
	}
	for i := 0; i < l.Len(); i++ {
		e := l.Entry(i)
		if len(e.words) != 1 || e.words[0].prefix || e.words[0].kind != tokenize.Word || len(e.words[0].key) < 3 {
			continue
		}
		key := e.words[0].key
		for _, glued := range []string{"x" + key, key + "x", "zz" + key + "zz", "x" + strings.ToUpper(key), "x" + key + "1", "x*" + key} {
			if strings.HasPrefix(glued, "zz") && (key[0] == 'z' || key[len(key)-1] == 'z') {
				continue // an elongated z of the word itself (zigouillez), not another letter
			}
			for _, m := range l.Match(tokenize.Tokenize(glued), nil) {
				if int(m.Entry) == i {
					t.Errorf("%s: term %q matches inside %q", e.Ref, e.Term, glued)
				}
			}
		}
	}
}

// TestMaskedProfanity: a masked swear word is never read as a term of the
// default lexicon that it also fits.
func TestMaskedProfanity(t *testing.T) {
	l, err := Default()
	require.NoError(t, err)
	for _, p := range profanity {
		for k := 1; k < len(p)-1; k++ {
			masked := p[:k] + "*" + p[k+1:]
			for _, m := range l.Match(tokenize.Tokenize(masked), nil) {
				e := l.Entry(int(m.Entry))
				t.Errorf("%q matches %s (%s)", masked, e.Term, e.Ref)
			}
		}
	}
}
