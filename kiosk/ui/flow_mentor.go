package ui

import (
	"context"
	"slices"
	"time"

	"onestop/kiosk"
)

// MentorState is the appointment flow: type → mentor → week of free
// slots → booked; and my appointments with cancel.
type MentorState struct {
	Type     kiosk.MentorType
	Mentors  []kiosk.Mentor
	Page     int
	Mentor   *kiosk.Mentor
	Week     int // weeks after this one, within Settings.Mentor.WindowDays
	Slots    []kiosk.MentorSlot
	RowPage  int
	Slot     *kiosk.MentorSlot // chosen
	Pending  *kiosk.Appointment
	Booked   *kiosk.Appointment
	Meetings int // academic mentor meetings this month

	Mine     []kiosk.Appointment
	MinePage int
	Names    map[string]kiosk.Mentor // mentors of the non-private ones
	Cancel   *kiosk.Appointment      // waiting for "yes, cancel"
}

// Page sizes of the mentor screens.
const (
	MentorPageSize = 4
	MinePageSize   = 4
)

// WeekRows is how many slots a day column of the week view shows per
// page: five, three in large text.
func (f *Flow) WeekRows() int {
	if f.S.Large {
		return 3
	}
	return 5
}

// WeekDay is one column of the week view: the day and its free slots.
type WeekDay struct {
	Date  time.Time
	Slots []kiosk.MentorSlot
}

// ChooseMentorType lists the mentors of type t.
func (f *Flow) ChooseMentorType(ctx context.Context, t kiosk.MentorType) {
	f.S.clearMessages()
	ms, err := f.d.Appointments.Mentors(ctx, t)
	if err != nil {
		f.S.Fail(err)
		return
	}
	m := &f.S.Mentor
	if m.Type != t {
		m.Page = 0
	}
	m.Type, m.Mentors = t, ms
	f.S.Screen = ScreenMentorList
}

// ChooseMentor opens the week view of mentor id, this week first.
func (f *Flow) ChooseMentor(ctx context.Context, id string) {
	f.S.clearMessages()
	m := &f.S.Mentor
	i := slices.IndexFunc(m.Mentors, func(x kiosk.Mentor) bool { return x.ID == id })
	if i < 0 {
		return
	}
	if m.Mentor == nil || m.Mentor.ID != id {
		mentor := m.Mentors[i]
		m.Mentor, m.Week, m.RowPage, m.Slot = &mentor, 0, 0, nil
	}
	f.S.Screen = ScreenMentorWeek
	f.loadWeek(ctx)
}

// Weeks is how many week pages the booking window spans.
func (f *Flow) Weeks() int { return Pages(f.Settings.Mentor.WindowDays+1, 7) }

// weekRange is the shown week's [from, to), cut at the window's end.
func (f *Flow) weekRange() (from, to time.Time) {
	today := kiosk.StartOfDay(f.now())
	from = today.AddDate(0, 0, 7*f.S.Mentor.Week)
	to = from.AddDate(0, 0, 7)
	if last := today.AddDate(0, 0, f.Settings.Mentor.WindowDays+1); to.After(last) {
		to = last
	}
	return from, to
}

func (f *Flow) loadWeek(ctx context.Context) {
	m := &f.S.Mentor
	if m.Mentor == nil {
		return
	}
	from, to := f.weekRange()
	slots, err := f.d.Appointments.MentorSlots(ctx, m.Mentor.ID, from, to)
	if err != nil {
		f.S.Fail(err)
		return
	}
	m.Slots = slots
}

// StepWeek pages the week view; the chosen slot stays chosen.
func (f *Flow) StepWeek(ctx context.Context, d int) {
	f.S.clearMessages()
	m := &f.S.Mentor
	w := min(max(m.Week+d, 0), f.Weeks()-1)
	if w == m.Week {
		return
	}
	m.Week, m.RowPage = w, 0
	f.loadWeek(ctx)
}

// WeekView returns the shown week's days with their free future slots.
func (f *Flow) WeekView() []WeekDay {
	from, to := f.weekRange()
	now := f.now()
	var days []WeekDay
	for d := from; d.Before(to); d = d.AddDate(0, 0, 1) {
		days = append(days, WeekDay{Date: d})
	}
	for _, s := range f.S.Mentor.Slots {
		if s.Taken || s.Start.Before(now) {
			continue
		}
		for i := range days {
			if kiosk.StartOfDay(s.Start).Equal(days[i].Date) {
				days[i].Slots = append(days[i].Slots, s)
			}
		}
	}
	return days
}

// RowPages is how many pages the busiest day of the week needs.
func (f *Flow) RowPages(days []WeekDay) int {
	most := 0
	for _, d := range days {
		most = max(most, len(d.Slots))
	}
	return Pages(most, f.WeekRows())
}

