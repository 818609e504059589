package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/vigie-project/vigie/classify"
	"github.com/vigie-project/vigie/internal/record"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// testClassifier is the default classifier, built once for all tests.
var testClassifier = sync.OnceValue(func() *classify.Classifier {
	c, err := classify.New()
	if err != nil {
		panic(err)
	}
	return c
})

func newTestServer(cfg config) *server { return newServer(testClassifier(), cfg) }

// do sends a request to h in memory and returns the status, the headers
// and the body.
func do(h http.Handler, method, target, body string) (int, http.Header, []byte) {
	req := httptest.NewRequest(method, target, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec.Code, rec.Header(), rec.Body.Bytes()
}

// The response as a client reads it, with pointers so that a missing field
// shows.
type (
	testResponse struct {
		AttributeScores   map[string]testAttribute `json:"attributeScores"`
		Languages         []string                 `json:"languages"`
		DetectedLanguages []string                 `json:"detectedLanguages"`
		ClientToken       *string                  `json:"clientToken"`
	}
	testAttribute struct {
		SpanScores   []testSpan `json:"spanScores"`
		SummaryScore *testScore `json:"summaryScore"`
	}
	testSpan struct {
		Begin *int       `json:"begin"`
		End   *int       `json:"end"`
		Score *testScore `json:"score"`
	}
	testScore struct {
		Value *float64 `json:"value"`
		Type  string   `json:"type"`
	}
)

// decodeStrict decodes b into v, refusing fields v does not have: the
// response must have Perspective's shape and nothing else.
func decodeStrict(t *testing.T, b []byte, v any) {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		t.Fatalf("decoding %s: %v", b, err)
	}
}

// analyzeCases are texts in both languages, several sentences, characters
// outside the BMP (two UTF-16 units) and accents (two UTF-8 bytes, one
// UTF-16 unit), so that a byte offset passed as a span offset shows.
var analyzeCases = []struct {
	name, lang, text string
}{
	{"en", "en", "I'm going to shoot up the school tomorrow, the kuffar will pay. Nice weather today 🌞! These subhumans are vermin and must be exterminated."},
	{"fr", "fr", "Je vais les égorger, ces kouffar. Il fait beau 😀 aujourd'hui. Ces sous-hommes sont des cafards."},
	{"fr-one-sentence", "fr", "Frères, rejoignez les rangs du califat : faites la hijra avant qu'il ne soit trop tard"},
	{"en-report", "en", "Police said the suspect had posted ISIS propaganda before the attack, according to court documents."},
}

// TestAnalyzeDocumentedRequest sends the request of Perspective's
// documentation (methods.md), for THREAT and IDENTITY_ATTACK with spans, in
// both languages, and checks the answer's shape, its values against the
// classifier's, and its spans against the text, counted in UTF-16 units.
func TestAnalyzeDocumentedRequest(t *testing.T) {
	s := newTestServer(defaultConfig())
	h := s.handler()
	c := testClassifier()
	for _, tc := range analyzeCases {
		t.Run(tc.name, func(t *testing.T) {
			body := fmt.Sprintf(`{"comment":{"text":%q},"languages":[%q],"requestedAttributes":{"THREAT":{},"IDENTITY_ATTACK":{}},"spanAnnotations":true,"doNotStore":true,"clientToken":"tok-1","sessionId":"s"}`,
				tc.text, tc.lang)
			code, hdr, b := do(h, "POST", pathAnalyze, body)
			if code != 200 {
				t.Fatalf("status %d: %s", code, b)
			}
			if ct := hdr.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
				t.Errorf("Content-Type %q", ct)
			}
			var resp testResponse
			decodeStrict(t, b, &resp)
			if resp.ClientToken == nil || *resp.ClientToken != "tok-1" {
				t.Errorf("clientToken not echoed: %v", resp.ClientToken)
			}
			if !slices.Equal(resp.Languages, []string{tc.lang}) {
				t.Errorf("languages %v, want the request's [%s]", resp.Languages, tc.lang)
			}
			want := c.Classify(tc.text)
			if !slices.Equal(resp.DetectedLanguages, []string{want.Lang.String()}) {
				t.Errorf("detectedLanguages %v, want [%s]", resp.DetectedLanguages, want.Lang)
			}
			if len(resp.AttributeScores) != 2 {
				t.Errorf("attributeScores has %d attributes, want THREAT and IDENTITY_ATTACK", len(resp.AttributeScores))
			}
			sents := sentences(tc.text)
			for name, risk := range map[string]classify.Risk{"THREAT": classify.Violence, "IDENTITY_ATTACK": classify.Hate} {
				a, ok := resp.AttributeScores[name]
				if !ok {
					t.Fatalf("no %s in %s", name, b)
				}
				checkScore(t, name+" summary", a.SummaryScore, want.Scores.Of(risk))
				if len(a.SpanScores) != len(sents) {
					t.Fatalf("%s: %d spans for %d sentences", name, len(a.SpanScores), len(sents))
				}
				prevEnd := 0
				for i, sp := range a.SpanScores {
					if sp.Begin == nil || sp.End == nil {
						t.Fatalf("%s span %d: begin or end missing", name, i)
					}
					sentence := utf16Slice(t, tc.text, *sp.Begin, *sp.End)
					if sentence == "" || strings.TrimSpace(sentence) != sentence || *sp.Begin < prevEnd {
						t.Errorf("%s span %d [%d,%d) = %q: want a trimmed sentence after the previous span", name, i, *sp.Begin, *sp.End, sentence)
					}
					prevEnd = *sp.End
					if sentence != tc.text[sents[i].Start:sents[i].End] {
						t.Errorf("%s span %d = %q, want sentence %q", name, i, sentence, tc.text[sents[i].Start:sents[i].End])
					}
					// a sentence is scored alone; a text of one sentence as a whole
					alone := want
					if len(sents) > 1 {
						alone = c.Classify(sentence)
					}
					checkScore(t, fmt.Sprintf("%s span %d", name, i), sp.Score, alone.Scores.Of(risk))
				}
			}
		})
	}
}

