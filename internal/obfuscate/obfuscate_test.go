package obfuscate

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestTransforms(t *testing.T) {
	const text = "Rejoignez le califat, visitez https://t.me/chaine et écrivez à @abou_x #RejoignezLeCalifat"
	target := []Span{{Start: strings.Index(text, "califat"), End: strings.Index(text, "califat") + len("califat")}}
	tests := []struct {
		name    string
		changed func(out string) bool // what the transform must have done
	}{
		{"leet", func(out string) bool { return strings.ContainsAny(out, "0134579@$!") }},
		{"homoglyph", func(out string) bool {
			return strings.ContainsFunc(out, func(r rune) bool { return r >= 0x370 && r < 0x530 })
		}},
		{"invisible", func(out string) bool { return strings.ContainsAny(out, "\u200b\u200c\u200d\u2060\u00ad\ufeff\u2063") }},
		{"spaced", func(out string) bool { return strings.Contains(out, " a ") }},
		{"dotted", func(out string) bool { return strings.ContainsAny(out, ".-_") }},
		{"masked", func(out string) bool { return strings.Contains(out, "*") }},
		{"elongated", func(out string) bool { return len(out) > len(text) }},
		{"no-accents", func(out string) bool { return strings.Contains(out, "ecrivez a") }},
		{"caps", func(out string) bool { return strings.Contains(out, "REJOIGNEZ LE CALIFAT") }},
		{"fullwidth", func(out string) bool { return strings.Contains(out, "ｃａｌｉｆａｔ") }},
		{"math", func(out string) bool { return !strings.Contains(out, "califat") }},
		{"emoji", func(out string) bool {
			return strings.ContainsAny(out, "🔥💣👏🇫🇷👍❤⚔🗡☝🤲🏴😡💯👨🦁‼")
		}},
	}
	byName := map[string]Transform{}
	for _, tr := range All() {
		byName[tr.Name] = tr
	}
	require.Len(t, byName, len(tests))
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tr, ok := byName[tt.name]
			require.True(t, ok)
			for seed := uint64(1); seed <= 20; seed++ {
				out := tr.Apply(rand.New(rand.NewPCG(seed, 1)), text, target)
				again := tr.Apply(rand.New(rand.NewPCG(seed, 1)), text, target)
				assert.Equal(t, out, again, "deterministic for a seed")
				assert.True(t, utf8.ValidString(out))
				assert.True(t, tt.changed(out), "seed %d: %q", seed, out)
				// addresses and mentions are never disguised (in capitals, as
				// a writer with caps lock types them, they work the same)
				assert.Contains(t, strings.ToLower(out), "https://t.me/chaine")
				assert.Contains(t, strings.ToLower(out), "@abou_x")
			}
		})
	}
}

// TestWordTransformsPreferTargets: the target word is disguised every time.
func TestWordTransformsPreferTargets(t *testing.T) {
	const text = "les frères disent que le califat reviendra"
	target := []Span{{Start: strings.Index(text, "califat"), End: strings.Index(text, "califat") + len("califat")}}
	for _, tr := range All() {
		if tr.word == nil {
			continue
		}
		for seed := uint64(1); seed <= 20; seed++ {
			out := tr.Apply(rand.New(rand.NewPCG(seed, 2)), text, target)
			assert.NotContains(t, out, " califat ", "%s seed %d", tr.Name, seed)
		}
	}
}

// TestMisspellings checks what each misspelling does to a text: at most three
// words changed, each by the stated edit, deterministically for a seed.
func TestMisspellings(t *testing.T) {
	const text = "They should all be exterminated tonight, every single traitor in this rotten country"
	target := []Span{{Start: strings.Index(text, "exterminated"), End: strings.Index(text, "exterminated") + len("exterminated")}}
	words := strings.Fields(text)
	// eachChanged checks every changed word with check and that one to three
	// words changed.
	eachChanged := func(t *testing.T, out string, check func(was, now string)) {
		got := strings.Fields(out)
		require.Len(t, got, len(words))
		changed := 0
		for i := range got {
			if got[i] != words[i] {
				changed++
				assert.Equal(t, words[i][0], got[i][0], "first letter kept: %q → %q", words[i], got[i])
				check(words[i], got[i])
			}
		}
		assert.True(t, changed >= 1 && changed <= 3, "%d words changed: %q", changed, out)
	}
	tests := map[string]func(t *testing.T, out string){
		"drop-letter": func(t *testing.T, out string) {
			eachChanged(t, out, func(was, now string) {
				assert.Equal(t, len(was)-1, len(now), "one letter dropped: %q → %q", was, now)
				assert.Equal(t, was[len(was)-1], now[len(now)-1], "last letter kept: %q → %q", was, now)
			})
		},
		"swap-letters": func(t *testing.T, out string) {
			eachChanged(t, out, func(was, now string) {
				assert.Equal(t, sorted(was), sorted(now), "same letters: %q → %q", was, now)
			})
		},
		"glued": func(t *testing.T, out string) {
			assert.Equal(t, strings.ReplaceAll(text, " ", ""), strings.ReplaceAll(out, " ", ""), "only spaces removed")
			glued := len(words) - len(strings.Fields(out))
			assert.True(t, glued >= 1 && glued <= 3, "%d spaces removed: %q", glued, out)
		},
	}
	got := map[string]bool{}
	for _, tr := range Misspellings() {
		check, ok := tests[tr.Name]
		require.True(t, ok, "untested misspelling %s", tr.Name)
		got[tr.Name] = true
		t.Run(tr.Name, func(t *testing.T) {
			for seed := uint64(1); seed <= 30; seed++ {
				out := tr.Apply(rand.New(rand.NewPCG(seed, 2)), text, target)
				assert.Equal(t, out, tr.Apply(rand.New(rand.NewPCG(seed, 2)), text, target), "deterministic for a seed")
				require.NotEqual(t, text, out, "seed %d changed nothing", seed)
				check(t, out)
			}
		})
	}
	assert.Len(t, got, len(tests))
}

// sorted returns the letters of w in order, to compare anagrams.
func sorted(w string) string {
	rs := []rune(w)
	slices.Sort(rs)
	return string(rs)
}
