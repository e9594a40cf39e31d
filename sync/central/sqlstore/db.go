// Package sqlstore is the central.Store both backends share: the same
// plain database/sql code runs on SQLite (sqlitestore) and PostgreSQL
// (pgstore). A Dialect supplies what differs: placeholders, schema types,
// how appends to a hall's change log are ordered, how constraint
// violations and outages look, and whether statements can be pipelined.
// The SQL is written with ? placeholders and rewritten to $n once per
// statement for PostgreSQL.
package sqlstore

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"

	"onestop/kiosk"
	"onestop/sync/central"
	"onestop/sync/central/hub"
)

var _ central.Store = (*DB)(nil)

// Dialect is what one database engine does its own way.
type Dialect struct {
	Name string
	// Numbered placeholders ($1, $2, …) instead of ?.
	Numbered bool
	// Prepare keeps statements prepared (once per write transaction,
	// once per read connection) for drivers that would otherwise compile
	// them on every call: go-sqlite3. pgx caches prepared statements.
	Prepare bool
	// Schema fills in the shared migrations (migrations/*.sql).
	Schema Schema
	// LockMigrations keeps two processes from migrating at once.
	LockMigrations func(ctx context.Context, tx *sql.Tx) error
	// LockFeed is called before a transaction first appends to a hall's
	// change log and must hold until commit, so that change ids of one
	// hall are handed out in commit order (see feed.go).
	LockFeed func(ctx context.Context, tx *sql.Tx, hallID string) error
	// IsUnique reports a unique or primary key violation.
	IsUnique func(error) bool
	// Unavailable reports a failure of the database itself (down, busy,
	// disk full) that a retry may cure.
	Unavailable func(error) bool
	// Pipeline, when set, runs stmts in order in one round trip on a
	// write transaction's connection (conn is the driver's, from
	// sql.Conn.Raw). It returns the last statement's rows affected or,
	// if one failed, its index and error; the rest do not run.
	Pipeline func(ctx context.Context, conn any, stmts []Stmt) (n int64, failed int, err error)
	// Notify, when set, is a statement run in every transaction that
	// records changes, once per hall with the hall id as its argument,
	// that tells every process on the database (PostgreSQL's NOTIFY,
	// delivered on commit). Empty: the database has one process, and
	// the store wakes its own waiters after commit.
	Notify string
}

// Stmt is a statement in the dialect's placeholder style, with its
// arguments.
type Stmt struct {
	SQL  string
	Args []any
	// Row, if set, is called for each row the statement returns, with
	// the function that scans it.
	Row func(scan func(dest ...any) error) error

	owner int // txn.owner when it was queued
}

// DB is a central.Store on one database/sql handle pair.
type DB struct {
	w, r    *sql.DB // writes, reads (the same pool on PostgreSQL)
	d       Dialect
	clock   kiosk.Clock
	closeFn func() error

	epoch string
	salt  []byte

	qmu sync.RWMutex
	qs  map[string]string // statement → its $n form

	reads sync.Map // statement → *sql.Stmt prepared on r (Prepare)

	feeds hub.Hub // long polls waiting for a hall's feed
}

// New migrates the database and returns the store. w takes every write
// transaction, r serves reads; closeFn runs at Close. The clock stamps
// every time the store records and is the server clock rules use; its
// location is the hall's local time for day boundaries.
func New(ctx context.Context, w, r *sql.DB, d Dialect, clock kiosk.Clock, closeFn func() error) (*DB, error) {
	db := &DB{w: w, r: r, d: d, clock: clock, closeFn: closeFn, qs: map[string]string{}}
	if err := db.migrate(ctx); err != nil {
		return nil, fmt.Errorf("migrate %s: %w", d.Name, err)
	}
	if err := db.loadMeta(ctx); err != nil {
		return nil, fmt.Errorf("load meta: %w", err)
	}
	return db, nil
}

// Close closes the store.
func (db *DB) Close() error {
	var errs []error
	db.reads.Range(func(_, v any) bool {
		errs = append(errs, v.(*sql.Stmt).Close())
		return true
	})
	if db.closeFn != nil {
		errs = append(errs, db.closeFn())
	}
	return errors.Join(errs...)
}

