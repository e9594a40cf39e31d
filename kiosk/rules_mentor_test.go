package kiosk_test

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"onestop/kiosk"
	"onestop/kiosk/kiosktest"
)

func appt(id string, start time.Time, st kiosk.AppointmentStatus, typ kiosk.MentorType) kiosk.Appointment {
	return kiosk.Appointment{ID: id, SlotID: "slot-" + id, MentorType: typ, StudentKey: "s1",
		Start: start, End: start.Add(30 * time.Minute), Status: st}
}

func TestCheckAppointment(t *testing.T) {
	r := kiosk.DefaultSettings().Mentor
	slot := func(start time.Time) kiosk.MentorSlot {
		return kiosk.MentorSlot{ID: "s", MentorID: "m", Start: start, End: start.Add(30 * time.Minute)}
	}
	taken := slot(at(26, 14, 0))
	taken.Taken = true
	for _, tc := range []struct {
		name string
		slot kiosk.MentorSlot
		mine []kiosk.Appointment
		msg  string
	}{
		{"ok", slot(at(26, 14, 0)), nil, ""},
		{"taken", taken, nil, kiosk.MsgErrSlotTaken},
		{"past", slot(at(25, 10, 0)), nil, kiosk.MsgErrBookingPast},
		{"day 14 ok", slot(time.Date(2026, 12, 9, 16, 0, 0, 0, hallZone)), nil, ""},
		{"day 15 refused", slot(time.Date(2026, 12, 10, 9, 0, 0, 0, hallZone)), nil, kiosk.MsgErrAppointmentWindow},
		{"overlap", slot(at(26, 14, 0)), []kiosk.Appointment{appt("x", at(26, 14, 15), kiosk.AppointmentBooked, kiosk.MentorCareer)}, kiosk.MsgErrAppointmentOverlap},
		{"cancelled one doesn't block", slot(at(26, 14, 0)), []kiosk.Appointment{appt("x", at(26, 14, 0), kiosk.AppointmentCancelled, kiosk.MentorCareer)}, ""},
	} {
		err := r.CheckAppointment(now, tc.slot, tc.mine)
		id, _ := kiosk.ErrorMessageID(err)
		if err == nil {
			id = ""
		}
		if id != tc.msg {
			t.Errorf("%s: %v, want %s", tc.name, err, tc.msg)
		}
	}
}

func TestCancelAppointment(t *testing.T) {
	r := kiosk.DefaultSettings().Mentor
	a := appt("a", at(25, 14, 0), kiosk.AppointmentBooked, kiosk.MentorAcademic)
	for _, tc := range []struct {
		now  time.Time
		want kiosk.AppointmentStatus
		msg  string
	}{
		{at(25, 11, 59), kiosk.AppointmentCancelled, ""},
		{at(25, 12, 0), kiosk.AppointmentCancelled, ""}, // exactly 2 h before still frees the slot
		{at(25, 12, 1), kiosk.AppointmentMissed, ""},
		{at(25, 14, 0), "", kiosk.MsgErrCancelTooLate},
	} {
		got, err := r.Cancel(tc.now, a)
		id, _ := kiosk.ErrorMessageID(err)
		if err == nil {
			id = ""
		}
		if got != tc.want || id != tc.msg {
			t.Errorf("%s: %q %v", tc.now.Format("15:04"), got, err)
		}
	}
	a.Status = kiosk.AppointmentCancelled
	if _, err := r.Cancel(at(25, 9, 0), a); kiosk.ErrorCode(err) != kiosk.EINVALID {
		t.Errorf("cancelling twice: %v", err)
	}
	if !r.CancelDeadline(a).Equal(at(25, 12, 0)) {
		t.Error("deadline is 2 h before")
	}
}

func TestAppointmentCheckInAndMissed(t *testing.T) {
	r := kiosk.DefaultSettings().Mentor
	a := appt("a", at(25, 14, 0), kiosk.AppointmentBooked, kiosk.MentorAcademic)
	if tardy, err := r.CheckIn(at(25, 13, 50), a); err != nil || tardy {
		t.Fatalf("early in window: %v %v", tardy, err)
	}
	if tardy, err := r.CheckIn(at(25, 14, 10), a); err != nil || !tardy {
		t.Fatalf("late in window: %v %v", tardy, err)
	}
	if _, err := r.CheckIn(at(25, 13, 40), a); kiosk.ErrorCode(err) != kiosk.EINVALID {
		t.Fatalf("too early: %v", err)
	}
	if r.MissedDue(at(25, 14, 15), a) || !r.MissedDue(at(25, 14, 16), a) {
		t.Fatal("missed once the window closed")
	}
}

