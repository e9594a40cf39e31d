package storetest

import (
	"encoding/hex"
	"testing"
	"time"

	"onestop/kiosk"
	"onestop/sync/central"
	"onestop/sync/wire"
)

func testReopen(t *testing.T, fresh Fresh) {
	f := NewFixture(t, fresh)
	salt, err := f.S.Salt(f.Ctx)
	f.Must(err)
	_, c, _ := PullAll(t, f.S, HallA, central.Cursor{}, 500)
	// A second handle (another process) migrates nothing twice, shares
	// the salt and accepts the first one's cursors.
	s2 := f.Open(t, f.Clock)
	salt2, err := s2.Salt(f.Ctx)
	f.Must(err)
	if len(salt) < 16 || hex.EncodeToString(salt) != hex.EncodeToString(salt2) {
		t.Fatalf("salt %x vs %x", salt, salt2)
	}
	p, err := s2.Changes(f.Ctx, HallA, c, 10)
	f.Must(err)
	if p.Reset || len(p.Changes) != 0 {
		t.Fatalf("cursor not honoured by another handle: %+v", p)
	}
	halls, err := s2.Halls(f.Ctx)
	f.Must(err)
	if len(halls) != 2 || halls[0].ID != HallA || halls[0].Name.En != "Hall A" {
		t.Fatalf("halls %+v", halls)
	}
}

func testCatalog(t *testing.T, fresh Fresh) {
	f := NewFixture(t, fresh)
	cs, c, reset := PullAll(t, f.S, HallA, central.Cursor{}, 500)
	if !reset {
		t.Fatal("first pull must reset")
	}
	for _, want := range [][2]string{
		{wire.EntitySettings, HallA}, {wire.EntityBuilding, BuildingA}, {wire.EntityRoom, RoomA},
		{wire.EntityMentor, MentorA}, {wire.EntityMentorSlot, SlotA}, {wire.EntityEvent, EventA},
		{wire.EntityStudent, Alice}, {wire.EntityStudent, Bob},
	} {
		if _, ok := Find(cs, want[0], want[1]); !ok {
			t.Errorf("snapshot lacks %s %s", want[0], want[1])
		}
	}
	if _, ok := Find(cs, wire.EntityRoom, RoomB); ok {
		t.Error("hall A sees hall B's room")
	}
	if _, ok := Find(cs, wire.EntityStudent, Carol); ok {
		t.Error("hall A sees hall B's student")
	}
	if cs[0].Entity != wire.EntitySettings {
		t.Errorf("snapshot starts with %s, want settings first", cs[0].Entity)
	}
	room := Decode[kiosk.Room](t, mustFind(t, cs, wire.EntityRoom, RoomA).Data)
	if !room.Active || room.Opens != 480 || room.BuildingID != BuildingA {
		t.Fatalf("room %+v", room)
	}
	stu := Decode[central.Student](t, mustFind(t, cs, wire.EntityStudent, Alice).Data)
	if stu.CardKey != "card-alice" || stu.MaskedName != "张*华" || len(stu.Roles) != 2 {
		t.Fatalf("student %+v", stu)
	}

	// Renaming a room and deleting an announcement reach the feed.
	room.Name.En = "Quiet room"
	f.Must(f.S.PutRoom(f.Ctx, HallA, room))
	f.Must(f.S.PutAnnouncement(f.Ctx, HallA, kiosk.Announcement{ID: "ann", Title: kiosk.LocalName{Zh: "通知"}, StartsAt: Start}))
	f.Must(f.S.DeleteAnnouncement(f.Ctx, "ann"))
	cs, _, reset = PullAll(t, f.S, HallA, c, 500)
	if reset || len(cs) != 3 {
		t.Fatalf("incremental %d changes, reset %v", len(cs), reset)
	}
	if r := Decode[kiosk.Room](t, cs[0].Data); r.Name.En != "Quiet room" {
		t.Fatalf("renamed room %+v", r)
	}
	if cs[2].Op != wire.OpDelete || cs[2].Entity != wire.EntityAnnouncement || cs[2].Data != nil {
		t.Fatalf("tombstone %+v", cs[2])
	}
	if kiosk.ErrorCode(f.S.DeleteAnnouncement(f.Ctx, "ann")) != kiosk.ENOTFOUND {
		t.Fatal("second delete must be not found")
	}
	if kiosk.ErrorCode(f.S.DeleteHall(f.Ctx, HallA)) != kiosk.ECONFLICT {
		t.Fatal("deleting a hall with rooms must conflict")
	}
	if kiosk.ErrorCode(f.S.PutRoom(f.Ctx, HallA, kiosk.Room{ID: "x", Type: kiosk.RoomStudy, BuildingID: BuildingB, Opens: 1, Closes: 2})) != kiosk.EFORBIDDEN {
		t.Fatal("a room in another hall's building must be refused")
	}
	if kiosk.ErrorCode(f.S.PutRoom(f.Ctx, HallA, kiosk.Room{ID: "x", Type: "pool", BuildingID: BuildingA, Opens: 1, Closes: 2})) != kiosk.EINVALID {
		t.Fatal("unknown room type must be invalid")
	}
	f.Must(f.S.PutHall(f.Ctx, central.Hall{ID: "empty", Name: kiosk.LocalName{En: "Empty"}}))
	f.Must(f.S.DeleteHall(f.Ctx, "empty"))
}

