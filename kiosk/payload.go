package kiosk

import "time"

// Outbox payloads. A kind that creates an entity (visit.checkin,
// booking.create, appointment.create, request.create, event.checkin)
// carries the entity itself as JSON (Visit, Booking, Appointment,
// Request, Attendance). A kind that acts on an existing entity
// (*.cancel, *.checkin of bookings and appointments, request.rate)
// carries an ActionPayload. Central decodes both with these types.

// ActionPayload is what a student did to an existing entity.
type ActionPayload struct {
	ID         string    `json:"id"`      // the entity acted on
	StudentKey string    `json:"student"` // who acted; central checks ownership
	At         time.Time `json:"at"`      // kiosk clock, informational
	// Status is the state the kiosk moved the entity to (cancelled or
	// missed for a cancel, checked_in/arrived for a check-in); central
	// re-derives it with its own clock and rules.
	Status  string  `json:"status,omitempty"`
	Tardy   bool    `json:"tardy,omitempty"`
	Outcome Outcome `json:"outcome,omitempty"` // request.rate
	Rating  int     `json:"rating,omitempty"`  // request.rate
}
