package kiosk_test

import (
	"strconv"
	"testing"
	"time"

	"onestop/kiosk"
)

// Regression (issue 8, fault 2): with 45-minute slots every slot of the
// day grid must be bookable; the grid used to step from opening time
// while the rule aligned starts to midnight.
func TestGridSlotsAreBookable(t *testing.T) {
	for _, minutes := range []int{10, 15, 20, 25, 30, 40, 45, 50, 60, 90, 120, 240} {
		s := kiosk.ParseSettings(map[string]string{"room.slot_minutes": strconv.Itoa(minutes)})
		r := s.Room
		g := r.Grid(room, at(26, 0, 0))
		starts := g.Starts()
		if len(starts) == 0 || !starts[0].Equal(at(26, 8, 0)) {
			t.Fatalf("%d min: first slot %v, want 08:00", minutes, starts)
		}
		for _, st := range starts {
			b := booking("n", st, r.Slot, "")
			if err := r.CheckBooking(now, room, b, nil, nil); err != nil {
				t.Fatalf("%d min: grid slot %s refused: %v", minutes, st.Format("15:04"), err)
			}
		}
		last := starts[len(starts)-1].Add(r.Slot)
		if last.After(g.Closes) || g.Closes.Sub(last) >= r.Slot {
			t.Errorf("%d min: last slot ends %s, closes %s", minutes, last.Format("15:04"), g.Closes.Format("15:04"))
		}
		off := booking("n", at(26, 8, 0).Add(r.Slot/2), r.Slot, "")
		if minutes%2 == 0 && kiosk.ErrorCode(r.CheckBooking(now, room, off, nil, nil)) != kiosk.EINVALID {
			t.Errorf("%d min: a start off the grid was accepted", minutes)
		}
	}
}

// Ceil and Floor keep the free-slot search on the same boundaries.
func TestGridCeilFloor(t *testing.T) {
	r := kiosk.ParseSettings(map[string]string{"room.slot_minutes": "45"}).Room
	g := r.Grid(room, at(26, 12, 0))
	for _, tc := range []struct{ in, ceil, floor time.Time }{
		{at(26, 7, 0), at(26, 8, 0), at(26, 8, 0)},
		{at(26, 8, 0), at(26, 8, 0), at(26, 8, 0)},
		{at(26, 8, 1), at(26, 8, 45), at(26, 8, 0)},
		{at(26, 9, 30), at(26, 9, 30), at(26, 9, 30)},
		{at(26, 23, 0), g.End(), g.End()},
	} {
		if c, f := g.Ceil(tc.in), g.Floor(tc.in); !c.Equal(tc.ceil) || !f.Equal(tc.floor) {
			t.Errorf("%s: ceil %s floor %s, want %s %s", tc.in.Format("15:04"), c.Format("15:04"), f.Format("15:04"),
				tc.ceil.Format("15:04"), tc.floor.Format("15:04"))
		}
	}
}

// Regression (issue 8, fault 3): the rules count hours and days in the
// hall's zone, whatever zone the times arrive in (a central in UTC).
func TestRulesUseTheHallZone(t *testing.T) {
	r := kiosk.DefaultSettings().Room
	utcNow := now.UTC()
	eight := at(26, 8, 0).UTC() // 00:00 UTC
	if err := r.CheckBooking(utcNow, room, booking("n", eight, time.Hour, ""), nil, nil); err != nil {
		t.Errorf("08:00 hall time given in UTC refused: %v", err)
	}
	late := at(26, 22, 30).UTC()
	if err := r.CheckBooking(utcNow, room, booking("n", late, 30*time.Minute, ""), nil, nil); kiosk.ErrorCode(err) != kiosk.EINVALID {
		t.Errorf("22:30 hall time accepted: %v", err)
	}
	// Two bookings on one hall day, one of them before 08:00 UTC's
	// midnight, count towards the same day.
	mine := []kiosk.Booking{booking("a", at(26, 8, 0).UTC(), time.Hour, kiosk.BookingBooked),
		booking("b", at(26, 9, 0).UTC(), time.Hour, kiosk.BookingBooked)}
	err := r.CheckBooking(utcNow, room, booking("n", at(26, 20, 0).UTC(), time.Hour, ""), mine, nil)
	if kiosk.ErrorCode(err) != kiosk.ELIMIT {
		t.Errorf("third booking of the hall day: %v, want the day limit", err)
	}
}
