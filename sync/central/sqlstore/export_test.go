package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"onestop/kiosk"
)

// ForceBooking stores a booking and its holds skipping every rule, as a
// concurrent transaction that slipped past the check would.
func (db *DB) ForceBooking(ctx context.Context, hall string, b kiosk.Booking, slot time.Duration) error {
	return db.update(ctx, "force booking", func(t *txn) error {
		if err := t.exec(`
			INSERT INTO bookings (
				id,
				hall_id,
				room_id,
				student_key,
				start_at,
				end_at,
				status
			) VALUES (?, ?, ?, ?, ?, ?, 'booked')`,
			b.ID, hall, b.RoomID, b.StudentKey, b.Start.UnixNano(), b.End.UnixNano()); err != nil {
			return err
		}
		for s := b.Start; s.Before(b.End); s = s.Add(slot) {
			if err := t.exec(`
				INSERT INTO booking_holds (
					room_id,
					slot_start,
					booking_id
				) VALUES (?, ?, ?)`, b.RoomID, s.UnixNano(), b.ID); err != nil {
				return err
			}
		}
		return nil
	})
}

// ForceAppointment stores an appointment and its hold skipping the rules.
func (db *DB) ForceAppointment(ctx context.Context, hall string, a kiosk.Appointment) error {
	return db.update(ctx, "force appointment", func(t *txn) error {
		return t.insertAppointment(hall, &a)
	})
}

// IsUnique exposes the dialect's unique-violation test.
func (db *DB) IsUnique(err error) bool { return db.d.IsUnique(err) }

// CountAfterQueued writes rows meta keys as a push mutation writes (so
// with a Pipeline they wait in the queue), then counts them with
// execCount in the same mutation. It returns the count and how many
// writes were waiting when it ran.
func (db *DB) CountAfterQueued(ctx context.Context, rows int) (n int64, queued int, err error) {
	err = db.update(ctx, "count after queued", func(t *txn) error {
		t.owner = 1 // the first mutation of a push
		for i := range rows {
			if err := t.exec(`INSERT INTO meta (key, value) VALUES (?, ?)`, fmt.Sprintf("test.%d", i), "a"); err != nil {
				return err
			}
		}
		queued = len(t.queued)
		var err error
		n, err = t.execCount(`UPDATE meta SET value = ? WHERE key LIKE ?`, "b", "test.%")
		return err
	})
	return n, queued, err
}

// ExecTest runs one statement on the writer, for tests that set up
// what an older build stored.
func (db *DB) ExecTest(ctx context.Context, s string, args ...any) error {
	return db.update(ctx, "test", func(t *txn) error { return t.exec(s, args...) })
}

// RerunMigration runs migration version again from the first statement
// that starts with from: a backfill, as it ran over older rows.
func (db *DB) RerunMigration(ctx context.Context, version int, from string) error {
	ms, err := db.migrations()
	if err != nil {
		return err
	}
	for _, m := range ms {
		if i := strings.Index(m.sql, from); m.version == version && i >= 0 {
			return db.update(ctx, "test", func(t *txn) error {
				_, err := t.tx.ExecContext(ctx, m.sql[i:])
				return err
			})
		}
	}
	return fmt.Errorf("migration %d has no %q", version, from)
}

// VisitPurpose is the purpose column of visit id.
func (db *DB) VisitPurpose(ctx context.Context, id string) (p string, err error) {
	err = db.update(ctx, "test", func(t *txn) error { return t.row(`SELECT purpose FROM visits WHERE id = ?`, id).Scan(&p) })
	return p, err
}

// ShiftCap is the cap columns of shift id (migration 0019).
func (db *DB) ShiftCap(ctx context.Context, id string) (capped, corrected int, capEnd sql.NullInt64, err error) {
	err = db.update(ctx, "test", func(t *txn) error {
		return t.row(`SELECT capped, corrected, capped_end_at FROM shifts WHERE id = ?`, id).Scan(&capped, &corrected, &capEnd)
	})
	return capped, corrected, capEnd, err
}
