package store_test

import (
	"context"
	"testing"
	"time"

	"onestop/kiosk"
)

func TestRecords(t *testing.T) {
	ctx := context.Background()
	db, clock := openServices(t)
	since := at(0, 0, 0)
	must(t, db.PutVisits(ctx, []kiosk.Visit{
		{ID: "old", StudentKey: "s1", HallID: "hall-1", Purpose: kiosk.PurposeStudy, At: at(-1, 9, 0)},
	}))
	must(t, db.CheckInVisit(ctx, visit("v1", "s1", clock)))
	must(t, db.BookRoom(ctx, booking("b1", "s1", seminar.ID, at(0, 9, 0), 60)))
	must(t, db.BookAppointment(ctx, appointment("a1", "s1", slotAt(0, 14, 0))))
	must(t, db.SubmitRequest(ctx, newRequest(t, clock, "s1", 1)))
	must(t, db.PutShifts(ctx, []kiosk.Shift{
		{ID: "sh1", StudentKey: "s1", Start: at(0, 8, 0), End: at(0, 10, 30)},
		{ID: "sh2", StudentKey: "s1", Start: at(0, 13, 0)}, // on duty: no hours yet
		{ID: "sh3", StudentKey: "s2", Start: at(0, 8, 0), End: at(0, 9, 0)},
	}))
	clock.Set(at(0, 10, 0))
	must(t, errOf(db.CheckInEvent(ctx, "s1", fair.ID, "att-1")))
	clock.Set(at(0, 15, 0))
	rec, err := db.Records(ctx, "s1", since)
	if err != nil {
		t.Fatal(err)
	}
	if len(rec.Visits) != 1 || rec.Visits[0].ID != "v1" {
		t.Errorf("visits %+v", rec.Visits)
	}
	if len(rec.Bookings) != 1 || rec.Bookings[0].Status != kiosk.BookingNoShow {
		t.Errorf("bookings %+v: want the due no-show", rec.Bookings)
	}
	if len(rec.Appointments) != 1 || rec.Appointments[0].Status != kiosk.AppointmentMissed {
		t.Errorf("appointments %+v", rec.Appointments)
	}
	if len(rec.Requests) != 1 || len(rec.Attendance) != 1 || rec.Attendance[0].EventID != fair.ID {
		t.Errorf("requests %+v, attendance %+v", rec.Requests, rec.Attendance)
	}
	if len(rec.Shifts) != 2 || rec.Shifts[0].ID != "sh2" || rec.VolunteerHours != 2.5 {
		t.Errorf("shifts %+v, %v hours; want newest first, 2.5 h", rec.Shifts, rec.VolunteerHours)
	}
	all, err := db.Records(ctx, "s1", at(-7, 0, 0))
	if err != nil || len(all.Visits) != 2 {
		t.Errorf("records for the week: %+v, %v", all.Visits, err)
	}
	if other, err := db.Records(ctx, "s9", since); err != nil || len(other.Visits)+len(other.Shifts) != 0 {
		t.Errorf("a stranger's records: %+v, %v", other, err)
	}
	if ever, err := db.Records(ctx, "s1", time.Time{}); err != nil || len(ever.Visits) != 2 || len(ever.Shifts) != 2 {
		t.Errorf("records since ever: %+v, %v", ever, err)
	}
}

// errOf drops a result to test only the error.
func errOf[T any](_ T, err error) error { return err }

func TestVerifyPIN(t *testing.T) {
	ctx := context.Background()
	db, _ := openServices(t)
	must(t, db.ImportRoster(ctx, []kiosk.RosterEntry{
		{Number: "20240001", Name: "张三华", BuildingID: "b1", PIN: "1234"},
		{Number: "20240002", Name: "李喆", BuildingID: "b1"},
	}))
	for _, tt := range []struct {
		number, pin string
		want        bool
	}{
		{"20240001", "1234", true},
		{"20240001", "4321", false},
		{"20240002", "", false},
		{"20249999", "1234", false},
	} {
		if ok, err := db.VerifyPIN(ctx, numberKey(tt.number), tt.pin); err != nil || ok != tt.want {
			t.Errorf("VerifyPIN(%s, %q) = %v, %v; want %v", tt.number, tt.pin, ok, err, tt.want)
		}
	}
}
