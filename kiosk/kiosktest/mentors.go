package kiosktest

import (
	"context"
	"slices"
	"time"

	"onestop/kiosk"
)

// Appointments is an in-memory kiosk.AppointmentService: writes run the
// domain's BookAppointment, CancelAppointment and CheckInAppointment at
// the fake clock's time; reads apply MentorRules.Effective.
type Appointments struct{ service }

// newAppointments returns an empty service on hall's state; a nil hall
// is a new one.
func newAppointments(clock kiosk.Clock, hall *Hall) *Appointments {
	return &Appointments{on(clock, hall)}
}

// AddMentor adds m and the slots it offers.
func (a *Appointments) AddMentor(m kiosk.Mentor, slots ...kiosk.MentorSlot) {
	a.locked(func(s *state) {
		s.mentors = append(s.mentors, m)
		for _, sl := range slots {
			sl.MentorID, sl.Taken = m.ID, false
			s.slots = append(s.slots, sl)
		}
	})
}

// AddAppointment stores ap as is, without the rules; mentor, type and
// times come from its slot when it has one, and no status is booked.
func (a *Appointments) AddAppointment(ap kiosk.Appointment) {
	a.locked(func(s *state) {
		if sl, err := s.MentorSlot(ap.SlotID); err == nil {
			ap.MentorID, ap.Start, ap.End = sl.MentorID, sl.Start, sl.End
			if m, err := s.Mentor(sl.MentorID); err == nil {
				ap.MentorType = m.Type
			}
		}
		if ap.Status == "" {
			ap.Status = kiosk.AppointmentBooked
		}
		s.appts = append(s.appts, ap)
	})
}

// All returns every stored appointment in the order stored, as stored.
func (a *Appointments) All() []kiosk.Appointment {
	var out []kiosk.Appointment
	a.locked(func(s *state) { out = slices.Clone(s.appts) })
	return out
}

// SetSyncState sets the kiosk-local sync state of appointment id.
func (a *Appointments) SetSyncState(id, syncState string) {
	a.locked(func(s *state) {
		if i := index(s.appts, id, appointmentID); i >= 0 {
			s.appts[i].SyncState = syncState
		}
	})
}

// Mentors implements kiosk.AppointmentService, in the order added.
func (a *Appointments) Mentors(_ context.Context, t kiosk.MentorType) ([]kiosk.Mentor, error) {
	_, err := a.begin()
	defer a.end()
	if err != nil {
		return nil, err
	}
	var out []kiosk.Mentor
	for _, m := range a.st.mentors {
		if t == "" || m.Type == t {
			out = append(out, m)
		}
	}
	return out, nil
}

// MentorSlots implements kiosk.AppointmentService: Taken when an
// appointment holds the slot as Effective at the clock's time.
func (a *Appointments) MentorSlots(_ context.Context, mentorID string, from, to time.Time) ([]kiosk.MentorSlot, error) {
	now, err := a.begin()
	defer a.end()
	if err != nil {
		return nil, err
	}
	set, _ := a.st.Settings()
	holds := func(ap kiosk.Appointment) bool { return set.Mentor.Effective(now, ap).Status.Holds() }
	var out []kiosk.MentorSlot
	for _, sl := range a.st.slots {
		if sl.MentorID == mentorID && !sl.Start.Before(from) && sl.Start.Before(to) {
			sl.Taken = a.st.slotTaken(sl.ID, "", holds)
			out = append(out, sl)
		}
	}
	slices.SortFunc(out, func(x, y kiosk.MentorSlot) int { return byStart(x.Start, y.Start, x.ID, y.ID) })
	return out, nil
}

// BookAppointment implements kiosk.AppointmentService with
// kiosk.BookAppointment and fills ap as stored: the same id again is
// the stored appointment, another student's id a conflict.
func (a *Appointments) BookAppointment(_ context.Context, ap *kiosk.Appointment) error {
	now, err := a.begin()
	defer a.end()
	if err != nil {
		return err
	}
	got, err := kiosk.BookAppointment(a.st, now, actor(ap.StudentKey, ap.AssistedBy), *ap)
	if err != nil {
		return err
	}
	*ap, _, err = a.st.Appointment(got.ID)
	return err
}

// CancelAppointment implements kiosk.AppointmentService.
func (a *Appointments) CancelAppointment(_ context.Context, studentKey, id string) (*kiosk.Appointment, error) {
	return a.change(kiosk.CancelAppointment, kiosk.Self(studentKey), id)
}

// CheckInAppointment implements kiosk.AppointmentService.
func (a *Appointments) CheckInAppointment(_ context.Context, act kiosk.Actor, id string) (*kiosk.Appointment, error) {
	return a.change(kiosk.CheckInAppointment, act, id)
}

type appointmentCase func(kiosk.MentorTx, time.Time, kiosk.Actor, string) (kiosk.Appointment, error)

// change runs a use case on the student's own appointment and returns
// it as stored.
func (a *Appointments) change(uc appointmentCase, act kiosk.Actor, id string) (*kiosk.Appointment, error) {
	now, err := a.begin()
	defer a.end()
	if err != nil {
		return nil, err
	}
	if _, err := uc(a.st, now, act, id); err != nil {
		return nil, err
	}
	ap, _, err := a.st.Appointment(id)
	return &ap, err
}

// AppointmentsOf implements kiosk.AppointmentService: appointments
// starting in [from, to), as Effective at the clock's time.
func (a *Appointments) AppointmentsOf(_ context.Context, studentKey string, from, to time.Time) ([]kiosk.Appointment, error) {
	now, err := a.begin()
	defer a.end()
	if err != nil {
		return nil, err
	}
	set, _ := a.st.Settings()
	out, _ := a.st.StudentAppointments(studentKey, from, to)
	for i := range out {
		out[i] = set.Mentor.Effective(now, out[i])
	}
	return out, nil
}
