package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"time"

	"onestop/kiosk"
)

// txn adapts one write transaction to the domain's per-feature Tx
// interfaces: it reads and writes rows and queues the outbox entry of
// each write; the use cases in package kiosk decide everything else.
type txn struct {
	ctx context.Context
	db  *DB
	tx  *sql.Tx
	now time.Time
	// state is the sync state of the row the last write touched, for
	// the caller to return.
	state string
}

// act runs fn on a txn in one immediate transaction at the store's clock.
func (db *DB) act(ctx context.Context, op string, fn func(t *txn) error) error {
	return db.update(ctx, op, func(tx *sql.Tx) error {
		return fn(&txn{ctx: ctx, db: db, tx: tx, now: db.clockNow()})
	})
}

// Settings implements kiosk.ActorTx from the cache: only ApplyChanges
// writes settings, and it runs on the same single writer.
func (t *txn) Settings() (kiosk.Settings, error) { return t.db.cachedSettings(), nil }

// StudentRoles implements kiosk.ActorTx from the synced roster.
func (t *txn) StudentRoles(studentKey string) ([]string, error) {
	var raw string
	err := t.tx.QueryRowContext(t.ctx, `
		SELECT
			roles
		FROM roster
		WHERE student_key = ?`, studentKey).Scan(&raw)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, kiosk.Errorf(kiosk.ENOTFOUND, kiosk.MsgErrUnknownStudent, "student not in the roster")
	}
	if err != nil {
		return nil, err
	}
	return splitRoles(raw), nil
}

// queue adds the outbox entry of a write whose payload is v.
func (t *txn) queue(id, kind string, v any) error {
	payload, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return t.db.enqueue(t.ctx, t.tx, id, kind, t.now.UnixNano(), payload)
}

// Room implements kiosk.RoomTx.
func (t *txn) Room(id string) (kiosk.Room, error) { return loadRoom(t.ctx, t.tx, id) }

// Booking implements kiosk.RoomTx.
func (t *txn) Booking(id string) (kiosk.Booking, bool, error) {
	return t.db.loadBooking(t.ctx, t.tx, id)
}

// StudentBookings implements kiosk.RoomTx.
func (t *txn) StudentBookings(studentKey string, from, to time.Time) ([]kiosk.Booking, error) {
	return t.db.studentBookings(t.ctx, t.tx, studentKey, from, to)
}

// RoomBookings implements kiosk.RoomTx from the holding index.
func (t *txn) RoomBookings(roomID string, from, to time.Time) ([]kiosk.Booking, error) {
	return t.db.queryBookings(t.ctx, t.tx, `
		WHERE room_id = ?
			AND start_at >= ?
			AND start_at < ?
			AND end_at > ?
			AND status IN ('booked', 'checked_in')`,
		roomID, from.Add(-maxSpan).UnixNano(), to.UnixNano(), from.UnixNano())
}

// SaveBooking implements kiosk.RoomTx.
func (t *txn) SaveBooking(b kiosk.Booking, kind string) error {
	if kind == kiosk.KindBookingCreate {
		t.state = kiosk.OutboxPending
		if err := insertBooking(t.ctx, t.tx, b, kiosk.OutboxPending); err != nil {
			return err
		}
	} else {
		st, err := t.db.changeHold(t.ctx, t.tx, holdAction{
			update: updateBooking, id: b.ID, status: string(b.Status), at: b.CheckedInAt,
			tardy: b.Tardy, cancelled: b.CancelledAt,
		})
		if err != nil {
			return err
		}
		t.state = st
	}
	return t.queue(b.ID, kind, b)
}

// Mentor implements kiosk.MentorTx.
func (t *txn) Mentor(id string) (kiosk.Mentor, error) { return loadMentor(t.ctx, t.tx, id) }

// MentorSlot implements kiosk.MentorTx.
func (t *txn) MentorSlot(id string) (kiosk.MentorSlot, error) {
	s, err := t.Settings()
	if err != nil {
		return kiosk.MentorSlot{}, err
	}
	slots, err := t.db.querySlots(t.ctx, t.tx, s.Mentor, t.now, `
		WHERE s.id = ?`, id)
	if err != nil {
		return kiosk.MentorSlot{}, err
	}
	if len(slots) == 0 {
		return kiosk.MentorSlot{}, notFound("mentor slot", id)
	}
	return slots[0], nil
}

// Appointment implements kiosk.MentorTx.
func (t *txn) Appointment(id string) (kiosk.Appointment, bool, error) {
	a, found, err := t.db.loadAppointment(t.ctx, t.tx, id)
	if err == nil && found {
		err = t.db.withQueue(t.ctx, t.tx, &a)
	}
	return a, found, err
}

// StudentAppointments implements kiosk.MentorTx.
func (t *txn) StudentAppointments(studentKey string, from, to time.Time) ([]kiosk.Appointment, error) {
	return t.db.queryAppointments(t.ctx, t.tx, `
		WHERE student_key = ?
			AND start_at >= ?
			AND start_at < ?
		ORDER BY start_at, id`, studentKey, from.UnixNano(), to.UnixNano())
}

