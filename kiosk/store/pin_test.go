package store_test

import (
	"context"
	"crypto/pbkdf2"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"strings"
	"testing"
	"time"

	"onestop/kiosk"
)

// legacyHash is a PIN hash of the scheme before argon2id, as older
// rosters carry them.
func legacyHash(tb testing.TB, pin string) string {
	tb.Helper()
	salt := []byte("0123456789abcdef")
	key, err := pbkdf2.Key(sha256.New, pin, salt, 200, 32)
	must(tb, err)
	enc := base64.RawStdEncoding
	return fmt.Sprintf("pbkdf2-sha256$200$%s$%s", enc.EncodeToString(salt), enc.EncodeToString(key))
}

// Issue 9, item 4 on the kiosk: an old hash is replaced by argon2id at
// the next right entry and sent on as pin.set; each wrong PIN goes to
// central as pin.fail; a PIN set here needs 6 digits and only its hash
// is kept or sent; central's hall-wide lock refuses even the right PIN.
func TestPINsOnTheKiosk(t *testing.T) {
	ctx := context.Background()
	db, clock, path := openStore(t)
	seed(t, db, kiosk.EntityStudent, kiosk.RosterRow{Key: "s7", MaskedName: "张*华", BuildingID: "b1",
		Roles: []string{kiosk.RoleStudent}, PINHash: legacyHash(t, "4321")})
	if ok, err := db.VerifyPIN(ctx, "s7", "4321"); !ok || err != nil {
		t.Fatalf("the old hash: %v %v", ok, err)
	}
	var hash string
	must(t, rawDB(t, path).QueryRow(`SELECT pin_hash FROM roster WHERE student_key = 's7'`).Scan(&hash))
	if !kiosk.MemoryHardPIN(hash) || !kiosk.VerifyPIN(hash, "4321") {
		t.Fatalf("not upgraded: %s", hash)
	}
	if ok, _ := db.VerifyPIN(ctx, "s7", "0000"); ok {
		t.Fatal("a wrong PIN matched")
	}
	wantKinds := []string{kiosk.KindPINSet, kiosk.KindPINFail}
	ms := allOutbox(t, db)
	if len(ms) != 2 || ms[0].Kind != wantKinds[0] || ms[1].Kind != wantKinds[1] || !strings.Contains(string(ms[0].Payload), hash) {
		t.Fatalf("outbox %+v, want pin.set with the new hash then pin.fail", ms)
	}

	err := db.SetPIN(ctx, "s7", "111111")
	wantCode(t, err, kiosk.EINVALID, kiosk.MsgErrNewPIN)
	must(t, db.SetPIN(ctx, "s7", "264813"))
	if ok, err := db.VerifyPIN(ctx, "s7", "264813"); !ok || err != nil {
		t.Fatalf("the new PIN: %v %v", ok, err)
	}
	for _, m := range allOutbox(t, db) {
		if strings.Contains(string(m.Payload), "264813") {
			t.Fatal("the plain PIN reached the outbox")
		}
	}
	// Central's copy from before it heard of the new PIN does not undo it.
	seed(t, db, kiosk.EntityStudent, kiosk.RosterRow{Key: "s7", MaskedName: "张*华", BuildingID: "b1",
		Roles: []string{kiosk.RoleStudent}, PINHash: legacyHash(t, "4321")})
	if ok, err := db.VerifyPIN(ctx, "s7", "264813"); !ok || err != nil {
		t.Fatalf("the new PIN after a stale roster row: %v %v", ok, err)
	}

	seed(t, db, kiosk.EntityStudent, kiosk.RosterRow{Key: "s8", MaskedName: "李*", BuildingID: "b1",
		Roles: []string{kiosk.RoleStudent}, PINHash: legacyHash(t, "5555"), PINLockedUntil: clock.Now().Add(10 * time.Minute)})
	_, err = db.VerifyPIN(ctx, "s8", "5555")
	wantCode(t, err, kiosk.ELIMIT, kiosk.MsgErrPINLocked)
	clock.Advance(11 * time.Minute)
	if ok, err := db.VerifyPIN(ctx, "s8", "5555"); !ok || err != nil {
		t.Fatalf("after the hall's lock: %v %v", ok, err)
	}
}

// BenchmarkVerifyPIN is a PIN check at the kiosk, argon2id included
// (goal: under 300 ms).
func BenchmarkVerifyPIN(b *testing.B) {
	ctx := context.Background()
	db, _, _ := openStore(b)
	hash, err := kiosk.HashPIN("264813")
	must(b, err)
	seed(b, db, kiosk.EntityStudent, kiosk.RosterRow{Key: "s7", MaskedName: "张*华", BuildingID: "b1",
		Roles: []string{kiosk.RoleStudent}, PINHash: hash})
	for b.Loop() {
		if ok, err := db.VerifyPIN(ctx, "s7", "264813"); !ok || err != nil {
			b.Fatal(ok, err)
		}
	}
}
