package campusyear_test

import (
	"context"
	"testing"
	"time"

	"onestop/kiosk/kiosktest"
	"onestop/sync/central"
	"onestop/sync/central/campusyear"
	"onestop/sync/central/sqlitestore/sqlitetest"
)

// A small campus generates, every record passing the store's checks,
// and lands in each hall's feed.
func TestGenerateSmall(t *testing.T) {
	end := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	s := sqlitetest.Fresh(t)(t, kiosktest.NewClock(end))
	ctx := context.Background()
	if err := campusyear.Generate(ctx, s, campusyear.Small, 1, end); err != nil {
		t.Fatal(err)
	}
	halls, err := s.Halls(ctx)
	if err != nil || len(halls) != campusyear.Small.Halls {
		t.Fatalf("halls %v %v", halls, err)
	}
	ks, _ := s.Kiosks(ctx)
	if len(ks) != campusyear.Small.Halls*campusyear.Small.KiosksPerHall {
		t.Errorf("%d kiosks", len(ks))
	}
	counts := map[string]int{}
	var c central.Cursor
	for {
		p, err := s.Changes(ctx, campusyear.HallID(0), c, 5000)
		if err != nil {
			t.Fatal(err)
		}
		for _, ch := range p.Changes {
			counts[ch.Entity]++
		}
		c = p.Next
		if !p.HasMore {
			break
		}
	}
	half := func(n int) int { return n / campusyear.Small.Halls }
	for entity, want := range map[string]int{"visit": half(campusyear.Small.Visits), "booking": half(campusyear.Small.Bookings),
		"appointment": half(campusyear.Small.Appointments), "request": half(campusyear.Small.Reqs), "student": half(campusyear.Small.Students)} {
		if counts[entity] != want {
			t.Errorf("hall 0 has %d %ss, want %d", counts[entity], entity, want)
		}
	}
}
