package classify

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden from the cases")

// goldenCommand regenerates the golden files of TestCasesGolden.
const goldenCommand = "go test ./classify -run TestCasesGolden -update"

// TestCasesGolden compares the full JSON record (AppendRecord) of every case
// of testdata/cases/NAME.jsonl with testdata/golden/NAME.json, an indented
// array in the cases' order, so that any change of a result, a number, a
// span or a word of a rationale, shows in review as a diff of the golden
// file. After a deliberate change (a lexicon entry, a weight, the model),
// review the diff and regenerate with -update.
func TestCasesGolden(t *testing.T) {
	files, err := filepath.Glob("../testdata/cases/*.jsonl")
	require.NoError(t, err)
	require.NotEmpty(t, files)
	c := defaultClassifier(t)
	for _, file := range files {
		name := strings.TrimSuffix(filepath.Base(file), ".jsonl")
		golden := filepath.Join("testdata", "golden", name+".json")
		t.Run(name, func(t *testing.T) {
			cases := readCasesFile(t, file)
			got := goldenRecords(t, c, cases)
			if *update {
				require.NoError(t, os.MkdirAll(filepath.Dir(golden), 0o755))
				require.NoError(t, os.WriteFile(golden, got, 0o644))
				return
			}
			want, err := os.ReadFile(golden)
			require.NoError(t, err, "no golden file: run %s", goldenCommand)
			if bytes.Equal(got, want) {
				return
			}
			t.Errorf("the results of %s differ from %s:\n%s\nReview the change, then run %s", file, golden,
				recordsDiff(t, got, want), goldenCommand)
		})
	}
}

// goldenRecords returns the records of cases as an indented JSON array.
func goldenRecords(t *testing.T, c *Classifier, cases []testCase) []byte {
	var b []byte
	b = append(b, '[')
	var r Result
	for i, tc := range cases {
		if i > 0 {
			b = append(b, ',')
		}
		c.ClassifyInto(tc.Text, &r)
		b = r.AppendRecord(b, tc.ID)
	}
	b = append(b, ']')
	var out bytes.Buffer
	require.NoError(t, json.Indent(&out, b, "", "  "))
	out.WriteByte('\n')
	return out.Bytes()
}

// recordsDiff names the records that differ between two golden arrays: the
// ids whose record changed, appeared or disappeared, at most ten of them.
func recordsDiff(t *testing.T, got, want []byte) string {
	parse := func(b []byte) (ids []string, records map[string]string) {
		var list []json.RawMessage
		require.NoError(t, json.Unmarshal(b, &list))
		records = map[string]string{}
		for _, raw := range list {
			var head struct {
				ID string `json:"id"`
			}
			require.NoError(t, json.Unmarshal(raw, &head))
			ids = append(ids, head.ID)
			records[head.ID] = string(raw)
		}
		return ids, records
	}
	gotIDs, gotRecords := parse(got)
	wantIDs, wantRecords := parse(want)
	var lines []string
	for _, id := range gotIDs {
		switch w, ok := wantRecords[id]; {
		case !ok:
			lines = append(lines, fmt.Sprintf("  %s: new case", id))
		case w != gotRecords[id]:
			lines = append(lines, fmt.Sprintf("  %s: the result changed", id))
		}
	}
	for _, id := range wantIDs {
		if _, ok := gotRecords[id]; !ok {
			lines = append(lines, fmt.Sprintf("  %s: no longer a case", id))
		}
	}
	if len(lines) == 0 {
		return "  the cases are in another order"
	}
	n := len(lines)
	if n > 10 {
		lines = append(lines[:10], fmt.Sprintf("  and %d more", n-10))
	}
	return fmt.Sprintf("cases that differ: %d\n%s", n, strings.Join(lines, "\n"))
}
