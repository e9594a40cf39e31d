package kiosk

import "time"

// MentorTx is what the appointment use cases read and write inside one
// adapter transaction.
type MentorTx interface {
	ActorTx
	// Mentor returns the mentor; ENOTFOUND when there is none.
	Mentor(id string) (Mentor, error)
	// MentorSlot returns the slot with Taken set when an appointment
	// holds it; ENOTFOUND when there is none.
	MentorSlot(id string) (MentorSlot, error)
	// Appointment returns appointment id; found is false when none.
	Appointment(id string) (a Appointment, found bool, err error)
	// StudentAppointments returns the student's appointments starting
	// in [from, to).
	StudentAppointments(studentKey string, from, to time.Time) ([]Appointment, error)
	// SaveAppointment stores a as kind made it. A second holder of the
	// slot (a race past MentorSlot's Taken) is ECONFLICT, MsgErrSlotTaken.
	SaveAppointment(a Appointment, kind string) error
}

// maxSpan bounds a slot's or booking's length (settings cap bookings at
// a day): reads of what overlaps an interval look this far back.
const maxSpan = 24 * time.Hour

// BookAppointment books the mentor slot in.SlotID for the actor at now
// under the hall's MentorRules, copying mentor, type and times from the
// slot. The same id again returns the stored appointment; an id another
// student holds is a conflict.
func BookAppointment(tx MentorTx, now time.Time, act Actor, in Appointment) (Appointment, error) {
	in.StudentKey = act.StudentKey
	switch {
	case in.ID == "":
		return Appointment{}, errNoID("appointment")
	case in.SlotID == "":
		return Appointment{}, Errorf(EINVALID, MsgErrNotFound, "appointment has no slot").WithField("slot_id")
	}
	if old, found, err := tx.Appointment(in.ID); err != nil || found {
		if err == nil && old.StudentKey != in.StudentKey {
			err = errIDInUse("appointment", in.ID)
		}
		return old, err
	}
	s, err := actorSettings(tx, now, act)
	if err != nil {
		return Appointment{}, err
	}
	r := s.Mentor
	slot, err := tx.MentorSlot(in.SlotID)
	if err != nil {
		return Appointment{}, err
	}
	m, err := tx.Mentor(slot.MentorID)
	if err != nil {
		return Appointment{}, err
	}
	mine, err := tx.StudentAppointments(in.StudentKey, slot.Start.Add(-maxSpan), slot.End)
	if err != nil {
		return Appointment{}, err
	}
	for i := range mine {
		mine[i] = r.Effective(now, mine[i])
	}
	if err := r.CheckAppointment(now, slot, mine); err != nil {
		return Appointment{}, err
	}
	a := Appointment{
		ID: in.ID, SlotID: slot.ID, MentorID: m.ID, MentorType: m.Type, StudentKey: in.StudentKey,
		Start: r.local(slot.Start), End: r.local(slot.End), Status: AppointmentBooked,
		CreatedAt: keptTime(in.CreatedAt, now), AssistedBy: act.AssistedBy,
	}
	return a, tx.SaveAppointment(a, KindAppointmentCreate)
}

// CancelAppointment cancels the actor's own appointment: cancelled (the
// slot is free again) until the cancel deadline, missed after it.
// Cancelling it again returns it as stored.
func CancelAppointment(tx MentorTx, now time.Time, act Actor, id string) (Appointment, error) {
	a, s, err := ownAppointment(tx, now, act, id)
	if err != nil || !a.CancelledAt.IsZero() {
		return a, err
	}
	status, err := s.Mentor.Cancel(now, a)
	if err != nil {
		return Appointment{}, err
	}
	a.Status, a.CancelledAt = status, now
	return a, tx.SaveAppointment(a, KindAppointmentCancel)
}

// CheckInAppointment marks the actor's appointment arrived within its
// check-in window, so the mentor and the desk see it; tardy when late.
func CheckInAppointment(tx MentorTx, now time.Time, act Actor, id string) (Appointment, error) {
	a, s, err := ownAppointment(tx, now, act, id)
	if err != nil {
		return Appointment{}, err
	}
	// The stored status: a late student hears the window's times.
	tardy, err := s.Mentor.CheckIn(now, a)
	if err != nil {
		return Appointment{}, err
	}
	a.Status, a.ArrivedAt, a.Tardy = AppointmentArrived, now, tardy
	return a, tx.SaveAppointment(a, KindAppointmentCheckin)
}

func ownAppointment(tx MentorTx, now time.Time, act Actor, id string) (Appointment, Settings, error) {
	s, err := actorSettings(tx, now, act)
	if err != nil {
		return Appointment{}, s, err
	}
	a, found, err := tx.Appointment(id)
	if err == nil && (!found || a.StudentKey != act.StudentKey) {
		err = ErrNotFound("appointment", id)
	}
	return a, s, err
}
