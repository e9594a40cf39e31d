package store_test

import (
	"bytes"
	"context"
	"testing"
	"time"

	"onestop/kiosk"
	"onestop/kiosk/kiosktest"
	"onestop/kiosk/store"
)

// otherBooking is a booking another kiosk made, as central sends it.
func otherBooking(id, student string, start time.Time) kiosk.Booking {
	return kiosk.Booking{ID: id, RoomID: seminar.ID, StudentKey: student, Start: start, End: start.Add(time.Hour),
		Status: kiosk.BookingBooked, CreatedAt: t0}
}

// fixturePage is a page with one change of every entity, cursor "c1".
func fixturePage(t *testing.T, clock *kiosktest.Clock) kiosk.ChangePage {
	renamed := seminar
	renamed.Name.Zh = "研讨室 201（新）"
	ann := kiosk.Announcement{ID: "ann-1", Title: kiosk.LocalName{Zh: "通知"}, StartsAt: t0.Add(-time.Hour), Priority: 2}
	slot := slotAt(1, 14, 0)
	appt := kiosk.Appointment{ID: "a-central", SlotID: slot.ID, MentorID: academic.ID, MentorType: kiosk.MentorAcademic,
		StudentKey: numberKey("20240001"), Start: slot.Start, End: slot.End, Status: kiosk.AppointmentBooked, CreatedAt: t0}
	req := *newRequest(t, clock, numberKey("20240001"), 7)
	req.Status, req.Notes = kiosk.RequestAccepted, []kiosk.RequestNote{{At: t0, Status: kiosk.RequestAccepted, Text: "收到"}}
	att := kiosk.Attendance{ID: "att-1", EventID: fair.ID, StudentKey: numberKey("20240001"), At: at(0, 10, 5)}
	vis := kiosk.Visit{ID: "v-central", StudentKey: numberKey("20240001"), HallID: "hall-1", Purpose: kiosk.PurposeStudy, At: t0.Add(-time.Hour)}
	shift := kiosk.Shift{ID: "sh-1", StudentKey: numberKey("20240002"), Start: t0.Add(-3 * time.Hour), End: t0.Add(-time.Hour)}
	return kiosk.ChangePage{Cursor: "c1", Changes: []kiosk.Change{
		centralSettings(t, testSalt, map[string]string{kiosk.SettingIdleTimeout: "90"}),
		upsert(t, kiosk.EntityBuilding, "b1", kiosk.Building{ID: "b1", Name: kiosk.LocalName{Zh: "明德楼"}, Floors: 12}),
		upsert(t, kiosk.EntityRoom, renamed.ID, renamed),
		upsert(t, kiosk.EntityAnnouncement, ann.ID, ann),
		student(t, rosterRow("20240001", "CARD-1", "张*华")),
		student(t, rosterRow("20240002", "", "李*", kiosk.RoleStudent, kiosk.RoleVolunteer)),
		upsert(t, kiosk.EntityBooking, "b-central", otherBooking("b-central", numberKey("20240002"), at(0, 10, 0))),
		upsert(t, kiosk.EntityAppointment, appt.ID, appt),
		upsert(t, kiosk.EntityRequest, req.ID, req),
		upsert(t, kiosk.EntityAttendance, att.ID, att),
		upsert(t, kiosk.EntityVisit, vis.ID, vis),
		upsert(t, kiosk.EntityShift, shift.ID, shift),
	}}
}

