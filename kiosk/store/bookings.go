package store

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"onestop/kiosk"
)

const bookingCols = `
	id,
	room_id,
	student_key,
	start_at,
	end_at,
	status,
	created_at,
	checked_in_at,
	tardy,
	sync_state`

// queryBookings runs SELECT bookingCols FROM bookings with the rest of
// the query after it.
func (db *DB) queryBookings(ctx context.Context, q queryer, where string, args ...any) ([]kiosk.Booking, error) {
	return queryAll(ctx, q, db.scanBooking, `
		SELECT`+bookingCols+`
		FROM bookings`+where, args...)
}

func (db *DB) scanBooking(sc scanner) (kiosk.Booking, error) {
	var b kiosk.Booking
	var start, end, created, checkedIn sql.NullInt64
	err := sc.Scan(&b.ID, &b.RoomID, &b.StudentKey, &start, &end, &b.Status, &created, &checkedIn, &b.Tardy, &b.SyncState)
	b.Start, b.End, b.CreatedAt, b.CheckedInAt = db.at(start), db.at(end), db.at(created), db.at(checkedIn)
	return b, err
}

// loadBooking loads booking id; found is false when there is none.
func (db *DB) loadBooking(ctx context.Context, q queryer, id string) (b kiosk.Booking, found bool, err error) {
	var start, end, created, checkedIn, cancelled sql.NullInt64
	err = q.QueryRowContext(ctx, `
		SELECT`+bookingCols+`,
			cancelled_at
		FROM bookings
		WHERE id = ?`, id).Scan(&b.ID, &b.RoomID, &b.StudentKey, &start, &end, &b.Status,
		&created, &checkedIn, &b.Tardy, &b.SyncState, &cancelled)
	if errors.Is(err, sql.ErrNoRows) {
		return b, false, nil
	}
	b.Start, b.End, b.CreatedAt, b.CheckedInAt = db.at(start), db.at(end), db.at(created), db.at(checkedIn)
	b.CancelledAt = db.at(cancelled)
	return b, err == nil, err
}

// BookRoom books b for b.StudentKey (kiosk.BookRoom) at the store's
// clock, with its outbox entry. The caller sets ID, RoomID, StudentKey,
// Start and End; on success b is the booking as stored.
func (db *DB) BookRoom(ctx context.Context, b *kiosk.Booking) error {
	if b == nil {
		return kiosk.Errorf(kiosk.EINVALID, kiosk.MsgErrInternal, "no booking")
	}
	return db.act(ctx, "book room", func(t *txn) error {
		nb, err := kiosk.BookRoom(t, t.now, kiosk.Actor{StudentKey: b.StudentKey, AssistedBy: b.AssistedBy}, *b)
		if err == nil {
			*b = withState(nb, t.state)
		}
		return err
	})
}

// studentBookings returns the student's bookings starting in [lo, hi).
func (db *DB) studentBookings(ctx context.Context, q queryer, studentKey string, lo, hi time.Time) ([]kiosk.Booking, error) {
	l, err := nanos(lo)
	if err != nil {
		return nil, err
	}
	h, err := nanos(hi)
	if err != nil {
		return nil, err
	}
	return db.queryBookings(ctx, q, `
		WHERE student_key = ?
			AND start_at >= ?
			AND start_at < ?
		ORDER BY start_at, id`, studentKey, l, h)
}

