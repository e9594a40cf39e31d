package store

import (
	"context"
	"time"

	"onestop/kiosk"
)

// BookingsBetween returns every booking starting in [from, to), of any
// room and student, as stored (no no-show applied on reading), by start
// and id: what central's copy is compared with, and what a desk view of
// the hall's day needs.
func (db *DB) BookingsBetween(ctx context.Context, from, to time.Time) ([]kiosk.Booking, error) {
	if err := checkTimes("booking range", from, to); err != nil {
		return nil, err
	}
	bs, err := db.queryBookings(ctx, db.reader, `
		WHERE start_at >= ?
			AND start_at < ?
		ORDER BY start_at, id`, from.UnixNano(), to.UnixNano())
	return bs, wrapErr("read bookings", err)
}

// AppointmentsBetween returns every appointment starting in [from, to)
// as stored, by start and id.
func (db *DB) AppointmentsBetween(ctx context.Context, from, to time.Time) ([]kiosk.Appointment, error) {
	if err := checkTimes("appointment range", from, to); err != nil {
		return nil, err
	}
	as, err := db.queryAppointments(ctx, db.reader, `
		WHERE start_at >= ?
			AND start_at < ?
		ORDER BY start_at, id`, from.UnixNano(), to.UnixNano())
	return as, wrapErr("read appointments", err)
}