func TestApplyChangesUpserts(t *testing.T) {
	ctx := context.Background()
	db, clock := openServices(t)
	page := fixturePage(t, clock)
	stats, err := db.ApplyChanges(ctx, page)
	if err != nil || stats.Applied != len(page.Changes) || len(stats.Skipped) > 0 {
		t.Fatalf("ApplyChanges = %+v, %v", stats, err)
	}
	s, _ := db.Settings(ctx)
	if s.IdleTimeout != 90*time.Second || s.HallID != "hall-1" {
		t.Errorf("settings %+v", s)
	}
	st, err := db.Identify(ctx, kiosk.Credential{Kind: kiosk.CredScan, Value: "CARD-1"})
	if err != nil || st.Key != numberKey("20240001") || st.MaskedName != "张*华" || st.BuildingName.Zh != "明德楼" {
		t.Fatalf("Identify by card = %+v, %v", st, err)
	}
	if st, err := db.Identify(ctx, kiosk.Credential{Kind: kiosk.CredNumber, Value: "20240002"}); err != nil || !st.HasRole(kiosk.RoleVolunteer) {
		t.Fatalf("Identify by number = %+v, %v", st, err)
	}
	if rs, _ := db.Rooms(ctx, kiosk.RoomSeminar); rs[0].Name.Zh != "研讨室 201（新）" {
		t.Errorf("room not renamed: %+v", rs[0])
	}
	if as, _ := db.Announcements(ctx, clock.Now()); len(as) != 1 || as[0].ID != "ann-1" {
		t.Errorf("announcements %+v", as)
	}
	if bs, _ := db.BookingsBetween(ctx, at(0, 0, 0), at(1, 0, 0)); len(bs) != 1 || bs[0].SyncState != kiosk.OutboxApplied {
		t.Errorf("bookings %+v", bs)
	}
	slot := slotAt(1, 14, 0)
	if sl, _ := db.MentorSlots(ctx, academic.ID, slot.Start, slot.End); len(sl) != 1 || !sl[0].Taken {
		t.Errorf("central's appointment does not take its slot: %+v", sl)
	}
	rec, err := db.Records(ctx, numberKey("20240001"), time.Time{})
	if err != nil || len(rec.Visits) != 1 || len(rec.Attendance) != 1 || len(rec.Requests) != 1 ||
		len(rec.Appointments) != 1 || len(rec.Requests[0].Notes) != 1 {
		t.Fatalf("records %+v, %v", rec, err)
	}
	if rec, _ := db.Records(ctx, numberKey("20240002"), time.Time{}); rec.VolunteerHours != 2 {
		t.Errorf("volunteer hours %v", rec.VolunteerHours)
	}
	if c, _ := db.SyncCursor(ctx); c != "c1" {
		t.Errorf("cursor %q", c)
	}
	if h, _ := db.SyncHealth(ctx); !h.LastPullAt.Equal(clock.Now()) {
		t.Errorf("last pull %v", h.LastPullAt)
	}
}

func TestApplyChangesDeletes(t *testing.T) {
	ctx := context.Background()
	db, clock := openServices(t)
	_, err := db.ApplyChanges(ctx, fixturePage(t, clock))
	must(t, err)
	clock.Advance(time.Minute)
	_, err = db.ApplyChanges(ctx, kiosk.ChangePage{Cursor: "c2", Changes: []kiosk.Change{
		centralSettings(t, testSalt, nil), // idle timeout dropped: default again
		del(kiosk.EntityRoom, closedRoom.ID),
		del(kiosk.EntityAnnouncement, "ann-1"),
		del(kiosk.EntityStudent, numberKey("20240002")),
		del(kiosk.EntityBooking, "b-central"),
		del(kiosk.EntityShift, "sh-1"),
	}})
	must(t, err)
	if s, _ := db.Settings(ctx); s.IdleTimeout != kiosk.DefaultSettings().IdleTimeout {
		t.Errorf("dropped setting kept: %v", s.IdleTimeout)
	}
	if rs, _ := db.Rooms(ctx, ""); len(rs) != 2 {
		t.Errorf("rooms after delete %+v", rs)
	}
	if _, err := db.Identify(ctx, kiosk.Credential{Kind: kiosk.CredNumber, Value: "20240002"}); kiosk.ErrorCode(err) != kiosk.ENOTFOUND {
		t.Errorf("deleted student still identifies: %v", err)
	}
	if bs, _ := db.BookingsBetween(ctx, at(0, 0, 0), at(1, 0, 0)); len(bs) != 0 {
		t.Errorf("deleted booking kept %+v", bs)
	}
	if as, _ := db.Announcements(ctx, clock.Now()); len(as) != 0 {
		t.Errorf("deleted announcement kept %+v", as)
	}
	if rec, _ := db.Records(ctx, numberKey("20240002"), time.Time{}); len(rec.Shifts) != 0 {
		t.Errorf("deleted shift kept %+v", rec.Shifts)
	}
	if h, _ := db.SyncHealth(ctx); !h.LastPullAt.Equal(clock.Now()) {
		t.Errorf("last pull %v", h.LastPullAt)
	}
}

