// Command serve answers Vigie over HTTP, with an API compatible with
// Google Perspective's comments:analyze, so that a program written for
// Perspective can use Vigie by changing its base URL.
//
//	go run ./examples/serve -addr 127.0.0.1:8080
//
// Endpoints:
//
//	POST /v1alpha1/comments:analyze   Perspective's AnalyzeComment (v1alpha1)
//	POST /v1/classify                 Vigie's records, one text or a batch
//	GET  /healthz                     {"status":"ok"} once the classifier is loaded
//	GET  /metrics                     Prometheus text format
//
// comments:analyze scores the attributes THREAT (the probability of
// violence: threats and incitement), IDENTITY_ATTACK (hate: dehumanisation
// and attacks on a group) and Vigie's own, prefixed VIGIE_: VIGIE_EXTREMISM,
// and one per signal category of the lexicon (VIGIE_THREAT,
// VIGIE_GLORIFICATION...). It reads French and English. An attribute it does
// not score (TOXICITY...) or another language gets Perspective's 400 error,
// which lists what is supported. With spanAnnotations, each sentence gets a
// span score; span offsets are in UTF-16 code units, as Perspective's are.
//
// /v1/classify answers the records of the scoring program (examples/score
// -format jsonl): level, score, per-kind scores, signals with byte offsets,
// context, model features and rationale.
//
// The server stores nothing and logs no text, so Perspective's doNotStore is
// always in effect. Bodies are limited (-max-body, 413 past it); at most
// -max-inflight requests classify at once, up to -max-queue more wait for
// at most -queue-timeout, and the others get a 429 with Retry-After at once.
// SIGTERM or SIGINT stop it gracefully: it stops accepting connections and
// finishes the requests under way (at most -shutdown-timeout).
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/vigie-project/vigie/classify"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, os.Interrupt)
	defer stop()
	os.Exit(run(ctx, os.Args[1:], os.Stderr))
}

// options are the command line.
type options struct {
	addr            string
	noModel         bool
	flagAt          float64 // classify.Weights.FlagAt: 0 for the default threshold
	cfg             config
	readTimeout     time.Duration
	writeTimeout    time.Duration
	idleTimeout     time.Duration
	shutdownTimeout time.Duration
}

func parseFlags(args []string, stderr io.Writer) (*options, error) {
	o := options{cfg: defaultConfig()}
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(stderr, "Usage: go run ./examples/serve [flags]\n\n"+
			"Serve Vigie over HTTP: Perspective's POST /v1alpha1/comments:analyze, POST /v1/classify,\n"+
			"GET /healthz and GET /metrics. See go doc ./examples/serve.\n\nFlags:\n")
		fs.PrintDefaults()
	}
	fs.StringVar(&o.addr, "addr", "127.0.0.1:8080", "listen on `HOST:PORT` (\":8080\" for every interface, as in a container)")
	fs.BoolVar(&o.noModel, "no-model", false, "score with the lexicon and its rules alone, without the embedded trained model")
	fs.Float64Var(&o.flagAt, "flag-at", 0, "flag texts whose score reaches `P` (0 < P < 1) instead of the default threshold: a recall-oriented operating point for monitoring and research (README, \"Operating points\")")
	fs.Int64Var(&o.cfg.maxBody, "max-body", o.cfg.maxBody, "largest request body, in `BYTES` (413 past it)")
	fs.IntVar(&o.cfg.maxInFlight, "max-inflight", o.cfg.maxInFlight, "requests that classify at once: GOMAXPROCS by default, which follows the CPU limit")
	fs.IntVar(&o.cfg.maxQueue, "max-queue", o.cfg.maxQueue, "requests that wait for a slot; past it, 429 at once")
	fs.DurationVar(&o.cfg.queueTimeout, "queue-timeout", o.cfg.queueTimeout, "longest wait for a slot before a 429")
	fs.IntVar(&o.cfg.maxBatch, "max-batch", o.cfg.maxBatch, "most documents in one /v1/classify request")
	fs.DurationVar(&o.readTimeout, "read-timeout", 10*time.Second, "longest time to read a request, body included")
	fs.DurationVar(&o.writeTimeout, "write-timeout", 30*time.Second, "longest time from the end of the request headers to the end of the answer")
	fs.DurationVar(&o.idleTimeout, "idle-timeout", 60*time.Second, "how long a kept-alive connection may wait for its next request")
	fs.DurationVar(&o.shutdownTimeout, "shutdown-timeout", 20*time.Second, "longest wait for requests under way on SIGTERM")
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	switch {
	case fs.NArg() > 0:
		return nil, fmt.Errorf("unexpected argument %q: serve takes flags only", fs.Arg(0))
	case !(o.flagAt >= 0 && o.flagAt < 1):
		return nil, fmt.Errorf("-flag-at %v: want a probability between 0 and 1 (0: the default threshold)", o.flagAt)
	case o.cfg.maxBody < 1:
		return nil, fmt.Errorf("-max-body %d: want at least 1", o.cfg.maxBody)
	case o.cfg.maxInFlight < 1:
		return nil, fmt.Errorf("-max-inflight %d: want at least 1", o.cfg.maxInFlight)
	case o.cfg.maxQueue < 0:
		return nil, fmt.Errorf("-max-queue %d: want 0 or more", o.cfg.maxQueue)
	case o.cfg.maxBatch < 1:
		return nil, fmt.Errorf("-max-batch %d: want at least 1", o.cfg.maxBatch)
	case o.readTimeout <= 0 || o.writeTimeout <= 0 || o.idleTimeout <= 0 || o.shutdownTimeout <= 0 || o.cfg.queueTimeout <= 0:
		return nil, errors.New("timeouts must be positive")
	}
	return &o, nil
}

