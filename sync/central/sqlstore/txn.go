package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"time"
)

// The write transaction, and the queue that lets a pipelined dialect
// send a push's writes in few round trips.

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
	// notify lists the halls whose feed this transaction moved, for
	// the waiters to wake after commit.
	notify []string
	// summary: a batch (a roster of thousands) audits itself in one
	// entry rather than one per entity.
	summary bool
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
	if err := tx.Commit(); err != nil {
		return db.wrap(op, err)
	}
	if db.d.Notify == "" {
		db.feeds.Notify(t.notify...)
	}
	return nil
}
