package sqlstore

import (
	"encoding/json"
	"time"

	"onestop/kiosk"
	"onestop/sync/wire"
)

// bookingCreate books a room with the hall's RoomRules at the server's
// time. The rule check sees committed bookings; booking_holds' primary
// key catches whatever a concurrent transaction slipped past it.
func (a *applier) bookingCreate(m kiosk.Mutation) (json.RawMessage, error) {
	var b kiosk.Booking
	if err := decode(m, &b); err != nil {
		return nil, err
	}
	if b.ID == "" {
		b.ID = m.ID
	}
	if b.StudentKey == "" || b.RoomID == "" {
		return nil, kiosk.Errorf(kiosk.EINVALID, kiosk.MsgErrSyncRejected, "booking needs a student and a room")
	}
	if data, done, err := a.sameAgain(wire.EntityBooking, b.ID, b.StudentKey); done || err != nil {
		return data, err
	}
	var room kiosk.Room
	if err := a.inHall(wire.EntityRoom, b.RoomID, &room); err != nil {
		return nil, err
	}
	if _, err := a.studentRoles(b.StudentKey); err != nil {
		return nil, err
	}
	set, err := a.settings()
	if err != nil {
		return nil, err
	}
	loc := a.now.Location()
	b.Start, b.End = b.Start.In(loc), b.End.In(loc)
	if err := checkTime("booking start", b.Start); err != nil {
		return nil, err
	}
	rr := set.Room
	mine, err := a.t.bookings(`student_key = ? AND start_at >= ?`, b.StudentKey,
		a.now.Add(-(rr.NoShowPeriod + rr.Suspension + rr.CheckInAfter)).UnixNano())
	if err != nil {
		return nil, err
	}
	taken, err := a.t.bookings(`room_id = ? AND start_at < ? AND end_at > ? AND status IN ('booked', 'checked_in')`,
		b.RoomID, b.End.UnixNano(), b.Start.UnixNano())
	if err != nil {
		return nil, err
	}
	if err := rr.CheckBooking(a.now, room, b, mine, taken); err != nil {
		return nil, err
	}
	b.Status, b.CheckedInAt, b.Tardy = kiosk.BookingBooked, time.Time{}, false
	if b.CreatedAt.IsZero() {
		b.CreatedAt = a.now
	}
	if err := a.t.insertBooking(a.hall, &b, rr.Slot); err != nil {
		return nil, err
	}
	return a.t.putNew(wire.EntityBooking, b.ID, a.hall, b)
}

// sameAgain handles a create whose entity exists already: the same
// student's is answered with it as applied (a kiosk restored from a
// backup resends), anyone else's is a conflict.
func (a *applier) sameAgain(entity, id, student string) (json.RawMessage, bool, error) {
	var cur struct {
		StudentKey string `json:"student"`
	}
	hall, err := a.t.get(entity, id, &cur)
	if kiosk.ErrorCode(err) == kiosk.ENOTFOUND {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, err
	}
	if hall != a.hall || cur.StudentKey != student {
		return nil, false, kiosk.Errorf(kiosk.ECONFLICT, kiosk.MsgErrSyncRejected, "%s %s exists already", entity, id)
	}
	_, data, err := a.t.raw(entity, id)
	return data, true, err
}

// bookingCancel cancels a booking before it starts and frees its slots.
func (a *applier) bookingCancel(m kiosk.Mutation) (json.RawMessage, error) {
	var b kiosk.Booking
	if _, err := a.action(m, wire.EntityBooking, &b, func() string { return b.StudentKey }); err != nil {
		return nil, err
	}
	set, err := a.settings()
	if err != nil {
		return nil, err
	}
	if err := set.Room.CheckCancel(a.now, b); err != nil {
		return nil, err
	}
	b.Status = kiosk.BookingCancelled
	return a.t.saveBooking(a.hall, &b)
}

// bookingCheckin checks a booking in within its window.
func (a *applier) bookingCheckin(m kiosk.Mutation) (json.RawMessage, error) {
	var b kiosk.Booking
	if _, err := a.action(m, wire.EntityBooking, &b, func() string { return b.StudentKey }); err != nil {
		return nil, err
	}
	set, err := a.settings()
	if err != nil {
		return nil, err
	}
	tardy, err := set.Room.CheckIn(a.now, b)
	if err != nil {
		return nil, err
	}
	b.Status, b.CheckedInAt, b.Tardy = kiosk.BookingCheckedIn, a.now, tardy
	return a.t.saveBooking(a.hall, &b)
}

// saveBooking writes a changed booking; one that no longer holds its
// room gives its slots back.
func (t *txn) saveBooking(hall string, b *kiosk.Booking) (json.RawMessage, error) {
	if err := t.exec(`
		UPDATE bookings SET
			status = ?
		WHERE id = ?`,
		string(b.Status),
		b.ID,
	); err != nil {
		return nil, err
	}
	if !b.Status.Holds() {
		if err := t.exec(`
			DELETE FROM booking_holds
			WHERE booking_id = ?`, b.ID); err != nil {
			return nil, err
		}
	}
	return t.put(wire.EntityBooking, b.ID, hall, b)
}

// bookings returns the bookings matching where, as far as the rules need
// them, from the typed columns.
func (t *txn) bookings(where string, args ...any) ([]kiosk.Booking, error) {
	rows, err := t.query(`
		SELECT
			id,
			room_id,
			student_key,
			start_at,
			end_at,
			status
		FROM bookings
		WHERE `+where, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	loc := t.now.Location()
	var bs []kiosk.Booking
	for rows.Next() {
		var b kiosk.Booking
		var start, end int64
		if err := rows.Scan(&b.ID, &b.RoomID, &b.StudentKey, &start, &end, &b.Status); err != nil {
			return nil, err
		}
		b.Start, b.End = time.Unix(0, start).In(loc), time.Unix(0, end).In(loc)
		bs = append(bs, b)
	}
	return bs, rows.Err()
}
