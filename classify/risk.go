package classify

import (
	"fmt"

	"github.com/vigie-project/vigie/lexicon"
)

// Risk is one of the three kinds of risk that a result scores.
type Risk uint8

// The kinds of risk.
const (
	// Extremism is support for a violent extremist movement, jihadist or
	// far-right: propaganda, recruitment, glorification, ideology.
	Extremism Risk = iota
	// Violence is threats and incitement to violence.
	Violence
	// Hate is dehumanisation and attacks on a group for who they are.
	Hate

	// NumRisks is the number of kinds of risk.
	NumRisks = 3
)

var riskNames = [NumRisks]string{"extremism", "violence", "hate"}

// String returns "extremism", "violence" or "hate".
func (k Risk) String() string {
	if int(k) < len(riskNames) {
		return riskNames[k]
	}
	return fmt.Sprintf("Risk(%d)", uint8(k))
}

// MarshalText encodes the kind of risk as its name.
func (k Risk) MarshalText() ([]byte, error) {
	if int(k) >= len(riskNames) {
		return nil, fmt.Errorf("classify: invalid risk %d", uint8(k))
	}
	return []byte(riskNames[k]), nil
}

// UnmarshalText decodes a kind of risk from its name.
func (k *Risk) UnmarshalText(b []byte) error {
	v, ok := ParseRisk(string(b))
	if !ok {
		return fmt.Errorf("classify: unknown risk %q", b)
	}
	*k = v
	return nil
}

// ParseRisk returns the kind of risk with the given name.
func ParseRisk(s string) (Risk, bool) {
	for i, n := range riskNames {
		if n == s {
			return Risk(i), true
		}
	}
	return 0, false
}

// RiskOf returns the kind of risk that a signal category is evidence of:
// threat and incitement are violence, dehumanisation is hate, and ideology,
// recruitment, glorification, propaganda and conspiracy are extremism. Topic
// and the component and context categories are evidence of none (false).
func RiskOf(c lexicon.Category) (Risk, bool) {
	switch c {
	case lexicon.Threat, lexicon.Incitement:
		return Violence, true
	case lexicon.Dehumanisation:
		return Hate, true
	case lexicon.Ideology, lexicon.Recruitment, lexicon.Glorification, lexicon.Propaganda, lexicon.Conspiracy:
		return Extremism, true
	}
	return 0, false
}

// Scores are the calibrated probabilities of each kind of risk. A result's
// Score is the highest of them.
type Scores struct {
	Extremism float64 `json:"extremism"` // support for a violent extremist movement
	Violence  float64 `json:"violence"`  // threats and incitement to violence
	Hate      float64 `json:"hate"`      // dehumanisation and attacks on a group
}

// Of returns the probability of risk k.
func (s *Scores) Of(k Risk) float64 {
	switch k {
	case Extremism:
		return s.Extremism
	case Violence:
		return s.Violence
	case Hate:
		return s.Hate
	}
	return 0
}

// set sets the probability of risk k.
func (s *Scores) set(k Risk, p float64) {
	switch k {
	case Extremism:
		s.Extremism = p
	case Violence:
		s.Violence = p
	case Hate:
		s.Hate = p
	}
}

// Max returns the highest probability and its kind of risk (the first of
// equals, in the order extremism, violence, hate).
func (s *Scores) Max() (Risk, float64) {
	best, p := Extremism, s.Extremism
	if s.Violence > p {
		best, p = Violence, s.Violence
	}
	if s.Hate > p {
		best, p = Hate, s.Hate
	}
	return best, p
}
