package store_test

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"onestop/kiosk"
)

func TestMentorsAndSlots(t *testing.T) {
	ctx := context.Background()
	db, _ := openServices(t)
	ms, err := db.Mentors(ctx, kiosk.MentorAcademic)
	if err != nil || len(ms) != 1 || ms[0] != academic {
		t.Fatalf("Mentors(academic) = %+v, %v", ms, err)
	}
	wantSkipped(t, db, changes(t, kiosk.EntityMentor, kiosk.Mentor{ID: "x", Type: "astrologer"})...)
	if all, err := db.Mentors(ctx, ""); err != nil || len(all) != 2 {
		t.Fatalf("Mentors(\"\") = %+v, %v", all, err)
	}
	must(t, db.BookAppointment(ctx, appointment("a1", "s1", slotAt(1, 15, 0))))
	slots, err := db.MentorSlots(ctx, academic.ID, at(1, 0, 0), at(2, 0, 0))
	if err != nil || len(slots) != 3 {
		t.Fatalf("MentorSlots = %+v, %v", slots, err)
	}
	for i, want := range []bool{false, true, false} {
		if slots[i].Taken != want || slots[i].MentorID != academic.ID {
			t.Errorf("slot %d = %+v, want taken %v", i, slots[i], want)
		}
	}
	if !slots[1].Start.Equal(at(1, 15, 0)) || !slots[1].End.Equal(at(1, 15, 30)) {
		t.Errorf("slot times %v–%v", slots[1].Start, slots[1].End)
	}
}

func TestBookAppointment(t *testing.T) {
	ctx := context.Background()
	db, clock := openServices(t)
	a := appointment("a1", "s1", slotAt(1, 14, 0))
	if err := db.BookAppointment(ctx, a); err != nil {
		t.Fatal(err)
	}
	if a.MentorID != academic.ID || a.MentorType != kiosk.MentorAcademic || !a.Start.Equal(at(1, 14, 0)) ||
		!a.End.Equal(at(1, 14, 30)) || a.Status != kiosk.AppointmentBooked || !a.CreatedAt.Equal(clock.Now()) {
		t.Fatalf("booked %+v", a)
	}
	again := appointment("a1", "s1", slotAt(2, 14, 0))
	must(t, db.BookAppointment(ctx, again))
	if again.SlotID != a.SlotID {
		t.Errorf("repeat = %+v, want the stored appointment", again)
	}
	ms := wantOutbox(t, db, kiosk.KindAppointmentCreate)
	var got kiosk.Appointment
	if err := json.Unmarshal(ms[0].Payload, &got); err != nil || got.SlotID != a.SlotID || got.MentorType != kiosk.MentorAcademic {
		t.Errorf("payload %s, %v", ms[0].Payload, err)
	}
	wantCode(t, db.BookAppointment(ctx, appointment("a1", "s2", slotAt(2, 14, 0))), kiosk.ECONFLICT, kiosk.MsgErrInternal)
	tests := []struct {
		name      string
		a         *kiosk.Appointment
		code, msg string
	}{
		{"no id", appointment("", "s1", slotAt(2, 14, 0)), kiosk.EINVALID, kiosk.MsgErrBadInput},
		{"no student", appointment("x", "", slotAt(2, 14, 0)), kiosk.EINVALID, kiosk.MsgErrNotIdentified},
		{"unknown slot", &kiosk.Appointment{ID: "x", SlotID: "none", StudentKey: "s1"}, kiosk.ENOTFOUND, kiosk.MsgErrNotFound},
		{"taken", appointment("x", "s2", slotAt(1, 14, 0)), kiosk.ECONFLICT, kiosk.MsgErrSlotTaken},
		{"beyond window", appointment("x", "s1", slotAt(15, 14, 0)), kiosk.ELIMIT, kiosk.MsgErrAppointmentWindow},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			wantCode(t, db.BookAppointment(ctx, tt.a), tt.code, tt.msg)
		})
	}
	wantCode(t, db.BookAppointment(ctx, nil), kiosk.EINVALID, kiosk.MsgErrInternal)
	// The student's own overlapping appointment with another mentor.
	other := kiosk.MentorSlot{ID: "c-slot", MentorID: counsellor.ID, Start: at(1, 14, 15), End: at(1, 15, 0)}
	seed(t, db, kiosk.EntityMentorSlot, other)
	err := db.BookAppointment(ctx, appointment("x", "s1", other))
	wantCode(t, err, kiosk.ECONFLICT, kiosk.MsgErrAppointmentOverlap)
	wantData(t, err, "Start", at(1, 14, 0))
	clock.Set(at(1, 14, 1))
	wantCode(t, db.BookAppointment(ctx, appointment("x", "s3", slotAt(1, 14, 0))), kiosk.ECONFLICT, kiosk.MsgErrSlotTaken)
	clock.Set(at(1, 14, 16))
	wantCode(t, db.BookAppointment(ctx, appointment("x", "s3", other)), kiosk.EINVALID, kiosk.MsgErrBookingPast)
	// The missed appointment no longer holds its slot, which is past.
	wantCode(t, db.BookAppointment(ctx, appointment("x", "s3", slotAt(1, 14, 0))), kiosk.EINVALID, kiosk.MsgErrBookingPast)
	// A counselling appointment carries its private type.
	c := appointment("c1", "s2", other)
	clock.Set(t0)
	must(t, db.BookAppointment(ctx, c))
	if c.MentorType != kiosk.MentorCounselling || !c.MentorType.Private() {
		t.Errorf("counselling appointment %+v", c)
	}
	wantOutbox(t, db, kiosk.KindAppointmentCreate, kiosk.KindAppointmentCreate)
}

