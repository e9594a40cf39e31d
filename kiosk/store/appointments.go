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
		a, _, err := db.scanAppointment(sc, false)
		return a, err
	}
	return queryAll(ctx, q, scan, `
		SELECT`+appointmentCols+`
		FROM appointments`+where, args...)
}

// scanAppointment scans appointmentCols, followed by whether it was
// cancelled by the student when withCancel.
func (db *DB) scanAppointment(sc scanner, withCancel bool) (kiosk.Appointment, bool, error) {
	var a kiosk.Appointment
	var start, end, created, arrived sql.NullInt64
	var cancelled bool
	dest := []any{&a.ID, &a.SlotID, &a.MentorID, &a.MentorType, &a.StudentKey, &start, &end, &a.Status,
		&created, &arrived, &a.Tardy, &a.SyncState}
	if withCancel {
		dest = append(dest, &cancelled)
	}
	err := sc.Scan(dest...)
	a.Start, a.End, a.CreatedAt, a.ArrivedAt = db.at(start), db.at(end), db.at(created), db.at(arrived)
	return a, cancelled, err
}

// loadAppointment loads appointment id; found is false when there is none.
func (db *DB) loadAppointment(ctx context.Context, q queryer, id string) (a kiosk.Appointment, cancelled, found bool, err error) {
	a, cancelled, err = db.scanAppointment(q.QueryRowContext(ctx, `
		SELECT`+appointmentCols+`,
			cancelled_at IS NOT NULL
		FROM appointments
		WHERE id = ?`, id), true)
	if errors.Is(err, sql.ErrNoRows) {
		return a, false, false, nil
	}
	return a, cancelled, err == nil, err
}

// ownAppointment loads the student's appointment id; someone else's is
// not found.
func (db *DB) ownAppointment(ctx context.Context, q queryer, studentKey, id string) (kiosk.Appointment, bool, error) {
	a, cancelled, found, err := db.loadAppointment(ctx, q, id)
	if err == nil && (!found || a.StudentKey != studentKey) {
		err = notFound("appointment", id)
	}
	return a, cancelled, err
}

// effectiveAppointment applies the missed rule on reading, like
// effectiveBooking.
func effectiveAppointment(r kiosk.MentorRules, now time.Time, a *kiosk.Appointment) {
	if r.MissedDue(now, *a) {
		a.Status = kiosk.AppointmentMissed
	}
}

// BookAppointment stores a for the slot a.SlotID under the MentorRules
// of the stored settings at the store's clock, with its outbox entry.
// The caller sets ID, SlotID and StudentKey; the store copies mentor,
// type and times from the slot. An id already stored is a no-op that
// fills a with the stored appointment.
func (db *DB) BookAppointment(ctx context.Context, a *kiosk.Appointment) error {
	switch {
	case a == nil || a.ID == "":
		return errNoID("appointment")
	case a.StudentKey == "":
		return errNoStudent("appointment")
	}
	return db.update(ctx, "book appointment", func(tx *sql.Tx) error {
		old, _, found, err := db.loadAppointment(ctx, tx, a.ID)
		if err != nil || found {
			if err == nil && old.StudentKey != a.StudentKey {
				return errIDInUse("appointment", a.ID)
			}
			*a = old
			return err
		}
		s, err := readSettings(ctx, tx)
		if err != nil {
			return err
		}
		now := db.clockNow()
		na, err := db.checkAppointment(ctx, tx, s.Mentor, now, *a)
		if err != nil {
			return err
		}
		if err := insertAppointment(ctx, tx, na, kiosk.OutboxPending); err != nil {
			if isUnique(err) {
				return kiosk.Errorf(kiosk.ECONFLICT, kiosk.MsgErrSlotTaken, "slot %s is taken", na.SlotID)
			}
			return err
		}
		if err := db.enqueueJSON(ctx, tx, na.ID, kiosk.KindAppointmentCreate, now, na); err != nil {
			return err
		}
		na.SyncState = kiosk.OutboxPending
		*a = na
		return nil
	})
}

