package store

import (
	"context"
	"database/sql"
	"time"

	"onestop/kiosk"
)

// ReleaseNoShows records, as of the store's clock, a no-show for every
// booking whose check-in window closed unused and a miss for every
// appointment likewise, and returns how many changed. It queues nothing:
// central applies the same rules with its own clock. Reads do not wait
// for it (effectiveBooking), so running it is housekeeping that makes
// the stored status match what screens already show.
func (db *DB) ReleaseNoShows(ctx context.Context) (int, error) {
	n := 0
	err := db.update(ctx, "release no-shows", func(tx *sql.Tx) error {
		s, err := readSettings(ctx, tx)
		if err != nil {
			return err
		}
		now := db.clockNow()
		nb, err := db.releaseBookings(ctx, tx, s.Room, now)
		if err != nil {
			return err
		}
		na, err := db.releaseAppointments(ctx, tx, s.Mentor, now)
		n = nb + na
		return err
	})
	return n, err
}

func (db *DB) releaseBookings(ctx context.Context, tx *sql.Tx, r kiosk.RoomRules, now time.Time) (int, error) {
	// Candidates only; NoShowDue has the last word on each.
	due, err := db.queryBookings(ctx, tx, `
		WHERE status = 'booked'
			AND start_at <= ?`, now.Add(-r.CheckInAfter).UnixNano())
	if err != nil {
		return 0, err
	}
	n := 0
	for _, b := range due {
		if !r.NoShowDue(now, b) {
			continue
		}
		if _, err := tx.ExecContext(ctx, `
			UPDATE bookings SET
				status = 'no_show'
			WHERE id = ?`, b.ID); err != nil {
			return n, err
		}
		n++
	}
	return n, nil
}

func (db *DB) releaseAppointments(ctx context.Context, tx *sql.Tx, r kiosk.MentorRules, now time.Time) (int, error) {
	due, err := db.queryAppointments(ctx, tx, `
		WHERE status = 'booked'
			AND start_at <= ?`, now.Add(-r.CheckInAfter).UnixNano())
	if err != nil {
		return 0, err
	}
	n := 0
	for _, a := range due {
		if !r.MissedDue(now, a) {
			continue
		}
		if _, err := tx.ExecContext(ctx, `
			UPDATE appointments SET
				status = 'missed'
			WHERE id = ?`, a.ID); err != nil {
			return n, err
		}
		n++
	}
	return n, nil
}
