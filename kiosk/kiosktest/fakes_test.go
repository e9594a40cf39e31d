package kiosktest_test

import (
	"bytes"
	"context"
	"testing"
	"time"

	"onestop/kiosk"
	"onestop/kiosk/kiosktest"
)

// The fakes must refuse what the store refuses, so UI tests see real
// refusals; these tests pin the rules they apply.

var (
	ctx = context.Background()
	t0  = time.Date(2025, 3, 5, 14, 5, 0, 0, time.FixedZone("CST", 8*3600)) // a Wednesday
)

func day(d, h, m int) time.Time {
	return kiosk.StartOfDay(t0).AddDate(0, 0, d).Add(time.Duration(h)*time.Hour + time.Duration(m)*time.Minute)
}

func code(err error) string { return kiosk.ErrorCode(err) }

func msg(err error) string { id, _ := kiosk.ErrorMessageID(err); return id }

// Students of the fixture roster: me, you and a desk volunteer.
var (
	me   = kiosktest.StudentKey("20230001")
	you  = kiosktest.StudentKey("20230002")
	desk = kiosktest.StudentKey("20230003")
)

// newKiosk returns the fakes of one kiosk at t0 with the fixture roster
// and rooms a and b (study) and s (seminar), open 08:00–22:00.
func newKiosk() *kiosktest.Fakes {
	roster := kiosktest.NewRoster(nil,
		kiosk.RosterEntry{Number: "20230001", Name: "张三华"},
		kiosk.RosterEntry{Number: "20230002", Name: "李四"},
		kiosk.RosterEntry{Number: "20230003", Name: "王五", Roles: []string{kiosk.RoleVolunteer}})
	f := kiosktest.New(kiosktest.NewClock(t0), roster)
	r := func(id string, t kiosk.RoomType) kiosk.Room {
		return kiosk.Room{ID: id, Type: t, Opens: 8 * 60, Closes: 22 * 60, Active: true}
	}
	f.Rooms.AddRooms(r("a", kiosk.RoomStudy), r("b", kiosk.RoomStudy), r("s", kiosk.RoomSeminar))
	return f
}

func book(r *kiosktest.Rooms, id, room, who string, start time.Time, d time.Duration) error {
	return r.BookRoom(ctx, &kiosk.Booking{ID: id, RoomID: room, StudentKey: who, Start: start, End: start.Add(d)})
}

func TestRoomsApplyTheRules(t *testing.T) {
	f := newKiosk()
	clock, r := f.Clock, f.Rooms
	if err := book(r, "1", "a", me, day(1, 9, 0), time.Hour); err != nil {
		t.Fatal(err)
	}
	if err := book(r, "1", "a", me, day(1, 9, 0), time.Hour); err != nil || len(r.Bookings()) != 1 {
		t.Fatalf("same id twice: %v, %d bookings", err, len(r.Bookings()))
	}
	if err := book(r, "2", "a", you, day(1, 9, 30), time.Hour); msg(err) != kiosk.MsgErrSlotTaken {
		t.Errorf("taken slot: %v", err)
	}
	if err := book(r, "3", "b", me, day(1, 12, 0), time.Hour); err != nil {
		t.Fatal(err)
	}
	if err := book(r, "4", "s", me, day(1, 15, 0), time.Hour); msg(err) != kiosk.MsgErrBookingDayLimit {
		t.Errorf("third booking of the day: %v", err)
	}
	if err := book(r, "5", "s", me, day(0, 13, 0), time.Hour); msg(err) != kiosk.MsgErrBookingPast {
		t.Errorf("past: %v", err)
	}
	if err := book(r, "6", "s", me, day(8, 9, 0), time.Hour); msg(err) != kiosk.MsgErrBookingWindow {
		t.Errorf("beyond the window: %v", err)
	}
	if b := r.Bookings()[0]; b.Status != kiosk.BookingBooked || b.SyncState != kiosk.OutboxPending || !b.CreatedAt.Equal(t0) {
		t.Errorf("stored %+v", b)
	}

	clock.Set(day(1, 8, 40))
	if _, err := r.CheckInBooking(ctx, kiosk.Self(me), "1"); msg(err) != kiosk.MsgErrCheckInTooEarly {
		t.Errorf("early check-in: %v", err)
	}
	if _, err := r.CheckInBooking(ctx, kiosk.Self(you), "1"); code(err) != kiosk.ENOTFOUND {
		t.Errorf("someone else's booking: %v", err)
	}
	clock.Set(day(1, 9, 5))
	if b, err := r.CheckInBooking(ctx, kiosk.Self(me), "1"); err != nil || !b.Tardy || b.Status != kiosk.BookingCheckedIn {
		t.Errorf("check-in: %+v %v", b, err)
	}
	clock.Set(day(1, 12, 16))
	if n, _ := r.ReleaseNoShows(ctx); n != 1 {
		t.Errorf("released %d, want the 12:00 booking", n)
	}
}

