package centraldemo_test

import (
	"context"
	"testing"
	"time"

	"onestop/kiosk/kiosktest"
	"onestop/sync/central/centraldemo"
	"onestop/sync/central/sqlitestore/sqlitetest"
)

// The demo campus has units to dispatch its requests to.
func TestSeedUnits(t *testing.T) {
	now := time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC)
	s := sqlitetest.Fresh(t)(t, kiosktest.NewClock(now))
	if _, err := centraldemo.Seed(context.Background(), s, 20, now); err != nil {
		t.Fatal(err)
	}
	us, err := s.Units(context.Background())
	if err != nil || len(us) != len(centraldemo.Units()) {
		t.Fatalf("units %v %v", us, err)
	}
	names := map[string]bool{}
	for _, u := range us {
		names[u.Name.Zh] = u.Active
	}
	for _, want := range []string{"宿管", "后勤维修", "网络中心", "心理中心", "保卫处", "学工办"} {
		if !names[want] {
			t.Errorf("no active %s in %v", want, names)
		}
	}
}
