package central_test

import (
	"encoding/base64"
	"strings"
	"testing"

	"onestop/sync/central"
)

// FuzzDecodeCursor feeds DecodeCursor what a kiosk may send as ?cursor=:
// anything. It must never panic, and whatever it makes of the string
// must survive Encode and DecodeCursor unchanged, so a kiosk that sends
// back the cursor it was given resumes where it was.
func FuzzDecodeCursor(f *testing.F) {
	enc := func(s string) string { return base64.RawURLEncoding.EncodeToString([]byte(s)) }
	for _, c := range []central.Cursor{
		{Epoch: "e1", After: 42, At: 1_700_000_000_000_000_000},
		{Epoch: "e1", After: 42, At: 7, Snapshot: true, Rank: 3, ID: "room-a"},
		{Epoch: "e1"},
	} {
		f.Add(c.Encode())
	}
	for _, s := range []string{
		"", "not base64!", "====", enc("c1\x00e1\x0042"), enc("c1\x00e1\x0042\x003\x00room-a"),
		enc("c2\x00e1\x0042"), enc("c2\x00e1\x00-1\x000"), enc("c2\x00\x0042\x000"),
		enc("c2\x00e1\x00+42\x00007"), enc("c2\x00e1\x0042\x000\x00-1\x00x"),
		enc("c2\x00e1\x009223372036854775808\x000"), enc("c3\x00e1\x0042\x007"),
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c := central.DecodeCursor(s)
		e := c.Encode()
		if (c == central.Cursor{}) != (e == "") {
			t.Fatalf("cursor %+v encodes as %q", c, e)
		}
		if got := central.DecodeCursor(e); got != c {
			t.Fatalf("%q decodes as %+v, which encodes as %q, which decodes as %+v", s, c, e, got)
		}
		if c != (central.Cursor{}) && (c.Epoch == "" || c.After < 0 || c.At < 0 || c.Rank < 0 || (!c.Snapshot && (c.Rank != 0 || c.ID != ""))) {
			t.Fatalf("%q decodes as an impossible cursor %+v", s, c)
		}
	})
}

// FuzzEncodeCursor checks the other direction: every cursor the server
// can make (an epoch, positions from 0, ids without NUL) comes back as
// itself, so no position is lost or turned into a needless snapshot.
func FuzzEncodeCursor(f *testing.F) {
	f.Add("e1", int64(42), int64(1_700_000_000_000_000_000), false, 0, "")
	f.Add("e1", int64(42), int64(7), true, 3, "room-a")
	f.Add("e1", int64(0), int64(0), true, 0, "")
	f.Add("纪元", int64(9_223_372_036_854_775_807), int64(0), true, 2_147_483_647, "b\xff")
	f.Fuzz(func(t *testing.T, epoch string, after, at int64, snapshot bool, rank int, id string) {
		if epoch == "" || strings.Contains(epoch, "\x00") || strings.Contains(id, "\x00") || after < 0 || at < 0 || rank < 0 {
			return // not a cursor the server makes
		}
		c := central.Cursor{Epoch: epoch, After: after, At: at}
		if snapshot {
			c.Snapshot, c.Rank, c.ID = true, rank, id
		}
		if got := central.DecodeCursor(c.Encode()); got != c {
			t.Fatalf("%+v came back as %+v", c, got)
		}
	})
}
