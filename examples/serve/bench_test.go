package main

import (
	"bufio"
	"bytes"
	"net/http/httptest"
	"os"
	"sync/atomic"
	"testing"

	"github.com/vigie-project/vigie/examples/serve/internal/loadgen"
)

// sampleBodies are the load program's requests: the documented
// comments:analyze request for each line of testdata/sample.txt.
func sampleBodies(b *testing.B) [][]byte {
	f, err := os.Open("../../testdata/sample.txt")
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	var bodies [][]byte
	for sc := bufio.NewScanner(f); sc.Scan(); {
		bodies = append(bodies, loadgen.AnalyzeBody(sc.Text()))
	}
	return bodies
}

// BenchmarkAnalyze measures the handler alone, in memory, without the
// network: decoding, classifying the text and each sentence, encoding.
// Run with -cpu 1,2 to see it on one and two cores; compare with the load
// program's figures over loopback (BENCHMARKS.md).
func BenchmarkAnalyze(b *testing.B) {
	h := newTestServer(defaultConfig()).handler()
	bodies := sampleBodies(b)
	var next atomic.Int64
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			body := bodies[next.Add(1)%int64(len(bodies))]
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, httptest.NewRequest("POST", pathAnalyze, bytes.NewReader(body)))
			if rec.Code != 200 {
				b.Fatalf("status %d: %s", rec.Code, rec.Body)
			}
		}
	})
}

// BenchmarkClassifyBatch measures /v1/classify with a batch of the sample
// texts, per document.
func BenchmarkClassifyBatch(b *testing.B) {
	h := newTestServer(defaultConfig()).handler()
	f, err := os.ReadFile("../../testdata/sample.txt")
	if err != nil {
		b.Fatal(err)
	}
	var body bytes.Buffer
	body.WriteString(`{"documents":[`)
	n := 0
	for line := range bytes.Lines(f) {
		if n > 0 {
			body.WriteByte(',')
		}
		body.WriteString(`{"text":` + quote(string(bytes.TrimSpace(line))) + `}`)
		n++
	}
	body.WriteString(`]}`)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("POST", pathClassify, bytes.NewReader(body.Bytes())))
		if rec.Code != 200 {
			b.Fatalf("status %d: %s", rec.Code, rec.Body)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/doc")
}
