package store_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"onestop/kiosk"
)

// The desk on the kiosk (issue 11): a volunteer scanned in unlocks with
// the PIN, clocks in and out; a shift left open past the cap is capped
// at the next unlock, the correction asked and recorded; hours add up;
// every shift write goes to central.
func TestDeskShifts(t *testing.T) {
	ctx := context.Background()
	db, clock, _ := openStore(t)
	hash, err := kiosk.HashPIN("2468")
	must(t, err)
	seed(t, db, kiosk.EntityStudent, kiosk.RosterRow{Key: "vol", MaskedName: "张*华", BuildingID: "b1",
		Roles: []string{kiosk.RoleStudent, kiosk.RoleVolunteer}, PINHash: hash})
	vol := &kiosk.Student{Key: "vol", MaskedName: "张*华"}
	scan := kiosk.Credential{Kind: kiosk.CredScan, Value: "card"}

	_, err = db.UnlockDesk(ctx, vol, scan, "0000")
	wantCode(t, err, kiosk.EUNAUTHORIZED, kiosk.MsgErrWrongPIN)
	u, err := db.UnlockDesk(ctx, vol, scan, "2468")
	if err != nil || u.Desk.Volunteer != "vol" || u.Desk.LockAfter != 2*time.Minute || u.OnDuty.ID != "" {
		t.Fatalf("unlock: %+v %v", u, err)
	}
	start := clock.Now()
	if _, err := db.StartShift(ctx, "vol", "sh1"); err != nil {
		t.Fatal(err)
	}
	clock.Advance(2 * time.Hour)
	if s, err := db.EndShift(ctx, "vol", "sh1"); err != nil || !s.End.Equal(clock.Now()) {
		t.Fatalf("end: %+v %v", s, err)
	}
	if _, err := db.StartShift(ctx, "vol", "sh2"); err != nil {
		t.Fatal(err)
	}
	clock.Advance(5 * time.Hour)
	if n, err := db.CapShifts(ctx); n != 0 || err != nil {
		t.Fatalf("cap within 6 h: %d %v", n, err)
	}
	if u, err := db.UnlockDesk(ctx, vol, scan, "2468"); err != nil || u.OnDuty.ID != "sh2" {
		t.Fatalf("on duty: %+v %v", u, err)
	}
	clock.Advance(2 * time.Hour) // 7 h: forgotten
	u, err = db.UnlockDesk(ctx, vol, scan, "2468")
	if err != nil || u.OnDuty.ID != "" || u.Correction.ID != "sh2" || !u.Correction.Capped {
		t.Fatalf("capped at unlock: %+v %v", u, err)
	}
	shStart := start.Add(2 * time.Hour)
	if !u.Correction.End.Equal(shStart.Add(6 * time.Hour)) {
		t.Errorf("capped end %v", u.Correction.End)
	}
	_, err = db.CorrectShift(ctx, "vol", "sh2", shStart.Add(7*time.Hour))
	wantCode(t, err, kiosk.EINVALID, "")
	c, err := db.CorrectShift(ctx, "vol", "sh2", shStart.Add(3*time.Hour))
	if err != nil || !c.End.Equal(shStart.Add(3*time.Hour)) || c.CorrectedAt.IsZero() {
		t.Fatalf("correction: %+v %v", c, err)
	}
	if u, _ := db.UnlockDesk(ctx, vol, scan, "2468"); u.Correction.ID != "" {
		t.Errorf("asked again: %+v", u)
	}
	h, err := db.ShiftHours(ctx, "vol")
	if err != nil || h.Total != 5*time.Hour || h.Week != 5*time.Hour {
		t.Errorf("hours %+v %v, want 5 h", h, err)
	}
	rec, err := db.Records(ctx, "vol", time.Time{})
	if err != nil || len(rec.Shifts) != 2 || !rec.Shifts[0].Capped {
		t.Errorf("records: %+v %v", rec.Shifts, err)
	}
	wantOutbox(t, db, kiosk.KindPINFail, kiosk.KindShiftStart, kiosk.KindShiftEnd, kiosk.KindShiftStart, kiosk.KindShiftCap, kiosk.KindShiftCorrect)
}

