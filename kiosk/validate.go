package kiosk

import (
	"slices"
	"time"
)

// Validation of the domain's entities, the one place every adapter
// calls: the kiosk's store for rows from central's feed, central's store
// for what admins and kiosks send, the fakes for what tests seed. Each
// names the field at fault, as the protocol spells it.

// invalidField is the refusal of one input: the field names it, for the
// protocol and for people (MsgErrBadInput's .Field).
func invalidField(field, format string, args ...any) *Error {
	return Errorf(EINVALID, MsgErrBadInput, format, args...).With(map[string]any{"Field": field}).WithField(field)
}

// Floors a building, room, student or request may be on: a few
// basements, and no tower higher than this.
const (
	MinFloor = -5
	MaxFloor = 200
)

// Statuses every stored entity must be in.
var (
	BookingStatuses     = []BookingStatus{BookingBooked, BookingCheckedIn, BookingCancelled, BookingNoShow}
	AppointmentStatuses = []AppointmentStatus{AppointmentBooked, AppointmentArrived, AppointmentCancelled,
		AppointmentMissed, AppointmentCompleted}
	RequestStatuses = []RequestStatus{RequestSubmitted, RequestAccepted, RequestDispatched, RequestInProgress,
		RequestResolved, RequestClosed, RequestRejected, RequestReopened}
)

// Valid reports whether s is one of RequestStatuses.
func (s RequestStatus) Valid() bool { return slices.Contains(RequestStatuses, s) }

// Validate checks a building.
func (b *Building) Validate() error {
	switch {
	case b.ID == "":
		return errNoID("building")
	case b.Floors < 0 || b.Floors > MaxFloor:
		return invalidField("floors", "building %q has %d floors, want 0 to %d", b.ID, b.Floors, MaxFloor)
	}
	return nil
}

// Validate checks a room: a known type, capacity, and opening hours
// within one day.
func (r *Room) Validate() error {
	switch {
	case r.ID == "":
		return errNoID("room")
	case !slices.Contains(RoomTypes, r.Type):
		return invalidField("type", "room %q has type %q", r.ID, r.Type)
	case r.Capacity < 0:
		return invalidField("capacity", "room %q has capacity %d", r.ID, r.Capacity)
	case r.Floor < MinFloor || r.Floor > MaxFloor:
		return invalidField("floor", "room %q is on floor %d, want %d to %d", r.ID, r.Floor, MinFloor, MaxFloor)
	case r.Opens < 0 || r.Opens >= 24*60:
		return invalidField("opens", "room %q opens at minute %d", r.ID, r.Opens)
	case r.Closes > 24*60 || r.Closes <= r.Opens:
		return invalidField("closes", "room %q closes at minute %d", r.ID, r.Closes)
	case r.Capacity > MaxCapacity:
		return invalidField("capacity", "room %q has capacity %d", r.ID, r.Capacity)
	}
	for _, d := range r.ClosedWeekdays {
		if d < time.Sunday || d > time.Saturday {
			return invalidField("closed_weekdays", "room %q is closed on weekday %d", r.ID, d)
		}
	}
	for _, d := range r.ClosedDates {
		if _, err := time.Parse(time.DateOnly, d); err != nil {
			return invalidField("closed_dates", "room %q is closed on %q, not a YYYY-MM-DD date", r.ID, d)
		}
	}
	return nil
}

// MaxCapacity is the most people a room may hold.
const MaxCapacity = 100000

// Validate checks a mentor.
func (m *Mentor) Validate() error {
	switch {
	case m.ID == "":
		return errNoID("mentor")
	case !m.Type.Valid():
		return invalidField("type", "mentor %q has type %q", m.ID, m.Type)
	}
	return nil
}

// Valid reports whether t is one of MentorTypes.
func (t MentorType) Valid() bool { return slices.Contains(MentorTypes, t) }

// Validate checks a mentor slot.
func (s *MentorSlot) Validate() error {
	switch {
	case s.ID == "":
		return errNoID("mentor slot")
	case s.MentorID == "":
		return invalidField("mentor_id", "mentor slot %q has no mentor", s.ID)
	}
	return checkSpan("mentor slot", s.Start, s.End)
}

