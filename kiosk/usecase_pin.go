package kiosk

import "time"

// PINCountTx keeps a student's wrong-PIN count: the kiosk's own, and
// central's for the whole hall.
type PINCountTx interface {
	// PINFails returns the student's wrong-PIN count (zero when none);
	// on a kiosk its Until includes the hall-wide lock central sent.
	PINFails(studentKey string) (PINFails, error)
	// SavePINFails keeps f; a zero f forgets the student's count.
	SavePINFails(studentKey string, f PINFails) error
}

// PINSetTx stores a student's new PIN hash.
type PINSetTx interface {
	ActorTx
	// SavePINHash stores hash as the student's PIN; on a kiosk it also
	// queues it for central (the plain PIN never leaves the kiosk).
	SavePINHash(studentKey, hash string) error
}

// PINTx is what CheckPIN reads and writes on a kiosk.
type PINTx interface {
	PINCountTx
	// PINHash returns the student's PIN hash, "" when they have none
	// or are not in the roster.
	PINHash(studentKey string) (string, error)
	SavePINHash(studentKey, hash string) error
	// QueuePINFailure tells central of a wrong PIN, so that it counts
	// the hall's and locks PIN entry on every kiosk.
	QueuePINFailure(studentKey string, at time.Time) error
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
// (.Until). Each wrong PIN also goes to central, which locks the student
// on every kiosk of the hall alike. A right PIN clears the count, and
// one kept under an older or weaker hash is hashed anew.
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
		if PINNeedsUpgrade(hash) {
			fresh, err := HashPIN(pin)
			if err != nil {
				return false, err
			}
			if err := tx.SavePINHash(studentKey, fresh); err != nil {
				return false, err
			}
		}
		if f.Count == 0 {
			return true, nil
		}
		return true, tx.SavePINFails(studentKey, PINFails{})
	}
	f = f.fail(now)
	if err := tx.SavePINFails(studentKey, f); err != nil {
		return false, err
	}
	if err := tx.QueuePINFailure(studentKey, now); err != nil {
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

// SetPIN sets the actor's PIN after a card or QR identification: it is
// checked (CheckNewPIN) and hashed here, so only the hash is stored or
// sent on.
func SetPIN(tx PINSetTx, now time.Time, act Actor, pin string) error {
	if _, err := actorSettings(tx, now, act); err != nil {
		return err
	}
	if err := CheckNewPIN(pin); err != nil {
		return err
	}
	hash, err := HashPIN(pin)
	if err != nil {
		return err
	}
	return tx.SavePINHash(act.StudentKey, hash)
}

// AcceptPINHash is central's side of SetPIN: a kiosk sends only a hash,
// and central takes nothing weaker than HashPIN's.
func AcceptPINHash(tx PINSetTx, now time.Time, act Actor, hash string) error {
	if _, err := actorSettings(tx, now, act); err != nil {
		return err
	}
	if !MemoryHardPIN(hash) {
		return invalidField("pin_hash", "a PIN hash must be argon2id at m=%d KiB, t=%d or more", pinMemoryKiB, pinPasses)
	}
	return tx.SavePINHash(act.StudentKey, hash)
}

// RecordPINFailure is central's count of a wrong PIN a kiosk reported at
// at (never later than now): the hall's PINAttempts-th within PINLockout
// locks PIN entry for the student on every kiosk until f.Until.
func RecordPINFailure(tx PINCountTx, now time.Time, studentKey string, at time.Time) (PINFails, error) {
	f, err := tx.PINFails(studentKey)
	if err != nil {
		return f, err
	}
	f = f.fail(keptTime(at, now))
	return f, tx.SavePINFails(studentKey, f)
}