func TestCancelAppointment(t *testing.T) {
	ctx := context.Background()
	db, clock := openServices(t)
	must(t, db.BookAppointment(ctx, appointment("a1", "s1", slotAt(0, 14, 0))))
	must(t, db.BookAppointment(ctx, appointment("a2", "s1", slotAt(0, 15, 0))))
	must(t, db.BookAppointment(ctx, appointment("a3", "s1", slotAt(0, 16, 0))))
	_, err := db.CancelAppointment(ctx, "s2", "a1")
	wantCode(t, err, kiosk.ENOTFOUND, kiosk.MsgErrNotFound)
	// In time (before 12:00): cancelled, the slot free again.
	a, err := db.CancelAppointment(ctx, "s1", "a1")
	if err != nil || a.Status != kiosk.AppointmentCancelled {
		t.Fatalf("cancel = %+v, %v", a, err)
	}
	if a, err := db.CancelAppointment(ctx, "s1", "a1"); err != nil || a.Status != kiosk.AppointmentCancelled {
		t.Fatalf("repeated cancel = %+v, %v", a, err)
	}
	must(t, db.BookAppointment(ctx, appointment("b1", "s2", slotAt(0, 14, 0))))
	// Late (after 13:00 for 15:00): missed.
	clock.Set(at(0, 13, 1))
	if a, err := db.CancelAppointment(ctx, "s1", "a2"); err != nil || a.Status != kiosk.AppointmentMissed {
		t.Fatalf("late cancel = %+v, %v", a, err)
	}
	clock.Set(at(0, 16, 0))
	_, err = db.CancelAppointment(ctx, "s1", "a3")
	wantCode(t, err, kiosk.EINVALID, kiosk.MsgErrCancelTooLate)
	wantOutbox(t, db, kiosk.KindAppointmentCreate, kiosk.KindAppointmentCreate, kiosk.KindAppointmentCreate,
		kiosk.KindAppointmentCancel, kiosk.KindAppointmentCreate, kiosk.KindAppointmentCancel)
}

func TestCheckInAppointmentAndMisses(t *testing.T) {
	ctx := context.Background()
	db, clock := openServices(t)
	must(t, db.BookAppointment(ctx, appointment("a1", "s1", slotAt(0, 14, 0))))
	must(t, db.BookAppointment(ctx, appointment("a2", "s1", slotAt(0, 15, 0))))
	must(t, db.BookAppointment(ctx, appointment("a3", "s1", slotAt(0, 16, 0))))
	clock.Set(at(0, 13, 44))
	_, err := db.CheckInAppointment(ctx, kiosk.Self("s1"), "a1")
	wantCode(t, err, kiosk.EINVALID, kiosk.MsgErrCheckInTooEarly)
	_, err = db.CheckInAppointment(ctx, kiosk.Self("s2"), "a1")
	wantCode(t, err, kiosk.ENOTFOUND, kiosk.MsgErrNotFound)
	clock.Set(at(0, 14, 5))
	a, err := db.CheckInAppointment(ctx, kiosk.Self("s1"), "a1")
	if err != nil || a.Status != kiosk.AppointmentArrived || !a.Tardy || !a.ArrivedAt.Equal(at(0, 14, 5)) {
		t.Fatalf("check-in = %+v, %v", a, err)
	}
	_, err = db.CheckInAppointment(ctx, kiosk.Self("s1"), "a1")
	wantCode(t, err, kiosk.ECONFLICT, kiosk.MsgErrAlreadyCheckedIn)
	_, err = db.CancelAppointment(ctx, "s1", "a1")
	wantCode(t, err, kiosk.EINVALID, kiosk.MsgErrNotActive)
	clock.Set(at(0, 15, 16))
	_, err = db.CheckInAppointment(ctx, kiosk.Self("s1"), "a2")
	wantCode(t, err, kiosk.EINVALID, kiosk.MsgErrCheckInClosed)
	// Shown missed before any release; then released with the no-shows.
	as, err := db.AppointmentsOf(ctx, "s1", at(0, 0, 0), at(1, 0, 0))
	if err != nil || len(as) != 3 || as[0].Status != kiosk.AppointmentArrived ||
		as[1].Status != kiosk.AppointmentMissed || as[2].Status != kiosk.AppointmentBooked {
		t.Fatalf("AppointmentsOf = %+v, %v", as, err)
	}
	if n, err := db.ReleaseNoShows(ctx); err != nil || n != 1 {
		t.Fatalf("ReleaseNoShows = %d, %v", n, err)
	}
	if n := kiosk.DefaultSettings().Mentor.AcademicMeetings(clock.Now(), as); n != 1 {
		t.Errorf("academic meetings = %d, want 1", n)
	}
	wantOutbox(t, db, kiosk.KindAppointmentCreate, kiosk.KindAppointmentCreate, kiosk.KindAppointmentCreate,
		kiosk.KindAppointmentCheckin)
}

// TestMentorSlotRangeInvalid: a range without bounds is a caller bug.
func TestMentorSlotRangeInvalid(t *testing.T) {
	db, _ := openServices(t)
	_, err := db.MentorSlots(context.Background(), academic.ID, time.Time{}, at(1, 0, 0))
	wantCode(t, err, kiosk.EINVALID, "")
}
