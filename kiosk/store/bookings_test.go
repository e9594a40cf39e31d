package store_test

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"onestop/kiosk"
)

func TestBookRoomStoresBookingAndOutbox(t *testing.T) {
	ctx := context.Background()
	db, clock := openServices(t)
	b := booking("b1", "s1", seminar.ID, at(0, 9, 0), 60)
	if err := db.BookRoom(ctx, b); err != nil {
		t.Fatal(err)
	}
	if b.Status != kiosk.BookingBooked || !b.CreatedAt.Equal(clock.Now()) || b.SyncState != kiosk.OutboxPending {
		t.Errorf("booked = %+v", b)
	}
	ms := wantOutbox(t, db, kiosk.KindBookingCreate)
	var got kiosk.Booking
	if err := json.Unmarshal(ms[0].Payload, &got); err != nil {
		t.Fatal(err)
	}
	if got.ID != "b1" || got.RoomID != seminar.ID || got.StudentKey != "s1" || !got.Start.Equal(b.Start) ||
		!got.End.Equal(b.End) || got.Status != kiosk.BookingBooked || ms[0].ID != "b1" {
		t.Errorf("payload = %+v, entry %+v", got, ms[0])
	}
	// The same id again is a no-op that returns the stored booking.
	again := booking("b1", "s1", seminar.ID, at(0, 11, 0), 30)
	if err := db.BookRoom(ctx, again); err != nil {
		t.Fatal(err)
	}
	if !again.Start.Equal(b.Start) || !again.End.Equal(b.End) {
		t.Errorf("repeat returned %+v, want the stored booking", again)
	}
	wantOutbox(t, db, kiosk.KindBookingCreate)
	// Someone else's id is not theirs to reuse.
	wantCode(t, db.BookRoom(ctx, booking("b1", "s2", seminar.ID, at(0, 11, 0), 30)), kiosk.ECONFLICT, kiosk.MsgErrInternal)
	bs, err := db.BookingsOf(ctx, "s1", at(0, 0, 0), at(1, 0, 0))
	if err != nil || len(bs) != 1 || bs[0].ID != "b1" {
		t.Errorf("BookingsOf = %+v, %v", bs, err)
	}
	rb, err := db.RoomBookings(ctx, seminar.ID, at(0, 9, 30), at(0, 10, 0))
	if err != nil || len(rb) != 1 || rb[0].ID != "b1" {
		t.Errorf("RoomBookings = %+v, %v", rb, err)
	}
}

