package storetest

import (
	"slices"
	"testing"
	"time"

	"onestop/kiosk"
	"onestop/sync/central"
	"onestop/sync/wire"
)

// testDeskShifts: issue 11's shift cap and correction, applied by
// central with its own clock and the hall's desk.shift_cap_hours.
func testDeskShifts(t *testing.T, fresh Fresh) {
	f := NewFixture(t, fresh)
	f.Must(f.S.SetSettings(f.Ctx, HallA, map[string]string{kiosk.SettingShiftCap: "4"}))
	start := f.Clock.Now()
	WantStatus(t, f.Push(f.K1, wire.KindShiftStart, "s1", kiosk.Shift{ID: "s1", StudentKey: Alice, Start: start}), wire.StatusApplied, "")
	f.Clock.Advance(3 * time.Hour)
	WantStatus(t, f.Push(f.K1, wire.KindShiftCap, "s1", kiosk.Shift{ID: "s1"}), wire.StatusRejected, kiosk.EINVALID)
	f.Clock.Advance(2 * time.Hour)
	// Kiosk B caps it, claiming a later end: central's cap decides.
	r := f.Push(f.K2, wire.KindShiftCap, "s1", kiosk.Shift{ID: "s1", End: f.Clock.Now()})
	WantStatus(t, r, wire.StatusApplied, "")
	if s := Decode[kiosk.Shift](t, r.Entity); !s.Capped || !s.End.Equal(start.Add(4*time.Hour)) {
		t.Fatalf("capped shift %+v", s)
	}
	// Kiosk A caps it too, from an older copy: the same answer.
	r = f.Push(f.K1, wire.KindShiftCap, "s1", kiosk.Shift{ID: "s1"})
	if s := Decode[kiosk.Shift](t, r.Entity); r.Status != wire.StatusApplied || !s.End.Equal(start.Add(4*time.Hour)) {
		t.Fatalf("second cap %+v", r)
	}
	for _, tc := range []struct {
		name    string
		student string
		end     time.Time
		status  string
	}{
		{"after the cap", Alice, start.Add(4*time.Hour + time.Minute), wire.StatusRejected},
		{"at the start", Alice, start, wire.StatusRejected},
		{"another student", Bob, start.Add(time.Hour), wire.StatusRejected},
	} {
		if r := f.Push(f.K1, wire.KindShiftCorrect, "s1", kiosk.Shift{ID: "s1", StudentKey: tc.student, End: tc.end}); r.Status != tc.status {
			t.Errorf("correction %s: %+v", tc.name, r)
		}
	}
	left := start.Add(150 * time.Minute)
	r = f.Push(f.K1, wire.KindShiftCorrect, "s1", kiosk.Shift{ID: "s1", StudentKey: Alice, End: left})
	WantStatus(t, r, wire.StatusApplied, "")
	if s := Decode[kiosk.Shift](t, r.Entity); !s.End.Equal(left) || !s.Capped || !s.CorrectedAt.Equal(f.Clock.Now()) {
		t.Fatalf("corrected shift %+v", s)
	}
	WantStatus(t, f.Push(f.K2, wire.KindShiftCorrect, "s1", kiosk.Shift{ID: "s1", StudentKey: Alice, End: left.Add(time.Minute)}), wire.StatusRejected, kiosk.EINVALID)
	// A shift never capped takes no correction.
	WantStatus(t, f.Push(f.K1, wire.KindShiftStart, "s2", kiosk.Shift{ID: "s2", StudentKey: Alice, Start: f.Clock.Now()}), wire.StatusApplied, "")
	WantStatus(t, f.Push(f.K1, wire.KindShiftCorrect, "s2", kiosk.Shift{ID: "s2", StudentKey: Alice, End: f.Clock.Now()}), wire.StatusRejected, kiosk.EINVALID)
}

// testDeskAssisted: a request a volunteer submitted for a student keeps
// the volunteer as AssistedBy, and the board filters on it; a helper who
// is not a volunteer is refused.
func testDeskAssisted(t *testing.T, fresh Fresh) {
	f := NewFixture(t, fresh)
	own := Request("own", Bob)
	WantStatus(t, f.Push(f.K1, kiosk.KindRequestCreate, "own", own), wire.StatusApplied, "")
	helped := Request("helped", Bob)
	helped.AssistedBy = Alice
	r := f.Push(f.K1, kiosk.KindRequestCreate, "helped", helped)
	if got := Decode[kiosk.Request](t, r.Entity); r.Status != wire.StatusApplied || got.AssistedBy != Alice {
		t.Fatalf("assisted request %+v", r)
	}
	bad := Request("bad", Alice)
	bad.AssistedBy = Bob // not a volunteer
	WantStatus(t, f.Push(f.K1, kiosk.KindRequestCreate, "bad", bad), wire.StatusRejected, kiosk.EFORBIDDEN)
	for _, tc := range []struct {
		assisted string
		want     []string
	}{
		{central.BoardAssisted, []string{"helped"}},
		{central.BoardUnassisted, []string{"own"}},
		{"", []string{"own", "helped"}},
	} {
		p, err := f.S.BoardRequests(f.Ctx, central.BoardQuery{HallID: HallA, Assisted: tc.assisted})
		f.Must(err)
		var ids []string
		for _, req := range p.Requests {
			ids = append(ids, req.ID)
		}
		if !slices.Equal(ids, tc.want) && !(tc.assisted == "" && len(ids) == 2) {
			t.Errorf("assisted %q: %v, want %v", tc.assisted, ids, tc.want)
		}
	}
}

// testDeskQueue: the desk's queue mark on an arrived appointment is
// applied at central and reaches the mentor's day; it is reversible;
// a booked appointment or a helper who is no volunteer is refused.
func testDeskQueue(t *testing.T, fresh Fresh) {
	f := NewFixture(t, fresh)
	WantStatus(t, f.Push(f.K1, kiosk.KindAppointmentCreate, "a1", kiosk.Appointment{ID: "a1", SlotID: SlotA, StudentKey: Bob}), wire.StatusApplied, "")
	mark := func(by string, q kiosk.AppointmentQueue) central.Result {
		return f.Push(f.K1, kiosk.KindAppointmentQueue, "a1", kiosk.Appointment{ID: "a1", StudentKey: Bob, Queue: q, QueueBy: by})
	}
	WantStatus(t, mark(Alice, kiosk.QueueWithMentor), wire.StatusRejected, kiosk.EINVALID)
	f.Clock.Set(f.At(1, 9, 55))
	WantStatus(t, f.Push(f.K2, kiosk.KindAppointmentCheckin, "a1", Action("a1", Bob)), wire.StatusApplied, "")
	WantStatus(t, mark(Bob, kiosk.QueueWithMentor), wire.StatusRejected, kiosk.EFORBIDDEN)
	WantStatus(t, mark(Alice, "gone"), wire.StatusRejected, kiosk.EINVALID)
	for _, q := range []kiosk.AppointmentQueue{kiosk.QueueLeft, kiosk.QueueWaiting, kiosk.QueueWithMentor} {
		WantStatus(t, mark(Alice, q), wire.StatusApplied, "")
		as, err := f.S.MentorAppointments(f.Ctx, MentorA, f.At(1, 0, 0), f.At(2, 0, 0))
		f.Must(err)
		if len(as) != 1 || as[0].Queue != q || as[0].QueueBy != Alice || !as[0].QueueAt.Equal(f.Clock.Now()) {
			t.Fatalf("after %q: %+v", q, as)
		}
	}
}
