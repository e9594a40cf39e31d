package store

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/mattn/go-sqlite3"

	"onestop/kiosk"
)

// queryer is what read helpers need; a *sql.Tx of either kind and the
// reader pool both have it, so one helper serves writes and reads.
type queryer interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// view runs fn in one read-only transaction on a reader: the statements
// of a read that needs more than one see the same snapshot (WAL).
func (db *DB) view(ctx context.Context, op string, fn func(*sql.Tx) error) error {
	tx, err := db.reader.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return wrapErr(op, err)
	}
	err = fn(tx)
	if rb := tx.Rollback(); err == nil && rb != nil && !errors.Is(rb, sql.ErrTxDone) {
		err = rb
	}
	return wrapErr(op, err)
}

// scanner is a *sql.Rows or a *sql.Row, so one scan function serves a
// list and a single load.
type scanner = interface{ Scan(...any) error }

// queryAll runs query and returns its rows as scan reads them.
func queryAll[T any](ctx context.Context, q queryer, scan func(scanner) (T, error), query string, args ...any) ([]T, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// maxSpan bounds how long a booking or slot can be: settings cap a
// booking at a day, and opening hours lie within one. Range reads look
// this far back so a stretch that began earlier is still seen.
const maxSpan = 24 * time.Hour

// readSettings reads the settings over the defaults in the caller's
// transaction or pool, so a rule and its data come from one snapshot.
func readSettings(ctx context.Context, q queryer) (kiosk.Settings, error) {
	rows, err := q.QueryContext(ctx, `
		SELECT
			key,
			value
		FROM settings`)
	if err != nil {
		return kiosk.Settings{}, err
	}
	defer rows.Close()
	kv := map[string]string{}
	for rows.Next() {
		var k, v string
		if err := rows.Scan(&k, &v); err != nil {
			return kiosk.Settings{}, err
		}
		kv[k] = v
	}
	if err := rows.Err(); err != nil {
		return kiosk.Settings{}, err
	}
	return kiosk.ParseSettings(kv), nil
}

// clockNow returns the clock's time in the hall's zone.
func (db *DB) clockNow() time.Time { return db.local(db.clock.Now()) }

// local returns t in the hall's zone.
func (db *DB) local(t time.Time) time.Time {
	return db.cachedSettings().Local(t)
}

// at is fromNanos in the hall's zone.
func (db *DB) at(n sql.NullInt64) time.Time {
	t := fromNanos(n)
	if t.IsZero() {
		return t
	}
	return db.local(t)
}

// required converts a time that must be set.
func required(what string, t time.Time) (int64, error) {
	if t.IsZero() {
		return 0, kiosk.Errorf(kiosk.EINVALID, kiosk.MsgErrInternal, "%s has no time", what)
	}
	n, err := nanos(t)
	return n.Int64, err
}

// notFound is kiosk.ErrNotFound: one answer for an id that does not
// exist and one that belongs to someone else.
func notFound(what, id string) error { return kiosk.ErrNotFound(what, id) }

// isUnique reports whether err is a UNIQUE or PRIMARY KEY violation.
func isUnique(err error) bool {
	var se sqlite3.Error
	return errors.As(err, &se) &&
		(se.ExtendedCode == sqlite3.ErrConstraintUnique || se.ExtendedCode == sqlite3.ErrConstraintPrimaryKey)
}

// syncStateAfterAction is the sync_state of a row that just got a new
// outbox entry: pending again, unless central already refused the row.
const syncStateAfterAction = `
	CASE
		WHEN sync_state IN ('rejected', 'conflict') THEN sync_state
		ELSE 'pending'
	END`

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// checkTimes refuses a missing or unstorable interval before any query
// uses it; whether its shape is right is for the rules to say.
func checkTimes(what string, start, end time.Time) error {
	if _, err := required(what+" start", start); err != nil {
		return err
	}
	_, err := required(what+" end", end)
	return err
}

// checkSpan is checkTimes for a stored interval: it must also end after
// it starts.
func checkSpan(what, id string, start, end time.Time) error {
	if err := checkTimes(what, start, end); err != nil {
		return err
	}
	if !end.After(start) {
		return kiosk.Errorf(kiosk.EINVALID, kiosk.MsgErrInternal, "%s %q ends before it starts", what, id)
	}
	return nil
}