// TestApplyChangesResetKeepsOwnRows: a snapshot replaces central's
// copies but never what the kiosk still has to push or to show.
func TestApplyChangesResetKeepsOwnRows(t *testing.T) {
	ctx := context.Background()
	db, _ := openServices(t)
	_, err := db.ApplyChanges(ctx, kiosk.ChangePage{Cursor: "c1", Changes: []kiosk.Change{
		student(t, rosterRow("20240001", "", "张*华")),
		upsert(t, kiosk.EntityBooking, "b-central", otherBooking("b-central", "s9", at(0, 16, 0))),
	}})
	must(t, err)
	must(t, db.BookRoom(ctx, booking("b-own", "s1", seminar.ID, at(0, 10, 0), 60)))            // 1: pending
	must(t, db.BookAppointment(ctx, appointment("a-lost", "s1", slotAt(0, 14, 0))))            // 2: refused below
	must(t, db.RecordPushResults(ctx, []kiosk.PushResult{{Seq: 2, State: kiosk.OutboxConflict, // answered
		Code: kiosk.ECONFLICT, MessageID: kiosk.MsgErrSlotTaken}}))

	stats, err := db.ApplyChanges(ctx, kiosk.ChangePage{Cursor: "s1", Reset: true, Changes: []kiosk.Change{
		centralSettings(t, testSalt, nil),
		upsert(t, kiosk.EntityRoom, study.ID, study),
		student(t, rosterRow("20240003", "", "王*远")),
	}})
	if err != nil || stats.Applied != 3 {
		t.Fatalf("reset = %+v, %v", stats, err)
	}
	if rs, _ := db.Rooms(ctx, ""); len(rs) != 1 || rs[0].ID != study.ID {
		t.Errorf("rooms after reset %+v", rs)
	}
	if ms, _ := db.Mentors(ctx, ""); len(ms) != 0 {
		t.Errorf("mentors after reset %+v", ms)
	}
	if n, _ := db.RosterCount(ctx); n != 1 {
		t.Errorf("roster after reset has %d students", n)
	}
	bs, _ := db.BookingsBetween(ctx, at(0, 0, 0), at(1, 0, 0))
	if len(bs) != 1 || bs[0].ID != "b-own" || bs[0].SyncState != kiosk.OutboxPending {
		t.Errorf("bookings after reset %+v: want only the pending own one", bs)
	}
	if rj, _ := db.Rejections(ctx, "s1"); len(rj) != 1 || rj[0].EntityID != "a-lost" {
		t.Errorf("the refusal must survive a reset: %+v", rj)
	}
	if st, _ := db.SyncStatus(ctx); st.Pending != 1 {
		t.Errorf("pending %d", st.Pending)
	}
}

func TestApplyChangesSkipsWhatCannotBeStored(t *testing.T) {
	ctx := context.Background()
	db, _ := openServices(t)
	bad := study
	bad.Closes = bad.Opens - 60
	mismatched := otherBooking("b-1", "s1", at(0, 10, 0))
	stats, err := db.ApplyChanges(ctx, kiosk.ChangePage{Cursor: "c1", Changes: []kiosk.Change{
		{Entity: "volunteer", ID: "x", Data: []byte(`{}`)},
		{Entity: kiosk.EntityRoom, ID: "r-x", Data: []byte(`{"id": "r-x", "capacity": "many"}`)},
		upsert(t, kiosk.EntityRoom, bad.ID, bad),
		upsert(t, kiosk.EntityBooking, "b-2", mismatched),
		upsert(t, kiosk.EntityMentor, "", academic),
		upsert(t, kiosk.EntityRoom, seminar.ID, seminar),
	}})
	if err != nil || stats.Applied != 1 || len(stats.Skipped) != 5 {
		t.Fatalf("ApplyChanges = %+v, %v", stats, err)
	}
	if c, _ := db.SyncCursor(ctx); c != "c1" {
		t.Errorf("cursor %q: skipped changes must not stall the feed", c)
	}
}

