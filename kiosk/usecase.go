package kiosk

import (
	"slices"
	"time"
)

// The use cases (BookRoom, BookAppointment, CheckInVisit, SubmitRequest,
// …) each decide one student action end to end: what to load, which
// window, which rule, what to write. Adapters hand them a narrow
// per-feature transaction (RoomTx, MentorTx, …) that only reads and
// writes in domain types, so the kiosk's store, central's stores and the
// test fakes cannot disagree about a rule. Each use case takes the time
// from its caller's clock and works in the hall's zone from Settings.

// Actor is who does an action: the student, alone or helped at the desk
// by a duty volunteer, whose key is then recorded with it.
type Actor struct {
	StudentKey string
	AssistedBy string // a volunteer's student key; "" when the student acts alone
}

// Self is the student acting alone.
func Self(studentKey string) Actor { return Actor{StudentKey: studentKey} }

// ActorTx is what every use case reads about the hall and the actor.
type ActorTx interface {
	// Settings are the hall's effective settings.
	Settings() (Settings, error)
	// StudentRoles returns the student's roster roles; ENOTFOUND when
	// the hall's roster has no such student (any more).
	StudentRoles(studentKey string) ([]string, error)
}

// actorSettings checks the actor may act (a student of the hall; a
// helper who is one of its volunteers) and returns the settings.
func actorSettings(tx ActorTx, now time.Time, act Actor) (Settings, error) {
	if act.StudentKey == "" {
		return Settings{}, errNoStudent("action")
	}
	s, err := tx.Settings()
	if err != nil {
		return s, err
	}
	if _, err := tx.StudentRoles(act.StudentKey); err != nil {
		return s, err
	}
	if act.AssistedBy != "" {
		roles, err := tx.StudentRoles(act.AssistedBy)
		if err != nil {
			return s, err
		}
		if !slices.Contains(roles, RoleVolunteer) {
			return s, Errorf(EFORBIDDEN, MsgErrNotVolunteer, "helper is not a volunteer")
		}
	}
	return s, nil
}

// keptTime is t when it is set and not after now, else now: a kiosk's
// time of the tap, never one from the future.
func keptTime(t, now time.Time) time.Time {
	if t.IsZero() || t.After(now) {
		return now
	}
	return t
}

// ErrNotFound is the one answer for an id that does not exist and for
// one that belongs to someone else, so ids never reveal others' records.
func ErrNotFound(what, id string) *Error {
	return Errorf(ENOTFOUND, MsgErrNotFound, "%s %q not found", what, id)
}

// errNoID refuses an entity without an id: the caller makes ids so a
// retried tap carries the same one.
func errNoID(what string) *Error { return invalidField("id", "%s has no id", what) }

// errNoStudent refuses an action without an identified student.
func errNoStudent(what string) *Error {
	return Errorf(EINVALID, MsgErrNotIdentified, "%s has no student", what).WithField("student")
}

// errIDInUse refuses an id already stored for another student.
func errIDInUse(what, id string) *Error {
	return Errorf(ECONFLICT, MsgErrInternal, "%s id %q is in use", what, id).WithField("id")
}

// checkTimes refuses a missing interval; whether its shape is right is
// for the rules to say.
func checkTimes(what string, start, end time.Time) error {
	switch {
	case start.IsZero():
		return invalidField("start", "%s has no start", what)
	case end.IsZero():
		return invalidField("end", "%s has no end", what)
	}
	return nil
}

// checkSpan is checkTimes for what admins arrange: it must also end
// after it starts.
func checkSpan(what string, start, end time.Time) error {
	if err := checkTimes(what, start, end); err != nil {
		return err
	}
	if !end.After(start) {
		return invalidField("end", "%s ends before it starts", what)
	}
	return nil
}
