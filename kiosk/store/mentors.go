package store

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"onestop/kiosk"
)

const mentorCols = `
	id,
	name_zh,
	name_en,
	type,
	field_zh,
	field_en,
	place_zh,
	place_en`

func scanMentor(sc scanner) (kiosk.Mentor, error) {
	var m kiosk.Mentor
	err := sc.Scan(&m.ID, &m.Name.Zh, &m.Name.En, &m.Type, &m.Field.Zh, &m.Field.En, &m.Place.Zh, &m.Place.En)
	return m, err
}

// Mentors returns the mentors of type t (every type when ""), by type
// and name.
func (db *DB) Mentors(ctx context.Context, t kiosk.MentorType) ([]kiosk.Mentor, error) {
	out, err := queryAll(ctx, db.reader, scanMentor, `
		SELECT`+mentorCols+`
		FROM mentors
		WHERE ?1 = ''
			OR type = ?1
		ORDER BY type, name_zh, id`, string(t))
	return out, wrapErr("read mentors", err)
}

func loadMentor(ctx context.Context, q queryer, id string) (kiosk.Mentor, error) {
	m, err := scanMentor(q.QueryRowContext(ctx, `
		SELECT`+mentorCols+`
		FROM mentors
		WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return m, notFound("mentor", id)
	}
	return m, err
}

func putMentor(ctx context.Context, tx *sql.Tx, m kiosk.Mentor) error {
	_, err := tx.ExecContext(ctx, `
		INSERT INTO mentors (`+mentorCols+`
		) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (id) DO UPDATE SET
			name_zh = excluded.name_zh,
			name_en = excluded.name_en,
			type = excluded.type,
			field_zh = excluded.field_zh,
			field_en = excluded.field_en,
			place_zh = excluded.place_zh,
			place_en = excluded.place_en`,
		m.ID,
		m.Name.Zh,
		m.Name.En,
		string(m.Type),
		m.Field.Zh,
		m.Field.En,
		m.Place.Zh,
		m.Place.En,
	)
	return err
}

func putMentorSlot(ctx context.Context, tx *sql.Tx, s kiosk.MentorSlot) error {
	_, err := tx.ExecContext(ctx, `
		INSERT INTO mentor_slots (
			id,
			mentor_id,
			start_at,
			end_at
		) VALUES (?, ?, ?, ?)
		ON CONFLICT (id) DO UPDATE SET
			mentor_id = excluded.mentor_id,
			start_at = excluded.start_at,
			end_at = excluded.end_at`,
		s.ID,
		s.MentorID,
		s.Start.UnixNano(),
		s.End.UnixNano(),
	)
	return err
}

// MentorSlots returns the mentor's slots starting in [from, to) in time
// order, Taken when an appointment holds the slot. An appointment whose
// check-in window closed unused holds nothing (MissedDue).
func (db *DB) MentorSlots(ctx context.Context, mentorID string, from, to time.Time) ([]kiosk.MentorSlot, error) {
	if err := checkTimes("mentor slot range", from, to); err != nil {
		return nil, err
	}
	var out []kiosk.MentorSlot
	err := db.view(ctx, "read mentor slots", func(tx *sql.Tx) error {
		s, err := readSettings(ctx, tx)
		if err != nil {
			return err
		}
		out, err = db.querySlots(ctx, tx, s.Mentor, db.clockNow(), `
			WHERE s.mentor_id = ?
				AND s.start_at >= ?
				AND s.start_at < ?
			ORDER BY s.start_at, s.id`, mentorID, from.UnixNano(), to.UnixNano())
		return err
	})
	return out, err
}

// querySlots reads slots with the status and start of the appointment
// holding each, if any, and derives Taken under the rules at now.
func (db *DB) querySlots(ctx context.Context, q queryer, r kiosk.MentorRules, now time.Time, where string, args ...any) ([]kiosk.MentorSlot, error) {
	rows, err := q.QueryContext(ctx, `
		SELECT
			s.id,
			s.mentor_id,
			s.start_at,
			s.end_at,
			a.status,
			a.start_at,
			a.end_at
		FROM mentor_slots AS s
		LEFT JOIN appointments AS a
			ON a.slot_id = s.id
			AND a.status IN ('booked', 'arrived', 'completed')`+where, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []kiosk.MentorSlot
	for rows.Next() {
		var sl kiosk.MentorSlot
		var start, end, aStart, aEnd sql.NullInt64
		var status sql.NullString
		if err := rows.Scan(&sl.ID, &sl.MentorID, &start, &end, &status, &aStart, &aEnd); err != nil {
			return nil, err
		}
		sl.Start, sl.End = db.at(start), db.at(end)
		if status.Valid {
			a := kiosk.Appointment{Status: kiosk.AppointmentStatus(status.String), Start: db.at(aStart), End: db.at(aEnd)}
			sl.Taken = !r.MissedDue(now, a)
		}
		out = append(out, sl)
	}
	return out, rows.Err()
}
