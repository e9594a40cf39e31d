package central

import (
	"encoding/base64"
	"strconv"
	"strings"
)

// Cursor is a position in a hall's change feed. Kiosks only ever see the
// opaque string Encode makes of it.
type Cursor struct {
	// Epoch names the database the cursor came from; a cursor from
	// another database (restored, replaced) starts a snapshot.
	Epoch string
	// After is the id of the last change the kiosk has: the feed goes on
	// with the hall's changes above it.
	After int64
	// At is when the change After was recorded (unix nanoseconds; 0 when
	// unknown). A database restored from an older copy numbers its new
	// changes from the copy's head, so an id alone could name a change
	// the kiosk never saw; the time tells them apart.
	At int64
	// Snapshot is set while a snapshot is being paged; Rank and ID are
	// the last entity sent, After the feed position it ends at.
	Snapshot bool
	Rank     int
	ID       string
}

// Cursor versions: c2 carries At; c1 cursors from before it still read.
const (
	cursorVersion   = "c2"
	cursorVersionV1 = "c1"
)

var cursorEnc = base64.RawURLEncoding

// Encode returns the cursor as an opaque URL-safe string; the zero
// cursor is "".
func (c Cursor) Encode() string {
	if c == (Cursor{}) {
		return ""
	}
	parts := []string{cursorVersion, c.Epoch, strconv.FormatInt(c.After, 10), strconv.FormatInt(c.At, 10)}
	if c.Snapshot {
		parts = append(parts, strconv.Itoa(c.Rank), c.ID)
	}
	return cursorEnc.EncodeToString([]byte(strings.Join(parts, "\x00")))
}

// DecodeCursor parses a string from Encode. Anything it cannot read is
// the zero cursor: the kiosk then gets a snapshot, which heals a cursor
// damaged on its disk instead of failing every pull.
func DecodeCursor(s string) Cursor {
	b, err := cursorEnc.DecodeString(s)
	if err != nil {
		return Cursor{}
	}
	parts := strings.Split(string(b), "\x00")
	var at int64
	switch {
	case len(parts) < 3 || parts[1] == "":
		return Cursor{}
	case parts[0] == cursorVersion && (len(parts) == 4 || len(parts) == 6):
		if at, err = strconv.ParseInt(parts[3], 10, 64); err != nil || at < 0 {
			return Cursor{}
		}
		parts = append(parts[:3], parts[4:]...)
	case parts[0] != cursorVersionV1 || (len(parts) != 3 && len(parts) != 5):
		return Cursor{}
	}
	after, err := strconv.ParseInt(parts[2], 10, 64)
	if err != nil || after < 0 {
		return Cursor{}
	}
	c := Cursor{Epoch: parts[1], After: after, At: at}
	if len(parts) == 5 {
		rank, err := strconv.Atoi(parts[3])
		if err != nil || rank < 0 {
			return Cursor{}
		}
		c.Snapshot, c.Rank, c.ID = true, rank, parts[4]
	}
	return c
}
