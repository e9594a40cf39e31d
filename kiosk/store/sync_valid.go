package store

import (
	"slices"

	"onestop/kiosk"
)

// Checks of central's entities before they are stored: what the Put*
// writers check of their callers, for data that comes from the feed.

// invalid is the error of a change that breaks a rule of the schema.
func invalid(format string, args ...any) error {
	return kiosk.Errorf(kiosk.EINVALID, kiosk.MsgErrInternal, format, args...)
}

func validBuilding(b *kiosk.Building) error {
	if b.Floors < 0 {
		return invalid("negative floors")
	}
	return nil
}

func validRoom(r *kiosk.Room) error {
	if !slices.Contains(kiosk.RoomTypes, r.Type) || r.Capacity < 0 || r.Opens < 0 || r.Closes > 24*60 || r.Closes <= r.Opens {
		return invalid("bad type, capacity or hours")
	}
	return nil
}

func validMentor(m *kiosk.Mentor) error {
	if !slices.Contains(kiosk.MentorTypes, m.Type) {
		return invalid("unknown mentor type %q", m.Type)
	}
	return nil
}

func validMentorSlot(s *kiosk.MentorSlot) error {
	if s.MentorID == "" {
		return invalid("slot without mentor")
	}
	return checkSpan("mentor slot", s.ID, s.Start, s.End)
}

func validEvent(e *kiosk.Event) error { return checkSpan("event", e.ID, e.Start, e.End) }

func validAnnouncement(a *kiosk.Announcement) error {
	if !a.EndsAt.IsZero() && !a.EndsAt.After(a.StartsAt) {
		return invalid("announcement ends before it starts")
	}
	return nil
}

func validShift(s *kiosk.Shift) error {
	if s.StudentKey == "" || s.Start.IsZero() || (!s.End.IsZero() && !s.End.After(s.Start)) {
		return invalid("shift without student or with bad times")
	}
	return nil
}

func validBooking(b *kiosk.Booking) error {
	if b.RoomID == "" || b.StudentKey == "" || !slices.Contains(bookingStatuses, b.Status) {
		return invalid("booking without room, student or status")
	}
	if b.CreatedAt.IsZero() {
		b.CreatedAt = b.Start
	}
	return checkSpan("booking", b.ID, b.Start, b.End)
}

func validAppointment(a *kiosk.Appointment) error {
	if a.SlotID == "" || a.StudentKey == "" || !slices.Contains(appointmentStatuses, a.Status) {
		return invalid("appointment without slot, student or status")
	}
	if a.CreatedAt.IsZero() {
		a.CreatedAt = a.Start
	}
	return checkSpan("appointment", a.ID, a.Start, a.End)
}

func validRequest(r *kiosk.Request) error {
	if r.StudentKey == "" || r.Ticket == "" || r.Token == "" || !slices.Contains(requestStatuses, r.Status) || r.SubmittedAt.IsZero() {
		return invalid("request without student, ticket, token, status or time")
	}
	return nil
}

func validVisit(v *kiosk.Visit) error { return v.Validate() }
