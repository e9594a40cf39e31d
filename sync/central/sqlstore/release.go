package sqlstore

import (
	"context"

	"onestop/kiosk"
	"onestop/sync/wire"
)

// ReleaseNoShows releases, per hall and with its rules, the bookings
// whose check-in window closed unused (no-show, slots freed) and marks
// the appointments nobody arrived for missed. Kiosks do the same
// locally; central's result reaches them through the feed.
func (db *DB) ReleaseNoShows(ctx context.Context) (int, error) {
	halls, err := db.Halls(ctx)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, h := range halls {
		err := db.update(ctx, "release no-shows", func(t *txn) error {
			k, err := t.releaseHall(h.ID)
			n += k
			return err
		})
		if err != nil {
			return n, err
		}
	}
	return n, nil
}

func (t *txn) releaseHall(hall string) (int, error) {
	set, err := t.rules(hall)
	if err != nil {
		return 0, err
	}
	n := 0
	bs, err := t.bookings(`hall_id = ? AND status = 'booked' AND start_at < ?`,
		hall, t.now.Add(-set.Room.CheckInAfter).UnixNano())
	if err != nil {
		return 0, err
	}
	for _, b := range bs {
		var full kiosk.Booking
		if _, err := t.get(wire.EntityBooking, b.ID, &full); err != nil {
			return n, err
		}
		if !set.Room.NoShowDue(t.now, full) {
			continue
		}
		full.Status = kiosk.BookingNoShow
		if _, err := t.saveBooking(hall, &full); err != nil {
			return n, err
		}
		n++
	}
	as, err := t.appointments(`hall_id = ? AND status = 'booked' AND start_at < ?`,
		hall, t.now.Add(-set.Mentor.CheckInAfter).UnixNano())
	if err != nil {
		return n, err
	}
	for _, a := range as {
		var full kiosk.Appointment
		if _, err := t.get(wire.EntityAppointment, a.ID, &full); err != nil {
			return n, err
		}
		if !set.Mentor.MissedDue(t.now, full) {
			continue
		}
		full.Status = kiosk.AppointmentMissed
		if _, err := t.saveAppointment(hall, &full); err != nil {
			return n, err
		}
		n++
	}
	return n, nil
}
