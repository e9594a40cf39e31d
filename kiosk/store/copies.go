package store

import (
	"context"
	"database/sql"

	"onestop/kiosk"
)

// This file writes the students' rows central sends (sync_apply.go):
// other kiosks' bookings and appointments that take rooms and slots,
// and a student's history for "my records". A row comes in as applied;
// it replaces the local copy unless that has a change still waiting for
// central's answer (sync_state pending), which central has not seen yet.

func putShift(ctx context.Context, tx *sql.Tx, s kiosk.Shift) error {
	end, err := nanos(s.End)
	if err != nil {
		return err
	}
	corrected, err := nanos(s.CorrectedAt)
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `
		INSERT INTO shifts (
			id,
			student_key,
			start_at,
			end_at,
			capped,
			corrected_at
		) VALUES (?, ?, ?, ?, ?, ?)
		ON CONFLICT (id) DO UPDATE SET
			student_key = excluded.student_key,
			start_at = excluded.start_at,
			end_at = excluded.end_at,
			capped = excluded.capped,
			corrected_at = excluded.corrected_at`,
		s.ID,
		s.StudentKey,
		s.Start.UnixNano(),
		end,
		s.Capped,
		corrected,
	)
	return err
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
	if err != nil {
		return err
	}
	return putQueue(ctx, tx, a)
}

func upsertRequest(ctx context.Context, tx *sql.Tx, r kiosk.Request) error {
	args, err := requestArgs(r, r.SubmittedAt.UnixNano())
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `
		INSERT INTO requests (`+requestCols+`
		) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'applied')
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
			unit_id = excluded.unit_id,
			response_due_at = excluded.response_due_at,
			responded_at = excluded.responded_at,
			resolved_at = excluded.resolved_at,
			follow_up = excluded.follow_up,
			proactive = excluded.proactive,
			sync_state = 'applied'
		WHERE requests.sync_state <> 'pending'`,
		args...)
	return err
}
