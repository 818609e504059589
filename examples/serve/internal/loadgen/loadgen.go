// Package loadgen sends a bounded load of requests to a server on this
// machine and measures its answers: how many, how fast, with what latency.
// It serves the load program (examples/serve/load) and the server's tests.
//
// A load is bounded in count and only ever sent to a loopback address
// (127.0.0.0/8, ::1, localhost): Run refuses any other.
package loadgen

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"slices"
	"sync"
	"time"
)

// Config is a load to send.
type Config struct {
	URL         string        // the endpoint, on a loopback address
	Bodies      [][]byte      // JSON request bodies, sent in turn
	Requests    int           // how many requests in all
	Concurrency int           // how many at once
	Timeout     time.Duration // the longest wait for one answer (0: 10 s)
}

// Report is what a load measured. Latencies are sorted.
type Report struct {
	Requests   int             // requests sent
	Errors     int             // requests without a 200 and a JSON answer
	FirstError string          // what went wrong first, if anything
	Elapsed    time.Duration   // from the first request to the last answer
	Latencies  []time.Duration // one per answered request, sorted
}

// PerSecond returns the requests answered per second.
func (r *Report) PerSecond() float64 {
	if r.Elapsed <= 0 {
		return 0
	}
	return float64(r.Requests) / r.Elapsed.Seconds()
}

// Percentile returns the latency that p per cent of the requests did not
// exceed (nearest rank), or 0 without latencies.
func (r *Report) Percentile(p float64) time.Duration {
	n := len(r.Latencies)
	if n == 0 {
		return 0
	}
	rank := int(p/100*float64(n)+0.999999) - 1
	return r.Latencies[min(max(rank, 0), n-1)]
}

// String summarises the report on one line.
func (r *Report) String() string {
	return fmt.Sprintf("%d requests: %d errors, %.0f req/s, p50 %v, p99 %v",
		r.Requests, r.Errors, r.PerSecond(), r.Percentile(50).Round(time.Microsecond), r.Percentile(99).Round(time.Microsecond))
}

// ErrNotLoopback is returned for a URL whose host is not a loopback address.
var ErrNotLoopback = errors.New("loadgen: the URL is not on a loopback address")

// Run sends the load and waits for every answer, or for ctx to be done.
func Run(ctx context.Context, cfg Config) (*Report, error) {
	if err := checkLoopback(cfg.URL); err != nil {
		return nil, err
	}
	if cfg.Requests < 1 || cfg.Concurrency < 1 || len(cfg.Bodies) == 0 {
		return nil, fmt.Errorf("loadgen: want at least one request, one worker and one body (got %d, %d, %d)",
			cfg.Requests, cfg.Concurrency, len(cfg.Bodies))
	}
	timeout := cfg.Timeout
	if timeout <= 0 {
		timeout = 10 * time.Second
	}
	client := &http.Client{
		Timeout: timeout,
		Transport: &http.Transport{
			MaxIdleConns:        cfg.Concurrency,
			MaxIdleConnsPerHost: cfg.Concurrency,
			IdleConnTimeout:     30 * time.Second,
		},
		// a redirect could lead off this machine
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	defer client.CloseIdleConnections()
	jobs := make(chan int)
	var (
		mu  sync.Mutex
		rep = &Report{Latencies: make([]time.Duration, 0, cfg.Requests)}
		wg  sync.WaitGroup
	)
	record := func(d time.Duration, err error) {
		mu.Lock()
		defer mu.Unlock()
		rep.Requests++
		if err != nil {
			rep.Errors++
			if rep.FirstError == "" {
				rep.FirstError = err.Error()
			}
			return
		}
		rep.Latencies = append(rep.Latencies, d)
	}
	start := time.Now()
	for range cfg.Concurrency {
		wg.Go(func() {
			for i := range jobs {
				t := time.Now()
				err := send(ctx, client, cfg.URL, cfg.Bodies[i%len(cfg.Bodies)])
				record(time.Since(t), err)
			}
		})
	}
loop:
	for i := range cfg.Requests {
		select {
		case jobs <- i:
		case <-ctx.Done():
			break loop
		}
	}
	close(jobs)
	wg.Wait()
	rep.Elapsed = time.Since(start)
	slices.Sort(rep.Latencies)
	return rep, ctx.Err()
}

// send posts one body and checks the answer: a 200 with a JSON body.
func send(ctx context.Context, c *http.Client, url string, body []byte) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := c.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	switch {
	case err != nil:
		return err
	case resp.StatusCode != http.StatusOK:
		return fmt.Errorf("status %d: %.200s", resp.StatusCode, b)
	case !json.Valid(b):
		return fmt.Errorf("the answer is not JSON: %.200s", b)
	}
	return nil
}

// checkLoopback returns ErrNotLoopback unless u's host is a loopback
// address or "localhost".
func checkLoopback(u string) error {
	pu, err := url.Parse(u)
	if err != nil || pu.Scheme != "http" && pu.Scheme != "https" {
		return fmt.Errorf("loadgen: %q is not an http URL", u)
	}
	host := pu.Hostname()
	if host == "localhost" {
		return nil
	}
	if ip := net.ParseIP(host); ip != nil && ip.IsLoopback() {
		return nil
	}
	return fmt.Errorf("%w: %q", ErrNotLoopback, host)
}

// AnalyzeBody returns the body of a Perspective comments:analyze request
// for text: THREAT and IDENTITY_ATTACK, with span scores, in French and
// English, as Perspective's documentation shows it.
func AnalyzeBody(text string) []byte {
	type comment struct {
		Text string `json:"text"`
	}
	b, err := json.Marshal(struct {
		Comment             comment             `json:"comment"`
		Languages           []string            `json:"languages"`
		RequestedAttributes map[string]struct{} `json:"requestedAttributes"`
		SpanAnnotations     bool                `json:"spanAnnotations"`
		DoNotStore          bool                `json:"doNotStore"`
	}{comment{text}, []string{"fr", "en"}, map[string]struct{}{"THREAT": {}, "IDENTITY_ATTACK": {}}, true, true})
	if err != nil { // a string always encodes
		panic(err)
	}
	return b
}
