package kiosk

import (
	"slices"
	"strings"
	"time"
)

// Settings of the duty volunteer's desk (issue 11).
const (
	SettingDeskLock = "desk.lock_seconds"    // no touch for this long locks the desk
	SettingShiftCap = "desk.shift_cap_hours" // a shift open longer is capped and flagged
)

// DeskRules are the desk's settings.
type DeskRules struct {
	Lock     time.Duration
	ShiftCap time.Duration
}

// Desk is an unlocked desk session on one kiosk: which volunteer holds
// it and when they last touched the screen. The UI keeps one in memory
// and asks it before every desk screen and action; nothing of it is
// stored, so a restart locks the desk.
type Desk struct {
	Volunteer  string // the volunteer's student key
	MaskedName string
	LastTouch  time.Time
	LockAfter  time.Duration
	locked     bool
}

// DeskTx is what unlocking the desk reads and writes on a kiosk: the
// PIN check with its hall-wide lock, and the volunteer's shifts.
type DeskTx interface {
	PINTx
	ShiftTx
	// CorrectionDue returns the volunteer's capped shift that has no
	// correction yet, the newest if several; found is false when none.
	CorrectionDue(studentKey string) (s Shift, found bool, err error)
}

// DeskUnlock is what unlocking tells the desk screen: the session, the
// volunteer's shift on duty (zero when off duty) and a capped shift the
// volunteer should say when they left (zero when none).
type DeskUnlock struct {
	Desk       Desk
	OnDuty     Shift
	Correction Shift
}

// UnlockDesk opens the desk for s after a card or QR scan and the right
// PIN: only a volunteer of the hall's roster (the synced roles decide,
// not the screen's copy) and never after a typed number, which anyone
// could know. A wrong PIN counts towards CheckPIN's lock like any
// other. A shift of the volunteer left open past the cap is capped on
// the way in, so the correction can be asked at once.
func UnlockDesk(tx DeskTx, now time.Time, s *Student, cred Credential, pin string) (DeskUnlock, error) {
	if s == nil || s.Key == "" {
		return DeskUnlock{}, errNoStudent("desk")
	}
	if !cred.Strong() {
		return DeskUnlock{}, Errorf(EFORBIDDEN, MsgErrNotVolunteer, "the desk opens with a card or QR scan only")
	}
	set, err := tx.Settings()
	if err != nil {
		return DeskUnlock{}, err
	}
	roles, err := tx.StudentRoles(s.Key)
	if err != nil {
		return DeskUnlock{}, err
	}
	if !slices.Contains(roles, RoleVolunteer) {
		return DeskUnlock{}, Errorf(EFORBIDDEN, MsgErrNotVolunteer, "student is not a volunteer")
	}
	ok, err := CheckPIN(tx, now, s.Key, pin)
	if err != nil {
		return DeskUnlock{}, err
	}
	if !ok {
		return DeskUnlock{}, Errorf(EUNAUTHORIZED, MsgErrWrongPIN, "wrong PIN").WithField("pin")
	}
	u := DeskUnlock{Desk: Desk{Volunteer: s.Key, MaskedName: s.MaskedName, LastTouch: now, LockAfter: set.Desk.Lock}}
	open, found, err := tx.OpenShift(s.Key)
	if err != nil {
		return u, err
	}
	if found {
		if _, over := shiftCapEnd(open, set.Desk.ShiftCap, now); over {
			if _, err := CapShift(tx, now, open.ID); err != nil {
				return u, err
			}
		} else {
			u.OnDuty = open
		}
	}
	if u.Correction, _, err = tx.CorrectionDue(s.Key); err != nil {
		return u, err
	}
	return u, nil
}

// Touch records a touch at now; a locked desk stays locked.
func (d *Desk) Touch(now time.Time) {
	if !d.Locked(now) && now.After(d.LastTouch) {
		d.LastTouch = now
	}
}

// Locked reports whether the desk is locked at now: by the lock button,
// or after LockAfter without a touch. Once locked it stays locked: a
// new unlock makes a new Desk.
func (d *Desk) Locked(now time.Time) bool {
	if d.locked || d.Volunteer == "" || now.Sub(d.LastTouch) >= d.LockAfter {
		d.locked = true
	}
	return d.locked
}

// Lock locks the desk now (the lock button).
func (d *Desk) Lock() { d.locked = true }

// Identified is how a student being helped at the desk showed who they
// are.
type Identified string

const (
	IdentCard      Identified = "card"       // card or QR scan
	IdentNumberPIN Identified = "number_pin" // typed number and the right PIN
	IdentNumber    Identified = "number"     // typed number alone, the volunteer vouches
)

// Assist returns the actor for an action the volunteer takes on behalf
// of studentKey at now (check in, book, submit a request): only on an
// unlocked desk, and a student identified by number alone only with the
// volunteer's attestation that they know them or saw their card. The
// store records the volunteer as AssistedBy, and so does central. The
// PIN of IdentNumberPIN is checked by the caller (RecordService.VerifyPIN)
// before: the desk only hears that it was right.
func (d *Desk) Assist(now time.Time, studentKey string, how Identified, attested bool) (Actor, error) {
	if d.Locked(now) {
		return Actor{}, Errorf(EFORBIDDEN, MsgErrNotVolunteer, "the desk is locked")
	}
	if strings.TrimSpace(studentKey) == "" {
		return Actor{}, errNoStudent("assisted action")
	}
	switch how {
	case IdentCard, IdentNumberPIN:
	case IdentNumber:
		if !attested {
			return Actor{}, Errorf(EFORBIDDEN, MsgErrPINRequired, "a student identified by number alone needs the volunteer's attestation").WithField("attest")
		}
	default:
		return Actor{}, invalidField("identified", "unknown identification %q", how)
	}
	d.Touch(now)
	return Actor{StudentKey: studentKey, AssistedBy: d.Volunteer}, nil
}

// DeskSync is the desk's sync health: the outbox and the last contact
// (SyncHealth), and the actions central refused that a student has not
// been shown yet, oldest first, so the volunteer can tell them.
type DeskSync struct {
	SyncHealth
	Rejected []DeskRejection
}

// DeskRejection is one refused action with whom to tell: the student's
// masked name ("" when they left the roster), or for a queue mark the
// volunteer's who made it, and, in MessageID, why.
type DeskRejection struct {
	Rejection
	MaskedName string
}