// TestBookRoomRefusals reaches every refusal of BookRoom and checks that
// none spends an outbox seq.
func TestBookRoomRefusals(t *testing.T) {
	ctx := context.Background()
	db, _ := openServices(t)
	// s-busy already holds 09:00–10:00 today and 2 h on two other days.
	for _, b := range []*kiosk.Booking{
		booking("held-1", "s-busy", study.ID, at(0, 9, 0), 60),
		booking("held-2", "s-busy", study.ID, at(1, 9, 0), 120),
		booking("held-3", "s-busy", study.ID, at(1, 13, 0), 120),
	} {
		must(t, db.BookRoom(ctx, b))
	}
	tests := []struct {
		name      string
		b         *kiosk.Booking
		code, msg string
	}{
		{"no id", booking("", "s1", seminar.ID, at(0, 9, 0), 30), kiosk.EINVALID, kiosk.MsgErrBadInput},
		{"no student", booking("x", "", seminar.ID, at(0, 9, 0), 30), kiosk.EINVALID, kiosk.MsgErrNotIdentified},
		{"unknown room", booking("x", "s1", "r-none", at(0, 9, 0), 30), kiosk.ENOTFOUND, kiosk.MsgErrNotFound},
		{"closed room", booking("x", "s1", closedRoom.ID, at(0, 9, 0), 30), kiosk.EINVALID, kiosk.MsgErrRoomClosed},
		{"off the slot grid", booking("x", "s1", seminar.ID, at(0, 9, 10), 30), kiosk.EINVALID, kiosk.MsgErrBookingLength},
		{"too long", booking("x", "s1", seminar.ID, at(0, 9, 0), 5*60), kiosk.EINVALID, kiosk.MsgErrBookingLength},
		{"empty", booking("x", "s1", seminar.ID, at(0, 9, 0), 0), kiosk.EINVALID, kiosk.MsgErrBookingLength},
		{"past", booking("x", "s1", seminar.ID, at(0, 8, 0), 30), kiosk.EINVALID, kiosk.MsgErrBookingPast},
		{"beyond window", booking("x", "s1", seminar.ID, at(8, 9, 0), 30), kiosk.ELIMIT, kiosk.MsgErrBookingWindow},
		{"after hours", booking("x", "s1", seminar.ID, at(0, 21, 30), 60), kiosk.EINVALID, kiosk.MsgErrRoomHours},
		{"own overlap", booking("x", "s-busy", seminar.ID, at(0, 9, 30), 60), kiosk.ECONFLICT, kiosk.MsgErrBookingOverlap},
		{"day limit", booking("x", "s-busy", seminar.ID, at(1, 18, 0), 30), kiosk.ELIMIT, kiosk.MsgErrBookingDayLimit},
		{"week limit", booking("x", "s-busy", seminar.ID, at(2, 9, 0), 120), kiosk.ELIMIT, kiosk.MsgErrBookingWeekLimit},
		{"taken", booking("x", "s1", study.ID, at(0, 9, 30), 60), kiosk.ECONFLICT, kiosk.MsgErrSlotTaken},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			wantCode(t, db.BookRoom(ctx, tt.b), tt.code, tt.msg)
		})
	}
	wantCode(t, db.BookRoom(ctx, nil), kiosk.EINVALID, kiosk.MsgErrInternal)
	wantCode(t, db.BookRoom(ctx, &kiosk.Booking{ID: "x", StudentKey: "s1", RoomID: seminar.ID}), kiosk.EINVALID, kiosk.MsgErrBadInput)
	err := db.BookRoom(ctx, booking("x", "s-busy", seminar.ID, at(1, 18, 0), 30))
	wantData(t, err, "Lifts", at(2, 0, 0))
	err = db.BookRoom(ctx, booking("x", "s-busy", seminar.ID, at(2, 9, 0), 120))
	wantData(t, err, "Lifts", at(7, 0, 0))
	wantOutbox(t, db, kiosk.KindBookingCreate, kiosk.KindBookingCreate, kiosk.KindBookingCreate)
}

func TestCancelBooking(t *testing.T) {
	ctx := context.Background()
	db, clock := openServices(t)
	must(t, db.BookRoom(ctx, booking("b1", "s1", seminar.ID, at(0, 10, 0), 60)))
	must(t, db.BookRoom(ctx, booking("b2", "s1", seminar.ID, at(0, 12, 0), 60)))
	_, err := db.CancelBooking(ctx, "s2", "b1")
	wantCode(t, err, kiosk.ENOTFOUND, kiosk.MsgErrNotFound)
	_, err = db.CancelBooking(ctx, "s1", "b-none")
	wantCode(t, err, kiosk.ENOTFOUND, kiosk.MsgErrNotFound)
	b, err := db.CancelBooking(ctx, "s1", "b1")
	if err != nil || b.Status != kiosk.BookingCancelled {
		t.Fatalf("cancel = %+v, %v", b, err)
	}
	// A repeated tap returns the cancelled booking and queues nothing.
	if b, err := db.CancelBooking(ctx, "s1", "b1"); err != nil || b.Status != kiosk.BookingCancelled {
		t.Fatalf("second cancel = %+v, %v", b, err)
	}
	// The slot is free again; the cancelled booking cannot be used.
	must(t, db.BookRoom(ctx, booking("b3", "s2", seminar.ID, at(0, 10, 0), 60)))
	clock.Set(at(0, 9, 50))
	_, err = db.CheckInBooking(ctx, kiosk.Self("s1"), "b1")
	wantCode(t, err, kiosk.EINVALID, kiosk.MsgErrNotActive)
	clock.Set(at(0, 12, 0))
	_, err = db.CancelBooking(ctx, "s1", "b2")
	wantCode(t, err, kiosk.EINVALID, kiosk.MsgErrCancelTooLate)
	wantData(t, err, "Deadline", at(0, 12, 0))
	ms := wantOutbox(t, db, kiosk.KindBookingCreate, kiosk.KindBookingCreate, kiosk.KindBookingCancel, kiosk.KindBookingCreate)
	var got kiosk.Booking
	if err := json.Unmarshal(ms[2].Payload, &got); err != nil || got.ID != "b1" || got.Status != kiosk.BookingCancelled {
		t.Errorf("cancel payload %s, %v", ms[2].Payload, err)
	}
}

