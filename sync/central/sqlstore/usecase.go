package sqlstore

import (
	"database/sql"
	"encoding/json"
	"errors"
	"time"

	"onestop/kiosk"
	"onestop/sync/central"
	"onestop/sync/wire"
)

// The applier implements the domain's per-feature Tx interfaces over one
// push's transaction, scoped to the kiosk's hall: the use cases in
// package kiosk decide, these methods only read and write. A write keeps
// the entity's new state as the mutation's answer (a.out).

// Settings implements kiosk.ActorTx: the hall's rules, once per push.
func (a *applier) Settings() (kiosk.Settings, error) { return a.settings() }

// StudentRoles implements kiosk.ActorTx.
func (a *applier) StudentRoles(key string) ([]string, error) { return a.studentRoles(key) }

// find loads entity id of the kiosk's hall into v; found is false when
// there is none, another hall's is forbidden.
func (a *applier) find(entity, id string, v any) (bool, error) {
	err := a.inHall(entity, id, v)
	if kiosk.ErrorCode(err) == kiosk.ENOTFOUND {
		return false, nil
	}
	return err == nil, err
}

// answer keeps data as the mutation's answer.
func (a *applier) answer(data json.RawMessage, err error) error {
	a.out = data
	return err
}

// Room implements kiosk.RoomTx.
func (a *applier) Room(id string) (kiosk.Room, error) {
	var r kiosk.Room
	return r, a.inHall(wire.EntityRoom, id, &r)
}

// Booking implements kiosk.RoomTx.
func (a *applier) Booking(id string) (kiosk.Booking, bool, error) {
	var b kiosk.Booking
	found, err := a.find(wire.EntityBooking, id, &b)
	return b, found, err
}

// StudentBookings implements kiosk.RoomTx.
func (a *applier) StudentBookings(key string, from, to time.Time) ([]kiosk.Booking, error) {
	return a.t.bookings(`student_key = ? AND start_at >= ? AND start_at < ?`, key, from.UnixNano(), to.UnixNano())
}

// RoomBookings implements kiosk.RoomTx.
func (a *applier) RoomBookings(roomID string, from, to time.Time) ([]kiosk.Booking, error) {
	return a.t.bookings(`room_id = ? AND start_at < ? AND end_at > ? AND status IN ('booked', 'checked_in')`,
		roomID, to.UnixNano(), from.UnixNano())
}

// SaveBooking implements kiosk.RoomTx. A new booking first takes back
// the holds of bookings the rule counts as no-shows already (their
// check-in window closed) but housekeeping has not released yet, so
// booking_holds agrees with the rule.
func (a *applier) SaveBooking(b kiosk.Booking, kind string) error {
	if kind != kiosk.KindBookingCreate {
		return a.answer(a.t.saveBooking(a.hall, &b))
	}
	set, err := a.settings()
	if err != nil {
		return err
	}
	if err := a.t.exec(`
		DELETE FROM booking_holds
		WHERE room_id = ?
			AND slot_start >= ?
			AND slot_start < ?
			AND booking_id IN (
				SELECT
					id
				FROM bookings
				WHERE room_id = ?
					AND status = 'booked'
					AND start_at < ?
			)`,
		b.RoomID, b.Start.UnixNano(), b.End.UnixNano(),
		b.RoomID, a.now.Add(-set.Room.CheckInAfter).UnixNano(),
	); err != nil {
		return err
	}
	if err := a.t.insertBooking(a.hall, &b, set.Room.Slot); err != nil {
		return err
	}
	return a.answer(a.t.putNew(wire.EntityBooking, b.ID, a.hall, b))
}

// Mentor implements kiosk.MentorTx.
func (a *applier) Mentor(id string) (kiosk.Mentor, error) {
	var m kiosk.Mentor
	return m, a.inHall(wire.EntityMentor, id, &m)
}

// MentorSlot implements kiosk.MentorTx; appointment_holds says whether
// it is taken.
func (a *applier) MentorSlot(id string) (kiosk.MentorSlot, error) {
	var s kiosk.MentorSlot
	if err := a.inHall(wire.EntityMentorSlot, id, &s); err != nil {
		return s, err
	}
	var held int
	if err := a.t.row(`
		SELECT
			count(*)
		FROM appointment_holds
		WHERE slot_id = ?`, s.ID).Scan(&held); err != nil {
		return s, err
	}
	s.Taken = held > 0
	return s, nil
}

