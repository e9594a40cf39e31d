package centraldemo_test

import (
	"context"
	"testing"
	"time"

	"onestop/kiosk"
	"onestop/kiosk/demo"
	"onestop/kiosk/kiosktest"
	"onestop/sync/central"
	"onestop/sync/central/centraldemo"
	"onestop/sync/central/sqlitestore/sqlitetest"
	"onestop/sync/central/storetest"
	"onestop/sync/wire"
)

func TestSeedDemo(t *testing.T) {
	now := time.Date(2026, 11, 25, 10, 0, 0, 0, time.Local)
	s := sqlitetest.Fresh(t)(t, kiosktest.NewClock(now))
	ctx := context.Background()
	seeded, err := centraldemo.Seed(ctx, s, 200, now)
	if err != nil || !seeded {
		t.Fatalf("seed: %v %v", seeded, err)
	}
	if again, err := centraldemo.Seed(ctx, s, 200, now); err != nil || again {
		t.Fatalf("second seed: %v %v", again, err)
	}
	cs, _, _ := storetest.PullAll(t, s, demo.HallID, central.Cursor{}, 500)
	count := map[string]int{}
	for _, c := range cs {
		count[c.Entity]++
	}
	if count[wire.EntityStudent] != 200 || count[wire.EntityBuilding] != len(demo.Buildings) ||
		count[wire.EntityRoom] != len(demo.Rooms()) || count[wire.EntityBooking] == 0 || count[wire.EntityRequest] == 0 {
		t.Fatalf("demo feed %v", count)
	}
	salt, _ := s.Salt(ctx)
	key := kiosk.HashIdentifier(salt, kiosk.HashStudentNumber, demo.Identities[0].Number)
	if _, _, err := s.Entity(ctx, wire.EntityStudent, key); err != nil {
		t.Fatalf("first identity: %v", err)
	}
	kv, err := s.Settings(ctx, demo.HallID)
	if err != nil || kiosk.ParseSettings(kv).HallName.Zh != demo.Settings()[kiosk.SettingHallNameZh] {
		t.Fatalf("settings %v %v", kv, err)
	}
}
