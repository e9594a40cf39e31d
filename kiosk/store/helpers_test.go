package store_test

import (
	"bytes"
	"database/sql"
	"encoding/json"
	"errors"
	"path/filepath"
	"testing"
	"time"

	_ "github.com/mattn/go-sqlite3"

	"onestop/kiosk"
	"onestop/kiosk/kiosktest"
	"onestop/kiosk/store"
)

// t0 is when every test's clock starts, in the hall's zone: the
// rules count days there whatever zone the process runs in.
var t0 = time.Date(2025, 3, 10, 8, 30, 0, 0, kiosk.DefaultLocation())

// testSalt is a fixed roster salt so tests can compute keys.
var testSalt = bytes.Repeat([]byte{0x5a}, 32)

// openStore opens a fresh store in a temp dir with the test salt set
// and the fixture students in the roster, synced as central sends them.
func openStore(tb testing.TB) (*store.DB, *kiosktest.Clock, string) {
	tb.Helper()
	db, clock, path := openBare(tb)
	seedStudents(tb, db, fixtureStudents...)
	return db, clock, path
}

// openBare is openStore with an empty roster: central's settings so far
// are the salt alone.
func openBare(tb testing.TB) (*store.DB, *kiosktest.Clock, string) {
	tb.Helper()
	path := filepath.Join(tb.TempDir(), "kiosk.db")
	clock := kiosktest.NewClock(t0)
	db := openAt(tb, path, clock)
	seedSettings(tb, db, nil)
	return db, clock, path
}

// fixtureStudents are the roster keys the tests act as.
var fixtureStudents = []string{"s", "sa", "sb", "s0", "s1", "s2", "s3", "s4", "s5", "s6", "s9", "s-busy", childStudent}

// seedStudents puts students with keys into the roster through the sync
// path production uses: a page of central's changes.
func seedStudents(tb testing.TB, db *store.DB, keys ...string) {
	tb.Helper()
	if err := syncStudents(db, keys...); err != nil {
		tb.Fatal(err)
	}
}

// syncStudents is seedStudents for a child process without a tb.
func syncStudents(db *store.DB, keys ...string) error {
	var cs []kiosk.Change
	for _, k := range keys {
		data, err := json.Marshal(kiosk.RosterRow{Key: k, MaskedName: "张*华", BuildingID: "b1", Floor: 2,
			Roles: []string{kiosk.RoleStudent}})
		if err != nil {
			return err
		}
		cs = append(cs, kiosk.Change{Entity: kiosk.EntityStudent, ID: k, Data: data})
	}
	_, err := applyPage(db, cs...)
	return err
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
