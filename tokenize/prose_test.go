package tokenize

import (
	"bufio"
	"os"
	"strings"
	"testing"

	"github.com/jdkato/prose/v2"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// proseTokens returns prose's tokens of text, tagging and segmentation off.
func proseTokens(t testing.TB, text string) []string {
	doc, err := prose.NewDocument(text, prose.WithTagging(false), prose.WithSegmentation(false), prose.WithExtraction(false))
	require.NoError(t, err)
	var out []string
	for _, tk := range doc.Tokens() {
		out = append(out, tk.Text)
	}
	return out
}

// comparable returns our tokens in prose's conventions where ours differ on
// purpose: words of a hyphenated compound are joined again ("well-known"),
// hashtag words are dropped, and contractions that prose leaves whole
// ("You've", "I'd") are joined again.
func comparable(d *Document) []string {
	var out []string
	for i, tk := range d.Tokens {
		s := d.Surface(i)
		switch {
		case tk.Flags&InHashtag != 0:
			continue
		case tk.Flags&AfterHyphen != 0 && len(out) > 0:
			out[len(out)-1] += "-" + s
			continue
		}
		out = append(out, s)
	}
	return out
}

// TestAgreesWithProse checks that on plain English our tokens are prose's,
// once our deliberate differences are undone. The differences are:
//   - hyphenated compounds are split, so that "al-Qaeda" and "al Qaeda" meet;
//   - hashtags are followed by their words (#JoinTheCaliphate → Join The Caliphate);
//   - every contraction is split ("You've" → "You" "'ve"), prose splits only some;
//   - a run of the same punctuation is one token ("--", "!!!"), as in prose.
func TestAgreesWithProse(t *testing.T) {
	f, err := os.Open("../testdata/prose/english.txt")
	require.NoError(t, err)
	defer f.Close()
	sc := bufio.NewScanner(f)
	lines := 0
	for sc.Scan() {
		line := sc.Text()
		if strings.TrimSpace(line) == "" {
			continue
		}
		lines++
		want := proseTokens(t, line)
		got := comparable(Tokenize(line))
		// prose leaves some contractions whole: compare with ours joined
		want = splitProseContractions(want)
		assert.Equal(t, want, got, line)
	}
	require.Greater(t, lines, 10)
}

// splitProseContractions splits the contractions prose leaves whole, as ours does.
func splitProseContractions(toks []string) []string {
	var out []string
	for _, s := range toks {
		if i := strings.IndexByte(s, '\''); i > 0 && i < len(s)-1 && !strings.HasPrefix(s, "http") {
			suffix := strings.ToLower(s[i+1:])
			if isContraction(suffix) {
				out = append(out, s[:i], s[i:])
				continue
			}
		}
		out = append(out, s)
	}
	return out
}
