package demo_test

import (
	"math/rand/v2"
	"testing"
	"time"

	"onestop/kiosk"
	"onestop/kiosk/demo"
)

func TestRosterUniqueValidAndStable(t *testing.T) {
	const n = 50_000
	r := demo.Roster(n, rand.New(rand.NewPCG(1, 2)))
	if len(r) != n {
		t.Fatalf("len %d", len(r))
	}
	nums, cards := map[string]bool{}, map[string]bool{}
	for _, e := range r {
		if err := e.Validate(); err != nil {
			t.Fatalf("%+v: %v", e, err)
		}
		if nums[e.Number] || cards[e.CardID] {
			t.Fatalf("duplicate identifier in %+v", e)
		}
		nums[e.Number], cards[e.CardID] = true, true
	}
	for i, id := range demo.Identities {
		if r[i].Number != id.Number || r[i].Name != id.Name {
			t.Fatalf("identity %d is %+v", i, r[i])
		}
	}
	again := demo.Roster(n, rand.New(rand.NewPCG(1, 2)))
	if a, b := again[n-1], r[n-1]; a.Number != b.Number || a.Name != b.Name || a.Floor != b.Floor {
		t.Fatal("same seed must give the same roster")
	}
}

func TestAnnouncementsActiveToday(t *testing.T) {
	now := time.Date(2026, 11, 25, 15, 4, 0, 0, time.Local)
	for _, a := range demo.Announcements(now) {
		if !a.ActiveAt(now) || a.Title.Zh == "" || a.Title.En == "" {
			t.Fatalf("announcement %s not usable now", a.ID)
		}
	}
	if s := kiosk.ParseSettings(demo.Settings()); s.HallID != demo.HallID {
		t.Fatalf("hall id %q", s.HallID)
	}
}
