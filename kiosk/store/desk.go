package store

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"onestop/kiosk"
)

// The duty volunteer's desk (issue 11): unlocking, shifts and their
// hours. The rules are kiosk.UnlockDesk, StartShift, EndShift, CapShift
// and CorrectShift; this file reads and writes their rows and queues
// each shift write for central.

// UnlockDesk opens the desk for s (kiosk.UnlockDesk) at the store's
// clock. A wrong PIN is EUNAUTHORIZED (MsgErrWrongPIN) and too many lock
// PIN entry (ELIMIT); both commit, so the count stays. A shift of the
// volunteer past the cap is capped in the same transaction.
func (db *DB) UnlockDesk(ctx context.Context, s *kiosk.Student, cred kiosk.Credential, pin string) (kiosk.DeskUnlock, error) {
	var u kiosk.DeskUnlock
	var refused error
	err := db.act(ctx, "unlock desk", func(t *txn) error {
		if err := prunePINFails(ctx, t.tx, t.now); err != nil {
			return err
		}
		var err error
		u, err = kiosk.UnlockDesk(t, t.now, s, cred, pin)
		if c := kiosk.ErrorCode(err); c == kiosk.ELIMIT || c == kiosk.EUNAUTHORIZED {
			refused = err
			return nil
		}
		return err
	})
	if err != nil {
		return kiosk.DeskUnlock{}, wrapErr("unlock desk", err)
	}
	return u, refused
}

// StartShift clocks the volunteer in now (kiosk.StartShift); id is the
// caller's, so a retried tap starts one shift.
func (db *DB) StartShift(ctx context.Context, studentKey, id string) (kiosk.Shift, error) {
	return shiftAct(db, ctx, "start shift", func(t *txn) (kiosk.Shift, error) {
		return kiosk.StartShift(t, t.now, kiosk.Self(studentKey), id, time.Time{})
	})
}

// EndShift clocks the volunteer out now (kiosk.EndShift).
func (db *DB) EndShift(ctx context.Context, studentKey, id string) (kiosk.Shift, error) {
	return shiftAct(db, ctx, "end shift", func(t *txn) (kiosk.Shift, error) {
		return kiosk.EndShift(t, t.now, kiosk.Self(studentKey), id, t.now)
	})
}

// CorrectShift records when the volunteer left a capped shift
// (kiosk.CorrectShift), the answer to DeskUnlock.Correction.
func (db *DB) CorrectShift(ctx context.Context, studentKey, id string, left time.Time) (kiosk.Shift, error) {
	return shiftAct(db, ctx, "correct shift", func(t *txn) (kiosk.Shift, error) {
		return kiosk.CorrectShift(t, t.now, kiosk.Self(studentKey), id, left)
	})
}

// CapShifts caps every shift of the hall left open past the cap
// (kiosk.CapShift), for the kiosk's periodic tick beside ReleaseNoShows:
// central and the console see a forgotten shift flagged even when its
// volunteer does not come back. It returns how many it capped.
func (db *DB) CapShifts(ctx context.Context) (int, error) {
	n := 0
	err := db.act(ctx, "cap shifts", func(t *txn) error {
		cap := t.db.cachedSettings().Desk.ShiftCap
		open, err := queryAll(ctx, t.tx, db.scanShift, `
			SELECT`+shiftCols+`
			FROM shifts
			WHERE end_at IS NULL
				AND start_at < ?`, t.now.Add(-cap).UnixNano())
		if err != nil {
			return err
		}
		for _, s := range open {
			if _, err := kiosk.CapShift(t, t.now, s.ID); err != nil {
				return err
			}
			n++
		}
		return nil
	})
	return n, wrapErr("cap shifts", err)
}

// ShiftHours sums the volunteer's duty this week (the hall's) and in
// all, as this kiosk knows it: its own shifts and those central sent.
func (db *DB) ShiftHours(ctx context.Context, studentKey string) (kiosk.ShiftHours, error) {
	var h kiosk.ShiftHours
	err := db.view(ctx, "read shift hours", func(tx *sql.Tx) error {
		s, err := readSettings(ctx, tx)
		if err != nil {
			return err
		}
		shifts, err := db.shiftsOf(ctx, tx, studentKey, 0)
		if err != nil {
			return err
		}
		now := s.Local(db.clockNow())
		h = kiosk.AddShiftHours(shifts, now, kiosk.StartOfWeek(now), s.Desk.ShiftCap)
		return nil
	})
	return h, err
}

