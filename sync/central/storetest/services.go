package storetest

import (
	"strings"
	"testing"
	"time"

	"onestop/kiosk"
	"onestop/sync/central"
	"onestop/sync/wire"
)

func testAppointmentConflict(t *testing.T, fresh Fresh) {
	f := NewFixture(t, fresh)
	r := f.Push(f.K1, kiosk.KindAppointmentCreate, "a1", kiosk.Appointment{ID: "a1", SlotID: SlotA, StudentKey: Alice})
	WantStatus(t, r, wire.StatusApplied, "")
	a := Decode[kiosk.Appointment](t, r.Entity)
	if a.MentorID != MentorA || a.MentorType != kiosk.MentorAcademic || !a.Start.Equal(f.At(1, 10, 0)) || a.Status != kiosk.AppointmentBooked {
		t.Fatalf("appointment %+v", a)
	}
	r = f.Push(f.K2, kiosk.KindAppointmentCreate, "a2", kiosk.Appointment{ID: "a2", SlotID: SlotA, StudentKey: Bob})
	WantStatus(t, r, wire.StatusConflict, kiosk.ECONFLICT)
	if r.MessageID != kiosk.MsgErrSlotTaken {
		t.Fatalf("loser %+v", r)
	}
	if kiosk.ErrorCode(f.S.DeleteMentorSlot(f.Ctx, SlotA)) != kiosk.ECONFLICT {
		t.Fatal("deleting a held slot must conflict")
	}
	got, err := f.S.Appointment(f.Ctx, "a1")
	f.Must(err)
	if got.StudentKey != Alice {
		t.Fatalf("appointment %+v", got)
	}
}

func testAppointmentCancel(t *testing.T, fresh Fresh) {
	f := NewFixture(t, fresh)
	f.Must(f.S.PutMentorSlot(f.Ctx, kiosk.MentorSlot{ID: "slot-b", MentorID: MentorA, Start: f.At(2, 10, 0), End: f.At(2, 10, 30)}))
	WantStatus(t, f.Push(f.K1, kiosk.KindAppointmentCreate, "a1", kiosk.Appointment{ID: "a1", SlotID: SlotA, StudentKey: Alice}), wire.StatusApplied, "")
	r := f.Push(f.K1, kiosk.KindAppointmentCancel, "a1", Action("a1", Alice))
	if a := Decode[kiosk.Appointment](t, r.Entity); r.Status != wire.StatusApplied || a.Status != kiosk.AppointmentCancelled {
		t.Fatalf("cancel %+v", r)
	}
	WantStatus(t, f.Push(f.K2, kiosk.KindAppointmentCreate, "a2", kiosk.Appointment{ID: "a2", SlotID: SlotA, StudentKey: Bob}), wire.StatusApplied, "")
	// Late cancel: missed, and the slot is free.
	f.Clock.Set(f.At(1, 9, 0))
	r = f.Push(f.K2, kiosk.KindAppointmentCancel, "a2", Action("a2", Bob))
	if a := Decode[kiosk.Appointment](t, r.Entity); a.Status != kiosk.AppointmentMissed {
		t.Fatalf("late cancel %+v", a)
	}
	WantStatus(t, f.Push(f.K1, kiosk.KindAppointmentCreate, "a3", kiosk.Appointment{ID: "a3", SlotID: "slot-b", StudentKey: Alice}), wire.StatusApplied, "")
	f.Clock.Set(f.At(2, 10, 10))
	r = f.Push(f.K1, kiosk.KindAppointmentCheckin, "a3", Action("a3", Alice))
	if a := Decode[kiosk.Appointment](t, r.Entity); a.Status != kiosk.AppointmentArrived || !a.Tardy {
		t.Fatalf("check-in %+v", r)
	}
	WantStatus(t, f.Push(f.K1, kiosk.KindAppointmentCancel, "a3", Action("a3", Alice)), wire.StatusRejected, kiosk.EINVALID)
}

// Request is a request.create payload the kiosk would send.
func Request(id, student string) kiosk.Request {
	return kiosk.Request{ID: id, Ticket: "R0302-" + code(id, 5), Token: code(id, 32), StudentKey: student,
		Category: kiosk.CategoryRepair, BuildingID: BuildingA, Floor: 3, Room: "301",
		Presets: []string{"repair.light"}, Contact: kiosk.ContactKiosk, Status: kiosk.RequestSubmitted,
		SubmittedAt: Start, DueAt: Start.Add(time.Hour)}
}

