package kiosk

import "time"

// VisitTx is what CheckInVisit reads and writes.
type VisitTx interface {
	ActorTx
	// Visit returns visit id; found is false when there is none.
	Visit(id string) (v Visit, found bool, err error)
	SaveVisit(v Visit) error
}

// CheckInVisit records a hall visit. The same id again is the stored
// visit (a retried tap never makes two); an id another student holds is
// a conflict. The visit's time is the tap's, never later than now.
func CheckInVisit(tx VisitTx, now time.Time, act Actor, v Visit) (Visit, error) {
	v.StudentKey, v.AssistedBy = act.StudentKey, act.AssistedBy
	v.At = keptTime(v.At, now)
	if err := v.Validate(); err != nil {
		return Visit{}, err
	}
	if old, found, err := tx.Visit(v.ID); err != nil || found {
		if err == nil && old.StudentKey != v.StudentKey {
			err = errIDInUse("visit", v.ID)
		}
		return old, err
	}
	if _, err := actorSettings(tx, now, act); err != nil {
		return Visit{}, err
	}
	return v, tx.SaveVisit(v)
}

// EventTx is what CheckInEvent reads and writes.
type EventTx interface {
	ActorTx
	// Event returns the event; ENOTFOUND when there is none.
	Event(id string) (Event, error)
	// Attendance returns attendance id; found is false when none.
	Attendance(id string) (a Attendance, found bool, err error)
	// Attended reports whether the student attended the event already.
	Attended(eventID, studentKey string) (bool, error)
	SaveAttendance(a Attendance) error
}

// CheckInEvent records the actor's attendance at an event, from the
// setting's time before its start until it ends; once per student.
func CheckInEvent(tx EventTx, now time.Time, act Actor, id, eventID string) (Attendance, error) {
	if id == "" {
		return Attendance{}, errNoID("attendance")
	}
	if old, found, err := tx.Attendance(id); err != nil || found {
		if err == nil && old.StudentKey != act.StudentKey {
			err = errIDInUse("attendance", id)
		}
		return old, err
	}
	s, err := actorSettings(tx, now, act)
	if err != nil {
		return Attendance{}, err
	}
	e, err := tx.Event(eventID)
	if err != nil {
		return Attendance{}, err
	}
	done, err := tx.Attended(eventID, act.StudentKey)
	if err != nil {
		return Attendance{}, err
	}
	tardy, err := EventCheckIn(now, e, s.EventBefore, done)
	if err != nil {
		return Attendance{}, err
	}
	a := Attendance{ID: id, EventID: e.ID, StudentKey: act.StudentKey, At: now, Tardy: tardy,
		AssistedBy: act.AssistedBy, EventTitle: e.Title}
	return a, tx.SaveAttendance(a)
}
