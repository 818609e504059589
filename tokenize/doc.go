// Package tokenize cuts French and English text into tokens that keep byte
// offsets into the original text, and gives each token a normal form that
// sees through the ways people write and disguise words.
//
// A token is a word, a number, a hashtag, a mention, a URL, an emoji or a
// punctuation mark. French elisions are split (l'État → l' + État; also d',
// j', qu', jusqu', lorsqu'...), as are English contractions (don't → do +
// n't, as prose/v2 and the Penn Treebank do), hyphenated compounds
// (Rejoins-nous → Rejoins + nous, flagged AfterHyphen) and hashtags, which
// are followed by their words (#RejoignezLeCalifat → Rejoignez Le Califat).
// aujourd'hui stays whole.
//
// The normal form is what the lexicon matches on: NFKC compatibility forms,
// lower case, no diacritics (État, ETAT and etat meet), look-alike Cyrillic,
// Greek and Armenian letters, fullwidth and mathematical letters and digits
// read as Latin (ΗΑΝG, ＪＩＨＡＤ, 𝑗𝑖ℎ𝑎𝑑), zero-width characters removed,
// leetspeak digits and symbols read as letters inside words (h1jra → hijra,
// 4p0$t@te → apostate) but not in numbers with a unit or an ordinal (1990s,
// 14h, 3e), single letters joined across spaces, dots, hyphens or
// underscores (t u e z → tuez, j.i.h.a.d → jihad), a masking * kept so that
// the lexicon can match one hidden letter (k*ffar). Flags say which of these
// happened, so that an explanation can show that a word was disguised.
// Whatever normalisation does, Text[Start:End] is what the writer typed. A
// Document with Literal set reads text as written, to measure what
// normalisation adds.
//
// Any string is accepted: bytes that are not UTF-8 and control characters
// separate tokens. Texts longer than MaxTextBytes are tokenized up to that
// size (Truncated says so). Time and memory grow linearly with the text.
//
// A Document can be reset and reused: tokenizing then allocates nothing.
// The language of a document (French, English or undetermined) comes from
// its function words; a mixed text still gets every rule of both languages,
// since normalisation and matching do not depend on the language.
//
// The word lists behind all this (homoglyphs, invisible characters, function
// words, elisions, contractions, top-level domains) are reviewed text files
// in data/; go generate compiles them, with Unicode's folding, into
// tables_gen.go, so that importing the package costs nothing at start.
package tokenize
