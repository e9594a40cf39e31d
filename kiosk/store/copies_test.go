package store_test

import (
	"context"
	"testing"

	"onestop/kiosk"
)

// TestCentralCopies: rows from central queue nothing, replace what
// central already knows, and never a local change still on its way.
func TestCentralCopies(t *testing.T) {
	ctx := context.Background()
	db, _ := openServices(t)
	must(t, db.BookRoom(ctx, booking("mine", "s1", seminar.ID, at(0, 10, 0), 60)))
	theirs := kiosk.Booking{ID: "theirs", RoomID: seminar.ID, StudentKey: "s2", Start: at(0, 12, 0), End: at(0, 13, 0),
		Status: kiosk.BookingBooked}
	stale := kiosk.Booking{ID: "mine", RoomID: seminar.ID, StudentKey: "s1", Start: at(0, 10, 0), End: at(0, 11, 0),
		Status: kiosk.BookingCancelled}
	must(t, db.PutBookings(ctx, []kiosk.Booking{theirs, stale}))
	bs, err := db.RoomBookings(ctx, seminar.ID, at(0, 0, 0), at(1, 0, 0))
	if err != nil || len(bs) != 2 || bs[0].ID != "mine" || bs[0].Status != kiosk.BookingBooked ||
		bs[1].SyncState != kiosk.OutboxApplied {
		t.Fatalf("RoomBookings = %+v, %v; want the local booking kept", bs, err)
	}
	wantCode(t, db.BookRoom(ctx, booking("x", "s3", seminar.ID, at(0, 12, 30), 30)), kiosk.ECONFLICT, kiosk.MsgErrSlotTaken)
	// Once central answered, its copy wins.
	must(t, db.ApplyResult(ctx, 1, kiosk.OutboxApplied, "", ""))
	must(t, db.PutBookings(ctx, []kiosk.Booking{stale}))
	if bs, _ := db.BookingsOf(ctx, "s1", at(0, 0, 0), at(1, 0, 0)); bs[0].Status != kiosk.BookingCancelled {
		t.Errorf("after the answer: %+v", bs[0])
	}
	// A slot held here cannot take central's appointment until central
	// has answered for the local one.
	must(t, db.BookAppointment(ctx, appointment("a1", "s1", slotAt(1, 14, 0))))
	s := slotAt(1, 14, 0)
	other := kiosk.Appointment{ID: "a2", SlotID: s.ID, MentorID: academic.ID, MentorType: kiosk.MentorAcademic,
		StudentKey: "s2", Start: s.Start, End: s.End, Status: kiosk.AppointmentBooked}
	wantCode(t, db.PutAppointments(ctx, []kiosk.Appointment{other}), kiosk.ECONFLICT, kiosk.MsgErrSlotTaken)
	must(t, db.ApplyResult(ctx, 2, kiosk.OutboxConflict, kiosk.ECONFLICT, kiosk.MsgErrSlotTaken))
	must(t, db.PutAppointments(ctx, []kiosk.Appointment{other}))
	if slots, _ := db.MentorSlots(ctx, academic.ID, s.Start, s.End); len(slots) != 1 || !slots[0].Taken {
		t.Errorf("slot after central's appointment: %+v", slots)
	}
	wantOutbox(t, db, kiosk.KindBookingCreate, kiosk.KindAppointmentCreate)
	for _, bad := range []error{
		db.PutBookings(ctx, []kiosk.Booking{{ID: "x", RoomID: "r", StudentKey: "s", Start: at(0, 9, 0), End: at(0, 8, 0), Status: kiosk.BookingBooked}}),
		db.PutBookings(ctx, []kiosk.Booking{{ID: "x", RoomID: "r", StudentKey: "s", Start: at(0, 8, 0), End: at(0, 9, 0), Status: "lost"}}),
		db.PutShifts(ctx, []kiosk.Shift{{ID: "x", StudentKey: "s", Start: at(0, 9, 0), End: at(0, 8, 0)}}),
		db.PutRequests(ctx, []kiosk.Request{{ID: "x", StudentKey: "s"}}),
		db.PutAttendance(ctx, []kiosk.Attendance{{ID: "x", EventID: fair.ID}}),
		db.PutMentorSlots(ctx, []kiosk.MentorSlot{{ID: "x", MentorID: academic.ID}}),
	} {
		wantCode(t, bad, kiosk.EINVALID, "")
	}
}
