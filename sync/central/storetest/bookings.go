package storetest

import (
	"testing"
	"time"

	"onestop/kiosk"
	"onestop/sync/central"
	"onestop/sync/wire"
)

// testBookingConflict: two kiosks booked overlapping slots offline; the
// first to reach central wins, the other is told it lost.
func testBookingConflict(t *testing.T, fresh Fresh) {
	f := NewFixture(t, fresh)
	WantStatus(t, f.Push(f.K1, kiosk.KindBookingCreate, "b1", Booking("b1", RoomA, Alice, f.At(1, 10, 0), f.At(1, 11, 0))), wire.StatusApplied, "")
	r := f.Push(f.K2, kiosk.KindBookingCreate, "b2", Booking("b2", RoomA, Bob, f.At(1, 10, 30), f.At(1, 11, 30)))
	WantStatus(t, r, wire.StatusConflict, kiosk.ECONFLICT)
	if r.MessageID != kiosk.MsgErrSlotTaken || r.Entity != nil {
		t.Fatalf("loser %+v", r)
	}
	WantStatus(t, f.Push(f.K2, kiosk.KindBookingCreate, "b3", Booking("b3", RoomA, Bob, f.At(1, 11, 0), f.At(1, 12, 0))), wire.StatusApplied, "")
	// The same id again from the same student is the same booking.
	WantStatus(t, f.Push(f.K1, kiosk.KindBookingCreate, "b1", Booking("b1", RoomA, Alice, f.At(1, 10, 0), f.At(1, 11, 0))), wire.StatusApplied, "")
	// The loser's booking never reaches the feed.
	cs, _, _ := PullAll(t, f.S, HallA, central.Cursor{}, 500)
	if _, ok := Find(cs, wire.EntityBooking, "b2"); ok {
		t.Fatal("conflicting booking in the feed")
	}
}

func testBookingRules(t *testing.T, fresh Fresh) {
	f := NewFixture(t, fresh)
	book := func(k central.Kiosk, id, student string, start, end time.Time) central.Result {
		t.Helper()
		return f.Push(k, kiosk.KindBookingCreate, id, Booking(id, RoomA, student, start, end))
	}
	for _, tt := range []struct {
		name       string
		start, end time.Time
		code, msg  string
	}{
		{"past", f.At(0, 8, 0), f.At(0, 8, 30), kiosk.EINVALID, kiosk.MsgErrBookingPast},
		{"misaligned", f.At(1, 10, 10), f.At(1, 10, 40), kiosk.EINVALID, kiosk.MsgErrBookingLength},
		{"too long", f.At(1, 8, 0), f.At(1, 13, 0), kiosk.EINVALID, kiosk.MsgErrBookingLength},
		{"beyond window", f.At(8, 10, 0), f.At(8, 11, 0), kiosk.ELIMIT, kiosk.MsgErrBookingWindow},
		{"before opening", f.At(1, 7, 0), f.At(1, 8, 30), kiosk.EINVALID, kiosk.MsgErrRoomHours},
	} {
		r := book(f.K1, "x-"+tt.name, Alice, tt.start, tt.end)
		if r.Status != wire.StatusRejected || r.Code != tt.code || r.MessageID != tt.msg {
			t.Errorf("%s: %+v", tt.name, r)
		}
	}
	// Per-day limit with the hall's settings (lowered to 1).
	f.Must(f.S.SetSettings(f.Ctx, HallA, map[string]string{"room.max_per_day": "1"}))
	WantStatus(t, book(f.K1, "d1", Alice, f.At(2, 10, 0), f.At(2, 11, 0)), wire.StatusApplied, "")
	r := book(f.K2, "d2", Alice, f.At(2, 14, 0), f.At(2, 15, 0))
	if r.Status != wire.StatusRejected || r.MessageID != kiosk.MsgErrBookingDayLimit {
		t.Fatalf("day limit %+v", r)
	}
	// Server clock: booked offline for 10:00, reaching central at 10:05.
	f.Clock.Set(f.At(3, 10, 5))
	r = book(f.K1, "late", Bob, f.At(3, 10, 0), f.At(3, 11, 0))
	if r.Status != wire.StatusRejected || r.MessageID != kiosk.MsgErrBookingPast {
		t.Fatalf("late push %+v", r)
	}
	// A closed room takes no bookings.
	f.Must(f.S.PutRoom(f.Ctx, HallA, kiosk.Room{ID: RoomA, Type: kiosk.RoomStudy, BuildingID: BuildingA, Opens: 480, Closes: 1320, Active: false}))
	r = book(f.K1, "closed", Bob, f.At(4, 10, 0), f.At(4, 11, 0))
	if r.MessageID != kiosk.MsgErrRoomClosed {
		t.Fatalf("closed room %+v", r)
	}
}

