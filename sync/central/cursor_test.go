package central_test

import (
	"encoding/base64"
	"testing"

	"onestop/sync/central"
)

func TestCursorRoundTrip(t *testing.T) {
	for _, c := range []central.Cursor{
		{Epoch: "e1", After: 42, At: 1_700_000_000_000_000_000},
		{Epoch: "e1", After: 42, At: 7, Snapshot: true, Rank: 3, ID: "room-a"},
		{Epoch: "e1"},
	} {
		if got := central.DecodeCursor(c.Encode()); got != c {
			t.Errorf("%+v came back as %+v", c, got)
		}
	}
}

// A cursor a kiosk kept from before At still places it: no snapshot
// for every kiosk after an upgrade.
func TestCursorV1StillReads(t *testing.T) {
	v1 := base64.RawURLEncoding.EncodeToString([]byte("c1\x00e1\x0042"))
	if got := central.DecodeCursor(v1); got != (central.Cursor{Epoch: "e1", After: 42}) {
		t.Fatalf("v1 cursor read as %+v", got)
	}
	for _, bad := range []string{"c2\x00e1\x0042", "c2\x00e1\x0042\x00-1", "c1\x00e1\x0042\x007", "c3\x00e1\x0042\x007"} {
		if got := central.DecodeCursor(base64.RawURLEncoding.EncodeToString([]byte(bad))); got != (central.Cursor{}) {
			t.Errorf("%q read as %+v, want the zero cursor", bad, got)
		}
	}
}
