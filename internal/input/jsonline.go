package input

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"
)

// ParseJSONLine reads a JSON line: its id (defaultID unless the line has
// one) and its text. The id is the "id" member, a string or a number as
// written; a missing, null or empty id gives defaultID. The error says what
// is wrong with the line; the id is then the best known.
func ParseJSONLine(line []byte, defaultID string) (id, text string, err error) {
	if id, text, ok := PlainJSONLine(line, defaultID); ok {
		return id, text, nil
	}
	return FullJSONLine(line, defaultID)
}

// FullJSONLine is ParseJSONLine for any line, through encoding/json. It is
// the reference that PlainJSONLine is checked against.
func FullJSONLine(line []byte, defaultID string) (id, text string, err error) {
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(line, &obj); err != nil {
		if _, ok := errors.AsType[*json.UnmarshalTypeError](err); ok {
			return defaultID, "", errors.New("malformed JSON line: not an object")
		}
		return defaultID, "", fmt.Errorf("malformed JSON line: %s", strings.TrimPrefix(err.Error(), "json: "))
	}
	if obj == nil {
		return defaultID, "", errors.New("malformed JSON line: not an object")
	}
	id = defaultID
	if raw := bytes.TrimSpace(obj["id"]); len(raw) > 0 && string(raw) != "null" {
		switch {
		case raw[0] == '"':
			var s string
			if err := json.Unmarshal(raw, &s); err != nil {
				return defaultID, "", fmt.Errorf("bad \"id\": %s", strings.TrimPrefix(err.Error(), "json: "))
			}
			if s != "" {
				id = s
			}
		case raw[0] == '-' || raw[0] >= '0' && raw[0] <= '9':
			id = string(raw) // a number, as written
		default:
			return defaultID, "", errors.New("\"id\" must be a string or a number")
		}
	}
	raw, ok := obj["text"]
	if !ok {
		return id, "", errors.New("no \"text\" field")
	}
	if raw = bytes.TrimSpace(raw); len(raw) == 0 || raw[0] != '"' {
		return id, "", errors.New("\"text\" must be a string")
	}
	if err := json.Unmarshal(raw, &text); err != nil {
		return id, "", fmt.Errorf("bad \"text\": %s", strings.TrimPrefix(err.Error(), "json: "))
	}
	return id, text, nil
}

// PlainJSONLine reads the JSON lines most files are made of, an object
// whose members are all strings without escapes, in a twelfth of the time
// encoding/json takes (examples/score's BenchmarkParseJSONLine and
// BenchmarkFullJSONLine: 145 against 1,693 ns for a typical line); the
// scoring program's reader, which does this, is the part of its work that
// does not scale with cores. ok is false for any other line, valid or not,
// which ParseJSONLine then reads with encoding/json; when ok is true, id and
// text are what encoding/json would give. Members repeated: the last counts,
// as in a map.
func PlainJSONLine(line []byte, defaultID string) (id, text string, ok bool) {
	var idRaw, textRaw []byte
	hasText := false
	i := skipSpace(line, 0)
	if i == len(line) || line[i] != '{' {
		return "", "", false
	}
	i = skipSpace(line, i+1)
	if i < len(line) && line[i] == '}' {
		return "", "", false // no "text": the error comes from the full reading
	}
	for {
		key, next, ok := plainString(line, i)
		if !ok {
			return "", "", false
		}
		i = skipSpace(line, next)
		if i == len(line) || line[i] != ':' {
			return "", "", false
		}
		value, next, ok := plainString(line, skipSpace(line, i+1))
		if !ok {
			return "", "", false
		}
		switch string(key) {
		case "id":
			idRaw = value
		case "text":
			textRaw, hasText = value, true
		}
		i = skipSpace(line, next)
		if i == len(line) {
			return "", "", false
		}
		if line[i] == '}' {
			break
		}
		if line[i] != ',' {
			return "", "", false
		}
		i = skipSpace(line, i+1)
	}
	if skipSpace(line, i+1) != len(line) || !hasText {
		return "", "", false
	}
	id = defaultID
	if len(idRaw) > 0 {
		id = string(idRaw)
	}
	return id, string(textRaw), true
}

// plainString reads a JSON string at line[i] that needs no decoding: valid
// UTF-8 without a backslash or a control character. It returns its content
// and the index after its closing quote.
func plainString(line []byte, i int) (s []byte, next int, ok bool) {
	if i >= len(line) || line[i] != '"' {
		return nil, 0, false
	}
	end := bytes.IndexByte(line[i+1:], '"')
	if end < 0 {
		return nil, 0, false
	}
	s = line[i+1 : i+1+end]
	for _, c := range s {
		if c < 0x20 || c == '\\' {
			return nil, 0, false
		}
	}
	if !utf8.Valid(s) {
		return nil, 0, false // encoding/json replaces invalid bytes
	}
	return s, i + 2 + end, true
}

// skipSpace returns the index of the first byte from i that is not JSON
// white space.
func skipSpace(line []byte, i int) int {
	for i < len(line) && (line[i] == ' ' || line[i] == '\t' || line[i] == '\n' || line[i] == '\r') {
		i++
	}
	return i
}