// Validate checks an event.
func (e *Event) Validate() error {
	if e.ID == "" {
		return errNoID("event")
	}
	return checkSpan("event", e.Start, e.End)
}

// Validate checks an announcement: an open end, or one after the start.
func (a *Announcement) Validate() error {
	switch {
	case a.ID == "":
		return errNoID("announcement")
	case !a.EndsAt.IsZero() && !a.EndsAt.After(a.StartsAt):
		return invalidField("ends_at", "announcement %q ends before it starts", a.ID)
	}
	return nil
}

// Validate checks a shift: a volunteer, a start, an end after it if any.
func (s *Shift) Validate() error {
	switch {
	case s.ID == "":
		return errNoID("shift")
	case s.StudentKey == "":
		return errNoStudent("shift")
	case s.Start.IsZero():
		return invalidField("start", "shift %q has no start", s.ID)
	case !s.End.IsZero() && !s.End.After(s.Start):
		return invalidField("end", "shift %q ends before it starts", s.ID)
	}
	return nil
}

// Validate checks a booking as stored: room, student, times, status.
func (b *Booking) Validate() error {
	if err := b.checkRefs(); err != nil {
		return err
	}
	if !slices.Contains(BookingStatuses, b.Status) {
		return invalidField("status", "booking %q has status %q", b.ID, b.Status)
	}
	return checkSpan("booking", b.Start, b.End)
}

// checkRefs checks what a booking refers to: its id, student and room.
func (b *Booking) checkRefs() error {
	switch {
	case b.ID == "":
		return errNoID("booking")
	case b.StudentKey == "":
		return errNoStudent("booking")
	case b.RoomID == "":
		return invalidField("room_id", "booking %q has no room", b.ID)
	}
	return nil
}

// Validate checks an appointment as stored.
func (a *Appointment) Validate() error {
	switch {
	case a.ID == "":
		return errNoID("appointment")
	case a.StudentKey == "":
		return errNoStudent("appointment")
	case a.SlotID == "":
		return invalidField("slot_id", "appointment %q has no slot", a.ID)
	case !slices.Contains(AppointmentStatuses, a.Status):
		return invalidField("status", "appointment %q has status %q", a.ID, a.Status)
	}
	return checkSpan("appointment", a.Start, a.End)
}

// Validate checks a roster row: a key and a masked name, never a plain
// name (MaskName leaves at most the first and last character).
func (r *RosterRow) Validate() error {
	switch {
	case r.Key == "":
		return invalidField("key", "student has no key")
	case r.MaskedName == "":
		return invalidField("masked_name", "student has no masked name")
	case r.Floor < MinFloor || r.Floor > MaxFloor:
		return invalidField("floor", "student is on floor %d, want %d to %d", r.Floor, MinFloor, MaxFloor)
	}
	return nil
}

// Validate checks an attendance record.
func (a *Attendance) Validate() error {
	switch {
	case a.ID == "":
		return errNoID("attendance")
	case a.StudentKey == "":
		return errNoStudent("attendance")
	case a.EventID == "":
		return invalidField("event_id", "attendance %q has no event", a.ID)
	case a.At.IsZero():
		return invalidField("at", "attendance %q has no time", a.ID)
	}
	return nil
}

// ValidateStored checks a request as central keeps and sends it: an
// admin's proactive one need not carry a kiosk's presets or contact.
func (r *Request) ValidateStored() error {
	switch {
	case r.ID == "":
		return errNoID("request")
	case r.StudentKey == "":
		return errNoStudent("request")
	case r.Ticket == "" || r.Token == "":
		return invalidField("token", "request %q has no ticket or token", r.ID)
	case !r.Status.Valid():
		return invalidField("status", "request %q has status %q", r.ID, r.Status)
	case r.SubmittedAt.IsZero():
		return invalidField("submitted_at", "request %q has no time", r.ID)
	}
	return nil
}
