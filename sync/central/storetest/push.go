package storetest

import (
	"encoding/json"
	"errors"
	"testing"

	"onestop/kiosk"
	"onestop/sync/central"
	"onestop/sync/wire"
)

func visit(id, student string) kiosk.Visit {
	return kiosk.Visit{ID: id, StudentKey: student, Purpose: kiosk.PurposeStudy, At: Start}
}

func testPushExactlyOnce(t *testing.T, fresh Fresh) {
	f := NewFixture(t, fresh)
	_, c, _ := PullAll(t, f.S, HallA, central.Cursor{}, 500)
	ms := []kiosk.Mutation{
		f.Mutation(f.K1, kiosk.KindVisitCheckin, "v1", visit("v1", Alice)),
		f.Mutation(f.K1, kiosk.KindBookingCreate, "b1", Booking("b1", RoomA, Alice, f.At(1, 10, 0), f.At(1, 11, 0))),
		f.Mutation(f.K1, kiosk.KindVisitCheckin, "v2", visit("v2", "nobody")),
	}
	res, err := f.S.Push(f.Ctx, f.K1, ms)
	f.Must(err)
	if res.LastSeq != 3 || len(res.Results) != 3 {
		t.Fatalf("push %+v", res)
	}
	WantStatus(t, res.Results[0], wire.StatusApplied, "")
	WantStatus(t, res.Results[1], wire.StatusApplied, "")
	WantStatus(t, res.Results[2], wire.StatusRejected, kiosk.ENOTFOUND)
	if res.Results[2].MessageID != kiosk.MsgErrUnknownStudent {
		t.Fatalf("message %q", res.Results[2].MessageID)
	}
	b := Decode[kiosk.Booking](t, res.Results[1].Entity)
	if b.Status != kiosk.BookingBooked || b.ID != "b1" {
		t.Fatalf("booking %+v", b)
	}
	// The whole batch again, as after a lost response: nothing applies
	// twice and the stored answers come back.
	again, err := f.S.Push(f.Ctx, f.K1, ms)
	f.Must(err)
	if again.LastSeq != 3 {
		t.Fatalf("last seq %d", again.LastSeq)
	}
	for i, r := range again.Results {
		if r.Status != wire.StatusDuplicate || r.Stored != res.Results[i].Status || r.Code != res.Results[i].Code ||
			string(r.Entity) != string(res.Results[i].Entity) {
			t.Fatalf("duplicate %d: %+v, first %+v", i, r, res.Results[i])
		}
	}
	// Overlapping resend: 2 and 3 are duplicates, 4 is new.
	m4 := f.Mutation(f.K1, kiosk.KindVisitCheckin, "v3", visit("v3", Bob))
	mixed, err := f.S.Push(f.Ctx, f.K1, []kiosk.Mutation{ms[1], ms[2], m4})
	f.Must(err)
	if mixed.LastSeq != 4 || mixed.Results[0].Status != wire.StatusDuplicate || mixed.Results[2].Status != wire.StatusApplied {
		t.Fatalf("mixed %+v", mixed)
	}
	cs, _, _ := PullAll(t, f.S, HallA, c, 500)
	if len(cs) != 3 {
		t.Fatalf("feed has %d changes, want v1, b1, v3", len(cs))
	}
	// seqs are per kiosk: k2 starts at 1.
	WantStatus(t, f.Push(f.K2, kiosk.KindVisitCheckin, "v4", visit("v4", Bob)), wire.StatusApplied, "")
	empty, err := f.S.Push(f.Ctx, f.K1, nil)
	f.Must(err)
	if empty.LastSeq != 4 {
		t.Fatalf("empty push last seq %d", empty.LastSeq)
	}
}

func testPushSeqGap(t *testing.T, fresh Fresh) {
	f := NewFixture(t, fresh)
	f.Push(f.K1, kiosk.KindVisitCheckin, "v1", visit("v1", Alice))
	m := kiosk.Mutation{Seq: 5, ID: "v5", Kind: kiosk.KindVisitCheckin, Payload: mustJSON(t, visit("v5", Alice))}
	_, err := f.S.Push(f.Ctx, f.K1, []kiosk.Mutation{m})
	var gap *central.SeqGapError
	if !errors.As(err, &gap) || gap.Expected != 2 {
		t.Fatalf("gap: %v", err)
	}
	// Not consecutive within the batch.
	m2 := m
	m2.Seq = 2
	if _, err := f.S.Push(f.Ctx, f.K1, []kiosk.Mutation{m2, m}); kiosk.ErrorCode(err) != kiosk.EINVALID {
		t.Fatalf("holey batch: %v", err)
	}
	res, err := f.S.Push(f.Ctx, f.K1, []kiosk.Mutation{m2})
	f.Must(err)
	if res.LastSeq != 2 {
		t.Fatalf("after gap %+v", res)
	}
	// The heartbeat's answer tells a kiosk how far central got, so one
	// whose answered entries a restore lost sends them again.
	for k, want := range map[central.Kiosk]int64{f.K1: 2, f.K2: 0} {
		if last, err := f.S.Heartbeat(f.Ctx, k.ID, central.Health{}); err != nil || last != want {
			t.Errorf("heartbeat of %s: last seq %d, %v; want %d", k.ID, last, err, want)
		}
	}
}

