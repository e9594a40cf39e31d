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
	// EnrolledAt is when the kiosk the shift is kept on was enrolled:
	// nobody was on duty at it before.
	EnrolledAt() (time.Time, error)
	SaveShift(s Shift, kind string) error
}

// Shift limits: a kiosk's clock may run this far ahead of central's, and
// no shift is longer than MaxShift (the desk caps a forgotten one long
// before; issue 11).
const (
	ClockSkew = 2 * time.Minute
	MaxShift  = 16 * time.Hour
)

// StartShift starts the volunteer's duty shift at start, the kiosk's
// time: not before the kiosk was enrolled, not after now and ClockSkew
// (a time within the skew counts as now). A volunteer holds one open
// shift at a time; the same id again returns the stored shift.
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
	// An open shift older than MaxShift can never be ended as it is: it
	// does not stand in the way of the next one.
	open, found, err := tx.OpenShift(act.StudentKey)
	if err != nil {
		return Shift{}, err
	}
	if found && now.Sub(open.Start) <= MaxShift {
		return Shift{}, Errorf(ECONFLICT, MsgErrShiftOpen, "shift %s is still open", open.ID).
			With(map[string]any{"Start": open.Start})
	}
	if err := checkShiftTime(tx, now, "start", start); err != nil {
		return Shift{}, err
	}
	s := Shift{ID: id, StudentKey: act.StudentKey, Start: keptTime(start, now)}
	return s, tx.SaveShift(s, KindShiftStart)
}

// EndShift ends the volunteer's open shift at end, kept within
// [start, now]; a shift over MaxShift is refused (the kiosk records the
// capped end itself).
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
	if s.End.Sub(s.Start) > MaxShift {
		return Shift{}, invalidField("end", "shift %s lasts %s, over %s", s.ID, s.End.Sub(s.Start), MaxShift)
	}
	return s, tx.SaveShift(s, KindShiftEnd)
}

// checkShiftTime refuses a shift's start before the kiosk was enrolled
// or beyond the clock skew past now (a 1970 start made a 56-year shift).
func checkShiftTime(tx ShiftTx, now time.Time, field string, t time.Time) error {
	if t.IsZero() {
		return nil // the tap's time is now
	}
	enrolled, err := tx.EnrolledAt()
	if err != nil {
		return err
	}
	switch {
	case t.Before(enrolled):
		return invalidField(field, "shift %s %s is before the kiosk was enrolled (%s)", field, t, enrolled)
	case t.After(now.Add(ClockSkew)):
		return invalidField(field, "shift %s %s is in the future", field, t)
	}
	return nil
}

// shiftCapEnd is where a shift open at now ends when capped at cap, and
// whether it has run past the cap.
func shiftCapEnd(s Shift, cap time.Duration, now time.Time) (time.Time, bool) {
	return s.Start.Add(cap), s.End.IsZero() && now.Sub(s.Start) > cap
}

// CapShift ends a shift left open past the hall's desk.shift_cap_hours
// at the cap and flags it: the volunteer forgot to clock out, and is
// asked at the next unlock when they left (CorrectShift). Any kiosk of
// the hall may cap any volunteer's shift; a shift capped already (by
// another kiosk) is returned as it is, so two caps agree. Central
// allows ClockSkew for a kiosk whose clock runs ahead.
func CapShift(tx ShiftTx, now time.Time, id string) (Shift, error) {
	set, err := tx.Settings()
	if err != nil {
		return Shift{}, err
	}
	s, found, err := tx.Shift(id)
	if err == nil && !found {
		err = ErrNotFound("shift", id)
	}
	if err != nil {
		return Shift{}, err
	}
	if s.Capped {
		return s, nil
	}
	if !s.End.IsZero() {
		return Shift{}, Errorf(EINVALID, MsgErrNotActive, "shift %s has ended", s.ID)
	}
	end, over := shiftCapEnd(s, set.Desk.ShiftCap, now.Add(ClockSkew))
	if !over {
		return Shift{}, invalidField("end", "shift %s is within the cap of %s", s.ID, set.Desk.ShiftCap)
	}
	s.End, s.Capped = end, true
	return s, tx.SaveShift(s, KindShiftCap)
}

// CorrectShift records when the volunteer of a capped shift says they
// left: after the start, not after the capped end (the cap is the most
// a forgotten shift counts) and not in the future. One correction per
// shift; the same time again is the stored shift (a retried tap).
func CorrectShift(tx ShiftTx, now time.Time, act Actor, id string, left time.Time) (Shift, error) {
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
	switch {
	case !s.Capped:
		return Shift{}, Errorf(EINVALID, MsgErrNotActive, "shift %s was not capped", s.ID)
	case !s.CorrectedAt.IsZero() && left.Equal(s.End):
		return s, nil
	case !s.CorrectedAt.IsZero():
		return Shift{}, Errorf(EINVALID, MsgErrNotActive, "shift %s is corrected already", s.ID)
	case !left.After(s.Start) || left.After(s.End):
		return Shift{}, invalidField("end", "shift %s: %s is not within %s to %s", s.ID, left, s.Start, s.End)
	case left.After(now.Add(ClockSkew)):
		return Shift{}, invalidField("end", "shift %s: %s is in the future", s.ID, left)
	}
	s.End, s.CorrectedAt = left, now
	return s, tx.SaveShift(s, KindShiftCorrect)
}

// ShiftHours is what the desk shows of a volunteer's duty: hours this
// week (the hall's ISO week) and in all, the open shift counting up to
// now.
type ShiftHours struct {
	Week  time.Duration
	Total time.Duration
}

// AddShiftHours sums shifts as of now; weekStart is the hall's Monday
// 00:00 of now's week. An open shift counts up to now but never past
// cap, the most it may be credited.
func AddShiftHours(shifts []Shift, now, weekStart time.Time, cap time.Duration) ShiftHours {
	var h ShiftHours
	for _, s := range shifts {
		end := s.End
		if end.IsZero() {
			if end = s.Start.Add(cap); now.Before(end) {
				end = now
			}
		}
		if !end.After(s.Start) {
			continue
		}
		h.Total += end.Sub(s.Start)
		if end.After(weekStart) {
			from := s.Start
			if from.Before(weekStart) {
				from = weekStart
			}
			h.Week += end.Sub(from)
		}
	}
	return h
}
