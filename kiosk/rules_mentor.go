package kiosk

import "time"

// MentorRules are the appointment rules (DESIGN.md defaults, settings
// override).
type MentorRules struct {
	WindowDays     int           // bookable today and this many days ahead
	CancelBefore   time.Duration // later cancels count as missed
	AcademicTarget int           // academic mentor meetings a month to aim for
	CheckInBefore  time.Duration
	CheckInAfter   time.Duration
	Zone           *time.Location // the hall's; windows count its days
}

func (r MentorRules) local(t time.Time) time.Time { return t.In(zoneOr(r.Zone)) }

// CheckAppointment decides whether the student may book slot at now.
// mine holds the student's appointments around the slot.
func (r MentorRules) CheckAppointment(now time.Time, slot MentorSlot, mine []Appointment) error {
	if slot.Taken {
		return Errorf(ECONFLICT, MsgErrSlotTaken, "slot %s is taken", slot.ID)
	}
	if slot.Start.Before(now) {
		return Errorf(EINVALID, MsgErrBookingPast, "slot starts in the past")
	}
	if !slot.Start.Before(StartOfDay(r.local(now)).AddDate(0, 0, r.WindowDays+1)) {
		return Errorf(ELIMIT, MsgErrAppointmentWindow, "slot beyond the %d-day window", r.WindowDays).
			With(map[string]any{"Days": r.WindowDays, "Opens": StartOfDay(r.local(slot.Start)).AddDate(0, 0, -r.WindowDays)})
	}
	for _, a := range mine {
		if a.Status.Holds() && a.SlotID != slot.ID && Overlaps(a.Start, a.End, slot.Start, slot.End) {
			return Errorf(ECONFLICT, MsgErrAppointmentOverlap, "student already has an appointment then").
				With(map[string]any{"Start": a.Start, "End": a.End})
		}
	}
	return nil
}

// Cancel decides what cancelling a at now makes of it: cancelled (the
// slot is free again) until CancelBefore the start, missed after that.
// An appointment that has started cannot be cancelled.
func (r MentorRules) Cancel(now time.Time, a Appointment) (AppointmentStatus, error) {
	if a.Status != AppointmentBooked {
		return "", Errorf(EINVALID, MsgErrNotActive, "appointment is %s", a.Status)
	}
	if !now.Before(a.Start) {
		return "", Errorf(EINVALID, MsgErrCancelTooLate, "appointment already started").With(map[string]any{"Deadline": a.Start})
	}
	if now.After(a.Start.Add(-r.CancelBefore)) {
		return AppointmentMissed, nil
	}
	return AppointmentCancelled, nil
}

// CancelDeadline is the last moment a cancel frees the slot.
func (r MentorRules) CancelDeadline(a Appointment) time.Time { return a.Start.Add(-r.CancelBefore) }

// CheckInWindow returns when check-in for a opens and closes.
func (r MentorRules) CheckInWindow(a Appointment) (opens, closes time.Time) {
	return a.Start.Add(-r.CheckInBefore), a.Start.Add(r.CheckInAfter)
}

// CheckIn decides whether a may be checked in at now (the mentor and the
// desk then see "arrived") and whether the student is late.
func (r MentorRules) CheckIn(now time.Time, a Appointment) (tardy bool, err error) {
	opens, closes := r.CheckInWindow(a)
	return checkInAt(now, a.Status == AppointmentBooked, a.Status == AppointmentArrived, a.Start, opens, closes)
}

// Effective returns a as it stands at now: booked with its check-in
// window closed unused is missed, recorded or not.
func (r MentorRules) Effective(now time.Time, a Appointment) Appointment {
	if r.MissedDue(now, a) {
		a.Status = AppointmentMissed
	}
	return a
}

// MissedDue reports whether a booked appointment's check-in window has
// closed unused.
func (r MentorRules) MissedDue(now time.Time, a Appointment) bool {
	_, closes := r.CheckInWindow(a)
	return a.Status == AppointmentBooked && now.After(closes)
}

// AcademicMeetings counts the academic mentor meetings in now's month
// (the hall's) that took place (arrived or completed): the "n / 2" the
// student sees.
func (r MentorRules) AcademicMeetings(now time.Time, appts []Appointment) int {
	from := StartOfMonth(r.local(now))
	to := from.AddDate(0, 1, 0)
	n := 0
	for _, a := range appts {
		if a.MentorType == MentorAcademic && (a.Status == AppointmentArrived || a.Status == AppointmentCompleted) &&
			!a.Start.Before(from) && a.Start.Before(to) {
			n++
		}
	}
	return n
}

// EventCheckIn decides whether the student may check in to e at now:
// from CheckInBefore the start until it ends. done: already attended.
func EventCheckIn(now time.Time, e Event, before time.Duration, done bool) (tardy bool, err error) {
	return checkInAt(now, true, done, e.Start, e.Start.Add(-before), e.End)
}
