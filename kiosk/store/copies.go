package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"

	"onestop/kiosk"
)

// This file holds the writers for students' rows as central has them:
// other kiosks' bookings and appointments that take rooms and slots,
// and a student's history for "my records". They queue nothing. A row
// comes in as applied; it replaces the local copy unless that has a
// change still waiting for central's answer (sync_state pending), which
// central has not seen yet.

var (
	bookingStatuses = []kiosk.BookingStatus{
		kiosk.BookingBooked, kiosk.BookingCheckedIn, kiosk.BookingCancelled, kiosk.BookingNoShow,
	}
	appointmentStatuses = []kiosk.AppointmentStatus{
		kiosk.AppointmentBooked, kiosk.AppointmentArrived, kiosk.AppointmentCancelled,
		kiosk.AppointmentMissed, kiosk.AppointmentCompleted,
	}
)

// PutShifts adds or replaces volunteer shifts by id.
func (db *DB) PutShifts(ctx context.Context, ss []kiosk.Shift) error {
	for _, s := range ss {
		if s.ID == "" || s.StudentKey == "" {
			return kiosk.Errorf(kiosk.EINVALID, kiosk.MsgErrInternal, "shift %q: no id or student", s.ID)
		}
		if _, err := required("shift start", s.Start); err != nil {
			return err
		}
		if !s.End.IsZero() && !s.End.After(s.Start) {
			return kiosk.Errorf(kiosk.EINVALID, kiosk.MsgErrInternal, "shift %q ends before it starts", s.ID)
		}
	}
	return putAll(ctx, db, "put shifts", "shift", ss, putShift)
}

func putShift(ctx context.Context, tx *sql.Tx, s kiosk.Shift) error {
	end, err := nanos(s.End)
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `
		INSERT INTO shifts (
			id,
			student_key,
			start_at,
			end_at
		) VALUES (?, ?, ?, ?)
		ON CONFLICT (id) DO UPDATE SET
			student_key = excluded.student_key,
			start_at = excluded.start_at,
			end_at = excluded.end_at`,
		s.ID,
		s.StudentKey,
		s.Start.UnixNano(),
		end,
	)
	return err
}

// PutBookings adds or replaces bookings as central has them.
func (db *DB) PutBookings(ctx context.Context, bs []kiosk.Booking) error {
	for _, b := range bs {
		if b.ID == "" || b.RoomID == "" || b.StudentKey == "" || !slices.Contains(bookingStatuses, b.Status) {
			return kiosk.Errorf(kiosk.EINVALID, kiosk.MsgErrInternal, "booking %q: no id, room, student or status", b.ID)
		}
		if err := checkSpan("booking", b.ID, b.Start, b.End); err != nil {
			return err
		}
	}
	return putAll(ctx, db, "put bookings", "booking", bs, func(ctx context.Context, tx *sql.Tx, b kiosk.Booking) error {
		if b.CreatedAt.IsZero() {
			b.CreatedAt = db.clockNow()
		}
		return upsertBooking(ctx, tx, b)
	})
}

func upsertBooking(ctx context.Context, tx *sql.Tx, b kiosk.Booking) error {
	args, err := bookingArgs(b, b.CreatedAt.UnixNano())
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `
		INSERT INTO bookings (`+bookingCols+`
		) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'applied')
		ON CONFLICT (id) DO UPDATE SET
			room_id = excluded.room_id,
			student_key = excluded.student_key,
			start_at = excluded.start_at,
			end_at = excluded.end_at,
			status = excluded.status,
			checked_in_at = excluded.checked_in_at,
			tardy = excluded.tardy,
			sync_state = 'applied'
		WHERE bookings.sync_state <> 'pending'`,
		args...)
	return err
}

// PutAppointments adds or replaces appointments as central has them.
// One that would hold a slot another local appointment holds is refused
// as a conflict: central's answer to the local one must come first.
func (db *DB) PutAppointments(ctx context.Context, as []kiosk.Appointment) error {
	for _, a := range as {
		if a.ID == "" || a.SlotID == "" || a.StudentKey == "" || !slices.Contains(appointmentStatuses, a.Status) {
			return kiosk.Errorf(kiosk.EINVALID, kiosk.MsgErrInternal, "appointment %q: no id, slot, student or status", a.ID)
		}
		if err := checkSpan("appointment", a.ID, a.Start, a.End); err != nil {
			return err
		}
	}
	return db.update(ctx, "put appointments", func(tx *sql.Tx) error {
		for _, a := range as {
			if a.CreatedAt.IsZero() {
				a.CreatedAt = db.clockNow()
			}
			err := upsertAppointment(ctx, tx, a)
			if isUnique(err) {
				return kiosk.Errorf(kiosk.ECONFLICT, kiosk.MsgErrSlotTaken, "appointment %q: slot %s is held locally", a.ID, a.SlotID)
			}
			if err != nil {
				return fmt.Errorf("appointment %q: %w", a.ID, err)
			}
		}
		return nil
	})
}

