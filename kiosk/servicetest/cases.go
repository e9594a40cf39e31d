package servicetest

import (
	"fmt"
	"strconv"
	"testing"
	"time"

	"onestop/kiosk"
)

const (
	h  = time.Hour
	hh = 30 * time.Minute
)

// A repeated id is the stored entity, never a second one; an id another
// student holds is a conflict and fills in nothing.
func testRepeatedIDs(t *testing.T, f *Fixture) {
	b := Booking("b1", Alice, Study.ID, f.At(1, 10, 0), h)
	f.Must(f.Rooms.BookRoom(f.Ctx, b))
	again := Booking("b1", Alice, Study.ID, f.At(1, 10, 0), h)
	f.Must(f.Rooms.BookRoom(f.Ctx, again))
	if again.Status != kiosk.BookingBooked || !again.CreatedAt.Equal(b.CreatedAt) {
		t.Fatalf("repeat gave %+v, want the stored %+v", again, b)
	}
	theirs := Booking("b1", Bob, Seminar.ID, f.At(2, 10, 0), h)
	WantCode(t, f.Rooms.BookRoom(f.Ctx, theirs), kiosk.ECONFLICT, "")
	if theirs.Status != "" {
		t.Fatalf("a refused id filled in %+v", theirs)
	}
	mine, err := f.Rooms.BookingsOf(f.Ctx, Alice, f.At(0, 0, 0), f.At(8, 0, 0))
	f.Must(err)
	if len(mine) != 1 {
		t.Fatalf("bookings %+v, want one", mine)
	}
	a := &kiosk.Appointment{ID: "a1", SlotID: Slot(f.At(1, 14, 0)).ID, StudentKey: Alice}
	f.Must(f.Appointments.BookAppointment(f.Ctx, a))
	f.Must(f.Appointments.BookAppointment(f.Ctx, &kiosk.Appointment{ID: "a1", SlotID: a.SlotID, StudentKey: Alice}))
	WantCode(t, f.Appointments.BookAppointment(f.Ctx, &kiosk.Appointment{ID: "a1", SlotID: Slot(f.At(2, 14, 0)).ID, StudentKey: Bob}),
		kiosk.ECONFLICT, "")
	v := &kiosk.Visit{ID: "v1", StudentKey: Alice, HallID: "hall-1", Purpose: kiosk.PurposeStudy, At: f.Clock.Now()}
	f.Must(f.Visits.CheckInVisit(f.Ctx, v))
	f.Must(f.Visits.CheckInVisit(f.Ctx, &kiosk.Visit{ID: "v1", StudentKey: Alice, HallID: "hall-1", Purpose: kiosk.PurposeStudy, At: f.Clock.Now()}))
	WantCode(t, f.Visits.CheckInVisit(f.Ctx, &kiosk.Visit{ID: "v1", StudentKey: Bob, HallID: "hall-1", Purpose: kiosk.PurposeStudy, At: f.Clock.Now()}),
		kiosk.ECONFLICT, "")
	rec, err := f.Records.Records(f.Ctx, Alice, f.At(-1, 0, 0))
	f.Must(err)
	if len(rec.Visits) != 1 || len(rec.Appointments) != 1 {
		t.Fatalf("records %d visits, %d appointments: want one each", len(rec.Visits), len(rec.Appointments))
	}
}

// A student the roster does not (or no longer) hold cannot act.
func testUnknownStudent(t *testing.T, f *Fixture) {
	WantCode(t, f.Rooms.BookRoom(f.Ctx, Booking("x", "key-nobody", Study.ID, f.At(1, 10, 0), h)), kiosk.ENOTFOUND, kiosk.MsgErrUnknownStudent)
	WantCode(t, f.Visits.CheckInVisit(f.Ctx, &kiosk.Visit{ID: "v", StudentKey: "key-nobody", HallID: "hall-1",
		Purpose: kiosk.PurposeStudy, At: f.Clock.Now()}), kiosk.ENOTFOUND, kiosk.MsgErrUnknownStudent)
}

