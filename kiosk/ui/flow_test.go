package ui_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"onestop/kiosk"
	"onestop/kiosk/kiosktest"
	"onestop/kiosk/ui"
)

// newFlow builds a Flow over fakes: no Fyne, no window.
func newFlow(t *testing.T) (*ui.Flow, *kiosktest.Clock, *kiosktest.Visits, *kiosktest.Hall) {
	t.Helper()
	fk := newFakes()
	f, err := ui.NewFlow(context.Background(), fk.deps())
	if err != nil {
		t.Fatal(err)
	}
	return f, fk.clock, fk.visits, fk.hall
}

func TestNewFlowNeedsServices(t *testing.T) {
	if _, err := ui.NewFlow(context.Background(), ui.Deps{}); err == nil {
		t.Fatal("NewFlow accepted empty Deps")
	}
}

func TestFlowCheckIn(t *testing.T) {
	ctx := context.Background()
	f, _, visits, _ := newFlow(t)
	f.OpenCheckIn()
	for _, r := range zhangNumber {
		f.Digit(r)
	}
	f.SubmitNumber(ctx)
	if f.S.Screen != ui.ScreenPurpose || f.S.Student == nil || f.S.Strong || f.S.Digits != "" {
		t.Fatalf("after identify: %+v", f.S)
	}
	f.Choose(ctx, kiosk.PurposeService)
	if f.S.Screen != ui.ScreenDone || f.S.LastVisit == nil {
		t.Fatalf("after choose: %+v", f.S)
	}
	if vs := visits.Visits(); len(vs) != 1 || vs[0].Purpose != kiosk.PurposeService || vs[0].HallID != hallID {
		t.Fatalf("visits %+v", vs)
	}
}

func TestFlowRetryAfterStoreFailureReusesVisitID(t *testing.T) {
	ctx := context.Background()
	f, _, visits, _ := newFlow(t)
	for _, r := range zhangCard {
		f.Rune(r)
	}
	if !f.Enter(ctx) || !f.S.Strong {
		t.Fatalf("scan did not identify strongly: %+v", f.S)
	}
	visits.SetErr(kiosk.Errorf(kiosk.EUNAVAILABLE, kiosk.MsgErrStoreUnavailable, "locked"))
	f.Choose(ctx, kiosk.PurposeStudy)
	if f.S.Err == nil || f.S.Err.ID != kiosk.MsgErrStoreUnavailable || f.S.Screen != ui.ScreenPurpose {
		t.Fatalf("after failure: %+v", f.S)
	}
	firstID := f.S.Pending.ID
	visits.SetErr(nil)
	f.Choose(ctx, kiosk.PurposeStudy)
	if vs := visits.Visits(); len(vs) != 1 || vs[0].ID != firstID {
		t.Fatalf("retry stored %+v, want the pending visit %s", vs, firstID)
	}
}

func TestFlowIdleExpiryResetsPreferences(t *testing.T) {
	ctx := context.Background()
	f, clock, _, _ := newFlow(t)
	f.ToggleLang()
	f.ToggleLarge()
	f.OpenCheckIn()
	f.Digit('1')
	clock.Advance(60 * time.Second)
	if p, left := f.IdlePhase(); p != ui.PhaseWarning || left != 15 {
		t.Fatalf("phase %v left %d", p, left)
	}
	f.Tick(ctx)
	clock.Advance(15 * time.Second)
	if !f.Tick(ctx) {
		t.Fatal("expiry did not ask for a re-render")
	}
	if f.S.Personal() || f.S.Screen != ui.ScreenHome || f.S.Lang != kiosk.LangZh || f.S.Large {
		t.Fatalf("after expiry: %+v", f.S)
	}
}

func TestFlowSettingsDefaultLanguage(t *testing.T) {
	ctx := context.Background()
	f, clock, _, hall := newFlow(t)
	s := settings()
	s.DefaultLang = kiosk.LangEn
	hall.SetSettings(s)
	clock.Advance(ui.RefreshEvery)
	if !f.Tick(ctx) || f.S.Lang != kiosk.LangEn {
		t.Fatalf("idle home did not follow the new default language: %q", f.S.Lang)
	}
}

func TestFlowEnterWithoutValue(t *testing.T) {
	f, _, _, _ := newFlow(t)
	if f.Enter(context.Background()) {
		t.Fatal("a bare Enter identified")
	}
	if f.S.Screen != ui.ScreenHome || f.S.Err != nil {
		t.Fatalf("bare Enter changed the session: %+v", f.S)
	}
}

// The building picker and room places use the Hall's buildings, and a
// change an admin syncs shows at the next refresh.
func TestFlowBuildingsFollowTheHall(t *testing.T) {
	ctx := context.Background()
	f, clock, _, hall := newFlow(t)
	if len(f.Buildings) != len(buildings) || f.Buildings[1].ID != "b5" {
		t.Fatalf("buildings %+v", f.Buildings)
	}
	b7 := kiosk.Building{ID: "b7", Name: kiosk.LocalName{Zh: "7号楼", En: "Building 7"}, Floors: 8}
	hall.SetBuildings(append(slices.Clone(buildings), b7)...)
	clock.Advance(ui.RefreshEvery)
	if !f.Tick(ctx) || len(f.Buildings) != 3 || f.Buildings[2] != b7 {
		t.Fatalf("after refresh: %+v", f.Buildings)
	}
	hall.SetErr(kiosk.Errorf(kiosk.EUNAVAILABLE, kiosk.MsgErrStoreUnavailable, "locked"))
	clock.Advance(ui.RefreshEvery)
	f.Tick(ctx)
	if len(f.Buildings) != 3 {
		t.Fatalf("a failing read dropped the buildings: %+v", f.Buildings)
	}
}
