package loadgen

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"
)

func TestCheckLoopback(t *testing.T) {
	for _, tc := range []struct {
		url string
		ok  bool
	}{
		{"http://127.0.0.1:8080/x", true},
		{"http://127.3.4.5/", true},
		{"http://[::1]:80/", true},
		{"http://localhost:8080/", true},
		{"http://10.0.0.1/", false},
		{"http://192.168.1.2:8080/", false},
		{"https://example.org/", false},
		{"ftp://127.0.0.1/", false},
		{"127.0.0.1:8080", false},
	} {
		err := checkLoopback(tc.url)
		if (err == nil) != tc.ok {
			t.Errorf("checkLoopback(%q) = %v, want ok=%v", tc.url, err, tc.ok)
		}
	}
	if _, err := Run(t.Context(), Config{URL: "http://10.1.2.3/", Bodies: [][]byte{{}}, Requests: 1, Concurrency: 1}); !errors.Is(err, ErrNotLoopback) {
		t.Errorf("Run to 10.1.2.3: %v, want ErrNotLoopback", err)
	}
}

// TestRun checks the counts against a server that fails one request in
// ten, and the percentiles against known latencies.
func TestRun(t *testing.T) {
	var n atomic.Int64
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if n.Add(1)%10 == 0 {
			http.Error(w, `{"error":{}}`, 500)
			return
		}
		w.Write([]byte(`{"ok":true}`))
	}))
	defer ts.Close()
	rep, err := Run(t.Context(), Config{URL: ts.URL, Bodies: [][]byte{[]byte(`{}`)}, Requests: 200, Concurrency: 8})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Requests != 200 || rep.Errors != 20 || len(rep.Latencies) != 180 || rep.FirstError == "" {
		t.Errorf("report %+v", rep)
	}
	if rep.PerSecond() <= 0 || rep.Percentile(50) > rep.Percentile(99) {
		t.Errorf("rate %v, p50 %v, p99 %v", rep.PerSecond(), rep.Percentile(50), rep.Percentile(99))
	}
}

func TestPercentile(t *testing.T) {
	r := &Report{}
	for i := 1; i <= 100; i++ {
		r.Latencies = append(r.Latencies, time.Duration(i)*time.Millisecond)
	}
	for p, want := range map[float64]time.Duration{50: 50 * time.Millisecond, 99: 99 * time.Millisecond, 100: 100 * time.Millisecond, 0: time.Millisecond} {
		if got := r.Percentile(p); got != want {
			t.Errorf("p%v = %v, want %v", p, got, want)
		}
	}
	if (&Report{}).Percentile(50) != 0 {
		t.Errorf("percentile of nothing")
	}
}
