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
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"

	"onestop/kiosk"
	"onestop/sync/central"
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

// txn is one write transaction with the time it runs at.
type txn struct {
	ctx    context.Context
	tx     *sql.Tx
	conn   *sql.Conn // the transaction's connection, with a Pipeline
	db     *DB
	now    time.Time
	locked map[string]bool      // halls whose feed lock this transaction holds
	stmts  map[string]*sql.Stmt // prepared in this transaction (Prepare)
	// changes waits for the change log until commit (appendChange).
	changes [][]any
	// queued waits for the next statement that needs an answer (later).
	queued []Stmt
	// owner is 1 + the index of the push mutation being applied, 0
	// outside one: its writes are queued, failures traced back to it.
	owner int
	// failed is the last queued statement's failure, kept for the push
	// so that how callers pass errors on cannot change whose it is.
	failed *queuedError
	// known holds entities read ahead of their use, nil for none with
	// that key; writes drop their key, so it never answers stale.
	known map[entityKey]*entityRow
}

type entityKey struct{ entity, id string }

type entityRow struct {
	hall string
	data json.RawMessage
}

// queuedError is the failure of a queued statement, reported by a later
// one, with the owner that queued it.
type queuedError struct {
	err   error
	owner int
}

func (e *queuedError) Error() string { return "queued statement: " + e.err.Error() }
func (e *queuedError) Unwrap() error { return e.err }

// later runs a write whose answer no caller waits for. With a Pipeline
// it is queued and goes with the next statement that needs an answer
// (or commit), in the same round trip; statements still run in program
// order, since every other statement sends the queue first. Its failure
// then comes back as a queuedError from that statement: it fails the
// transaction, unless a push traces it back to its mutation (owner).
func (t *txn) later(s string, args ...any) error {
	if t.conn == nil {
		_, err := t.execCount(s, args...)
		return err
	}
	t.queued = append(t.queued, Stmt{SQL: t.db.q(s), Args: args, owner: t.owner})
	return nil
}

// send runs the queue and then last, if any, in one round trip.
func (t *txn) send(last *Stmt) (int64, error) {
	stmts := t.queued
	if last != nil {
		stmts = append(stmts, *last)
	}
	t.queued = nil
	if len(stmts) == 0 {
		return 0, nil
	}
	var n int64
	var failed int
	err := t.conn.Raw(func(c any) error {
		var err error
		n, failed, err = t.db.d.Pipeline(t.ctx, c, stmts)
		return err
	})
	if err != nil && (last == nil || failed < len(stmts)-1) {
		t.failed = &queuedError{err: err, owner: stmts[failed].owner}
		return 0, t.failed
	}
	return n, err
}

// rollbackTo rolls back to the savepoint. After a failed statement the
// server refuses anything else, even preparing the new statements pgx
// sends ahead of a batch, so then it goes alone and at once; whatever
// was queued since would not have run either.
func (t *txn) rollbackTo(savepoint string, failed bool) error {
	s := `ROLLBACK TO SAVEPOINT ` + savepoint
	if !failed {
		return t.later(s)
	}
	t.queued = nil
	_, err := t.tx.ExecContext(t.ctx, s)
	return err
}

// takeFailed returns and forgets the last queued statement's failure.
func (t *txn) takeFailed() *queuedError {
	qe := t.failed
	t.failed = nil
	return qe
}

// batch runs stmts, queries with Row set or writes, in order; with a
// Pipeline in one round trip, after what is queued.
func (t *txn) batch(stmts []Stmt) error {
	if t.conn != nil {
		t.queued = append(t.queued, stmts...)
		return t.flush()
	}
	for _, s := range stmts {
		if s.Row == nil {
			if err := t.exec(s.SQL, s.Args...); err != nil {
				return err
			}
			continue
		}
		rows, err := t.query(s.SQL, s.Args...)
		if err != nil {
			return err
		}
		for rows.Next() {
			if err := s.Row(rows.Scan); err != nil {
				rows.Close()
				return err
			}
		}
		if err := errors.Join(rows.Err(), rows.Close()); err != nil {
			return err
		}
	}
	return nil
}

