package main

import (
	"bytes"
	"encoding/json"
	"math"
	"net/http"
	"slices"
	"strings"

	"github.com/vigie-project/vigie/classify"
	"github.com/vigie-project/vigie/lexicon"
	"github.com/vigie-project/vigie/tokenize"
)

// analyzeRequest is Perspective's AnalyzeCommentRequest, as this server
// reads it. Fields Perspective accepts and this server does not use
// (context, communityId, sessionId, doNotStore) are read and checked, then
// ignored: the server stores nothing, so doNotStore is always in effect.
type analyzeRequest struct {
	text            string
	textType        string   // "", TEXT_TYPE_UNSPECIFIED or PLAIN_TEXT (HTML is refused)
	languages       []string // as the client wrote them ("en", "fr-CA")
	attributes      []requestedAttribute
	spanAnnotations bool
	doNotStore      bool
	dropUnsupported bool
	clientToken     string
	sessionID       string
	communityID     string
}

// requestedAttribute is one entry of requestedAttributes.
type requestedAttribute struct {
	name         string
	scoreType    string  // "", SCORE_TYPE_UNSPECIFIED, PROBABILITY, STD_DEV_SCORE, PERCENTILE or RAW
	threshold    float64 // scores below it are not returned
	hasThreshold bool
}

// The enums of Perspective's API, in the order of their numbers.
var (
	textTypes  = []string{"TEXT_TYPE_UNSPECIFIED", "PLAIN_TEXT", "HTML"}
	scoreTypes = []string{"SCORE_TYPE_UNSPECIFIED", "PROBABILITY", "STD_DEV_SCORE", "PERCENTILE", "RAW"}
)

// decodeAnalyze reads a comments:analyze request body. It checks the
// shape and the types of every field (a 400 names the field at fault) and
// that the comment is not empty; what the fields ask for (attributes,
// languages, score types) is checked by server.resolve.
func decodeAnalyze(body []byte) (*analyzeRequest, *apiError) {
	req := &analyzeRequest{}
	err := decodeObject(body, "", []string{"comment", "context", "requestedAttributes", "languages", "spanAnnotations",
		"doNotStore", "clientToken", "sessionId", "communityId", "dropUnsupportedAttributes"},
		func(name string, v json.RawMessage, path string) *apiError {
			var err *apiError
			switch name {
			case "comment":
				req.text, req.textType, err = decodeTextEntry(v, path)
			case "context":
				err = decodeContext(v, path)
			case "requestedAttributes":
				req.attributes, err = decodeAttributes(v, path)
			case "languages":
				req.languages, err = decodeStrings(v, path)
			case "spanAnnotations":
				req.spanAnnotations, err = decodeBool(v, path)
			case "doNotStore":
				req.doNotStore, err = decodeBool(v, path)
			case "clientToken":
				req.clientToken, err = decodeString(v, path)
			case "sessionId":
				req.sessionID, err = decodeString(v, path)
			case "communityId":
				req.communityID, err = decodeString(v, path)
			case "dropUnsupportedAttributes":
				req.dropUnsupported, err = decodeBool(v, path)
			}
			return err
		})
	if err != nil {
		return nil, err
	}
	if req.text == "" {
		return nil, invalid("COMMENT_EMPTY", "invalid_argument", "Comment must be non-empty.")
	}
	if req.textType == "HTML" {
		return nil, invalid("INVALID_REQUEST", "invalid_argument", "Currently, only 'PLAIN_TEXT' comments are supported.")
	}
	if len(req.attributes) == 0 {
		return nil, invalid("NO_REQUESTED_ATTRIBUTES", "invalid_argument", "Missing requested_attributes.")
	}
	return req, nil
}

// decodeTextEntry reads a TextEntry: {"text": ..., "type": ...}.
func decodeTextEntry(v json.RawMessage, path string) (text, typ string, err *apiError) {
	err = decodeObject(v, path, []string{"text", "type"}, func(name string, v json.RawMessage, path string) *apiError {
		var err *apiError
		if name == "text" {
			text, err = decodeString(v, path)
		} else {
			typ, err = decodeEnum(v, path, "type.googleapis.com/google.commentanalyzer.v1alpha1.TextEntry.TextType", textTypes)
		}
		return err
	})
	return text, typ, err
}