// utf16Slice returns text[begin:end] with offsets in UTF-16 code units, as
// JavaScript's text.slice(begin, end) does, failing when they fall outside
// the text or inside a surrogate pair.
func utf16Slice(t *testing.T, text string, begin, end int) string {
	t.Helper()
	u := utf16.Encode([]rune(text))
	if begin < 0 || end < begin || end > len(u) {
		t.Fatalf("span [%d,%d) outside a text of %d UTF-16 units", begin, end, len(u))
	}
	for _, o := range []int{begin, end} {
		if o > 0 && o < len(u) && utf16.IsSurrogate(rune(u[o])) && u[o] >= 0xdc00 {
			t.Fatalf("offset %d splits a surrogate pair", o)
		}
	}
	return string(utf16.Decode(u[begin:end]))
}

func checkScore(t *testing.T, what string, sc *testScore, want float64) {
	t.Helper()
	switch {
	case sc == nil || sc.Value == nil:
		t.Errorf("%s: no score", what)
	case *sc.Value != want:
		t.Errorf("%s = %v, want the classifier's %v", what, *sc.Value, want)
	case sc.Type != "PROBABILITY":
		t.Errorf("%s: type %q, want PROBABILITY", what, sc.Type)
	case *sc.Value < 0 || *sc.Value > 1:
		t.Errorf("%s = %v: not a probability", what, *sc.Value)
	}
}

// TestAnalyzeGolden keeps whole answers to the documented request in
// testdata, for a reviewer to read. The numbers change with the lexicon and
// the model: go test ./examples/serve -run Golden -update rewrites them.
func TestAnalyzeGolden(t *testing.T) {
	h := newTestServer(defaultConfig()).handler()
	for _, tc := range analyzeCases[:2] {
		body := fmt.Sprintf(`{"comment":{"text":%q},"languages":[%q],"requestedAttributes":{"THREAT":{},"IDENTITY_ATTACK":{},"VIGIE_EXTREMISM":{}},"spanAnnotations":true,"clientToken":"golden"}`,
			tc.text, tc.lang)
		code, _, b := do(h, "POST", pathAnalyze, body)
		if code != 200 {
			t.Fatalf("%s: status %d: %s", tc.name, code, b)
		}
		golden(t, "analyze_"+tc.name+".json", b)
	}
}

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the answer:\n%s\n(run with -update if the change is intended)", path, got)
	}
}

// TestAnalyzeAttributes requests every attribute: each has a summary score
// in [0, 1]; the category attributes follow the lexicon's formula.
func TestAnalyzeAttributes(t *testing.T) {
	s := newTestServer(defaultConfig())
	h := s.handler()
	text := analyzeCases[1].text
	var req strings.Builder
	req.WriteString(`{"comment":{"text":` + quote(text) + `},"requestedAttributes":{`)
	for i, a := range attributes {
		if i > 0 {
			req.WriteString(",")
		}
		req.WriteString(quote(a.name) + ":{}")
	}
	req.WriteString("}}")
	code, _, b := do(h, "POST", pathAnalyze+"?prettyPrint=false", req.String())
	if code != 200 {
		t.Fatalf("status %d: %s", code, b)
	}
	if bytes.Count(b, []byte("\n")) != 1 {
		t.Errorf("prettyPrint=false: the answer is not on one line")
	}
	var resp testResponse
	decodeStrict(t, b, &resp)
	if len(resp.AttributeScores) != len(attributes) {
		t.Errorf("%d attributes answered, want %d", len(resp.AttributeScores), len(attributes))
	}
	r := testClassifier().Classify(text)
	w := s.weights
	sawCategory := false
	for _, a := range attributes {
		got := resp.AttributeScores[a.name]
		if got.SpanScores != nil {
			t.Errorf("%s: span scores without spanAnnotations", a.name)
		}
		if a.category == 0 {
			checkScore(t, a.name, got.SummaryScore, r.Scores.Of(a.risk))
			continue
		}
		// the reference: the lexicon's score of the category's signals alone
		sum := 0.0
		for _, sg := range r.Signals {
			if sg.Category == a.category {
				sum += sg.Weight
				sawCategory = true
			}
		}
		checkScore(t, a.name, got.SummaryScore, a.value(&classify.Result{Signals: []classify.Signal{{Category: a.category, Weight: sum}}}, &w))
	}
	if !sawCategory {
		t.Errorf("the text has no signal: the category attributes were not tested")
	}
	if !slices.Equal(resp.Languages, []string{"fr"}) || !slices.Equal(resp.DetectedLanguages, []string{"fr"}) {
		t.Errorf("languages %v, detected %v: want the detected [fr] for both", resp.Languages, resp.DetectedLanguages)
	}
	if resp.ClientToken != nil {
		t.Errorf("clientToken %q answered to a request without one", *resp.ClientToken)
	}
}

