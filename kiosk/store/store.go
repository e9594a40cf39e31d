// Package store is the kiosk's local SQLite cache: the roster, settings,
// announcements, visits and the outbox of what students did, waiting to
// reach central.
//
// One writer connection takes every write in a BEGIN IMMEDIATE
// transaction, so writers never deadlock on a lock upgrade; a small pool
// of read-only connections serves lookups beside it (WAL lets readers run
// while a write commits).
//
// Every exported method is one transaction: a write is one explicit
// immediate transaction, a read is one statement or one read-only
// transaction on a reader (view). Times are stored as unix nanoseconds
// and returned in the clock's location, so day boundaries the rules
// compute are the hall's local days.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"sync/atomic"
	"time"

	"github.com/mattn/go-sqlite3"

	"onestop/kiosk"
)

// The store implements the domain's services.
var (
	_ kiosk.RosterService      = (*DB)(nil)
	_ kiosk.VisitService       = (*DB)(nil)
	_ kiosk.HallService        = (*DB)(nil)
	_ kiosk.AppointmentService = (*DB)(nil)
	_ kiosk.RoomService        = (*DB)(nil)
	_ kiosk.DeskService        = (*DB)(nil)
	_ kiosk.EventService       = (*DB)(nil)
	_ kiosk.RequestService     = (*DB)(nil)
	_ kiosk.RecordService      = (*DB)(nil)
)

// busyTimeout is how long a statement waits for a lock another process
// holds (a backup, the sqlite3 shell) before the write fails as
// unavailable. Our own writes queue on the single writer connection
// instead. A variable so tests can shorten it.
var busyTimeout = 5 * time.Second

// readerConns bounds the read pool; the kiosk serves one person at a
// time, the rest is the syncer and the status corner.
const readerConns = 4

// stmtCache is how many prepared statements each connection keeps:
// more than the store has, so a statement is compiled once per
// connection, not on every call (compiling was most of a bulk apply).
const stmtCache = "256"

// DB is the kiosk's local store.
type DB struct {
	path   string
	clock  kiosk.Clock
	writer *sql.DB // one connection, BEGIN IMMEDIATE
	reader *sql.DB // read-only pool

	// salt caches the roster salt so Identify is a single query.
	salt atomic.Pointer[[]byte]
	// online is the syncer's last word on reaching central (SetOnline).
	online atomic.Bool
	// settings caches the hall's effective settings: only ApplyChanges
	// changes them, and every action reads them. Their zone is that of
	// every time the store returns, so screens show the hall's clock
	// whatever zone the process runs in.
	settings atomic.Pointer[kiosk.Settings]

	identify *sql.Stmt // on reader
}

// Open opens or creates the store at path and brings its schema up to
// date. The clock stamps every time the store records on its own.
func Open(path string, clock kiosk.Clock) (*DB, error) {
	if path == "" {
		return nil, errors.New("open store: empty path")
	}
	// A relative path would be read as the URI's authority.
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, fmt.Errorf("open store %s: %w", path, err)
	}
	if err := ownerOnly(abs); err != nil {
		return nil, fmt.Errorf("open store %s: %w", path, err)
	}
	db := &DB{path: abs, clock: clock}
	if err := db.open(); err != nil {
		return nil, errors.Join(fmt.Errorf("open store %s: %w", path, err), db.Close())
	}
	return db, nil
}

func (db *DB) open() error {
	var err error
	db.writer, err = sql.Open("sqlite3", dsn(db.path, url.Values{
		"_txlock":          {"immediate"},
		"_stmt_cache_size": {stmtCache},
		// A page cache that holds the roster's and the bookings' indexes
		// (KiB, as SQLite reads a negative size): with the default 2 MB an
		// initial sync spilled pages on every random-key insert.
		"_cache_size":   {"-65536"},
		"_journal_mode": {"WAL"},
		// FULL: a check-in the screen confirmed survives power loss.
		"_synchronous":  {"FULL"},
		"_foreign_keys": {"1"},
		"_busy_timeout": {strconv.FormatInt(busyTimeout.Milliseconds(), 10)},
	}))
	if err != nil {
		return err
	}
	db.writer.SetMaxOpenConns(1)
	db.writer.SetMaxIdleConns(1)
	db.writer.SetConnMaxLifetime(0)
	ctx := context.Background()
	if err := db.migrate(ctx); err != nil {
		return err
	}
	// The reader opens after migrating so the file and WAL exist.
	db.reader, err = sql.Open("sqlite3", dsn(db.path, url.Values{
		"mode":             {"ro"},
		"_query_only":      {"1"},
		"_stmt_cache_size": {stmtCache},
		"_busy_timeout":    {strconv.FormatInt(busyTimeout.Milliseconds(), 10)},
	}))
	if err != nil {
		return err
	}
	db.reader.SetMaxOpenConns(readerConns)
	db.reader.SetMaxIdleConns(readerConns)
	db.reader.SetConnMaxLifetime(0)
	if err := db.loadSalt(ctx); err != nil {
		return err
	}
	if err := db.loadSettings(ctx); err != nil {
		return err
	}
	db.identify, err = db.reader.PrepareContext(ctx, identifySQL)
	if err != nil {
		return fmt.Errorf("prepare identify: %w", err)
	}
	return nil
}

