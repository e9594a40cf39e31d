package storetest

import (
	"encoding/json"
	"errors"
	"slices"
	"testing"
	"time"

	"onestop/kiosk"
	"onestop/sync/central"
	"onestop/sync/wire"
)

// testRosterImport: a hall's roster as the console previews it, and a
// previewed change applied whole, once, with one audit entry, reaching
// the hall's kiosks through the feed; a change computed from a roster
// that has changed since is refused with nothing written.
func testRosterImport(t *testing.T, fresh Fresh) {
	f := NewFixture(t, fresh)
	s := f.S
	ctx := central.WithActor(f.Ctx, "admin:ada")
	f.Must(s.SetStudentPIN(f.Ctx, Bob, "pbkdf2$bob"))

	roster, err := s.HallRoster(f.Ctx, HallA)
	f.Must(err)
	if keys := studentKeys(roster); !slices.Equal(keys, []string{Alice, Bob}) {
		t.Fatalf("hall A roster %v, want Alice and Bob (not Carol of hall B)", keys)
	}
	halls, err := s.StudentHalls(f.Ctx, []string{Alice, Carol, "key-nobody"})
	f.Must(err)
	if len(halls) != 2 || halls[Alice] != HallA || halls[Carol] != HallB {
		t.Fatalf("student halls %v", halls)
	}
	cards, err := s.CardHalls(f.Ctx, []string{"card-alice", "card-nobody", Alice})
	f.Must(err)
	if len(cards) != 1 || cards["card-alice"] != HallA {
		t.Fatalf("card halls %v", cards)
	}

	// The file: Alice unchanged, Bob moved a floor, Dan new; nobody
	// else, so nobody is removed but by the next import.
	bob := roster[1]
	bob.Floor = 6
	dan := central.Student{Key: "key-dan", CardKey: "card-dan", MaskedName: "王*", BuildingID: BuildingA, Floor: 1, Roles: []string{kiosk.RoleVolunteer}}
	next := []central.Student{roster[0], bob, dan}
	c := central.DiffRoster(roster, next, nil)
	if len(c.New) != 1 || len(c.Changed) != 1 || len(c.Removed) != 0 {
		t.Fatalf("diff %+v", c)
	}
	c.File = "名单.csv"

	// Another import lands first: the preview is stale.
	stale := c
	stale.Basis = central.RosterFingerprint(next)
	if err := s.ApplyRoster(ctx, HallA, stale); !errors.Is(err, central.ErrRosterChanged) {
		t.Fatalf("stale basis: %v, want ErrRosterChanged", err)
	}
	if r, _ := s.HallRoster(f.Ctx, HallA); len(r) != 2 {
		t.Fatalf("a refused change wrote %v", studentKeys(r))
	}

	_, cursor, _ := PullAll(t, s, HallA, central.Cursor{}, 500)
	f.Must(s.ApplyRoster(ctx, HallA, c))
	roster, err = s.HallRoster(f.Ctx, HallA)
	f.Must(err)
	if keys := studentKeys(roster); !slices.Equal(keys, []string{Alice, Bob, "key-dan"}) {
		t.Fatalf("after import %v", keys)
	}
	if roster[1].Floor != 6 || roster[1].PINHash != "pbkdf2$bob" {
		t.Errorf("Bob %+v: floor 6 and the PIN set on a kiosk kept", roster[1])
	}
	changes, _, _ := PullAll(t, s, HallA, cursor, 500)
	var sent []string
	for _, ch := range changes {
		if ch.Entity == wire.EntityStudent {
			sent = append(sent, ch.ID)
		}
	}
	if slices.Sort(sent); !slices.Equal(sent, []string{Bob, "key-dan"}) {
		t.Errorf("hall A's kiosks got %v, want Bob and Dan", sent)
	}
	if err := s.ApplyRoster(ctx, HallA, c); !errors.Is(err, central.ErrRosterChanged) {
		t.Errorf("the same change twice: %v, want ErrRosterChanged", err)
	}

	var es []central.AuditEntry
	f.Must(s.AuditLog(f.Ctx, central.AuditFilter{Entity: "roster"}, func(e central.AuditEntry) error { es = append(es, e); return nil }))
	if len(es) != 1 || es[0].Actor != "admin:ada" || es[0].HallID != HallA || es[0].Op != "import" {
		t.Fatalf("roster audit %+v, want one import by ada", es)
	}
	var after map[string]any
	f.Must(json.Unmarshal(es[0].After, &after))
	if after["file"] != "名单.csv" || after["new"] != 1.0 || after["changed"] != 1.0 || after["removed"] != 0.0 {
		t.Errorf("audit after %v", after)
	}
	var students []central.AuditEntry
	f.Must(s.AuditLog(f.Ctx, central.AuditFilter{Entity: wire.EntityStudent}, func(e central.AuditEntry) error { students = append(students, e); return nil }))
	if len(students) != 0 {
		t.Errorf("an import is one summary entry, not %d per student", len(students))
	}

	// Removing Alice frees her card for a new student in the same import.
	eve := central.Student{Key: "key-eve", CardKey: "card-alice", MaskedName: "赵*", BuildingID: BuildingA, Floor: 2, Roles: []string{kiosk.RoleStudent}}
	c = central.DiffRoster(roster, []central.Student{roster[1], eve}, map[string]bool{"key-dan": true})
	if len(c.New) != 1 || len(c.Changed) != 0 || !slices.Equal(c.Removed, []string{Alice}) {
		t.Fatalf("diff keeping Dan %+v", c)
	}
	f.Must(s.ApplyRoster(ctx, HallA, c))
	roster, _ = s.HallRoster(f.Ctx, HallA)
	if keys := studentKeys(roster); !slices.Equal(keys, []string{Bob, "key-dan", "key-eve"}) {
		t.Fatalf("after removing Alice %v", keys)
	}

	// A student of another hall, or a building of another hall, is not
	// this hall's to import.
	carol := central.Student{Key: Carol, MaskedName: "陈*", BuildingID: BuildingA, Floor: 1}
	c = central.DiffRoster(roster, append(roster, carol), nil)
	if err := s.ApplyRoster(ctx, HallA, c); !errors.Is(err, central.ErrRosterChanged) {
		t.Errorf("hall B's Carol imported into hall A: %v", err)
	}
	zed := central.Student{Key: "key-zed", MaskedName: "周*", BuildingID: BuildingB, Floor: 1}
	c = central.DiffRoster(roster, append(roster, zed), nil)
	if err := s.ApplyRoster(ctx, HallA, c); kiosk.ErrorCode(err) != kiosk.EINVALID {
		t.Errorf("hall B's building in hall A's import: %v, want EINVALID", err)
	}
	if halls, _ := s.StudentHalls(f.Ctx, []string{Carol, "key-zed"}); len(halls) != 1 || halls[Carol] != HallB {
		t.Errorf("refused imports changed other halls: %v", halls)
	}

	testRosterPreviews(t, f)
}