func quote(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// TestAnalyzeProtoJSON checks the forms of JSON that Google's front end
// accepts: snake_case names, null as absent, enums by number, floats as
// strings, BCP-47 tags.
func TestAnalyzeProtoJSON(t *testing.T) {
	h := newTestServer(defaultConfig()).handler()
	text := analyzeCases[0].text
	for _, body := range []string{
		`{"comment":{"text":` + quote(text) + `,"type":"PLAIN_TEXT"},"requested_attributes":{"THREAT":{"score_type":"PROBABILITY","score_threshold":"0"}},"span_annotations":true,"client_token":"x","do_not_store":true,"session_id":"s","community_id":"c","languages":["en-GB"]}`,
		`{"comment":{"text":` + quote(text) + `,"type":1},"requestedAttributes":{"THREAT":{"scoreType":1,"scoreThreshold":0}},"spanAnnotations":true,"clientToken":"x","context":null,"languages":["EN"],"sessionId":null}`,
		`{"comment":{"text":` + quote(text) + `},"requestedAttributes":{"THREAT":null},"spanAnnotations":true,"clientToken":"x","context":{"entries":[{"text":"an earlier comment"}]}}`,
	} {
		code, _, b := do(h, "POST", pathAnalyze, body)
		if code != 200 {
			t.Errorf("status %d for %s: %s", code, body, b)
			continue
		}
		var resp testResponse
		decodeStrict(t, b, &resp)
		a := resp.AttributeScores["THREAT"]
		if a.SummaryScore == nil || len(a.SpanScores) != len(sentences(text)) || resp.ClientToken == nil {
			t.Errorf("incomplete answer to %s: %s", body, b)
		}
	}
}

// TestAnalyzeThreshold checks that scores below an attribute's threshold
// are left out: the summary, the spans, and the attribute when nothing is
// left.
func TestAnalyzeThreshold(t *testing.T) {
	h := newTestServer(defaultConfig()).handler()
	text := analyzeCases[0].text
	r := testClassifier().Classify(text)
	// between the lowest and the highest span scores of THREAT
	var spans []float64
	for _, sp := range sentences(text) {
		x := testClassifier().Classify(text[sp.Start:sp.End])
		spans = append(spans, x.Scores.Violence)
	}
	lo, hi := slices.Min(spans), slices.Max(spans)
	if lo == hi {
		t.Fatalf("the sentences all score %v: the test needs a text whose sentences differ", lo)
	}
	mid := (lo + hi) / 2
	body := fmt.Sprintf(`{"comment":{"text":%q},"languages":["en"],"requestedAttributes":{"THREAT":{"scoreThreshold":%v},"IDENTITY_ATTACK":{"scoreThreshold":1}},"spanAnnotations":true}`,
		text, mid)
	code, _, b := do(h, "POST", pathAnalyze, body)
	if code != 200 {
		t.Fatalf("status %d: %s", code, b)
	}
	var resp testResponse
	decodeStrict(t, b, &resp)
	a := resp.AttributeScores["THREAT"]
	for _, sp := range a.SpanScores {
		if *sp.Score.Value < mid {
			t.Errorf("span score %v below the threshold %v", *sp.Score.Value, mid)
		}
	}
	wantSpans := 0
	for _, x := range spans {
		if x >= mid {
			wantSpans++
		}
	}
	if len(a.SpanScores) != wantSpans {
		t.Errorf("%d spans, want the %d at or above %v", len(a.SpanScores), wantSpans, mid)
	}
	if (a.SummaryScore != nil) != (r.Scores.Violence >= mid) {
		t.Errorf("summary %v with threshold %v and score %v", a.SummaryScore, mid, r.Scores.Violence)
	}
	if r.Scores.Hate < 1 {
		if _, ok := resp.AttributeScores["IDENTITY_ATTACK"]; ok {
			t.Errorf("IDENTITY_ATTACK answered although every score is below its threshold 1")
		}
	}
}

// TestAnalyzeDropUnsupported checks dropUnsupportedAttributes: what the
// server does not score is left out instead of refused.
func TestAnalyzeDropUnsupported(t *testing.T) {
	h := newTestServer(defaultConfig()).handler()
	for _, tc := range []struct {
		body string
		want []string
	}{
		{`{"comment":{"text":"I will kill you"},"languages":["en"],"requestedAttributes":{"TOXICITY":{},"THREAT":{}},"dropUnsupportedAttributes":true}`, []string{"THREAT"}},
		{`{"comment":{"text":"Ich werde dich töten"},"languages":["de"],"requestedAttributes":{"THREAT":{}},"dropUnsupportedAttributes":true}`, nil},
	} {
		code, _, b := do(h, "POST", pathAnalyze, tc.body)
		if code != 200 {
			t.Fatalf("status %d: %s", code, b)
		}
		var resp testResponse
		decodeStrict(t, b, &resp)
		var got []string
		for k := range resp.AttributeScores {
			got = append(got, k)
		}
		if !slices.Equal(got, tc.want) || resp.AttributeScores == nil {
			t.Errorf("attributes %v (%s), want %v", got, b, tc.want)
		}
	}
}

// testError is the error object, read strictly.
type testError struct {
	Error struct {
		Code    int    `json:"code"`
		Message string `json:"message"`
		Status  string `json:"status"`
		Details []struct {
			Type          string `json:"@type"`
			ErrorType     string `json:"errorType"`
			LanguageError *struct {
				Attribute          string   `json:"attribute"`
				RequestedLanguages []string `json:"requestedLanguages"`
				DetectedLanguages  []string `json:"detectedLanguages"`
			} `json:"languageNotSupportedByAttributeError"`
			FieldViolations []struct {
				Field       string `json:"field"`
				Description string `json:"description"`
			} `json:"fieldViolations"`
		} `json:"details"`
	} `json:"error"`
}

// errorCases are requests that must be refused, with what the answer says.
var errorCases = []struct {
	name, method, path, body string
	code                     int
	status, errorType        string
	message                  string // a part of the message
}{
	{"malformed JSON", "POST", pathAnalyze, `{"comment":`, 400, "INVALID_ARGUMENT", "INVALID_REQUEST", "Invalid JSON payload"},
	{"not JSON", "POST", pathAnalyze, `comment=hello`, 400, "INVALID_ARGUMENT", "INVALID_REQUEST", "not JSON"},
	{"empty body", "POST", pathAnalyze, ``, 400, "INVALID_ARGUMENT", "INVALID_REQUEST", "not JSON"},
	{"array", "POST", pathAnalyze, `[{"comment":{"text":"x"}}]`, 400, "INVALID_ARGUMENT", "INVALID_REQUEST", "must be a JSON object"},
	{"trailing data", "POST", pathAnalyze, `{"comment":{"text":"x"},"requestedAttributes":{"THREAT":{}}} {}`, 400, "INVALID_ARGUMENT", "INVALID_REQUEST", "Invalid JSON payload"},
	{"unknown field", "POST", pathAnalyze, `{"comment":{"text":"x"},"requestedAttributes":{"THREAT":{}},"colour":1}`, 400, "INVALID_ARGUMENT", "INVALID_REQUEST", `Unknown name "colour": Cannot find field`},
	{"unknown nested field", "POST", pathAnalyze, `{"comment":{"text":"x","lang":"en"},"requestedAttributes":{"THREAT":{}}}`, 400, "INVALID_ARGUMENT", "INVALID_REQUEST", `Unknown name "lang" at 'comment'`},
	{"wrong case", "POST", pathAnalyze, `{"Comment":{"text":"x"},"requestedAttributes":{"THREAT":{}}}`, 400, "INVALID_ARGUMENT", "INVALID_REQUEST", `Unknown name "Comment"`},
	{"both spellings", "POST", pathAnalyze, `{"comment":{"text":"x"},"requestedAttributes":{"THREAT":{}},"requested_attributes":{"THREAT":{}}}`, 400, "INVALID_ARGUMENT", "INVALID_REQUEST", "given twice"},
	{"text a number", "POST", pathAnalyze, `{"comment":{"text":12},"requestedAttributes":{"THREAT":{}}}`, 400, "INVALID_ARGUMENT", "INVALID_REQUEST", "Invalid value at 'comment.text' (TYPE_STRING), 12"},
	{"comment a string", "POST", pathAnalyze, `{"comment":"hello","requestedAttributes":{"THREAT":{}}}`, 400, "INVALID_ARGUMENT", "INVALID_REQUEST", "Invalid value at 'comment'"},
	{"languages a string", "POST", pathAnalyze, `{"comment":{"text":"x"},"languages":"en","requestedAttributes":{"THREAT":{}}}`, 400, "INVALID_ARGUMENT", "INVALID_REQUEST", "Invalid value at 'languages'"},
	{"spans a string", "POST", pathAnalyze, `{"comment":{"text":"x"},"spanAnnotations":"yes","requestedAttributes":{"THREAT":{}}}`, 400, "INVALID_ARGUMENT", "INVALID_REQUEST", "TYPE_BOOL"},
	{"bad text type", "POST", pathAnalyze, `{"comment":{"text":"x","type":"MARKDOWN"},"requestedAttributes":{"THREAT":{}}}`, 400, "INVALID_ARGUMENT", "INVALID_REQUEST", "Invalid value at 'comment.type'"},
	{"HTML", "POST", pathAnalyze, `{"comment":{"text":"<b>x</b>","type":"HTML"},"requestedAttributes":{"THREAT":{}}}`, 400, "INVALID_ARGUMENT", "INVALID_REQUEST", "only 'PLAIN_TEXT'"},
	{"empty text", "POST", pathAnalyze, `{"comment":{"text":""},"requestedAttributes":{"THREAT":{}}}`, 400, "INVALID_ARGUMENT", "COMMENT_EMPTY", "Comment must be non-empty"},
	{"no comment", "POST", pathAnalyze, `{"requestedAttributes":{"THREAT":{}}}`, 400, "INVALID_ARGUMENT", "COMMENT_EMPTY", "Comment must be non-empty"},
	{"no attributes", "POST", pathAnalyze, `{"comment":{"text":"x"}}`, 400, "INVALID_ARGUMENT", "NO_REQUESTED_ATTRIBUTES", "Missing requested_attributes"},
	{"empty attributes", "POST", pathAnalyze, `{"comment":{"text":"x"},"requestedAttributes":{}}`, 400, "INVALID_ARGUMENT", "NO_REQUESTED_ATTRIBUTES", "Missing requested_attributes"},
	{"attributes a list", "POST", pathAnalyze, `{"comment":{"text":"x"},"requestedAttributes":["THREAT"]}`, 400, "INVALID_ARGUMENT", "INVALID_REQUEST", "Invalid value at 'requestedAttributes'"},
	{"TOXICITY", "POST", pathAnalyze, `{"comment":{"text":"you idiot"},"languages":["en"],"requestedAttributes":{"TOXICITY":{}}}`, 400, "INVALID_ARGUMENT", "INVALID_REQUEST", "Unknown requested attribute: TOXICITY. This server (Vigie) scores: THREAT, IDENTITY_ATTACK, VIGIE_EXTREMISM"},
	{"PROFANITY beside THREAT", "POST", pathAnalyze, `{"comment":{"text":"x"},"languages":["en"],"requestedAttributes":{"THREAT":{},"PROFANITY":{}}}`, 400, "INVALID_ARGUMENT", "INVALID_REQUEST", "Unknown requested attribute: PROFANITY"},
	{"lower case attribute", "POST", pathAnalyze, `{"comment":{"text":"x"},"languages":["en"],"requestedAttributes":{"threat":{}}}`, 400, "INVALID_ARGUMENT", "INVALID_REQUEST", "Unknown requested attribute: threat"},
	{"attribute parameters unknown", "POST", pathAnalyze, `{"comment":{"text":"x"},"requestedAttributes":{"THREAT":{"threshold":0.5}}}`, 400, "INVALID_ARGUMENT", "INVALID_REQUEST", `Unknown name "threshold" at 'requestedAttributes[THREAT]'`},
	{"score type", "POST", pathAnalyze, `{"comment":{"text":"x"},"languages":["en"],"requestedAttributes":{"THREAT":{"scoreType":"STD_DEV_SCORE"}}}`, 400, "INVALID_ARGUMENT", "INVALID_REQUEST", "Requested score type STD_DEV_SCORE is not supported by attribute THREAT"},
	{"unknown score type", "POST", pathAnalyze, `{"comment":{"text":"x"},"requestedAttributes":{"THREAT":{"scoreType":"LOGIT"}}}`, 400, "INVALID_ARGUMENT", "INVALID_REQUEST", "Invalid value at 'requestedAttributes[THREAT].scoreType'"},
	{"threshold above 1", "POST", pathAnalyze, `{"comment":{"text":"x"},"languages":["en"],"requestedAttributes":{"THREAT":{"scoreThreshold":2}}}`, 400, "INVALID_ARGUMENT", "INVALID_REQUEST", "between 0 and 1"},
	{"threshold not a number", "POST", pathAnalyze, `{"comment":{"text":"x"},"requestedAttributes":{"THREAT":{"scoreThreshold":"high"}}}`, 400, "INVALID_ARGUMENT", "INVALID_REQUEST", "TYPE_FLOAT"},
	{"German", "POST", pathAnalyze, `{"comment":{"text":"Ich werde dich töten"},"languages":["de"],"requestedAttributes":{"THREAT":{}}}`, 400, "INVALID_ARGUMENT", "LANGUAGE_NOT_SUPPORTED_BY_ATTRIBUTE", "Attribute THREAT does not support request languages: de. This server (Vigie) reads: fr, en"},
	{"French and Spanish", "POST", pathAnalyze, `{"comment":{"text":"x"},"languages":["fr","es"],"requestedAttributes":{"THREAT":{},"IDENTITY_ATTACK":{}}}`, 400, "INVALID_ARGUMENT", "LANGUAGE_NOT_SUPPORTED_BY_ATTRIBUTE", "Attribute IDENTITY_ATTACK does not support request languages: fr, es"},
	{"undetected language", "POST", pathAnalyze, `{"comment":{"text":"12345"},"requestedAttributes":{"THREAT":{}}}`, 400, "INVALID_ARGUMENT", "LANGUAGE_DETECTION_FAILED", "Unable to detect language"},
	{"context both", "POST", pathAnalyze, `{"comment":{"text":"x"},"requestedAttributes":{"THREAT":{}},"context":{"entries":[],"articleAndParentComment":{}}}`, 400, "INVALID_ARGUMENT", "INVALID_REQUEST", "either entries or article_and_parent_comment"},
	{"GET analyze", "GET", pathAnalyze, ``, 405, "UNIMPLEMENTED", "", "use POST"},
	{"unknown path", "POST", "/v1alpha1/comments:suggestscore", `{}`, 404, "NOT_FOUND", "", "No endpoint"},

	{"classify malformed", "POST", pathClassify, `{"text":`, 400, "INVALID_ARGUMENT", "INVALID_REQUEST", "Invalid JSON payload"},
	{"classify unknown field", "POST", pathClassify, `{"text":"x","lang":"fr"}`, 400, "INVALID_ARGUMENT", "INVALID_REQUEST", `Unknown name "lang"`},
	{"classify text a list", "POST", pathClassify, `{"text":["x"]}`, 400, "INVALID_ARGUMENT", "INVALID_REQUEST", "Invalid value at 'text'"},
	{"classify empty text", "POST", pathClassify, `{"text":""}`, 400, "INVALID_ARGUMENT", "COMMENT_EMPTY", `"text" is missing or empty`},
	{"classify nothing", "POST", pathClassify, `{}`, 400, "INVALID_ARGUMENT", "COMMENT_EMPTY", `"text" is missing or empty`},
	{"classify id an object", "POST", pathClassify, `{"id":{},"text":"x"}`, 400, "INVALID_ARGUMENT", "INVALID_REQUEST", "Invalid value at 'id'"},
	{"classify both forms", "POST", pathClassify, `{"text":"x","documents":[{"text":"y"}]}`, 400, "INVALID_ARGUMENT", "INVALID_REQUEST", "not both"},
	{"classify empty batch", "POST", pathClassify, `{"documents":[]}`, 400, "INVALID_ARGUMENT", "INVALID_REQUEST", "is empty"},
	{"classify batch not a list", "POST", pathClassify, `{"documents":{"text":"y"}}`, 400, "INVALID_ARGUMENT", "INVALID_REQUEST", "Invalid value at 'documents'"},
	{"classify batch unknown field", "POST", pathClassify, `{"documents":[{"text":"y"},{"txt":"z"}]}`, 400, "INVALID_ARGUMENT", "INVALID_REQUEST", `Unknown name "txt" at 'documents[1]'`},
	{"classify GET", "GET", pathClassify, ``, 405, "UNIMPLEMENTED", "", "use POST"},
	{"healthz POST", "POST", pathHealth, ``, 405, "UNIMPLEMENTED", "", "use GET"},
}

// TestErrors checks every refusal: its status, its error object (Google's
// shape, read strictly), its errorType and message, and that the message
// never quotes the text.
func TestErrors(t *testing.T) {
	h := newTestServer(defaultConfig()).handler()
	for _, tc := range errorCases {
		t.Run(tc.name, func(t *testing.T) {
			code, hdr, b := do(h, tc.method, tc.path, tc.body)
			checkError(t, code, hdr, b, tc.code, tc.status, tc.errorType, tc.message)
		})
	}
}

func checkError(t *testing.T, code int, hdr http.Header, b []byte, wantCode int, status, errorType, message string) *testError {
	t.Helper()
	if code != wantCode {
		t.Fatalf("status %d, want %d: %s", code, wantCode, b)
	}
	if ct := hdr.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Errorf("Content-Type %q", ct)
	}
	var e testError
	decodeStrict(t, b, &e)
	if e.Error.Code != wantCode || e.Error.Status != status {
		t.Errorf("error %d %s, want %d %s", e.Error.Code, e.Error.Status, wantCode, status)
	}
	if !strings.Contains(e.Error.Message, message) {
		t.Errorf("message %q does not say %q", e.Error.Message, message)
	}
	got := ""
	for _, d := range e.Error.Details {
		if d.Type == typeAnalyzerError {
			got = d.ErrorType
		} else if d.Type != typeBadRequest || len(d.FieldViolations) != 1 {
			t.Errorf("unexpected detail %+v", d)
		}
	}
	if got != errorType {
		t.Errorf("errorType %q, want %q", got, errorType)
	}
	return &e
}

