package kiosktest_test

import (
	"bytes"
	"testing"
	"time"

	"onestop/kiosk"
	"onestop/kiosk/kiosktest"
)

// The fakes run the domain's use cases, so a retried tap and a reused id
// get the store's answers: the stored entity for the same student, a
// conflict for another.

func TestRepeatedBookingIDReturnsTheStoredBooking(t *testing.T) {
	r := newKiosk().Rooms
	if err := book(r, "1", "a", me, day(1, 9, 0), time.Hour); err != nil {
		t.Fatal(err)
	}
	again := &kiosk.Booking{ID: "1", RoomID: "b", StudentKey: me, Start: day(2, 10, 0), End: day(2, 11, 0)}
	if err := r.BookRoom(ctx, again); err != nil {
		t.Fatal(err)
	}
	if again.RoomID != "a" || !again.Start.Equal(day(1, 9, 0)) || again.Status != kiosk.BookingBooked ||
		again.SyncState != kiosk.OutboxPending || !again.CreatedAt.Equal(t0) {
		t.Errorf("repeated id filled in %+v, want the stored booking", again)
	}
	if n := len(r.Bookings()); n != 1 {
		t.Errorf("%d bookings stored", n)
	}
}

func TestBookingIDAnotherStudentHoldsConflicts(t *testing.T) {
	r := newKiosk().Rooms
	if err := book(r, "1", "a", me, day(1, 9, 0), time.Hour); err != nil {
		t.Fatal(err)
	}
	theirs := &kiosk.Booking{ID: "1", RoomID: "b", StudentKey: you, Start: day(1, 9, 0), End: day(1, 10, 0)}
	if err := r.BookRoom(ctx, theirs); code(err) != kiosk.ECONFLICT {
		t.Errorf("another student's id: %v", err)
	}
	if theirs.StudentKey != you || theirs.RoomID != "b" {
		t.Errorf("a refused booking was filled in: %+v", theirs)
	}
	if bs := r.Bookings(); len(bs) != 1 || bs[0].StudentKey != me {
		t.Errorf("stored %+v", bs)
	}
}

func TestAppointmentIDs(t *testing.T) {
	a := newKiosk().Appointments
	a.AddMentor(kiosk.Mentor{ID: "m", Type: kiosk.MentorCareer},
		kiosk.MentorSlot{ID: "s1", Start: day(1, 9, 0), End: day(1, 9, 50)},
		kiosk.MentorSlot{ID: "s2", Start: day(1, 10, 0), End: day(1, 10, 50)})
	if err := a.BookAppointment(ctx, &kiosk.Appointment{ID: "1", SlotID: "s1", StudentKey: me}); err != nil {
		t.Fatal(err)
	}
	again := &kiosk.Appointment{ID: "1", SlotID: "s2", StudentKey: me}
	if err := a.BookAppointment(ctx, again); err != nil || again.SlotID != "s1" || again.MentorType != kiosk.MentorCareer {
		t.Errorf("repeated id: %+v %v, want the stored appointment", again, err)
	}
	if err := a.BookAppointment(ctx, &kiosk.Appointment{ID: "1", SlotID: "s2", StudentKey: you}); code(err) != kiosk.ECONFLICT {
		t.Errorf("another student's id: %v", err)
	}
	if n := len(a.All()); n != 1 {
		t.Errorf("%d appointments stored", n)
	}
}

