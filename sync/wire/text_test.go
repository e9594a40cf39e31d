package wire_test

import (
	"testing"

	"onestop/sync/wire"
)

func TestBadText(t *testing.T) {
	for _, tc := range []struct {
		doc, field string
		bad        bool
	}{
		{`{"id":"v1","purpose":"study"}`, "", false},
		{`{"id":"v\u0000x","purpose":"study"}`, "id", true},
		{`{"id":"v1","notes":[{"text":"a\u0000"}]}`, "notes.text", true},
		{`{"id":"v1","presets":["ok","bad` + "\xff" + `"]}`, "presets", true},
		{`{"room":"5` + "\xc3\x28" + `1","floor":3}`, "room", true},
		{`{"ke` + "\x00" + `y":1}`, "", true}, // a raw NUL is not JSON at all
		{`{"k\u0000ey":1}`, "k\x00ey", true},
		{`{"a":{"b":"ok"},"c":"\u0000"}`, "c", true},
		{`{"text":"中文 ☃ \\u0000 escaped backslash"}`, "", false},
	} {
		field, bad := wire.BadText([]byte(tc.doc))
		if bad != tc.bad || field != tc.field {
			t.Errorf("%q: field %q bad %v, want %q %v", tc.doc, field, bad, tc.field, tc.bad)
		}
	}
}
