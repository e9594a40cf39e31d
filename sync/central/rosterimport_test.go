package central

import (
	"slices"
	"testing"
	"time"

	"onestop/kiosk"
)

func TestRosterFingerprint(t *testing.T) {
	a := Student{Key: "a", CardKey: "ca", MaskedName: "张*", BuildingID: "b", Floor: 1, Roles: []string{kiosk.RoleStudent}}
	b := Student{Key: "b", CardKey: "c", MaskedName: "李*", BuildingID: "b", Floor: 2}
	fp := RosterFingerprint([]Student{a, b})
	if RosterFingerprint([]Student{b, a}) != fp {
		t.Error("the order of the students changes the fingerprint")
	}
	// A PIN set on a kiosk, or its lock, does not stale a preview.
	pinned := a
	pinned.PINHash, pinned.PINLockedUntil = "pbkdf2$x", time.Unix(1, 0)
	if RosterFingerprint([]Student{pinned, b}) != fp {
		t.Error("a PIN changes the fingerprint")
	}
	// Roles nil and [student] are the same roster entry.
	b2 := b
	b2.Roles = []string{kiosk.RoleStudent}
	if RosterFingerprint([]Student{a, b2}) != fp {
		t.Error("default roles change the fingerprint")
	}
	for _, change := range []func(*Student){
		func(s *Student) { s.Floor = 3 }, func(s *Student) { s.CardKey = "" }, func(s *Student) { s.MaskedName = "王*" },
		func(s *Student) { s.BuildingID = "x" }, func(s *Student) { s.Roles = []string{kiosk.RoleVolunteer} },
	} {
		c := a
		change(&c)
		if RosterFingerprint([]Student{c, b}) == fp || RosterFingerprint([]Student{a}) == fp {
			t.Errorf("a change to %+v keeps the fingerprint", c)
		}
	}
}

func TestDiffRoster(t *testing.T) {
	cur := []Student{
		{Key: "same", MaskedName: "张*", BuildingID: "b", Floor: 1},
		{Key: "moved", MaskedName: "李*", BuildingID: "b", Floor: 1},
		{Key: "gone", MaskedName: "王*", BuildingID: "b", Floor: 1},
		{Key: "kept", MaskedName: "赵*", BuildingID: "b", Floor: 1},
	}
	next := []Student{cur[0], {Key: "moved", MaskedName: "李*", BuildingID: "b", Floor: 2}, {Key: "new", MaskedName: "周*", BuildingID: "b"}}
	c := DiffRoster(cur, next, map[string]bool{"kept": true})
	if c.Basis != RosterFingerprint(cur) || len(c.New) != 1 || c.New[0].Key != "new" || len(c.Changed) != 1 || c.Changed[0].Floor != 2 || !slices.Equal(c.Removed, []string{"gone"}) {
		t.Errorf("diff %+v", c)
	}
}