// PickMentorSlot chooses slot id of the shown week.
func (f *Flow) PickMentorSlot(id string) {
	f.S.clearMessages()
	m := &f.S.Mentor
	if i := slices.IndexFunc(m.Slots, func(s kiosk.MentorSlot) bool { return s.ID == id }); i >= 0 {
		s := m.Slots[i]
		m.Slot = &s
	}
}

// BookAppointment books the chosen slot. Refusals show in place with
// the choice kept; a taken slot reloads the week.
func (f *Flow) BookAppointment(ctx context.Context) {
	f.S.clearMessages()
	m := &f.S.Mentor
	if m.Slot == nil || m.Mentor == nil {
		return
	}
	a := m.Pending
	if a == nil || a.SlotID != m.Slot.ID {
		id, err := f.d.IDs.NewID()
		if err != nil {
			f.S.Fail(err)
			return
		}
		a = &kiosk.Appointment{ID: id, SlotID: m.Slot.ID, StudentKey: f.studentKey(), AssistedBy: f.S.AssistedBy}
	}
	m.Pending = a
	if err := f.d.Appointments.BookAppointment(ctx, a); err != nil {
		f.S.Fail(err)
		if kiosk.ErrorCode(err) == kiosk.ECONFLICT {
			f.loadWeek(ctx)
		}
		return
	}
	if a.Start.IsZero() { // the store fills these in; never show a blank
		a.MentorID, a.MentorType, a.Start, a.End = m.Mentor.ID, m.Mentor.Type, m.Slot.Start, m.Slot.End
	}
	m.Pending, m.Booked = nil, a
	m.Meetings = f.academicMeetings(ctx)
	f.S.Screen = ScreenMentorDone
}

// academicMeetings counts this month's academic mentor meetings; -1 if
// they cannot be read.
func (f *Flow) academicMeetings(ctx context.Context) int {
	now := f.now()
	from := kiosk.StartOfMonth(now)
	appts, err := f.d.Appointments.AppointmentsOf(ctx, f.studentKey(), from, from.AddDate(0, 1, 0))
	if err != nil {
		return -1
	}
	return f.Settings.Mentor.AcademicMeetings(now, appts)
}

// OpenMyAppointments lists the student's booked and arrived
// appointments from today through the booking window.
func (f *Flow) OpenMyAppointments(ctx context.Context) {
	f.S.clearMessages()
	f.S.Screen = ScreenMyAppointments
	f.loadMine(ctx)
}

func (f *Flow) loadMine(ctx context.Context) {
	m := &f.S.Mentor
	today := kiosk.StartOfDay(f.now())
	appts, err := f.d.Appointments.AppointmentsOf(ctx, f.studentKey(), today, today.AddDate(0, 0, f.Settings.Mentor.WindowDays+1))
	if err != nil {
		f.S.Fail(err)
		return
	}
	m.Mine = slices.DeleteFunc(appts, func(a kiosk.Appointment) bool {
		return a.Status != kiosk.AppointmentBooked && a.Status != kiosk.AppointmentArrived
	})
	m.Names = f.mentorNames(ctx, m.Mine)
	m.Meetings = f.academicMeetings(ctx)
}

// CancelAppointment asks to cancel appointment id: strong identification
// or the PIN first, then a confirmation saying whether it is free.
func (f *Flow) CancelAppointment(ctx context.Context, id string) {
	f.unlock(ctx, UnlockCancelAppointment, id)
}

func (f *Flow) askCancel(id string) {
	m := &f.S.Mentor
	i := slices.IndexFunc(m.Mine, func(a kiosk.Appointment) bool { return a.ID == id })
	if i < 0 {
		f.S.Fail(kiosk.Errorf(kiosk.ENOTFOUND, kiosk.MsgErrNotFound, "appointment %s not listed", id))
		f.S.Screen = ScreenMyAppointments
		return
	}
	a := m.Mine[i]
	m.Cancel = &a
	f.S.Screen = ScreenCancelAppointment
}

// CancelIsFree reports whether cancelling a now frees the slot rather
// than counting as missed.
func (f *Flow) CancelIsFree(a kiosk.Appointment) bool {
	return !f.now().After(f.Settings.Mentor.CancelDeadline(a))
}

// ConfirmCancel cancels the appointment waiting for confirmation.
func (f *Flow) ConfirmCancel(ctx context.Context) {
	f.S.clearMessages()
	m := &f.S.Mentor
	if m.Cancel == nil {
		return
	}
	a, err := f.d.Appointments.CancelAppointment(ctx, f.studentKey(), m.Cancel.ID)
	if err != nil {
		f.S.Fail(err)
		return
	}
	m.Cancel = nil
	f.S.Screen = ScreenMyAppointments
	f.loadMine(ctx)
	id := "CancelledFree"
	if a.Status == kiosk.AppointmentMissed {
		id = "CancelledMissed"
	}
	f.S.Notice = &Message{ID: id, Data: map[string]any{"Start": a.Start}}
}
