package corpus

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestReadTags(t *testing.T) {
	path := filepath.Join(t.TempDir(), "set.jsonl")
	data := `{"id":"a","source":"gab","lang":"en","label":"hate","tags":["hd","cv"],"text":"x"}
{"id":"b","source":"mlma","lang":"fr","label":"normal","text":"y"}
`
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	recs, err := Read(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 2 {
		t.Fatalf("read %d records, want 2", len(recs))
	}
	if !slices.Equal(recs[0].Tags, []string{"hd", "cv"}) {
		t.Errorf("tags %q, want [hd cv]", recs[0].Tags)
	}
	for _, tt := range []struct {
		rec  int
		tag  string
		want bool
	}{{0, "hd", true}, {0, "cv", true}, {0, "vo", false}, {1, "hd", false}} {
		if got := recs[tt.rec].HasTag(tt.tag); got != tt.want {
			t.Errorf("record %s HasTag(%q) = %v, want %v", recs[tt.rec].ID, tt.tag, got, tt.want)
		}
	}
}

func TestReadPositionedError(t *testing.T) {
	path := filepath.Join(t.TempDir(), "bad.jsonl")
	if err := os.WriteFile(path, []byte("{\"id\":\"a\"}\nnot json\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := Read(path)
	if err == nil {
		t.Fatal("no error on a line that is not JSON")
	}
	if want := path + ":2:"; !strings.Contains(err.Error(), want) {
		t.Errorf("error %q does not name %q", err, want)
	}
}
