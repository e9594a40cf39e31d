package kiosk

import "time"

// Purpose is why a student checks in for a hall visit.
type Purpose string

const (
	PurposeStudy   Purpose = "study"
	PurposeConsult Purpose = "consult"
	PurposeService Purpose = "service"
	PurposeEvent   Purpose = "event"
	PurposeOther   Purpose = "other"
)

// Purposes in the order the kiosk offers them.
var Purposes = []Purpose{PurposeStudy, PurposeConsult, PurposeService, PurposeEvent, PurposeOther}

// Valid reports whether p is one of Purposes.
func (p Purpose) Valid() bool {
	for _, q := range Purposes {
		if p == q {
			return true
		}
	}
	return false
}

// Visit is one check-in at the hall.
type Visit struct {
	ID         string    `json:"id"`
	StudentKey string    `json:"student"`
	HallID     string    `json:"hall_id"`
	Purpose    Purpose   `json:"purpose"`
	At         time.Time `json:"at"`
	AssistedBy string    `json:"assisted_by,omitempty"`
	SyncState  string    `json:"-"` // kiosk-local: pending until central answers
}

// Validate checks a visit before it is stored.
func (v *Visit) Validate() error {
	switch {
	case v.ID == "":
		return Errorf(EINVALID, MsgErrInternal, "visit has no id")
	case v.StudentKey == "":
		return Errorf(EINVALID, MsgErrNotIdentified, "visit has no student")
	case !v.Purpose.Valid():
		return Errorf(EINVALID, MsgErrInvalidPurpose, "invalid purpose %q", v.Purpose)
	case v.At.IsZero():
		return Errorf(EINVALID, MsgErrInternal, "visit has no time")
	}
	return nil
}

// NewVisit makes a visit for student with purpose at the clock's time.
func NewVisit(ids IDSource, clock Clock, s *Student, hallID string, p Purpose) (*Visit, error) {
	if s == nil {
		return nil, Errorf(EUNAUTHORIZED, MsgErrNotIdentified, "no student identified")
	}
	id, err := ids.NewID()
	if err != nil {
		return nil, err
	}
	v := &Visit{ID: id, StudentKey: s.Key, HallID: hallID, Purpose: p, At: clock.Now()}
	return v, v.Validate()
}
