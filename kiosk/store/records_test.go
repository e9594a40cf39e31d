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
	seed(t, db, kiosk.EntityVisit,
		kiosk.Visit{ID: "old", StudentKey: "s1", HallID: "hall-1", Purpose: kiosk.PurposeStudy, At: at(-1, 9, 0)})
	must(t, db.CheckInVisit(ctx, visit("v1", "s1", clock)))
	must(t, db.BookRoom(ctx, booking("b1", "s1", seminar.ID, at(0, 9, 0), 60)))
	must(t, db.BookAppointment(ctx, appointment("a1", "s1", slotAt(0, 14, 0))))
	must(t, db.SubmitRequest(ctx, newRequest(t, clock, "s1", 1)))
	seed(t, db, kiosk.EntityShift,
		kiosk.Shift{ID: "sh1", StudentKey: "s1", Start: at(0, 8, 0), End: at(0, 10, 30)},
		kiosk.Shift{ID: "sh2", StudentKey: "s1", Start: at(0, 13, 0)}, // on duty: no hours yet
		kiosk.Shift{ID: "sh3", StudentKey: "s2", Start: at(0, 8, 0), End: at(0, 9, 0)},
	)
	clock.Set(at(0, 10, 0))
	must(t, errOf(db.CheckInEvent(ctx, kiosk.Self("s1"), fair.ID, "att-1")))
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
	if len(rec.Requests) != 1 || len(rec.Attendance) != 1 || rec.Attendance[0].EventID != fair.ID ||
		rec.Attendance[0].EventTitle != fair.Title {
		t.Errorf("requests %+v, attendance %+v: want the fair's title on the attendance", rec.Requests, rec.Attendance)
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
	seedRoster(t, db,
		kiosk.RosterEntry{Number: "20240001", Name: "张三华", BuildingID: "b1", PIN: "1234"},
		kiosk.RosterEntry{Number: "20240002", Name: "李喆", BuildingID: "b1"},
	)
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

// An attendance whose event is gone (removed by admins, or not yet
// pulled) comes without a title, and the records still read.
func TestRecordsAttendanceOfAnUnknownEvent(t *testing.T) {
	ctx := context.Background()
	db, _ := openServices(t)
	seed(t, db, kiosk.EntityAttendance,
		kiosk.Attendance{ID: "att-gone", EventID: "e-gone", StudentKey: "s1", At: at(0, 9, 0)})
	rec, err := db.Records(ctx, "s1", at(0, 0, 0))
	if err != nil {
		t.Fatal(err)
	}
	if len(rec.Attendance) != 1 || rec.Attendance[0].EventTitle != (kiosk.LocalName{}) {
		t.Errorf("attendance %+v: want one, without a title", rec.Attendance)
	}
}

// TestVerifyPINLockout drives the wrong-PIN throttle with the clock:
// kiosk.PINAttempts wrong PINs within kiosk.PINLockout lock the PIN until
// a lockout after the last one, even for the right PIN; a card still
// works (the store is not asked), and a right PIN clears the count.
func TestVerifyPINLockout(t *testing.T) {
	ctx := context.Background()
	db, clock := openServices(t)
	seedRoster(t, db,
		kiosk.RosterEntry{Number: "20240001", Name: "张三华", BuildingID: "b1", PIN: "1234"},
		kiosk.RosterEntry{Number: "20240002", Name: "李喆", BuildingID: "b1", PIN: "5678"},
	)
	zhang, li := numberKey("20240001"), numberKey("20240002")
	verify := func(key, pin string) (bool, error) {
		t.Helper()
		return db.VerifyPIN(ctx, key, pin)
	}
	wrong := func(key string, n int) {
		t.Helper()
		for i := range n {
			if ok, err := verify(key, "0000"); ok || err != nil {
				t.Fatalf("wrong PIN %d: %v, %v; want false, nil", i+1, ok, err)
			}
		}
	}

	// Four wrong, a minute apart; the fifth locks at once.
	for range kiosk.PINAttempts - 1 {
		wrong(zhang, 1)
		clock.Advance(time.Minute)
	}
	lockedAt := clock.Now()
	until := lockedAt.Add(kiosk.PINLockout)
	_, err := verify(zhang, "0000")
	wantCode(t, err, kiosk.ELIMIT, kiosk.MsgErrPINLocked)
	wantData(t, err, "Until", until)
	_, err = verify(zhang, "1234")
	wantCode(t, err, kiosk.ELIMIT, kiosk.MsgErrPINLocked) // the right PIN too
	wantData(t, err, "Until", until)
	if ok, err := verify(li, "5678"); !ok || err != nil {
		t.Fatalf("another student's PIN: %v, %v", ok, err)
	}
	clock.Set(until.Add(-time.Nanosecond))
	_, err = verify(zhang, "1234")
	wantCode(t, err, kiosk.ELIMIT, kiosk.MsgErrPINLocked)

	// At until the PIN works again, and a fresh count begins.
	clock.Set(until)
	wrong(zhang, kiosk.PINAttempts-1)
	if ok, err := verify(zhang, "1234"); !ok || err != nil {
		t.Fatalf("right PIN after the lockout: %v, %v", ok, err)
	}
	// The right PIN cleared the count: four more wrong ones do not lock.
	wrong(zhang, kiosk.PINAttempts-1)
	if ok, err := verify(zhang, "1234"); !ok || err != nil {
		t.Fatalf("right PIN after a reset: %v, %v", ok, err)
	}

	// Wrong PINs further apart than the lockout never add up.
	for range 3 * kiosk.PINAttempts {
		wrong(li, 1)
		clock.Advance(kiosk.PINLockout / time.Duration(kiosk.PINAttempts-1))
	}
	if ok, err := verify(li, "5678"); !ok || err != nil {
		t.Fatalf("spread-out wrong PINs locked: %v, %v", ok, err)
	}
}

// The lock survives a restart: the count is in the store, not in memory.
func TestVerifyPINLockoutSurvivesReopen(t *testing.T) {
	ctx := context.Background()
	db, clock, path := openStore(t)
	seedRoster(t, db, kiosk.RosterEntry{Number: "20240001", Name: "张三华", BuildingID: "b1", PIN: "1234"})
	key := numberKey("20240001")
	for range kiosk.PINAttempts - 1 {
		if ok, err := db.VerifyPIN(ctx, key, "9999"); ok || err != nil {
			t.Fatalf("wrong PIN: %v, %v", ok, err)
		}
	}
	must(t, db.Close())
	db = openAt(t, path, clock)
	_, err := db.VerifyPIN(ctx, key, "9999")
	wantCode(t, err, kiosk.ELIMIT, kiosk.MsgErrPINLocked)
	_, err = db.VerifyPIN(ctx, key, "1234")
	wantCode(t, err, kiosk.ELIMIT, kiosk.MsgErrPINLocked)

	// Once the time has passed, the counters leave no trace: the right
	// PIN clears its own, and a stranger's stale one is pruned.
	if ok, err := db.VerifyPIN(ctx, "stranger", "0000"); ok || err != nil {
		t.Fatalf("a stranger's PIN: %v, %v", ok, err)
	}
	clock.Advance(kiosk.PINLockout)
	if ok, err := db.VerifyPIN(ctx, key, "1234"); !ok || err != nil {
		t.Fatalf("right PIN after the lockout: %v, %v", ok, err)
	}
	var n int
	must(t, rawDB(t, path).QueryRowContext(ctx, `
		SELECT
			count(*)
		FROM meta
		WHERE key LIKE 'pin.%'`).Scan(&n))
	if n != 0 {
		t.Errorf("%d wrong-PIN counters left in meta", n)
	}
}
