package kiosk

import "time"

// Mutation kinds the kiosk pushes to central (PROTOCOL.md).
const (
	KindVisitCheckin = "visit.checkin"
)

// Outbox states. An entry is pending until central answers; its answer
// is final.
const (
	OutboxPending  = "pending"
	OutboxApplied  = "applied"
	OutboxRejected = "rejected"
	OutboxConflict = "conflict"
)

// Mutation is one outbox entry: something a student did, waiting to reach
// central exactly once. Seq is gap-free from 1 and assigned in the same
// transaction as the domain row.
type Mutation struct {
	Seq     int64
	ID      string // the entity's id
	Kind    string
	At      time.Time
	Payload []byte // JSON
	State   string
}

// Mutation kinds of the student services (PROTOCOL.md names these).
const (
	KindAppointmentCreate  = "appointment.create"
	KindAppointmentCancel  = "appointment.cancel"
	KindAppointmentCheckin = "appointment.checkin"
	KindBookingCreate      = "booking.create"
	KindBookingCancel      = "booking.cancel"
	KindBookingCheckin     = "booking.checkin"
	KindRequestCreate      = "request.create"
	KindRequestRate        = "request.rate"
	KindEventCheckin       = "event.checkin"
	KindShiftStart         = "shift.start" // volunteer desk mode
	KindShiftEnd           = "shift.end"
	KindShiftCap           = "shift.cap"     // a shift left open past desk.shift_cap_hours
	KindShiftCorrect       = "shift.correct" // when a capped shift's volunteer says they left
	KindPINSet             = "pin.set"       // a student's new PIN hash
	KindPINFail            = "pin.fail"      // a wrong PIN, counted hall-wide
)

// Rejection is central's final "no" to something a student did offline
// (the slot was taken on another kiosk meanwhile). It is shown to the
// student at their next identification, and to the desk, until seen.
type Rejection struct {
	Seq        int64
	Kind       string
	EntityID   string
	StudentKey string
	At         time.Time // when the student did it
	State      string    // OutboxRejected or OutboxConflict
	MessageID  string    // why, as central said
}
