package store

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"onestop/kiosk"
)

const appointmentCols = `
	id,
	slot_id,
	mentor_id,
	mentor_type,
	student_key,
	start_at,
	end_at,
	status,
	created_at,
	arrived_at,
	tardy,
	sync_state`

func (db *DB) queryAppointments(ctx context.Context, q queryer, where string, args ...any) ([]kiosk.Appointment, error) {
	scan := func(sc scanner) (kiosk.Appointment, error) {
		return db.scanAppointment(sc, false)
	}
	return queryAll(ctx, q, scan, `
		SELECT`+appointmentCols+`
		FROM appointments`+where, args...)
}

// scanAppointment scans appointmentCols, followed by cancelled_at when
// withCancel.
func (db *DB) scanAppointment(sc scanner, withCancel bool) (kiosk.Appointment, error) {
	var a kiosk.Appointment
	var start, end, created, arrived, cancelled sql.NullInt64
	dest := []any{&a.ID, &a.SlotID, &a.MentorID, &a.MentorType, &a.StudentKey, &start, &end, &a.Status,
		&created, &arrived, &a.Tardy, &a.SyncState}
	if withCancel {
		dest = append(dest, &cancelled)
	}
	err := sc.Scan(dest...)
	a.Start, a.End, a.CreatedAt, a.ArrivedAt = db.at(start), db.at(end), db.at(created), db.at(arrived)
	a.CancelledAt = db.at(cancelled)
	return a, err
}

// loadAppointment loads appointment id; found is false when there is none.
func (db *DB) loadAppointment(ctx context.Context, q queryer, id string) (a kiosk.Appointment, found bool, err error) {
	a, err = db.scanAppointment(q.QueryRowContext(ctx, `
		SELECT`+appointmentCols+`,
			cancelled_at
		FROM appointments
		WHERE id = ?`, id), true)
	if errors.Is(err, sql.ErrNoRows) {
		return a, false, nil
	}
	return a, err == nil, err
}

// BookAppointment books the slot a.SlotID for a.StudentKey
// (kiosk.BookAppointment) at the store's clock, with its outbox entry;
// on success a is the appointment as stored.
func (db *DB) BookAppointment(ctx context.Context, a *kiosk.Appointment) error {
	if a == nil {
		return kiosk.Errorf(kiosk.EINVALID, kiosk.MsgErrInternal, "no appointment")
	}
	return db.act(ctx, "book appointment", func(t *txn) error {
		na, err := kiosk.BookAppointment(t, t.now, kiosk.Actor{StudentKey: a.StudentKey, AssistedBy: a.AssistedBy}, *a)
		if err == nil {
			*a = withState(na, t.state)
		}
		return err
	})
}

func insertAppointment(ctx context.Context, tx *sql.Tx, a kiosk.Appointment, syncState string) error {
	if err := checkSpan("appointment", a.ID, a.Start, a.End); err != nil {
		return err
	}
	created, err := required("appointment creation", a.CreatedAt)
	if err != nil {
		return err
	}
	args, err := appointmentArgs(a, created)
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `
		INSERT INTO appointments (`+appointmentCols+`
		) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		append(args, syncState)...)
	return err
}

// appointmentArgs returns a's columns in appointmentCols order up to
// sync_state, which each writer sets. Start and end must be checked;
// the writer converts created, as it checks it.
func appointmentArgs(a kiosk.Appointment, created int64) ([]any, error) {
	arrived, err := nanos(a.ArrivedAt)
	if err != nil {
		return nil, err
	}
	return []any{
		a.ID,
		a.SlotID,
		a.MentorID,
		string(a.MentorType),
		a.StudentKey,
		a.Start.UnixNano(),
		a.End.UnixNano(),
		string(a.Status),
		created,
		arrived,
		boolInt(a.Tardy),
	}, nil
}

// CancelAppointment cancels the student's own appointment
// (kiosk.CancelAppointment): missed after the cancel deadline.
func (db *DB) CancelAppointment(ctx context.Context, studentKey, id string) (*kiosk.Appointment, error) {
	return actOn(ctx, db, "cancel appointment", func(t *txn) (kiosk.Appointment, error) {
		return kiosk.CancelAppointment(t, t.now, kiosk.Self(studentKey), id)
	})
}

// CheckInAppointment marks the student arrived (kiosk.CheckInAppointment).
func (db *DB) CheckInAppointment(ctx context.Context, act kiosk.Actor, id string) (*kiosk.Appointment, error) {
	return actOn(ctx, db, "check in appointment", func(t *txn) (kiosk.Appointment, error) {
		return kiosk.CheckInAppointment(t, t.now, act, id)
	})
}

// AppointmentsOf returns the student's appointments starting in
// [from, to), in start order, with due misses shown as such.
func (db *DB) AppointmentsOf(ctx context.Context, studentKey string, from, to time.Time) ([]kiosk.Appointment, error) {
	if err := checkTimes("appointment range", from, to); err != nil {
		return nil, err
	}
	var out []kiosk.Appointment
	err := db.view(ctx, "read appointments", func(tx *sql.Tx) error {
		s, err := readSettings(ctx, tx)
		if err != nil {
			return err
		}
		out, err = db.queryAppointments(ctx, tx, `
			WHERE student_key = ?
				AND start_at >= ?
				AND start_at < ?
			ORDER BY start_at, id`, studentKey, from.UnixNano(), to.UnixNano())
		now := db.clockNow()
		for i := range out {
			out[i] = s.Mentor.Effective(now, out[i])
		}
		return err
	})
	return out, err
}
