package classify

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/vigie-project/vigie/lexicon"
	"github.com/vigie-project/vigie/tokenize"
)

// The words of the rationale, in French and English. Texts in neither
// language get English.
var (
	levelWords = map[tokenize.Lang][4]string{
		tokenize.French:  {"Aucun signal", "Faible", "Moyen", "Élevé"},
		tokenize.English: {"No signal", "Low", "Medium", "High"},
	}
	categoryWords = map[tokenize.Lang]map[lexicon.Category]string{
		tokenize.French: {
			lexicon.Ideology: "vocabulaire idéologique", lexicon.Recruitment: "recrutement", lexicon.Incitement: "incitation à la violence",
			lexicon.Glorification: "glorification", lexicon.Dehumanisation: "déshumanisation", lexicon.Threat: "menace",
			lexicon.Propaganda: "diffusion de propagande", lexicon.Conspiracy: "récit complotiste", lexicon.Topic: "sujet évoqué",
			lexicon.Negation: "négation", lexicon.Reporting: "compte rendu", lexicon.Counter: "contre-discours",
			lexicon.Question: "question", lexicon.Quotation: "citation", lexicon.Religious: "pratique religieuse", lexicon.Idiom: "expression idiomatique",
		},
		tokenize.English: {
			lexicon.Ideology: "ideological vocabulary", lexicon.Recruitment: "recruitment", lexicon.Incitement: "incitement to violence",
			lexicon.Glorification: "glorification", lexicon.Dehumanisation: "dehumanisation", lexicon.Threat: "threat",
			lexicon.Propaganda: "propaganda distribution", lexicon.Conspiracy: "conspiracy narrative", lexicon.Topic: "topic mentioned",
			lexicon.Negation: "negation", lexicon.Reporting: "reporting", lexicon.Counter: "counter-speech",
			lexicon.Question: "question", lexicon.Quotation: "quotation", lexicon.Religious: "religious practice", lexicon.Idiom: "idiom",
		},
	}
)

// plainLevel is the rationale of a text without signals, in English and
// French: the level's words and a full stop.
var plainLevel = func() (p [2][4]string) {
	for i, lang := range []tokenize.Lang{tokenize.English, tokenize.French} {
		for l, w := range levelWords[lang] {
			p[i][l] = w + "."
		}
	}
	return p
}()

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// scope is how a context cue reached the signal it lowered, for the
// rationale.
type scope uint8

const (
	scopeNone      scope = iota // unknown
	scopeSentence               // its sentence
	scopeQuoted                 // a quotation that opens or closes in the cue's sentence
	scopeQuotation              // the quotation itself (quotation marks)
	scopeWords                  // the negated words
	scopeSpan                   // the words it overlaps (an idiom)
)

// scopeWords are the rationale's words for each scope, in English and
// French.
var scopeNames = [2][6]string{
	{"", " in its sentence", " for the quoted sentence", " for the quotation", " negating it", " for the idiom"},
	{"", " dans sa phrase", " pour la phrase citée", " pour la citation", " qui la nie", " pour l'expression"},
}

// lowering is the context cue that lowered the rationale's signal most, and
// how it reached it.
type lowering struct {
	ok     bool
	kind   lexicon.Category
	text   string
	source string
	scope  scope
}