func TestCheckInBookingWindow(t *testing.T) {
	ctx := context.Background()
	db, clock := openServices(t)
	must(t, db.BookRoom(ctx, booking("b1", "s1", seminar.ID, at(0, 10, 0), 60)))
	must(t, db.BookRoom(ctx, booking("b2", "s1", seminar.ID, at(0, 12, 0), 60)))
	clock.Set(at(0, 9, 44))
	_, err := db.CheckInBooking(ctx, kiosk.Self("s1"), "b1")
	wantCode(t, err, kiosk.EINVALID, kiosk.MsgErrCheckInTooEarly)
	wantData(t, err, "Opens", at(0, 9, 45))
	_, err = db.CheckInBooking(ctx, kiosk.Self("s2"), "b1")
	wantCode(t, err, kiosk.ENOTFOUND, kiosk.MsgErrNotFound)
	clock.Set(at(0, 9, 45))
	b, err := db.CheckInBooking(ctx, kiosk.Self("s1"), "b1")
	if err != nil || b.Status != kiosk.BookingCheckedIn || b.Tardy || !b.CheckedInAt.Equal(at(0, 9, 45)) {
		t.Fatalf("check-in = %+v, %v", b, err)
	}
	_, err = db.CheckInBooking(ctx, kiosk.Self("s1"), "b1")
	wantCode(t, err, kiosk.ECONFLICT, kiosk.MsgErrAlreadyCheckedIn)
	// Checked in: no longer cancellable.
	_, err = db.CancelBooking(ctx, "s1", "b1")
	wantCode(t, err, kiosk.EINVALID, kiosk.MsgErrNotActive)
	clock.Set(at(0, 12, 15))
	if b, err := db.CheckInBooking(ctx, kiosk.Self("s1"), "b2"); err != nil || !b.Tardy {
		t.Fatalf("late check-in = %+v, %v", b, err)
	}
	must(t, db.BookRoom(ctx, booking("b3", "s1", seminar.ID, at(1, 14, 0), 60)))
	clock.Set(at(1, 14, 16))
	_, err = db.CheckInBooking(ctx, kiosk.Self("s1"), "b3")
	wantCode(t, err, kiosk.EINVALID, kiosk.MsgErrCheckInClosed)
	wantData(t, err, "Closes", at(1, 14, 15))
	wantOutbox(t, db, kiosk.KindBookingCreate, kiosk.KindBookingCreate, kiosk.KindBookingCheckin,
		kiosk.KindBookingCheckin, kiosk.KindBookingCreate)
}

// TestDueNoShowFreesRoomBeforeRelease: correctness must not depend on
// when ReleaseNoShows last ran.
func TestDueNoShowFreesRoomBeforeRelease(t *testing.T) {
	ctx := context.Background()
	db, clock := openServices(t)
	must(t, db.BookRoom(ctx, booking("b1", "s1", seminar.ID, at(0, 9, 0), 120)))
	clock.Set(at(0, 9, 15))
	if rb, _ := db.RoomBookings(ctx, seminar.ID, at(0, 9, 0), at(0, 11, 0)); len(rb) != 1 {
		t.Fatalf("inside the window the booking holds: %+v", rb)
	}
	clock.Set(at(0, 9, 16))
	if rb, err := db.RoomBookings(ctx, seminar.ID, at(0, 9, 0), at(0, 11, 0)); err != nil || len(rb) != 0 {
		t.Fatalf("RoomBookings after the window = %+v, %v", rb, err)
	}
	free, err := db.FreeSlots(ctx, kiosk.RoomSeminar, at(0, 9, 30), at(0, 11, 0), 30*time.Minute)
	if err != nil || len(free) != 1 || !free[0].Start.Equal(at(0, 9, 30)) || !free[0].End.Equal(at(0, 11, 0)) {
		t.Fatalf("FreeSlots = %+v, %v", free, err)
	}
	must(t, db.BookRoom(ctx, booking("b2", "s2", seminar.ID, at(0, 9, 30), 60)))
	if bs, _ := db.BookingsOf(ctx, "s1", at(0, 0, 0), at(1, 0, 0)); len(bs) != 1 || bs[0].Status != kiosk.BookingNoShow {
		t.Fatalf("BookingsOf shows %+v, want the no-show", bs)
	}
	n, err := db.ReleaseNoShows(ctx)
	if err != nil || n != 1 {
		t.Fatalf("ReleaseNoShows = %d, %v", n, err)
	}
	if n, err := db.ReleaseNoShows(ctx); err != nil || n != 0 {
		t.Fatalf("second ReleaseNoShows = %d, %v", n, err)
	}
	// Release is local: no outbox entry.
	wantOutbox(t, db, kiosk.KindBookingCreate, kiosk.KindBookingCreate)
}

