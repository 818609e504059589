package main

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
)

// apiError is an error answered to the client, in the shape of Google APIs'
// errors, which Perspective's clients read:
//
//	{"error": {"code": 400, "message": "...", "status": "INVALID_ARGUMENT",
//	           "details": [{"@type": "type.googleapis.com/google.commentanalyzer.v1alpha1.Error",
//	                        "errorType": "COMMENT_EMPTY"}]}}
//
// Every endpoint answers its errors in this shape. A message never quotes
// the request's text.
type apiError struct {
	code    int    // the HTTP status
	status  string // the google.rpc.Code name: INVALID_ARGUMENT, RESOURCE_EXHAUSTED...
	message string

	// errorType is Perspective's ErrorType (COMMENT_EMPTY,
	// NO_REQUESTED_ATTRIBUTES, LANGUAGE_NOT_SUPPORTED_BY_ATTRIBUTE,
	// LANGUAGE_DETECTION_FAILED, INVALID_REQUEST...), or "" for errors that
	// are not Perspective's (413, 429, 404...).
	errorType string
	// language is the detail of LANGUAGE_NOT_SUPPORTED_BY_ATTRIBUTE.
	language *languageError
	// field and description, when set, add a google.rpc.BadRequest detail
	// that names the field at fault and what is supported.
	field, description string

	reason string // the reason label of the errors metric
}

// languageError is Perspective's languageNotSupportedByAttributeError.
type languageError struct {
	Attribute string `json:"attribute"`
	// RequestedLanguages are the request's languages, when it named some;
	// DetectedLanguages are the detected ones otherwise.
	RequestedLanguages []string `json:"requestedLanguages,omitempty"`
	DetectedLanguages  []string `json:"detectedLanguages,omitempty"`
}

func (e *apiError) Error() string { return e.message }

// The JSON of an error.
type (
	errorBody struct {
		Error errorObject `json:"error"`
	}
	errorObject struct {
		Code    int      `json:"code"`
		Message string   `json:"message"`
		Status  string   `json:"status"`
		Details []detail `json:"details,omitempty"`
	}
	detail struct {
		Type            string           `json:"@type"`
		ErrorType       string           `json:"errorType,omitempty"`
		LanguageError   *languageError   `json:"languageNotSupportedByAttributeError,omitempty"`
		FieldViolations []fieldViolation `json:"fieldViolations,omitempty"`
	}
	fieldViolation struct {
		Field       string `json:"field"`
		Description string `json:"description"`
	}
)

const (
	typeAnalyzerError = "type.googleapis.com/google.commentanalyzer.v1alpha1.Error"
	typeBadRequest    = "type.googleapis.com/google.rpc.BadRequest"
)

// body returns the error's JSON object.
func (e *apiError) body() errorBody {
	b := errorBody{Error: errorObject{Code: e.code, Message: e.message, Status: e.status}}
	if e.errorType != "" {
		b.Error.Details = append(b.Error.Details, detail{Type: typeAnalyzerError, ErrorType: e.errorType, LanguageError: e.language})
	}
	if e.field != "" {
		b.Error.Details = append(b.Error.Details, detail{Type: typeBadRequest,
			FieldViolations: []fieldViolation{{Field: e.field, Description: e.description}}})
	}
	return b
}

// fail answers e and counts it.
func (s *server) fail(w http.ResponseWriter, h handlerID, e *apiError) {
	s.met.failed(h, e.reason)
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	if e.code == http.StatusTooManyRequests {
		w.Header().Set("Retry-After", "1")
	}
	b, err := json.Marshal(e.body())
	if err != nil { // strings and ints always encode
		panic("serve: encoding an error: " + err.Error())
	}
	w.WriteHeader(e.code)
	w.Write(append(b, '\n'))
}

// invalid returns a 400 INVALID_ARGUMENT with Perspective's errorType.
func invalid(errorType, reason, format string, a ...any) *apiError {
	return &apiError{code: http.StatusBadRequest, status: "INVALID_ARGUMENT", errorType: errorType,
		message: fmt.Sprintf(format, a...), reason: reason}
}

// badJSON is a 400 for a payload that is not the JSON the endpoint reads,
// worded as Google's front end words it.
func badJSON(format string, a ...any) *apiError {
	return invalid("INVALID_REQUEST", "invalid_json", "Invalid JSON payload received. "+format, a...)
}

func tooLarge(limit int64) *apiError {
	return &apiError{code: http.StatusRequestEntityTooLarge, status: "INVALID_ARGUMENT",
		message: fmt.Sprintf("Request payload size exceeds the limit: %d bytes.", limit), reason: "too_large"}
}

func notFound(path string) *apiError {
	return &apiError{code: http.StatusNotFound, status: "NOT_FOUND", reason: "not_found",
		message: fmt.Sprintf("No endpoint at %q: this server answers POST %s, POST %s, GET %s and GET %s.",
			truncate(path, 100), pathAnalyze, pathClassify, pathHealth, pathMetrics)}
}

// truncate shortens s to at most n bytes, on a rune boundary, for messages
// that quote what a client sent (never a text to classify).
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	s = strings.ToValidUTF8(s[:n], "")
	return s + "…"
}
