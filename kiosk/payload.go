package kiosk

// Outbox payloads: every kind carries its entity as JSON (Visit,
// Booking, Appointment, Request, Attendance) — for a create the new
// entity, for an action on an existing one (*.cancel, *.checkin,
// request.rate) the entity's state after the action as the kiosk saw it.
// Central decodes creates into the entity type and actions into
// ActionPayload, whose fields are a subset of every entity's JSON, then
// re-derives the outcome with its own clock and rules.

// ActionPayload is what central reads from an action's entity JSON.
type ActionPayload struct {
	ID         string `json:"id"`                    // the entity acted on
	StudentKey string `json:"student"`               // who acted; central checks ownership
	AssistedBy string `json:"assisted_by,omitempty"` // the desk volunteer who helped, if any
	// Status is the state the kiosk moved the entity to (cancelled or
	// missed for a cancel, checked_in/arrived for a check-in); central
	// re-derives it with its own clock and rules.
	Status  string  `json:"status,omitempty"`
	Tardy   bool    `json:"tardy,omitempty"`
	Outcome Outcome `json:"outcome,omitempty"` // request.rate
	Rating  int     `json:"rating,omitempty"`  // request.rate
}

// Actor is who the payload says acted.
func (p ActionPayload) Actor() Actor {
	return Actor{StudentKey: p.StudentKey, AssistedBy: p.AssistedBy}
}