// TestNoShowsSuspendBooking: three no-shows within 30 days suspend the
// student for 7 days from the third, driven by the fake clock alone.
func TestNoShowsSuspendBooking(t *testing.T) {
	ctx := context.Background()
	db, clock := openServices(t)
	for d := 1; d <= 3; d++ {
		must(t, db.BookRoom(ctx, booking("ns-"+string(rune('0'+d)), "s1", study.ID, at(d, 9, 0), 30)))
	}
	clock.Set(at(3, 9, 15))
	if until, err := db.SuspendedUntil(ctx, "s1"); err != nil || !until.IsZero() {
		t.Fatalf("two no-shows: SuspendedUntil = %v, %v", until, err)
	}
	clock.Set(at(3, 9, 16))
	want := at(3, 9, 15).Add(7 * 24 * time.Hour)
	// Before any release, the due no-show already counts.
	if until, err := db.SuspendedUntil(ctx, "s1"); err != nil || !until.Equal(want) {
		t.Fatalf("SuspendedUntil = %v, %v; want %v", until, err, want)
	}
	err := db.BookRoom(ctx, booking("x", "s1", seminar.ID, at(4, 9, 0), 30))
	wantCode(t, err, kiosk.ELIMIT, kiosk.MsgErrBookingSuspended)
	wantData(t, err, "Until", want)
	if n, err := db.ReleaseNoShows(ctx); err != nil || n != 3 {
		t.Fatalf("ReleaseNoShows = %d, %v", n, err)
	}
	wantCode(t, db.BookRoom(ctx, booking("x", "s1", seminar.ID, at(4, 9, 0), 30)), kiosk.ELIMIT, kiosk.MsgErrBookingSuspended)
	must(t, db.BookRoom(ctx, booking("other", "s2", seminar.ID, at(4, 9, 0), 30)))
	clock.Set(want)
	if until, err := db.SuspendedUntil(ctx, "s1"); err != nil || !until.IsZero() {
		t.Fatalf("after the suspension: %v, %v", until, err)
	}
	must(t, db.BookRoom(ctx, booking("x", "s1", seminar.ID, want.Add(45*time.Minute), 30)))
}

// TestBookingDaysAreLocal: limits count the hall's days, not UTC's.
func TestBookingDaysAreLocal(t *testing.T) {
	ctx := context.Background()
	db, clock := openServices(t)
	cst := time.FixedZone("CST", 8*3600)
	// 08:30 local on Monday is 00:30 UTC: both bookings below are on
	// the same local day but on different UTC days.
	clock.Set(time.Date(2025, 3, 10, 8, 30, 0, 0, cst))
	day := time.Date(2025, 3, 11, 0, 0, 0, 0, cst)
	must(t, db.BookRoom(ctx, booking("l1", "s1", seminar.ID, day.Add(9*time.Hour), 30)))  // 01:00 UTC
	must(t, db.BookRoom(ctx, booking("l2", "s1", seminar.ID, day.Add(20*time.Hour), 30))) // 12:00 UTC
	err := db.BookRoom(ctx, booking("l3", "s1", study.ID, day.Add(21*time.Hour), 30))
	wantCode(t, err, kiosk.ELIMIT, kiosk.MsgErrBookingDayLimit)
	bs, err := db.BookingsOf(ctx, "s1", day, day.AddDate(0, 0, 1))
	if err != nil || len(bs) != 2 || bs[0].Start.Location() != kiosk.DefaultLocation() || bs[0].Start.Hour() != 9 {
		t.Fatalf("BookingsOf = %+v, %v; want the hall's times", bs, err)
	}
	// Opening hours are local too: 07:30 local is before 08:00.
	err = db.BookRoom(ctx, booking("l4", "s2", seminar.ID, day.Add(7*time.Hour+30*time.Minute), 30))
	wantCode(t, err, kiosk.EINVALID, kiosk.MsgErrRoomHours)
}
