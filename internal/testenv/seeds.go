package testenv

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"testing"
)

// FuzzSeeds keeps the seed corpus of fuzz target `target` in
// testdata/fuzz/TARGET, in Go's corpus format, each seed a value of Go type
// typ ("string" or "[]byte"). With write set it writes the seeds there
// (seed-00, seed-01…); otherwise it checks that at least that many seeds are
// there, and fails with the command that writes them.
func FuzzSeeds(t testing.TB, target, typ string, seeds []string, write bool, command string) {
	t.Helper()
	dir := filepath.Join("testdata", "fuzz", target)
	if write {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		width := max(2, len(strconv.Itoa(len(seeds)-1)))
		for i, s := range seeds {
			body := fmt.Sprintf("go test fuzz v1\n%s(%q)\n", typ, s)
			name := filepath.Join(dir, fmt.Sprintf("seed-%0*d", width, i))
			if err := os.WriteFile(name, []byte(body), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	files, err := filepath.Glob(filepath.Join(dir, "seed-*"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) < len(seeds) {
		t.Errorf("%s has %d seeds, want %d: run %s", dir, len(files), len(seeds), command)
	}
}
