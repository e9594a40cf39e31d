package kiosk_test

import (
	"errors"
	"testing"
	"time"

	"onestop/kiosk"
	"onestop/kiosk/kiosktest"
)

// deskTx is an in-memory kiosk.DeskTx for the desk's rules.
type deskTx struct {
	set    kiosk.Settings
	roles  map[string][]string
	pins   map[string]string
	fails  map[string]kiosk.PINFails
	shifts map[string]kiosk.Shift
	saved  []string // kinds saved, in order
}

func newDeskTx(t *testing.T) *deskTx {
	hash, err := kiosk.HashPIN("2468")
	if err != nil {
		t.Fatal(err)
	}
	return &deskTx{
		set:    kiosk.DefaultSettings(),
		roles:  map[string][]string{"vol": {kiosk.RoleStudent, kiosk.RoleVolunteer}, "stu": {kiosk.RoleStudent}},
		pins:   map[string]string{"vol": hash, "stu": hash},
		fails:  map[string]kiosk.PINFails{},
		shifts: map[string]kiosk.Shift{},
	}
}

func (f *deskTx) Settings() (kiosk.Settings, error) { return f.set, nil }
func (f *deskTx) StudentRoles(k string) ([]string, error) {
	r, ok := f.roles[k]
	if !ok {
		return nil, kiosk.Errorf(kiosk.ENOTFOUND, kiosk.MsgErrUnknownStudent, "no student")
	}
	return r, nil
}
func (f *deskTx) PINFails(k string) (kiosk.PINFails, error)     { return f.fails[k], nil }
func (f *deskTx) SavePINFails(k string, p kiosk.PINFails) error { f.fails[k] = p; return nil }
func (f *deskTx) PINHash(k string) (string, error)              { return f.pins[k], nil }
func (f *deskTx) SavePINHash(k, h string) error                 { f.pins[k] = h; return nil }
func (f *deskTx) QueuePINFailure(string, time.Time) error       { return nil }
func (f *deskTx) Shift(id string) (kiosk.Shift, bool, error) {
	s, ok := f.shifts[id]
	return s, ok, nil
}
func (f *deskTx) OpenShift(k string) (kiosk.Shift, bool, error) {
	for _, s := range f.shifts {
		if s.StudentKey == k && s.End.IsZero() {
			return s, true, nil
		}
	}
	return kiosk.Shift{}, false, nil
}
func (f *deskTx) EnrolledAt() (time.Time, error) { return time.Time{}, nil }
func (f *deskTx) SaveShift(s kiosk.Shift, kind string) error {
	if err := s.Validate(); err != nil {
		return err
	}
	f.shifts[s.ID], f.saved = s, append(f.saved, kind)
	return nil
}
func (f *deskTx) CorrectionDue(k string) (kiosk.Shift, bool, error) {
	for _, s := range f.shifts {
		if s.StudentKey == k && s.Capped && s.CorrectedAt.IsZero() {
			return s, true, nil
		}
	}
	return kiosk.Shift{}, false, nil
}

var deskStart = time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)

func code(err error) string {
	var ke *kiosk.Error
	if errors.As(err, &ke) {
		return ke.Code
	}
	if err != nil {
		return err.Error()
	}
	return ""
}

func TestUnlockDesk(t *testing.T) {
	scan := kiosk.Credential{Kind: kiosk.CredScan, Value: "card-1"}
	typed := kiosk.Credential{Kind: kiosk.CredNumber, Value: "20260001"}
	for _, tc := range []struct {
		name, key string
		cred      kiosk.Credential
		pin       string
		want      string
	}{
		{"volunteer, card, right PIN", "vol", scan, "2468", ""},
		{"wrong PIN", "vol", scan, "1357", kiosk.EUNAUTHORIZED},
		{"typed number never opens the desk", "vol", typed, "2468", kiosk.EFORBIDDEN},
		{"not a volunteer", "stu", scan, "2468", kiosk.EFORBIDDEN},
		{"not in the roster", "gone", scan, "2468", kiosk.ENOTFOUND},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tx := newDeskTx(t)
			clock := kiosktest.NewClock(deskStart)
			u, err := kiosk.UnlockDesk(tx, clock.Now(), &kiosk.Student{Key: tc.key, MaskedName: "张*华"}, tc.cred, tc.pin)
			if code(err) != tc.want {
				t.Fatalf("err %v, want %q", err, tc.want)
			}
			if err == nil && (u.Desk.Volunteer != "vol" || u.Desk.MaskedName != "张*华" || u.Desk.Locked(clock.Now())) {
				t.Errorf("desk %+v", u.Desk)
			}
		})
	}
}

