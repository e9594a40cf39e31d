package sqlstore

import (
	"context"

	"onestop/kiosk"
	"onestop/sync/wire"
)

// PutRoom adds or replaces a room in one of the hall's buildings.
func (db *DB) PutRoom(ctx context.Context, hallID string, r kiosk.Room) error {
	if err := r.Validate(); err != nil {
		return err
	}
	if r.Facilities == nil {
		r.Facilities = []string{}
	}
	return db.update(ctx, "put room", func(t *txn) error {
		if err := t.inHall(hallID, r.BuildingID); err != nil {
			return err
		}
		err := t.exec(`
			INSERT INTO rooms (
				id,
				hall_id,
				building_id
			) VALUES (?, ?, ?)
			ON CONFLICT (id) DO UPDATE SET
				hall_id = excluded.hall_id,
				building_id = excluded.building_id`,
			r.ID,
			hallID,
			r.BuildingID,
		)
		if err != nil {
			return err
		}
		_, err = t.put(wire.EntityRoom, r.ID, hallID, r)
		return err
	})
}

// inHall checks that the building exists and belongs to the hall.
func (t *txn) inHall(hallID, buildingID string) error {
	hall, err := t.buildingHall(buildingID)
	if err != nil {
		return err
	}
	if hall != hallID {
		return kiosk.Errorf(kiosk.EFORBIDDEN, kiosk.MsgErrInternal, "building %s belongs to hall %s", buildingID, hall)
	}
	return nil
}

// DeleteRoom removes a room that holds no booking.
func (db *DB) DeleteRoom(ctx context.Context, id string) error {
	return db.update(ctx, "delete room", func(t *txn) error {
		if err := t.noneHolding(`
			SELECT
				count(*)
			FROM booking_holds
			WHERE room_id = ?`, "room", id); err != nil {
			return err
		}
		if err := t.exec(`
			DELETE FROM rooms
			WHERE id = ?`, id); err != nil {
			return err
		}
		return t.del(wire.EntityRoom, id)
	})
}

// noneHolding refuses a delete while count(q) > 0.
func (t *txn) noneHolding(q, what, id string) error {
	var n int
	if err := t.row(q, id).Scan(&n); err != nil {
		return err
	}
	if n > 0 {
		return kiosk.Errorf(kiosk.ECONFLICT, kiosk.MsgErrInternal, "%s %s is still held by %d bookings or appointments", what, id, n)
	}
	return nil
}

// PutMentor adds or replaces a mentor of the hall.
func (db *DB) PutMentor(ctx context.Context, hallID string, m kiosk.Mentor) error {
	if err := m.Validate(); err != nil {
		return err
	}
	return db.update(ctx, "put mentor", func(t *txn) error {
		if err := t.hallExists(hallID); err != nil {
			return err
		}
		err := t.exec(`
			INSERT INTO mentors (
				id,
				hall_id
			) VALUES (?, ?)
			ON CONFLICT (id) DO UPDATE SET
				hall_id = excluded.hall_id`,
			m.ID,
			hallID,
		)
		if err != nil {
			return err
		}
		_, err = t.put(wire.EntityMentor, m.ID, hallID, m)
		return err
	})
}

// DeleteMentor removes a mentor and their free slots; a slot still held
// by an appointment refuses it.
func (db *DB) DeleteMentor(ctx context.Context, id string) error {
	return db.update(ctx, "delete mentor", func(t *txn) error {
		if err := t.noneHolding(`
			SELECT
				count(*)
			FROM appointment_holds AS h
			JOIN mentor_slots AS s ON s.id = h.slot_id
			WHERE s.mentor_id = ?`, "mentor", id); err != nil {
			return err
		}
		rows, err := t.query(`
			SELECT
				id
			FROM mentor_slots
			WHERE mentor_id = ?`, id)
		if err != nil {
			return err
		}
		var slots []string
		for rows.Next() {
			var s string
			if err := rows.Scan(&s); err != nil {
				rows.Close()
				return err
			}
			slots = append(slots, s)
		}
		rows.Close()
		for _, s := range slots {
			if err := t.deleteSlot(s); err != nil {
				return err
			}
		}
		if err := t.exec(`
			DELETE FROM mentors
			WHERE id = ?`, id); err != nil {
			return err
		}
		return t.del(wire.EntityMentor, id)
	})
}

