package storetest

import (
	"encoding/json"
	"testing"

	"onestop/kiosk"
	"onestop/sync/central"
	"onestop/sync/wire"
)

// Issue 9, item 4: a kiosk sends a student's new PIN only as a
// memory-hard hash, and central takes nothing weaker; wrong PINs count
// across the hall's kiosks and the fifth locks PIN entry on all of them.
func testPINs(t *testing.T, fresh Fresh) {
	f := NewFixture(t, fresh)
	hash, err := kiosk.HashPIN("264813")
	f.Must(err)
	pin := func(k central.Kiosk, kind, student, hash string) central.Result {
		t.Helper()
		return f.Push(k, kind, student, map[string]any{"student": student, "pin_hash": hash, "at": f.Clock.Now()})
	}
	WantStatus(t, pin(f.K1, kiosk.KindPINSet, Alice, hash), wire.StatusApplied, "")
	weak := "pbkdf2-sha256$200$c2FsdHNhbHRzYWx0$a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5"
	if r := pin(f.K1, kiosk.KindPINSet, Bob, weak); r.Status != wire.StatusRejected || r.Field != "pin_hash" {
		t.Fatalf("a weak hash: %+v", r)
	}
	WantStatus(t, pin(f.KB, kiosk.KindPINSet, Alice, hash), wire.StatusRejected, kiosk.EFORBIDDEN) // another hall's student
	for i := range kiosk.PINAttempts {
		k := f.K1
		if i%2 == 1 {
			k = f.K2 // the hall's kiosks count together
		}
		WantStatus(t, pin(k, kiosk.KindPINFail, Alice, ""), wire.StatusApplied, "")
	}
	cs, _, _ := PullAll(t, f.S, HallA, central.Cursor{}, 500)
	c, ok := Find(cs, wire.EntityStudent, Alice)
	if !ok {
		t.Fatal("Alice missing from the feed")
	}
	s := Decode[central.Student](t, c.Data)
	if s.PINHash != hash || !s.PINLockedUntil.Equal(f.Clock.Now().Add(kiosk.PINLockout)) {
		t.Fatalf("Alice's entity: hash %q, locked until %v", s.PINHash, s.PINLockedUntil)
	}
	// A re-import without a PIN column keeps the PIN set on the kiosk.
	f.Must(f.S.PutStudents(f.Ctx, []central.Student{{Key: Alice, MaskedName: "张*华", BuildingID: BuildingA, Floor: 3,
		Roles: []string{kiosk.RoleStudent}}}))
	cs, _, _ = PullAll(t, f.S, HallA, central.Cursor{}, 500)
	c, _ = Find(cs, wire.EntityStudent, Alice)
	if s := Decode[central.Student](t, c.Data); s.PINHash != hash {
		t.Fatalf("re-import dropped the PIN: %q", s.PINHash)
	}
}

// A revoked kiosk's token opens nothing; the kiosk stays listed.
func testRevokeKiosk(t *testing.T, fresh Fresh) {
	f := NewFixture(t, fresh)
	if _, err := f.S.KioskByToken(f.Ctx, Hash("token-k2")); err != nil {
		t.Fatalf("before: %v", err)
	}
	f.Must(f.S.RevokeKiosk(f.Ctx, f.K2.ID))
	if _, err := f.S.KioskByToken(f.Ctx, Hash("token-k2")); kiosk.ErrorCode(err) != kiosk.EUNAUTHORIZED {
		t.Fatalf("a revoked token: %v", err)
	}
	ks, err := f.S.Kiosks(f.Ctx)
	f.Must(err)
	for _, k := range ks {
		if (k.ID == f.K2.ID) != !k.RevokedAt.IsZero() {
			t.Errorf("kiosk %s revoked at %v", k.ID, k.RevokedAt)
		}
	}
	if err := f.S.RevokeKiosk(f.Ctx, "nope"); kiosk.ErrorCode(err) != kiosk.ENOTFOUND {
		t.Errorf("unknown kiosk: %v", err)
	}
}

// Asking a kiosk to sync or restart counts the ask in its command
// entity, in its own hall's feed; an unknown or revoked kiosk cannot be
// asked.
func testAskKiosk(t *testing.T, fresh Fresh) {
	f := NewFixture(t, fresh)
	for _, what := range []string{kiosk.AskSync, kiosk.AskSync, kiosk.AskRestart} {
		if _, err := f.S.AskKiosk(f.Ctx, f.K2.ID, what); err != nil {
			t.Fatal(err)
		}
	}
	hall, data, err := f.S.Entity(f.Ctx, kiosk.EntityKioskCommand, f.K2.ID)
	f.Must(err)
	var cmd kiosk.KioskCommand
	f.Must(json.Unmarshal(data, &cmd))
	if hall != HallA || (cmd != kiosk.KioskCommand{Kiosk: f.K2.ID, Sync: 2, Restart: 1}) {
		t.Fatalf("command in %s: %+v", hall, cmd)
	}
	if _, err := f.S.AskKiosk(f.Ctx, f.K2.ID, "explode"); kiosk.ErrorCode(err) != kiosk.EINVALID {
		t.Errorf("unknown ask: %v", err)
	}
	if _, err := f.S.AskKiosk(f.Ctx, "nope", kiosk.AskSync); kiosk.ErrorCode(err) != kiosk.ENOTFOUND {
		t.Errorf("unknown kiosk: %v", err)
	}
	f.Must(f.S.RevokeKiosk(f.Ctx, f.K1.ID))
	if _, err := f.S.AskKiosk(f.Ctx, f.K1.ID, kiosk.AskSync); kiosk.ErrorCode(err) != kiosk.ENOTFOUND {
		t.Errorf("revoked kiosk: %v", err)
	}
}