// loadSettings caches the settings; called at open and after every
// write that may change them.
func (db *DB) loadSettings(ctx context.Context) error {
	s, err := readSettings(ctx, db.reader)
	if err != nil {
		return fmt.Errorf("read settings: %w", err)
	}
	db.settings.Store(&s)
	return nil
}

// cachedSettings returns the settings as last stored.
func (db *DB) cachedSettings() kiosk.Settings {
	if s := db.settings.Load(); s != nil {
		return *s
	}
	return kiosk.DefaultSettings()
}

// ownerOnly makes the database's directory 0700 and the database, its
// WAL and shared-memory files 0600, whatever exists already. It creates
// the database file itself: SQLite gives the -wal and -shm files the
// main file's mode, so none of them is ever world-readable.
func ownerOnly(path string) error {
	// The directory must exist: a mistyped path creates nothing.
	if err := os.Chmod(filepath.Dir(path), 0o700); err != nil {
		return err
	}
	f, err := os.OpenFile(path, os.O_CREATE|os.O_RDWR, 0o600)
	if err != nil {
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	for _, p := range []string{path, path + "-wal", path + "-shm", path + "-journal"} {
		if err := os.Chmod(p, 0o600); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
	}
	return nil
}

// dsn builds a SQLite URI; go-sqlite3 reads the _ parameters, SQLite the
// others (mode).
func dsn(path string, q url.Values) string {
	u := url.URL{Scheme: "file", Path: path, RawQuery: q.Encode()}
	return u.String()
}

// Close closes the store. The writer closes last so its connection, the
// last one open, checkpoints the WAL into the database file.
func (db *DB) Close() error {
	var errs []error
	if db.identify != nil {
		errs = append(errs, db.identify.Close())
	}
	if db.reader != nil {
		errs = append(errs, db.reader.Close())
	}
	if db.writer != nil {
		errs = append(errs, db.writer.Close())
	}
	return errors.Join(errs...)
}

// update runs fn in one immediate transaction on the writer and commits
// when fn returns nil.
func (db *DB) update(ctx context.Context, op string, fn func(*sql.Tx) error) error {
	tx, err := db.writer.BeginTx(ctx, nil)
	if err != nil {
		return wrapErr(op, err)
	}
	if err := fn(tx); err != nil {
		// A cancelled context has already rolled the transaction back.
		if rb := tx.Rollback(); rb != nil && !errors.Is(rb, sql.ErrTxDone) {
			return errors.Join(wrapErr(op, err), rb)
		}
		return wrapErr(op, err)
	}
	return wrapErr(op, tx.Commit())
}

// wrapErr adds op to err and marks failures of the database itself (lock
// held elsewhere, disk full, I/O) as unavailable so the screen can say
// "try again" in the student's language.
func wrapErr(op string, err error) error {
	if err == nil {
		return nil
	}
	var ke *kiosk.Error
	if !errors.As(err, &ke) && unavailable(err) {
		ke = kiosk.Errorf(kiosk.EUNAVAILABLE, kiosk.MsgErrStoreUnavailable, "local store unavailable")
		return fmt.Errorf("%s: %w: %w", op, ke, err)
	}
	return fmt.Errorf("%s: %w", op, err)
}

func unavailable(err error) bool {
	var se sqlite3.Error
	if !errors.As(err, &se) {
		return false
	}
	switch se.Code {
	case sqlite3.ErrBusy, sqlite3.ErrLocked, sqlite3.ErrIoErr, sqlite3.ErrFull,
		sqlite3.ErrCantOpen, sqlite3.ErrReadonly, sqlite3.ErrProtocol,
		sqlite3.ErrCorrupt, sqlite3.ErrNotADB:
		return true
	}
	return false
}

// now returns the clock's time in unix nanoseconds.
func (db *DB) now() int64 { return db.clock.Now().UnixNano() }

// Unix nanoseconds cover 1678–2262; times outside cannot be stored.
var (
	minTime = time.Unix(0, -1<<63)
	maxTime = time.Unix(0, 1<<63-1)
)

// nanos converts t for storage; the zero time becomes NULL.
func nanos(t time.Time) (sql.NullInt64, error) {
	if t.IsZero() {
		return sql.NullInt64{}, nil
	}
	if t.Before(minTime) || t.After(maxTime) {
		return sql.NullInt64{}, kiosk.Errorf(kiosk.EINVALID, kiosk.MsgErrInternal, "time %s out of range", t)
	}
	return sql.NullInt64{Int64: t.UnixNano(), Valid: true}, nil
}

// fromNanos is the inverse of nanos, in UTC; reads use db.at for the
// clock's location.
func fromNanos(n sql.NullInt64) time.Time {
	if !n.Valid {
		return time.Time{}
	}
	return time.Unix(0, n.Int64).UTC()
}