// A shift nobody comes back for is capped by the kiosk's tick.
func TestCapShifts(t *testing.T) {
	ctx := context.Background()
	db, clock, _ := openStore(t)
	seed(t, db, kiosk.EntityStudent, kiosk.RosterRow{Key: "vol", MaskedName: "张*华", BuildingID: "b1",
		Roles: []string{kiosk.RoleVolunteer}})
	seed(t, db, kiosk.EntityShift, kiosk.Shift{ID: "other", StudentKey: "vol", Start: clock.Now()})
	clock.Advance(6*time.Hour + time.Second)
	if n, err := db.CapShifts(ctx); n != 1 || err != nil {
		t.Fatalf("capped %d %v", n, err)
	}
	if n, _ := db.CapShifts(ctx); n != 0 {
		t.Errorf("capped twice: %d", n)
	}
	wantOutbox(t, db, kiosk.KindShiftCap)
}

// Help on behalf of a student: the actor Desk.Assist returns goes into
// the entity, the store checks the helper is a volunteer and the outbox
// entry carries assisted_by to central.
func TestAssistedVisit(t *testing.T) {
	ctx := context.Background()
	db, clock, _ := openStore(t)
	seed(t, db, kiosk.EntityStudent, kiosk.RosterRow{Key: "vol", MaskedName: "张*华", BuildingID: "b1",
		Roles: []string{kiosk.RoleVolunteer}})
	d := kiosk.Desk{Volunteer: "vol", LastTouch: clock.Now(), LockAfter: 2 * time.Minute}
	act, err := d.Assist(clock.Now(), "s1", kiosk.IdentNumber, true)
	must(t, err)
	v := visit("v1", act.StudentKey, clock)
	v.AssistedBy = act.AssistedBy
	must(t, db.CheckInVisit(ctx, v))
	ms := wantOutbox(t, db, kiosk.KindVisitCheckin)
	if !strings.Contains(string(ms[0].Payload), `"assisted_by":"vol"`) {
		t.Errorf("payload %s", ms[0].Payload)
	}
	bad := visit("v2", "s1", clock)
	bad.AssistedBy = "s2" // not a volunteer
	wantCode(t, db.CheckInVisit(ctx, bad), kiosk.EFORBIDDEN, kiosk.MsgErrNotVolunteer)
}

// The desk's sync health: what is pending and the oldest, and every
// student's refused actions not yet shown, with whom to tell and why.
func TestDeskSync(t *testing.T) {
	ctx := context.Background()
	db, clock := openServices(t)
	must(t, db.CheckInVisit(ctx, visit("v1", "s1", clock))) // 1
	clock.Advance(time.Minute)
	must(t, db.BookRoom(ctx, booking("b2", "s2", seminar.ID, at(0, 12, 0), 60))) // 2
	must(t, db.CheckInVisit(ctx, visit("v3", "s3", clock)))                      // 3
	answer(t, db, 1, kiosk.OutboxApplied, "", "")
	answer(t, db, 2, kiosk.OutboxRejected, kiosk.EINVALID, kiosk.MsgErrBookingDayLimit)
	ds, err := db.DeskSync(ctx, 10)
	if err != nil || ds.Pending != 1 || !ds.OldestPendingAt.Equal(clock.Now()) {
		t.Fatalf("desk sync %+v %v", ds, err)
	}
	if len(ds.Rejected) != 1 || ds.Rejected[0].EntityID != "b2" || ds.Rejected[0].StudentKey != "s2" ||
		ds.Rejected[0].MessageID != kiosk.MsgErrBookingDayLimit || ds.Rejected[0].MaskedName == "" {
		t.Fatalf("rejected %+v", ds.Rejected)
	}
	must(t, db.AckRejections(ctx, "s2", []int64{2}))
	if ds, _ := db.DeskSync(ctx, 10); len(ds.Rejected) != 0 {
		t.Errorf("shown to the student, still listed: %+v", ds.Rejected)
	}
}