func TestRoomsSuspendAfterNoShows(t *testing.T) {
	r := newKiosk().Rooms
	for i, d := range []int{-9, -6, -3} {
		r.AddBooking(kiosk.Booking{ID: string(rune('x' + i)), RoomID: "a", StudentKey: me, Start: day(d, 10, 0), End: day(d, 11, 0), Status: kiosk.BookingNoShow})
	}
	until, _ := r.SuspendedUntil(ctx, me)
	if !until.Equal(day(4, 10, 15)) {
		t.Fatalf("suspended until %v", until)
	}
	if err := book(r, "n", "a", me, day(1, 9, 0), time.Hour); msg(err) != kiosk.MsgErrBookingSuspended {
		t.Errorf("booking while suspended: %v", err)
	}
}

func TestFreeSlotsSplitAroundBookings(t *testing.T) {
	r := newKiosk().Rooms
	r.AddBooking(kiosk.Booking{ID: "x", RoomID: "a", StudentKey: you, Start: day(0, 15, 0), End: day(0, 16, 0)})
	free, err := r.FreeSlots(ctx, kiosk.RoomStudy, day(0, 14, 30), day(1, 0, 0), time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	var a []kiosk.FreeSlot
	for _, f := range free {
		if f.RoomID == "a" {
			a = append(a, f)
		}
		if f.RoomID == "s" {
			t.Fatal("a seminar room among study rooms")
		}
	}
	if len(a) != 1 || !a[0].Start.Equal(day(0, 16, 0)) || !a[0].End.Equal(day(0, 22, 0)) {
		t.Fatalf("free in room a: %+v (14:30–15:00 is shorter than an hour)", a)
	}
}

func TestAppointmentsApplyTheRules(t *testing.T) {
	a := newKiosk().Appointments
	slot := func(id string, start time.Time) kiosk.MentorSlot {
		return kiosk.MentorSlot{ID: id, Start: start, End: start.Add(50 * time.Minute)}
	}
	a.AddMentor(kiosk.Mentor{ID: "m", Type: kiosk.MentorCounselling}, slot("s1", day(1, 9, 0)), slot("s2", day(0, 15, 0)), slot("s3", day(20, 9, 0)))
	ap := &kiosk.Appointment{ID: "1", SlotID: "s1", StudentKey: me}
	if err := a.BookAppointment(ctx, ap); err != nil || ap.MentorType != kiosk.MentorCounselling || !ap.Start.Equal(day(1, 9, 0)) {
		t.Fatalf("book: %+v %v", ap, err)
	}
	if err := a.BookAppointment(ctx, &kiosk.Appointment{ID: "2", SlotID: "s1", StudentKey: you}); msg(err) != kiosk.MsgErrSlotTaken {
		t.Errorf("taken: %v", err)
	}
	if err := a.BookAppointment(ctx, &kiosk.Appointment{ID: "3", SlotID: "s3", StudentKey: you}); msg(err) != kiosk.MsgErrAppointmentWindow {
		t.Errorf("window: %v", err)
	}
	slots, _ := a.MentorSlots(ctx, "m", day(0, 0, 0), day(2, 0, 0))
	if len(slots) != 2 || !slots[1].Taken {
		t.Errorf("slots %+v", slots)
	}
	if err := a.BookAppointment(ctx, &kiosk.Appointment{ID: "4", SlotID: "s2", StudentKey: me}); err != nil {
		t.Fatal(err)
	}
	if got, _ := a.CancelAppointment(ctx, me, "4"); got.Status != kiosk.AppointmentMissed {
		t.Errorf("late cancel: %+v", got)
	}
	if got, _ := a.CancelAppointment(ctx, me, "1"); got.Status != kiosk.AppointmentCancelled {
		t.Errorf("cancel in time: %+v", got)
	}
}

func TestEventsRequestsAndRecords(t *testing.T) {
	f := newKiosk()
	clock, ev := f.Clock, f.Events
	ev.Add(kiosk.Event{ID: "e", Start: day(0, 14, 30), End: day(0, 16, 0)},
		kiosk.Event{ID: "later", Start: day(0, 18, 0), End: day(0, 19, 0)})
	running, _ := ev.RunningEvents(ctx)
	if len(running) != 1 || running[0].ID != "e" {
		t.Fatalf("running %+v", running)
	}
	if _, err := ev.CheckInEvent(ctx, kiosk.Self(me), "e", "att"); err != nil {
		t.Fatal(err)
	}
	if _, err := ev.CheckInEvent(ctx, kiosk.Self(me), "e", "att"); err != nil {
		t.Errorf("same id twice: %v", err)
	}
	if _, err := ev.CheckInEvent(ctx, kiosk.Self(me), "e", "att2"); msg(err) != kiosk.MsgErrAlreadyCheckedIn {
		t.Errorf("second check-in: %v", err)
	}

	q := f.Requests
	st := &kiosk.Student{Key: me}
	ids := kiosk.IDSource{R: bytes.NewReader(bytes.Repeat([]byte{7}, 256))}
	req, err := kiosk.NewRequest(ids, clock, kiosk.DefaultSettings(), st, "h", kiosk.Request{Category: kiosk.CategoryRepair,
		BuildingID: "b", Floor: 2, Presets: []string{"repair.light"}, Contact: kiosk.ContactKiosk})
	if err != nil {
		t.Fatal(err)
	}
	if err := q.SubmitRequest(ctx, req); err != nil {
		t.Fatal(err)
	}
	if _, err := q.RateRequest(ctx, me, req.ID, kiosk.OutcomeSolved, 5); msg(err) != kiosk.MsgErrRequestNotResolved {
		t.Errorf("rating an open request: %v", err)
	}
	q.Handle(req.ID, kiosk.RequestResolved, "done")
	clock.Advance(time.Hour)
	got, err := q.RateRequest(ctx, me, req.ID, kiosk.OutcomeNotSolved, 1)
	if err != nil || got.Status != kiosk.RequestReopened || !got.DueAt.Equal(t0.Add(25*time.Hour)) {
		t.Errorf("not solved: %+v %v", got, err)
	}

	rec := f.Records
	rec.GivePIN(me, "1234")
	if ok, _ := rec.VerifyPIN(ctx, me, "1234"); !ok {
		t.Error("right PIN refused")
	}
	if ok, _ := rec.VerifyPIN(ctx, you, ""); ok {
		t.Error("an unset PIN must not verify")
	}
	rec.AddRejection(kiosk.Rejection{Seq: 1, StudentKey: me})
	rec.AddRejection(kiosk.Rejection{Seq: 2, StudentKey: me})
	_ = rec.AckRejections(ctx, me, []int64{1})
	if rs, _ := rec.Rejections(ctx, me); len(rs) != 1 || rs[0].Seq != 2 {
		t.Errorf("rejections after ack %+v", rs)
	}
	all, _ := rec.Records(ctx, me, kiosk.StartOfDay(t0))
	if len(all.Requests) != 1 || len(all.Attendance) != 1 {
		t.Errorf("records %+v", all)
	}
}

// The fake throttles wrong PINs like the store: the PINAttempts-th wrong
// PIN within PINLockout locks the PIN until a lockout later; a right one
// clears the count.
func TestRecordsThrottlePINs(t *testing.T) {
	f := newKiosk()
	clock, rec := f.Clock, f.Records
	rec.GivePIN(me, "1234")
	for i := range kiosk.PINAttempts - 1 {
		if ok, err := rec.VerifyPIN(ctx, me, "0000"); ok || err != nil {
			t.Fatalf("wrong PIN %d: %v, %v", i+1, ok, err)
		}
		clock.Advance(time.Minute)
	}
	until := clock.Now().Add(kiosk.PINLockout)
	for _, pin := range []string{"0000", "1234"} {
		_, err := rec.VerifyPIN(ctx, me, pin)
		if code(err) != kiosk.ELIMIT || msg(err) != kiosk.MsgErrPINLocked {
			t.Fatalf("PIN %s while locked: %v", pin, err)
		}
		if _, data := kiosk.ErrorMessageID(err); !data["Until"].(time.Time).Equal(until) {
			t.Errorf("locked until %v, want %v", data["Until"], until)
		}
	}
	clock.Set(until)
	for range kiosk.PINAttempts - 1 {
		_, _ = rec.VerifyPIN(ctx, me, "0000")
	}
	if ok, err := rec.VerifyPIN(ctx, me, "1234"); !ok || err != nil {
		t.Fatalf("right PIN after the lockout: %v, %v", ok, err)
	}
	for range kiosk.PINAttempts - 1 {
		_, _ = rec.VerifyPIN(ctx, me, "0000")
	}
	if ok, err := rec.VerifyPIN(ctx, me, "1234"); !ok || err != nil {
		t.Fatalf("the right PIN must have cleared the count: %v, %v", ok, err)
	}
}

// Records name each attended event, none for one removed since.
func TestRecordsNameTheEvents(t *testing.T) {
	f := newKiosk()
	ev := f.Events
	ev.Add(kiosk.Event{ID: "talk", Title: kiosk.LocalName{Zh: "讲座", En: "Talk"}, Start: day(0, 14, 0), End: day(0, 16, 0)},
		kiosk.Event{ID: "gone", Title: kiosk.LocalName{Zh: "旧活动", En: "Old"}, Start: day(0, 14, 0), End: day(0, 16, 0)})
	for _, id := range []string{"talk", "gone"} {
		if _, err := ev.CheckInEvent(ctx, kiosk.Self(me), id, "att-"+id); err != nil {
			t.Fatal(err)
		}
	}
	ev.Remove("gone")
	rec := f.Records
	all, err := rec.Records(ctx, me, kiosk.StartOfDay(t0))
	if err != nil || len(all.Attendance) != 2 {
		t.Fatalf("records %+v, %v", all, err)
	}
	if got := all.Attendance[0].EventTitle; got.Zh != "讲座" {
		t.Errorf("title %+v, want the talk's", got)
	}
	if got := all.Attendance[1].EventTitle; got != (kiosk.LocalName{}) {
		t.Errorf("title of a removed event %+v, want none", got)
	}
}