// PutMentorSlot adds or moves a slot of a mentor; a slot an appointment
// holds keeps its times (cancel the appointment first).
func (db *DB) PutMentorSlot(ctx context.Context, s kiosk.MentorSlot) error {
	if err := s.Validate(); err != nil {
		return err
	}
	if err := checkTime("slot start", s.Start); err != nil {
		return err
	}
	return db.update(ctx, "put mentor slot", func(t *txn) error { return t.putSlot(s) })
}

// putSlot files s under its mentor's hall, refusing to move a held slot.
func (t *txn) putSlot(s kiosk.MentorSlot) error {
	var m kiosk.Mentor
	hall, err := t.get(wire.EntityMentor, s.MentorID, &m)
	if err != nil {
		return err
	}
	if err := t.noneHolding(`
		SELECT
			count(*)
		FROM appointment_holds
		WHERE slot_id = ?`, "mentor slot", s.ID); err != nil {
		return err
	}
	err = t.exec(`
		INSERT INTO mentor_slots (
			id,
			hall_id,
			mentor_id,
			start_at,
			end_at
		) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (id) DO UPDATE SET
			hall_id = excluded.hall_id,
			mentor_id = excluded.mentor_id,
			start_at = excluded.start_at,
			end_at = excluded.end_at`,
		s.ID,
		hall,
		s.MentorID,
		s.Start.UnixNano(),
		s.End.UnixNano(),
	)
	if err != nil {
		return err
	}
	_, err = t.put(wire.EntityMentorSlot, s.ID, hall, s)
	return err
}

// DeleteMentorSlot removes a slot no appointment holds.
func (db *DB) DeleteMentorSlot(ctx context.Context, id string) error {
	return db.update(ctx, "delete mentor slot", func(t *txn) error {
		if err := t.noneHolding(`
			SELECT
				count(*)
			FROM appointment_holds
			WHERE slot_id = ?`, "mentor slot", id); err != nil {
			return err
		}
		return t.deleteSlot(id)
	})
}

func (t *txn) deleteSlot(id string) error {
	if err := t.exec(`
		DELETE FROM mentor_slots
		WHERE id = ?`, id); err != nil {
		return err
	}
	return t.del(wire.EntityMentorSlot, id)
}

// PutAnnouncement adds or replaces an announcement of the hall.
func (db *DB) PutAnnouncement(ctx context.Context, hallID string, a kiosk.Announcement) error {
	if err := a.Validate(); err != nil {
		return err
	}
	return db.update(ctx, "put announcement", func(t *txn) error {
		if err := t.hallExists(hallID); err != nil {
			return err
		}
		err := t.exec(`
			INSERT INTO announcements (
				id,
				hall_id
			) VALUES (?, ?)
			ON CONFLICT (id) DO UPDATE SET
				hall_id = excluded.hall_id`,
			a.ID,
			hallID,
		)
		if err != nil {
			return err
		}
		_, err = t.put(wire.EntityAnnouncement, a.ID, hallID, a)
		return err
	})
}

// DeleteAnnouncement removes an announcement.
func (db *DB) DeleteAnnouncement(ctx context.Context, id string) error {
	return db.update(ctx, "delete announcement", func(t *txn) error {
		if err := t.exec(`
			DELETE FROM announcements
			WHERE id = ?`, id); err != nil {
			return err
		}
		return t.del(wire.EntityAnnouncement, id)
	})
}

// PutEvent adds or replaces a community event of the hall.
func (db *DB) PutEvent(ctx context.Context, hallID string, e kiosk.Event) error {
	if err := e.Validate(); err != nil {
		return err
	}
	if err := checkTime("event start", e.Start); err != nil {
		return err
	}
	return db.update(ctx, "put event", func(t *txn) error {
		if err := t.hallExists(hallID); err != nil {
			return err
		}
		err := t.exec(`
			INSERT INTO events (
				id,
				hall_id,
				start_at,
				end_at
			) VALUES (?, ?, ?, ?)
			ON CONFLICT (id) DO UPDATE SET
				hall_id = excluded.hall_id,
				start_at = excluded.start_at,
				end_at = excluded.end_at`,
			e.ID,
			hallID,
			e.Start.UnixNano(),
			e.End.UnixNano(),
		)
		if err != nil {
			return err
		}
		_, err = t.put(wire.EntityEvent, e.ID, hallID, e)
		return err
	})
}

// DeleteEvent removes an event; its attendance stays on record.
func (db *DB) DeleteEvent(ctx context.Context, id string) error {
	return db.update(ctx, "delete event", func(t *txn) error {
		if err := t.exec(`
			DELETE FROM events
			WHERE id = ?`, id); err != nil {
			return err
		}
		return t.del(wire.EntityEvent, id)
	})
}
