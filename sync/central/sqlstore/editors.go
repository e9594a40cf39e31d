package sqlstore

import (
	"context"
	"encoding/json"
	"time"

	"onestop/kiosk"
)

// What the console's catalog editors read (central.EditorStore).

// HallEntities returns the hall's entities of one kind, by id; the
// snapshot index (hall_id, rank, id) serves it.
func (db *DB) HallEntities(ctx context.Context, hallID, entity string) ([]json.RawMessage, error) {
	rank, ok := ranks[entity]
	if !ok {
		return nil, kiosk.Errorf(kiosk.EINVALID, kiosk.MsgErrInternal, "no entity %q", entity)
	}
	rows, err := db.r.QueryContext(ctx, db.q(`
		SELECT
			data
		FROM entities
		WHERE hall_id = ?
			AND rank = ?
			AND entity = ?
		ORDER BY id`), hallID, rank, entity)
	if err != nil {
		return nil, db.wrap("hall entities", err)
	}
	defer rows.Close()
	var out []json.RawMessage
	for rows.Next() {
		var data string
		if err := rows.Scan(&data); err != nil {
			return nil, db.wrap("hall entities", err)
		}
		out = append(out, json.RawMessage(data))
	}
	return out, db.wrap("hall entities", rows.Err())
}

// MentorSlots returns a mentor's slots starting in [from, to).
func (db *DB) MentorSlots(ctx context.Context, mentorID string, from, to time.Time) ([]kiosk.MentorSlot, error) {
	rows, err := db.r.QueryContext(ctx, db.q(`
		SELECT
			s.id,
			s.start_at,
			s.end_at,
			h.slot_id IS NOT NULL
		FROM mentor_slots AS s
		LEFT JOIN appointment_holds AS h ON h.slot_id = s.id
		WHERE s.mentor_id = ?
			AND s.start_at >= ?
			AND s.start_at < ?
		ORDER BY s.start_at, s.id`), mentorID, from.UnixNano(), to.UnixNano())
	if err != nil {
		return nil, db.wrap("mentor slots", err)
	}
	defer rows.Close()
	var out []kiosk.MentorSlot
	for rows.Next() {
		s := kiosk.MentorSlot{MentorID: mentorID}
		var start, end int64
		if err := rows.Scan(&s.ID, &start, &end, &s.Taken); err != nil {
			return nil, db.wrap("mentor slots", err)
		}
		s.Start, s.End = time.Unix(0, start), time.Unix(0, end)
		out = append(out, s)
	}
	return out, db.wrap("mentor slots", rows.Err())
}

// PutMentorSlots writes a pattern's slots; held ones stay as they are.
func (db *DB) PutMentorSlots(ctx context.Context, ss []kiosk.MentorSlot) (int, error) {
	for _, s := range ss {
		if err := s.Validate(); err != nil {
			return 0, err
		}
		if err := checkTime("slot start", s.Start); err != nil {
			return 0, err
		}
	}
	n := 0
	err := db.update(ctx, "put mentor slots", func(t *txn) error {
		n = 0
		for _, s := range ss {
			err := t.putSlot(s)
			if kiosk.ErrorCode(err) == kiosk.ECONFLICT {
				continue // booked already: the student keeps it
			}
			if err != nil {
				return err
			}
			n++
		}
		return nil
	})
	return n, err
}
