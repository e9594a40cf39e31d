package server

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"reflect"
	"strings"
	"time"

	"onestop/kiosk"
	"onestop/sync/wire"
)

// decodeJSON reads exactly one JSON value of at most limit bytes into v,
// refusing unknown fields and text no store keeps alike (a NUL, invalid
// UTF-8: wire.BadText). A bad body is a 400 naming the field that
// failed, or a 413 when it is too large.
func decodeJSON(w http.ResponseWriter, r *http.Request, limit int64, v any) error {
	return decodeBody(w, r, limit, v, true)
}

// decodePush is decodeJSON for a push, whose mutations central refuses
// one by one, so that one bad one does not block those after it.
func decodePush(w http.ResponseWriter, r *http.Request, v any) error {
	return decodeBody(w, r, wire.MaxPushBytes, v, false)
}

func decodeBody(w http.ResponseWriter, r *http.Request, limit int64, v any, text bool) error {
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, limit))
	if err != nil {
		return err
	}
	if field, bad := wire.BadText(body); text && bad {
		return invalidField(field, "text with a NUL character or invalid UTF-8")
	}
	d := json.NewDecoder(bytes.NewReader(body))
	d.DisallowUnknownFields()
	err = d.Decode(v)
	if err == nil {
		if _, extra := d.Token(); extra != io.EOF {
			return invalidField("body", "one JSON value expected, found more after it")
		}
		return nil
	}
	var (
		mb  *http.MaxBytesError
		te  *json.UnmarshalTypeError
		se  *json.SyntaxError
		pe  *time.ParseError
		msg = err.Error()
	)
	switch {
	case errors.As(err, &mb):
		return err
	case errors.As(err, &te):
		field := te.Field
		if field == "" {
			field = "body" // the document itself is of the wrong kind
		}
		return invalidField(field, fmt.Sprintf("%s: want %s, got JSON %s", field, jsonKind(te.Type), te.Value))
	case errors.As(err, &pe):
		field, ok := wire.FieldWith(body, pe.Value)
		if !ok {
			field = "body"
		}
		return invalidField(field, fmt.Sprintf("%s: want a time as RFC 3339, got %q", field, clip(pe.Value)))
	case errors.As(err, &se):
		return invalidField("body", fmt.Sprintf("malformed JSON at byte %d: %v", se.Offset, se))
	case strings.HasPrefix(msg, `json: unknown field "`):
		f := clip(strings.TrimSuffix(strings.TrimPrefix(msg, `json: unknown field "`), `"`))
		return invalidField(f, "unknown field "+f)
	case errors.Is(err, io.EOF):
		return invalidField("body", "empty body")
	case errors.Is(err, io.ErrUnexpectedEOF):
		return invalidField("body", "truncated JSON")
	}
	return invalidField("body", clip(msg))
}

// jsonKind names the JSON a Go type decodes from, for messages that
// speak the protocol rather than Go.
func jsonKind(t reflect.Type) string {
	switch t.Kind() {
	case reflect.Struct, reflect.Map:
		return "an object"
	case reflect.Slice, reflect.Array:
		return "an array"
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "true or false"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return "a whole number"
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "a whole number from 0"
	case reflect.Float32, reflect.Float64:
		return "a number"
	}
	return "another value"
}

// clip keeps an echoed value short: a client's 60 KB field name is not
// worth sending back.
func clip(s string) string {
	if r := []rune(s); len(r) > 64 {
		return string(r[:64]) + "…"
	}
	return s
}

func invalidField(field, msg string) error {
	return &Failure{Code: kiosk.EINVALID, Field: field, Message: msg}
}
