package store

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"onestop/kiosk"
)

// DeskBoard returns today's hall for the desk (kiosk.DeskBoard) at the
// store's clock, in the hall's day.
func (db *DB) DeskBoard(ctx context.Context) (kiosk.DeskBoard, error) {
	var b kiosk.DeskBoard
	err := db.view(ctx, "read desk board", func(tx *sql.Tx) error {
		s, err := readSettings(ctx, tx)
		if err != nil {
			return err
		}
		now := s.Local(db.clockNow())
		b.At = now
		day := kiosk.StartOfDay(now)
		lo, hi := day.UnixNano(), day.AddDate(0, 0, 1).UnixNano()
		if err := db.boardWaiting(ctx, tx, &b, lo, hi); err != nil {
			return err
		}
		win := s.Room
		if b.RoomsNow, err = db.queryBookings(ctx, tx, `
			WHERE status = 'booked'
				AND start_at >= ?
				AND start_at <= ?
			ORDER BY start_at, id`, now.Add(-win.CheckInAfter).UnixNano(), now.Add(win.CheckInBefore).UnixNano()); err != nil {
			return err
		}
		if b.NoShows, err = db.queryBookings(ctx, tx, `
			WHERE status = 'no_show'
				AND start_at >= ?
				AND start_at < ?
			ORDER BY start_at, id`, lo, hi); err != nil {
			return err
		}
		if b.Requests, err = queryAll(ctx, tx, db.scanRequest, `
			SELECT`+requestCols+`
			FROM requests
			WHERE submitted_at >= ?
				AND submitted_at < ?
			ORDER BY submitted_at DESC, id DESC`, lo, hi); err != nil {
			return err
		}
		visits, err := queryAll(ctx, tx, db.scanVisit, `
			SELECT`+visitCols+`
			FROM visits
			WHERE at >= ?
				AND at < ?
			ORDER BY at`, lo, hi)
		if err != nil {
			return err
		}
		b.Visits = countVisits(visits, s)
		return db.boardEvents(ctx, tx, &b, s, now)
	})
	return b, wrapErr("read desk board", err)
}

// boardWaiting lists today's arrived appointments, oldest arrival
// first, those who left without being seen left out.
func (db *DB) boardWaiting(ctx context.Context, tx *sql.Tx, b *kiosk.DeskBoard, lo, hi int64) error {
	as, err := db.queryAppointments(ctx, tx, `
		WHERE status = 'arrived'
			AND start_at >= ?
			AND start_at < ?
		ORDER BY arrived_at, id`, lo, hi)
	if err != nil {
		return err
	}
	for _, a := range as {
		if err := db.withQueue(ctx, tx, &a); err != nil {
			return err
		}
		if a.Queue == kiosk.QueueLeft {
			continue
		}
		w := kiosk.DeskWaiting{Appointment: a, Since: a.ArrivedAt}
		var masked sql.NullString
		if err := tx.QueryRowContext(ctx, `
			SELECT
				masked_name
			FROM roster
			WHERE student_key = ?`, a.StudentKey).Scan(&masked); err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		w.Student, w.Personal = kiosk.DeskStudent(a.MentorType, masked.String)
		if m, err := loadMentor(ctx, tx, a.MentorID); err == nil {
			w.MentorName = m.Name
		} else if kiosk.ErrorCode(err) != kiosk.ENOTFOUND {
			return err
		}
		b.Waiting = append(b.Waiting, w)
	}
	return nil
}

// countVisits buckets visits by purpose and the hall's hour, in
// kiosk.Purposes order then by hour.
func countVisits(vs []kiosk.Visit, s kiosk.Settings) []kiosk.VisitCount {
	n := map[kiosk.VisitCount]int{}
	for _, v := range vs {
		n[kiosk.VisitCount{Purpose: v.Purpose, Hour: s.Local(v.At).Hour()}]++
	}
	var out []kiosk.VisitCount
	for _, p := range kiosk.Purposes {
		for h := range 24 {
			if c := n[kiosk.VisitCount{Purpose: p, Hour: h}]; c > 0 {
				out = append(out, kiosk.VisitCount{Purpose: p, Hour: h, Count: c})
			}
		}
	}
	return out
}

// boardEvents lists the events running now (open for check-in, as
// RunningEvents) with their attendance so far.
func (db *DB) boardEvents(ctx context.Context, tx *sql.Tx, b *kiosk.DeskBoard, s kiosk.Settings, now time.Time) error {
	es, err := queryAll(ctx, tx, db.scanEvent, `
		SELECT`+eventCols+`
		FROM events
		WHERE end_at > ?
			AND start_at <= ?
		ORDER BY start_at, id`, now.UnixNano(), now.Add(s.EventBefore).UnixNano())
	if err != nil {
		return err
	}
	for _, e := range es {
		d := kiosk.DeskEvent{Event: e}
		if err := tx.QueryRowContext(ctx, `
			SELECT
				count(*)
			FROM attendance
			WHERE event_id = ?`, e.ID).Scan(&d.Attended); err != nil {
			return err
		}
		b.Events = append(b.Events, d)
	}
	return nil
}