// Regression (issue 8, fault 1): the look-back for no-shows is the
// domain's. The first of three lies 37 days and 10 minutes ago; its
// no-show counts from 15 minutes after its start, within 30 days of the
// third, whose 7-day suspension still runs.
func testNoShowWindow(t *testing.T, f *Fixture) {
	first := f.Clock.Now().Add(-(37*24*h + 10*time.Minute))
	var rows []any
	for i, d := range []time.Duration{0, 10 * 24 * h, 30 * 24 * h} {
		s := first.Add(d)
		rows = append(rows, kiosk.Booking{ID: "ns" + string(rune('a'+i)), RoomID: Study.ID, StudentKey: Alice,
			Start: s, End: s.Add(hh), Status: kiosk.BookingNoShow, CreatedAt: s})
	}
	f.Seed(kiosk.EntityBooking, rows...)
	want := first.Add(30*24*h + 15*time.Minute + 7*24*h)
	until, err := f.Rooms.SuspendedUntil(f.Ctx, Alice)
	f.Must(err)
	if !until.Equal(want) {
		t.Fatalf("suspended until %v, want %v", until, want)
	}
	WantCode(t, f.Rooms.BookRoom(f.Ctx, Booking("n", Alice, Study.ID, f.At(1, 10, 0), hh)), kiosk.ELIMIT, kiosk.MsgErrBookingSuspended)
}

// A booking whose check-in window closed unused is a no-show the moment
// it closed: it shows so, frees its slots and no longer counts for the
// day, whether or not housekeeping ran.
func testOverdueIsNoShow(t *testing.T, f *Fixture) {
	f.Clock.Set(f.At(0, 9, 0))
	f.Must(f.Rooms.BookRoom(f.Ctx, Booking("o1", Alice, Study.ID, f.At(0, 10, 0), 2*h)))
	f.Must(f.Rooms.BookRoom(f.Ctx, Booking("o2", Alice, Study.ID, f.At(0, 14, 0), h)))
	f.Clock.Set(f.At(0, 10, 30))
	bs, err := f.Rooms.BookingsOf(f.Ctx, Alice, f.At(0, 0, 0), f.At(1, 0, 0))
	f.Must(err)
	if len(bs) != 2 || bs[0].Status != kiosk.BookingNoShow || bs[1].Status != kiosk.BookingBooked {
		t.Fatalf("bookings %+v: want o1 a no-show", bs)
	}
	f.Must(f.Rooms.BookRoom(f.Ctx, Booking("o3", Alice, Study.ID, f.At(0, 16, 0), h)))
	f.Must(f.Rooms.BookRoom(f.Ctx, Booking("o4", Bob, Study.ID, f.At(0, 11, 0), h)))
	free, err := f.Rooms.FreeSlots(f.Ctx, kiosk.RoomStudy, f.At(0, 10, 30), f.At(0, 11, 0), hh)
	f.Must(err)
	if len(free) != 1 || !free[0].Start.Equal(f.At(0, 10, 30)) {
		t.Fatalf("free %+v: o1's slots are free again", free)
	}
}

// Regression (issue 8, fault 2): whatever slot length the settings take,
// the free-slot search offers starts on the grid from opening time, and
// each of them can be booked.
func testSlotGrid(t *testing.T, f *Fixture) {
	for i, minutes := range []int{45, 25, 60} {
		f.Settings(map[string]string{"room.slot_minutes": strconv.Itoa(minutes), "room.max_per_day": "48", "room.max_hours_week": "168"})
		day := f.At(2+i, 0, 0)
		s, err := f.Rooms.FreeSlots(f.Ctx, kiosk.RoomSeminar, day, day.AddDate(0, 0, 1), 0)
		f.Must(err)
		if len(s) != 1 || !s[0].Start.Equal(f.At(2+i, 8, 0)) {
			t.Fatalf("%d min: free %+v, want one stretch from 08:00", minutes, s)
		}
		slot := time.Duration(minutes) * time.Minute
		if s[0].End.Sub(s[0].Start)%slot != 0 || s[0].End.After(f.At(2+i, 22, 0)) {
			t.Fatalf("%d min: free stretch %v–%v is off the grid", minutes, s[0].Start, s[0].End)
		}
		for st := s[0].Start; st.Before(s[0].End); st = st.Add(slot) {
			f.Must(f.Rooms.BookRoom(f.Ctx, Booking(fmt.Sprintf("g%d-%s", minutes, st.Format("1504")), Carol, Seminar.ID, st, slot)))
		}
	}
}