func TestUnlockDeskPINLock(t *testing.T) {
	tx := newDeskTx(t)
	clock := kiosktest.NewClock(deskStart)
	vol := &kiosk.Student{Key: "vol"}
	scan := kiosk.Credential{Kind: kiosk.CredScan, Value: "card-1"}
	var err error
	for range kiosk.PINAttempts {
		_, err = kiosk.UnlockDesk(tx, clock.Now(), vol, scan, "0000")
	}
	if code(err) != kiosk.ELIMIT {
		t.Fatalf("after %d wrong PINs: %v, want the lock", kiosk.PINAttempts, err)
	}
	if _, err := kiosk.UnlockDesk(tx, clock.Now(), vol, scan, "2468"); code(err) != kiosk.ELIMIT {
		t.Errorf("right PIN while locked: %v", err)
	}
	clock.Advance(kiosk.PINLockout)
	if _, err := kiosk.UnlockDesk(tx, clock.Now(), vol, scan, "2468"); err != nil {
		t.Errorf("after the lockout: %v", err)
	}
}

func TestDeskLock(t *testing.T) {
	clock := kiosktest.NewClock(deskStart)
	set := kiosk.ParseSettings(map[string]string{kiosk.SettingDeskLock: "60"})
	d := kiosk.Desk{Volunteer: "vol", LastTouch: clock.Now(), LockAfter: set.Desk.Lock}
	clock.Advance(59 * time.Second)
	d.Touch(clock.Now())
	clock.Advance(59 * time.Second)
	if d.Locked(clock.Now()) {
		t.Fatal("locked 59 s after a touch")
	}
	clock.Advance(time.Second)
	if !d.Locked(clock.Now()) {
		t.Fatal("open 60 s after the last touch")
	}
	d.Touch(clock.Now())
	if !d.Locked(clock.Now()) {
		t.Error("a touch reopened a locked desk")
	}
	d2 := kiosk.Desk{Volunteer: "vol", LastTouch: clock.Now(), LockAfter: time.Minute}
	d2.Lock()
	if !d2.Locked(clock.Now()) {
		t.Error("the lock button did not lock")
	}
	if kiosk.DefaultSettings().Desk.Lock != 2*time.Minute || kiosk.ParseSettings(map[string]string{kiosk.SettingDeskLock: "5"}).Desk.Lock != 2*time.Minute {
		t.Error("desk lock default or range")
	}
}

func TestDeskAssist(t *testing.T) {
	clock := kiosktest.NewClock(deskStart)
	for _, tc := range []struct {
		name     string
		how      kiosk.Identified
		attested bool
		idle     time.Duration
		want     string
	}{
		{"card", kiosk.IdentCard, false, 0, ""},
		{"number and PIN", kiosk.IdentNumberPIN, false, 0, ""},
		{"number alone, attested", kiosk.IdentNumber, true, 0, ""},
		{"number alone, no attestation", kiosk.IdentNumber, false, 0, kiosk.EFORBIDDEN},
		{"unknown way", "face", true, 0, kiosk.EINVALID},
		{"locked desk", kiosk.IdentCard, false, 2 * time.Minute, kiosk.EFORBIDDEN},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := kiosk.Desk{Volunteer: "vol", LastTouch: clock.Now(), LockAfter: 2 * time.Minute}
			act, err := d.Assist(clock.Now().Add(tc.idle), "stu", tc.how, tc.attested)
			if code(err) != tc.want {
				t.Fatalf("err %v, want %q", err, tc.want)
			}
			if err == nil && (act != kiosk.Actor{StudentKey: "stu", AssistedBy: "vol"}) {
				t.Errorf("actor %+v", act)
			}
		})
	}
}