// readStmt returns s prepared on the read pool, or nil (Prepare off, or
// it failed: the caller then runs it unprepared and meets the error).
func (db *DB) readStmt(ctx context.Context, s string) *sql.Stmt {
	if !db.d.Prepare {
		return nil
	}
	if st, ok := db.reads.Load(s); ok {
		return st.(*sql.Stmt)
	}
	st, err := db.r.PrepareContext(ctx, db.q(s))
	if err != nil {
		return nil
	}
	if old, loaded := db.reads.LoadOrStore(s, st); loaded {
		st.Close()
		return old.(*sql.Stmt)
	}
	return st
}

func (db *DB) readQuery(ctx context.Context, s string, args ...any) (*sql.Rows, error) {
	if st := db.readStmt(ctx, s); st != nil {
		return st.QueryContext(ctx, args...)
	}
	return db.r.QueryContext(ctx, db.q(s), args...)
}

func (db *DB) readRow(ctx context.Context, s string, args ...any) *sql.Row {
	if st := db.readStmt(ctx, s); st != nil {
		return st.QueryRowContext(ctx, args...)
	}
	return db.r.QueryRowContext(ctx, db.q(s), args...)
}

// q returns the statement in the dialect's placeholder style.
func (db *DB) q(s string) string {
	if !db.d.Numbered {
		return s
	}
	db.qmu.RLock()
	out, ok := db.qs[s]
	db.qmu.RUnlock()
	if ok {
		return out
	}
	var b strings.Builder
	n := 0
	for _, c := range s {
		if c == '?' {
			n++
			b.WriteString("$" + strconv.Itoa(n))
			continue
		}
		b.WriteRune(c)
	}
	out = b.String()
	db.qmu.Lock()
	db.qs[s] = out
	db.qmu.Unlock()
	return out
}

// wrap adds op to err and marks database outages unavailable, so the
// API answers 503 and kiosks retry.
func (db *DB) wrap(op string, err error) error {
	if err == nil {
		return nil
	}
	var ke *kiosk.Error
	if !errors.As(err, &ke) && db.d.Unavailable != nil && db.d.Unavailable(err) {
		ke = kiosk.Errorf(kiosk.EUNAVAILABLE, kiosk.MsgErrStoreUnavailable, "database unavailable")
		return fmt.Errorf("%s: %w: %w", op, ke, err)
	}
	return fmt.Errorf("%s: %w", op, err)
}

func notFound(what, id string) error {
	return kiosk.Errorf(kiosk.ENOTFOUND, kiosk.MsgErrNotFound, "%s %q not found", what, id)
}

func invalid(format string, args ...any) error {
	return kiosk.Errorf(kiosk.EINVALID, kiosk.MsgErrInternal, format, args...)
}

// loadMeta reads the feed epoch and roster salt, creating them on the
// first open. Both are random and fixed for the database's life.
func (db *DB) loadMeta(ctx context.Context) error {
	return db.update(ctx, "meta", func(t *txn) error {
		var err error
		if db.epoch, err = t.ensureMeta("feed.epoch", 8); err != nil {
			return err
		}
		salt, err := t.ensureMeta("roster.salt", 32)
		if err != nil {
			return err
		}
		db.salt, err = hex.DecodeString(salt)
		return err
	})
}

func (t *txn) ensureMeta(key string, n int) (string, error) {
	b := make([]byte, n)
	rand.Read(b) // never fails since Go 1.24
	err := t.exec(`
		INSERT INTO meta (
			key,
			value
		) VALUES (?, ?)
		ON CONFLICT (key) DO NOTHING`,
		key,
		hex.EncodeToString(b),
	)
	if err != nil {
		return "", err
	}
	var v string
	err = t.row(`
		SELECT
			value
		FROM meta
		WHERE key = ?`, key).Scan(&v)
	return v, err
}

// Salt returns the campus-wide roster salt.
func (db *DB) Salt(context.Context) ([]byte, error) { return append([]byte(nil), db.salt...), nil }

// Unix nanoseconds; the zero time is NULL.
func nanos(t time.Time) sql.NullInt64 {
	if t.IsZero() {
		return sql.NullInt64{}
	}
	return sql.NullInt64{Int64: t.UnixNano(), Valid: true}
}

// fromNanos is the inverse of nanos, in loc.
func fromNanos(n sql.NullInt64, loc *time.Location) time.Time {
	if !n.Valid {
		return time.Time{}
	}
	return time.Unix(0, n.Int64).In(loc)
}

// checkTime refuses times unix nanoseconds cannot hold (1678–2262).
func checkTime(what string, t time.Time) error {
	if t.Year() < 1700 || t.Year() > 2200 {
		return invalid("%s %s out of range", what, t)
	}
	return nil
}