// SaveAppointment implements kiosk.MentorTx; the unique index on a
// slot's holding appointment catches a second holder.
func (t *txn) SaveAppointment(a kiosk.Appointment, kind string) error {
	if kind == kiosk.KindAppointmentQueue {
		if err := putQueue(t.ctx, t.tx, a); err != nil {
			return err
		}
		p := a
		p.QueueAt = a.QueueAt.UTC()
		return t.queue(a.ID, kind, p)
	}
	if kind == kiosk.KindAppointmentCreate {
		t.state = kiosk.OutboxPending
		if err := insertAppointment(t.ctx, t.tx, a, kiosk.OutboxPending); err != nil {
			if isUnique(err) {
				return kiosk.Errorf(kiosk.ECONFLICT, kiosk.MsgErrSlotTaken, "slot %s is taken", a.SlotID)
			}
			return err
		}
	} else {
		st, err := t.db.changeHold(t.ctx, t.tx, holdAction{
			update: updateAppointment, id: a.ID, status: string(a.Status), at: a.ArrivedAt,
			tardy: a.Tardy, cancelled: a.CancelledAt,
		})
		if err != nil {
			return err
		}
		t.state = st
	}
	return t.queue(a.ID, kind, a)
}

// Visit implements kiosk.VisitTx.
func (t *txn) Visit(id string) (kiosk.Visit, bool, error) {
	v, err := t.db.scanVisit(t.tx.QueryRowContext(t.ctx, `
		SELECT`+visitCols+`
		FROM visits
		WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return v, false, nil
	}
	return v, err == nil, err
}

// SaveVisit implements kiosk.VisitTx. The payload's time is UTC: the
// kiosk's zone says nothing to central.
func (t *txn) SaveVisit(v kiosk.Visit) error {
	if _, err := nanos(v.At); err != nil {
		return err
	}
	if _, err := insertVisit(t.ctx, t.tx, v, kiosk.OutboxPending); err != nil {
		return err
	}
	t.state = kiosk.OutboxPending
	p := v
	p.At = v.At.UTC()
	return t.queue(v.ID, kiosk.KindVisitCheckin, p)
}

// Event implements kiosk.EventTx.
func (t *txn) Event(id string) (kiosk.Event, error) {
	e, err := t.db.scanEvent(t.tx.QueryRowContext(t.ctx, `
		SELECT`+eventCols+`
		FROM events
		WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return e, notFound("event", id)
	}
	return e, err
}

// Attendance implements kiosk.EventTx.
func (t *txn) Attendance(id string) (kiosk.Attendance, bool, error) {
	a, err := t.db.loadAttendance(t.ctx, t.tx, `
		WHERE id = ?`, id)
	if errors.Is(err, sql.ErrNoRows) {
		return a, false, nil
	}
	return a, err == nil, err
}

// Attended implements kiosk.EventTx.
func (t *txn) Attended(eventID, studentKey string) (bool, error) {
	_, err := t.db.loadAttendance(t.ctx, t.tx, `
		WHERE event_id = ?
			AND student_key = ?`, eventID, studentKey)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	return err == nil, err
}

// SaveAttendance implements kiosk.EventTx.
func (t *txn) SaveAttendance(a kiosk.Attendance) error {
	if err := insertAttendance(t.ctx, t.tx, a, kiosk.OutboxPending); err != nil {
		if isUnique(err) {
			return kiosk.Errorf(kiosk.ECONFLICT, kiosk.MsgErrAlreadyCheckedIn, "already checked in")
		}
		return err
	}
	t.state = kiosk.OutboxPending
	return t.queue(a.ID, kiosk.KindEventCheckin, a)
}

// Request implements kiosk.RequestTx.
func (t *txn) Request(id string) (kiosk.Request, bool, error) {
	return t.db.loadRequest(t.ctx, t.tx, id)
}

// SaveRequest implements kiosk.RequestTx.
func (t *txn) SaveRequest(r kiosk.Request, kind string) error {
	if kind == kiosk.KindRequestCreate {
		if err := insertRequest(t.ctx, t.tx, r, kiosk.OutboxPending); err != nil {
			if isUnique(err) {
				return kiosk.Errorf(kiosk.ECONFLICT, kiosk.MsgErrInternal, "request ticket or token in use")
			}
			return err
		}
		t.state = kiosk.OutboxPending
		return t.queue(r.ID, kind, r)
	}
	if err := t.tx.QueryRowContext(t.ctx, `
		UPDATE requests SET
			status = ?,
			due_at = ?,
			outcome = ?,
			rating = ?,
			sync_state = `+syncStateAfterAction+`
		WHERE id = ?
		RETURNING sync_state`,
		string(r.Status),
		r.DueAt.UnixNano(),
		string(r.Outcome),
		r.Rating,
		r.ID,
	).Scan(&t.state); err != nil {
		return err
	}
	return t.queue(r.ID, kind, r)
}

// withState returns v with the sync state of the row the transaction
// wrote, when it wrote one; a repeat keeps the state it was loaded with.
func withState[T any](v T, state string) T {
	if state == "" {
		return v
	}
	switch x := any(&v).(type) {
	case *kiosk.Booking:
		x.SyncState = state
	case *kiosk.Appointment:
		x.SyncState = state
	case *kiosk.Visit:
		x.SyncState = state
	case *kiosk.Attendance:
		x.SyncState = state
	case *kiosk.Request:
		x.SyncState = state
	}
	return v
}
