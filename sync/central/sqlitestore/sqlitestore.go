// Package sqlitestore is central's embedded storage: one SQLite file
// (mattn/go-sqlite3), the default that needs no setup. One writer
// connection takes every write in a BEGIN IMMEDIATE transaction, so
// writes are serial and change ids are in commit order by construction;
// a read-only pool serves pulls beside it (WAL).
package sqlitestore

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"time"

	"database/sql"

	"github.com/mattn/go-sqlite3"

	"onestop/kiosk"
	"onestop/sync/central/sqlstore"
)

// readerConns bounds the read pool; pulls are short indexed reads.
const readerConns = 8

// stmtCache is how many prepared statements each connection keeps:
// more than the store has, so a statement is compiled once per
// connection, not on every call (compiling was most of a bulk apply).
const stmtCache = "256"

// busyTimeout is how long a statement waits for a lock another process
// holds (a backup, the admin CLI) before failing as unavailable.
const busyTimeout = 5 * time.Second

// Open opens or creates the database at path and migrates it.
func Open(path string, clock kiosk.Clock) (*sqlstore.DB, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	if err := ownerOnly(abs); err != nil {
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	w, err := sql.Open("sqlite3", dsn(abs, url.Values{
		"_txlock":          {"immediate"},
		"_stmt_cache_size": {stmtCache},
		"_journal_mode":    {"WAL"},
		// FULL: a push central answered survives power loss, or the
		// kiosk would never send it again.
		"_synchronous":  {"FULL"},
		"_busy_timeout": {fmt.Sprint(busyTimeout.Milliseconds())},
	}))
	if err != nil {
		return nil, err
	}
	w.SetMaxOpenConns(1)
	w.SetMaxIdleConns(1)
	w.SetConnMaxLifetime(0)
	r, err := sql.Open("sqlite3", dsn(abs, url.Values{
		"mode":             {"ro"},
		"_query_only":      {"1"},
		"_stmt_cache_size": {stmtCache},
		"_busy_timeout":    {fmt.Sprint(busyTimeout.Milliseconds())},
	}))
	if err != nil {
		return nil, errors.Join(err, w.Close())
	}
	r.SetMaxOpenConns(readerConns)
	r.SetMaxIdleConns(readerConns)
	r.SetConnMaxLifetime(0)
	closeFn := func() error { return errors.Join(r.Close(), w.Close()) }
	db, err := sqlstore.New(context.Background(), w, r, Dialect(), clock, closeFn)
	if err != nil {
		return nil, errors.Join(fmt.Errorf("open %s: %w", path, err), closeFn())
	}
	return db, nil
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

func dsn(path string, q url.Values) string {
	u := url.URL{Scheme: "file", Path: path, RawQuery: q.Encode()}
	return u.String()
}

// Dialect is SQLite's: ? placeholders, and no locks beyond the single
// writer's immediate transactions.
func Dialect() sqlstore.Dialect {
	noLock := func(context.Context, *sql.Tx) error { return nil }
	return sqlstore.Dialect{
		Name:    "sqlite",
		Prepare: true,
		Schema: sqlstore.Schema{
			Int:      "INTEGER",
			Blob:     "BLOB",
			Serial:   "INTEGER PRIMARY KEY AUTOINCREMENT",
			Strict:   " STRICT",
			JSONText: "json_extract(%s, '$.%s')",
		},
		LockMigrations: noLock,
		LockFeed:       func(context.Context, *sql.Tx, string) error { return nil },
		IsUnique: func(err error) bool {
			var se sqlite3.Error
			return errors.As(err, &se) && (se.ExtendedCode == sqlite3.ErrConstraintUnique ||
				se.ExtendedCode == sqlite3.ErrConstraintPrimaryKey)
		},
		Unavailable: unavailable,
	}
}

func unavailable(err error) bool {
	var se sqlite3.Error
	if !errors.As(err, &se) {
		return false
	}
	switch se.Code {
	case sqlite3.ErrBusy, sqlite3.ErrLocked, sqlite3.ErrIoErr, sqlite3.ErrFull,
		sqlite3.ErrCantOpen, sqlite3.ErrReadonly, sqlite3.ErrProtocol:
		return true
	}
	return false
}
