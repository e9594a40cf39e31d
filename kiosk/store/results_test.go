package store_test

import (
	"context"
	"slices"
	"testing"

	"onestop/kiosk"
)

// TestAnswersRejectionsAck walks central's answers through to the
// student: sync states, refusals shown at identification, then seen.
func TestAnswersRejectionsAck(t *testing.T) {
	ctx := context.Background()
	db, clock := openServices(t)
	must(t, db.CheckInVisit(ctx, visit("v1", "s1", clock)))                      // 1
	must(t, db.BookRoom(ctx, booking("b1", "s1", seminar.ID, at(0, 10, 0), 60))) // 2
	must(t, db.BookAppointment(ctx, appointment("a1", "s1", slotAt(0, 14, 0))))  // 3
	must(t, db.SubmitRequest(ctx, newRequest(t, clock, "s1", 1)))                // 4
	must(t, db.BookRoom(ctx, booking("b2", "s2", seminar.ID, at(0, 12, 0), 60))) // 5
	must(t, errOf(db.CancelBooking(ctx, "s1", "b1")))                            // 6
	answer(t, db, 1, kiosk.OutboxApplied, "", "")
	answer(t, db, 2, kiosk.OutboxApplied, "", "")
	// b1's cancel (6) is still pending: b1 stays pending.
	if bs, _ := db.BookingsOf(ctx, "s1", at(0, 0, 0), at(1, 0, 0)); bs[0].SyncState != kiosk.OutboxPending {
		t.Errorf("b1 sync state %q, want pending while its cancel is", bs[0].SyncState)
	}
	answer(t, db, 6, kiosk.OutboxApplied, "", "")
	if bs, _ := db.BookingsOf(ctx, "s1", at(0, 0, 0), at(1, 0, 0)); bs[0].SyncState != kiosk.OutboxApplied {
		t.Errorf("b1 sync state %q, want applied", bs[0].SyncState)
	}
	// Another kiosk got the slot first: the appointment is refused and
	// the slot is free here too.
	answer(t, db, 3, kiosk.OutboxConflict, kiosk.ECONFLICT, kiosk.MsgErrSlotTaken)
	answer(t, db, 4, kiosk.OutboxRejected, kiosk.EINVALID, "")
	answer(t, db, 5, kiosk.OutboxRejected, kiosk.EINVALID, kiosk.MsgErrBookingDayLimit)
	as, _ := db.AppointmentsOf(ctx, "s1", at(0, 0, 0), at(1, 0, 0))
	if len(as) != 1 || as[0].SyncState != kiosk.OutboxConflict || as[0].Status != kiosk.AppointmentCancelled {
		t.Fatalf("refused appointment %+v", as)
	}
	must(t, db.BookAppointment(ctx, appointment("a2", "s3", slotAt(0, 14, 0)))) // 7
	rj, err := db.Rejections(ctx, "s1")
	if err != nil || len(rj) != 2 {
		t.Fatalf("Rejections = %+v, %v", rj, err)
	}
	if r := rj[0]; r.Seq != 3 || r.Kind != kiosk.KindAppointmentCreate || r.EntityID != "a1" || r.StudentKey != "s1" ||
		r.State != kiosk.OutboxConflict || r.MessageID != kiosk.MsgErrSlotTaken || !r.At.Equal(clock.Now()) {
		t.Errorf("rejection %+v", r)
	}
	if r := rj[1]; r.Seq != 4 || r.Kind != kiosk.KindRequestCreate || r.MessageID != kiosk.MsgErrSyncRejected {
		t.Errorf("rejection %+v: want the default message id", r)
	}
	rs, _ := db.RequestsOf(ctx, "s1")
	if rs[0].SyncState != kiosk.OutboxRejected {
		t.Errorf("request sync state %q", rs[0].SyncState)
	}
	// A student sees only their own; acking someone else's does nothing.
	if rj2, _ := db.Rejections(ctx, "s2"); len(rj2) != 1 || rj2[0].Seq != 5 {
		t.Errorf("s2 rejections %+v", rj2)
	}
	must(t, db.AckRejections(ctx, "s2", []int64{3, 4}))
	must(t, db.AckRejections(ctx, "s1", []int64{3}))
	if rj, _ := db.Rejections(ctx, "s1"); len(rj) != 1 || rj[0].Seq != 4 {
		t.Errorf("after ack: %+v", rj)
	}
	must(t, db.AckRejections(ctx, "s1", []int64{4, 4, 99}))
	if rj, _ := db.Rejections(ctx, "s1"); len(rj) != 0 {
		t.Errorf("after acking all: %+v", rj)
	}
	allOutbox(t, db)
}

