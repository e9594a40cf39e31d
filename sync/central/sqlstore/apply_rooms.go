package sqlstore

import (
	"encoding/json"
	"time"

	"onestop/kiosk"
	"onestop/sync/wire"
)

// The push appliers decode a mutation and run its domain use case with
// the server's clock and the hall's rules; the applier (usecase.go) is
// the use case's transaction. Each returns the entity's new state.

// bookingCreate books a room (kiosk.BookRoom). The rule check sees
// committed bookings; booking_holds' primary key catches whatever a
// concurrent transaction slipped past it.
func (a *applier) bookingCreate(m kiosk.Mutation) (json.RawMessage, error) {
	var b kiosk.Booking
	if err := decodeCreate(m, &b, &b.ID); err != nil {
		return nil, err
	}
	return a.run(kiosk.BookRoom(a, a.now, kiosk.Actor{StudentKey: b.StudentKey, AssistedBy: b.AssistedBy}, b))
}

// bookingCancel cancels a booking before it starts (kiosk.CancelBooking).
func (a *applier) bookingCancel(m kiosk.Mutation) (json.RawMessage, error) {
	p, err := decodeAction(m)
	if err != nil {
		return nil, err
	}
	return a.run(kiosk.CancelBooking(a, a.now, p.Actor(), p.ID))
}

// bookingCheckin checks a booking in within its window.
func (a *applier) bookingCheckin(m kiosk.Mutation) (json.RawMessage, error) {
	p, err := decodeAction(m)
	if err != nil {
		return nil, err
	}
	return a.run(kiosk.CheckInBooking(a, a.now, p.Actor(), p.ID))
}

// run answers a use case: its refusal, or the entity's new state as the
// write stored it, or as stored already when it wrote nothing (the same
// create again, a repeated cancel).
func (a *applier) run(v any, err error) (json.RawMessage, error) {
	out := a.out
	a.out = nil
	switch {
	case err != nil:
		return nil, err
	case out != nil:
		return out, nil
	case v == nil:
		return nil, nil
	}
	return json.Marshal(v)
}

// decodeCreate reads a create's payload into v; an entity without an id
// takes the mutation's.
func decodeCreate(m kiosk.Mutation, v any, id *string) error {
	if err := decode(m, v); err != nil {
		return err
	}
	if *id == "" {
		*id = m.ID
	}
	return nil
}

// decodeAction reads an action's payload.
func decodeAction(m kiosk.Mutation) (kiosk.ActionPayload, error) {
	var p kiosk.ActionPayload
	if err := decode(m, &p); err != nil {
		return p, err
	}
	if p.ID == "" {
		p.ID = m.ID
	}
	return p, nil
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