// Appointment implements kiosk.MentorTx.
func (a *applier) Appointment(id string) (kiosk.Appointment, bool, error) {
	var ap kiosk.Appointment
	found, err := a.find(wire.EntityAppointment, id, &ap)
	return ap, found, err
}

// StudentAppointments implements kiosk.MentorTx.
func (a *applier) StudentAppointments(key string, from, to time.Time) ([]kiosk.Appointment, error) {
	return a.t.appointments(`student_key = ? AND start_at >= ? AND start_at < ?`, key, from.UnixNano(), to.UnixNano())
}

// SaveAppointment implements kiosk.MentorTx.
func (a *applier) SaveAppointment(ap kiosk.Appointment, kind string) error {
	if kind != kiosk.KindAppointmentCreate {
		return a.answer(a.t.saveAppointment(a.hall, &ap))
	}
	if err := a.t.insertAppointment(a.hall, &ap); err != nil {
		return err
	}
	return a.answer(a.t.putNew(wire.EntityAppointment, ap.ID, a.hall, ap))
}

// Visit implements kiosk.VisitTx.
func (a *applier) Visit(id string) (kiosk.Visit, bool, error) {
	var v kiosk.Visit
	found, err := a.find(wire.EntityVisit, id, &v)
	return v, found, err
}

// SaveVisit implements kiosk.VisitTx.
func (a *applier) SaveVisit(v kiosk.Visit) error {
	v.HallID = a.hall
	if err := a.t.insertVisit(a.hall, &v); err != nil {
		return err
	}
	return a.answer(a.t.putNew(wire.EntityVisit, v.ID, a.hall, v))
}

// Event implements kiosk.EventTx.
func (a *applier) Event(id string) (kiosk.Event, error) {
	var e kiosk.Event
	return e, a.inHall(wire.EntityEvent, id, &e)
}

// Attendance implements kiosk.EventTx.
func (a *applier) Attendance(id string) (kiosk.Attendance, bool, error) {
	var at kiosk.Attendance
	found, err := a.find(wire.EntityAttendance, id, &at)
	return at, found, err
}

// Attended implements kiosk.EventTx.
func (a *applier) Attended(eventID, key string) (bool, error) {
	var n int
	err := a.t.row(`
		SELECT
			count(*)
		FROM attendance
		WHERE event_id = ?
			AND student_key = ?`, eventID, key).Scan(&n)
	return n > 0, err
}

// SaveAttendance implements kiosk.EventTx.
func (a *applier) SaveAttendance(at kiosk.Attendance) error {
	if err := a.t.insertAttendance(a.hall, &at); err != nil {
		return err
	}
	return a.answer(a.t.putNew(wire.EntityAttendance, at.ID, a.hall, at))
}

// Request implements kiosk.RequestTx.
func (a *applier) Request(id string) (kiosk.Request, bool, error) {
	var r kiosk.Request
	found, err := a.find(wire.EntityRequest, id, &r)
	return r, found, err
}

// SaveRequest implements kiosk.RequestTx.
func (a *applier) SaveRequest(r kiosk.Request, kind string) error {
	if kind != kiosk.KindRequestCreate {
		if r.Status == kiosk.RequestReopened {
			if err := a.t.reopenPolicy(a.hall, &r); err != nil {
				return err
			}
		}
		return a.answer(a.t.saveRequest(a.hall, &r))
	}
	r.HallID = a.hall
	if err := a.t.applyPolicy(a.hall, &r); err != nil {
		return err
	}
	if err := a.uniqueRequest(r); err != nil {
		return err
	}
	if err := a.t.insertRequest(a.hall, &r); err != nil {
		return err
	}
	return a.answer(a.t.putNew(wire.EntityRequest, r.ID, a.hall, r))
}

// Shift implements kiosk.ShiftTx.
func (a *applier) Shift(id string) (kiosk.Shift, bool, error) {
	var s kiosk.Shift
	found, err := a.find(wire.EntityShift, id, &s)
	return s, found, err
}