func TestAcademicMeetings(t *testing.T) {
	list := []kiosk.Appointment{
		appt("1", at(3, 14, 0), kiosk.AppointmentArrived, kiosk.MentorAcademic),
		appt("2", at(10, 14, 0), kiosk.AppointmentCompleted, kiosk.MentorAcademic),
		appt("3", at(12, 14, 0), kiosk.AppointmentMissed, kiosk.MentorAcademic),
		appt("4", at(20, 14, 0), kiosk.AppointmentArrived, kiosk.MentorCareer),
		appt("5", time.Date(2026, 10, 30, 14, 0, 0, 0, hallZone), kiosk.AppointmentArrived, kiosk.MentorAcademic),
		appt("6", at(27, 14, 0), kiosk.AppointmentBooked, kiosk.MentorAcademic),
	}
	if n := kiosk.DefaultSettings().Mentor.AcademicMeetings(now, list); n != 2 {
		t.Fatalf("meetings this month %d, want 2", n)
	}
	if !kiosk.MentorCounselling.Private() || kiosk.MentorAcademic.Private() {
		t.Fatal("only counselling is private")
	}
}

func TestEventCheckIn(t *testing.T) {
	e := kiosk.Event{Start: at(25, 14, 0), End: at(25, 16, 0)}
	for _, tc := range []struct {
		now   time.Time
		done  bool
		tardy bool
		code  string
	}{
		{at(25, 13, 29), false, false, kiosk.EINVALID},
		{at(25, 13, 30), false, false, ""},
		{at(25, 15, 0), false, true, ""},
		{at(25, 16, 1), false, false, kiosk.EINVALID},
		{at(25, 15, 0), true, false, kiosk.ECONFLICT},
	} {
		tardy, err := kiosk.EventCheckIn(tc.now, e, 30*time.Minute, tc.done)
		if tardy != tc.tardy || kiosk.ErrorCode(err) != tc.code {
			t.Errorf("%s done=%v: %v %v", tc.now.Format("15:04"), tc.done, tardy, err)
		}
	}
}

func TestRequestLifecycle(t *testing.T) {
	s := kiosk.DefaultSettings()
	clock := kiosktest.NewClock(now)
	ids := kiosk.IDSource{R: bytes.NewReader(bytes.Repeat([]byte{7, 42, 99, 3}, 64))}
	st := &kiosk.Student{Key: "s1", BuildingID: "b1", Floor: 3}
	draft := kiosk.Request{Category: kiosk.CategorySafety, BuildingID: "b1", Floor: 3,
		Presets: []string{"safety.electrical"}, Contact: kiosk.ContactKiosk}
	r, err := kiosk.NewRequest(ids, clock, s, st, "hall", draft)
	if err != nil {
		t.Fatal(err)
	}
	if !r.DueAt.Equal(now.Add(2*time.Hour)) || r.Status != kiosk.RequestSubmitted || !strings.HasPrefix(r.Ticket, "R1125-") {
		t.Fatalf("request %+v", r)
	}
	if len(r.Token) < 32 { // 160 bits in base32
		t.Fatalf("token %q too short", r.Token)
	}
	if r.Overdue(now.Add(2*time.Hour)) || !r.Overdue(now.Add(2*time.Hour+time.Second)) {
		t.Fatal("overdue after the deadline only")
	}
	if err := r.Rate(now, s.SLA, kiosk.OutcomeSolved, 5); kiosk.ErrorCode(err) != kiosk.EINVALID {
		t.Fatal("cannot rate before resolved")
	}
	r.Status = kiosk.RequestResolved
	if r.Overdue(now.Add(100 * time.Hour)) {
		t.Fatal("a resolved request is not overdue")
	}
	if err := r.Rate(now, s.SLA, kiosk.OutcomeSolved, 6); kiosk.ErrorCode(err) != kiosk.EINVALID {
		t.Fatal("6 stars")
	}
	later := now.Add(5 * time.Hour)
	if err := r.Rate(later, s.SLA, kiosk.OutcomeNotSolved, 2); err != nil || r.Status != kiosk.RequestReopened || !r.DueAt.Equal(later.Add(2*time.Hour)) {
		t.Fatalf("not solved must reopen with a new deadline: %+v %v", r, err)
	}
	r.Status = kiosk.RequestResolved
	if err := r.Rate(later, s.SLA, kiosk.OutcomePartly, 3); err != nil || r.Status != kiosk.RequestClosed || r.Rating != 3 {
		t.Fatalf("partly solved closes: %+v %v", r, err)
	}
}