// TestErrorDetails checks the details that clients read to tell an
// unsupported language from other errors, and what the server lists as
// supported.
func TestErrorDetails(t *testing.T) {
	h := newTestServer(defaultConfig()).handler()
	code, hdr, b := do(h, "POST", pathAnalyze, `{"comment":{"text":"x"},"languages":["de-AT"],"requestedAttributes":{"THREAT":{}}}`)
	e := checkError(t, code, hdr, b, 400, "INVALID_ARGUMENT", "LANGUAGE_NOT_SUPPORTED_BY_ATTRIBUTE", "de-AT")
	le := e.Error.Details[0].LanguageError
	if le == nil || le.Attribute != "THREAT" || !slices.Equal(le.RequestedLanguages, []string{"de-AT"}) {
		t.Errorf("languageNotSupportedByAttributeError %+v", le)
	}
	code, hdr, b = do(h, "POST", pathAnalyze, `{"comment":{"text":"x"},"requestedAttributes":{"INSULT":{}}}`)
	e = checkError(t, code, hdr, b, 400, "INVALID_ARGUMENT", "INVALID_REQUEST", "INSULT")
	fv := e.Error.Details[1].FieldViolations[0]
	if fv.Field != "requestedAttributes.INSULT" || !strings.Contains(fv.Description, attributeNames) {
		t.Errorf("field violation %+v", fv)
	}
	for _, a := range attributes {
		if !strings.Contains(e.Error.Message, a.name) {
			t.Errorf("the message does not list %s", a.name)
		}
	}
}

