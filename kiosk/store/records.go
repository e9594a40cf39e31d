package store

import (
	"context"
	"database/sql"
	"errors"
	"math"
	"time"

	"onestop/kiosk"
)

// Records gathers what "my records" shows: the student's visits,
// appointments, bookings, requests, event attendance (with the event's
// title) and shifts since the given time (everything when zero), newest
// first, and the hours of the finished shifts among them. Statuses are
// as the screens show them (due no-shows and misses applied). It reads
// one snapshot.
func (db *DB) Records(ctx context.Context, studentKey string, since time.Time) (kiosk.Records, error) {
	var rec kiosk.Records
	lo := sinceNanos(since)
	err := db.view(ctx, "read records", func(tx *sql.Tx) error {
		s, err := readSettings(ctx, tx)
		if err != nil {
			return err
		}
		now := db.clockNow()
		if rec.Visits, err = db.visitsOf(ctx, tx, studentKey, lo); err != nil {
			return err
		}
		if rec.Appointments, err = db.queryAppointments(ctx, tx, `
			WHERE student_key = ?
				AND start_at >= ?
			ORDER BY start_at DESC, id DESC`, studentKey, lo); err != nil {
			return err
		}
		for i := range rec.Appointments {
			rec.Appointments[i] = s.Mentor.Effective(now, rec.Appointments[i])
		}
		if rec.Bookings, err = db.queryBookings(ctx, tx, `
			WHERE student_key = ?
				AND start_at >= ?
			ORDER BY start_at DESC, id DESC`, studentKey, lo); err != nil {
			return err
		}
		for i := range rec.Bookings {
			rec.Bookings[i] = s.Room.Effective(now, rec.Bookings[i])
		}
		if rec.Requests, err = db.requestsOf(ctx, tx, studentKey, lo); err != nil {
			return err
		}
		if rec.Attendance, err = db.attendanceOf(ctx, tx, studentKey, lo); err != nil {
			return err
		}
		if err := eventTitles(ctx, tx, rec.Attendance); err != nil {
			return err
		}
		rec.Shifts, err = db.shiftsOf(ctx, tx, studentKey, lo)
		return err
	})
	for _, sh := range rec.Shifts {
		if !sh.End.IsZero() {
			rec.VolunteerHours += sh.End.Sub(sh.Start).Hours()
		}
	}
	return rec, err
}

func (db *DB) shiftsOf(ctx context.Context, q queryer, studentKey string, since int64) ([]kiosk.Shift, error) {
	return queryAll(ctx, q, db.scanShift, `
		SELECT`+shiftCols+`
		FROM shifts
		WHERE student_key = ?
			AND start_at >= ?
		ORDER BY start_at DESC, id DESC`, studentKey, since)
}

const shiftCols = `
	id,
	student_key,
	start_at,
	end_at,
	capped,
	corrected_at`

func (db *DB) scanShift(sc scanner) (kiosk.Shift, error) {
	var sh kiosk.Shift
	var start, end, corrected sql.NullInt64
	err := sc.Scan(&sh.ID, &sh.StudentKey, &start, &end, &sh.Capped, &corrected)
	sh.Start, sh.End, sh.CorrectedAt = db.at(start), db.at(end), db.at(corrected)
	return sh, err
}

// eventTitles fills in the title of each attendance's event; one whose
// event is gone (removed by admins) keeps an empty title, and the screen
// shows the generic label.
func eventTitles(ctx context.Context, q queryer, as []kiosk.Attendance) error {
	for i := range as {
		t := &as[i].EventTitle
		err := q.QueryRowContext(ctx, `
			SELECT
				title_zh,
				title_en
			FROM events
			WHERE id = ?`, as[i].EventID).Scan(&t.Zh, &t.En)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
	}
	return nil
}

// sinceNanos is the lower bound of a "since" read: none for zero.
func sinceNanos(since time.Time) int64 {
	if since.IsZero() {
		return math.MinInt64
	}
	return since.UnixNano()
}

// ownerSQL is the student an outbox entry o concerns, the one told when
// central refuses it: the volunteer who made a desk queue mark (its
// payload's queue_by), else the student of the entity its kind names
// (the part before the dot).
const ownerSQL = `
	CASE
		WHEN o.kind = '` + kiosk.KindAppointmentQueue + `' THEN json_extract(o.payload, '$.queue_by')
		ELSE CASE substr(o.kind, 1, instr(o.kind, '.') - 1)
			WHEN 'visit' THEN (SELECT student_key FROM visits WHERE id = o.id)
			WHEN 'booking' THEN (SELECT student_key FROM bookings WHERE id = o.id)
			WHEN 'appointment' THEN (SELECT student_key FROM appointments WHERE id = o.id)
			WHEN 'event' THEN (SELECT student_key FROM attendance WHERE id = o.id)
			WHEN 'request' THEN (SELECT student_key FROM requests WHERE id = o.id)
		END
	END`

// Rejections returns the student's actions central refused (rejected or
// conflict) that the student has not yet been shown, oldest first. The
// message id is central's, or MsgErrSyncRejected when it gave none.
func (db *DB) Rejections(ctx context.Context, studentKey string) ([]kiosk.Rejection, error) {
	rows, err := db.reader.QueryContext(ctx, `
		SELECT
			o.seq,
			o.kind,
			o.id,
			o.at,
			o.state,
			coalesce(o.result_message_id, '')
		FROM outbox AS o
		WHERE o.state IN ('rejected', 'conflict')
			AND o.seen_at IS NULL
			AND `+ownerSQL+` = ?
		ORDER BY o.seq`, studentKey)
	if err != nil {
		return nil, wrapErr("read rejections", err)
	}
	defer rows.Close()
	var out []kiosk.Rejection
	for rows.Next() {
		r := kiosk.Rejection{StudentKey: studentKey}
		var at sql.NullInt64
		if err := rows.Scan(&r.Seq, &r.Kind, &r.EntityID, &at, &r.State, &r.MessageID); err != nil {
			return nil, wrapErr("read rejections", err)
		}
		r.At = db.at(at)
		if r.MessageID == "" {
			r.MessageID = kiosk.MsgErrSyncRejected
		}
		out = append(out, r)
	}
	return out, wrapErr("read rejections", rows.Err())
}

// AckRejections marks the student's refusals with these seqs as seen;
// seqs that are not the student's refusals are ignored.
func (db *DB) AckRejections(ctx context.Context, studentKey string, seqs []int64) error {
	return db.update(ctx, "ack rejections", func(tx *sql.Tx) error {
		now := db.now()
		for _, seq := range seqs {
			_, err := tx.ExecContext(ctx, `
				UPDATE outbox AS o SET
					seen_at = ?
				WHERE o.seq = ?
					AND o.state IN ('rejected', 'conflict')
					AND o.seen_at IS NULL
					AND `+ownerSQL+` = ?`,
				now,
				seq,
				studentKey,
			)
			if err != nil {
				return err
			}
		}
		return nil
	})
}
