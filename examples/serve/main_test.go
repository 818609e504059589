package main

import (
	"bufio"
	"context"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
)

// startRun runs the program with args on a free loopback port and returns
// its base URL, the channel of its exit status, and the function that
// sends it SIGTERM (cancels its context).
func startRun(t *testing.T, args ...string) (url string, exit <-chan int, stop func()) {
	t.Helper()
	ctx, cancel := context.WithCancel(t.Context())
	pr, pw := io.Pipe()
	status := make(chan int, 1)
	go func() {
		status <- run(ctx, append([]string{"-addr", "127.0.0.1:0"}, args...), pw)
		pw.Close()
	}()
	lines := bufio.NewScanner(pr)
	for lines.Scan() {
		if _, rest, ok := strings.Cut(lines.Text(), "listening on "); ok {
			url, _, _ = strings.Cut(rest, " ")
			break
		}
	}
	if url == "" {
		cancel()
		t.Fatalf("the server did not start (status %d)", <-status)
	}
	go io.Copy(io.Discard, pr) // the rest of the log
	t.Cleanup(cancel)
	return url, status, cancel
}

// TestRunGracefulShutdown starts the program, begins a request whose body
// is still on its way, stops the program, and checks that the request is
// still answered, that new connections are refused, and that the program
// exits 0.
func TestRunGracefulShutdown(t *testing.T) {
	url, exit, stop := startRun(t)
	if resp, err := http.Get(url + pathHealth); err != nil || resp.StatusCode != 200 {
		t.Fatalf("healthz: %v %v", resp, err)
	}
	pr, pw := io.Pipe()
	answered := make(chan int, 1)
	go func() {
		resp, err := http.Post(url+pathClassify, "application/json", pr)
		if err != nil {
			t.Errorf("the request under way failed: %v", err)
			answered <- 0
			return
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		answered <- resp.StatusCode
	}()
	io.WriteString(pw, `{"text":"Je vais les égorger`) // half the body
	// wait until the server counts it in flight (the scrape is the other)
	for deadline := time.Now().Add(10 * time.Second); ; {
		resp, err := http.Get(url + pathMetrics)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if strings.Contains(string(b), "\nvigie_http_requests_in_flight 2\n") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the request never arrived")
		}
		time.Sleep(5 * time.Millisecond)
	}
	http.DefaultClient.CloseIdleConnections()
	stop()
	// new connections are refused once the listener is closed
	for deadline := time.Now().Add(10 * time.Second); ; {
		c := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}
		if _, err := c.Get(url + pathHealth); err != nil {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("still accepting connections after SIGTERM")
		}
		time.Sleep(5 * time.Millisecond)
	}
	select {
	case code := <-exit:
		t.Fatalf("exited %d before the request under way was answered", code)
	default:
	}
	io.WriteString(pw, ` ces kouffar."}`)
	pw.Close()
	if code := <-answered; code != 200 {
		t.Errorf("the request under way got %d", code)
	}
	if code := <-exit; code != 0 {
		t.Errorf("exit status %d after a graceful shutdown", code)
	}
}

// TestRunUsage checks the exit status of bad command lines.
func TestRunUsage(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want int
	}{
		{[]string{"-h"}, 0},
		{[]string{"-max-body", "0"}, 2},
		{[]string{"-flag-at", "1.5"}, 2},
		{[]string{"-max-inflight", "0"}, 2},
		{[]string{"-queue-timeout", "0s"}, 2},
		{[]string{"extra"}, 2},
		{[]string{"-addr", "256.0.0.1:1"}, 2},
		{[]string{"-nope"}, 2},
	} {
		var log strings.Builder
		if got := run(t.Context(), tc.args, &log); got != tc.want {
			t.Errorf("serve %v: exit %d, want %d (%s)", tc.args, got, tc.want, log.String())
		}
	}
}