// TestNoTextInErrors sends requests that fail after the text was read,
// and checks that no answer quotes it.
func TestNoTextInErrors(t *testing.T) {
	h := newTestServer(defaultConfig()).handler()
	const secret = "Ceci est un texte secret"
	for _, body := range []string{
		`{"comment":{"text":"` + secret + `"},"requestedAttributes":{"TOXICITY":{}}}`,
		`{"comment":{"text":"` + secret + `"},"languages":["de"],"requestedAttributes":{"THREAT":{}}}`,
		`{"comment":{"text":"` + secret + `","type":"HTML"},"requestedAttributes":{"THREAT":{}}}`,
		`{"comment":{"text":"` + secret + `"},"requestedAttributes":{"THREAT":{"scoreType":"RAW"}}}`,
		`{"comment":{"text":"` + secret + `"},"requestedAttributes":{"THREAT":{}},"extra":"x"}`,
	} {
		code, _, b := do(h, "POST", pathAnalyze, body)
		if code != 400 || bytes.Contains(b, []byte("secret")) {
			t.Errorf("status %d, answer %s", code, b)
		}
	}
}

// TestBodyLimit checks the 413 past the limit, with and without a
// Content-Length, and that a body at the limit is read.
func TestBodyLimit(t *testing.T) {
	cfg := defaultConfig()
	cfg.maxBody = 200
	h := newTestServer(cfg).handler()
	pad := func(n int) string {
		const head, tail = `{"comment":{"text":"`, `"},"languages":["en"],"requestedAttributes":{"THREAT":{}}}`
		return head + strings.Repeat("a", n-len(head)-len(tail)) + tail
	}
	for _, path := range []string{pathAnalyze, pathClassify} {
		code, hdr, b := do(h, "POST", path, pad(201))
		checkError(t, code, hdr, b, 413, "INVALID_ARGUMENT", "", "exceeds the limit: 200 bytes")
		// no Content-Length: the limit applies while reading
		req := httptest.NewRequest("POST", path, io.MultiReader(strings.NewReader(pad(300))))
		req.ContentLength = -1
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != 413 {
			t.Errorf("%s, chunked body over the limit: status %d", path, rec.Code)
		}
	}
	if code, _, b := do(h, "POST", pathAnalyze, pad(200)); code != 200 {
		t.Errorf("a body at the limit: status %d: %s", code, b)
	}
}