func TestVisitIDs(t *testing.T) {
	f := newKiosk()
	first := &kiosk.Visit{ID: "v", StudentKey: me, Purpose: kiosk.PurposeStudy, At: t0.Add(-time.Minute)}
	if err := f.Visits.CheckInVisit(ctx, first); err != nil || first.SyncState != kiosk.OutboxPending {
		t.Fatalf("check-in: %+v %v", first, err)
	}
	again := &kiosk.Visit{ID: "v", StudentKey: me, Purpose: kiosk.PurposeOther, At: t0}
	if err := f.Visits.CheckInVisit(ctx, again); err != nil || again.Purpose != kiosk.PurposeStudy || !again.At.Equal(first.At) {
		t.Errorf("repeated id: %+v %v, want the stored visit", again, err)
	}
	theirs := &kiosk.Visit{ID: "v", StudentKey: you, Purpose: kiosk.PurposeStudy, At: t0}
	if err := f.Visits.CheckInVisit(ctx, theirs); code(err) != kiosk.ECONFLICT {
		t.Errorf("another student's id: %v", err)
	}
	future := &kiosk.Visit{ID: "w", StudentKey: you, Purpose: kiosk.PurposeStudy, At: t0.Add(time.Hour)}
	if err := f.Visits.CheckInVisit(ctx, future); err != nil || !future.At.Equal(t0) {
		t.Errorf("a tap from the future: %+v %v, want the clock's time", future, err)
	}
	if n := len(f.Visits.Visits()); n != 2 {
		t.Errorf("%d visits stored", n)
	}
}

func TestRequestIDs(t *testing.T) {
	f := newKiosk()
	ids := kiosk.IDSource{R: bytes.NewReader(bytes.Repeat([]byte{7}, 256))}
	req, err := kiosk.NewRequest(ids, f.Clock, kiosk.DefaultSettings(), &kiosk.Student{Key: me}, "h",
		kiosk.Request{Category: kiosk.CategoryRepair, BuildingID: "b", Floor: 2, Presets: []string{"repair.light"}, Contact: kiosk.ContactKiosk})
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Requests.SubmitRequest(ctx, req); err != nil {
		t.Fatal(err)
	}
	again := *req
	again.Presets, again.Floor = []string{"repair.door_lock"}, 3
	if err := f.Requests.SubmitRequest(ctx, &again); err != nil || again.Floor != 2 || again.Presets[0] != "repair.light" {
		t.Errorf("repeated id: %+v %v, want the stored request", again, err)
	}
	theirs := *req
	theirs.StudentKey = you
	if err := f.Requests.SubmitRequest(ctx, &theirs); code(err) != kiosk.ECONFLICT {
		t.Errorf("another student's id: %v", err)
	}
	if n := len(f.Requests.All()); n != 1 {
		t.Errorf("%d requests stored", n)
	}
}

func TestAttendanceIDs(t *testing.T) {
	f := newKiosk()
	f.Events.Add(kiosk.Event{ID: "e", Start: day(0, 14, 0), End: day(0, 16, 0)})
	if _, err := f.Events.CheckInEvent(ctx, kiosk.Self(me), "e", "att"); err != nil {
		t.Fatal(err)
	}
	if _, err := f.Events.CheckInEvent(ctx, kiosk.Self(you), "e", "att"); code(err) != kiosk.ECONFLICT {
		t.Errorf("another student's id: %v", err)
	}
}

// Only the roster's students act; a helper must be a volunteer.
func TestActorsComeFromTheRoster(t *testing.T) {
	f := newKiosk()
	stranger := kiosktest.StudentKey("99999999")
	if err := book(f.Rooms, "1", "a", stranger, day(1, 9, 0), time.Hour); code(err) != kiosk.ENOTFOUND {
		t.Errorf("a student not in the roster booked: %v", err)
	}
	v := &kiosk.Visit{ID: "v", StudentKey: stranger, Purpose: kiosk.PurposeStudy, At: t0}
	if err := f.Visits.CheckInVisit(ctx, v); code(err) != kiosk.ENOTFOUND {
		t.Errorf("a student not in the roster checked in: %v", err)
	}
	helped := &kiosk.Booking{ID: "2", RoomID: "a", StudentKey: me, Start: day(1, 9, 0), End: day(1, 10, 0), AssistedBy: you}
	if err := f.Rooms.BookRoom(ctx, helped); code(err) != kiosk.EFORBIDDEN {
		t.Errorf("helped by a non-volunteer: %v", err)
	}
	helped.AssistedBy = desk
	if err := f.Rooms.BookRoom(ctx, helped); err != nil || helped.AssistedBy != desk {
		t.Errorf("helped at the desk: %+v %v", helped, err)
	}
	f.Records.GivePIN(stranger, "1234")
	if ok, err := f.Records.VerifyPIN(ctx, stranger, "1234"); ok || err != nil {
		t.Errorf("a PIN outside the roster verified: %v %v", ok, err)
	}
}