// testRosterPreviews: a preview waits in the store for its admin only,
// is taken once, replaces the admin's earlier one for the hall, and is
// gone once expired.
func testRosterPreviews(t *testing.T, f *Fixture) {
	s := f.S
	put := func(token, admin, hall string, ttl time.Duration) {
		t.Helper()
		f.Must(s.PutRosterPreview(f.Ctx, central.RosterPreview{TokenHash: token, Admin: admin, HallID: hall, Expires: f.Clock.Now().Add(ttl), Data: []byte(`{"n":"` + token + `"}`)}))
	}
	take := func(token, admin string) (central.RosterPreview, error) {
		return s.TakeRosterPreview(f.Ctx, token, admin)
	}
	put("t1", "ada", HallA, 30*time.Minute)
	if _, err := take("t1", "bea"); kiosk.ErrorCode(err) != kiosk.ENOTFOUND {
		t.Fatalf("another admin took ada's preview: %v", err)
	}
	p, err := take("t1", "ada")
	if err != nil || p.HallID != HallA || string(p.Data) != `{"n":"t1"}` || !p.Expires.Equal(f.Clock.Now().Add(30*time.Minute)) {
		t.Fatalf("take: %+v %v", p, err)
	}
	if _, err := take("t1", "ada"); kiosk.ErrorCode(err) != kiosk.ENOTFOUND {
		t.Fatalf("a preview taken twice: %v", err)
	}
	// A new preview of the hall replaces the admin's earlier one, not
	// another hall's or another admin's.
	put("t2", "ada", HallA, time.Hour)
	put("t3", "ada", HallB, time.Hour)
	put("t4", "bea", HallA, time.Hour)
	put("t5", "ada", HallA, time.Hour)
	for token, want := range map[string]string{"t2": kiosk.ENOTFOUND, "t3": "", "t5": ""} {
		if _, err := take(token, "ada"); kiosk.ErrorCode(err) != want {
			t.Errorf("%s: %v, want %q", token, err, want)
		}
	}
	f.Clock.Advance(time.Hour)
	if _, err := take("t4", "bea"); kiosk.ErrorCode(err) != kiosk.ENOTFOUND {
		t.Errorf("an expired preview: %v", err)
	}
	if err := s.PutRosterPreview(f.Ctx, central.RosterPreview{TokenHash: "t6", Admin: "ada"}); kiosk.ErrorCode(err) != kiosk.EINVALID {
		t.Errorf("a preview without a hall: %v", err)
	}
}

func studentKeys(ss []central.Student) []string {
	var keys []string
	for _, s := range ss {
		keys = append(keys, s.Key)
	}
	return keys
}