// run serves until ctx is done, then shuts down gracefully. It returns the
// exit status: 0 after a clean shutdown, 2 for a usage or start-up error, 1
// when serving failed.
func run(ctx context.Context, args []string, stderr io.Writer) int {
	logger := log.New(stderr, "serve: ", log.LstdFlags)
	o, err := parseFlags(args, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	if err != nil {
		fmt.Fprintf(stderr, "serve: %v\n", err)
		return 2
	}
	var opts []classify.Option
	if o.noModel {
		opts = append(opts, classify.WithoutModel())
	}
	if o.flagAt > 0 {
		w := classify.DefaultWeights()
		w.FlagAt = o.flagAt
		opts = append(opts, classify.WithWeights(w))
	}
	clf, err := classify.New(opts...)
	if err != nil {
		logger.Printf("loading the classifier: %v", err)
		return 2
	}
	ln, err := net.Listen("tcp", o.addr)
	if err != nil {
		logger.Printf("%v", err)
		return 2
	}
	srv := newHTTPServer(newServer(clf, o.cfg).handler(), o, logger)
	// The only lines the server logs: start, stop and failures of its own,
	// never a request, its text or its address.
	logger.Printf("listening on http://%s (max body %d bytes, %d requests at once)", ln.Addr(), o.cfg.maxBody, o.cfg.maxInFlight)
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		logger.Printf("serving: %v", err)
		return 1
	case <-ctx.Done():
	}
	logger.Printf("shutting down: finishing the requests under way (at most %v)", o.shutdownTimeout)
	sctx, cancel := context.WithTimeout(context.Background(), o.shutdownTimeout)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		logger.Printf("shutdown: %v", err)
		return 1
	}
	logger.Printf("stopped")
	return 0
}

// newHTTPServer returns the http.Server with the options' timeouts. Its
// error log is net/http's own (a failed TLS handshake, a panic in a
// handler): it never holds a request's body.
func newHTTPServer(h http.Handler, o *options, logger *log.Logger) *http.Server {
	return &http.Server{
		Handler:           h,
		ReadHeaderTimeout: min(o.readTimeout, 5*time.Second),
		ReadTimeout:       o.readTimeout,
		WriteTimeout:      o.writeTimeout,
		IdleTimeout:       o.idleTimeout,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          logger,
	}
}
