package store

import (
	"context"
	"database/sql"
	"encoding/json"
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

// loadBooking loads booking id and whether a student cancelled it;
// found is false when there is none.
func (db *DB) loadBooking(ctx context.Context, q queryer, id string) (b kiosk.Booking, cancelled, found bool, err error) {
	var start, end, created, checkedIn sql.NullInt64
	err = q.QueryRowContext(ctx, `
		SELECT`+bookingCols+`,
			cancelled_at IS NOT NULL
		FROM bookings
		WHERE id = ?`, id).Scan(&b.ID, &b.RoomID, &b.StudentKey, &start, &end, &b.Status,
		&created, &checkedIn, &b.Tardy, &b.SyncState, &cancelled)
	if errors.Is(err, sql.ErrNoRows) {
		return b, false, false, nil
	}
	b.Start, b.End, b.CreatedAt, b.CheckedInAt = db.at(start), db.at(end), db.at(created), db.at(checkedIn)
	return b, cancelled, err == nil, err
}

// ownBooking loads the student's booking id; someone else's is not found.
func (db *DB) ownBooking(ctx context.Context, q queryer, studentKey, id string) (kiosk.Booking, bool, error) {
	b, cancelled, found, err := db.loadBooking(ctx, q, id)
	if err == nil && (!found || b.StudentKey != studentKey) {
		err = notFound("booking", id)
	}
	return b, cancelled, err
}

// effectiveBooking applies the no-show rule on reading, so a booking
// whose check-in window closed unused counts as released whether or not
// ReleaseNoShows has run yet.
func effectiveBooking(r kiosk.RoomRules, now time.Time, b *kiosk.Booking) {
	if r.NoShowDue(now, *b) {
		b.Status = kiosk.BookingNoShow
	}
}

// BookRoom stores b for the student under the RoomRules of the stored
// settings at the store's clock, with its outbox entry. The caller sets
// ID, RoomID, StudentKey, Start and End; the store sets the rest. An id
// already stored is a no-op that fills b with the stored booking.
func (db *DB) BookRoom(ctx context.Context, b *kiosk.Booking) error {
	switch {
	case b == nil || b.ID == "":
		return errNoID("booking")
	case b.StudentKey == "":
		return errNoStudent("booking")
	}
	if err := checkTimes("booking", b.Start, b.End); err != nil {
		return err
	}
	return db.update(ctx, "book room", func(tx *sql.Tx) error {
		old, _, found, err := db.loadBooking(ctx, tx, b.ID)
		if err != nil || found {
			if err == nil && old.StudentKey != b.StudentKey {
				return errIDInUse("booking", b.ID)
			}
			*b = old
			return err
		}
		s, err := readSettings(ctx, tx)
		if err != nil {
			return err
		}
		now := db.clockNow()
		nb := *b
		nb.Start, nb.End = b.Start.In(now.Location()), b.End.In(now.Location())
		nb.Status, nb.CreatedAt, nb.CheckedInAt, nb.Tardy = kiosk.BookingBooked, now, time.Time{}, false
		if err := db.checkBooking(ctx, tx, s.Room, now, nb); err != nil {
			return err
		}
		if err := insertBooking(ctx, tx, nb, kiosk.OutboxPending); err != nil {
			return err
		}
		if err := db.enqueueJSON(ctx, tx, nb.ID, kiosk.KindBookingCreate, now, nb); err != nil {
			return err
		}
		nb.SyncState = kiosk.OutboxPending
		*b = nb
		return nil
	})
}

// checkBooking gathers what CheckBooking documents it needs, applies
// the no-show rule to it, and runs the rule.
func (db *DB) checkBooking(ctx context.Context, tx *sql.Tx, r kiosk.RoomRules, now time.Time, b kiosk.Booking) error {
	room, err := loadRoom(ctx, tx, b.RoomID)
	if err != nil {
		return err
	}
	// The student's bookings from the oldest no-show that can still
	// suspend through the window's end and b's week.
	lo := now.Add(-(r.NoShowPeriod + r.Suspension))
	hi := kiosk.StartOfDay(now).AddDate(0, 0, r.WindowDays+1)
	if wk := kiosk.StartOfWeek(b.Start).AddDate(0, 0, 7); wk.After(hi) {
		hi = wk
	}
	mine, err := db.studentBookings(ctx, tx, b.StudentKey, lo, hi)
	if err != nil {
		return err
	}
	taken, err := db.queryBookings(ctx, tx, `
		WHERE room_id = ?
			AND start_at >= ?
			AND start_at < ?
			AND end_at > ?
			AND status IN ('booked', 'checked_in')`,
		b.RoomID, b.Start.Add(-maxSpan).UnixNano(), b.End.UnixNano(), b.Start.UnixNano())
	if err != nil {
		return err
	}
	for i := range mine {
		effectiveBooking(r, now, &mine[i])
	}
	for i := range taken {
		effectiveBooking(r, now, &taken[i])
	}
	return r.CheckBooking(now, room, b, mine, taken)
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

// CancelBooking cancels the student's own booking before it starts,
// freeing the slot. Cancelling it again returns it as stored.
func (db *DB) CancelBooking(ctx context.Context, studentKey, id string) (*kiosk.Booking, error) {
	return changeOwnHold(ctx, db, studentKey, id, ownHoldChange[kiosk.Booking]{
		op: "cancel booking", kind: kiosk.KindBookingCancel, cancel: true,
		own: db.ownBooking, save: db.changeBooking,
		apply: func(s kiosk.Settings, now time.Time, b *kiosk.Booking) error {
			if err := s.Room.CheckCancel(now, *b); err != nil {
				return err
			}
			b.Status = kiosk.BookingCancelled
			return nil
		},
	})
}

// CheckInBooking checks the student in for their booking within its
// check-in window; tardy when after the start.
func (db *DB) CheckInBooking(ctx context.Context, studentKey, id string) (*kiosk.Booking, error) {
	return changeOwnHold(ctx, db, studentKey, id, ownHoldChange[kiosk.Booking]{
		op: "check in booking", kind: kiosk.KindBookingCheckin,
		own: db.ownBooking, save: db.changeBooking,
		apply: func(s kiosk.Settings, now time.Time, b *kiosk.Booking) error {
			// The stored status, not the effective one: a late student is
			// told the window's times rather than "released".
			tardy, err := s.Room.CheckIn(now, *b)
			if err != nil {
				return err
			}
			b.Status, b.CheckedInAt, b.Tardy = kiosk.BookingCheckedIn, now, tardy
			return nil
		},
	})
}

// ownHoldChange holds what differs between a cancel and a check-in of
// a booking or an appointment; changeOwnHold runs the steps they share.
type ownHoldChange[T any] struct {
	op     string // the transaction's name, for errors
	kind   string // the outbox entry's kind
	cancel bool   // a row the student already cancelled is returned as stored
	// own loads the student's own row and whether they cancelled it.
	own func(ctx context.Context, q queryer, studentKey, id string) (T, bool, error)
	// apply runs the rule at now and changes the row to what is stored.
	apply func(s kiosk.Settings, now time.Time, v *T) error
	// save stores the change and queues it.
	save func(ctx context.Context, tx *sql.Tx, v *T, now time.Time, kind string) error
}

// changeOwnHold runs one student action on their own booking or
// appointment in a transaction, under the stored settings at the
// store's clock.
func changeOwnHold[T any](ctx context.Context, db *DB, studentKey, id string, h ownHoldChange[T]) (*T, error) {
	var out T
	err := db.update(ctx, h.op, func(tx *sql.Tx) error {
		v, cancelled, err := h.own(ctx, tx, studentKey, id)
		if err != nil {
			return err
		}
		if out = v; cancelled && h.cancel {
			return nil
		}
		s, err := readSettings(ctx, tx)
		if err != nil {
			return err
		}
		now := db.clockNow()
		if err := h.apply(s, now, &out); err != nil {
			return err
		}
		return h.save(ctx, tx, &out, now, h.kind)
	})
	if err != nil {
		return nil, err
	}
	return &out, nil
}

// changeBooking stores a cancel or check-in of b and queues it.
func (db *DB) changeBooking(ctx context.Context, tx *sql.Tx, b *kiosk.Booking, now time.Time, kind string) error {
	st, err := db.changeHold(ctx, tx, holdAction{
		update: updateBooking, id: b.ID, status: string(b.Status), at: b.CheckedInAt,
		tardy: b.Tardy, cancel: kind == kiosk.KindBookingCancel,
	}, now)
	if err != nil {
		return err
	}
	b.SyncState = st
	return db.enqueueJSON(ctx, tx, b.ID, kind, now, b)
}

// holdAction is a cancel or check-in of something that holds a slot (a
// booking or an appointment): both tables record it the same way.
type holdAction struct {
	update string // updateBooking or updateAppointment
	id     string
	status string
	at     time.Time // checked in / arrived; zero when not
	tardy  bool
	cancel bool
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
func (db *DB) changeHold(ctx context.Context, tx *sql.Tx, h holdAction, now time.Time) (string, error) {
	at, err := nanos(h.at)
	if err != nil {
		return "", err
	}
	var cancelled sql.NullInt64
	if h.cancel {
		cancelled = sql.NullInt64{Int64: now.UnixNano(), Valid: true}
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
			effectiveBooking(s.Room, now, &out[i])
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
		mine, err := db.studentBookings(ctx, tx, studentKey, now.Add(-(s.Room.NoShowPeriod + s.Room.Suspension)), now.Add(maxSpan))
		for i := range mine {
			effectiveBooking(s.Room, now, &mine[i])
		}
		until = s.Room.SuspendedUntil(now, mine)
		return err
	})
	return until, err
}

// enqueueJSON queues an outbox entry whose payload is v as JSON.
func (db *DB) enqueueJSON(ctx context.Context, tx *sql.Tx, id, kind string, at time.Time, v any) error {
	payload, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return db.enqueue(ctx, tx, id, kind, at.UnixNano(), payload)
}
