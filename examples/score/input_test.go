package main

import (
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/stretchr/testify/require"
)

// utf16Bytes encodes s in UTF-16 with a byte order mark.
func utf16Bytes(s string, bigEndian bool) []byte {
	var b []byte
	for _, u := range append([]uint16{0xfeff}, utf16.Encode([]rune(s))...) {
		if bigEndian {
			b = append(b, byte(u>>8), byte(u))
		} else {
			b = append(b, byte(u), byte(u>>8))
		}
	}
	return b
}

// TestInputs checks the inputs that people have: UTF-16, stray NUL bytes,
// binary lines, files that are not JSON lines.
func TestInputs(t *testing.T) {
	dir := t.TempDir()
	text := "Été : " + textHigh // the signal is after a two-byte character
	padding := strings.Repeat(textNone+" ", 20)
	tests := []struct {
		name     string
		content  []byte
		mode     string
		want     []string // ids (file name only) and levels or "error"
		warnings []string // parts of the warnings, one per line of stderr
		start    int      // with a signal: the offset of the first one
	}{
		{"UTF-16 LE", utf16Bytes(text, false), "", []string{"f high"}, nil, len("Été : ")},
		{"UTF-16 BE", utf16Bytes(text, true), "", []string{"f high"}, nil, len("Été : ")},
		{"UTF-16 LE, lines", utf16Bytes(textNone+"\r\n"+text+"\r\n", false), "-lines", []string{"f:1 none", "f:2 high"}, nil, len("Été : ")},
		{"UTF-16 BE, jsonl", utf16Bytes(`{"id": "x", "text": "`+text+`"}`+"\n", true), "-jsonl", []string{"x high"}, nil, len("Été : ")},
		{"UTF-16, odd length", append(utf16Bytes(textHigh, false), 'x'), "", []string{"f high"}, nil, 0},
		{"stray NULs", []byte(padding + "\x00" + textHigh + "\x00\x00"), "", []string{"f high"}, nil, len(padding) + 1},
		{"stray NUL in a line", []byte(textNone + "\n" + padding + "\x00" + textHigh + "\n"), "-lines", []string{"f:1 none", "f:2 high"}, nil, len(padding) + 1},
		{"binary lines", []byte(padding + "\n\x00\x00\x01\x02\n" + textHigh + "\n\xff\xfe\xfd\n"), "-lines",
			[]string{"f:1 none", "f:2 error", "f:3 high", "f:4 error"}, []string{"f:2: not a line of text", "f:4: not a line of text"}, 0},
		{"binary line, jsonl", []byte(`{"text": "` + padding + `"}` + "\n\x00\x00x\n"), "-jsonl",
			[]string{"f:1 none", "f:2 error"}, []string{"f:2: not a line of text"}, -1},
		{"mostly NUL", []byte(padding[:50] + strings.Repeat("\x00", 2)), "-lines", []string{"f error"}, []string{"f: not a text file"}, -1},
		{"plain text as jsonl", []byte(textHigh + "\n" + textNone + "\n" + textLow + "\n"), "-jsonl",
			[]string{"f error"}, []string{"f: not JSON lines (the first line is not a JSON object): skipped; score plain text with -lines"}, -1},
		{"blank lines, then plain text as jsonl", []byte("\n  \n" + textHigh + "\n{}\n"), "-jsonl", []string{"f error"}, []string{"f: not JSON lines"}, -1},
		{"a JSON array as jsonl", []byte(`[{"text": "a"},` + "\n" + `{"text": "b"}]` + "\n"), "-jsonl",
			[]string{"f error"}, []string{"f: a JSON array, not JSON lines: skipped; write one object per line (jq -c '.[]')"}, -1},
		{"JSON lines with a bad line", []byte(`{"text": "a"}` + "\nnot json\n"), "-jsonl",
			[]string{"f:1 none", "f:2 error"}, []string{"f:2: malformed JSON line"}, -1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path, stdout, stderr, _ := scoreFile(t, dir, tt.name, tt.content, tt.mode)
			recs := jsonRecords(t, stdout)
			got := strings.ReplaceAll(strings.Join(ids(recs), "|"), filepath.ToSlash(path), "f")
			require.Equal(t, strings.Join(tt.want, "|"), got, stderr)
			warnings := strings.Split(strings.TrimSuffix(stderr, "\n"), "\n")
			if stderr == "" {
				warnings = nil
			}
			require.Len(t, warnings, len(tt.warnings), "one warning each: %s", stderr)
			for i, w := range tt.warnings {
				require.Contains(t, strings.ReplaceAll(warnings[i], filepath.ToSlash(path), "f"), w)
			}
			if tt.start >= 0 {
				var first map[string]any
				for _, r := range recs {
					if r["level"] == "high" {
						first = r["signals"].([]any)[0].(map[string]any)
					}
				}
				require.NotNil(t, first)
				require.Equal(t, float64(tt.start), first["start"], "offsets are into the UTF-8 text")
			}
		})
	}
}

func TestIsBinary(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"", false},
		{"plain text", false},
		{strings.Repeat("a", 99) + "\x00", false}, // 1 NUL in 100 bytes
		{strings.Repeat("a", 98) + "\x00", true},  // 1 in 99
		{"a\x00", true},
		{"Latin-1: fr\xe8res", false},
		{"\xff\xfe\xfd\xfc", true},
		{"été\xe2\x82", false}, // a character cut at the end of the sample
	}
	for _, tt := range tests {
		require.Equal(t, tt.want, isBinary([]byte(tt.in)), "%q", tt.in)
	}
}

func TestProgramName(t *testing.T) {
	tests := []struct{ arg0, want string }{
		{"/tmp/go-build1234/b001/exe/score", "go run ./examples/score"},
		{"./score", "./score"},
		{"/usr/local/bin/vigie-score", "/usr/local/bin/vigie-score"},
		{"vigie-score", "vigie-score"},
		{"", "score"},
	}
	for _, tt := range tests {
		require.Equal(t, tt.want, programName(tt.arg0), tt.arg0)
	}
	t.Run("usage", func(t *testing.T) {
		defer func(name string) { invokedAs = name }(invokedAs)
		invokedAs = "./vigie-score"
		_, stderr, _ := score(t, "", "-h")
		require.True(t, strings.HasPrefix(stderr, "Usage: ./vigie-score [flags] FILE...\n"), stderr)
		_, stderr, _ = score(t, "", "-format", "xml", "f")
		require.Contains(t, stderr, "Run './vigie-score -h' for usage.")
	})
}