func TestShiftCapAndCorrection(t *testing.T) {
	tx := newDeskTx(t)
	clock := kiosktest.NewClock(deskStart)
	vol := &kiosk.Student{Key: "vol"}
	scan := kiosk.Credential{Kind: kiosk.CredScan, Value: "card-1"}
	if _, err := kiosk.StartShift(tx, clock.Now(), kiosk.Self("vol"), "s1", time.Time{}); err != nil {
		t.Fatal(err)
	}
	clock.Advance(5 * time.Hour)
	u, err := kiosk.UnlockDesk(tx, clock.Now(), vol, scan, "2468")
	if err != nil || u.OnDuty.ID != "s1" || u.Correction.ID != "" {
		t.Fatalf("within the cap: %+v %v", u, err)
	}
	if _, err := kiosk.CapShift(tx, clock.Now(), "s1"); code(err) != kiosk.EINVALID {
		t.Errorf("cap within the cap: %v", err)
	}
	clock.Advance(3 * time.Hour) // 8 h: past the default 6 h cap
	u, err = kiosk.UnlockDesk(tx, clock.Now(), vol, scan, "2468")
	if err != nil {
		t.Fatal(err)
	}
	s := tx.shifts["s1"]
	if u.OnDuty.ID != "" || u.Correction.ID != "s1" || !s.Capped || !s.End.Equal(deskStart.Add(6*time.Hour)) {
		t.Fatalf("past the cap: unlock %+v, shift %+v", u, s)
	}
	if again, err := kiosk.CapShift(tx, clock.Now(), "s1"); err != nil || !again.End.Equal(s.End) {
		t.Errorf("second cap (another kiosk): %+v %v", again, err)
	}
	for _, tc := range []struct {
		name string
		act  kiosk.Actor
		left time.Time
		want string
	}{
		{"before the start", kiosk.Self("vol"), deskStart.Add(-time.Minute), kiosk.EINVALID},
		{"at the start", kiosk.Self("vol"), deskStart, kiosk.EINVALID},
		{"after the cap", kiosk.Self("vol"), deskStart.Add(6*time.Hour + time.Minute), kiosk.EINVALID},
		{"someone else's", kiosk.Self("stu"), deskStart.Add(time.Hour), kiosk.ENOTFOUND},
	} {
		if _, err := kiosk.CorrectShift(tx, clock.Now(), tc.act, "s1", tc.left); code(err) != tc.want {
			t.Errorf("%s: %v, want %q", tc.name, err, tc.want)
		}
	}
	left := deskStart.Add(4 * time.Hour)
	c, err := kiosk.CorrectShift(tx, clock.Now(), kiosk.Self("vol"), "s1", left)
	if err != nil || !c.End.Equal(left) || !c.Capped || !c.CorrectedAt.Equal(clock.Now()) {
		t.Fatalf("correction: %+v %v", c, err)
	}
	if _, err := kiosk.CorrectShift(tx, clock.Now(), kiosk.Self("vol"), "s1", left); err != nil {
		t.Errorf("the same correction again: %v", err)
	}
	if _, err := kiosk.CorrectShift(tx, clock.Now(), kiosk.Self("vol"), "s1", left.Add(time.Hour)); code(err) != kiosk.EINVALID {
		t.Errorf("a second correction: %v", err)
	}
	if u, _ := kiosk.UnlockDesk(tx, clock.Now(), vol, scan, "2468"); u.Correction.ID != "" {
		t.Errorf("correction asked again: %+v", u)
	}
	if got := tx.saved; len(got) != 3 || got[1] != kiosk.KindShiftCap || got[2] != kiosk.KindShiftCorrect {
		t.Errorf("saved kinds %v", got)
	}
}

func TestCorrectShiftFuture(t *testing.T) {
	tx := newDeskTx(t)
	start := deskStart
	tx.shifts["s1"] = kiosk.Shift{ID: "s1", StudentKey: "vol", Start: start, End: start.Add(6 * time.Hour), Capped: true}
	now := start.Add(2 * time.Hour) // central capped early; the cap lies ahead
	if _, err := kiosk.CorrectShift(tx, now, kiosk.Self("vol"), "s1", start.Add(3*time.Hour)); code(err) != kiosk.EINVALID {
		t.Errorf("a time in the future: %v", err)
	}
}

func TestAddShiftHours(t *testing.T) {
	mon := time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)
	h := time.Hour
	shifts := []kiosk.Shift{
		{Start: mon.Add(-26 * h), End: mon.Add(-24 * h)}, // last week: 2 h
		{Start: mon.Add(-h), End: mon.Add(2 * h)},        // across Monday 00:00: 1 h last week, 2 h this week
		{Start: mon.Add(9 * h)},                          // open: counts to now
		{Start: mon.Add(-10 * 24 * h)},                   // open long ago: at most the cap
	}
	got := kiosk.AddShiftHours(shifts, mon.Add(10*h), mon, 6*h)
	if want := (kiosk.ShiftHours{Week: 3 * h, Total: 12 * h}); got != want {
		t.Errorf("hours %+v, want %+v", got, want)
	}
}