func insertBooking(ctx context.Context, tx *sql.Tx, b kiosk.Booking, syncState string) error {
	if err := checkTimes("booking", b.Start, b.End); err != nil {
		return err
	}
	created, err := required("booking creation", b.CreatedAt)
	if err != nil {
		return err
	}
	args, err := bookingArgs(b, created)
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `
		INSERT INTO bookings (`+bookingCols+`
		) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		append(args, syncState)...)
	return err
}

// bookingArgs returns b's columns in bookingCols order up to
// sync_state, which each writer sets. Start and end must be checked;
// the writer converts created, as it checks it.
func bookingArgs(b kiosk.Booking, created int64) ([]any, error) {
	checkedIn, err := nanos(b.CheckedInAt)
	if err != nil {
		return nil, err
	}
	return []any{
		b.ID,
		b.RoomID,
		b.StudentKey,
		b.Start.UnixNano(),
		b.End.UnixNano(),
		string(b.Status),
		created,
		checkedIn,
		boolInt(b.Tardy),
	}, nil
}

// CancelBooking cancels the student's own booking (kiosk.CancelBooking).
func (db *DB) CancelBooking(ctx context.Context, studentKey, id string) (*kiosk.Booking, error) {
	return actOn(ctx, db, "cancel booking", func(t *txn) (kiosk.Booking, error) {
		return kiosk.CancelBooking(t, t.now, kiosk.Self(studentKey), id)
	})
}

// CheckInBooking checks the student in (kiosk.CheckInBooking).
func (db *DB) CheckInBooking(ctx context.Context, act kiosk.Actor, id string) (*kiosk.Booking, error) {
	return actOn(ctx, db, "check in booking", func(t *txn) (kiosk.Booking, error) {
		return kiosk.CheckInBooking(t, t.now, act, id)
	})
}

// holdAction is a cancel or check-in of something that holds a slot (a
// booking or an appointment): both tables record it the same way.
type holdAction struct {
	update    string // updateBooking or updateAppointment
	id        string
	status    string
	at        time.Time // checked in / arrived; zero when not
	tardy     bool
	cancelled time.Time // when the student cancelled; zero when not
}

const (
	updateBooking = `
		UPDATE bookings SET
			status = ?,
			checked_in_at = ?,
			cancelled_at = coalesce(?, cancelled_at),
			tardy = ?,
			sync_state = ` + syncStateAfterAction + `
		WHERE id = ?
		RETURNING sync_state`
	updateAppointment = `
		UPDATE appointments SET
			status = ?,
			arrived_at = ?,
			cancelled_at = coalesce(?, cancelled_at),
			tardy = ?,
			sync_state = ` + syncStateAfterAction + `
		WHERE id = ?
		RETURNING sync_state`
)

// changeHold stores h and returns the row's new sync state.
func (db *DB) changeHold(ctx context.Context, tx *sql.Tx, h holdAction) (string, error) {
	at, err := nanos(h.at)
	if err != nil {
		return "", err
	}
	cancelled, err := nanos(h.cancelled)
	if err != nil {
		return "", err
	}
	var state string
	err = tx.QueryRowContext(ctx, h.update,
		h.status,
		at,
		cancelled,
		boolInt(h.tardy),
		h.id,
	).Scan(&state)
	return state, err
}

// BookingsOf returns the student's bookings starting in [from, to), in
// start order, with due no-shows shown as such.
func (db *DB) BookingsOf(ctx context.Context, studentKey string, from, to time.Time) ([]kiosk.Booking, error) {
	if err := checkTimes("booking range", from, to); err != nil {
		return nil, err
	}
	var out []kiosk.Booking
	err := db.view(ctx, "read bookings", func(tx *sql.Tx) error {
		s, err := readSettings(ctx, tx)
		if err != nil {
			return err
		}
		out, err = db.studentBookings(ctx, tx, studentKey, from, to)
		now := db.clockNow()
		for i := range out {
			out[i] = s.Room.Effective(now, out[i])
		}
		return err
	})
	return out, err
}

// SuspendedUntil returns when the student may book rooms again after
// too many no-shows, or zero when they may book now.
func (db *DB) SuspendedUntil(ctx context.Context, studentKey string) (time.Time, error) {
	var until time.Time
	err := db.view(ctx, "read suspension", func(tx *sql.Tx) error {
		s, err := readSettings(ctx, tx)
		if err != nil {
			return err
		}
		now := db.clockNow()
		mine, err := db.studentBookings(ctx, tx, studentKey, s.Room.HistoryFrom(now), now.Add(maxSpan))
		for i := range mine {
			mine[i] = s.Room.Effective(now, mine[i])
		}
		until = s.Room.SuspendedUntil(now, mine)
		return err
	})
	return until, err
}

// actOn runs one student action on their own booking or appointment
// and returns it as stored.
func actOn[T any](ctx context.Context, db *DB, op string, fn func(t *txn) (T, error)) (*T, error) {
	var out T
	err := db.act(ctx, op, func(t *txn) error {
		v, err := fn(t)
		out = withState(v, t.state)
		return err
	})
	if err != nil {
		return nil, err
	}
	return &out, nil
}