// Free stretches lie on the room's grid, which starts at its opening
// time; a booking off the grid blocks every slot it touches.
func TestFreeSlotsLieOnTheGrid(t *testing.T) {
	f := newKiosk()
	f.Rooms.AddRooms(kiosk.Room{ID: "odd", Type: kiosk.RoomActivity, Opens: 8*60 + 15, Closes: 22 * 60, Active: true})
	f.Rooms.AddBooking(kiosk.Booking{ID: "x", RoomID: "odd", StudentKey: you, Start: day(0, 15, 0), End: day(0, 15, 40)})
	free, err := f.Rooms.FreeSlots(ctx, kiosk.RoomActivity, t0, day(1, 0, 0), 0)
	if err != nil {
		t.Fatal(err)
	}
	want := []kiosk.FreeSlot{{RoomID: "odd", Start: day(0, 14, 15), End: day(0, 14, 45)},
		{RoomID: "odd", Start: day(0, 15, 45), End: day(0, 21, 45)}}
	if len(free) != len(want) {
		t.Fatalf("free %+v, want %+v", free, want)
	}
	for i := range want {
		if free[i].RoomID != want[i].RoomID || !free[i].Start.Equal(want[i].Start) || !free[i].End.Equal(want[i].End) {
			t.Errorf("free[%d] = %+v, want %+v", i, free[i], want[i])
		}
	}
}

// Reads show statuses as they stand at the clock's time, before
// ReleaseNoShows records them, as the store's reads do.
func TestReadsAreEffective(t *testing.T) {
	f := newKiosk()
	f.Rooms.AddBooking(kiosk.Booking{ID: "gone", RoomID: "a", StudentKey: me, Start: day(0, 13, 0), End: day(0, 15, 0)})
	for i, d := range []int{-9, -6} {
		s := day(d, 10, 0)
		f.Rooms.AddBooking(kiosk.Booking{ID: string(rune('x' + i)), RoomID: "a", StudentKey: me, Start: s, End: s.Add(time.Hour)})
	}
	f.Appointments.AddMentor(kiosk.Mentor{ID: "m", Type: kiosk.MentorCareer},
		kiosk.MentorSlot{ID: "s", Start: day(0, 13, 0), End: day(0, 13, 50)})
	f.Appointments.AddAppointment(kiosk.Appointment{ID: "ap", SlotID: "s", StudentKey: me})

	if bs, _ := f.Rooms.BookingsOf(ctx, me, day(0, 0, 0), day(1, 0, 0)); len(bs) != 1 || bs[0].Status != kiosk.BookingNoShow {
		t.Errorf("bookings of today %+v, want a no-show", bs)
	}
	if bs, _ := f.Rooms.RoomBookings(ctx, "a", day(0, 0, 0), day(1, 0, 0)); len(bs) != 0 {
		t.Errorf("a due no-show holds the room: %+v", bs)
	}
	if until, _ := f.Rooms.SuspendedUntil(ctx, me); !until.Equal(day(7, 13, 15)) {
		t.Errorf("suspended until %v: three due no-shows suspend", until)
	}
	if sl, _ := f.Appointments.MentorSlots(ctx, "m", day(0, 0, 0), day(1, 0, 0)); len(sl) != 1 || sl[0].Taken {
		t.Errorf("slots %+v: a missed appointment holds nothing", sl)
	}
	rec, _ := f.Records.Records(ctx, me, time.Time{})
	if len(rec.Appointments) != 1 || rec.Appointments[0].Status != kiosk.AppointmentMissed ||
		len(rec.Bookings) != 3 || rec.Bookings[0].ID != "gone" || rec.Bookings[0].Status != kiosk.BookingNoShow {
		t.Errorf("records %+v", rec)
	}
	if n, _ := f.Rooms.ReleaseNoShows(ctx); n != 4 {
		t.Errorf("released %d, want three bookings and the appointment", n)
	}
}
