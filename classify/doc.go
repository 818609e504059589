// Package classify gives a text an explained risk label: a level (none, low,
// medium, high), a score in [0, 1], the language, every signal with its
// category, concept, matched text, byte span and weight, every context cue
// that lowered the risk with its effect, and a one-line rationale in the
// text's language.
//
// Scoring is transparent arithmetic over the lexicon:
//
//   - each lexicon signal found in the text contributes its weight (Base);
//   - rules join components found in one sentence, in order and close
//     together, into signals ("je vais" + "égorger" is a threat);
//   - context cues remove a share of the weight of the signals in their
//     scope: a negation the few words before, a question its sentence, a
//     quotation the quoted passage, a mention ("people who say") only the
//     quotations of its sentence, reporting and counter-speech their
//     sentence (up to a contrast such as "but") and the quotations that open
//     or close in it, religious practice the ideological vocabulary of its
//     sentence, an idiom the signals it overlaps and the threats of its
//     sentence (DESIGN.md, "Context has a scope"). Each cue's Effect says how
//     much it removed;
//   - a concept counts once per category (the occurrence with the most weight
//     left); its other occurrences are listed as repeats with weight 0;
//   - the level follows from the weights left: High when propaganda,
//     recruitment, incitement, glorification and threat reach
//     Weights.HighThreshold, Medium when all but topic reach
//     Weights.MediumThreshold, Low when some signal is present, None
//     otherwise; the score is Sigmoid(Bias + Scale × total weight).
//
// Every number in a Result can be traced to a lexicon line (Source
// "en.tsv:42"), a rule ("rules.tsv:3 threat-intent") or a named field of
// Weights.
//
// With the trained model (the default; WithoutModel leaves it out), the
// score is instead the model's calibrated probability, after the framing
// cues have lowered its positive evidence, and a probability at or above the
// model's Medium threshold makes the text at least Medium (Model.Raised).
// The model alone never makes a text High. Result.Model lists its strongest
// features with their spans and weights, and what framing removed.
//
// A Classifier is immutable and safe for concurrent use by multiple
// goroutines. ClassifyInto lets a caller reuse a Result's storage, and
// Result.AppendJSON writes a result as JSON without allocating.
//
// Vigie supports human reviewers; it does not decide about people. A level is
// a reason to look, with the evidence to check, never a verdict.
package classify
