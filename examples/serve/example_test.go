package main

import (
	"fmt"
	"net/http/httptest"
	"strings"
)

// A request for an attribute Vigie does not score gets Perspective's error,
// which lists the attributes the server scores.
func Example_unsupportedAttribute() {
	h := newTestServer(defaultConfig()).handler()
	req := httptest.NewRequest("POST", "/v1alpha1/comments:analyze",
		strings.NewReader(`{"comment":{"text":"You are an idiot"},"languages":["en"],"requestedAttributes":{"TOXICITY":{}}}`))
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	fmt.Println(rec.Code)
	fmt.Print(rec.Body)
	// Output:
	// 400
	// {"error":{"code":400,"message":"Unknown requested attribute: TOXICITY. This server (Vigie) scores: THREAT, IDENTITY_ATTACK, VIGIE_EXTREMISM, VIGIE_IDEOLOGY, VIGIE_RECRUITMENT, VIGIE_INCITEMENT, VIGIE_GLORIFICATION, VIGIE_DEHUMANISATION, VIGIE_THREAT, VIGIE_PROPAGANDA, VIGIE_CONSPIRACY, VIGIE_TOPIC.","status":"INVALID_ARGUMENT","details":[{"@type":"type.googleapis.com/google.commentanalyzer.v1alpha1.Error","errorType":"INVALID_REQUEST"},{"@type":"type.googleapis.com/google.rpc.BadRequest","fieldViolations":[{"field":"requestedAttributes.TOXICITY","description":"Supported attributes: THREAT, IDENTITY_ATTACK, VIGIE_EXTREMISM, VIGIE_IDEOLOGY, VIGIE_RECRUITMENT, VIGIE_INCITEMENT, VIGIE_GLORIFICATION, VIGIE_DEHUMANISATION, VIGIE_THREAT, VIGIE_PROPAGANDA, VIGIE_CONSPIRACY, VIGIE_TOPIC."}]}]}}
}

// A language Vigie does not read gets Perspective's
// LANGUAGE_NOT_SUPPORTED_BY_ATTRIBUTE.
func Example_unsupportedLanguage() {
	h := newTestServer(defaultConfig()).handler()
	req := httptest.NewRequest("POST", "/v1alpha1/comments:analyze?prettyPrint=false",
		strings.NewReader(`{"comment":{"text":"Ich werde dich finden"},"languages":["de"],"requestedAttributes":{"THREAT":{}}}`))
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	fmt.Print(rec.Body)
	// Output:
	// {"error":{"code":400,"message":"Attribute THREAT does not support request languages: de. This server (Vigie) reads: fr, en.","status":"INVALID_ARGUMENT","details":[{"@type":"type.googleapis.com/google.commentanalyzer.v1alpha1.Error","errorType":"LANGUAGE_NOT_SUPPORTED_BY_ATTRIBUTE","languageNotSupportedByAttributeError":{"attribute":"THREAT","requestedLanguages":["de"]}},{"@type":"type.googleapis.com/google.rpc.BadRequest","fieldViolations":[{"field":"languages","description":"Supported languages: fr, en."}]}]}}
}
