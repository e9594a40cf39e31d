package kiosktest

import (
	"context"
	"slices"
	"sync"
	"time"

	"onestop/kiosk"
)

// Appointments is an in-memory kiosk.AppointmentService applying
// kiosk.MentorRules from the hall's settings at the fake clock's time.
type Appointments struct {
	mu      sync.Mutex
	clock   kiosk.Clock
	hall    *Hall
	mentors []kiosk.Mentor
	slots   []kiosk.MentorSlot
	appts   []kiosk.Appointment
	err     error
}

// NewAppointments returns an empty service; hall may be nil for the
// default rules.
func NewAppointments(clock kiosk.Clock, hall *Hall) *Appointments {
	return &Appointments{clock: clock, hall: hall}
}

// AddMentor adds m and the slots it offers.
func (a *Appointments) AddMentor(m kiosk.Mentor, slots ...kiosk.MentorSlot) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.mentors = append(a.mentors, m)
	for _, s := range slots {
		s.MentorID = m.ID
		a.slots = append(a.slots, s)
	}
}

// AddAppointment stores ap as is, without the rules; the mentor type and
// times are taken from its slot when missing.
func (a *Appointments) AddAppointment(ap kiosk.Appointment) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if s, ok := a.slot(ap.SlotID); ok {
		a.fill(&ap, s)
	}
	if ap.Status == "" {
		ap.Status = kiosk.AppointmentBooked
	}
	a.appts = append(a.appts, ap)
}

// All returns every stored appointment in the order stored.
func (a *Appointments) All() []kiosk.Appointment {
	a.mu.Lock()
	defer a.mu.Unlock()
	return slices.Clone(a.appts)
}

// SetSyncState sets the kiosk-local sync state of appointment id.
func (a *Appointments) SetSyncState(id, state string) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if i := a.find(id); i >= 0 {
		a.appts[i].SyncState = state
	}
}

// SetErr makes every method fail with err; nil restores answers.
func (a *Appointments) SetErr(err error) {
	a.mu.Lock()
	a.err = err
	a.mu.Unlock()
}

func (a *Appointments) rules() kiosk.MentorRules { return a.hall.rules().Mentor }

func (a *Appointments) find(id string) int {
	return slices.IndexFunc(a.appts, func(x kiosk.Appointment) bool { return x.ID == id })
}

func (a *Appointments) slot(id string) (kiosk.MentorSlot, bool) {
	i := slices.IndexFunc(a.slots, func(s kiosk.MentorSlot) bool { return s.ID == id })
	if i < 0 {
		return kiosk.MentorSlot{}, false
	}
	s := a.slots[i]
	s.Taken = slices.ContainsFunc(a.appts, func(x kiosk.Appointment) bool { return x.SlotID == s.ID && x.Status.Holds() })
	return s, true
}

func (a *Appointments) fill(ap *kiosk.Appointment, s kiosk.MentorSlot) {
	ap.MentorID, ap.Start, ap.End = s.MentorID, s.Start, s.End
	if i := slices.IndexFunc(a.mentors, func(m kiosk.Mentor) bool { return m.ID == s.MentorID }); i >= 0 {
		ap.MentorType = a.mentors[i].Type
	}
}

// Mentors implements kiosk.AppointmentService.
func (a *Appointments) Mentors(_ context.Context, t kiosk.MentorType) ([]kiosk.Mentor, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.err != nil {
		return nil, a.err
	}
	var out []kiosk.Mentor
	for _, m := range a.mentors {
		if t == "" || m.Type == t {
			out = append(out, m)
		}
	}
	return out, nil
}

// MentorSlots implements kiosk.AppointmentService.
func (a *Appointments) MentorSlots(_ context.Context, mentorID string, from, to time.Time) ([]kiosk.MentorSlot, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.err != nil {
		return nil, a.err
	}
	var out []kiosk.MentorSlot
	for _, s := range a.slots {
		if s.MentorID == mentorID && !s.Start.Before(from) && s.Start.Before(to) {
			s, _ = a.slot(s.ID)
			out = append(out, s)
		}
	}
	slices.SortFunc(out, func(x, y kiosk.MentorSlot) int { return x.Start.Compare(y.Start) })
	return out, nil
}

// BookAppointment implements kiosk.AppointmentService under
// MentorRules.CheckAppointment.
func (a *Appointments) BookAppointment(_ context.Context, ap *kiosk.Appointment) error {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.err != nil {
		return a.err
	}
	if i := a.find(ap.ID); i >= 0 {
		*ap = a.appts[i]
		return nil
	}
	s, ok := a.slot(ap.SlotID)
	if !ok {
		return kiosk.Errorf(kiosk.ENOTFOUND, kiosk.MsgErrNotFound, "no slot %s", ap.SlotID)
	}
	now := a.clock.Now()
	if err := a.rules().CheckAppointment(now, s, a.of(ap.StudentKey)); err != nil {
		return err
	}
	a.fill(ap, s)
	ap.Status, ap.CreatedAt, ap.SyncState = kiosk.AppointmentBooked, now, kiosk.OutboxPending
	a.appts = append(a.appts, *ap)
	return nil
}

func (a *Appointments) of(key string) []kiosk.Appointment {
	var out []kiosk.Appointment
	for _, x := range a.appts {
		if x.StudentKey == key {
			out = append(out, x)
		}
	}
	return out
}

func (a *Appointments) own(key, id string) (int, error) {
	if a.err != nil {
		return -1, a.err
	}
	i := a.find(id)
	if i < 0 || a.appts[i].StudentKey != key {
		return -1, kiosk.Errorf(kiosk.ENOTFOUND, kiosk.MsgErrNotFound, "no appointment %s", id)
	}
	return i, nil
}

// CancelAppointment implements kiosk.AppointmentService.
func (a *Appointments) CancelAppointment(_ context.Context, studentKey, id string) (*kiosk.Appointment, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	i, err := a.own(studentKey, id)
	if err != nil {
		return nil, err
	}
	st, err := a.rules().Cancel(a.clock.Now(), a.appts[i])
	if err != nil {
		return nil, err
	}
	a.appts[i].Status = st
	cp := a.appts[i]
	return &cp, nil
}

// CheckInAppointment implements kiosk.AppointmentService.
func (a *Appointments) CheckInAppointment(_ context.Context, studentKey, id string) (*kiosk.Appointment, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	i, err := a.own(studentKey, id)
	if err != nil {
		return nil, err
	}
	now := a.clock.Now()
	tardy, err := a.rules().CheckIn(now, a.appts[i])
	if err != nil {
		return nil, err
	}
	x := &a.appts[i]
	x.Status, x.ArrivedAt, x.Tardy = kiosk.AppointmentArrived, now, tardy
	cp := *x
	return &cp, nil
}

// AppointmentsOf implements kiosk.AppointmentService.
func (a *Appointments) AppointmentsOf(_ context.Context, studentKey string, from, to time.Time) ([]kiosk.Appointment, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.err != nil {
		return nil, a.err
	}
	var out []kiosk.Appointment
	for _, x := range a.of(studentKey) {
		if !x.Start.Before(from) && x.Start.Before(to) {
			out = append(out, x)
		}
	}
	slices.SortFunc(out, func(x, y kiosk.Appointment) int { return x.Start.Compare(y.Start) })
	return out, nil
}
