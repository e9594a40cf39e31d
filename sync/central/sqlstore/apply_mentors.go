package sqlstore

import (
	"encoding/json"
	"time"

	"onestop/kiosk"
	"onestop/sync/wire"
)

// appointmentCreate books a mentor slot with the hall's MentorRules at
// the server's time; appointment_holds' primary key allows one holding
// appointment per slot whatever the check saw.
func (a *applier) appointmentCreate(m kiosk.Mutation) (json.RawMessage, error) {
	var ap kiosk.Appointment
	if err := decode(m, &ap); err != nil {
		return nil, err
	}
	if ap.ID == "" {
		ap.ID = m.ID
	}
	if ap.StudentKey == "" || ap.SlotID == "" {
		return nil, kiosk.Errorf(kiosk.EINVALID, kiosk.MsgErrSyncRejected, "appointment needs a student and a slot")
	}
	if data, done, err := a.sameAgain(wire.EntityAppointment, ap.ID, ap.StudentKey); done || err != nil {
		return data, err
	}
	var slot kiosk.MentorSlot
	if err := a.inHall(wire.EntityMentorSlot, ap.SlotID, &slot); err != nil {
		return nil, err
	}
	var mentor kiosk.Mentor
	if err := a.inHall(wire.EntityMentor, slot.MentorID, &mentor); err != nil {
		return nil, err
	}
	if _, err := a.studentRoles(ap.StudentKey); err != nil {
		return nil, err
	}
	set, err := a.settings()
	if err != nil {
		return nil, err
	}
	loc := a.now.Location()
	slot.Start, slot.End = slot.Start.In(loc), slot.End.In(loc)
	var held int
	if err := a.t.row(`
		SELECT
			count(*)
		FROM appointment_holds
		WHERE slot_id = ?`, slot.ID).Scan(&held); err != nil {
		return nil, err
	}
	slot.Taken = held > 0
	mine, err := a.t.appointments(`student_key = ? AND start_at < ? AND end_at > ?`,
		ap.StudentKey, slot.End.UnixNano(), slot.Start.UnixNano())
	if err != nil {
		return nil, err
	}
	if err := set.Mentor.CheckAppointment(a.now, slot, mine); err != nil {
		return nil, err
	}
	ap.MentorID, ap.MentorType, ap.Start, ap.End = mentor.ID, mentor.Type, slot.Start, slot.End
	ap.Status, ap.ArrivedAt, ap.Tardy = kiosk.AppointmentBooked, time.Time{}, false
	if ap.CreatedAt.IsZero() {
		ap.CreatedAt = a.now
	}
	if err := a.t.insertAppointment(a.hall, &ap); err != nil {
		return nil, err
	}
	return a.t.putNew(wire.EntityAppointment, ap.ID, a.hall, ap)
}

// appointmentCancel cancels in time (the slot is free again) or, late,
// records the appointment as missed.
func (a *applier) appointmentCancel(m kiosk.Mutation) (json.RawMessage, error) {
	var ap kiosk.Appointment
	if _, err := a.action(m, wire.EntityAppointment, &ap, func() string { return ap.StudentKey }); err != nil {
		return nil, err
	}
	set, err := a.settings()
	if err != nil {
		return nil, err
	}
	status, err := set.Mentor.Cancel(a.now, ap)
	if err != nil {
		return nil, err
	}
	ap.Status = status
	return a.t.saveAppointment(a.hall, &ap)
}

// appointmentCheckin marks the student arrived within the window.
func (a *applier) appointmentCheckin(m kiosk.Mutation) (json.RawMessage, error) {
	var ap kiosk.Appointment
	if _, err := a.action(m, wire.EntityAppointment, &ap, func() string { return ap.StudentKey }); err != nil {
		return nil, err
	}
	set, err := a.settings()
	if err != nil {
		return nil, err
	}
	tardy, err := set.Mentor.CheckIn(a.now, ap)
	if err != nil {
		return nil, err
	}
	ap.Status, ap.ArrivedAt, ap.Tardy = kiosk.AppointmentArrived, a.now, tardy
	return a.t.saveAppointment(a.hall, &ap)
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
