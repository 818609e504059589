package main

import (
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestRun(t *testing.T) {
	texts := filepath.Join(t.TempDir(), "texts.txt")
	if err := os.WriteFile(texts, []byte("one\n\n two \n"), 0o644); err != nil {
		t.Fatal(err)
	}
	ok := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.Write([]byte(`{}`)) }))
	defer ok.Close()
	failing := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { http.Error(w, "no", 400) }))
	defer failing.Close()
	for _, tc := range []struct {
		args []string
		want int
		out  string
	}{
		{[]string{"-url", ok.URL, "-n", "50", "-c", "4", "-texts", texts}, 0, "50 requests: 0 errors"},
		{[]string{"-url", failing.URL, "-n", "5", "-c", "2", "-texts", texts}, 1, "5 requests: 5 errors"},
		{[]string{"-url", "http://192.0.2.1/", "-texts", texts}, 2, ""},
		{[]string{"-url", ok.URL, "-texts", filepath.Join(t.TempDir(), "missing")}, 2, ""},
		{[]string{"-n", "0", "-url", ok.URL, "-texts", texts}, 2, ""},
	} {
		var out, errs strings.Builder
		if got := run(t.Context(), tc.args, &out, &errs); got != tc.want || !strings.Contains(out.String(), tc.out) {
			t.Errorf("load %v: exit %d, output %q %q; want %d and %q", tc.args, got, out.String(), errs.String(), tc.want, tc.out)
		}
	}
}