// Cancel and check-in: twice is the booking as stored; another
// student's is not found; the window is the rule's.
func testCancelAndCheckIn(t *testing.T, f *Fixture) {
	f.Must(f.Rooms.BookRoom(f.Ctx, Booking("c1", Alice, Study.ID, f.At(1, 10, 0), h)))
	_, err := f.Rooms.CancelBooking(f.Ctx, Bob, "c1")
	WantCode(t, err, kiosk.ENOTFOUND, kiosk.MsgErrNotFound)
	b, err := f.Rooms.CancelBooking(f.Ctx, Alice, "c1")
	f.Must(err)
	again, err := f.Rooms.CancelBooking(f.Ctx, Alice, "c1")
	f.Must(err)
	if b.Status != kiosk.BookingCancelled || again.Status != kiosk.BookingCancelled || !again.CancelledAt.Equal(b.CancelledAt) {
		t.Fatalf("cancel %+v, again %+v", b, again)
	}
	f.Must(f.Rooms.BookRoom(f.Ctx, Booking("c2", Alice, Study.ID, f.At(0, 11, 0), h)))
	_, err = f.Rooms.CheckInBooking(f.Ctx, kiosk.Self(Alice), "c2")
	WantCode(t, err, kiosk.EINVALID, kiosk.MsgErrCheckInTooEarly)
	f.Clock.Set(f.At(0, 11, 5))
	in, err := f.Rooms.CheckInBooking(f.Ctx, kiosk.Self(Alice), "c2")
	f.Must(err)
	if in.Status != kiosk.BookingCheckedIn || !in.Tardy {
		t.Fatalf("checked in %+v: want tardy", in)
	}
	_, err = f.Rooms.CheckInBooking(f.Ctx, kiosk.Self(Alice), "c2")
	WantCode(t, err, kiosk.ECONFLICT, kiosk.MsgErrAlreadyCheckedIn)
}

// Appointments: a taken slot conflicts; a late cancel is missed.
func testAppointments(t *testing.T, f *Fixture) {
	slot := Slot(f.At(0, 14, 0))
	f.Must(f.Appointments.BookAppointment(f.Ctx, &kiosk.Appointment{ID: "a1", SlotID: slot.ID, StudentKey: Alice}))
	WantCode(t, f.Appointments.BookAppointment(f.Ctx, &kiosk.Appointment{ID: "a2", SlotID: slot.ID, StudentKey: Bob}),
		kiosk.ECONFLICT, kiosk.MsgErrSlotTaken)
	slots, err := f.Appointments.MentorSlots(f.Ctx, Mentor.ID, f.At(0, 0, 0), f.At(1, 0, 0))
	f.Must(err)
	if len(slots) != 2 || !slots[0].Taken || slots[1].Taken {
		t.Fatalf("slots %+v: want 14:00 taken", slots)
	}
	f.Clock.Set(f.At(0, 13, 0)) // inside the 2 h before the start
	a, err := f.Appointments.CancelAppointment(f.Ctx, Alice, "a1")
	f.Must(err)
	if a.Status != kiosk.AppointmentMissed {
		t.Fatalf("late cancel %+v: want missed", a)
	}
	WantCode(t, f.Appointments.BookAppointment(f.Ctx, &kiosk.Appointment{ID: "a3", SlotID: Slot(f.At(15, 14, 0)).ID, StudentKey: Bob}),
		kiosk.ELIMIT, kiosk.MsgErrAppointmentWindow)
}

