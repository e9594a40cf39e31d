package kiosk

import "time"

// PINTx is what CheckPIN reads and writes about one student.
type PINTx interface {
	// PINHash returns the student's PIN hash, "" when they have none
	// or are not in the roster.
	PINHash(studentKey string) (string, error)
	// PINFails returns the student's wrong-PIN count (zero when none).
	PINFails(studentKey string) (PINFails, error)
	// SavePINFails keeps f; a zero f forgets the student's count.
	SavePINFails(studentKey string, f PINFails) error
}

// PINFails counts a student's wrong PINs since First; Until is set once
// they reach PINAttempts, and PIN entry is refused until then.
type PINFails struct {
	Count int       `json:"count"`
	First time.Time `json:"first_at"`
	Until time.Time `json:"locked_until,omitzero"`
}

// fail counts one more wrong PIN at now. A count whose window or lockout
// has passed starts again at one.
func (f PINFails) fail(now time.Time) PINFails {
	if f.Count == 0 || !f.Until.IsZero() || now.Sub(f.First) >= PINLockout {
		f = PINFails{First: now}
	}
	if f.Count++; f.Count >= PINAttempts {
		f.Until = now.Add(PINLockout)
	}
	return f
}

// Expired reports whether the count no longer matters at now, so an
// adapter may forget it: no trace of who mistyped lingers.
func (f PINFails) Expired(now time.Time) bool {
	if !f.Until.IsZero() {
		return !now.Before(f.Until)
	}
	return now.Sub(f.First) >= PINLockout
}

// CheckPIN reports whether pin is the student's PIN; false for a wrong
// PIN and for a student without one. The PINAttempts-th wrong PIN within
// PINLockout locks PIN entry for PINLockout: that attempt and every one
// until the lock ends, right or wrong, is ELIMIT with MsgErrPINLocked
// (.Until). A right PIN clears the count.
func CheckPIN(tx PINTx, now time.Time, studentKey, pin string) (bool, error) {
	f, err := tx.PINFails(studentKey)
	if err != nil {
		return false, err
	}
	if now.Before(f.Until) {
		return false, errPINLocked(f.Until)
	}
	hash, err := tx.PINHash(studentKey)
	if err != nil {
		return false, err
	}
	if hash != "" && VerifyPIN(hash, pin) {
		if f.Count == 0 {
			return true, nil
		}
		return true, tx.SavePINFails(studentKey, PINFails{})
	}
	f = f.fail(now)
	if err := tx.SavePINFails(studentKey, f); err != nil {
		return false, err
	}
	if !f.Until.IsZero() {
		return false, errPINLocked(f.Until)
	}
	return false, nil
}

func errPINLocked(until time.Time) error {
	return Errorf(ELIMIT, MsgErrPINLocked, "PIN locked until %s", until).With(map[string]any{"Until": until})
}
