package store

import (
	"context"
	"database/sql"
	"math"

	"onestop/kiosk"
)

const visitCols = `
	id,
	student_key,
	hall_id,
	purpose,
	at,
	sync_state`

// CheckInVisit records v (kiosk.CheckInVisit) and its outbox entry in
// one durable transaction. A visit id already stored is a no-op: a
// retried tap makes no second visit and no second outbox entry.
func (db *DB) CheckInVisit(ctx context.Context, v *kiosk.Visit) error {
	if v == nil {
		return kiosk.Errorf(kiosk.EINVALID, kiosk.MsgErrInternal, "no visit")
	}
	return db.act(ctx, "check in visit", func(t *txn) error {
		nv, err := kiosk.CheckInVisit(t, t.now, kiosk.Actor{StudentKey: v.StudentKey, AssistedBy: v.AssistedBy}, *v)
		if err == nil {
			*v = withState(nv, t.state)
		}
		return err
	})
}

// insertVisit adds v unless its id is known: a visit is never changed
// once made. v must be valid, its time in range.
func insertVisit(ctx context.Context, tx *sql.Tx, v kiosk.Visit, syncState string) (sql.Result, error) {
	return tx.ExecContext(ctx, `
		INSERT INTO visits (`+visitCols+`
		) VALUES (?, ?, ?, ?, ?, ?)
		ON CONFLICT (id) DO NOTHING`,
		append(visitArgs(v), syncState)...)
}

// visitArgs returns v's columns in visitCols order up to sync_state,
// which each writer sets.
func visitArgs(v kiosk.Visit) []any {
	return []any{
		v.ID,
		v.StudentKey,
		v.HallID,
		string(v.Purpose),
		v.At.UnixNano(),
	}
}

// VisitsOf returns the student's visits, newest first.
func (db *DB) VisitsOf(ctx context.Context, studentKey string) ([]kiosk.Visit, error) {
	vs, err := db.visitsOf(ctx, db.reader, studentKey, math.MinInt64)
	return vs, wrapErr("read visits", err)
}

// visitsOf returns the student's visits since (unix nanos), newest
// first.
func (db *DB) visitsOf(ctx context.Context, q queryer, studentKey string, since int64) ([]kiosk.Visit, error) {
	return queryAll(ctx, q, db.scanVisit, `
		SELECT`+visitCols+`
		FROM visits
		WHERE student_key = ?
			AND at >= ?
		ORDER BY at DESC, id DESC`, studentKey, since)
}

func (db *DB) scanVisit(sc scanner) (kiosk.Visit, error) {
	var v kiosk.Visit
	var at sql.NullInt64
	err := sc.Scan(&v.ID, &v.StudentKey, &v.HallID, &v.Purpose, &at, &v.SyncState)
	v.At = db.at(at)
	return v, err
}
