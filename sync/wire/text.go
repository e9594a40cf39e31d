package wire

import (
	"bytes"
	"encoding/json"
	"io"
	"strings"
	"unicode/utf8"
)

// BadText returns the name of the first field of a JSON document whose
// text holds a NUL character or invalid UTF-8 ("" for the document
// itself), and whether there is one. PostgreSQL cannot store NUL, and
// JSON decoding would quietly replace bad bytes, so such text is
// refused at the wire, the same on every store, rather than stored
// differently or failing a push for ever.
func BadText(doc []byte) (field string, bad bool) {
	if !utf8.Valid(doc) {
		return invalidUTF8Field(doc), true
	}
	if !bytes.Contains(doc, []byte(`\u0000`)) && bytes.IndexByte(doc, 0) < 0 {
		return "", false
	}
	return walkStrings(doc, func(_ []byte, s string) bool { return strings.IndexByte(s, 0) >= 0 })
}

func invalidUTF8Field(doc []byte) string {
	f, _ := walkStrings(doc, func(raw []byte, _ string) bool { return !utf8.Valid(raw) })
	return f
}

// FieldWith returns the dotted path ("mutations.at", arrays left out,
// as encoding/json names fields) of the first string value equal to
// value, and whether there is one: for errors that do not say where.
func FieldWith(doc []byte, value string) (string, bool) {
	return walkStrings(doc, func(_ []byte, s string) bool { return s == value })
}

// walkStrings calls bad on each string token (keys and values), raw and
// decoded, and returns the field the first bad one belongs to, as a
// dotted path.
func walkStrings(doc []byte, bad func(raw []byte, s string) bool) (string, bool) {
	dec := json.NewDecoder(bytes.NewReader(doc))
	type frame struct {
		object  bool
		key     string
		wantKey bool
	}
	var stack []frame
	field := ""
	for {
		start := dec.InputOffset()
		tok, err := dec.Token()
		if err == io.EOF {
			return "", false
		}
		if err != nil {
			return field, true // malformed: the decoder will say so too
		}
		top := len(stack) - 1
		isKey := top >= 0 && stack[top].object && stack[top].wantKey
		if s, ok := tok.(string); ok && bad(doc[start:dec.InputOffset()], s) {
			if isKey && stack[top].key != "" {
				return stack[top].key + "." + s, true
			}
			if isKey {
				return s, true
			}
			return field, true
		}
		switch {
		case tok == json.Delim('{') || tok == json.Delim('['):
			stack = append(stack, frame{object: tok == json.Delim('{'), wantKey: true, key: field})
			continue
		case tok == json.Delim('}') || tok == json.Delim(']'):
			field = stack[top].key
			stack = stack[:top]
			top--
		case isKey:
			field = tok.(string)
			if parent := stack[top].key; parent != "" {
				field = parent + "." + field
			}
			stack[top].wantKey = false
			continue
		}
		if top >= 0 && stack[top].object {
			stack[top].wantKey = true
		}
	}
}
