package main

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"strconv"

	"github.com/vigie-project/vigie/internal/record"
)

// document is one text to classify, with the id its record carries.
type document struct {
	id   string
	text string
}

// decodeClassify reads a /v1/classify body: one document,
//
//	{"id": "c-1", "text": "..."}
//
// or a batch of at most maxBatch,
//
//	{"documents": [{"id": "c-1", "text": "..."}, {"text": "..."}]}
//
// An id is a string or a number (kept as written); a document without one
// is named by its position, from "1". It reports whether the body was a
// batch. A single document must have a text; an empty text in a batch gets
// an error record, as an unreadable input does in the scoring program.
func decodeClassify(body []byte, maxBatch int) (docs []document, batch bool, err *apiError) {
	var single document
	hasText := false
	err = decodeObject(body, "", []string{"id", "text", "documents"}, func(name string, v json.RawMessage, path string) *apiError {
		var err *apiError
		switch name {
		case "id":
			single.id, err = decodeID(v, path)
		case "text":
			hasText = true
			single.text, err = decodeString(v, path)
		case "documents":
			batch = true
			err = decodeArray(v, path, func(e json.RawMessage, path string) *apiError {
				if len(docs) == maxBatch {
					return invalid("INVALID_REQUEST", "too_many_documents",
						"Too many documents: at most %d in one request.", maxBatch)
				}
				var d document
				err := decodeObject(e, path, []string{"id", "text"}, func(name string, v json.RawMessage, path string) *apiError {
					var err *apiError
					if name == "id" {
						d.id, err = decodeID(v, path)
					} else {
						d.text, err = decodeString(v, path)
					}
					return err
				})
				if d.id == "" {
					d.id = strconv.Itoa(len(docs) + 1)
				}
				docs = append(docs, d)
				return err
			})
		}
		return err
	})
	switch {
	case err != nil:
		return nil, false, err
	case batch && (hasText || single.id != ""):
		return nil, false, invalid("INVALID_REQUEST", "invalid_argument",
			"Give either \"text\" (one document) or \"documents\" (a batch), not both.")
	case batch && len(docs) == 0:
		return nil, false, invalid("INVALID_REQUEST", "invalid_argument", "\"documents\" is empty: give at least one.")
	case batch:
		return docs, true, nil
	case single.text == "":
		return nil, false, invalid("COMMENT_EMPTY", "invalid_argument",
			"\"text\" is missing or empty: give the text to classify (or \"documents\" for a batch).")
	}
	if single.id == "" {
		single.id = "1"
	}
	return []document{single}, false, nil
}

// decodeID reads an id: a string, or a number kept as written.
func decodeID(v json.RawMessage, path string) (string, *apiError) {
	v = bytes.TrimSpace(v)
	if len(v) > 0 && (v[0] == '-' || '0' <= v[0] && v[0] <= '9') {
		var n json.Number
		if json.Unmarshal(v, &n) == nil {
			return string(v), nil
		}
	}
	return decodeString(v, path)
}

// classify answers POST /v1/classify with the records the scoring program
// writes (examples/score -format jsonl): one object for one document, an
// array of them, in the request's order, for a batch.
func (s *server) classify(w http.ResponseWriter, r *http.Request) {
	body, e := s.readBody(w, r)
	if e != nil {
		s.fail(w, hClassify, e)
		return
	}
	docs, batch, e := decodeClassify(body, s.cfg.maxBatch)
	if e != nil {
		s.fail(w, hClassify, e)
		return
	}
	out, e := s.records(r.Context(), docs, batch)
	if e != nil {
		s.fail(w, hClassify, e)
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.Write(out)
}

// records classifies docs and returns their records, one object or an
// array, and a line break.
func (s *server) records(ctx context.Context, docs []document, batch bool) ([]byte, *apiError) {
	if e := s.acquire(ctx); e != nil {
		return nil, e
	}
	defer s.release()
	res := s.getResult()
	defer s.putResult(res)
	out := make([]byte, 0, 1024*len(docs))
	if batch {
		out = append(out, '[')
	}
	for i, d := range docs {
		if i > 0 {
			out = append(out, ',')
		}
		if d.text == "" {
			out = record.AppendErrorJSON(out, d.id, "empty text")
			continue
		}
		s.clf.ClassifyInto(d.text, res)
		s.met.classified(res.Level)
		out = record.AppendJSON(out, d.id, res)
	}
	if batch {
		out = append(out, ']')
	}
	return append(out, '\n'), nil
}
