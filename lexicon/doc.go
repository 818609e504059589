// Package lexicon reads, validates and matches Vigie's term lists: the
// curated vocabulary of radicalisation signals, the components that rules
// join into signals, and the context that lowers risk.
//
// Lexicons are plain tab-separated text files that a moderator can edit and
// review in a diff; FORMAT.md in this directory describes the format, the
// term syntax (phrases, "..." gaps, stems with *, masked spellings) and the
// categories. The default lexicons for French (fr.tsv), English (en.tsv) and
// the transliterated jargon shared by both (und.tsv), with the default rules
// (rules.tsv), are embedded: Default returns them, DefaultFS exposes the
// files. Load and New read a user's files from any fs.FS or io.Reader, and
// refuse, with the file and line, malformed lines, unknown categories, bad
// weights, empty notes and duplicates.
//
// Concepts are shared across languages: califat, caliphate and khilafah are
// one concept, so that evidence and models speak of the same thing whatever
// the language.
//
// A Lexicon is immutable and safe for concurrent use. Match finds every entry
// in a tokenized document on whole tokens only ("isis" never matches inside
// "crisis"), returning byte spans and the entry's index; it does not allocate
// when given room.
//
// The matcher's own word lists (swear words that masks hide, words that a
// term may write elided, the words of glued tokens, the French negation
// words of the "ne … que" rule: FrenchNegation) are the .txt files of
// data/, which go generate compiles into words_gen.go; Load does not read
// them as lexicons.
package lexicon
