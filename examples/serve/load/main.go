// Command load sends a bounded load of Perspective requests to a Vigie
// server on this machine and reports requests per second and latency:
//
//	go run ./examples/serve -addr 127.0.0.1:8080 &
//	go run ./examples/serve/load -n 10000 -c 32
//
// Each request is the documented comments:analyze request (THREAT and
// IDENTITY_ATTACK, with span scores) for one line of -texts, in turn. A
// request fails unless it gets a 200 with a JSON answer. The exit status is
// 0 when every request succeeded, 1 when some failed, 2 for a usage error.
// The load goes to loopback addresses only.
package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime"
	"strings"
	"time"

	"github.com/vigie-project/vigie/examples/serve/internal/loadgen"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	os.Exit(run(ctx, os.Args[1:], os.Stdout, os.Stderr))
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("load", flag.ContinueOnError)
	fs.SetOutput(stderr)
	url := fs.String("url", "http://127.0.0.1:8080/v1alpha1/comments:analyze", "the endpoint to load, on a loopback address")
	n := fs.Int("n", 10000, "requests in all")
	c := fs.Int("c", 32, "requests at once")
	texts := fs.String("texts", "testdata/sample.txt", "`FILE` of texts, one a line")
	timeout := fs.Duration("timeout", 10*time.Second, "longest wait for one answer")
	if err := fs.Parse(args); err != nil {
		if err == flag.ErrHelp {
			return 0
		}
		return 2
	}
	lines, err := readLines(*texts)
	if err != nil {
		fmt.Fprintf(stderr, "load: %v\n", err)
		return 2
	}
	bodies := make([][]byte, len(lines))
	for i, l := range lines {
		bodies[i] = loadgen.AnalyzeBody(l)
	}
	rep, err := loadgen.Run(ctx, loadgen.Config{URL: *url, Bodies: bodies, Requests: *n, Concurrency: *c, Timeout: *timeout})
	if rep == nil {
		fmt.Fprintf(stderr, "load: %v\n", err)
		return 2
	}
	fmt.Fprintf(stdout, "%s, %d at once, %d texts of %s; load generator GOMAXPROCS=%d\n", rep, *c, len(lines), *texts, runtime.GOMAXPROCS(0))
	if err != nil || rep.Errors > 0 {
		if rep.FirstError != "" {
			fmt.Fprintf(stderr, "load: first error: %s\n", rep.FirstError)
		}
		return 1
	}
	return 0
}

// readLines returns the non-blank lines of a file.
func readLines(name string) ([]string, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var lines []string
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		if l := strings.TrimSpace(sc.Text()); l != "" {
			lines = append(lines, l)
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if len(lines) == 0 {
		return nil, fmt.Errorf("%s: no text", name)
	}
	return lines, nil
}
