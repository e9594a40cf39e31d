package store_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"onestop/kiosk"
)

func TestSettingsDefaultsAndOverrides(t *testing.T) {
	ctx := context.Background()
	db, _, _ := openStore(t)
	s, err := db.Settings(ctx)
	if err != nil || s != kiosk.DefaultSettings() {
		t.Fatalf("fresh Settings = %+v, %v; want the defaults", s, err)
	}
	seedSettings(t, db, map[string]string{
		kiosk.SettingHallID:      "hall-3",
		kiosk.SettingIdleTimeout: "90",
		kiosk.SettingIdleWarning: "nonsense",
		kiosk.SettingDefaultLang: kiosk.LangEn,
	})
	// Central sends the settings whole: one changed comes with the rest.
	seedSettings(t, db, map[string]string{
		kiosk.SettingHallID:      "hall-3",
		kiosk.SettingIdleTimeout: "120",
		kiosk.SettingIdleWarning: "nonsense",
		kiosk.SettingDefaultLang: kiosk.LangEn,
	})
	want := kiosk.DefaultSettings()
	want.HallID = "hall-3"
	want.IdleTimeout = 120 * time.Second
	want.DefaultLang = kiosk.LangEn
	if s, err := db.Settings(ctx); err != nil || s != want {
		t.Errorf("Settings = %+v, %v; want %+v", s, err, want)
	}
}

func TestAnnouncementsActiveWindowAndOrder(t *testing.T) {
	ctx := context.Background()
	db, _, _ := openStore(t)
	h := time.Hour
	as := []kiosk.Announcement{
		{ID: "old", StartsAt: t0.Add(-48 * h), EndsAt: t0.Add(-24 * h), Priority: 9},
		{ID: "low", StartsAt: t0.Add(-2 * h), EndsAt: t0.Add(2 * h), Priority: 0},
		{ID: "high", StartsAt: t0.Add(-3 * h), EndsAt: t0.Add(h), Priority: 5},
		{ID: "high-newer", StartsAt: t0.Add(-h), Priority: 5}, // open-ended
		{ID: "starts-now", StartsAt: t0, EndsAt: t0.Add(h), Priority: 1},
		{ID: "ends-now", StartsAt: t0.Add(-h), EndsAt: t0, Priority: 1},
		{ID: "future", StartsAt: t0.Add(h), Priority: 9},
	}
	as[1].Title = kiosk.LocalName{Zh: "停水通知", En: "Water cut"}
	as[1].Body = kiosk.LocalName{Zh: "明天上午", En: "Tomorrow morning"}
	seed(t, db, kiosk.EntityAnnouncement, as...)
	got, err := db.Announcements(ctx, t0)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, a := range got {
		ids = append(ids, a.ID)
		if !a.ActiveAt(t0) {
			t.Errorf("%s is not active at t0", a.ID)
		}
	}
	if want := []string{"high-newer", "high", "starts-now", "low"}; !slices.Equal(ids, want) {
		t.Errorf("active = %v, want %v", ids, want)
	}
	if a := got[3]; a.Title != as[1].Title || a.Body != as[1].Body || !a.EndsAt.Equal(as[1].EndsAt) {
		t.Errorf("low = %+v, want %+v", a, as[1])
	}
	if !got[0].EndsAt.IsZero() {
		t.Errorf("open-ended announcement came back ending %v", got[0].EndsAt)
	}
	// An upsert reorders; a window ending before it starts is refused.
	as[1].Priority = 7
	seed(t, db, kiosk.EntityAnnouncement, as[1])
	if got, _ := db.Announcements(ctx, t0); len(got) != 4 || got[0].ID != "low" {
		t.Errorf("after raising low's priority: %+v", got)
	}
	bad := kiosk.Announcement{ID: "bad", StartsAt: t0, EndsAt: t0.Add(-h)}
	wantSkipped(t, db, changes(t, kiosk.EntityAnnouncement, bad)...)
}

func TestBuildings(t *testing.T) {
	ctx := context.Background()
	db, _, _ := openStore(t)
	b1 := kiosk.Building{ID: "b1", Name: kiosk.LocalName{Zh: "一号楼", En: "Building 1"}, Floors: 6}
	b2 := kiosk.Building{ID: "b2", Name: kiosk.LocalName{Zh: "二号楼"}, Floors: 8}
	seed(t, db, kiosk.EntityBuilding, b2, b1)
	b2.Floors = 9
	seed(t, db, kiosk.EntityBuilding, b2)
	wantSkipped(t, db, changes(t, kiosk.EntityBuilding, kiosk.Building{ID: ""}, kiosk.Building{ID: "b3", Floors: -1})...)
	got, err := db.Buildings(ctx)
	if err != nil || !slices.Equal(got, []kiosk.Building{b1, b2}) {
		t.Errorf("Buildings = %+v, %v", got, err)
	}
}