// Queue actions: a volunteer marks an arrived student with the mentor
// or gone, and back; each change goes to central; a booked appointment
// or a helper who is no volunteer is refused.
func TestMarkQueue(t *testing.T) {
	ctx := context.Background()
	db, clock := openServices(t)
	seed(t, db, kiosk.EntityStudent, kiosk.RosterRow{Key: "vol", MaskedName: "张*华", BuildingID: "b1",
		Roles: []string{kiosk.RoleVolunteer}})
	must(t, db.BookAppointment(ctx, appointment("a1", "s1", slotAt(0, 14, 0))))
	_, err := db.MarkQueue(ctx, "vol", "a1", kiosk.QueueWithMentor)
	wantCode(t, err, kiosk.EINVALID, kiosk.MsgErrNotActive)
	clock.Set(at(0, 13, 55))
	must(t, errOf(db.CheckInAppointment(ctx, kiosk.Self("s1"), "a1")))
	_, err = db.MarkQueue(ctx, "s2", "a1", kiosk.QueueWithMentor)
	wantCode(t, err, kiosk.EFORBIDDEN, kiosk.MsgErrNotVolunteer)
	for _, q := range []kiosk.AppointmentQueue{kiosk.QueueWithMentor, kiosk.QueueWithMentor, kiosk.QueueWaiting, kiosk.QueueLeft} {
		a, err := db.MarkQueue(ctx, "vol", "a1", q)
		if err != nil || a.Queue != q || (q != kiosk.QueueWaiting && a.QueueBy != "vol") {
			t.Fatalf("mark %q: %+v %v", q, a, err)
		}
	}
	wantOutbox(t, db, kiosk.KindAppointmentCreate, kiosk.KindAppointmentCheckin,
		kiosk.KindAppointmentQueue, kiosk.KindAppointmentQueue, kiosk.KindAppointmentQueue)
	_, err = db.MarkQueue(ctx, "vol", "a1", "gone")
	wantCode(t, err, kiosk.EINVALID, "")
}

// A queue mark central refused is the volunteer's to hear about, not
// the student's (issue 11): the desk's sync health lists it under the
// volunteer, the student's rejections screen never shows it, their
// appointment stays as central accepted it, and the volunteer's seeing
// it (their own rejections screen) takes it off the desk.
func TestQueueRejectionIsTheVolunteers(t *testing.T) {
	ctx := context.Background()
	db, clock := openServices(t)
	seed(t, db, kiosk.EntityStudent, kiosk.RosterRow{Key: "vol", MaskedName: "欧**娜", BuildingID: "b1",
		Roles: []string{kiosk.RoleVolunteer}})
	must(t, db.BookAppointment(ctx, appointment("a1", "s1", slotAt(0, 14, 0)))) // 1
	clock.Set(at(0, 13, 55))
	must(t, errOf(db.CheckInAppointment(ctx, kiosk.Self("s1"), "a1"))) // 2
	_, err := db.MarkQueue(ctx, "vol", "a1", kiosk.QueueWithMentor)    // 3
	must(t, err)
	answer(t, db, 1, kiosk.OutboxApplied, "", "")
	answer(t, db, 2, kiosk.OutboxApplied, "", "")
	answer(t, db, 3, kiosk.OutboxRejected, kiosk.EFORBIDDEN, kiosk.MsgErrNotVolunteer)

	if rs, err := db.Rejections(ctx, "s1"); err != nil || len(rs) != 0 {
		t.Errorf("the student is shown the volunteer's refused mark: %+v %v", rs, err)
	}
	recs, err := db.Records(ctx, "s1", at(-1, 0, 0))
	must(t, err)
	if len(recs.Appointments) != 1 || recs.Appointments[0].SyncState != kiosk.OutboxApplied {
		t.Errorf("the student's appointment after the volunteer's mark was refused: %+v", recs.Appointments)
	}
	ds, err := db.DeskSync(ctx, 10)
	must(t, err)
	if len(ds.Rejected) != 1 || ds.Rejected[0].Kind != kiosk.KindAppointmentQueue || ds.Rejected[0].StudentKey != "vol" ||
		ds.Rejected[0].MaskedName != "欧**娜" || ds.Rejected[0].MessageID != kiosk.MsgErrNotVolunteer {
		t.Fatalf("desk sync health: %+v", ds.Rejected)
	}
	must(t, db.AckRejections(ctx, "s1", []int64{3}))
	if ds, _ := db.DeskSync(ctx, 10); len(ds.Rejected) != 1 {
		t.Errorf("the student's ack took the volunteer's refusal off the desk: %+v", ds.Rejected)
	}
	rs, err := db.Rejections(ctx, "vol")
	if err != nil || len(rs) != 1 || rs[0].Seq != 3 || rs[0].StudentKey != "vol" {
		t.Fatalf("the volunteer's rejections: %+v %v", rs, err)
	}
	must(t, db.AckRejections(ctx, "vol", []int64{3}))
	if ds, _ := db.DeskSync(ctx, 10); len(ds.Rejected) != 0 {
		t.Errorf("seen by the volunteer, still on the desk: %+v", ds.Rejected)
	}
}
