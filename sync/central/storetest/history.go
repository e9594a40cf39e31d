package storetest

import (
	"testing"
	"time"

	"onestop/kiosk"
	"onestop/sync/central"
	"onestop/sync/wire"
)

// testImportHistory: records brought in as they are reach the feed and
// take their slots, and a double booking is still refused.
func testImportHistory(t *testing.T, fresh Fresh) {
	f := NewFixture(t, fresh)
	past := Booking("h-past", RoomA, Bob, f.At(-1, 10, 0), f.At(-1, 11, 0))
	past.Status, past.CheckedInAt = kiosk.BookingCheckedIn, f.At(-1, 9, 55)
	h := central.History{
		Bookings: []kiosk.Booking{past, Booking("h-next", RoomA, Bob, f.At(1, 10, 0), f.At(1, 11, 30))},
		Appointments: []kiosk.Appointment{{ID: "h-appt", SlotID: SlotA, MentorID: MentorA, MentorType: kiosk.MentorAcademic,
			StudentKey: Bob, Start: f.At(1, 10, 0), End: f.At(1, 10, 30), Status: kiosk.AppointmentBooked}},
		Requests:   []kiosk.Request{Request("h-req", Bob)},
		Visits:     []kiosk.Visit{visit("h-visit", Bob)},
		Attendance: []kiosk.Attendance{{ID: "h-att", EventID: EventA, StudentKey: Bob, At: Start}},
		Shifts:     []kiosk.Shift{{ID: "h-shift", StudentKey: Alice, Start: f.At(-1, 8, 0), End: f.At(-1, 12, 0)}},
	}
	_, c, _ := PullAll(t, f.S, HallA, central.Cursor{}, 500)
	f.Must(f.S.ImportHistory(f.Ctx, HallA, h))
	cs, _, _ := PullAll(t, f.S, HallA, c, 500)
	for _, want := range [][2]string{
		{wire.EntityBooking, "h-past"}, {wire.EntityBooking, "h-next"}, {wire.EntityAppointment, "h-appt"},
		{wire.EntityRequest, "h-req"}, {wire.EntityVisit, "h-visit"}, {wire.EntityAttendance, "h-att"}, {wire.EntityShift, "h-shift"},
	} {
		mustFind(t, cs, want[0], want[1])
	}
	if s := Decode[kiosk.Shift](t, mustFind(t, cs, wire.EntityShift, "h-shift").Data); s.End.Sub(s.Start) != 4*time.Hour {
		t.Fatalf("shift %+v", s)
	}
	WantStatus(t, f.Push(f.K1, kiosk.KindBookingCreate, "b1", Booking("b1", RoomA, Alice, f.At(1, 11, 0), f.At(1, 12, 0))), wire.StatusConflict, kiosk.ECONFLICT)
	WantStatus(t, f.Push(f.K1, kiosk.KindAppointmentCreate, "a1", kiosk.Appointment{ID: "a1", SlotID: SlotA, StudentKey: Alice}), wire.StatusConflict, kiosk.ECONFLICT)
	WantStatus(t, f.Push(f.K1, kiosk.KindEventCheckin, "at", kiosk.Attendance{ID: "at", EventID: EventA, StudentKey: Bob}), wire.StatusConflict, kiosk.ECONFLICT)
	clash := central.History{Bookings: []kiosk.Booking{Booking("h-clash", RoomA, Alice, f.At(1, 11, 0), f.At(1, 11, 30))}}
	if err := f.S.ImportHistory(f.Ctx, HallA, clash); err == nil {
		t.Fatal("a double booking imported")
	}
	if _, ok := Find(mustPull(t, f.S, c), wire.EntityBooking, "h-clash"); ok {
		t.Fatal("a refused import left a booking in the feed")
	}
}

func mustPull(t *testing.T, s central.Store, c central.Cursor) []central.Change {
	cs, _, _ := PullAll(t, s, HallA, c, 500)
	return cs
}
