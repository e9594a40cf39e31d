package community

import (
	"time"

	"onestop/kiosk"
)

// The store's other aggregated rows. Buckets count hours from the
// query's From (see At).

// RequestCount is how many students' requests (not the hall's own,
// 未诉先办) of a category at a place were submitted in an hour bucket.
type RequestCount struct {
	Category   kiosk.RequestCategory
	BuildingID string
	Floor      int
	Bucket     int64
	Count      int
}

// StudentCount is how many meetings a student had.
type StudentCount struct {
	StudentKey string
	Count      int
}

// MentorCount is how many meetings a mentor held in an hour bucket.
type MentorCount struct {
	MentorID string
	Bucket   int64
	Count    int
}

// ShiftSum is how long a volunteer was on duty in shifts that started
// in an hour bucket; shifts still open are not counted.
type ShiftSum struct {
	StudentKey string
	Bucket     int64
	Length     time.Duration
}

// EventCount is how many students checked in at an event.
type EventCount struct {
	EventID string
	Count   int
}

// HeldMeetings are the appointment statuses of a meeting that took
// place: the student arrived, or the mentor closed it.
var HeldMeetings = []kiosk.AppointmentStatus{kiosk.AppointmentArrived, kiosk.AppointmentCompleted}