func mustJSON(t testing.TB, v any) json.RawMessage {
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func testPushBadInput(t *testing.T, fresh Fresh) {
	f := NewFixture(t, fresh)
	WantStatus(t, f.Push(f.K1, "teleport.create", "x", map[string]string{}), wire.StatusRejected, kiosk.EINVALID)
	WantStatus(t, f.Push(f.K1, kiosk.KindBookingCreate, "x", "not an object"), wire.StatusRejected, kiosk.EINVALID)
	WantStatus(t, f.Push(f.K1, kiosk.KindBookingCreate, "x", map[string]any{"start": 5}), wire.StatusRejected, kiosk.EINVALID)
	WantStatus(t, f.Push(f.K1, kiosk.KindBookingCancel, "x", Action("nope", Alice)), wire.StatusRejected, kiosk.ENOTFOUND)
	bad := visit("v1", Alice)
	bad.Purpose = "sleep"
	WantStatus(t, f.Push(f.K1, kiosk.KindVisitCheckin, "v1", bad), wire.StatusRejected, kiosk.EINVALID)
	// Issue 9, item 3: invalid input is invalid, naming the field, with a
	// message that says so; never ErrInternal.
	noTicket, noToken, noStudent := Request("q1", Alice), Request("q2", Alice), Request("q3", "")
	noTicket.Ticket, noToken.Token = "", ""
	for _, tc := range []struct {
		kind, id string
		payload  any
		field    string
		msg      string
	}{
		{kiosk.KindRequestCreate, "q1", noTicket, "ticket", kiosk.MsgErrBadInput},
		{kiosk.KindRequestCreate, "q2", noToken, "token", kiosk.MsgErrBadInput},
		{kiosk.KindRequestCreate, "q3", noStudent, "student", kiosk.MsgErrNotIdentified},
		{kiosk.KindBookingCreate, "b1", map[string]any{"id": "b1", "room_id": RoomA, "student": Alice, "start": nil, "end": f.At(1, 11, 0)}, "start", kiosk.MsgErrBadInput},
	} {
		r := f.Push(f.K1, tc.kind, tc.id, tc.payload)
		if r.Status != wire.StatusRejected || r.Code != kiosk.EINVALID || r.Field != tc.field || r.MessageID != tc.msg {
			t.Errorf("%s %s: %+v, want invalid %s naming %q", tc.kind, tc.id, r, tc.msg, tc.field)
		}
	}
	if _, err := f.S.Push(f.Ctx, central.Kiosk{ID: "ghost", HallID: HallA}, nil); kiosk.ErrorCode(err) != kiosk.EUNAUTHORIZED {
		t.Fatalf("unknown kiosk: %v", err)
	}
}

func testOtherHall(t *testing.T, fresh Fresh) {
	f := NewFixture(t, fresh)
	// Hall A's kiosk cannot book hall B's room, nor act on hall B's
	// booking.
	r := f.Push(f.K1, kiosk.KindBookingCreate, "b1", Booking("b1", RoomB, Alice, f.At(1, 10, 0), f.At(1, 11, 0)))
	WantStatus(t, r, wire.StatusRejected, kiosk.EFORBIDDEN)
	WantStatus(t, f.Push(f.KB, kiosk.KindBookingCreate, "b2", Booking("b2", RoomB, Carol, f.At(1, 10, 0), f.At(1, 11, 0))), wire.StatusApplied, "")
	WantStatus(t, f.Push(f.K1, kiosk.KindBookingCancel, "b2", Action("b2", Carol)), wire.StatusRejected, kiosk.EFORBIDDEN)
	// Nor cancel another student's booking in its own hall: it is not
	// found, as on the kiosk (kiosk.ErrNotFound), so ids reveal nothing.
	WantStatus(t, f.Push(f.K1, kiosk.KindBookingCreate, "b3", Booking("b3", RoomA, Alice, f.At(1, 10, 0), f.At(1, 11, 0))), wire.StatusApplied, "")
	WantStatus(t, f.Push(f.K2, kiosk.KindBookingCancel, "b3", Action("b3", Bob)), wire.StatusRejected, kiosk.ENOTFOUND)
	// The refusal carries the booking's real state.
	r = f.Push(f.K2, kiosk.KindBookingCancel, "b3", Action("b3", Bob))
	if b := Decode[kiosk.Booking](t, r.Entity); b.ID != "b3" || b.Status != kiosk.BookingBooked {
		t.Fatalf("entity %s", r.Entity)
	}
}