// code is id in the status-page alphabet, padded to n: distinct ids
// of the tests give distinct tickets and tokens.
func code(id string, n int) string {
	const alphabet = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
	var b strings.Builder
	for _, c := range strings.ToUpper(id) {
		b.WriteByte(alphabet[int(c)%len(alphabet)])
	}
	return (b.String() + strings.Repeat("2", n))[:n]
}

func testRequests(t *testing.T, fresh Fresh) {
	f := NewFixture(t, fresh)
	f.Clock.Advance(10 * time.Minute)
	r := f.Push(f.K1, kiosk.KindRequestCreate, "r1", Request("r1", Alice))
	WantStatus(t, r, wire.StatusApplied, "")
	req := Decode[kiosk.Request](t, r.Entity)
	// Central's deadlines, on the hall's default calendar: 2 working
	// hours to answer, 3 working days to resolve a repair.
	if req.HallID != HallA || !req.DueAt.Equal(f.At(3, 9, 0)) || !req.ResponseDueAt.Equal(Start.Add(2*time.Hour)) || req.Status != kiosk.RequestSubmitted {
		t.Fatalf("request %+v", req)
	}
	dup := Request("r2", Bob)
	dup.Token = req.Token
	WantStatus(t, f.Push(f.K1, kiosk.KindRequestCreate, "r2", dup), wire.StatusConflict, kiosk.ECONFLICT)
	// Issue 9, item 7: a ticket is unique in its hall too, and a token
	// has the documented format, whatever a kiosk sends.
	dup = Request("r3", Bob)
	dup.Ticket = req.Ticket
	if r := f.Push(f.K1, kiosk.KindRequestCreate, "r3", dup); r.Status != wire.StatusConflict || r.Field != "ticket" {
		t.Fatalf("same ticket: %+v", r)
	}
	odd := Request("r4", Bob)
	odd.Token = "'; DROP TABLE requests; -- 0123456789"
	if r := f.Push(f.K1, kiosk.KindRequestCreate, "r4", odd); r.Status != wire.StatusRejected || r.Field != "token" || r.MessageID != kiosk.MsgErrBadInput {
		t.Fatalf("SQL-looking token: %+v", r)
	}
	other := Request("r5", Carol)
	other.Ticket = req.Ticket // another hall's ticket may repeat it
	other.BuildingID = BuildingB
	WantStatus(t, f.Push(f.KB, kiosk.KindRequestCreate, "r5", other), wire.StatusApplied, "")
	WantStatus(t, f.Push(f.K1, kiosk.KindRequestRate, "r1", kiosk.ActionPayload{ID: "r1", StudentKey: Alice, Outcome: kiosk.OutcomeSolved, Rating: 5}),
		wire.StatusRejected, kiosk.EINVALID)
	due := f.At(1, 12, 0)
	got, err := f.S.UpdateRequest(f.Ctx, "r1", central.RequestUpdate{Status: kiosk.RequestResolved, Note: "灯已更换", DueAt: due})
	f.Must(err)
	if got.Status != kiosk.RequestResolved || !got.DueAt.Equal(due) || len(got.Notes) != 1 || got.Notes[0].Text != "灯已更换" {
		t.Fatalf("updated %+v", got)
	}
	if _, err := f.S.UpdateRequest(f.Ctx, "r1", central.RequestUpdate{Status: "lost"}); kiosk.ErrorCode(err) != kiosk.EINVALID {
		t.Fatalf("bad status: %v", err)
	}
	byToken, err := f.S.RequestByToken(f.Ctx, req.Token)
	f.Must(err)
	if byToken.ID != "r1" || byToken.Status != kiosk.RequestResolved {
		t.Fatalf("by token %+v", byToken)
	}
	r = f.Push(f.K2, kiosk.KindRequestRate, "r1", kiosk.ActionPayload{ID: "r1", StudentKey: Alice, Outcome: kiosk.OutcomeNotSolved, Rating: 2})
	if got := Decode[kiosk.Request](t, r.Entity); got.Status != kiosk.RequestReopened || got.Rating != 2 {
		t.Fatalf("rated %+v", r)
	}
	f.Must(f.S.AddRequestDetail(f.Ctx, req.Token, central.RequestDetail{Text: "还是不亮", Photo: []byte{1, 2}, PhotoType: "image/png"}))
	ds, err := f.S.RequestDetails(f.Ctx, "r1")
	f.Must(err)
	if len(ds) != 1 || ds[0].Text != "还是不亮" || len(ds[0].Photo) != 2 || !ds[0].At.Equal(f.Clock.Now()) {
		t.Fatalf("details %+v", ds)
	}
	if kiosk.ErrorCode(f.S.AddRequestDetail(f.Ctx, "nope", central.RequestDetail{Text: "x"})) != kiosk.ENOTFOUND {
		t.Fatal("detail for unknown token")
	}
}