// TestSpanLimit checks that span scores are refused, with Perspective's
// COMMENT_TOO_LONG, for a comment of more than maxSpanSentences sentences,
// and given for one at the limit.
func TestSpanLimit(t *testing.T) {
	h := newTestServer(defaultConfig()).handler()
	body := func(n int) string {
		return `{"comment":{"text":"` + strings.Repeat("Kill them. ", n) + `"},"languages":["en"],"requestedAttributes":{"THREAT":{}},"spanAnnotations":true}`
	}
	code, hdr, b := do(h, "POST", pathAnalyze+"?prettyPrint=false", body(maxSpanSentences+1))
	checkError(t, code, hdr, b, 400, "INVALID_ARGUMENT", "COMMENT_TOO_LONG", fmt.Sprintf("it has %d sentences", maxSpanSentences+1))
	code, _, b = do(h, "POST", pathAnalyze+"?prettyPrint=false", body(maxSpanSentences))
	var resp testResponse
	decodeStrict(t, b, &resp)
	if code != 200 || len(resp.AttributeScores["THREAT"].SpanScores) != maxSpanSentences {
		t.Errorf("at the limit: status %d, %d spans", code, len(resp.AttributeScores["THREAT"].SpanScores))
	}
	// without spanAnnotations, the same comment is answered
	long := strings.Replace(body(maxSpanSentences+1), `"spanAnnotations":true`, `"spanAnnotations":false`, 1)
	if code, _, b := do(h, "POST", pathAnalyze, long); code != 200 {
		t.Errorf("without spans: status %d: %s", code, b)
	}
}

// TestClassify checks that /v1/classify answers exactly the scoring
// program's records, for one text and for a batch.
func TestClassify(t *testing.T) {
	h := newTestServer(defaultConfig()).handler()
	c := testClassifier()
	text := analyzeCases[1].text
	r := c.Classify(text)

	code, _, b := do(h, "POST", pathClassify, `{"id":"c-1","text":`+quote(text)+`}`)
	if want := string(record.AppendJSON(nil, "c-1", &r)) + "\n"; code != 200 || string(b) != want {
		t.Errorf("status %d\n got %s\nwant %s", code, b, want)
	}
	code, _, b = do(h, "POST", pathClassify, `{"text":`+quote(text)+`}`)
	if want := string(record.AppendJSON(nil, "1", &r)) + "\n"; code != 200 || string(b) != want {
		t.Errorf("without an id: status %d\n got %s\nwant %s", code, b, want)
	}

	texts := []string{analyzeCases[0].text, "", "Ramadan moubarak à tous", text}
	body := `{"documents":[{"id":"a","text":` + quote(texts[0]) + `},{"id":42,"text":""},{"text":` + quote(texts[2]) + `},{"id":"d","text":` + quote(texts[3]) + `}]}`
	code, _, b = do(h, "POST", pathClassify, body)
	want := []byte{'['}
	for i, id := range []string{"a", "42", "3", "d"} {
		if i > 0 {
			want = append(want, ',')
		}
		if texts[i] == "" {
			want = record.AppendErrorJSON(want, id, "empty text")
			continue
		}
		ri := c.Classify(texts[i])
		want = record.AppendJSON(want, id, &ri)
	}
	want = append(want, "]\n"...)
	if code != 200 || !bytes.Equal(b, want) {
		t.Errorf("batch: status %d\n got %s\nwant %s", code, b, want)
	}
	if !json.Valid(b) {
		t.Errorf("batch answer is not JSON")
	}
}

