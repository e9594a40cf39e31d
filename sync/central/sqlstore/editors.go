package sqlstore

import (
	"context"
	"encoding/json"
	"time"

	"onestop/kiosk"
	"onestop/sync/central"
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

// ApplyMentorSlots clears the days off, then writes the pattern's
// slots; held ones stay as they are.
func (db *DB) ApplyMentorSlots(ctx context.Context, ch central.MentorSlotChange) (central.SlotsApplied, error) {
	for _, s := range ch.Put {
		if err := s.Validate(); err != nil {
			return central.SlotsApplied{}, err
		}
		if s.MentorID != ch.MentorID {
			return central.SlotsApplied{}, kiosk.Errorf(kiosk.EINVALID, kiosk.MsgErrInternal, "slot %s is mentor %s's, not %s's", s.ID, s.MentorID, ch.MentorID).WithField("mentor_id")
		}
		if err := checkTime("slot start", s.Start); err != nil {
			return central.SlotsApplied{}, err
		}
	}
	var n central.SlotsApplied
	err := db.update(ctx, "apply mentor slots", func(t *txn) error {
		n = central.SlotsApplied{}
		for _, d := range ch.Clear {
			ids, err := t.freeSlots(ch.MentorID, d.Start, d.End)
			if err != nil {
				return err
			}
			for _, id := range ids {
				if err := t.deleteSlot(id); err != nil {
					return err
				}
				n.Removed++
			}
		}
		for _, s := range ch.Put {
			err := t.putSlot(s)
			if kiosk.ErrorCode(err) == kiosk.ECONFLICT {
				continue // booked already: the student keeps it
			}
			if err != nil {
				return err
			}
			n.Put++
		}
		return nil
	})
	return n, err
}

// freeSlots are the ids of the mentor's slots no appointment holds that
// start in [from, to).
func (t *txn) freeSlots(mentorID string, from, to time.Time) ([]string, error) {
	rows, err := t.query(`
		SELECT
			s.id
		FROM mentor_slots AS s
		LEFT JOIN appointment_holds AS h ON h.slot_id = s.id
		WHERE s.mentor_id = ?
			AND s.start_at >= ?
			AND s.start_at < ?
			AND h.slot_id IS NULL`, mentorID, from.UnixNano(), to.UnixNano())
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var ids []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}
