package classify

import (
	"fmt"

	"github.com/vigie-project/vigie/lexicon"
	"github.com/vigie-project/vigie/tokenize"
)

// Level is how much attention a text needs from a reviewer.
type Level uint8

// The levels, from no signal to clear propaganda.
const (
	None   Level = iota // no signal
	Low                 // the topic is present, but the text reports, counters, negates or asks
	Medium              // sympathy, dehumanisation or ideological signals a reviewer should see
	High                // propaganda, recruitment, incitement, glorification or threat
)

var levelNames = [...]string{"none", "low", "medium", "high"}

// String returns "none", "low", "medium" or "high".
func (l Level) String() string {
	if int(l) < len(levelNames) {
		return levelNames[l]
	}
	return fmt.Sprintf("Level(%d)", uint8(l))
}

// MarshalText encodes the level as its name.
func (l Level) MarshalText() ([]byte, error) { return []byte(l.String()), nil }

// UnmarshalText decodes a level name.
func (l *Level) UnmarshalText(b []byte) error {
	v, ok := ParseLevel(string(b))
	if !ok {
		return fmt.Errorf("classify: unknown level %q", b)
	}
	*l = v
	return nil
}

// ParseLevel returns the level with the given name.
func ParseLevel(s string) (Level, bool) {
	for i, n := range levelNames {
		if n == s {
			return Level(i), true
		}
	}
	return None, false
}

// Flagged reports whether the level asks for a reviewer's attention (medium or high).
func (l Level) Flagged() bool { return l >= Medium }

// Result is an explained risk label. Its numbers add up (W stands for the
// classifier's Weights; every number is rounded to four decimals):
//
//   - each signal's Weight is its Base less what the entries of Context
//     removed from it; a Repeat signal's Weight is 0: it does not count;
//   - Weight is the sum of the signals' Weight;
//   - each of Scores is the larger of the lexicon's probability of that risk
//     and the trained model's calibrated probability of it
//     (Model.Of(risk).Probability). The lexicon's probability is P(w), where w
//     is the weight of the signals that are evidence of the risk (RiskOf);
//     the risk with the largest w (the first in the order extremism,
//     violence, hate) takes P of the weight of all signals but topic instead,
//     when that is larger and reaches W.MediumThreshold. With a model,
//     P(w) = Sigmoid(W.Scale × (w − W.MediumThreshold) + logit(t)), where t
//     is the model's Threshold, so that W.MediumThreshold lands on it; without
//     one, P(w) = Sigmoid(W.Bias + W.Scale × w);
//   - Score is the highest of Scores (Scores.Max), and the level follows it:
//     a text is flagged (Medium or High) if and only if Score reaches the
//     threshold (W.FlagAt when set, else the model's Threshold, or without
//     a model Sigmoid(W.Bias + W.Scale × W.MediumThreshold)), so that a queue sorted
//     by Score is sorted by risk; High also needs the signals of propaganda,
//     recruitment, incitement, glorification and threat to weigh
//     W.HighThreshold together; a text that is not flagged is Low when it has
//     signals, None otherwise.
type Result struct {
	Lang      tokenize.Lang `json:"lang"`                // language of the text
	Level     Level         `json:"level"`               // none, low, medium or high
	Score     float64       `json:"score"`               // risk in [0, 1]: the highest of Scores
	Scores    Scores        `json:"scores"`              // the probability of each kind of risk
	Weight    float64       `json:"weight"`              // the lexicon's total: the sum of the signals' Weight
	Signals   []Signal      `json:"signals"`             // the evidence of risk, in text order
	Context   []Context     `json:"context"`             // the evidence that lowered the risk
	Model     *ModelScore   `json:"model,omitempty"`     // the trained model's view, when there is a model
	Rationale string        `json:"rationale"`           // one line, in the text's language
	Truncated bool          `json:"truncated,omitempty"` // only the first tokenize.MaxTextBytes bytes were read
}

// ModelScore is what the trained model saw: one logistic regression per
// risk (Head) over the same features, the strongest of those features with
// their weight for each risk, and the context that framed them.
//
// The model reads words, not how they are framed; the framing the lexicon
// finds (reporting, counter-speech, quotation, question; idioms for
// violence, religious practice for extremism) lowers the positive evidence
// of the sentences it governs, as it lowers signals. Each head scores the
// whole text and each sentence, and keeps the larger: a sentence added to a
// text cannot lower the evidence of the others.
type ModelScore struct {
	Extremism Head      `json:"extremism"` // support for a violent extremist movement
	Violence  Head      `json:"violence"`  // threats and incitement
	Hate      Head      `json:"hate"`      // dehumanisation and attacks on a group
	Features  []Feature `json:"features"`  // the strongest contributions, by their largest absolute weight, at most MaxFeatures
	Framing   []Context `json:"framing"`   // the cues that lowered positive evidence; Effect is the largest they removed from one head's z
	Raised    bool      `json:"raised"`    // the model's probability flagged the text: the lexicon alone did not
}