func TestAnswersAreFinal(t *testing.T) {
	ctx := context.Background()
	db, clock := openServices(t)
	must(t, db.CheckInVisit(ctx, visit("v1", "s1", clock)))
	push := func(seq int64, state, code, msgID string) error {
		return db.RecordPushResults(ctx, []kiosk.PushResult{{Seq: seq, State: state, Code: code, MessageID: msgID}})
	}
	wantCode(t, push(1, kiosk.OutboxPending, "", ""), kiosk.EINVALID, "")
	wantCode(t, push(2, kiosk.OutboxApplied, "", ""), kiosk.ENOTFOUND, kiosk.MsgErrNotFound)
	must(t, push(1, kiosk.OutboxRejected, kiosk.EINVALID, kiosk.MsgErrInvalidPurpose))
	must(t, push(1, kiosk.OutboxRejected, kiosk.EINVALID, kiosk.MsgErrInvalidPurpose))
	// A different answer later (a resend after a seq gap) changes nothing.
	must(t, push(1, kiosk.OutboxApplied, "", ""))
	ms := allOutbox(t, db)
	if ms[0].State != kiosk.OutboxRejected {
		t.Errorf("entry %+v", ms[0])
	}
	if rj, _ := db.Rejections(ctx, "s1"); len(rj) != 1 || rj[0].Kind != kiosk.KindVisitCheckin || rj[0].MessageID != kiosk.MsgErrInvalidPurpose {
		t.Errorf("visit rejection %+v", rj)
	}
	if st, _ := db.SyncStatus(ctx); st.Pending != 0 {
		t.Errorf("pending %d after the answer", st.Pending)
	}
}

// TestRejectionsOfEveryKind: each entity kind finds its student.
func TestRejectionsOfEveryKind(t *testing.T) {
	ctx := context.Background()
	db, clock := openServices(t)
	r := newRequest(t, clock, "s1", 1)
	must(t, db.CheckInVisit(ctx, visit("x", "s1", clock)))
	must(t, db.BookRoom(ctx, booking("x", "s1", seminar.ID, at(0, 10, 0), 60)))
	must(t, db.BookAppointment(ctx, appointment("x", "s1", slotAt(0, 14, 0))))
	must(t, db.SubmitRequest(ctx, r))
	clock.Set(at(0, 10, 0))
	must(t, errOf(db.CheckInEvent(ctx, kiosk.Self("s1"), fair.ID, "x")))
	must(t, errOf(db.CheckInBooking(ctx, kiosk.Self("s1"), "x")))
	ms := allOutbox(t, db)
	for _, m := range ms {
		answer(t, db, m.Seq, kiosk.OutboxConflict, "", "")
	}
	rj, err := db.Rejections(ctx, "s1")
	if err != nil || len(rj) != len(ms) {
		t.Fatalf("Rejections = %+v, %v; want all %d", rj, err, len(ms))
	}
	var kinds []string
	for _, r := range rj {
		kinds = append(kinds, r.Kind)
	}
	for _, k := range []string{kiosk.KindVisitCheckin, kiosk.KindBookingCreate, kiosk.KindAppointmentCreate,
		kiosk.KindRequestCreate, kiosk.KindEventCheckin, kiosk.KindBookingCheckin} {
		if !slices.Contains(kinds, k) {
			t.Errorf("no rejection of kind %s in %v", k, kinds)
		}
	}
}
