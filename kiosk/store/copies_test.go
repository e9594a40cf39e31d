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
	seed(t, db, kiosk.EntityBooking, theirs, stale)
	bs, err := db.RoomBookings(ctx, seminar.ID, at(0, 0, 0), at(1, 0, 0))
	if err != nil || len(bs) != 2 || bs[0].ID != "mine" || bs[0].Status != kiosk.BookingBooked ||
		bs[1].SyncState != kiosk.OutboxApplied {
		t.Fatalf("RoomBookings = %+v, %v; want the local booking kept", bs, err)
	}
	wantCode(t, db.BookRoom(ctx, booking("x", "s3", seminar.ID, at(0, 12, 30), 30)), kiosk.ECONFLICT, kiosk.MsgErrSlotTaken)
	// Once central answered, its copy wins.
	answer(t, db, 1, kiosk.OutboxApplied, "", "")
	seed(t, db, kiosk.EntityBooking, stale)
	if bs, _ := db.BookingsOf(ctx, "s1", at(0, 0, 0), at(1, 0, 0)); bs[0].Status != kiosk.BookingCancelled {
		t.Errorf("after the answer: %+v", bs[0])
	}
	// A slot held here cannot take central's appointment until central
	// has answered for the local one.
	must(t, db.BookAppointment(ctx, appointment("a1", "s1", slotAt(1, 14, 0))))
	s := slotAt(1, 14, 0)
	other := kiosk.Appointment{ID: "a2", SlotID: s.ID, MentorID: academic.ID, MentorType: kiosk.MentorAcademic,
		StudentKey: "s2", Start: s.Start, End: s.End, Status: kiosk.AppointmentBooked}
	_, err = applyPage(db, changes(t, kiosk.EntityAppointment, other)...)
	wantCode(t, err, kiosk.ECONFLICT, kiosk.MsgErrSlotTaken)
	answer(t, db, 2, kiosk.OutboxConflict, kiosk.ECONFLICT, kiosk.MsgErrSlotTaken)
	seed(t, db, kiosk.EntityAppointment, other)
	if slots, _ := db.MentorSlots(ctx, academic.ID, s.Start, s.End); len(slots) != 1 || !slots[0].Taken {
		t.Errorf("slot after central's appointment: %+v", slots)
	}
	wantOutbox(t, db, kiosk.KindBookingCreate, kiosk.KindAppointmentCreate)
	// Rows the store cannot keep are skipped; none queues anything.
	wantSkipped(t, db, append(changes(t, kiosk.EntityBooking,
		kiosk.Booking{ID: "x", RoomID: seminar.ID, StudentKey: "s1", Start: at(0, 9, 0), End: at(0, 8, 0), Status: kiosk.BookingBooked},
		kiosk.Booking{ID: "y", RoomID: seminar.ID, StudentKey: "s1", Start: at(0, 8, 0), End: at(0, 9, 0), Status: "lost"}),
		upsert(t, kiosk.EntityShift, "x", kiosk.Shift{ID: "x", StudentKey: "s", Start: at(0, 9, 0), End: at(0, 8, 0)}),
		upsert(t, kiosk.EntityRequest, "x", kiosk.Request{ID: "x", StudentKey: "s"}),
		upsert(t, kiosk.EntityAttendance, "x", kiosk.Attendance{ID: "x", EventID: fair.ID}),
		upsert(t, kiosk.EntityMentorSlot, "x", kiosk.MentorSlot{ID: "x", MentorID: academic.ID}),
	)...)
	wantOutbox(t, db, kiosk.KindBookingCreate, kiosk.KindAppointmentCreate)
}