// Events once per student; requests get the SLA and their rating rule.
func testEventsAndRequests(t *testing.T, f *Fixture) {
	at, err := f.Events.CheckInEvent(f.Ctx, kiosk.Self(Alice), Lecture.ID, "att-1")
	f.Must(err)
	if !at.Tardy {
		t.Fatalf("attendance %+v: the lecture began at 10:00", at)
	}
	_, err = f.Events.CheckInEvent(f.Ctx, kiosk.Self(Alice), Lecture.ID, "att-2")
	WantCode(t, err, kiosk.ECONFLICT, kiosk.MsgErrAlreadyCheckedIn)
	r := &kiosk.Request{ID: "q1", Ticket: "R0302-ABCDE", Token: "23456789ABCDEFGHJKLMNPQRSTUVWXYZ", StudentKey: Bob,
		Category: kiosk.CategoryRepair, BuildingID: "b1", Floor: 5, Presets: []string{kiosk.RequestPresets[kiosk.CategoryRepair][0]},
		Contact: kiosk.ContactPrefs[0], SubmittedAt: f.Clock.Now()}
	f.Must(f.Requests.SubmitRequest(f.Ctx, r))
	if r.Status != kiosk.RequestSubmitted || !r.DueAt.Equal(f.Clock.Now().Add(kiosk.DefaultSettings().SLA.Repair)) {
		t.Fatalf("submitted %+v", r)
	}
	_, err = f.Requests.RateRequest(f.Ctx, Bob, "q1", kiosk.OutcomeSolved, 5)
	WantCode(t, err, kiosk.EINVALID, kiosk.MsgErrRequestNotResolved)
	// One Bob filed on another kiosk, resolved at central.
	done := *r
	done.ID, done.Ticket, done.Token, done.Status = "q2", "R0302-FGHJK", "ZYXWVUTSRQPNMLKJHGFEDCBA98765432", kiosk.RequestResolved
	f.Seed(kiosk.EntityRequest, done)
	f.Clock.Advance(h)
	_, err = f.Requests.RateRequest(f.Ctx, Alice, "q2", kiosk.OutcomeSolved, 5)
	WantCode(t, err, kiosk.ENOTFOUND, kiosk.MsgErrNotFound)
	got, err := f.Requests.RateRequest(f.Ctx, Bob, "q2", kiosk.OutcomeNotSolved, 2)
	f.Must(err)
	if got.Status != kiosk.RequestReopened || !got.DueAt.After(r.DueAt) {
		t.Fatalf("not solved %+v: want reopened with a new deadline", got)
	}
}

// Five wrong PINs lock entry for 15 minutes, right or wrong.
func testPINLockout(t *testing.T, f *Fixture) {
	if ok, err := f.Records.VerifyPIN(f.Ctx, Alice, PIN); !ok || err != nil {
		t.Fatalf("right PIN: %v, %v", ok, err)
	}
	for i := range kiosk.PINAttempts - 1 {
		if ok, err := f.Records.VerifyPIN(f.Ctx, Alice, "000000"); ok || err != nil {
			t.Fatalf("wrong PIN %d: %v, %v", i, ok, err)
		}
	}
	_, err := f.Records.VerifyPIN(f.Ctx, Alice, "000000")
	WantCode(t, err, kiosk.ELIMIT, kiosk.MsgErrPINLocked)
	_, err = f.Records.VerifyPIN(f.Ctx, Alice, PIN)
	WantCode(t, err, kiosk.ELIMIT, kiosk.MsgErrPINLocked)
	f.Clock.Advance(kiosk.PINLockout)
	if ok, err := f.Records.VerifyPIN(f.Ctx, Alice, PIN); !ok || err != nil {
		t.Fatalf("after the lock: %v, %v", ok, err)
	}
	if ok, _ := f.Records.VerifyPIN(f.Ctx, Carol, PIN); ok {
		t.Fatal("a student without a PIN matched")
	}
}

// Regression (issue 8, fault 3): hours and days are the hall's zone's,
// whatever zone the times come in.
func testHallZone(t *testing.T, f *Fixture) {
	la, err := time.LoadLocation("America/Los_Angeles")
	f.Must(err)
	f.Settings(map[string]string{kiosk.SettingHallZone: "America/Los_Angeles"})
	f.Clock.Set(time.Date(2026, 3, 2, 10, 7, 0, 0, la).UTC())
	eight := time.Date(2026, 3, 3, 8, 0, 0, 0, la)
	b := Booking("z1", Alice, Study.ID, eight.UTC(), h)
	f.Must(f.Rooms.BookRoom(f.Ctx, b))
	if b.Start.In(la).Hour() != 8 {
		t.Fatalf("booked %v", b.Start)
	}
	WantCode(t, f.Rooms.BookRoom(f.Ctx, Booking("z2", Bob, Study.ID, eight.Add(-hh).UTC(), hh)), kiosk.EINVALID, kiosk.MsgErrRoomHours)
	free, err := f.Rooms.FreeSlots(f.Ctx, kiosk.RoomSeminar, eight.Add(-8*h), eight.Add(16*h), 0)
	f.Must(err)
	if len(free) != 1 || free[0].Start.In(la).Hour() != 8 || free[0].End.In(la).Hour() != 22 {
		t.Fatalf("free %+v: want 08:00–22:00 in Los Angeles", free)
	}
}