// decodeContext reads and checks a Context, which Perspective accepts and
// does not use, and neither does this server.
func decodeContext(v json.RawMessage, path string) *apiError {
	n := 0
	err := decodeObject(v, path, []string{"entries", "articleAndParentComment"}, func(name string, v json.RawMessage, path string) *apiError {
		n++
		if name == "entries" {
			return decodeArray(v, path, func(e json.RawMessage, path string) *apiError {
				_, _, err := decodeTextEntry(e, path)
				return err
			})
		}
		return decodeObject(v, path, []string{"article", "parentComment"}, func(_ string, v json.RawMessage, path string) *apiError {
			_, _, err := decodeTextEntry(v, path)
			return err
		})
	})
	if err == nil && n > 1 {
		err = invalid("INVALID_REQUEST", "invalid_argument",
			"Context can have either entries or article_and_parent_comment, but both fields were populated.")
	}
	return err
}

// decodeAttributes reads requestedAttributes: a map from attribute names to
// AttributeParameters. The result is sorted by name.
func decodeAttributes(v json.RawMessage, path string) ([]requestedAttribute, *apiError) {
	members, err := objectMembers(v, path)
	if err != nil {
		return nil, err
	}
	out := make([]requestedAttribute, 0, len(members))
	for name, p := range members {
		a := requestedAttribute{name: name}
		if !isNull(p) {
			err := decodeObject(p, path+"["+truncate(name, 64)+"]", []string{"scoreType", "scoreThreshold"},
				func(field string, v json.RawMessage, path string) *apiError {
					var err *apiError
					if field == "scoreType" {
						a.scoreType, err = decodeEnum(v, path,
							"type.googleapis.com/google.commentanalyzer.v1alpha1.AttributeParameters.ScoreType", scoreTypes)
						return err
					}
					a.threshold, err = decodeFloat(v, path)
					a.hasThreshold = true
					return err
				})
			if err != nil {
				return nil, err
			}
		}
		out = append(out, a)
	}
	slices.SortFunc(out, func(a, b requestedAttribute) int { return strings.Compare(a.name, b.name) })
	return out, nil
}

// attribute is an attribute this server scores: a kind of risk, whose
// value is the result's probability of it, or a signal category of the
// lexicon, whose value is the lexicon's score of that category's evidence
// alone: Sigmoid(Bias + Scale × the weight of its signals), the formula of
// the lexicon-only score (classify.Weights).
type attribute struct {
	name     string
	risk     classify.Risk
	category lexicon.Category // 0 for a kind of risk
}

// value returns the attribute's score for r, in [0, 1].
func (a *attribute) value(r *classify.Result, w *classify.Weights) float64 {
	if a.category == 0 {
		return r.Scores.Of(a.risk)
	}
	sum := 0.0
	for i := range r.Signals {
		if r.Signals[i].Category == a.category {
			sum += r.Signals[i].Weight
		}
	}
	return math.Round(1e4/(1+math.Exp(-(w.Bias+w.Scale*sum)))) / 1e4
}

// attributePrefix begins the names of Vigie's own attributes, so that they
// never clash with Perspective's.
const attributePrefix = "VIGIE_"

// attributes are the attributes this server scores, in the order the
// README lists them: Perspective's THREAT and IDENTITY_ATTACK, then Vigie's
// own: VIGIE_EXTREMISM, and one per signal category of the lexicon.
var attributes = func() []attribute {
	as := []attribute{
		{name: "THREAT", risk: classify.Violence},
		{name: "IDENTITY_ATTACK", risk: classify.Hate},
		{name: attributePrefix + "EXTREMISM", risk: classify.Extremism},
	}
	for _, c := range lexicon.Categories() {
		if c.Class() == lexicon.Signal {
			as = append(as, attribute{name: attributePrefix + strings.ToUpper(c.String()), category: c})
		}
	}
	return as
}()

// attributeNames lists the attributes for messages.
var attributeNames = func() string {
	names := make([]string, len(attributes))
	for i := range attributes {
		names[i] = attributes[i].name
	}
	return strings.Join(names, ", ")
}()

func findAttribute(name string) *attribute {
	for i := range attributes {
		if attributes[i].name == name {
			return &attributes[i]
		}
	}
	return nil
}

// supportedLanguages are the languages the server reads, for messages.
const supportedLanguages = "fr, en"