// rationale writes one line that names the level, the strongest evidence and
// the context that lowered it, in the text's language: the cue that lowered
// that evidence most, and how it reached it ("lowered by reporting “selon la
// police” for the quoted sentence"). why says it for each signal's best
// lowering; why(i) reports ok false when nothing lowered signal i.
func rationale(r *Result, why func(i int) lowering) string {
	lang := r.Lang
	if lang != tokenize.French {
		lang = tokenize.English
	}
	fr := lang == tokenize.French
	if len(r.Signals) == 0 && (r.Model == nil || !r.Model.Raised) && r.Level < Level(len(plainLevel[0])) {
		return plainLevel[b2i(fr)][r.Level] // most texts: a constant, no allocation
	}
	var b strings.Builder
	b.Grow(160) // one allocation for most rationales
	b.WriteString(levelWords[lang][r.Level])
	if r.Model != nil && r.Model.Raised {
		return modelRationale(&b, r, fr)
	}
	if len(r.Signals) == 0 {
		b.WriteByte('.')
		return b.String()
	}
	// strongest counted signal; when all were cancelled, the strongest base
	best := -1
	for i := range r.Signals {
		s := &r.Signals[i]
		if s.Repeat {
			continue
		}
		if best < 0 || s.Weight > r.Signals[best].Weight || s.Weight == r.Signals[best].Weight && s.Base > r.Signals[best].Base {
			best = i
		}
	}
	if best < 0 {
		best = 0
	}
	s := &r.Signals[best]
	if fr {
		b.WriteString(" : ")
	} else {
		b.WriteString(": ")
	}
	b.WriteString(categoryWords[lang][s.Category])
	writeQuote(&b, fr, s.Text)
	if n := len(r.Signals) - 1; n > 0 {
		if fr {
			b.WriteString(" et ")
			b.WriteString(strconv.Itoa(n))
			b.WriteString(" autre")
			b.WriteString(plural(n))
			if n > 1 {
				b.WriteString(" signaux")
			} else {
				b.WriteString(" signal")
			}
		} else {
			b.WriteString(" and ")
			b.WriteString(strconv.Itoa(n))
			b.WriteString(" other signal")
			b.WriteString(plural(n))
		}
	}
	w := lowering{}
	if why != nil {
		w = why(best)
	}
	if !w.ok && len(r.Context) > 0 {
		// the signal was not lowered: the context that removed most elsewhere
		c := &r.Context[0]
		for i := range r.Context {
			if r.Context[i].Effect < c.Effect {
				c = &r.Context[i]
			}
		}
		w = lowering{ok: true, kind: c.Kind, text: c.Text, source: c.Source}
	}
	if w.ok {
		if fr {
			b.WriteString(" ; atténué par ")
		} else {
			b.WriteString("; lowered by ")
		}
		b.WriteString(categoryWords[lang][w.kind])
		if w.source != "structure" {
			writeQuote(&b, fr, w.text)
		} else if fr {
			b.WriteString(" (ponctuation)")
		} else {
			b.WriteString(" (punctuation)")
		}
		b.WriteString(scopeNames[b2i(fr)][w.scope])
	}
	b.WriteByte('.')
	return b.String()
}

func plural(n int) string {
	if n > 1 {
		return "s"
	}
	return ""
}

// writeQuote writes evidence to b, quoted in the language's style, its
// spaces collapsed, shortened to a readable length, without allocating.
func writeQuote(b *strings.Builder, fr bool, s string) {
	cut := false
	if len(s) > 60 {
		n := 60
		for n > 0 && s[n]&0xC0 == 0x80 {
			n--
		}
		s, cut = s[:n], true
	}
	if fr {
		b.WriteString(" « ")
	} else {
		b.WriteString(" “")
	}
	sep := false
	for f := range strings.FieldsSeq(s) {
		if sep {
			b.WriteByte(' ')
		}
		b.WriteString(f)
		sep = true
	}
	if cut {
		if last, _ := utf8.DecodeLastRuneInString(s); sep && unicode.IsSpace(last) {
			b.WriteByte(' ') // cut after a space: the ellipsis is a word of its own
		}
		b.WriteString("…")
	}
	if fr {
		b.WriteString(" »")
	} else {
		b.WriteString("”")
	}
}

// modelRationale names the risk the model scored highest and its strongest
// words, when the model made the level.
func modelRationale(b *strings.Builder, r *Result, fr bool) string {
	k, p := r.Scores.Max()
	name := riskWords[b2i(fr)][k]
	if fr {
		b.WriteString(" : modèle entraîné, " + name + " probabilité " + strconv.FormatFloat(p, 'f', 2, 64) + " ; indices")
	} else {
		b.WriteString(": trained model, " + name + " probability " + strconv.FormatFloat(p, 'f', 2, 64) + "; evidence")
	}
	n := 0
	for _, f := range r.Model.Features {
		if f.Weights.Of(k) <= 0 || f.Text == "" {
			continue
		}
		if n > 0 {
			b.WriteByte(',')
		}
		writeQuote(b, fr, f.Text)
		if n++; n == 3 {
			break
		}
	}
	b.WriteByte('.')
	return b.String()
}

// riskWords are the names of the risks in the rationale, in English and
// French.
var riskWords = [2][NumRisks]string{{"extremism", "violence", "hate"}, {"extrémisme", "violence", "haine"}}
