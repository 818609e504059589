package main

import (
	"bytes"
	"encoding/json"
	"net/http/httptest"
	"testing"
	"unicode/utf16"
)

// FuzzDecode sends any body to both endpoints. Nothing may panic (the
// handlers' recover would answer 500, which fails here); every answer is
// 200, or a 400 or 413 in Google's error shape; a request the decoder
// accepts is JSON by encoding/json's reading too (the reference); and every
// span lies within the text, in UTF-16 units. The seeds are the tests'
// requests, good and bad.
func FuzzDecode(f *testing.F) {
	for _, tc := range errorCases {
		f.Add([]byte(tc.body))
	}
	for _, tc := range analyzeCases {
		f.Add([]byte(`{"comment":{"text":` + quote(tc.text) + `},"languages":["` + tc.lang + `"],"requestedAttributes":{"THREAT":{},"IDENTITY_ATTACK":{"scoreThreshold":0.1}},"spanAnnotations":true}`))
		f.Add([]byte(`{"documents":[{"id":1,"text":` + quote(tc.text) + `},{"text":""}]}`))
	}
	f.Add([]byte(`{"comment":{"text":"a\ud83d","type":1},"requested_attributes":{"VIGIE_THREAT":{"score_type":1,"score_threshold":"0.5"}},"span_annotations":true,"languages":["fr-CA"]}`))
	f.Add([]byte(`{"comment":{"text":"x"},"requestedAttributes":{"THREAT":null},"context":{"articleAndParentComment":{"article":{"text":"y"}}}}`))
	cfg := defaultConfig()
	cfg.maxBody = 64 << 10
	h := newTestServer(cfg).handler()
	f.Fuzz(func(t *testing.T, body []byte) {
		req, derr := decodeAnalyze(body)
		if derr == nil {
			if !json.Valid(body) || req.text == "" || len(req.attributes) == 0 {
				t.Fatalf("decoded %q: valid JSON %v, text %q, %d attributes", body, json.Valid(body), req.text, len(req.attributes))
			}
		}
		for _, path := range []string{pathAnalyze, pathClassify} {
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, httptest.NewRequest("POST", path, bytes.NewReader(body)))
			b := rec.Body.Bytes()
			switch rec.Code {
			case 200:
				if !json.Valid(b) {
					t.Fatalf("%s: answer is not JSON: %s", path, b)
				}
				if path == pathAnalyze {
					if derr != nil {
						t.Fatalf("answered 200 to a request the decoder refused (%s)", derr.message)
					}
					checkSpans(t, req.text, b)
				}
			case 400, 413:
				var e testError
				if err := json.Unmarshal(b, &e); err != nil || e.Error.Code != rec.Code || e.Error.Message == "" {
					t.Fatalf("%s: error answer %s", path, b)
				}
			default:
				t.Fatalf("%s: status %d for %q: %s", path, rec.Code, body, b)
			}
		}
	})
}

// checkSpans checks that every span of an answer lies within text, in
// UTF-16 code units, and that spans are in order.
func checkSpans(t *testing.T, text string, answer []byte) {
	t.Helper()
	var resp testResponse
	if err := json.Unmarshal(answer, &resp); err != nil {
		t.Fatal(err)
	}
	n := len(utf16.Encode([]rune(text)))
	for name, a := range resp.AttributeScores {
		prev := 0
		for _, sp := range a.SpanScores {
			if sp.Begin == nil || sp.End == nil || *sp.Begin < prev || *sp.End <= *sp.Begin || *sp.End > n {
				t.Fatalf("%s: span %+v after %d in a text of %d units", name, sp, prev, n)
			}
			prev = *sp.End
		}
	}
}