// languageOf returns the language of a BCP-47 tag or ISO 639 code, if the
// server reads it: "fr", "FR" and "fr-CA" are French.
func languageOf(tag string) (tokenize.Lang, bool) {
	primary, _, _ := strings.Cut(strings.ReplaceAll(tag, "_", "-"), "-")
	switch strings.ToLower(primary) {
	case "fr":
		return tokenize.French, true
	case "en":
		return tokenize.English, true
	}
	return tokenize.Undetermined, false
}

// scoredAttribute is a requested attribute that the server will score.
type scoredAttribute struct {
	*attribute
	threshold    float64 // scores below it are not returned
	hasThreshold bool
}

// resolve checks what a request asks for, in the order Perspective checks
// it, and returns the attributes to score. An attribute the server does not
// score (TOXICITY, PROFANITY...) or a language it does not read is an
// error, never a silent zero, unless the request set
// dropUnsupportedAttributes: such attributes are then left out of the
// answer, as Perspective leaves out those its language does not support.
func resolve(req *analyzeRequest) ([]scoredAttribute, *apiError) {
	out := make([]scoredAttribute, 0, len(req.attributes))
	for _, ra := range req.attributes {
		a := findAttribute(ra.name)
		if a == nil {
			if req.dropUnsupported {
				continue
			}
			e := invalid("INVALID_REQUEST", "unsupported_attribute",
				"Unknown requested attribute: %s. This server (Vigie) scores: %s.", truncate(ra.name, 64), attributeNames)
			e.field = "requestedAttributes." + truncate(ra.name, 64)
			e.description = "Supported attributes: " + attributeNames + "."
			return nil, e
		}
		switch ra.scoreType {
		case "", "SCORE_TYPE_UNSPECIFIED", "PROBABILITY":
		default:
			return nil, invalid("INVALID_REQUEST", "invalid_argument",
				"Requested score type %s is not supported by attribute %s. Supported: PROBABILITY.", ra.scoreType, ra.name)
		}
		if ra.hasThreshold && !(ra.threshold >= 0 && ra.threshold <= 1) {
			return nil, invalid("INVALID_REQUEST", "invalid_argument",
				"Score threshold of attribute %s must be between 0 and 1: a score is a probability.", ra.name)
		}
		out = append(out, scoredAttribute{a, ra.threshold, ra.hasThreshold})
	}
	var unsupported []string
	for _, l := range req.languages {
		if _, ok := languageOf(l); !ok {
			unsupported = append(unsupported, truncate(l, 35))
		}
	}
	if len(unsupported) > 0 && len(out) > 0 {
		if req.dropUnsupported {
			return out[:0], nil
		}
		return nil, unsupportedLanguage(out[0].name, req.languages, nil)
	}
	return out, nil
}

// unsupportedLanguage is Perspective's LANGUAGE_NOT_SUPPORTED_BY_ATTRIBUTE.
func unsupportedLanguage(attr string, requested, detected []string) *apiError {
	langs := requested
	if len(langs) == 0 {
		langs = detected
	}
	shown := make([]string, len(langs))
	for i, l := range langs {
		shown[i] = truncate(l, 35)
	}
	e := invalid("LANGUAGE_NOT_SUPPORTED_BY_ATTRIBUTE", "unsupported_language",
		"Attribute %s does not support request languages: %s. This server (Vigie) reads: %s.",
		attr, strings.Join(shown, ", "), supportedLanguages)
	e.language = &languageError{Attribute: attr, RequestedLanguages: requested, DetectedLanguages: detected}
	e.field = "languages"
	e.description = "Supported languages: " + supportedLanguages + "."
	return e
}

// The response: Perspective's AnalyzeCommentResponse.
type (
	analyzeResponse struct {
		AttributeScores   map[string]attributeScores `json:"attributeScores"`
		Languages         []string                   `json:"languages"`
		DetectedLanguages []string                   `json:"detectedLanguages,omitempty"`
		ClientToken       string                     `json:"clientToken,omitempty"`
	}
	attributeScores struct {
		SpanScores   []spanScore `json:"spanScores,omitempty"`
		SummaryScore *score      `json:"summaryScore,omitempty"`
	}
	// spanScore's Begin and End are UTF-16 code units, as Perspective
	// documents them: JavaScript's string indices.
	spanScore struct {
		Begin int   `json:"begin"`
		End   int   `json:"end"`
		Score score `json:"score"`
	}
	score struct {
		Value float64 `json:"value"`
		Type  string  `json:"type"`
	}
)

