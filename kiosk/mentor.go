package kiosk

import "time"

// MentorType is the kind of appointment a mentor offers.
type MentorType string

const (
	MentorAcademic    MentorType = "academic"    // 学业导师
	MentorCounselling MentorType = "counselling" // 心理咨询
	MentorCareer      MentorType = "career"      // 生涯 / 就业指导
	MentorLeader      MentorType = "leader"      // 校领导 / 楼长 office hours
)

// MentorTypes in the order the kiosk offers them.
var MentorTypes = []MentorType{MentorAcademic, MentorCounselling, MentorCareer, MentorLeader}

// Private reports whether appointments of this type must never show
// their type on the shared screen or in any list others can see.
func (t MentorType) Private() bool { return t == MentorCounselling }

// Mentor is staff who meets students; names are public, unlike students'.
type Mentor struct {
	ID    string     `json:"id"`
	Name  LocalName  `json:"name"`
	Type  MentorType `json:"type"`
	Field LocalName  `json:"field"`
	Place LocalName  `json:"place"`
}

// MentorSlot is a time a mentor offers; one student can book it.
type MentorSlot struct {
	ID       string    `json:"id"`
	MentorID string    `json:"mentor_id"`
	Start    time.Time `json:"start"`
	End      time.Time `json:"end"`
	Taken    bool      `json:"-"` // derived: an active appointment holds it
}

// AppointmentStatus is where an appointment stands.
type AppointmentStatus string

const (
	AppointmentBooked    AppointmentStatus = "booked"
	AppointmentArrived   AppointmentStatus = "arrived"   // checked in at the kiosk
	AppointmentCancelled AppointmentStatus = "cancelled" // in time: the slot is free again
	AppointmentMissed    AppointmentStatus = "missed"    // late cancel or no show
	AppointmentCompleted AppointmentStatus = "completed" // the mentor closed it
)

// Holds reports whether an appointment in this status keeps its slot.
func (s AppointmentStatus) Holds() bool {
	return s == AppointmentBooked || s == AppointmentArrived || s == AppointmentCompleted
}

// Appointment is a student's booking of a mentor slot. MentorType is
// copied in so privacy rules apply without a lookup.
type Appointment struct {
	ID         string            `json:"id"`
	SlotID     string            `json:"slot_id"`
	MentorID   string            `json:"mentor_id"`
	MentorType MentorType        `json:"mentor_type"`
	StudentKey string            `json:"student"`
	Start      time.Time         `json:"start"`
	End        time.Time         `json:"end"`
	Status     AppointmentStatus `json:"status"`
	CreatedAt  time.Time         `json:"created_at"`
	ArrivedAt  time.Time         `json:"arrived_at,omitzero"`
	// CancelledAt is when the student cancelled; a late cancel is
	// missed but still cancelled by them.
	CancelledAt time.Time `json:"cancelled_at,omitzero"`
	Tardy       bool      `json:"tardy,omitempty"`
	AssistedBy  string    `json:"assisted_by,omitempty"`
	// Queue is the desk's mark on an arrived student (MarkQueue), by the
	// volunteer QueueBy at QueueAt.
	Queue     AppointmentQueue `json:"queue,omitempty"`
	QueueBy   string           `json:"queue_by,omitempty"`
	QueueAt   time.Time        `json:"queue_at,omitzero"`
	SyncState string           `json:"-"`
}