func mustFind(t *testing.T, cs []central.Change, entity, id string) central.Change {
	t.Helper()
	c, ok := Find(cs, entity, id)
	if !ok {
		t.Fatalf("no %s %s in %d changes", entity, id, len(cs))
	}
	return c
}

func testSettings(t *testing.T, fresh Fresh) {
	f := NewFixture(t, fresh)
	f.Must(f.S.SetSettings(f.Ctx, HallA, map[string]string{"room.max_per_day": "1", kiosk.SettingIdleTimeout: "90"}))
	f.Must(f.S.SetSettings(f.Ctx, HallA, map[string]string{kiosk.SettingIdleTimeout: ""}))
	kv, err := f.S.Settings(f.Ctx, HallA)
	f.Must(err)
	salt, _ := f.S.Salt(f.Ctx)
	if kv["room.max_per_day"] != "1" || kv[kiosk.SettingIdleTimeout] != "" || kv[kiosk.SettingHallID] != HallA ||
		kv[kiosk.SettingHallNameZh] != "甲大厅" || kv["roster.salt"] != hex.EncodeToString(salt) {
		t.Fatalf("settings %v", kv)
	}
	cs, _, _ := PullAll(t, f.S, HallA, central.Cursor{}, 500)
	got := Decode[map[string]string](t, mustFind(t, cs, wire.EntitySettings, HallA).Data)
	if s := kiosk.ParseSettings(got); s.Room.MaxPerDay != 1 || s.HallID != HallA {
		t.Fatalf("feed settings %v", got)
	}
	if kiosk.ErrorCode(f.S.SetSettings(f.Ctx, HallA, map[string]string{"roster.salt": "00"})) != kiosk.EINVALID {
		t.Fatal("the salt must not be settable")
	}
	// A value no kiosk would take, or a key no kiosk knows, is refused
	// rather than stored and quietly ignored.
	for _, kv := range []map[string]string{{"room.max_per_day": "0"}, {"room.max_per_day": "two"},
		{"hall_name_zh": "北区"}, {"ui.default_lang": "fr"}, {"term.start": "2026/9/1"}} {
		if err := f.S.SetSettings(f.Ctx, HallA, kv); kiosk.ErrorCode(err) != kiosk.EINVALID {
			t.Errorf("SetSettings(%v) = %v, want invalid", kv, err)
		}
	}
	if kiosk.ErrorCode(f.S.SetSettings(f.Ctx, "nowhere", map[string]string{"room.max_per_day": "2"})) != kiosk.ENOTFOUND {
		t.Fatal("settings of an unknown hall")
	}
}

func testEnroll(t *testing.T, fresh Fresh) {
	f := NewFixture(t, fresh)
	k, err := f.S.KioskByToken(f.Ctx, Hash("token-k1"))
	f.Must(err)
	if k.ID != "k1" || k.HallID != HallA || k.Name != "Kiosk k1" || !k.EnrolledAt.Equal(Start) {
		t.Fatalf("kiosk %+v", k)
	}
	if _, err := f.S.KioskByToken(f.Ctx, Hash("nope")); kiosk.ErrorCode(err) != kiosk.EUNAUTHORIZED {
		t.Fatalf("unknown token: %v", err)
	}
	// A code works once.
	if _, err := f.S.Enroll(f.Ctx, Hash("code-k1"), central.Kiosk{ID: "k9"}, Hash("t9")); kiosk.ErrorCode(err) != kiosk.ENOTFOUND {
		t.Fatalf("reused code: %v", err)
	}
	// A code expires after its time.
	f.Must(f.S.CreateEnrollCode(f.Ctx, Hash("late"), HallB, Start.Add(24*time.Hour)))
	f.Clock.Advance(24 * time.Hour)
	if _, err := f.S.Enroll(f.Ctx, Hash("late"), central.Kiosk{ID: "k8"}, Hash("t8")); kiosk.ErrorCode(err) != kiosk.ENOTFOUND {
		t.Fatalf("expired code: %v", err)
	}
	if last, err := f.S.Heartbeat(f.Ctx, "k1", central.Health{Version: "1.2", OutboxPending: 7, LastPullAt: Start}); err != nil || last != 0 {
		t.Fatalf("heartbeat before any push: last seq %d, %v", last, err)
	}
	ks, err := f.S.Kiosks(f.Ctx)
	f.Must(err)
	if len(ks) != 3 || ks[0].ID != "k1" || ks[0].Health.Version != "1.2" || ks[0].Health.OutboxPending != 7 ||
		!ks[0].Health.At.Equal(f.Clock.Now()) || !ks[0].Health.LastPullAt.Equal(Start) {
		t.Fatalf("kiosks %+v", ks)
	}
	if _, err := f.S.Heartbeat(f.Ctx, "zz", central.Health{}); kiosk.ErrorCode(err) != kiosk.ENOTFOUND {
		t.Fatal("heartbeat of unknown kiosk")
	}
}

