package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"math"
	"slices"
	"strconv"
	"strings"
)

// The request decoders read JSON the way Google's front end reads a
// protocol buffer's JSON, so that what a Perspective client sends is read as
// Perspective read it:
//
//   - a field may be named in lowerCamelCase ("requestedAttributes") or as in
//     the .proto file ("requested_attributes"), but not both in one object;
//   - null is the same as an absent field;
//   - a float may be a JSON number or a string holding one ("0.5");
//   - an enum may be its name or its number;
//   - an unknown field, or a value of the wrong type, is an error that names
//     it: `Invalid JSON payload received. Unknown name "foo" at 'comment':
//     Cannot find field.`
//
// Names are matched exactly: unlike encoding/json, "Comment" is not
// "comment". A decoder never panics, whatever the bytes (FuzzDecode).

// fieldFunc receives one member of an object: its lowerCamelCase name, its
// value (never null) and its path for messages ("comment.text").
type fieldFunc func(name string, v json.RawMessage, path string) *apiError

// decodeObject reads raw, a JSON value, as an object with the given fields
// (in lowerCamelCase) and calls f for each member present, in the order of
// fields. path names the object in messages ("" for the request itself).
func decodeObject(raw json.RawMessage, path string, fields []string, f fieldFunc) *apiError {
	members, err := objectMembers(raw, path)
	if err != nil {
		return err
	}
	values := make([]json.RawMessage, len(fields))
	given := make([]string, len(fields))
	keys := make([]string, 0, len(members))
	for k := range members {
		keys = append(keys, k)
	}
	slices.Sort(keys) // report the same error for the same request
	for _, k := range keys {
		i := slices.Index(fields, k)
		if i < 0 && strings.Contains(k, "_") {
			i = slices.Index(fields, snakeToCamel(k))
		}
		if i < 0 {
			return badJSON("Unknown name %q%s: Cannot find field.", truncate(k, 64), at(path))
		}
		if given[i] != "" {
			return badJSON("Field %q is given twice%s, as %q and as %q.", fields[i], at(path), given[i], k)
		}
		given[i], values[i] = k, members[k]
	}
	for i, name := range fields {
		if values[i] == nil || isNull(values[i]) {
			continue
		}
		if err := f(name, values[i], join(path, name)); err != nil {
			return err
		}
	}
	return nil
}

// objectMembers decodes a JSON object into its members.
func objectMembers(raw json.RawMessage, path string) (map[string]json.RawMessage, *apiError) {
	t := bytes.TrimLeft(raw, " \t\r\n")
	if len(t) == 0 || t[0] != '{' {
		switch {
		case path != "":
			return nil, badValue(path, "TYPE_MESSAGE", raw)
		case json.Valid(raw):
			return nil, badJSON("The request body must be a JSON object.")
		}
		return nil, badJSON("The request body is not JSON.")
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(raw, &m); err != nil {
		// only the request itself can be malformed: the members of a
		// decoded object are valid JSON.
		return nil, badJSON("%s", describeJSONError(err))
	}
	return m, nil
}

// describeJSONError says what is wrong with a malformed body, without
// quoting it.
func describeJSONError(err error) string {
	if se, ok := errors.AsType[*json.SyntaxError](err); ok {
		return "Syntax error at byte " + strconv.FormatInt(se.Offset, 10) + ": " + se.Error() + "."
	}
	return err.Error() + "."
}

func isNull(v json.RawMessage) bool { return string(bytes.TrimSpace(v)) == "null" }

// at returns " at 'path'" for messages, or "" for the request itself.
func at(path string) string {
	if path == "" {
		return ""
	}
	return " at '" + path + "'"
}

func join(path, name string) string {
	if path == "" {
		return name
	}
	return path + "." + name
}

// snakeToCamel turns "requested_attributes" into "requestedAttributes".
func snakeToCamel(s string) string {
	var b strings.Builder
	up := false
	for _, r := range s {
		switch {
		case r == '_':
			up = true
		case up && 'a' <= r && r <= 'z':
			b.WriteRune(r - 'a' + 'A')
			up = false
		default:
			b.WriteRune(r)
			up = false
		}
	}
	return b.String()
}

// badValue is the error for a value of the wrong type. It quotes at most
// the first 40 bytes of the value.
func badValue(path, typ string, v json.RawMessage) *apiError {
	return badJSON("Invalid value at '%s' (%s), %s", path, typ, truncate(string(bytes.TrimSpace(v)), 40))
}

// decodeString reads a JSON string.
func decodeString(v json.RawMessage, path string) (string, *apiError) {
	var s string
	if json.Unmarshal(v, &s) != nil {
		return "", badValue(path, "TYPE_STRING", v)
	}
	return s, nil
}

// decodeBool reads true or false.
func decodeBool(v json.RawMessage, path string) (bool, *apiError) {
	var b bool
	if json.Unmarshal(v, &b) != nil {
		return false, badValue(path, "TYPE_BOOL", v)
	}
	return b, nil
}

// decodeFloat reads a finite number, or a string holding one.
func decodeFloat(v json.RawMessage, path string) (float64, *apiError) {
	var x float64
	if json.Unmarshal(v, &x) == nil {
		return x, nil
	}
	var s string
	if json.Unmarshal(v, &s) == nil {
		if x, err := strconv.ParseFloat(strings.TrimSpace(s), 64); err == nil && !math.IsNaN(x) && !math.IsInf(x, 0) {
			return x, nil
		}
	}
	return 0, badValue(path, "TYPE_FLOAT", v)
}

// decodeStrings reads an array of strings.
func decodeStrings(v json.RawMessage, path string) ([]string, *apiError) {
	var ss []string
	if json.Unmarshal(v, &ss) != nil {
		return nil, badValue(path, "TYPE_STRING", v)
	}
	return ss, nil
}

// decodeEnum reads an enum value, by name or by number, and returns its
// name. typ names the enum in messages.
func decodeEnum(v json.RawMessage, path, typ string, names []string) (string, *apiError) {
	var s string
	if json.Unmarshal(v, &s) == nil {
		if slices.Contains(names, s) {
			return s, nil
		}
		return "", badValue(path, typ, v)
	}
	var n int
	if json.Unmarshal(v, &n) == nil && n >= 0 && n < len(names) {
		return names[n], nil
	}
	return "", badValue(path, typ, v)
}

// decodeArray calls f for each element of a JSON array.
func decodeArray(v json.RawMessage, path string, f func(elem json.RawMessage, path string) *apiError) *apiError {
	var elems []json.RawMessage
	if json.Unmarshal(v, &elems) != nil {
		return badValue(path, "TYPE_MESSAGE", v)
	}
	for i, e := range elems {
		if err := f(e, path+"["+strconv.Itoa(i)+"]"); err != nil {
			return err
		}
	}
	return nil
}