func testEventsVisitsShifts(t *testing.T, fresh Fresh) {
	f := NewFixture(t, fresh)
	r := f.Push(f.K1, kiosk.KindEventCheckin, "at1", kiosk.Attendance{ID: "at1", EventID: EventA, StudentKey: Alice, At: Start})
	WantStatus(t, r, wire.StatusApplied, "")
	WantStatus(t, f.Push(f.K2, kiosk.KindEventCheckin, "at2", kiosk.Attendance{ID: "at2", EventID: EventA, StudentKey: Alice}), wire.StatusConflict, kiosk.ECONFLICT)
	f.Clock.Set(f.At(0, 9, 45))
	r = f.Push(f.K2, kiosk.KindEventCheckin, "at3", kiosk.Attendance{ID: "at3", EventID: EventA, StudentKey: Bob})
	if a := Decode[kiosk.Attendance](t, r.Entity); !a.Tardy {
		t.Fatalf("tardy attendance %+v", r)
	}
	WantStatus(t, f.Push(f.K1, kiosk.KindVisitCheckin, "v1", visit("v1", Alice)), wire.StatusApplied, "")
	WantStatus(t, f.Push(f.K2, kiosk.KindVisitCheckin, "v1", visit("v1", Alice)), wire.StatusApplied, "")
	WantStatus(t, f.Push(f.K2, kiosk.KindVisitCheckin, "v1", visit("v1", Bob)), wire.StatusConflict, kiosk.ECONFLICT)

	WantStatus(t, f.Push(f.K1, wire.KindShiftStart, "s0", kiosk.Shift{ID: "s0", StudentKey: Bob, Start: f.Clock.Now()}), wire.StatusRejected, kiosk.EFORBIDDEN)
	r = f.Push(f.K1, wire.KindShiftStart, "s1", kiosk.Shift{ID: "s1", StudentKey: Alice, Start: f.Clock.Now()})
	WantStatus(t, r, wire.StatusApplied, "")
	f.Clock.Advance(2 * time.Hour)
	r = f.Push(f.K1, wire.KindShiftEnd, "s1", kiosk.Shift{ID: "s1", StudentKey: Alice, Start: f.Clock.Now(), End: f.Clock.Now().Add(time.Hour)})
	if s := Decode[kiosk.Shift](t, r.Entity); !s.End.Equal(f.Clock.Now()) || s.End.Sub(s.Start) != 2*time.Hour {
		t.Fatalf("shift %+v", r)
	}
	WantStatus(t, f.Push(f.K1, wire.KindShiftEnd, "s1", kiosk.Shift{ID: "s1", StudentKey: Alice}), wire.StatusRejected, kiosk.EINVALID)

	// Issue 9, item 8: a start before the kiosk was enrolled (1970) or
	// beyond the clock skew is refused, naming it; one volunteer holds
	// one open shift; no shift lasts over 16 hours.
	for _, start := range []time.Time{time.Unix(0, 0), f.Clock.Now().Add(kiosk.ClockSkew + time.Minute)} {
		r := f.Push(f.K1, wire.KindShiftStart, "s-bad", kiosk.Shift{ID: "s-bad", StudentKey: Alice, Start: start})
		if r.Status != wire.StatusRejected || r.Field != "start" {
			t.Errorf("shift from %v: %+v", start, r)
		}
	}
	WantStatus(t, f.Push(f.K1, wire.KindShiftStart, "s2", kiosk.Shift{ID: "s2", StudentKey: Alice, Start: f.Clock.Now()}), wire.StatusApplied, "")
	r = f.Push(f.K2, wire.KindShiftStart, "s3", kiosk.Shift{ID: "s3", StudentKey: Alice, Start: f.Clock.Now()})
	if r.Status != wire.StatusConflict || r.MessageID != kiosk.MsgErrShiftOpen {
		t.Errorf("a second open shift: %+v", r)
	}
	f.Clock.Advance(17 * time.Hour)
	r = f.Push(f.K1, wire.KindShiftEnd, "s2", kiosk.Shift{ID: "s2", StudentKey: Alice, End: f.Clock.Now()})
	if r.Status != wire.StatusRejected || r.Field != "end" {
		t.Errorf("a 17-hour shift: %+v", r)
	}
	// That stale shift does not lock the volunteer out of the next one.
	WantStatus(t, f.Push(f.K1, wire.KindShiftStart, "s4", kiosk.Shift{ID: "s4", StudentKey: Alice, Start: f.Clock.Now()}), wire.StatusApplied, "")
}
