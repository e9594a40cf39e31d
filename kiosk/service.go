package kiosk

import (
	"context"
	"time"
)

// RosterService identifies students.
type RosterService interface {
	// Identify finds the student a credential belongs to. An unknown
	// credential is ENOTFOUND with MsgErrUnknownStudent.
	Identify(ctx context.Context, c Credential) (*Student, error)
}

// VisitService records hall visits.
type VisitService interface {
	// CheckInVisit stores v and its outbox entry in one durable
	// transaction. Storing the same visit id twice is a no-op, so a
	// retried tap never makes two visits.
	CheckInVisit(ctx context.Context, v *Visit) error
}

// HallService tells the screens what to show around the flows.
type HallService interface {
	Settings(ctx context.Context) (Settings, error)
	Announcements(ctx context.Context, now time.Time) ([]Announcement, error)
	SyncStatus(ctx context.Context) (SyncStatus, error)
	Buildings(ctx context.Context) ([]Building, error)
	// EntitySync is the state of the kiosk's latest outbox entry for
	// the entity (kiosk.Outbox*), "" when it queued none: a
	// confirmation on screen turns to "synced" when central answers.
	EntitySync(ctx context.Context, entityID string) (string, error)
}

// AppointmentService books mentor appointments. Every write checks the
// MentorRules from Settings against the store's own clock inside its
// transaction, and queues the outbox entry in the same transaction.
type AppointmentService interface {
	Mentors(ctx context.Context, t MentorType) ([]Mentor, error)
	// MentorSlots returns the mentor's slots in [from, to), Taken set.
	MentorSlots(ctx context.Context, mentorID string, from, to time.Time) ([]MentorSlot, error)
	// BookAppointment stores a for the slot a.SlotID; the store fills in
	// mentor, type and times from the slot. Same id twice is a no-op.
	BookAppointment(ctx context.Context, a *Appointment) error
	// CancelAppointment cancels the student's own appointment; a late
	// cancel is recorded as missed. It returns the appointment as stored.
	CancelAppointment(ctx context.Context, studentKey, id string) (*Appointment, error)
	// CheckInAppointment marks it arrived; tardy when after the start.
	CheckInAppointment(ctx context.Context, act Actor, id string) (*Appointment, error)
	// AppointmentsOf returns the student's appointments starting in [from, to).
	AppointmentsOf(ctx context.Context, studentKey string, from, to time.Time) ([]Appointment, error)
}

// RoomService books rooms under RoomRules.
type RoomService interface {
	Rooms(ctx context.Context, t RoomType) ([]Room, error)
	// RoomBookings returns the bookings holding the room in [from, to).
	RoomBookings(ctx context.Context, roomID string, from, to time.Time) ([]Booking, error)
	// FreeSlots returns, per room of type t (all types when ""), the free
	// stretches of at least length within [from, to) and opening hours.
	FreeSlots(ctx context.Context, t RoomType, from, to time.Time, length time.Duration) ([]FreeSlot, error)
	BookRoom(ctx context.Context, b *Booking) error
	CancelBooking(ctx context.Context, studentKey, id string) (*Booking, error)
	CheckInBooking(ctx context.Context, act Actor, id string) (*Booking, error)
	BookingsOf(ctx context.Context, studentKey string, from, to time.Time) ([]Booking, error)
	// SuspendedUntil is when the student may book again, zero if now.
	SuspendedUntil(ctx context.Context, studentKey string) (time.Time, error)
	// ReleaseNoShows releases bookings whose check-in window closed
	// unused (recording no-shows) and marks unattended appointments
	// missed, as of the store's clock. It returns how many changed.
	ReleaseNoShows(ctx context.Context) (int, error)
}

// EventService lists community events and records attendance.
type EventService interface {
	// RunningEvents returns events open for check-in at the store's clock.
	RunningEvents(ctx context.Context) ([]Event, error)
	CheckInEvent(ctx context.Context, act Actor, eventID string, id string) (*Attendance, error)
}

// RequestService takes requests (接诉即办) and their ratings.
type RequestService interface {
	SubmitRequest(ctx context.Context, r *Request) error
	RequestsOf(ctx context.Context, studentKey string) ([]Request, error)
	// RateRequest applies Request.Rate to the student's own request.
	RateRequest(ctx context.Context, studentKey, id string, o Outcome, stars int) (*Request, error)
}

// Records is what "my records" shows for one student since a date.
type Records struct {
	Visits         []Visit
	Appointments   []Appointment
	Bookings       []Booking
	Requests       []Request
	Attendance     []Attendance
	Shifts         []Shift
	VolunteerHours float64
}

// RecordService gathers a student's records and the answers central
// refused, for the screens that show them.
type RecordService interface {
	Records(ctx context.Context, studentKey string, since time.Time) (Records, error)
	// Rejections returns the student's rejected or conflicting actions
	// not yet shown to them (a volunteer's include their desk queue
	// marks, never shown to the appointment's student); AckRejections
	// marks them seen.
	Rejections(ctx context.Context, studentKey string) ([]Rejection, error)
	AckRejections(ctx context.Context, studentKey string, seqs []int64) error
	// VerifyPIN checks a student's PIN; false for a wrong or unset PIN.
	// After PINAttempts wrong PINs within PINLockout the student's PIN is
	// refused for PINLockout (ELIMIT, MsgErrPINLocked with .Until), so a
	// four-digit PIN cannot be guessed at the screen.
	VerifyPIN(ctx context.Context, studentKey, pin string) (bool, error)
	// SetPIN sets the student's PIN (kiosk.SetPIN): only its hash is
	// kept and sent to central.
	SetPIN(ctx context.Context, studentKey, pin string) error
}

// DeskService is the duty volunteer's desk (issue 11). The rules are
// kiosk.UnlockDesk, the shift use cases and MarkQueue; the store checks
// them inside its transactions at its own clock. Actions the volunteer
// takes for a student go through the other services with the Actor's
// AssistedBy set on the entity (Desk.Assist decides who may).
type DeskService interface {
	// UnlockDesk opens the desk for a volunteer identified by card or
	// QR scan with their PIN; a wrong PIN is EUNAUTHORIZED and counts
	// towards the hall-wide PIN lock like any other.
	UnlockDesk(ctx context.Context, s *Student, cred Credential, pin string) (DeskUnlock, error)
	StartShift(ctx context.Context, studentKey, id string) (Shift, error)
	EndShift(ctx context.Context, studentKey, id string) (Shift, error)
	// CorrectShift records when the volunteer left a capped shift.
	CorrectShift(ctx context.Context, studentKey, id string, left time.Time) (Shift, error)
	ShiftHours(ctx context.Context, studentKey string) (ShiftHours, error)
	// MarkQueue moves an arrived appointment in the queue, reversibly.
	MarkQueue(ctx context.Context, volunteerKey, apptID string, q AppointmentQueue) (Appointment, error)
	DeskBoard(ctx context.Context) (DeskBoard, error)
	// DeskSync is the outbox's health and up to limit refused actions
	// nobody has told their student about yet.
	DeskSync(ctx context.Context, limit int) (DeskSync, error)
	// AckRejections marks a student's refusals told (RecordService's).
	AckRejections(ctx context.Context, studentKey string, seqs []int64) error
}
