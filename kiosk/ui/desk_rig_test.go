package ui_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"path/filepath"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"onestop/kiosk"
	"onestop/kiosk/kiosktest"
	"onestop/kiosk/store"
	"onestop/kiosk/ui"
)

// The desk's screens run on the real kiosk store: today's board, the
// shifts and the queue are SQL the fakes would only imitate.

// Desk fixtures: 欧阳娜娜 is a duty volunteer with a card and a PIN;
// 张三华 (card) and 李四 (number and PIN) are students.
const (
	volNumber  = "2023030301"
	volCard    = "CARD-0700"
	volPIN     = "357924"
	volMasked  = "欧**娜"
	liNumber   = "2023040401"
	liPIN      = "112233"
	liMasked   = "李*"
	deskLockAt = 120 * time.Second
)

var deskSalt = bytes.Repeat([]byte{0x42}, 32)

// storeRig is a kiosk whose services are one real store.
type storeRig struct {
	*rig
	db      *store.DB
	syncNow int // taps of Sync now that reached the syncer
}

func newStoreRig(t testing.TB) *storeRig {
	t.Helper()
	clock := kiosktest.NewClock(start)
	db, err := store.Open(filepath.Join(t.TempDir(), "kiosk.db"), clock)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	sr := &storeRig{db: db}
	sr.seedCampus(t)
	r := &rig{t: t, app: test.NewTempApp(t), fakes: &fakes{clock: clock}}
	r.win = test.NewTempWindow(t, nil)
	k, err := ui.New(r.app, r.win, ui.Deps{Roster: db, Visits: db, Hall: db, Appointments: db, Rooms: db,
		Events: db, Requests: db, Records: db, Desk: db, SyncNow: func() { sr.syncNow++ },
		Clock: clock, IDs: kiosk.IDSource{R: rand.Reader}})
	if err != nil {
		t.Fatal(err)
	}
	r.k = k
	r.win.Resize(fyne.NewSize(1920, 1080))
	sr.rig = r
	return sr
}

// apply stores rows as central's upserts of entity.
func (sr *storeRig) apply(tb testing.TB, entity string, rows ...any) {
	tb.Helper()
	var cs []kiosk.Change
	for _, row := range rows {
		data, err := json.Marshal(row)
		if err != nil {
			tb.Fatal(err)
		}
		var id struct {
			ID  string `json:"id"`
			Key string `json:"key"`
		}
		_ = json.Unmarshal(data, &id)
		if id.ID == "" {
			id.ID = id.Key
		}
		if entity == kiosk.EntitySettings {
			id.ID = hallID
		}
		cs = append(cs, kiosk.Change{Entity: entity, ID: id.ID, Data: data})
	}
	ctx := context.Background()
	cur, err := sr.db.SyncCursor(ctx)
	if err != nil {
		tb.Fatal(err)
	}
	st, err := sr.db.ApplyChanges(ctx, kiosk.ChangePage{Changes: cs, Cursor: cur})
	if err != nil || len(st.Skipped) > 0 {
		tb.Fatalf("apply %s: %+v %v", entity, st, err)
	}
}

// seedCampus: the hall's settings, buildings, rooms, mentors with
// slots and the roster, as central would send them.
func (sr *storeRig) seedCampus(tb testing.TB) {
	sr.apply(tb, kiosk.EntitySettings, map[string]string{
		kiosk.SettingRosterSalt: hex.EncodeToString(deskSalt), kiosk.SettingHallID: hallID})
	var bs []any
	for _, b := range buildings {
		bs = append(bs, b)
	}
	sr.apply(tb, kiosk.EntityBuilding, bs...)
	var rs []any
	for _, r := range rooms {
		rs = append(rs, r)
	}
	sr.apply(tb, kiosk.EntityRoom, rs...)
	var ms, ss []any
	for _, m := range mentors {
		ms = append(ms, m)
		for _, s := range mentorSlots(m.ID) {
			s.MentorID = m.ID
			ss = append(ss, s)
		}
	}
	sr.apply(tb, kiosk.EntityMentor, ms...)
	sr.apply(tb, kiosk.EntityMentorSlot, ss...)
	sr.apply(tb, kiosk.EntityStudent,
		rosterRow(tb, kiosk.RosterEntry{Number: volNumber, CardID: volCard, Name: "欧阳娜娜", BuildingID: "b3", Floor: 2,
			Roles: []string{kiosk.RoleStudent, kiosk.RoleVolunteer}, PIN: volPIN}),
		rosterRow(tb, kiosk.RosterEntry{Number: zhangNumber, CardID: zhangCard, Name: "张三华", BuildingID: "b3", Floor: 5,
			Roles: []string{kiosk.RoleStudent}}),
		rosterRow(tb, kiosk.RosterEntry{Number: liNumber, Name: "李四", BuildingID: "b5", Floor: 3,
			Roles: []string{kiosk.RoleStudent}, PIN: liPIN}))
}

// rosterRow is a roster entry as central sends it: hashed and masked.
func rosterRow(tb testing.TB, e kiosk.RosterEntry) kiosk.RosterRow {
	r := kiosk.RosterRow{Key: deskKey(e.Number), MaskedName: kiosk.MaskName(e.Name), BuildingID: e.BuildingID,
		Floor: e.Floor, Roles: e.Roles}
	if e.CardID != "" {
		r.CardKey = kiosk.HashIdentifier(deskSalt, kiosk.HashCard, e.CardID)
	}
	if e.PIN != "" {
		h, err := kiosk.HashPIN(e.PIN)
		if err != nil {
			tb.Fatal(err)
		}
		r.PINHash = h
	}
	return r
}

func deskKey(number string) string {
	return kiosk.HashIdentifier(deskSalt, kiosk.HashStudentNumber, number)
}

// unlock scans the volunteer's card on the home screen and opens the
// desk with the PIN.
func (sr *storeRig) unlock() {
	sr.t.Helper()
	sr.scan(volCard)
	sr.tap("desk.open")
	sr.keypad(volPIN)
	sr.tap("keypad.ok")
	if !sr.has("desk.lock") {
		sr.t.Fatalf("desk did not open; screen shows:\n%s", sr.text())
	}
}
