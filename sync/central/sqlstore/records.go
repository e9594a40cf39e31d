package sqlstore

import (
	"context"
	"database/sql"
	"time"

	"onestop/kiosk"
	"onestop/sync/central"
	"onestop/sync/wire"
)

// The typed rows of students' records. Each insert writes what queries
// and constraints need; the caller puts the entity to the feed.

// insertBooking stores a booking and, while it holds its room, one hold
// per slot: the primary key of booking_holds refuses a second holder.
func (t *txn) insertBooking(hall string, b *kiosk.Booking, slot time.Duration) error {
	if err := t.exec(`
		INSERT INTO bookings (
			id,
			hall_id,
			room_id,
			student_key,
			start_at,
			end_at,
			status
		) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		b.ID,
		hall,
		b.RoomID,
		b.StudentKey,
		b.Start.UnixNano(),
		b.End.UnixNano(),
		string(b.Status),
	); err != nil {
		return err
	}
	if !b.Status.Holds() {
		return nil
	}
	for s := b.Start; s.Before(b.End); s = s.Add(slot) {
		if err := t.exec(`
			INSERT INTO booking_holds (
				room_id,
				slot_start,
				booking_id
			) VALUES (?, ?, ?)`,
			b.RoomID,
			s.UnixNano(),
			b.ID,
		); err != nil {
			return err
		}
	}
	return nil
}

// insertAppointment stores an appointment and, while it holds its slot,
// the slot's one hold.
func (t *txn) insertAppointment(hall string, ap *kiosk.Appointment) error {
	if err := t.exec(`
		INSERT INTO appointments (
			id,
			hall_id,
			slot_id,
			mentor_id,
			student_key,
			start_at,
			end_at,
			status
		) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
		ap.ID,
		hall,
		ap.SlotID,
		ap.MentorID,
		ap.StudentKey,
		ap.Start.UnixNano(),
		ap.End.UnixNano(),
		string(ap.Status),
	); err != nil || !ap.Status.Holds() {
		return err
	}
	err := t.exec(`
		INSERT INTO appointment_holds (
			slot_id,
			appointment_id
		) VALUES (?, ?)`,
		ap.SlotID,
		ap.ID,
	)
	return err
}

func (t *txn) insertVisit(hall string, v *kiosk.Visit) error {
	err := t.exec(`
		INSERT INTO visits (
			id,
			hall_id,
			student_key,
			at,
			purpose
		) VALUES (?, ?, ?, ?, ?)`,
		v.ID,
		hall,
		v.StudentKey,
		v.At.UnixNano(),
		string(v.Purpose),
	)
	return err
}

func (t *txn) insertAttendance(hall string, at *kiosk.Attendance) error {
	err := t.exec(`
		INSERT INTO attendance (
			id,
			hall_id,
			event_id,
			student_key
		) VALUES (?, ?, ?, ?)`,
		at.ID,
		hall,
		at.EventID,
		at.StudentKey,
	)
	return err
}

func (t *txn) insertRequest(hall string, r *kiosk.Request) error {
	err := t.exec(`
		INSERT INTO requests (
			id,
			hall_id,
			token,
			ticket,
			student_key,
			status,
			due_at,
			`+boardColumns+`,
			`+followUpColumns+`
		) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		append(append([]any{
			r.ID,
			hall,
			r.Token,
			r.Ticket,
			r.StudentKey,
			string(r.Status),
			nanos(r.DueAt),
		}, boardArgs(r)...), followUpArgs(r)...)...,
	)
	if err != nil || r.AssistedBy == "" {
		return err
	}
	return t.markAssisted(r)
}

// insertShift keeps a shift's row; an imported shift that was capped
// and not corrected has its end as the cap's (migration 0019).
func (t *txn) insertShift(hall string, s *kiosk.Shift) error {
	var capped, corrected int
	var capEnd sql.NullInt64
	if s.Capped {
		capped = 1
		if s.CorrectedAt.IsZero() {
			capEnd = nanos(s.End)
		}
	}
	if !s.CorrectedAt.IsZero() {
		corrected = 1
	}
	return t.exec(`
		INSERT INTO shifts (
			id,
			hall_id,
			student_key,
			start_at,
			end_at,
			capped,
			capped_end_at,
			corrected
		) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
		s.ID,
		hall,
		s.StudentKey,
		s.Start.UnixNano(),
		nanos(s.End),
		capped,
		capEnd,
		corrected,
	)
}

// ImportHistory stores students' records as they are, in one
// transaction: no rules, but the hold constraints still refuse a double
// booking.
func (db *DB) ImportHistory(ctx context.Context, hall string, h central.History) error {
	return db.update(ctx, "import history", func(t *txn) error {
		set, err := t.rules(hall)
		if err != nil {
			return err
		}
		// rows pairs each record's insert with its feed entity.
		var rows []func() (string, string, any, error)
		for _, b := range h.Bookings {
			rows = append(rows, func() (string, string, any, error) {
				return wire.EntityBooking, b.ID, b, t.insertBooking(hall, &b, set.Room.Slot)
			})
		}
		for _, a := range h.Appointments {
			rows = append(rows, func() (string, string, any, error) {
				return wire.EntityAppointment, a.ID, a, t.insertAppointment(hall, &a)
			})
		}
		for _, r := range h.Requests {
			r.HallID = hall
			rows = append(rows, func() (string, string, any, error) {
				return wire.EntityRequest, r.ID, r, t.insertRequest(hall, &r)
			})
		}
		for _, v := range h.Visits {
			v.HallID = hall
			rows = append(rows, func() (string, string, any, error) {
				return wire.EntityVisit, v.ID, v, t.insertVisit(hall, &v)
			})
		}
		for _, a := range h.Attendance {
			rows = append(rows, func() (string, string, any, error) {
				return wire.EntityAttendance, a.ID, a, t.insertAttendance(hall, &a)
			})
		}
		for _, s := range h.Shifts {
			rows = append(rows, func() (string, string, any, error) {
				return wire.EntityShift, s.ID, s, t.insertShift(hall, &s)
			})
		}
		for _, row := range rows {
			entity, id, v, err := row()
			if err != nil {
				return err
			}
			if _, err := t.put(entity, id, hall, v); err != nil {
				return err
			}
		}
		return nil
	})
}