// OpenShift implements kiosk.ShiftTx.
func (a *applier) OpenShift(key string) (kiosk.Shift, bool, error) {
	var s kiosk.Shift
	var start int64
	err := a.t.row(`
		SELECT
			id,
			start_at
		FROM shifts
		WHERE student_key = ?
			AND end_at IS NULL
		LIMIT 1`, key).Scan(&s.ID, &start)
	if errors.Is(err, sql.ErrNoRows) {
		return s, false, nil
	}
	s.StudentKey, s.Start = key, time.Unix(0, start)
	return s, err == nil, err
}

// EnrolledAt implements kiosk.ShiftTx: the pushing kiosk's enrollment.
func (a *applier) EnrolledAt() (time.Time, error) { return a.kiosk.EnrolledAt, nil }

// SaveShift implements kiosk.ShiftTx.
func (a *applier) SaveShift(s kiosk.Shift, kind string) error {
	if kind == kiosk.KindShiftStart {
		if err := a.t.insertShift(a.hall, &s); err != nil {
			return err
		}
		return a.answer(a.t.putNew(wire.EntityShift, s.ID, a.hall, s))
	}
	if err := a.t.saveShiftEnd(s, kind); err != nil {
		return err
	}
	return a.answer(a.t.put(wire.EntityShift, s.ID, a.hall, s))
}

// uniqueRequest refuses a token any request has or a ticket another
// request of the hall has: the status page and the people reading a
// ticket out must find one request.
func (a *applier) uniqueRequest(r kiosk.Request) error {
	var sameToken bool
	err := a.t.row(`
		SELECT
			token = ?
		FROM requests
		WHERE token = ?
			OR (hall_id = ? AND ticket = ?)
		LIMIT 1`, r.Token, r.Token, a.hall, r.Ticket).Scan(&sameToken)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return nil
	case err != nil:
		return err
	case sameToken:
		return kiosk.Errorf(kiosk.ECONFLICT, kiosk.MsgErrSyncRejected, "token in use").WithField("token")
	}
	return kiosk.Errorf(kiosk.ECONFLICT, kiosk.MsgErrSyncRejected, "ticket %s in use in the hall", r.Ticket).WithField("ticket")
}

// student loads the hall's student; another hall's is forbidden.
func (a *applier) student(key string) (central.Student, error) {
	var s central.Student
	return s, a.inHall(wire.EntityStudent, key, &s)
}

// SavePINHash implements kiosk.PINSetTx: the student's entity carries
// the new hash to every kiosk of the hall.
func (a *applier) SavePINHash(key, hash string) error {
	s, err := a.student(key)
	if err != nil {
		return err
	}
	s.PINHash = hash
	return a.answer(a.t.put(wire.EntityStudent, key, a.hall, s))
}

// PINFails implements kiosk.PINCountTx from the hall's count.
func (a *applier) PINFails(key string) (kiosk.PINFails, error) {
	var n int
	var first int64
	var until sql.NullInt64
	err := a.t.row(`
		SELECT
			count,
			first_at,
			locked_until
		FROM pin_fails
		WHERE student_key = ?`, key).Scan(&n, &first, &until)
	if errors.Is(err, sql.ErrNoRows) {
		return kiosk.PINFails{}, nil
	}
	return kiosk.PINFails{Count: n, First: time.Unix(0, first), Until: fromNanos(until, a.now.Location())}, err
}

// SavePINFails implements kiosk.PINCountTx. A lock that starts goes out
// with the student's entity, so every kiosk of the hall refuses PINs.
func (a *applier) SavePINFails(key string, f kiosk.PINFails) error {
	if err := a.t.exec(`
		INSERT INTO pin_fails (
			student_key,
			count,
			first_at,
			locked_until
		) VALUES (?, ?, ?, ?)
		ON CONFLICT (student_key) DO UPDATE SET
			count = excluded.count,
			first_at = excluded.first_at,
			locked_until = excluded.locked_until`,
		key, f.Count, f.First.UnixNano(), nanos(f.Until)); err != nil {
		return err
	}
	if f.Until.IsZero() {
		return nil
	}
	s, err := a.student(key)
	if err != nil {
		return err
	}
	s.PINLockedUntil = f.Until
	return a.answer(a.t.put(wire.EntityStudent, key, a.hall, s))
}
