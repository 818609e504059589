package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	"github.com/vigie-project/vigie/classify"
)

// config is what the flags set. Its zero value is not usable: start from
// defaultConfig.
type config struct {
	maxBody      int64         // the largest request body, in bytes (413 past it)
	maxInFlight  int           // requests classifying at once
	maxQueue     int           // requests waiting for a slot; past it, 429 at once
	queueTimeout time.Duration // how long a request waits for a slot before a 429
	maxBatch     int           // documents in one /v1/classify request
}

// defaultConfig returns the defaults the flags document.
func defaultConfig() config {
	return config{
		maxBody: 1 << 20,
		// Classifying is CPU work: more slots than cores add latency, not
		// throughput. GOMAXPROCS follows the container's CPU limit.
		maxInFlight:  runtime.GOMAXPROCS(0),
		maxQueue:     256,
		queueTimeout: time.Second,
		maxBatch:     1000,
	}
}

// server answers the HTTP API. It holds no state between requests but its
// counters, and is safe for concurrent use: the classifier is immutable and
// shared by every handler.
type server struct {
	clf     *classify.Classifier
	weights classify.Weights
	cfg     config
	lim     *limiter
	met     *metrics
	results sync.Pool // *classify.Result, reused through ClassifyInto
}

func newServer(clf *classify.Classifier, cfg config) *server {
	s := &server{clf: clf, weights: clf.Weights(), cfg: cfg, met: newMetrics()}
	s.lim = newLimiter(cfg.maxInFlight, cfg.maxQueue, cfg.queueTimeout, &s.met.waiting)
	s.results.New = func() any { return new(classify.Result) }
	return s
}

// The paths the server answers.
const (
	pathAnalyze  = "/v1alpha1/comments:analyze"
	pathClassify = "/v1/classify"
	pathHealth   = "/healthz"
	pathMetrics  = "/metrics"
)

// handler returns the server's routes, each wrapped to count its requests.
func (s *server) handler() http.Handler {
	mux := http.NewServeMux()
	mux.Handle(pathAnalyze, s.wrap(hAnalyze, http.MethodPost, s.analyze))
	mux.Handle(pathClassify, s.wrap(hClassify, http.MethodPost, s.classify))
	mux.Handle(pathHealth, s.wrap(hHealth, http.MethodGet, s.health))
	mux.Handle(pathMetrics, s.wrap(hMetrics, http.MethodGet, s.metrics))
	mux.Handle("/", s.wrap(hOther, "", func(w http.ResponseWriter, r *http.Request) {
		s.fail(w, hOther, notFound(r.URL.Path))
	}))
	return mux
}

// wrap counts a handler's requests, their status and duration, checks the
// method (any when method is ""), and turns a panic into a 500 that says
// nothing of the request. A panic is a bug: the tests and fuzz targets look
// for them, and this keeps one bad request from taking the others down.
func (s *server) wrap(h handlerID, method string, f http.HandlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		s.met.inFlight.Add(1)
		sw := &statusWriter{ResponseWriter: w}
		defer func() {
			if p := recover(); p != nil {
				if p == http.ErrAbortHandler { // re-panic: net/http aborts the response quietly
					panic(p)
				}
				if !sw.wrote {
					s.fail(sw, h, &apiError{code: http.StatusInternalServerError, status: "INTERNAL",
						message: "Internal error.", reason: "panic"})
				}
			}
			s.met.inFlight.Add(-1)
			s.met.observe(h, sw.code(), time.Since(start))
		}()
		if method != "" && r.Method != method && !(method == http.MethodGet && r.Method == http.MethodHead) {
			sw.Header().Set("Allow", method)
			s.fail(sw, h, &apiError{code: http.StatusMethodNotAllowed, status: "UNIMPLEMENTED",
				message: fmt.Sprintf("Method %s is not allowed on %s: use %s.", r.Method, r.URL.Path, method), reason: "method"})
			return
		}
		f(sw, r)
	})
}

// statusWriter remembers the status a handler wrote.
type statusWriter struct {
	http.ResponseWriter
	status int
	wrote  bool
}

func (w *statusWriter) WriteHeader(code int) {
	if !w.wrote {
		w.status, w.wrote = code, true
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if !w.wrote {
		w.status, w.wrote = http.StatusOK, true
	}
	return w.ResponseWriter.Write(b)
}

func (w *statusWriter) code() int {
	if !w.wrote {
		return http.StatusOK
	}
	return w.status
}

// readBody reads a request body of at most cfg.maxBody bytes.
func (s *server) readBody(w http.ResponseWriter, r *http.Request) ([]byte, *apiError) {
	if r.ContentLength > s.cfg.maxBody {
		return nil, tooLarge(s.cfg.maxBody)
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, s.cfg.maxBody))
	if err != nil {
		if _, ok := errors.AsType[*http.MaxBytesError](err); ok {
			return nil, tooLarge(s.cfg.maxBody)
		}
		return nil, &apiError{code: http.StatusBadRequest, status: "INVALID_ARGUMENT",
			message: "Could not read the request body: " + err.Error(), reason: "read"}
	}
	return body, nil
}

// acquire waits for a classification slot; the caller must call release
// when it got one. A request that cannot have one in time gets a 429.
func (s *server) acquire(ctx context.Context) *apiError {
	switch err := s.lim.acquire(ctx); {
	case err == nil:
		return nil
	case errors.Is(err, errBusy):
		return &apiError{code: http.StatusTooManyRequests, status: "RESOURCE_EXHAUSTED",
			message: "The server is busy: retry later.", reason: "busy"}
	default: // the client went away
		return &apiError{code: 499, status: "CANCELLED", message: "The request was cancelled.", reason: "cancelled"}
	}
}

func (s *server) release() { s.lim.release() }

// getResult and putResult keep a pool of results, so that classifying
// reuses their slices.
func (s *server) getResult() *classify.Result  { return s.results.Get().(*classify.Result) }
func (s *server) putResult(r *classify.Result) { s.results.Put(r) }

// health answers /healthz: the server is up and its classifier loaded.
func (s *server) health(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	io.WriteString(w, `{"status":"ok"}`+"\n")
}

// metrics answers /metrics in the Prometheus text format.
func (s *server) metrics(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.Write(s.met.appendText(nil))
}

// errBusy is the limiter's answer when no slot came in time.
var errBusy = errors.New("serve: busy")

// limiter bounds the requests that classify at once. A request that finds
// every slot taken waits in a queue of bounded length for at most timeout;
// when the queue is full, or the wait too long, it is refused (429), so
// that an overloaded server answers quickly rather than late.
type limiter struct {
	slots    chan struct{}
	maxQueue int64
	timeout  time.Duration
	waiting  *atomic.Int64
}

func newLimiter(slots, maxQueue int, timeout time.Duration, waiting *atomic.Int64) *limiter {
	return &limiter{slots: make(chan struct{}, slots), maxQueue: int64(maxQueue), timeout: timeout, waiting: waiting}
}

func (l *limiter) acquire(ctx context.Context) error {
	select {
	case l.slots <- struct{}{}:
		return nil
	default:
	}
	if l.waiting.Add(1) > l.maxQueue {
		l.waiting.Add(-1)
		return errBusy
	}
	defer l.waiting.Add(-1)
	t := time.NewTimer(l.timeout)
	defer t.Stop()
	select {
	case l.slots <- struct{}{}:
		return nil
	case <-t.C:
		return errBusy
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (l *limiter) release() { <-l.slots }
