package kiosk

import (
	"slices"
	"time"
)

// ShiftTx is what the duty-shift use cases read and write.
type ShiftTx interface {
	ActorTx
	// Shift returns shift id; found is false when there is none.
	Shift(id string) (s Shift, found bool, err error)
	// OpenShift returns the volunteer's shift that has not ended, if any.
	OpenShift(studentKey string) (s Shift, found bool, err error)
	SaveShift(s Shift, kind string) error
}

// StartShift starts the volunteer's duty shift at start (the kiosk's
// time, never later than now). A volunteer holds one open shift at a
// time; the same id again returns the stored shift.
func StartShift(tx ShiftTx, now time.Time, act Actor, id string, start time.Time) (Shift, error) {
	if id == "" {
		return Shift{}, errNoID("shift")
	}
	if old, found, err := tx.Shift(id); err != nil || found {
		if err == nil && old.StudentKey != act.StudentKey {
			err = errIDInUse("shift", id)
		}
		return old, err
	}
	if _, err := actorSettings(tx, now, act); err != nil {
		return Shift{}, err
	}
	roles, err := tx.StudentRoles(act.StudentKey)
	if err != nil {
		return Shift{}, err
	}
	if !slices.Contains(roles, RoleVolunteer) {
		return Shift{}, Errorf(EFORBIDDEN, MsgErrNotVolunteer, "student is not a volunteer")
	}
	if open, found, err := tx.OpenShift(act.StudentKey); err != nil || found {
		if err == nil {
			err = Errorf(ECONFLICT, MsgErrShiftOpen, "shift %s is still open", open.ID).
				With(map[string]any{"Start": open.Start})
		}
		return Shift{}, err
	}
	s := Shift{ID: id, StudentKey: act.StudentKey, Start: keptTime(start, now)}
	return s, tx.SaveShift(s, KindShiftStart)
}

// EndShift ends the volunteer's open shift at end, kept within
// [start, now].
func EndShift(tx ShiftTx, now time.Time, act Actor, id string, end time.Time) (Shift, error) {
	if _, err := actorSettings(tx, now, act); err != nil {
		return Shift{}, err
	}
	s, found, err := tx.Shift(id)
	if err == nil && (!found || s.StudentKey != act.StudentKey) {
		err = ErrNotFound("shift", id)
	}
	if err != nil {
		return Shift{}, err
	}
	if !s.End.IsZero() {
		return Shift{}, Errorf(EINVALID, MsgErrNotActive, "shift %s has ended", s.ID)
	}
	if s.End = keptTime(end, now); s.End.Before(s.Start) {
		s.End = s.Start
	}
	return s, tx.SaveShift(s, KindShiftEnd)
}