// TestClassifyBatchLimit checks -max-batch.
func TestClassifyBatchLimit(t *testing.T) {
	cfg := defaultConfig()
	cfg.maxBatch = 2
	h := newTestServer(cfg).handler()
	if code, _, b := do(h, "POST", pathClassify, `{"documents":[{"text":"a"},{"text":"b"}]}`); code != 200 {
		t.Errorf("2 documents: status %d: %s", code, b)
	}
	code, hdr, b := do(h, "POST", pathClassify, `{"documents":[{"text":"a"},{"text":"b"},{"text":"c"}]}`)
	checkError(t, code, hdr, b, 400, "INVALID_ARGUMENT", "INVALID_REQUEST", "at most 2")
}

func TestHealthz(t *testing.T) {
	h := newTestServer(defaultConfig()).handler()
	code, _, b := do(h, "GET", pathHealth, "")
	if code != 200 || string(b) != `{"status":"ok"}`+"\n" {
		t.Errorf("status %d: %s", code, b)
	}
	if code, _, _ := do(h, "HEAD", pathHealth, ""); code != 200 {
		t.Errorf("HEAD: status %d", code)
	}
}

// TestMetrics checks that /metrics is in the Prometheus text format and
// counts requests, errors, latencies, levels and requests in flight.
func TestMetrics(t *testing.T) {
	s := newTestServer(defaultConfig())
	h := s.handler()
	do(h, "POST", pathAnalyze, `{"comment":{"text":`+quote(analyzeCases[0].text)+`},"requestedAttributes":{"THREAT":{}}}`)
	do(h, "POST", pathAnalyze, `{"comment":{"text":"x"},"requestedAttributes":{"TOXICITY":{}}}`)
	do(h, "POST", pathClassify, `{"documents":[{"text":"hello"},{"text":"Ramadan moubarak à tous"}]}`)
	do(h, "GET", "/nowhere", "")
	code, hdr, b := do(h, "GET", pathMetrics, "")
	if code != 200 || !strings.HasPrefix(hdr.Get("Content-Type"), "text/plain; version=0.0.4") {
		t.Fatalf("status %d, Content-Type %q", code, hdr.Get("Content-Type"))
	}
	samples := parseMetrics(t, string(b))
	levels := 0.0
	for l := classify.None; l <= classify.High; l++ {
		levels += samples[`vigie_texts_classified_total{level="`+l.String()+`"}`]
	}
	for name, want := range map[string]float64{
		`vigie_http_requests_total{handler="analyze",code="200"}`:                   1,
		`vigie_http_requests_total{handler="analyze",code="400"}`:                   1,
		`vigie_http_requests_total{handler="classify",code="200"}`:                  1,
		`vigie_http_requests_total{handler="other",code="404"}`:                     1,
		`vigie_http_errors_total{handler="analyze",reason="unsupported_attribute"}`: 1,
		`vigie_http_errors_total{handler="other",reason="not_found"}`:               1,
		`vigie_http_request_duration_seconds_count{handler="analyze"}`:              2,
		`vigie_http_request_duration_seconds_bucket{handler="analyze",le="+Inf"}`:   2,
		`vigie_http_requests_in_flight`:                                             1, // the scrape itself
		`vigie_queue_waiting`:                                                       0,
	} {
		if got, ok := samples[name]; !ok || got != want {
			t.Errorf("%s = %v (present: %v), want %v", name, got, ok, want)
		}
	}
	if levels != 3 {
		t.Errorf("%v texts classified by level, want 3", levels)
	}
	if samples[`vigie_texts_classified_total{level="high"}`] != 1 {
		t.Errorf("the threat was not counted as high")
	}
}

// parseMetrics reads the Prometheus text format strictly enough to catch a
// malformed line: every sample follows its # TYPE, histogram buckets are
// cumulative, and every value is a number.
func parseMetrics(t *testing.T, text string) map[string]float64 {
	t.Helper()
	samples := map[string]float64{}
	typed := map[string]string{}
	var lastBucket = map[string]float64{}
	for i, line := range strings.Split(strings.TrimSuffix(text, "\n"), "\n") {
		if rest, ok := strings.CutPrefix(line, "# TYPE "); ok {
			name, typ, _ := strings.Cut(rest, " ")
			typed[name] = typ
			continue
		}
		if strings.HasPrefix(line, "# HELP ") {
			continue
		}
		series, value, ok := strings.Cut(line, " ")
		var v float64
		if _, err := fmt.Sscan(value, &v); !ok || err != nil {
			t.Fatalf("line %d %q: no value", i+1, line)
		}
		name, labels, _ := strings.Cut(series, "{")
		if labels != "" && !strings.HasSuffix(labels, "}") {
			t.Fatalf("line %d %q: unclosed labels", i+1, line)
		}
		base := strings.TrimSuffix(strings.TrimSuffix(strings.TrimSuffix(name, "_bucket"), "_sum"), "_count")
		if typed[name] == "" && typed[base] != "histogram" {
			t.Fatalf("line %d %q: no # TYPE before it", i+1, line)
		}
		if strings.HasSuffix(name, "_bucket") {
			key, _, _ := strings.Cut(labels, ",le=")
			if v < lastBucket[key] {
				t.Fatalf("line %d %q: buckets are not cumulative", i+1, line)
			}
			lastBucket[key] = v
		}
		if _, dup := samples[series]; dup {
			t.Fatalf("line %d: %s twice", i+1, series)
		}
		samples[series] = v
	}
	return samples
}

