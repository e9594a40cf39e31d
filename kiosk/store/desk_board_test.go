package store_test

import (
	"context"
	"testing"

	"onestop/kiosk"
)

// Today's board for the desk: arrived students per mentor with since
// when (a counselling one without a name), rooms starting now and the
// no-shows, today's requests, walk-ins by purpose and hour, the running
// event with its attendance.
func TestDeskBoard(t *testing.T) {
	ctx := context.Background()
	db, clock := openServices(t)
	seed(t, db, kiosk.EntityMentorSlot, kiosk.MentorSlot{ID: "c-14", MentorID: counsellor.ID, Start: at(0, 14, 0), End: at(0, 14, 30)})
	seed(t, db, kiosk.EntityStudent, kiosk.RosterRow{Key: "vol", MaskedName: "张*华", BuildingID: "b1", Roles: []string{kiosk.RoleVolunteer}})

	clock.Set(at(0, 8, 50))
	must(t, db.BookRoom(ctx, booking("b-early", "s2", seminar.ID, at(0, 9, 0), 30))) // becomes a no-show
	must(t, db.BookRoom(ctx, booking("b-now", "s3", seminar.ID, at(0, 14, 0), 60)))
	must(t, db.BookAppointment(ctx, appointment("a1", "s1", slotAt(0, 14, 0))))
	c := appointment("a2", "s4", kiosk.MentorSlot{ID: "c-14"})
	must(t, db.BookAppointment(ctx, c))
	must(t, db.BookAppointment(ctx, appointment("a3", "s5", slotAt(0, 15, 0))))
	clock.Set(at(0, 9, 10))
	must(t, db.CheckInVisit(ctx, visit("v1", "s1", clock)))
	must(t, db.CheckInVisit(ctx, visit("v2", "s2", clock)))
	must(t, db.SubmitRequest(ctx, newRequest(t, clock, "s1", 1)))
	clock.Set(at(0, 10, 5))
	must(t, errOf(db.CheckInEvent(ctx, kiosk.Self("s6"), fair.ID, "at1")))
	clock.Set(at(0, 13, 50))
	if _, err := db.ReleaseNoShows(ctx); err != nil {
		t.Fatal(err)
	}
	must(t, errOf(db.CheckInAppointment(ctx, kiosk.Self("s1"), "a1")))
	must(t, errOf(db.CheckInAppointment(ctx, kiosk.Self("s4"), "a2")))

	b, err := db.DeskBoard(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(b.Waiting) != 2 || b.Waiting[0].Appointment.ID != "a1" || b.Waiting[0].Student == "" || b.Waiting[0].Personal ||
		b.Waiting[0].MentorName != academic.Name || !b.Waiting[0].Since.Equal(at(0, 13, 50)) {
		t.Fatalf("waiting %+v", b.Waiting)
	}
	if w := b.Waiting[1]; w.Appointment.ID != "a2" || w.Student != "" || !w.Personal {
		t.Errorf("counselling shown as %+v", w)
	}
	if len(b.RoomsNow) != 1 || b.RoomsNow[0].ID != "b-now" || len(b.NoShows) != 1 || b.NoShows[0].ID != "b-early" {
		t.Errorf("rooms now %+v, no-shows %+v", b.RoomsNow, b.NoShows)
	}
	if len(b.Requests) != 1 || b.Requests[0].Status != kiosk.RequestSubmitted {
		t.Errorf("requests %+v", b.Requests)
	}
	if len(b.Visits) != 1 || (b.Visits[0] != kiosk.VisitCount{Purpose: kiosk.PurposeStudy, Hour: 9, Count: 2}) {
		t.Errorf("visits %+v", b.Visits)
	}
	if len(b.Events) != 0 {
		t.Errorf("the fair ended at 12:00: %+v", b.Events)
	}
	clock.Set(at(0, 11, 0))
	b, err = db.DeskBoard(ctx)
	if err != nil || len(b.Events) != 1 || b.Events[0].Attended != 1 {
		t.Errorf("events at 11:00 %+v %v", b.Events, err)
	}
	// One who left without being seen leaves the waiting list.
	clock.Set(at(0, 14, 5))
	_, err = db.MarkQueue(ctx, "vol", "a1", kiosk.QueueLeft)
	must(t, err)
	if b, _ := db.DeskBoard(ctx); len(b.Waiting) != 1 || b.Waiting[0].Appointment.ID != "a2" {
		t.Errorf("after a1 left: %+v", b.Waiting)
	}
}
