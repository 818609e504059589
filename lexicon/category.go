package lexicon

import "fmt"

// Category is what a lexicon entry says about a text: a signal of risk, a
// component that rules join into signals, or a context that lowers risk.
type Category uint8

// Signals: they add risk on their own.
const (
	Ideology       Category = iota + 1 // in-group vocabulary of a movement
	Recruitment                        // calls to join, travel, pledge allegiance, move to a private channel
	Incitement                         // calls for violence against people
	Glorification                      // praise of attacks and their authors, martyrdom
	Dehumanisation                     // words that deny an out-group its humanity
	Threat                             // first-person intent or leakage of a plan to harm
	Propaganda                         // official channels and releases of a movement
	Conspiracy                         // grievance and conspiracy narratives
	Topic                              // the subject is present, as news and counter-speech also name it

	// Components: they add risk only when a rule joins them.
	Intent      // first-person future or volition
	Call        // obligation, exhortation, wish
	Violence    // violent action
	Group       // a people reference: group nouns, plural pronouns
	Likening    // a copula or comparison that equates people with something
	Vermin      // animal, vermin or disease nouns
	Praise      // praise or blessing of a person
	Perpetrator // authors and acts of attacks
	Infest      // what is said of vermin said of people: infest, swarm, breed like, hordes of
	Riddance    // euphemisms for killing or removing people: get rid of, en finir avec, take out the trash
	Future      // a future or passive said of others: will be, will all be, sera, seront, se feront

	// Context: it lowers the risk of the signals in its scope.
	Negation  // ne … pas, not, never
	Reporting // news verbs and attribution
	Counter   // condemnation and counter-speech
	Question  // questions
	Quotation // quoting verbs; quoted passages
	Religious // ordinary religious practice
	Idiom     // sports and gaming idioms
	Contrast  // but, mais, however: a reporting or counter-speech cue before it does not reach past it
	Mention   // saying, writing, reading, hearing, unattributed: qui disent, arrêtez de dire, de lire; quotations only
	Inclusion // je suis de ceux, I'm one of those, je suis d'accord avec: a frame right after it is the writer's own side

	numCategories
)

var categoryNames = [numCategories]string{"", "ideology", "recruitment", "incitement", "glorification", "dehumanisation",
	"threat", "propaganda", "conspiracy", "topic", "intent", "call", "violence", "group", "likening", "vermin", "praise",
	"perpetrator", "infest", "riddance", "future", "negation", "reporting", "counter", "question", "quotation", "religious", "idiom", "contrast", "mention", "inclusion"}

// Class groups the categories by what they do.
type Class uint8

// The classes of category.
const (
	Signal    Class = iota + 1 // adds risk
	Component                  // adds risk inside a rule
	Context                    // lowers risk
)

// String returns "signal", "component" or "context".
func (c Class) String() string {
	switch c {
	case Signal:
		return "signal"
	case Component:
		return "component"
	case Context:
		return "context"
	}
	return "invalid"
}

// Class returns whether c is a signal, a component or a context.
func (c Category) Class() Class {
	switch {
	case c >= Ideology && c <= Topic:
		return Signal
	case c >= Intent && c <= Future:
		return Component
	case c >= Negation && c <= Inclusion:
		return Context
	}
	return 0
}

// Valid reports whether c is one of the defined categories.
func (c Category) Valid() bool { return c > 0 && c < numCategories }

// String returns the category's name as written in lexicon files.
func (c Category) String() string {
	if c.Valid() {
		return categoryNames[c]
	}
	return fmt.Sprintf("Category(%d)", uint8(c))
}

// MarshalText encodes the category as its name.
func (c Category) MarshalText() ([]byte, error) {
	if !c.Valid() {
		return nil, fmt.Errorf("lexicon: invalid category %d", uint8(c))
	}
	return []byte(categoryNames[c]), nil
}

// UnmarshalText decodes a category name.
func (c *Category) UnmarshalText(b []byte) error {
	v, ok := ParseCategory(string(b))
	if !ok {
		return fmt.Errorf("%w %q", ErrCategory, b)
	}
	*c = v
	return nil
}

// ParseCategory returns the category with the given name.
func ParseCategory(name string) (Category, bool) {
	for i := Category(1); i < numCategories; i++ {
		if categoryNames[i] == name {
			return i, true
		}
	}
	return 0, false
}

// Categories returns every category in order.
func Categories() []Category {
	out := make([]Category, 0, numCategories-1)
	for i := Category(1); i < numCategories; i++ {
		out = append(out, i)
	}
	return out
}

// MaxWeight is the largest weight an entry or rule can have. Signals and rules
// weigh in (0, MaxWeight]; components and context in (0, 1].
const MaxWeight = 5

// weightRange returns the weights allowed for the category.
func (c Category) weightRange() (lo, hi float64) {
	if c.Class() == Signal {
		return 0, MaxWeight
	}
	return 0, 1
}