func upsertAppointment(ctx context.Context, tx *sql.Tx, a kiosk.Appointment) error {
	args, err := appointmentArgs(a, a.CreatedAt.UnixNano())
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `
		INSERT INTO appointments (`+appointmentCols+`
		) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'applied')
		ON CONFLICT (id) DO UPDATE SET
			slot_id = excluded.slot_id,
			mentor_id = excluded.mentor_id,
			mentor_type = excluded.mentor_type,
			student_key = excluded.student_key,
			start_at = excluded.start_at,
			end_at = excluded.end_at,
			status = excluded.status,
			arrived_at = excluded.arrived_at,
			tardy = excluded.tardy,
			sync_state = 'applied'
		WHERE appointments.sync_state <> 'pending'`,
		args...)
	return err
}

// PutRequests adds or replaces requests as central has them, with their
// status, notes, deadline and rating.
func (db *DB) PutRequests(ctx context.Context, rs []kiosk.Request) error {
	for _, r := range rs {
		if r.ID == "" || r.StudentKey == "" || r.Ticket == "" || r.Token == "" || !slices.Contains(requestStatuses, r.Status) {
			return kiosk.Errorf(kiosk.EINVALID, kiosk.MsgErrInternal, "request %q: no id, student, ticket, token or status", r.ID)
		}
		if _, err := required("request", r.SubmittedAt); err != nil {
			return err
		}
	}
	return putAll(ctx, db, "put requests", "request", rs, upsertRequest)
}

func upsertRequest(ctx context.Context, tx *sql.Tx, r kiosk.Request) error {
	args, err := requestArgs(r, r.SubmittedAt.UnixNano())
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `
		INSERT INTO requests (`+requestCols+`
		) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'applied')
		ON CONFLICT (id) DO UPDATE SET
			hall_id = excluded.hall_id,
			category = excluded.category,
			building_id = excluded.building_id,
			floor = excluded.floor,
			room = excluded.room,
			presets = excluded.presets,
			contact = excluded.contact,
			status = excluded.status,
			due_at = excluded.due_at,
			notes = excluded.notes,
			outcome = excluded.outcome,
			rating = excluded.rating,
			sync_state = 'applied'
		WHERE requests.sync_state <> 'pending'`,
		args...)
	return err
}

// PutVisits adds visits as central has them (made at other halls); a
// visit is never changed once made, so a known id is left alone.
func (db *DB) PutVisits(ctx context.Context, vs []kiosk.Visit) error {
	for _, v := range vs {
		if err := v.Validate(); err != nil {
			return fmt.Errorf("visit %q: %w", v.ID, err)
		}
	}
	return putAll(ctx, db, "put visits", "visit", vs, func(ctx context.Context, tx *sql.Tx, v kiosk.Visit) error {
		_, err := insertVisit(ctx, tx, v, kiosk.OutboxApplied)
		return err
	})
}

// PutAttendance adds event attendance as central has it; like a visit,
// a known id is left alone, and so is a second one for the same event
// and student.
func (db *DB) PutAttendance(ctx context.Context, as []kiosk.Attendance) error {
	for _, a := range as {
		if a.ID == "" || a.EventID == "" || a.StudentKey == "" {
			return kiosk.Errorf(kiosk.EINVALID, kiosk.MsgErrInternal, "attendance %q: no id, event or student", a.ID)
		}
		if _, err := required("attendance", a.At); err != nil {
			return err
		}
	}
	return putAll(ctx, db, "put attendance", "attendance", as, func(ctx context.Context, tx *sql.Tx, a kiosk.Attendance) error {
		_, err := tx.ExecContext(ctx, `
			INSERT INTO attendance (`+attendanceCols+`
			) VALUES (?, ?, ?, ?, ?, 'applied')
			ON CONFLICT DO NOTHING`,
			attendanceArgs(a)...)
		return err
	})
}
