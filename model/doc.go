// Package model is Vigie's trained linear model: one logistic regression per
// risk (Heads: extremism, violence, hate) over features that explain
// themselves, trained on labelled text, calibrated, and small enough to
// embed.
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
//	                quotation, mention, religious, idiom (lexicon cues, and question
//	                and quotation marks)
//
// URLs, mentions, numbers, hashtags (their words count), emoji and words
// whose normal form is not plain ASCII (Arabic script, for instance) are not
// word features. Concepts are shared across languages (califat, caliphate
// and khilafah are k:caliphate), which is what lets English training data
// carry to French text. Identity and faith words (training/neutral.txt:
// allah, muslims, juifs, migrants...) never get a weight at training, nor do
// the pairs that contain them.
//
// # Scoring
//
// For each head, z = Bias + the sum of the weights of the features present.
// Evaluate tallies the evidence of a text, for the whole text and for each
// sentence, and lists the strongest contributions (Evidence.Top), each with
// the byte span of its first occurrence, so that an explanation can show the
// evidence; Contributions lists them all. Features are looked up by a 64-bit
// key (Hash) built from the FNV-1a hashes of their parts, which the
// tokenizer computes for every word (tokenize.Document.NormHash): no name is
// built and no word is hashed twice, and Evaluate does not allocate once its
// scratch memory is warm. Calibrate turns a head's z into a probability by
// Platt scaling fitted on held-out data; Threshold gives the calibrated
// probability from which a text is flagged. For the default model, both
// come from permitted data only (never from records whose use is
// "eval-only"): see examples/train and the model's meta lines.
//
// # Training
//
// The program examples/train fits the weights from labelled texts,
// deterministically: the same data and seed give the same model, byte for
// byte. It drops the features present in too few texts, fits each head's
// Platt scaling and chooses the threshold on calibration data, then builds
// the model with New (feature names, their weights, and Params) and writes
// it with WriteTo.
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