// TestApplyChangesRosterSalt: a new campus salt empties the roster keyed
// under the old one; the same salt again keeps it.
func TestApplyChangesRosterSalt(t *testing.T) {
	ctx := context.Background()
	db, _, _ := openBare(t)
	_, err := db.ApplyChanges(ctx, kiosk.ChangePage{Cursor: "c1", Changes: []kiosk.Change{
		centralSettings(t, testSalt, nil),
		student(t, rosterRow("20240001", "", "张*华")),
	}})
	must(t, err)
	_, err = db.ApplyChanges(ctx, kiosk.ChangePage{Cursor: "c2", Changes: []kiosk.Change{centralSettings(t, testSalt, nil)}})
	must(t, err)
	if n, _ := db.RosterCount(ctx); n != 1 {
		t.Fatalf("same salt emptied the roster: %d", n)
	}
	salt2 := bytes.Repeat([]byte{0x33}, 32)
	key2 := kiosk.HashIdentifier(salt2, kiosk.HashStudentNumber, "20240009")
	_, err = db.ApplyChanges(ctx, kiosk.ChangePage{Cursor: "c3", Changes: []kiosk.Change{
		centralSettings(t, salt2, nil),
		student(t, kiosk.RosterRow{Key: key2, MaskedName: "陈*", BuildingID: "b1", Roles: []string{kiosk.RoleStudent}}),
	}})
	must(t, err)
	if got, _ := store.RosterSalt(ctx, db); !bytes.Equal(got, salt2) {
		t.Fatal("salt not taken")
	}
	if n, _ := db.RosterCount(ctx); n != 1 {
		t.Errorf("roster has %d students, want only the one keyed with the new salt", n)
	}
	if st, err := db.Identify(ctx, kiosk.Credential{Kind: kiosk.CredNumber, Value: "20240009"}); err != nil || st.Key != key2 {
		t.Errorf("Identify under the new salt = %+v, %v", st, err)
	}
	_, err = db.ApplyChanges(ctx, kiosk.ChangePage{Cursor: "c4", Changes: []kiosk.Change{centralSettings(t, []byte("short"), nil)}})
	must(t, err)
	if got, _ := store.RosterSalt(ctx, db); !bytes.Equal(got, salt2) {
		t.Error("a malformed salt was taken")
	}
}

// TestApplyChangesBlockedByPending: central's appointment for a slot
// this kiosk holds pending fails the whole page, cursor included, until
// the push answered the local one.
func TestApplyChangesBlockedByPending(t *testing.T) {
	ctx := context.Background()
	db, _ := openServices(t)
	slot := slotAt(1, 15, 0)
	must(t, db.BookAppointment(ctx, appointment("a-mine", "s1", slot))) // seq 1
	theirs := kiosk.Appointment{ID: "a-theirs", SlotID: slot.ID, MentorID: academic.ID, MentorType: kiosk.MentorAcademic,
		StudentKey: "s2", Start: slot.Start, End: slot.End, Status: kiosk.AppointmentBooked, CreatedAt: t0}
	renamed := seminar
	renamed.Name.En = "Renamed"
	page := kiosk.ChangePage{Cursor: "c1", Changes: []kiosk.Change{
		upsert(t, kiosk.EntityRoom, renamed.ID, renamed),
		upsert(t, kiosk.EntityAppointment, theirs.ID, theirs),
	}}
	_, err := db.ApplyChanges(ctx, page)
	wantCode(t, err, kiosk.ECONFLICT, "")
	if c, _ := db.SyncCursor(ctx); c != "" {
		t.Fatalf("cursor %q moved on a failed page", c)
	}
	if rs, _ := db.Rooms(ctx, kiosk.RoomSeminar); rs[0].Name.En == "Renamed" {
		t.Fatal("half a page was applied")
	}
	must(t, db.RecordPushResults(ctx, []kiosk.PushResult{{Seq: 1, State: kiosk.OutboxConflict, Code: kiosk.ECONFLICT, MessageID: kiosk.MsgErrSlotTaken}}))
	if _, err := db.ApplyChanges(ctx, page); err != nil {
		t.Fatal(err)
	}
	as, _ := db.AppointmentsBetween(ctx, slot.Start, slot.End)
	if len(as) != 2 || as[0].ID != "a-mine" || as[0].Status != kiosk.AppointmentCancelled || as[1].Status != kiosk.AppointmentBooked {
		t.Fatalf("appointments %+v", as)
	}

	// An applied copy holding the slot is stale: central moved on, and its
	// own change follows.
	slot2 := slotAt(2, 15, 0)
	first := theirs
	first.ID, first.SlotID, first.Start, first.End = "a-first", slot2.ID, slot2.Start, slot2.End
	second := first
	second.ID, second.StudentKey = "a-second", "s3"
	_, err = db.ApplyChanges(ctx, kiosk.ChangePage{Cursor: "c2", Changes: []kiosk.Change{
		upsert(t, kiosk.EntityAppointment, first.ID, first),
		upsert(t, kiosk.EntityAppointment, second.ID, second),
	}})
	must(t, err)
	as, _ = db.AppointmentsBetween(ctx, slot2.Start, slot2.End)
	if len(as) != 2 || as[0].Status != kiosk.AppointmentCancelled || as[1].ID != "a-second" || as[1].Status != kiosk.AppointmentBooked {
		t.Fatalf("stale holder: %+v", as)
	}
}