func testAdmins(t *testing.T, fresh Fresh) {
	f := NewFixture(t, fresh)
	f.Must(f.S.PutAdmin(f.Ctx, "root", "hash1"))
	f.Must(f.S.PutAdmin(f.Ctx, "root", "hash2"))
	h, err := f.S.AdminPasswordHash(f.Ctx, "root")
	f.Must(err)
	if h != "hash2" {
		t.Fatalf("hash %q", h)
	}
	if _, err := f.S.AdminPasswordHash(f.Ctx, "eve"); kiosk.ErrorCode(err) != kiosk.EUNAUTHORIZED {
		t.Fatalf("unknown admin: %v", err)
	}
	f.Must(f.S.CreateAdminSession(f.Ctx, Hash("s1"), "root", Start.Add(time.Hour)))
	if name, err := f.S.AdminBySession(f.Ctx, Hash("s1")); err != nil || name != "root" {
		t.Fatalf("session: %q %v", name, err)
	}
	f.Clock.Advance(time.Hour)
	if _, err := f.S.AdminBySession(f.Ctx, Hash("s1")); kiosk.ErrorCode(err) != kiosk.EUNAUTHORIZED {
		t.Fatalf("expired session: %v", err)
	}
	// Logout ends a session before its time.
	f.Must(f.S.CreateAdminSession(f.Ctx, Hash("s2"), "root", f.Clock.Now().Add(time.Hour)))
	f.Must(f.S.DeleteAdminSession(f.Ctx, Hash("s2")))
	if _, err := f.S.AdminBySession(f.Ctx, Hash("s2")); kiosk.ErrorCode(err) != kiosk.EUNAUTHORIZED {
		t.Fatalf("session after logout: %v", err)
	}
	// Console roles: an admin from before roles runs the campus.
	if a, err := f.S.AdminAccount(f.Ctx, "root"); err != nil || a.Role != central.RoleCampus {
		t.Fatalf("default role: %+v %v", a, err)
	}
	f.Must(f.S.SetAdminRole(f.Ctx, "root", central.RoleHall, HallA))
	if a, _ := f.S.AdminAccount(f.Ctx, "root"); a.Role != central.RoleHall || a.HallID != HallA || !a.Sees(HallA) || a.Sees(HallB) {
		t.Fatalf("hall admin: %+v", a)
	}
	for _, bad := range [][3]string{{"root", "hall", ""}, {"root", "god", ""}, {"root", "hall", "nowhere"}} {
		if err := f.S.SetAdminRole(f.Ctx, bad[0], bad[1], bad[2]); err == nil {
			t.Errorf("role %v accepted", bad)
		}
	}
	if err := f.S.SetAdminRole(f.Ctx, "eve", central.RoleViewer, ""); kiosk.ErrorCode(err) != kiosk.ENOTFOUND {
		t.Errorf("unknown admin: %v", err)
	}
}

// testStudentMovesHall: a student whose building belongs to another hall
// now leaves a tombstone in the old hall's feed.
func testStudentMovesHall(t *testing.T, fresh Fresh) {
	f := NewFixture(t, fresh)
	_, ca, _ := PullAll(t, f.S, HallA, central.Cursor{}, 500)
	_, cb, _ := PullAll(t, f.S, HallB, central.Cursor{}, 500)
	f.Must(f.S.PutStudents(f.Ctx, []central.Student{{Key: Bob, MaskedName: "李*", BuildingID: BuildingB, Floor: 1}}))
	as, _, _ := PullAll(t, f.S, HallA, ca, 500)
	bs, _, _ := PullAll(t, f.S, HallB, cb, 500)
	if len(as) != 1 || as[0].Op != wire.OpDelete || as[0].ID != Bob {
		t.Fatalf("hall A got %+v", as)
	}
	if len(bs) != 1 || bs[0].Op != wire.OpUpsert || bs[0].ID != Bob {
		t.Fatalf("hall B got %+v", bs)
	}
	if kiosk.ErrorCode(f.S.PutStudents(f.Ctx, []central.Student{{Key: "x", MaskedName: "x", BuildingID: "nowhere"}})) != kiosk.ENOTFOUND {
		t.Fatal("unknown building must refuse the import")
	}
	if kiosk.ErrorCode(f.S.PutStudents(f.Ctx, []central.Student{{Key: "x", CardKey: "card-alice", MaskedName: "x", BuildingID: BuildingA}})) != kiosk.ECONFLICT {
		t.Fatal("a card already held by another student must conflict")
	}
	f.Must(f.S.DeleteStudent(f.Ctx, Bob))
	bs, _, _ = PullAll(t, f.S, HallB, cb, 500)
	if c := bs[len(bs)-1]; c.Op != wire.OpDelete || c.ID != Bob {
		t.Fatalf("delete %+v", c)
	}
}
