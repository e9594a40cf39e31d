package storetest

import (
	"testing"
	"time"

	"onestop/kiosk"
	"onestop/sync/central"
	"onestop/sync/wire"
)

// Regression (issue 8, fault 3): a central whose clock runs in UTC, the
// usual for a server, counts opening hours and days in the hall's zone.
func testHallZone(t *testing.T, fresh Fresh) {
	f := NewFixture(t, fresh)
	f.Clock.Set(Start.UTC())
	book := func(id, student string, start, end time.Time) central.Result {
		t.Helper()
		return f.Push(f.K1, kiosk.KindBookingCreate, id, Booking(id, RoomA, student, start.UTC(), end.UTC()))
	}
	WantStatus(t, book("z1", Alice, f.At(1, 8, 0), f.At(1, 9, 0)), wire.StatusApplied, "")
	r := book("z2", Bob, f.At(1, 22, 0), f.At(1, 22, 30))
	if r.Status != wire.StatusRejected || r.MessageID != kiosk.MsgErrRoomHours {
		t.Fatalf("22:00 hall time: %+v", r)
	}
	// 08:00 and 20:00 are one hall day (two UTC days): the third booking
	// of it is over the day limit.
	WantStatus(t, book("z3", Alice, f.At(1, 20, 0), f.At(1, 21, 0)), wire.StatusApplied, "")
	if r := book("z4", Alice, f.At(1, 21, 0), f.At(1, 21, 30)); r.MessageID != kiosk.MsgErrBookingDayLimit {
		t.Fatalf("third booking of the hall day: %+v", r)
	}
	// A hall in another zone gets its own: 08:00 in Los Angeles.
	f.Must(f.S.PutHall(f.Ctx, central.Hall{ID: HallB, Name: kiosk.LocalName{Zh: "乙大厅"}, TimeZone: "America/Los_Angeles"}))
	la, err := time.LoadLocation("America/Los_Angeles")
	f.Must(err)
	eight := time.Date(Start.Year(), Start.Month(), Start.Day()+2, 8, 0, 0, 0, la)
	r = f.Push(f.KB, kiosk.KindBookingCreate, "la", Booking("la", RoomB, Carol, eight.UTC(), eight.Add(time.Hour).UTC()))
	WantStatus(t, r, wire.StatusApplied, "")
	kv, err := f.S.Settings(f.Ctx, HallB)
	f.Must(err)
	if kv[kiosk.SettingHallZone] != "America/Los_Angeles" {
		t.Fatalf("hall B's settings carry zone %q", kv[kiosk.SettingHallZone])
	}
	if err := f.S.PutHall(f.Ctx, central.Hall{ID: HallB, Name: kiosk.LocalName{Zh: "乙"}, TimeZone: "Mars/Olympus"}); kiosk.ErrorCode(err) != kiosk.EINVALID {
		t.Fatalf("unknown zone: %v", err)
	}
}

// Regression (issue 8, fault 1): a booking whose check-in window closed
// unused is a no-show at once, as the kiosk counts it, not only after
// housekeeping: it neither counts towards the day nor holds its slots.
func testOverdueIsNoShow(t *testing.T, fresh Fresh) {
	f := NewFixture(t, fresh)
	book := func(k central.Kiosk, id, student string, start, end time.Time) central.Result {
		t.Helper()
		return f.Push(k, kiosk.KindBookingCreate, id, Booking(id, RoomA, student, start, end))
	}
	WantStatus(t, book(f.K1, "o1", Alice, f.At(0, 10, 0), f.At(0, 12, 0)), wire.StatusApplied, "")
	WantStatus(t, book(f.K1, "o2", Alice, f.At(0, 14, 0), f.At(0, 15, 0)), wire.StatusApplied, "")
	f.Clock.Set(f.At(0, 10, 30)) // o1's check-in closed at 10:15; nothing released it
	WantStatus(t, book(f.K1, "o3", Alice, f.At(0, 16, 0), f.At(0, 17, 0)), wire.StatusApplied, "")
	WantStatus(t, book(f.K2, "o4", Bob, f.At(0, 11, 0), f.At(0, 12, 0)), wire.StatusApplied, "")
}
