package main

import (
	"bufio"
	"net/http/httptest"
	"os"
	"testing"

	"github.com/vigie-project/vigie/examples/serve/internal/loadgen"
)

// TestLoad sends a bounded load of documented requests, 32 at once, to
// the server over loopback: every request must succeed, none may get a 429
// with the default queue. It reports speed without asserting it (the
// figures of BENCHMARKS.md come from the load program, outside tests).
func TestLoad(t *testing.T) {
	f, err := os.Open("../../testdata/sample.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var bodies [][]byte
	for sc := bufio.NewScanner(f); sc.Scan(); {
		bodies = append(bodies, loadgen.AnalyzeBody(sc.Text()))
	}
	ts := httptest.NewServer(newTestServer(defaultConfig()).handler())
	defer ts.Close()
	const n = 1000
	rep, err := loadgen.Run(t.Context(), loadgen.Config{URL: ts.URL + pathAnalyze, Bodies: bodies, Requests: n, Concurrency: 32})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Requests != n || rep.Errors != 0 || len(rep.Latencies) != n {
		t.Fatalf("%s; first error: %s", rep, rep.FirstError)
	}
	t.Log(rep)
}