// TestConcurrent sends requests of every kind at once to one server over
// loopback: under -race this checks the shared classifier, the result
// pool and the counters; every answer must be the one a lone request gets.
func TestConcurrent(t *testing.T) {
	s := newTestServer(defaultConfig())
	ts := httptest.NewServer(s.handler())
	defer ts.Close()
	type call struct{ path, body string }
	var calls []call
	for _, tc := range analyzeCases {
		calls = append(calls,
			call{pathAnalyze + "?prettyPrint=false", `{"comment":{"text":` + quote(tc.text) + `},"languages":["` + tc.lang + `"],"requestedAttributes":{"THREAT":{},"IDENTITY_ATTACK":{},"VIGIE_GLORIFICATION":{}},"spanAnnotations":true}`},
			call{pathClassify, `{"text":` + quote(tc.text) + `}`})
	}
	calls = append(calls, call{pathAnalyze, `{"comment":{"text":"x"},"requestedAttributes":{"TOXICITY":{}}}`})
	want := make([][]byte, len(calls))
	for i, c := range calls {
		_, _, want[i] = do(s.handler(), "POST", c.path, c.body)
	}
	const workers, rounds = 8, 20
	var wg sync.WaitGroup
	errs := make(chan string, workers*rounds*len(calls))
	for w := range workers {
		wg.Go(func() {
			for r := range rounds {
				i := (w + r) % len(calls)
				resp, err := ts.Client().Post(ts.URL+calls[i].path, "application/json", strings.NewReader(calls[i].body))
				if err != nil {
					errs <- err.Error()
					continue
				}
				b, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				if !bytes.Equal(b, want[i]) {
					errs <- fmt.Sprintf("call %d: got %s, want %s", i, b, want[i])
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
}

// TestLimiter checks the bound on concurrent work: with every slot taken
// and no queue, a request gets a 429 at once; with a queue, it waits, and
// gets a 429 when its wait is over; once a slot is free, it is answered.
func TestLimiter(t *testing.T) {
	cfg := defaultConfig()
	cfg.maxInFlight, cfg.maxQueue, cfg.queueTimeout = 1, 0, 50*time.Millisecond
	s := newTestServer(cfg)
	h := s.handler()
	body := `{"text":"hello"}`
	if err := s.lim.acquire(t.Context()); err != nil { // take the only slot
		t.Fatal(err)
	}
	code, hdr, b := do(h, "POST", pathClassify, body)
	checkError(t, code, hdr, b, 429, "RESOURCE_EXHAUSTED", "", "busy")
	if hdr.Get("Retry-After") == "" {
		t.Errorf("429 without Retry-After")
	}
	s.lim.maxQueue = 1 // now one may wait, for 50 ms
	code, hdr, b = do(h, "POST", pathAnalyze, `{"comment":{"text":"hello"},"languages":["en"],"requestedAttributes":{"THREAT":{}}}`)
	checkError(t, code, hdr, b, 429, "RESOURCE_EXHAUSTED", "", "busy")
	// a waiting request gets the slot when it is released
	done := make(chan int)
	go func() {
		code, _, _ := do(h, "POST", pathClassify, body)
		done <- code
	}()
	for s.met.waiting.Load() == 0 {
		time.Sleep(time.Millisecond)
	}
	s.lim.release()
	if code := <-done; code != 200 {
		t.Errorf("after the release: status %d", code)
	}
	samples := parseMetrics(t, string(s.met.appendText(nil)))
	if got := samples[`vigie_http_errors_total{handler="classify",reason="busy"}`]; got != 1 {
		t.Errorf("busy errors counted %v, want 1", got)
	}
}

// TestUTF16Counter compares the conversion with unicode/utf16 at every
// character boundary.
func TestUTF16Counter(t *testing.T) {
	for _, text := range []string{"", "abc", "Frères 😀 égorger 𝑗𝑖ℎ𝑎𝑑 !", "\xff\xfeab", "🌞🌞"} {
		checkUTF16(t, text)
	}
}

func checkUTF16(t *testing.T, text string) {
	u := utf16Counter{text: text}
	for off := 0; off <= len(text); off++ {
		if off < len(text) && !utf8.RuneStart(text[off]) {
			continue
		}
		want := 0
		for _, r := range text[:off] { // an invalid byte reads as one U+FFFD
			want += utf16.RuneLen(r)
		}
		if got := u.offset(off); got != want {
			t.Fatalf("%q: byte %d is UTF-16 unit %d, want %d", text, off, got, want)
		}
	}
}

func FuzzUTF16(f *testing.F) {
	for _, tc := range analyzeCases {
		f.Add(tc.text)
	}
	f.Add("\xf0\x9f\x98")
	f.Fuzz(checkUTF16)
}

// TestSentences checks the spans of sentences against the text: in order,
// not overlapping, trimmed, and covering every token.
func TestSentences(t *testing.T) {
	for _, tc := range []struct {
		text string
		want []string
	}{
		{"What kind of idiot name is foo? Sorry, I like your name.", []string{"What kind of idiot name is foo?", "Sorry, I like your name."}},
		{"  Un.\n\nDeux ! #RejoignezLeCalifat  ", []string{"Un.", "Deux !", "#RejoignezLeCalifat"}},
		{"   ", nil},
		{"", nil},
	} {
		var got []string
		for _, sp := range sentences(tc.text) {
			got = append(got, tc.text[sp.Start:sp.End])
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("sentences(%q) = %q, want %q", tc.text, got, tc.want)
		}
	}
	for _, tc := range analyzeCases {
		checkSentences(t, tc.text)
	}
}

func checkSentences(t *testing.T, text string) {
	prev := 0
	for _, sp := range sentences(text) {
		if sp.Start < prev || sp.End <= sp.Start || sp.End > len(text) {
			t.Fatalf("%q: span [%d,%d) after %d", text, sp.Start, sp.End, prev)
		}
		s := text[sp.Start:sp.End]
		if r, _ := utf8.DecodeRuneInString(s); unicode.IsSpace(r) {
			t.Fatalf("%q: sentence %q starts with a space", text, s)
		}
		prev = sp.End
	}
}