// flush runs what is queued, before a statement whose answer is needed.
func (t *txn) flush() error {
	_, err := t.send(nil)
	return err
}

// row is a *sql.Row, or the failure of the queue sent before it.
type row struct {
	r   *sql.Row
	err error
}

func (r row) Scan(dest ...any) error {
	if r.err != nil {
		return r.err
	}
	return r.r.Scan(dest...)
}

// stmt returns s prepared in the transaction when the dialect wants it,
// else nil: a push batch runs the same few statements hundreds of times.
func (t *txn) stmt(s string) *sql.Stmt {
	if !t.db.d.Prepare {
		return nil
	}
	if st, ok := t.stmts[s]; ok {
		return st
	}
	st, err := t.tx.PrepareContext(t.ctx, t.db.q(s))
	if err != nil {
		return nil // run unprepared: the same error then reaches the caller
	}
	t.stmts[s] = st
	return st
}

// exec runs a write and gives back only its failure, since it may not
// have run yet: in a push mutation with a Pipeline it is queued (later)
// and a failure reaches the push from the statement that sends it. A
// caller that needs the rows affected uses execCount.
func (t *txn) exec(s string, args ...any) error {
	if t.owner > 0 && t.conn != nil {
		return t.later(s, args...)
	}
	_, err := t.execCount(s, args...)
	return err
}

// execCount runs a write now, after whatever is queued (in the same
// round trip), and returns the rows it affected.
func (t *txn) execCount(s string, args ...any) (int64, error) {
	if len(t.queued) > 0 {
		return t.send(&Stmt{SQL: t.db.q(s), Args: args, owner: t.owner})
	}
	res, err := t.run(s, args...)
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

// run executes s on the transaction now, prepared (see stmt) when it
// has arguments.
func (t *txn) run(s string, args ...any) (sql.Result, error) {
	if len(args) > 0 {
		if st := t.stmt(s); st != nil {
			return st.ExecContext(t.ctx, args...)
		}
	}
	return t.tx.ExecContext(t.ctx, t.db.q(s), args...)
}

func (t *txn) query(s string, args ...any) (*sql.Rows, error) {
	if err := t.flush(); err != nil {
		return nil, err
	}
	if st := t.stmt(s); st != nil {
		return st.QueryContext(t.ctx, args...)
	}
	return t.tx.QueryContext(t.ctx, t.db.q(s), args...)
}

func (t *txn) row(s string, args ...any) row {
	if err := t.flush(); err != nil {
		return row{err: err}
	}
	if st := t.stmt(s); st != nil {
		return row{r: st.QueryRowContext(t.ctx, args...)}
	}
	return row{r: t.tx.QueryRowContext(t.ctx, t.db.q(s), args...)}
}

// update runs fn in one write transaction and commits when it returns nil.
func (db *DB) update(ctx context.Context, op string, fn func(*txn) error) error {
	t := &txn{ctx: ctx, db: db, now: db.clock.Now(), locked: map[string]bool{}, stmts: map[string]*sql.Stmt{}}
	var tx *sql.Tx
	var err error
	if db.d.Pipeline != nil {
		// A connection of our own, so that Raw reaches the transaction's.
		if t.conn, err = db.w.Conn(ctx); err != nil {
			return db.wrap(op, err)
		}
		defer t.conn.Close()
		tx, err = t.conn.BeginTx(ctx, nil)
	} else {
		tx, err = db.w.BeginTx(ctx, nil)
	}
	if err != nil {
		return db.wrap(op, err)
	}
	t.tx = tx
	err = fn(t)
	if err == nil {
		err = t.flushChanges()
	}
	if err == nil {
		err = t.flush()
	}
	if err != nil {
		if rb := tx.Rollback(); rb != nil && !errors.Is(rb, sql.ErrTxDone) {
			return errors.Join(db.wrap(op, err), rb)
		}
		return db.wrap(op, err)
	}
	return db.wrap(op, tx.Commit())
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