// analyze answers POST /v1alpha1/comments:analyze.
func (s *server) analyze(w http.ResponseWriter, r *http.Request) {
	resp, e := s.analyzeBody(w, r)
	if e != nil {
		s.fail(w, hAnalyze, e)
		return
	}
	b, err := json.Marshal(resp)
	if err != nil { // maps of strings and finite numbers always encode
		panic("serve: encoding a response: " + err.Error())
	}
	// Google's front end indents its answers unless asked not to.
	if p := r.URL.Query().Get("prettyPrint"); p != "false" && p != "0" {
		var buf bytes.Buffer
		json.Indent(&buf, b, "", "  ")
		b = buf.Bytes()
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.Write(append(b, '\n'))
}

func (s *server) analyzeBody(w http.ResponseWriter, r *http.Request) (*analyzeResponse, *apiError) {
	body, e := s.readBody(w, r)
	if e != nil {
		return nil, e
	}
	req, e := decodeAnalyze(body)
	if e != nil {
		return nil, e
	}
	attrs, e := resolve(req)
	if e != nil {
		return nil, e
	}
	if e := s.acquire(r.Context()); e != nil {
		return nil, e
	}
	defer s.release()
	res := s.getResult()
	defer s.putResult(res)
	s.clf.ClassifyInto(req.text, res)
	s.met.classified(res.Level)

	resp := &analyzeResponse{AttributeScores: make(map[string]attributeScores, len(attrs)), Languages: req.languages,
		ClientToken: req.clientToken}
	if res.Lang != tokenize.Undetermined {
		resp.DetectedLanguages = []string{res.Lang.String()}
	}
	if len(req.languages) == 0 {
		if res.Lang == tokenize.Undetermined {
			return nil, invalid("LANGUAGE_DETECTION_FAILED", "undetected_language",
				"Unable to detect language. Name it in \"languages\": this server (Vigie) reads %s, both at once.", supportedLanguages)
		}
		resp.Languages = resp.DetectedLanguages
	}
	for _, a := range attrs {
		if v := a.value(res, &s.weights); !a.hasThreshold || v >= a.threshold {
			resp.AttributeScores[a.name] = attributeScores{SummaryScore: &score{Value: v, Type: "PROBABILITY"}}
		}
	}
	if req.spanAnnotations {
		if e := s.spanScores(req.text, res, attrs, resp); e != nil {
			return nil, e
		}
	}
	return resp, nil
}

// maxSpanSentences is the most sentences a comment may have for span
// scores: each gets a score per attribute, and a megabyte of "a. a. a." would
// otherwise ask for hundreds of megabytes of answer. Perspective's 20 KB
// comments rarely have more than a few hundred.
const maxSpanSentences = 1000

// spanScores adds a score per sentence, as Perspective does: each sentence
// is classified alone, so that its score says what that sentence says, and
// misses the framing of the others ("The paper reports: ..."). A text of
// one sentence has one span, scored as the whole text. Sentences are those
// of Vigie's tokenizer, from the first character of their first token to
// the last of their last, so that a span never starts or ends with spaces.
func (s *server) spanScores(text string, whole *classify.Result, attrs []scoredAttribute, resp *analyzeResponse) *apiError {
	sents := sentences(text)
	if len(sents) > maxSpanSentences {
		return invalid("COMMENT_TOO_LONG", "too_many_sentences",
			"Comment too long for span annotations: it has %d sentences, span scores are given for at most %d. Send it without spanAnnotations, or in parts.",
			len(sents), maxSpanSentences)
	}
	if len(sents) == 0 {
		return nil
	}
	var res *classify.Result
	if len(sents) == 1 {
		res = whole
	} else {
		res = s.getResult()
		defer s.putResult(res)
	}
	u := utf16Counter{text: text}
	for _, sp := range sents {
		if len(sents) > 1 {
			s.clf.ClassifyInto(text[sp.Start:sp.End], res)
		}
		begin, end := u.offset(sp.Start), u.offset(sp.End)
		for _, a := range attrs {
			v := a.value(res, &s.weights)
			if a.hasThreshold && v < a.threshold {
				continue
			}
			as := resp.AttributeScores[a.name]
			as.SpanScores = append(as.SpanScores, spanScore{Begin: begin, End: end, Score: score{Value: v, Type: "PROBABILITY"}})
			resp.AttributeScores[a.name] = as
		}
	}
	return nil
}
