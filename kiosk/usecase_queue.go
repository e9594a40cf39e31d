package kiosk

import (
	"slices"
	"time"
)

// AppointmentQueue is where an arrived student stands in the desk's
// queue: waiting ("" ), with the mentor, or gone without being seen.
type AppointmentQueue string

const (
	QueueWaiting    AppointmentQueue = ""
	QueueWithMentor AppointmentQueue = "with_mentor"
	QueueLeft       AppointmentQueue = "left" // left without being seen
)

// Valid reports whether q is a queue state.
func (q AppointmentQueue) Valid() bool {
	return q == QueueWaiting || q == QueueWithMentor || q == QueueLeft
}

// KindAppointmentQueue moves an arrived appointment in the desk's queue.
const KindAppointmentQueue = "appointment.queue"

// MarkQueue moves the arrived appointment id to q for the desk's
// volunteer: "with the mentor" or "left without being seen", and back
// to waiting, any number of times (a wrong tap is put right). Only a
// volunteer of the hall may, and only for an appointment checked in and
// not closed by the mentor. The same state again is a no-op.
func MarkQueue(tx MentorTx, now time.Time, volunteer, id string, q AppointmentQueue) (Appointment, error) {
	if !q.Valid() {
		return Appointment{}, invalidField("queue", "unknown queue state %q", q)
	}
	if volunteer == "" {
		return Appointment{}, errNoStudent("queue")
	}
	roles, err := tx.StudentRoles(volunteer)
	if err != nil {
		return Appointment{}, err
	}
	if !slices.Contains(roles, RoleVolunteer) {
		return Appointment{}, Errorf(EFORBIDDEN, MsgErrNotVolunteer, "helper is not a volunteer")
	}
	a, found, err := tx.Appointment(id)
	if err == nil && !found {
		err = ErrNotFound("appointment", id)
	}
	if err != nil {
		return Appointment{}, err
	}
	if a.Status != AppointmentArrived {
		return Appointment{}, Errorf(EINVALID, MsgErrNotActive, "appointment %s is %s, not arrived", a.ID, a.Status)
	}
	if a.Queue == q {
		return a, nil
	}
	a.Queue, a.QueueBy, a.QueueAt = q, volunteer, now
	return a, tx.SaveAppointment(a, KindAppointmentQueue)
}
