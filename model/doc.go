// Package model is Vigie's trained linear model: a logistic regression (or
// naive Bayes) over features that explain themselves, trained on labelled
// text, calibrated, and small enough to embed.
//
// # Features
//
// A feature is a named property of a tokenized text, present or absent
// (binary: a feature counts once however often it occurs). Its name says
// what it is:
//
//	w:kuffar        a word: the normal form of a word token (tokenize)
//	b:join us       a pair: two adjacent word tokens of one sentence
//	k:caliphate     a concept of a lexicon entry that matched (lexicon)
//	c:recruitment   the category of a signal or component that matched
//	x:negation      a context present: negation, reporting, counter, question,
//	                quotation, religious, idiom (lexicon cues, and question
//	                and quotation marks)
//
// URLs, mentions, numbers, hashtags (their words count), emoji and words
// whose normal form is not plain ASCII (Arabic script, for instance) are not
// word features. Concepts are shared across languages (califat, caliphate
// and khilafah are k:caliphate), which is what lets English training data
// carry to French text. Identity and faith words (DefaultNeutral: allah,
// muslims, juifs, migrants...) never get a weight at training, nor do the
// pairs that contain them.
//
// # Scoring
//
// Score computes z = Bias + the sum of the weights of the features present,
// and returns each known feature's Contribution with the byte span of its
// first occurrence, so that an explanation can show the evidence; Top
// returns only the strongest, faster. Features are looked up by a 64-bit key
// (Hash) built from the FNV-1a hashes of their parts, which the tokenizer
// computes for every word (tokenize.Document.NormHash): no name is built and
// no word is hashed twice, and Score does not allocate when its destination
// slice has room. Calibrate turns z into a probability
// by Platt scaling fitted on held-out data; Thresholds gives the calibrated
// probabilities from which a text is Medium and High. For the default model,
// both come from permitted data only (never from records whose use is
// "eval-only"): see examples/train and the model's meta lines.
//
// # Training
//
// Train fits the weights from labelled texts (Example), deterministically:
// the same examples, options and seed give the same model, byte for byte.
// Features present in fewer than Options.MinCount texts are dropped before
// training, and features whose |weight| ends below Options.MinWeight after.
// FitPlatt and WithCalibration add the calibration and thresholds. The
// program examples/train does all of this on Vigie's corpus.
//
// # File format
//
// A model is a UTF-8 text file, versioned by its first line ("vigie-model"
// TAB "1"), with provenance ("meta" lines), the bias, the calibration, the
// thresholds, then one "feature TAB weight" line per feature, sorted by name;
// see format.go. Load and LoadFS validate it and report errors with the line
// ("model: vigie.model:42: ..."). The default model, trained by
// examples/train, is embedded: Default returns it.
//
// A Model is immutable and safe for concurrent use by multiple goroutines.
package model
