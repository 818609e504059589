package main

import (
	"cmp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/vigie-project/vigie/classify"
)

// handlerID names a route in the metrics.
type handlerID uint8

const (
	hAnalyze handlerID = iota
	hClassify
	hHealth
	hMetrics
	hOther
	numHandlers
)

var handlerNames = [numHandlers]string{"analyze", "classify", "healthz", "metrics", "other"}

// durationBuckets are the upper bounds of the latency histogram, in
// seconds: a classification takes tens of microseconds, a request over
// loopback a few hundred, a large batch some milliseconds.
var durationBuckets = [...]float64{0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5}

// histogram counts durations in durationBuckets. It is safe for concurrent
// use.
type histogram struct {
	counts [len(durationBuckets) + 1]atomic.Uint64 // per bucket, not cumulative; the last is +Inf
	sumNs  atomic.Int64
}

func (h *histogram) observe(d time.Duration) {
	sec := d.Seconds()
	i, _ := slices.BinarySearch(durationBuckets[:], sec) // the first bound ≥ sec
	h.counts[i].Add(1)
	h.sumNs.Add(int64(d))
}

// metrics are the server's counters. They are safe for concurrent use and
// written by hand in the Prometheus text exposition format (version 0.0.4):
// the official client library would bring a dozen modules for six metrics.
type metrics struct {
	mu       sync.Mutex
	requests map[requestKey]uint64 // by handler and status code
	errors   map[errorKey]uint64   // by handler and reason

	durations [numHandlers]histogram
	levels    [classify.High + 1]atomic.Uint64 // texts classified, by level
	inFlight  atomic.Int64                     // requests being answered
	waiting   atomic.Int64                     // requests waiting for a classification slot
}

type requestKey struct {
	h    handlerID
	code int
}

type errorKey struct {
	h      handlerID
	reason string
}

func newMetrics() *metrics {
	return &metrics{requests: map[requestKey]uint64{}, errors: map[errorKey]uint64{}}
}

// observe counts an answered request.
func (m *metrics) observe(h handlerID, code int, d time.Duration) {
	m.durations[h].observe(d)
	m.mu.Lock()
	m.requests[requestKey{h, code}]++
	m.mu.Unlock()
}

// failed counts a refused request.
func (m *metrics) failed(h handlerID, reason string) {
	m.mu.Lock()
	m.errors[errorKey{h, reason}]++
	m.mu.Unlock()
}

// classified counts a classified text.
func (m *metrics) classified(l classify.Level) {
	if int(l) < len(m.levels) {
		m.levels[l].Add(1)
	}
}

// appendText appends the metrics in the Prometheus text format. Series
// are in a fixed order, so that two scrapes can be compared line by line.
func (m *metrics) appendText(b []byte) []byte {
	m.mu.Lock()
	reqs := make([]requestKey, 0, len(m.requests))
	for k := range m.requests {
		reqs = append(reqs, k)
	}
	errs := make([]errorKey, 0, len(m.errors))
	for k := range m.errors {
		errs = append(errs, k)
	}
	slices.SortFunc(reqs, func(a, b requestKey) int { return cmp.Or(cmp.Compare(a.h, b.h), cmp.Compare(a.code, b.code)) })
	slices.SortFunc(errs, func(a, b errorKey) int { return cmp.Or(cmp.Compare(a.h, b.h), strings.Compare(a.reason, b.reason)) })
	reqCounts := make([]uint64, len(reqs))
	for i, k := range reqs {
		reqCounts[i] = m.requests[k]
	}
	errCounts := make([]uint64, len(errs))
	for i, k := range errs {
		errCounts[i] = m.errors[k]
	}
	m.mu.Unlock()

	b = appendHeader(b, "vigie_http_requests_total", "counter", "Requests answered, by handler and HTTP status code.")
	for i, k := range reqs {
		b = append(b, "vigie_http_requests_total{handler=\""...)
		b = append(b, handlerNames[k.h]...)
		b = append(b, "\",code=\""...)
		b = strconv.AppendInt(b, int64(k.code), 10)
		b = append(b, "\"} "...)
		b = strconv.AppendUint(b, reqCounts[i], 10)
		b = append(b, '\n')
	}
	b = appendHeader(b, "vigie_http_errors_total", "counter",
		"Requests answered with an error, by handler and reason (invalid_json, invalid_argument, unsupported_attribute, unsupported_language, too_large, busy...).")
	for i, k := range errs {
		b = append(b, "vigie_http_errors_total{handler=\""...)
		b = append(b, handlerNames[k.h]...)
		b = append(b, "\",reason=\""...)
		b = append(b, k.reason...) // reasons are constants of this program: no escaping needed
		b = append(b, "\"} "...)
		b = strconv.AppendUint(b, errCounts[i], 10)
		b = append(b, '\n')
	}
	b = appendHeader(b, "vigie_http_request_duration_seconds", "histogram",
		"Time from a request's arrival to its answer, by handler.")
	for h := range numHandlers {
		hist := &m.durations[h]
		var cum uint64
		for i := range hist.counts {
			cum += hist.counts[i].Load()
			b = append(b, "vigie_http_request_duration_seconds_bucket{handler=\""...)
			b = append(b, handlerNames[h]...)
			b = append(b, "\",le=\""...)
			if i < len(durationBuckets) {
				b = strconv.AppendFloat(b, durationBuckets[i], 'g', -1, 64)
			} else {
				b = append(b, "+Inf"...)
			}
			b = append(b, "\"} "...)
			b = strconv.AppendUint(b, cum, 10)
			b = append(b, '\n')
		}
		b = append(b, "vigie_http_request_duration_seconds_sum{handler=\""...)
		b = append(b, handlerNames[h]...)
		b = append(b, "\"} "...)
		b = strconv.AppendFloat(b, float64(hist.sumNs.Load())/1e9, 'g', -1, 64)
		b = append(b, '\n')
		b = append(b, "vigie_http_request_duration_seconds_count{handler=\""...)
		b = append(b, handlerNames[h]...)
		b = append(b, "\"} "...)
		b = strconv.AppendUint(b, cum, 10)
		b = append(b, '\n')
	}
	b = appendHeader(b, "vigie_texts_classified_total", "counter", "Texts classified, by level (none, low, medium, high).")
	for l := range m.levels {
		b = append(b, "vigie_texts_classified_total{level=\""...)
		b = append(b, classify.Level(l).String()...)
		b = append(b, "\"} "...)
		b = strconv.AppendUint(b, m.levels[l].Load(), 10)
		b = append(b, '\n')
	}
	b = appendHeader(b, "vigie_http_requests_in_flight", "gauge", "Requests being answered now.")
	b = strconv.AppendInt(append(b, "vigie_http_requests_in_flight "...), m.inFlight.Load(), 10)
	b = append(b, '\n')
	b = appendHeader(b, "vigie_queue_waiting", "gauge", "Requests waiting for a classification slot now.")
	b = strconv.AppendInt(append(b, "vigie_queue_waiting "...), m.waiting.Load(), 10)
	return append(b, '\n')
}

func appendHeader(b []byte, name, typ, help string) []byte {
	b = append(append(append(append(b, "# HELP "...), name...), ' '), help...)
	return append(append(append(append(b, "\n# TYPE "...), name...), ' '), typ+"\n"...)
}