func TestRequestValidate(t *testing.T) {
	s := kiosk.DefaultSettings()
	clock := kiosktest.NewClock(now)
	st := &kiosk.Student{Key: "s1"}
	base := kiosk.Request{Category: kiosk.CategoryRepair, BuildingID: "b1", Floor: 2, Presets: []string{"repair.light"}, Contact: kiosk.ContactSMS}
	for _, tc := range []struct {
		name string
		mod  func(*kiosk.Request)
		msg  string
	}{
		{"ok", func(*kiosk.Request) {}, ""},
		{"category", func(r *kiosk.Request) { r.Category = "ufo" }, kiosk.MsgErrRequestCategory},
		{"no preset", func(r *kiosk.Request) { r.Presets = nil }, kiosk.MsgErrRequestPresets},
		{"preset of another category", func(r *kiosk.Request) { r.Presets = []string{"safety.stranger"} }, kiosk.MsgErrRequestPresets},
		{"place", func(r *kiosk.Request) { r.BuildingID = "" }, kiosk.MsgErrRequestPlace},
		{"contact", func(r *kiosk.Request) { r.Contact = "pigeon" }, kiosk.MsgErrRequestContact},
	} {
		d := base
		tc.mod(&d)
		r, err := kiosk.NewRequest(kiosk.IDSource{}, clock, s, st, "hall", d)
		id, _ := kiosk.ErrorMessageID(err)
		if err == nil {
			id = ""
		}
		if id != tc.msg {
			t.Errorf("%s: %v", tc.name, err)
		}
		if err == nil && !r.DueAt.Equal(now.Add(24*time.Hour)) {
			t.Errorf("repair SLA is 24 h, due %v", r.DueAt)
		}
	}
	if _, err := kiosk.NewRequest(kiosk.IDSource{}, clock, s, nil, "hall", base); kiosk.ErrorCode(err) != kiosk.EUNAUTHORIZED {
		t.Error("needs a student")
	}
}

func TestEveryCategoryHasPresetsAndSLA(t *testing.T) {
	s := kiosk.DefaultSettings()
	for _, c := range kiosk.RequestCategories {
		if len(kiosk.RequestPresets[c]) == 0 || s.SLA.For(c) <= 0 {
			t.Errorf("%s: presets %v sla %v", c, kiosk.RequestPresets[c], s.SLA.For(c))
		}
	}
	if s.SLA.For(kiosk.CategorySafety) >= s.SLA.For(kiosk.CategoryRepair) {
		t.Error("safety has the shortest SLA")
	}
}

func TestRoomAndMentorSettings(t *testing.T) {
	s := kiosk.ParseSettings(map[string]string{
		"room.max_per_day":             "3",
		"room.max_hours_week":          "10",
		"room.checkin_after_minutes":   "10",
		"mentor.cancel_before_minutes": "60",
		"request.sla.safety_hours":     "1",
		"room.window_days":             "-1", // out of range keeps the default
		kiosk.SettingTermStart:         "2026-09-07",
		kiosk.SettingPublicURL:         "https://hall.example.edu.cn/",
	})
	if s.Room.MaxPerDay != 3 || s.Room.MaxPerWeek != 10*time.Hour || s.Room.CheckInAfter != 10*time.Minute ||
		s.Mentor.CancelBefore != time.Hour || s.SLA.Safety != time.Hour || s.Room.WindowDays != 7 {
		t.Fatalf("parsed %+v", s)
	}
	if s.PublicURL != "https://hall.example.edu.cn" || !s.TermStartAt(now).Equal(time.Date(2026, 9, 7, 0, 0, 0, 0, hallZone)) {
		t.Fatalf("url %q term %v", s.PublicURL, s.TermStartAt(now))
	}
	d := kiosk.DefaultSettings()
	for _, tc := range []struct{ now, want time.Time }{
		{time.Date(2026, 3, 1, 0, 0, 0, 0, hallZone), time.Date(2026, 2, 15, 0, 0, 0, 0, hallZone)},
		{time.Date(2026, 1, 10, 0, 0, 0, 0, hallZone), time.Date(2025, 9, 1, 0, 0, 0, 0, hallZone)},
		{now, time.Date(2026, 9, 1, 0, 0, 0, 0, hallZone)},
	} {
		if got := d.TermStartAt(tc.now); !got.Equal(tc.want) {
			t.Errorf("term at %v: %v, want %v", tc.now, got, tc.want)
		}
	}
}