func testBookingCancelFreesSlot(t *testing.T, fresh Fresh) {
	f := NewFixture(t, fresh)
	WantStatus(t, f.Push(f.K1, kiosk.KindBookingCreate, "b1", Booking("b1", RoomA, Alice, f.At(1, 10, 0), f.At(1, 11, 0))), wire.StatusApplied, "")
	r := f.Push(f.K1, kiosk.KindBookingCancel, "b1", Action("b1", Alice))
	WantStatus(t, r, wire.StatusApplied, "")
	if b := Decode[kiosk.Booking](t, r.Entity); b.Status != kiosk.BookingCancelled {
		t.Fatalf("cancelled %+v", b)
	}
	// Cancelling again (the student tapped on two kiosks offline) is the
	// booking as cancelled, as on the kiosk: nothing changes.
	r = f.Push(f.K1, kiosk.KindBookingCancel, "b1", Action("b1", Alice))
	WantStatus(t, r, wire.StatusApplied, "")
	if b := Decode[kiosk.Booking](t, r.Entity); b.Status != kiosk.BookingCancelled {
		t.Fatalf("cancelled again %+v", b)
	}
	WantStatus(t, f.Push(f.K2, kiosk.KindBookingCreate, "b2", Booking("b2", RoomA, Bob, f.At(1, 10, 0), f.At(1, 11, 0))), wire.StatusApplied, "")
	if kiosk.ErrorCode(f.S.DeleteRoom(f.Ctx, RoomA)) != kiosk.ECONFLICT {
		t.Fatal("deleting a booked room must conflict")
	}
	f.Clock.Set(f.At(1, 10, 0))
	WantStatus(t, f.Push(f.K2, kiosk.KindBookingCancel, "b2", Action("b2", Bob)), wire.StatusRejected, kiosk.EINVALID)
}

func testBookingCheckin(t *testing.T, fresh Fresh) {
	f := NewFixture(t, fresh)
	WantStatus(t, f.Push(f.K1, kiosk.KindBookingCreate, "b1", Booking("b1", RoomA, Alice, f.At(1, 10, 0), f.At(1, 11, 0))), wire.StatusApplied, "")
	r := f.Push(f.K1, kiosk.KindBookingCheckin, "b1", Action("b1", Alice))
	if r.Status != wire.StatusRejected || r.MessageID != kiosk.MsgErrCheckInTooEarly {
		t.Fatalf("early %+v", r)
	}
	f.Clock.Set(f.At(1, 10, 5))
	r = f.Push(f.K2, kiosk.KindBookingCheckin, "b1", Action("b1", Alice))
	WantStatus(t, r, wire.StatusApplied, "")
	if b := Decode[kiosk.Booking](t, r.Entity); b.Status != kiosk.BookingCheckedIn || !b.Tardy || !b.CheckedInAt.Equal(f.At(1, 10, 5)) {
		t.Fatalf("checked in %+v", b)
	}
	WantStatus(t, f.Push(f.K1, kiosk.KindBookingCheckin, "b1", Action("b1", Alice)), wire.StatusConflict, kiosk.ECONFLICT)
}

func testReleaseNoShows(t *testing.T, fresh Fresh) {
	f := NewFixture(t, fresh)
	WantStatus(t, f.Push(f.K1, kiosk.KindBookingCreate, "b1", Booking("b1", RoomA, Alice, f.At(1, 10, 0), f.At(1, 11, 0))), wire.StatusApplied, "")
	WantStatus(t, f.Push(f.K1, kiosk.KindAppointmentCreate, "a1", kiosk.Appointment{ID: "a1", SlotID: SlotA, StudentKey: Alice}), wire.StatusApplied, "")
	_, c, _ := PullAll(t, f.S, HallA, central.Cursor{}, 500)
	f.Clock.Set(f.At(1, 10, 15))
	n, err := f.S.ReleaseNoShows(f.Ctx)
	f.Must(err)
	if n != 0 {
		t.Fatalf("released %d at the window's last minute", n)
	}
	f.Clock.Set(f.At(1, 10, 16))
	n, err = f.S.ReleaseNoShows(f.Ctx)
	f.Must(err)
	if n != 2 {
		t.Fatalf("released %d", n)
	}
	cs, _, _ := PullAll(t, f.S, HallA, c, 500)
	if b := Decode[kiosk.Booking](t, mustFind(t, cs, wire.EntityBooking, "b1").Data); b.Status != kiosk.BookingNoShow {
		t.Fatalf("booking %+v", b)
	}
	if a := Decode[kiosk.Appointment](t, mustFind(t, cs, wire.EntityAppointment, "a1").Data); a.Status != kiosk.AppointmentMissed {
		t.Fatalf("appointment %+v", a)
	}
	// The released slot is free again.
	WantStatus(t, f.Push(f.K2, kiosk.KindBookingCreate, "b2", Booking("b2", RoomA, Bob, f.At(1, 10, 30), f.At(1, 11, 0))), wire.StatusApplied, "")
}
