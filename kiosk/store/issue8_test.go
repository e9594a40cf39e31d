package store_test

import (
	"context"
	"testing"
	"time"

	"onestop/kiosk"
)

// Regression (issue 8, fault 1): the kiosk looks back as far as central
// for no-shows. The first of three lies 37 days and 10 minutes ago: its
// no-show was recorded 15 minutes after its start, inside the 30 days
// before the third, whose 7-day suspension still runs.
func TestNoShowWindowMatchesCentral(t *testing.T) {
	ctx := context.Background()
	db, clock := openServices(t)
	now := clock.Now()
	first := now.Add(-(37*24*time.Hour + 10*time.Minute))
	var bs []kiosk.Booking
	for i, start := range []time.Time{first, first.Add(10 * 24 * time.Hour), first.Add(30 * 24 * time.Hour)} {
		bs = append(bs, kiosk.Booking{ID: "ns" + string(rune('a'+i)), RoomID: study.ID, StudentKey: "s1",
			Start: start, End: start.Add(30 * time.Minute), Status: kiosk.BookingNoShow, CreatedAt: start})
	}
	seed(t, db, kiosk.EntityBooking, bs...)
	err := db.BookRoom(ctx, booking("n", "s1", study.ID, at(1, 10, 0), 30))
	wantCode(t, err, kiosk.ELIMIT, kiosk.MsgErrBookingSuspended)
}

// Regression (issue 8, fault 2): with room.slot_minutes=45 every slot
// the day grid and the free-slot search offer is bookable.
func TestFortyFiveMinuteSlots(t *testing.T) {
	ctx := context.Background()
	db, _ := openServices(t)
	seedSettings(t, db, map[string]string{"room.slot_minutes": "45"})
	free, err := db.FreeSlots(ctx, kiosk.RoomStudy, at(1, 0, 0), at(2, 0, 0), 45*time.Minute)
	must(t, err)
	if len(free) == 0 || !free[0].Start.Equal(at(1, 8, 0)) || free[0].End.Sub(free[0].Start)%(45*time.Minute) != 0 {
		t.Fatalf("free slots %+v: want 45-minute steps from 08:00", free)
	}
	must(t, db.BookRoom(ctx, booking("g1", "s1", study.ID, at(1, 8, 0), 45)))
	must(t, db.BookRoom(ctx, booking("g2", "s2", study.ID, at(1, 8, 45), 90)))
	free, err = db.FreeSlots(ctx, kiosk.RoomStudy, at(1, 0, 0), at(2, 0, 0), 45*time.Minute)
	must(t, err)
	if !free[0].Start.Equal(at(1, 10, 15)) {
		t.Fatalf("first free after the bookings: %+v", free[0])
	}
	must(t, db.BookRoom(ctx, booking("g3", "s3", study.ID, free[0].Start, 45)))
}
