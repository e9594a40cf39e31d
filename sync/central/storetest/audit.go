package storetest

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"onestop/kiosk"
	"onestop/sync/central"
)

// testAudit: changes made under an actor are logged with what they were
// before and after, in their own transaction; a kiosk's push and
// changes without an actor are not; the log filters and pages.
func testAudit(t *testing.T, fresh Fresh) {
	f := NewFixture(t, fresh)
	s := f.S
	log := func(filter central.AuditFilter) []central.AuditEntry {
		t.Helper()
		var es []central.AuditEntry
		f.Must(s.AuditLog(f.Ctx, filter, func(e central.AuditEntry) error { es = append(es, e); return nil }))
		return es
	}
	f.Must(s.PutAdmin(f.Ctx, "ada", "hash"))
	if es := log(central.AuditFilter{}); len(es) != 0 {
		t.Fatalf("the fixture's setup, with no actor, logged %d entries", len(es))
	}
	ada := central.WithActor(context.Background(), "admin:ada")
	room := kiosk.Room{ID: "room-new", Name: kiosk.LocalName{Zh: "研讨室"}, Type: kiosk.RoomStudy, Capacity: 6,
		BuildingID: BuildingA, Floor: 2, Opens: 8 * 60, Closes: 22 * 60, Active: true}
	f.Must(s.PutRoom(ada, HallA, room))
	f.Clock.Advance(1)
	room.Capacity = 10
	f.Must(s.PutRoom(ada, HallA, room))
	f.Must(s.DeleteRoom(ada, room.ID))
	f.Must(s.SetAdminRole(central.WithActor(f.Ctx, "cli"), "ada", central.RoleHall, HallB))
	f.Must(s.SetAdminRole(f.Ctx, "ada", central.RoleHall, HallA)) // no actor: not logged
	f.Must(s.PutStudents(ada, []central.Student{{Key: "k-new", MaskedName: "周*", BuildingID: BuildingA, Floor: 1}}))
	// A refused change leaves no entry: the log is in its transaction.
	if err := s.PutRoom(ada, HallA, kiosk.Room{ID: "bad", BuildingID: "no-such-building"}); err == nil {
		t.Fatal("a room in an unknown building was stored")
	}
	f.Push(f.K1, kiosk.KindVisitCheckin, "v-audit", visit("v-audit", Alice))

	es := log(central.AuditFilter{})
	var got []string
	for _, e := range es {
		got = append(got, e.Actor+" "+e.Op+" "+e.Entity+" "+e.EntityID)
	}
	want := []string{
		"admin:ada import roster " + HallA,
		"cli set_role admin ada",
		"admin:ada delete room room-new",
		"admin:ada put room room-new",
		"admin:ada put room room-new",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("log, newest first:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	capacity := func(raw json.RawMessage) int {
		var r kiosk.Room
		if raw == nil {
			return -1
		}
		f.Must(json.Unmarshal(raw, &r))
		return r.Capacity
	}
	del, edit, create := es[2], es[3], es[4]
	if capacity(create.Before) != -1 || capacity(create.After) != 6 || capacity(edit.Before) != 6 || capacity(edit.After) != 10 ||
		capacity(del.Before) != 10 || capacity(del.After) != -1 {
		t.Errorf("before → after: create %s → %s, edit %s → %s, delete %s → %s",
			create.Before, create.After, edit.Before, edit.After, del.Before, del.After)
	}
	if !edit.At.After(create.At) || create.HallID != HallA {
		t.Errorf("when and where: %+v", create)
	}
	var role central.AdminAccount
	f.Must(json.Unmarshal(es[1].After, &role))
	if role.HallID != HallB || es[1].HallID != HallB || !strings.Contains(string(es[1].Before), `"campus"`) {
		t.Errorf("role change: %s → %s in %q", es[1].Before, es[1].After, es[1].HallID)
	}
	// Filters: by hall (hall B sees only the role change), by entity, by
	// actor, and pages of two.
	if es := log(central.AuditFilter{Halls: []string{HallB}}); len(es) != 1 || es[0].Op != "set_role" {
		t.Errorf("hall B's log: %+v", es)
	}
	if es := log(central.AuditFilter{Halls: []string{}}); len(es) != 0 {
		t.Errorf("no halls, no entries: %+v", es)
	}
	if es := log(central.AuditFilter{Entity: "room", Actor: "admin:ada"}); len(es) != 3 {
		t.Errorf("ada's room changes: %d", len(es))
	}
	first := log(central.AuditFilter{Limit: 2})
	next := log(central.AuditFilter{Limit: 2, BeforeID: first[1].ID})
	if len(first) != 2 || len(next) != 2 || next[0].ID >= first[1].ID || next[0].Op != "delete" {
		t.Errorf("paging: %+v then %+v", first, next)
	}
	if es := log(central.AuditFilter{From: edit.At}); len(es) != 4 {
		t.Errorf("from the edit on: %d entries", len(es))
	}
}
