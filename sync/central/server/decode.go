package server

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"

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
		msg = err.Error()
	)
	switch {
	case errors.As(err, &mb):
		return err
	case errors.As(err, &te):
		return invalidField(te.Field, fmt.Sprintf("%s: want %s, got JSON %s", te.Field, te.Type, te.Value))
	case errors.As(err, &se):
		return invalidField("body", fmt.Sprintf("malformed JSON at byte %d: %v", se.Offset, se))
	case strings.HasPrefix(msg, `json: unknown field "`):
		f := strings.TrimSuffix(strings.TrimPrefix(msg, `json: unknown field "`), `"`)
		return invalidField(f, "unknown field "+f)
	case errors.Is(err, io.EOF):
		return invalidField("body", "empty body")
	case errors.Is(err, io.ErrUnexpectedEOF):
		return invalidField("body", "truncated JSON")
	}
	return invalidField("body", msg)
}

func invalidField(field, msg string) error {
	return &Failure{Code: kiosk.EINVALID, Field: field, Message: msg}
}
