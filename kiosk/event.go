package kiosk

import "time"

// Event is a community event students check in to attend.
type Event struct {
	ID    string    `json:"id"`
	Title LocalName `json:"title"`
	Place LocalName `json:"place"`
	Start time.Time `json:"start"`
	End   time.Time `json:"end"`
}

// Attendance is one student's check-in at an event.
type Attendance struct {
	ID         string    `json:"id"`
	EventID    string    `json:"event_id"`
	StudentKey string    `json:"student"`
	At         time.Time `json:"at"`
	Tardy      bool      `json:"tardy,omitempty"`
	AssistedBy string    `json:"assisted_by,omitempty"`
	SyncState  string    `json:"-"`
	EventTitle LocalName `json:"-"` // kiosk-local: filled in for records
}

// Shift is a duty volunteer's stint at the desk; the desk mode records
// them, the records screen sums them.
type Shift struct {
	ID         string    `json:"id"`
	StudentKey string    `json:"student"`
	Start      time.Time `json:"start"`
	End        time.Time `json:"end,omitzero"` // zero while on duty
	// Capped: left open past the desk's cap, ended at the cap (CapShift);
	// the flag stays after a correction, so the console sees it.
	Capped bool `json:"capped,omitempty"`
	// CorrectedAt is when the volunteer said when they left (CorrectShift).
	CorrectedAt time.Time `json:"corrected_at,omitzero"`
}