// checkAppointment loads the slot, its mentor, whether it is taken and
// the student's appointments around it, and runs CheckAppointment. It
// returns the appointment to store.
func (db *DB) checkAppointment(ctx context.Context, tx *sql.Tx, r kiosk.MentorRules, now time.Time, a kiosk.Appointment) (kiosk.Appointment, error) {
	slots, err := db.querySlots(ctx, tx, r, now, `
		WHERE s.id = ?`, a.SlotID)
	if err != nil {
		return a, err
	}
	if len(slots) == 0 {
		return a, notFound("mentor slot", a.SlotID)
	}
	slot := slots[0]
	m, err := loadMentor(ctx, tx, slot.MentorID)
	if err != nil {
		return a, err
	}
	mine, err := db.queryAppointments(ctx, tx, `
		WHERE student_key = ?
			AND start_at >= ?
			AND start_at < ?`,
		a.StudentKey, slot.Start.Add(-maxSpan).UnixNano(), slot.End.UnixNano())
	if err != nil {
		return a, err
	}
	for i := range mine {
		effectiveAppointment(r, now, &mine[i])
	}
	if err := r.CheckAppointment(now, slot, mine); err != nil {
		return a, err
	}
	return kiosk.Appointment{
		ID: a.ID, SlotID: slot.ID, MentorID: m.ID, MentorType: m.Type, StudentKey: a.StudentKey,
		Start: slot.Start, End: slot.End, Status: kiosk.AppointmentBooked, CreatedAt: now,
	}, nil
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

// CancelAppointment cancels the student's own appointment: cancelled
// until the cancel deadline, missed after it. Cancelling it again
// returns it as stored.
func (db *DB) CancelAppointment(ctx context.Context, studentKey, id string) (*kiosk.Appointment, error) {
	return changeOwnHold(ctx, db, studentKey, id, ownHoldChange[kiosk.Appointment]{
		op: "cancel appointment", kind: kiosk.KindAppointmentCancel, cancel: true,
		own: db.ownAppointment, save: db.changeAppointment,
		apply: func(s kiosk.Settings, now time.Time, a *kiosk.Appointment) error {
			status, err := s.Mentor.Cancel(now, *a)
			if err != nil {
				return err
			}
			a.Status = status
			return nil
		},
	})
}

// CheckInAppointment marks the student's appointment arrived within its
// check-in window, so the mentor and the desk see it; tardy when late.
func (db *DB) CheckInAppointment(ctx context.Context, studentKey, id string) (*kiosk.Appointment, error) {
	return changeOwnHold(ctx, db, studentKey, id, ownHoldChange[kiosk.Appointment]{
		op: "check in appointment", kind: kiosk.KindAppointmentCheckin,
		own: db.ownAppointment, save: db.changeAppointment,
		apply: func(s kiosk.Settings, now time.Time, a *kiosk.Appointment) error {
			// The stored status: a late student hears the window's times.
			tardy, err := s.Mentor.CheckIn(now, *a)
			if err != nil {
				return err
			}
			a.Status, a.ArrivedAt, a.Tardy = kiosk.AppointmentArrived, now, tardy
			return nil
		},
	})
}

// changeAppointment stores a cancel or check-in of a and queues it.
func (db *DB) changeAppointment(ctx context.Context, tx *sql.Tx, a *kiosk.Appointment, now time.Time, kind string) error {
	st, err := db.changeHold(ctx, tx, holdAction{
		update: updateAppointment, id: a.ID, status: string(a.Status), at: a.ArrivedAt,
		tardy: a.Tardy, cancel: kind == kiosk.KindAppointmentCancel,
	}, now)
	if err != nil {
		return err
	}
	a.SyncState = st
	return db.enqueueJSON(ctx, tx, a.ID, kind, now, a)
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
			effectiveAppointment(s.Mentor, now, &out[i])
		}
		return err
	})
	return out, err
}
