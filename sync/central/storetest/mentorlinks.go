package storetest

import (
	"testing"
	"time"

	"onestop/kiosk"
	"onestop/sync/central"
	"onestop/sync/wire"
)

// A mentor has at most one working link: a new one revokes the old, a
// revoked one finds nothing, and only hashes are kept.
func testMentorLinks(t *testing.T, fresh Fresh) {
	f := NewFixture(t, fresh)
	if _, err := f.S.CreateMentorLink(f.Ctx, "no-such-mentor", Hash("x")); kiosk.ErrorCode(err) != kiosk.ENOTFOUND {
		t.Fatalf("link for an unknown mentor: %v", err)
	}
	l, err := f.S.CreateMentorLink(f.Ctx, MentorA, Hash("link-1"))
	f.Must(err)
	if l.HallID != HallA || l.Mentor.ID != MentorA || !l.CreatedAt.Equal(Start) {
		t.Fatalf("created %+v", l)
	}
	got, err := f.S.MentorByLink(f.Ctx, Hash("link-1"))
	f.Must(err)
	if got.Mentor.Name.Zh != "王老师" || got.HallID != HallA || !got.Active() {
		t.Fatalf("by link %+v", got)
	}
	if _, err := f.S.MentorByLink(f.Ctx, "link-1"); kiosk.ErrorCode(err) != kiosk.ENOTFOUND {
		t.Fatalf("the plain token must not be what is stored: %v", err)
	}
	f.Clock.Advance(time.Hour)
	if _, err := f.S.CreateMentorLink(f.Ctx, MentorA, Hash("link-2")); err != nil {
		t.Fatal(err)
	}
	if _, err := f.S.MentorByLink(f.Ctx, Hash("link-1")); kiosk.ErrorCode(err) != kiosk.ENOTFOUND {
		t.Fatalf("the old link still works after a new one: %v", err)
	}
	ls, err := f.S.MentorLinks(f.Ctx, HallA)
	f.Must(err)
	if len(ls) != 1 || !ls[0].Active() || !ls[0].CreatedAt.Equal(Start.Add(time.Hour)) {
		t.Fatalf("links %+v", ls)
	}
	if ls, err := f.S.MentorLinks(f.Ctx, HallB); err != nil || len(ls) != 0 {
		t.Fatalf("hall B's links %+v %v", ls, err)
	}
	f.Must(f.S.RevokeMentorLink(f.Ctx, MentorA))
	if _, err := f.S.MentorByLink(f.Ctx, Hash("link-2")); kiosk.ErrorCode(err) != kiosk.ENOTFOUND {
		t.Fatalf("a revoked link still works: %v", err)
	}
	f.Must(f.S.RevokeMentorLink(f.Ctx, MentorA)) // nothing to revoke is no error
	if ls, _ := f.S.MentorLinks(f.Ctx, HallA); len(ls) != 1 || ls[0].Active() {
		t.Fatalf("after revoking %+v", ls)
	}
	if err := f.S.RevokeMentorLink(f.Ctx, "no-such-mentor"); kiosk.ErrorCode(err) != kiosk.ENOTFOUND {
		t.Fatalf("revoke for an unknown mentor: %v", err)
	}
}

// A mentor's appointments of a range come in their current state, by
// start, with the student's masked name, imported ones too.
func testMentorAppointments(t *testing.T, fresh Fresh) {
	f := NewFixture(t, fresh)
	f.Must(f.S.PutMentor(f.Ctx, HallA, kiosk.Mentor{ID: "mentor-2", Name: kiosk.LocalName{Zh: "李老师"}, Type: kiosk.MentorCareer}))
	for _, s := range []kiosk.MentorSlot{
		{ID: "s-early", MentorID: MentorA, Start: f.At(1, 8, 30), End: f.At(1, 9, 0)},
		{ID: "s-next-day", MentorID: MentorA, Start: f.At(2, 10, 0), End: f.At(2, 10, 30)},
		{ID: "s-other", MentorID: "mentor-2", Start: f.At(1, 11, 0), End: f.At(1, 11, 30)},
	} {
		f.Must(f.S.PutMentorSlot(f.Ctx, s))
	}
	for _, a := range []struct{ id, slot, student string }{
		{"a-late", SlotA, Alice}, {"a-early", "s-early", Bob}, {"a-next", "s-next-day", Alice}, {"a-other", "s-other", Bob},
	} {
		WantStatus(t, f.Push(f.K1, kiosk.KindAppointmentCreate, a.id, kiosk.Appointment{ID: a.id, SlotID: a.slot, StudentKey: a.student}), wire.StatusApplied, "")
	}
	f.Must(f.S.ImportHistory(f.Ctx, HallA, central.History{Appointments: []kiosk.Appointment{{
		ID: "a-imported", SlotID: "slot-gone", MentorID: MentorA, MentorType: kiosk.MentorAcademic, StudentKey: Alice,
		Start: f.At(1, 15, 0), End: f.At(1, 15, 30), Status: kiosk.AppointmentCompleted, CreatedAt: Start,
	}}}))
	day := func() []central.MentorAppointment {
		t.Helper()
		as, err := f.S.MentorAppointments(f.Ctx, MentorA, f.At(1, 0, 0), f.At(2, 0, 0))
		f.Must(err)
		return as
	}
	as := day()
	if len(as) != 3 || as[0].ID != "a-early" || as[1].ID != "a-late" || as[2].ID != "a-imported" {
		t.Fatalf("day %+v", as)
	}
	if as[0].StudentName != "李*" || as[1].StudentName != "张*华" || as[1].Status != kiosk.AppointmentBooked {
		t.Fatalf("day %+v", as)
	}
	f.Clock.Set(f.At(1, 9, 55))
	WantStatus(t, f.Push(f.K2, kiosk.KindAppointmentCheckin, "a-late", Action("a-late", Alice)), wire.StatusApplied, "")
	as = day()
	if as[1].Status != kiosk.AppointmentArrived || !as[1].ArrivedAt.Equal(f.At(1, 9, 55)) {
		t.Fatalf("after the check-in %+v", as[1])
	}
	if _, err := f.S.MentorAppointments(f.Ctx, MentorA, time.Time{}, f.At(2, 0, 0)); kiosk.ErrorCode(err) != kiosk.EINVALID {
		t.Fatalf("a zero time: %v", err)
	}
}
