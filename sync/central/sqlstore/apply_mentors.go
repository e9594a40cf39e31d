package sqlstore

import (
	"encoding/json"
	"time"

	"onestop/kiosk"
	"onestop/sync/wire"
)

// appointmentCreate books a mentor slot (kiosk.BookAppointment);
// appointment_holds' primary key allows one holding appointment per
// slot whatever the check saw.
func (a *applier) appointmentCreate(m kiosk.Mutation) (json.RawMessage, error) {
	var ap kiosk.Appointment
	if err := decodeCreate(m, &ap, &ap.ID); err != nil {
		return nil, err
	}
	return a.run(kiosk.BookAppointment(a, a.now, kiosk.Actor{StudentKey: ap.StudentKey, AssistedBy: ap.AssistedBy}, ap))
}

// appointmentCancel cancels in time or, late, records a miss.
func (a *applier) appointmentCancel(m kiosk.Mutation) (json.RawMessage, error) {
	p, err := decodeAction(m)
	if err != nil {
		return nil, err
	}
	return a.run(kiosk.CancelAppointment(a, a.now, p.Actor(), p.ID))
}

// appointmentCheckin marks the student arrived within the window.
func (a *applier) appointmentCheckin(m kiosk.Mutation) (json.RawMessage, error) {
	p, err := decodeAction(m)
	if err != nil {
		return nil, err
	}
	return a.run(kiosk.CheckInAppointment(a, a.now, p.Actor(), p.ID))
}

// saveAppointment writes a changed appointment; one that no longer
// holds its slot gives it back.
func (t *txn) saveAppointment(hall string, ap *kiosk.Appointment) (json.RawMessage, error) {
	if err := t.exec(`
		UPDATE appointments SET
			status = ?
		WHERE id = ?`,
		string(ap.Status),
		ap.ID,
	); err != nil {
		return nil, err
	}
	if !ap.Status.Holds() {
		if err := t.exec(`
			DELETE FROM appointment_holds
			WHERE appointment_id = ?`, ap.ID); err != nil {
			return nil, err
		}
	}
	return t.put(wire.EntityAppointment, ap.ID, hall, ap)
}

// appointments returns the appointments matching where from the typed
// columns, as far as the rules need them.
func (t *txn) appointments(where string, args ...any) ([]kiosk.Appointment, error) {
	rows, err := t.query(`
		SELECT
			id,
			slot_id,
			student_key,
			start_at,
			end_at,
			status
		FROM appointments
		WHERE `+where, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	loc := t.now.Location()
	var as []kiosk.Appointment
	for rows.Next() {
		var ap kiosk.Appointment
		var start, end int64
		if err := rows.Scan(&ap.ID, &ap.SlotID, &ap.StudentKey, &start, &end, &ap.Status); err != nil {
			return nil, err
		}
		ap.Start, ap.End = time.Unix(0, start).In(loc), time.Unix(0, end).In(loc)
		as = append(as, ap)
	}
	return as, rows.Err()
}