// Head is one risk's logistic regression. Its numbers add up: TextZ = Bias
// + the sum of the Features' weights for this risk + Rest + Framing, and
// Probability is the model's calibration of Z.
type Head struct {
	Z           float64 `json:"z"`           // the log-odds the probability comes from: the larger of TextZ and the strongest sentence's, after framing
	Probability float64 `json:"probability"` // calibrated probability of this risk
	TextZ       float64 `json:"text_z"`      // the whole text's log-odds, after framing
	Bias        float64 `json:"bias"`        // the head's intercept
	Rest        float64 `json:"rest"`        // the sum of the contributions not listed in Features
	Framing     float64 `json:"framing"`     // what framing removed from the whole text's positive evidence (≤ 0)
	Start       int     `json:"start"`       // the span Z comes from: the whole text, or its strongest sentence
	End         int     `json:"end"`         //
}

// Of returns the head of risk k.
func (m *ModelScore) Of(k Risk) *Head {
	switch k {
	case Violence:
		return &m.Violence
	case Hate:
		return &m.Hate
	}
	return &m.Extremism
}

// MaxFeatures is how many model features a result lists.
const MaxFeatures = 10

// Feature is one feature of the trained model present in the text.
type Feature struct {
	Name    string `json:"name"`    // "w:kuffar" (a word), "b:join us" (a pair), "k:caliphate" (a lexicon concept), "c:recruitment" (a category), "x:reporting" (a context)
	Text    string `json:"text"`    // its first occurrence, as written ("" for context features without a span)
	Start   int    `json:"start"`   // byte offset of Text
	End     int    `json:"end"`     // byte offset of its end
	Weights Scores `json:"weights"` // what it added to each risk's z, in log-odds (negative: it lowered the risk)
}

// Signal is one piece of evidence of risk.
type Signal struct {
	Category lexicon.Category `json:"category"`        // what it signals
	Concept  string           `json:"concept"`         // the language-neutral concept
	Text     string           `json:"text"`            // the matched text, as written
	Start    int              `json:"start"`           // byte offset of Text in the input
	End      int              `json:"end"`             // byte offset of the end of Text
	Weight   float64          `json:"weight"`          // contribution to the score, after context
	Base     float64          `json:"base"`            // contribution before context
	Source   string           `json:"source"`          // the lexicon line or rule that fired ("en.tsv:42", "rules.tsv:3 threat-intent"), for people
	ID       string           `json:"id"`              // the stable identifier of that entry or rule ("en-3f9a2c01", "rule-threat-intent"), lexicon.Entry.ID
	Disguise tokenize.Flags   `json:"disguise"`        // how the text was disguised (leet, homoglyph, spaced...), if it was: only flags of tokenize.Obfuscated; JSON lists their names
	Parts    []Part           `json:"parts,omitempty"` // for rules: the components that were joined
	Repeat   bool             `json:"repeat"`          // an earlier signal of the same concept and category already counted
}

// Part is one component of a rule's signal.
type Part struct {
	Category lexicon.Category `json:"category"`
	Concept  string           `json:"concept"`
	Text     string           `json:"text"`
	Start    int              `json:"start"`
	End      int              `json:"end"`
	Weight   float64          `json:"weight"` // the component's strength
	Source   string           `json:"source"` // the lexicon line, for people
	ID       string           `json:"id"`     // the entry's stable identifier
}

// Context is one piece of evidence that lowered the risk.
type Context struct {
	Kind   lexicon.Category `json:"kind"`   // negation, reporting, counter, question, quotation (mentions too), religious or idiom
	Text   string           `json:"text"`   // the cue, as written
	Start  int              `json:"start"`  // byte offset of the cue
	End    int              `json:"end"`    // byte offset of its end
	Effect float64          `json:"effect"` // what it removed from the signals' weights (≤ 0)
	Share  float64          `json:"share"`  // the share of a signal's weight it removes (its lexicon weight)
	Source string           `json:"source"` // the lexicon line ("fr.tsv:12"), or "structure" for quotation marks and question marks
	ID     string           `json:"id"`     // the entry's stable identifier, or "structure"
}
