package store_test

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"path/filepath"
	"testing"
	"time"

	_ "github.com/mattn/go-sqlite3"

	"onestop/kiosk"
	"onestop/kiosk/kiosktest"
	"onestop/kiosk/store"
)

// t0 is when every test's clock starts.
var t0 = time.Date(2025, 3, 10, 8, 30, 0, 0, time.UTC)

// testSalt is a fixed roster salt so tests can compute keys.
var testSalt = bytes.Repeat([]byte{0x5a}, store.RosterSaltLen)

// openStore opens a fresh store in a temp dir with the test salt set.
func openStore(tb testing.TB) (*store.DB, *kiosktest.Clock, string) {
	tb.Helper()
	path := filepath.Join(tb.TempDir(), "kiosk.db")
	clock := kiosktest.NewClock(t0)
	db := openAt(tb, path, clock)
	if _, err := db.EnsureRosterSalt(context.Background(), bytes.NewReader(testSalt)); err != nil {
		tb.Fatal(err)
	}
	return db, clock, path
}

// openAt opens the store at path and closes it when the test ends.
func openAt(tb testing.TB, path string, clock kiosk.Clock) *store.DB {
	tb.Helper()
	db, err := store.Open(path, clock)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() {
		if err := db.Close(); err != nil {
			tb.Error(err)
		}
	})
	return db
}

// rawDB opens the file with plain database/sql, bypassing the store.
func rawDB(tb testing.TB, path string) *sql.DB {
	tb.Helper()
	raw, err := sql.Open("sqlite3", "file:"+path+"?_busy_timeout=5000")
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { raw.Close() })
	return raw
}

// numberKey is the roster key of a student number under testSalt.
func numberKey(number string) string {
	return kiosk.HashIdentifier(testSalt, kiosk.HashStudentNumber, number)
}

// wantCode fails unless err carries code (and msgID, when not empty).
func wantCode(tb testing.TB, err error, code, msgID string) {
	tb.Helper()
	if got := kiosk.ErrorCode(err); got != code {
		tb.Fatalf("error code = %q, want %q (err: %v)", got, code, err)
	}
	var ke *kiosk.Error
	if msgID != "" && (!errors.As(err, &ke) || ke.MessageID != msgID) {
		tb.Fatalf("error %v: want message id %q", err, msgID)
	}
}

// visit makes a valid visit with id at the clock's time.
func visit(id, student string, clock kiosk.Clock) *kiosk.Visit {
	return &kiosk.Visit{ID: id, StudentKey: student, HallID: "hall-1", Purpose: kiosk.PurposeStudy, At: clock.Now()}
}
