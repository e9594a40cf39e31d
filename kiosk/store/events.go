package store

import (
	"context"
	"database/sql"

	"onestop/kiosk"
)

const eventCols = `
	id,
	title_zh,
	title_en,
	place_zh,
	place_en,
	start_at,
	end_at`

func (db *DB) scanEvent(sc scanner) (kiosk.Event, error) {
	var e kiosk.Event
	var start, end sql.NullInt64
	err := sc.Scan(&e.ID, &e.Title.Zh, &e.Title.En, &e.Place.Zh, &e.Place.En, &start, &end)
	e.Start, e.End = db.at(start), db.at(end)
	return e, err
}

func putEvent(ctx context.Context, tx *sql.Tx, e kiosk.Event) error {
	_, err := tx.ExecContext(ctx, `
		INSERT INTO events (`+eventCols+`
		) VALUES (?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (id) DO UPDATE SET
			title_zh = excluded.title_zh,
			title_en = excluded.title_en,
			place_zh = excluded.place_zh,
			place_en = excluded.place_en,
			start_at = excluded.start_at,
			end_at = excluded.end_at`,
		e.ID,
		e.Title.Zh,
		e.Title.En,
		e.Place.Zh,
		e.Place.En,
		e.Start.UnixNano(),
		e.End.UnixNano(),
	)
	return err
}

// RunningEvents returns the events open for check-in at the store's
// clock: from EventBefore their start until they end, by start.
func (db *DB) RunningEvents(ctx context.Context) ([]kiosk.Event, error) {
	var out []kiosk.Event
	err := db.view(ctx, "read running events", func(tx *sql.Tx) error {
		s, err := readSettings(ctx, tx)
		if err != nil {
			return err
		}
		now := db.clockNow()
		out, err = queryAll(ctx, tx, db.scanEvent, `
			SELECT`+eventCols+`
			FROM events
			WHERE end_at > ?
				AND start_at <= ?
			ORDER BY start_at, id`, now.UnixNano(), now.Add(s.EventBefore).UnixNano())
		return err
	})
	return out, err
}

// CheckInEvent records the student's attendance at the event
// (kiosk.CheckInEvent) at the store's clock, with its outbox entry; id
// is the attendance's.
func (db *DB) CheckInEvent(ctx context.Context, act kiosk.Actor, eventID, id string) (*kiosk.Attendance, error) {
	return actOn(ctx, db, "check in event", func(t *txn) (kiosk.Attendance, error) {
		return kiosk.CheckInEvent(t, t.now, act, id, eventID)
	})
}

const attendanceCols = `
	id,
	event_id,
	student_key,
	at,
	tardy,
	sync_state`

func (db *DB) scanAttendance(sc scanner) (kiosk.Attendance, error) {
	var a kiosk.Attendance
	var at sql.NullInt64
	err := sc.Scan(&a.ID, &a.EventID, &a.StudentKey, &at, &a.Tardy, &a.SyncState)
	a.At = db.at(at)
	return a, err
}

func (db *DB) loadAttendance(ctx context.Context, q queryer, where string, args ...any) (kiosk.Attendance, error) {
	return db.scanAttendance(q.QueryRowContext(ctx, `
		SELECT`+attendanceCols+`
		FROM attendance`+where, args...))
}

func insertAttendance(ctx context.Context, tx *sql.Tx, a kiosk.Attendance, syncState string) error {
	if _, err := required("attendance", a.At); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, `
		INSERT INTO attendance (`+attendanceCols+`
		) VALUES (?, ?, ?, ?, ?, ?)`,
		append(attendanceArgs(a), syncState)...)
	return err
}

// attendanceArgs returns a's columns in attendanceCols order up to
// sync_state, which each writer sets. a's time must be checked.
func attendanceArgs(a kiosk.Attendance) []any {
	return []any{
		a.ID,
		a.EventID,
		a.StudentKey,
		a.At.UnixNano(),
		boolInt(a.Tardy),
	}
}

// attendanceOf returns the student's attendance since (unix nanos),
// newest first.
func (db *DB) attendanceOf(ctx context.Context, q queryer, studentKey string, since int64) ([]kiosk.Attendance, error) {
	return queryAll(ctx, q, db.scanAttendance, `
		SELECT`+attendanceCols+`
		FROM attendance
		WHERE student_key = ?
			AND at >= ?
		ORDER BY at DESC, id DESC`, studentKey, since)
}
