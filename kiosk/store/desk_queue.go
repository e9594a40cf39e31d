package store

import (
	"context"
	"database/sql"
	"errors"

	"onestop/kiosk"
)

// MarkQueue moves an arrived appointment in the desk's queue for the
// volunteer (kiosk.MarkQueue) and queues appointment.queue for central,
// which shows it on the mentor's day page.
func (db *DB) MarkQueue(ctx context.Context, volunteer, id string, q kiosk.AppointmentQueue) (kiosk.Appointment, error) {
	var a kiosk.Appointment
	err := db.act(ctx, "mark queue", func(t *txn) error {
		var err error
		a, err = kiosk.MarkQueue(t, t.now, volunteer, id, q)
		return err
	})
	return a, err
}

// putQueue keeps a's queue mark, or drops it while the student waits.
func putQueue(ctx context.Context, tx *sql.Tx, a kiosk.Appointment) error {
	if a.Queue == kiosk.QueueWaiting {
		_, err := tx.ExecContext(ctx, `
			DELETE FROM appointment_queue
			WHERE id = ?`, a.ID)
		return err
	}
	at, err := nanos(a.QueueAt)
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `
		INSERT INTO appointment_queue (
			id,
			queue,
			queue_by,
			queue_at
		) VALUES (?, ?, ?, ?)
		ON CONFLICT (id) DO UPDATE SET
			queue = excluded.queue,
			queue_by = excluded.queue_by,
			queue_at = excluded.queue_at`,
		a.ID, string(a.Queue), a.QueueBy, at)
	return err
}

// withQueue fills in a's queue mark.
func (db *DB) withQueue(ctx context.Context, q queryer, a *kiosk.Appointment) error {
	var at sql.NullInt64
	err := q.QueryRowContext(ctx, `
		SELECT
			queue,
			queue_by,
			queue_at
		FROM appointment_queue
		WHERE id = ?`, a.ID).Scan(&a.Queue, &a.QueueBy, &at)
	if errors.Is(err, sql.ErrNoRows) {
		return nil
	}
	a.QueueAt = db.at(at)
	return err
}
