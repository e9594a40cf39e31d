package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"
)

// This file lets the external store_test package reach internals that
// are not API: connection pragmas, the busy timeout and a bare commit.

// WriterPragma returns PRAGMA name as the writer connection sees it.
func WriterPragma(db *DB, name string) (string, error) { return pragma(db.writer, name) }

// ReaderPragma returns PRAGMA name as a reader connection sees it.
func ReaderPragma(db *DB, name string) (string, error) { return pragma(db.reader, name) }

func pragma(sdb *sql.DB, name string) (string, error) {
	var v string
	err := sdb.QueryRow("PRAGMA " + name).Scan(&v)
	return v, err
}

// ReaderExec runs a statement on the reader pool, to prove it is read-only.
func ReaderExec(db *DB, query string) error {
	_, err := db.reader.Exec(query)
	return err
}

// IdentifyPlan returns EXPLAIN QUERY PLAN of the identify query.
func IdentifyPlan(db *DB) (string, error) {
	return plan(db, identifySQL, "card", "number")
}

// HoldingPlan returns EXPLAIN QUERY PLAN of FreeSlots' bookings query.
func HoldingPlan(db *DB) (string, error) {
	return plan(db, holdingSQL, 0, 1, 0)
}

func plan(db *DB, query string, args ...any) (string, error) {
	rows, err := db.reader.Query("EXPLAIN QUERY PLAN "+query, args...)
	if err != nil {
		return "", err
	}
	defer rows.Close()
	var b strings.Builder
	for rows.Next() {
		var id, parent, unused int
		var detail string
		if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
			return "", err
		}
		fmt.Fprintln(&b, detail)
	}
	return b.String(), rows.Err()
}

// SetBusyTimeout changes the busy timeout of stores opened afterwards and
// returns a func that restores it.
func SetBusyTimeout(d time.Duration) (restore func()) {
	old := busyTimeout
	busyTimeout = d
	return func() { busyTimeout = old }
}

// BareDurableCommit inserts one row in its own immediate transaction on
// the store's writer: the floor under any durable write.
func BareDurableCommit(ctx context.Context, db *DB, i int) error {
	return db.update(ctx, "bare commit", func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `
			INSERT INTO bench_commit (
				n
			) VALUES (?)`, i)
		return err
	})
}

// CreateBenchTable makes the table BareDurableCommit writes to.
func CreateBenchTable(db *DB) error {
	_, err := db.writer.Exec(`
		CREATE TABLE IF NOT EXISTS bench_commit (
			n INTEGER NOT NULL
		)`)
	return err
}

// RosterSalt returns the stored roster salt, nil when none is.
func RosterSalt(ctx context.Context, db *DB) ([]byte, error) { return readSalt(ctx, db.reader) }

// MigrationCount returns how many migrations the build embeds.
func MigrationCount() int {
	ms, err := migrations()
	if err != nil {
		panic(err)
	}
	return len(ms)
}