func shiftAct(db *DB, ctx context.Context, op string, fn func(t *txn) (kiosk.Shift, error)) (kiosk.Shift, error) {
	var s kiosk.Shift
	err := db.act(ctx, op, func(t *txn) error {
		var err error
		s, err = fn(t)
		return err
	})
	return s, err
}

// Shift implements kiosk.ShiftTx.
func (t *txn) Shift(id string) (kiosk.Shift, bool, error) {
	s, err := t.db.scanShift(t.tx.QueryRowContext(t.ctx, `
		SELECT`+shiftCols+`
		FROM shifts
		WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return s, false, nil
	}
	return s, err == nil, err
}

// OpenShift implements kiosk.ShiftTx.
func (t *txn) OpenShift(studentKey string) (kiosk.Shift, bool, error) {
	return t.oneShift(`
		WHERE student_key = ?
			AND end_at IS NULL
		ORDER BY start_at DESC`, studentKey)
}

// CorrectionDue implements kiosk.DeskTx.
func (t *txn) CorrectionDue(studentKey string) (kiosk.Shift, bool, error) {
	return t.oneShift(`
		WHERE student_key = ?
			AND capped = 1
			AND corrected_at IS NULL
		ORDER BY start_at DESC`, studentKey)
}

func (t *txn) oneShift(where string, args ...any) (kiosk.Shift, bool, error) {
	s, err := t.db.scanShift(t.tx.QueryRowContext(t.ctx, `
		SELECT`+shiftCols+`
		FROM shifts`+where+`
		LIMIT 1`, args...))
	if errors.Is(err, sql.ErrNoRows) {
		return kiosk.Shift{}, false, nil
	}
	return s, err == nil, err
}

// EnrolledAt implements kiosk.ShiftTx. The kiosk starts shifts at its
// own now, never at a typed time, so it needs no lower bound: central
// checks the start against the enrollment it knows.
func (t *txn) EnrolledAt() (time.Time, error) { return time.Time{}, nil }

// SaveShift implements kiosk.ShiftTx: the row and its outbox entry, the
// payload's times in UTC.
func (t *txn) SaveShift(s kiosk.Shift, kind string) error {
	if err := s.Validate(); err != nil {
		return err
	}
	if err := putShift(t.ctx, t.tx, s); err != nil {
		return err
	}
	p := s
	p.Start, p.End, p.CorrectedAt = s.Start.UTC(), s.End.UTC(), s.CorrectedAt.UTC()
	return t.queue(s.ID, kind, p)
}

// DeskSync returns the desk's sync health: SyncHealth and up to limit
// refused actions not yet shown to whom they concern (ownerSQL: the
// student, or the volunteer of a queue mark), oldest first.
func (db *DB) DeskSync(ctx context.Context, limit int) (kiosk.DeskSync, error) {
	h, err := db.SyncHealth(ctx)
	if err != nil {
		return kiosk.DeskSync{}, err
	}
	out := kiosk.DeskSync{SyncHealth: h}
	rows, err := db.reader.QueryContext(ctx, `
		SELECT
			x.seq,
			x.kind,
			x.id,
			x.at,
			x.state,
			x.message_id,
			coalesce(x.owner, ''),
			coalesce(r.masked_name, '')
		FROM (
			SELECT
				o.seq,
				o.kind,
				o.id,
				o.at,
				o.state,
				coalesce(o.result_message_id, '') AS message_id,
				`+ownerSQL+` AS owner
			FROM outbox AS o
			WHERE o.state IN ('rejected', 'conflict')
				AND o.seen_at IS NULL
			ORDER BY o.seq
			LIMIT ?
		) AS x
		LEFT JOIN roster AS r ON r.student_key = x.owner
		ORDER BY x.seq`, limit)
	if err != nil {
		return out, wrapErr("read desk sync", err)
	}
	defer rows.Close()
	for rows.Next() {
		var r kiosk.DeskRejection
		var at sql.NullInt64
		if err := rows.Scan(&r.Seq, &r.Kind, &r.EntityID, &at, &r.State, &r.MessageID, &r.StudentKey, &r.MaskedName); err != nil {
			return out, wrapErr("read desk sync", err)
		}
		r.At = db.at(at)
		if r.MessageID == "" {
			r.MessageID = kiosk.MsgErrSyncRejected
		}
		out.Rejected = append(out.Rejected, r)
	}
	return out, wrapErr("read desk sync", rows.Err())
}
