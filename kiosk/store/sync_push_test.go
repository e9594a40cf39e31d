package store_test

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"onestop/kiosk"
	"onestop/kiosk/store"
)

func TestRecordPushResults(t *testing.T) {
	ctx := context.Background()
	db, clock := openServices(t)
	must(t, db.CheckInVisit(ctx, visit("v1", "s1", clock)))                      // 1
	must(t, db.BookRoom(ctx, booking("b1", "s1", seminar.ID, at(0, 10, 0), 60))) // 2
	must(t, db.BookAppointment(ctx, appointment("a1", "s1", slotAt(0, 14, 0))))  // 3
	must(t, db.BookRoom(ctx, booking("b2", "s1", study.ID, at(0, 12, 0), 60)))   // 4
	must(t, db.CheckInVisit(ctx, visit("v2", "s1", clock)))                      // 5

	// Central's state of the booking differs from the kiosk's (here: a
	// check-in at another kiosk was applied first).
	bs, _ := db.BookingsBetween(ctx, at(0, 10, 0), at(0, 10, 1))
	central := bs[0]
	central.Status, central.CheckedInAt, central.Tardy = kiosk.BookingCheckedIn, at(0, 10, 5), true
	entity, _ := json.Marshal(central)
	must(t, db.RecordPushResults(ctx, []kiosk.PushResult{
		{Seq: 1, State: kiosk.OutboxApplied},
		{Seq: 2, State: kiosk.OutboxApplied, Entity: entity},
		{Seq: 3, State: kiosk.OutboxConflict, Code: kiosk.ECONFLICT, MessageID: kiosk.MsgErrSlotTaken},
		{Seq: 4, State: kiosk.OutboxRejected, Code: kiosk.ELIMIT, MessageID: kiosk.MsgErrBookingDayLimit},
	}))
	bs, _ = db.BookingsBetween(ctx, at(0, 0, 0), at(1, 0, 0))
	if len(bs) != 2 || bs[0].SyncState != kiosk.OutboxApplied || bs[0].Status != kiosk.BookingCheckedIn || !bs[0].Tardy {
		t.Fatalf("central's booking not taken: %+v", bs)
	}
	if bs[1].ID != "b2" || bs[1].SyncState != kiosk.OutboxRejected || bs[1].Status != kiosk.BookingCancelled {
		t.Errorf("refused booking %+v: want cancelled and rejected", bs[1])
	}
	rj, _ := db.Rejections(ctx, "s1")
	if len(rj) != 2 || rj[0].MessageID != kiosk.MsgErrSlotTaken || rj[1].MessageID != kiosk.MsgErrBookingDayLimit {
		t.Errorf("rejections %+v", rj)
	}
	if st, _ := db.SyncStatus(ctx); st.Pending != 1 {
		t.Errorf("pending %d, want 1", st.Pending)
	}

	// A resend answers again: the first answer stands.
	must(t, db.RecordPushResults(ctx, []kiosk.PushResult{{Seq: 1, State: kiosk.OutboxRejected}, {Seq: 5, State: kiosk.OutboxApplied}}))
	if vs, _ := db.VisitsOf(ctx, "s1"); vs[0].SyncState != kiosk.OutboxApplied || vs[1].SyncState != kiosk.OutboxApplied {
		t.Errorf("visits %+v", vs)
	}

	// A batch is all or nothing.
	must(t, db.CheckInVisit(ctx, visit("v3", "s1", clock))) // 6
	err := db.RecordPushResults(ctx, []kiosk.PushResult{{Seq: 6, State: kiosk.OutboxApplied}, {Seq: 99, State: kiosk.OutboxApplied}})
	wantCode(t, err, kiosk.ENOTFOUND, "")
	if st, _ := db.SyncStatus(ctx); st.Pending != 1 {
		t.Errorf("half a batch recorded: pending %d", st.Pending)
	}
	wantCode(t, db.RecordPushResults(ctx, []kiosk.PushResult{{Seq: 6, State: "duplicate"}}), kiosk.EINVALID, "")
}

func TestPendingMutations(t *testing.T) {
	ctx := context.Background()
	db, clock, _ := openStore(t)
	if ms, err := db.PendingMutations(ctx, 10); err != nil || len(ms) != 0 {
		t.Fatalf("empty outbox: %v, %v", ms, err)
	}
	for _, id := range []string{"v1", "v2", "v3", "v4"} {
		must(t, db.CheckInVisit(ctx, visit(id, "s1", clock)))
		clock.Advance(time.Second)
	}
	answer(t, db, 1, kiosk.OutboxApplied, "", "")
	ms, err := db.PendingMutations(ctx, 2)
	if err != nil || len(ms) != 2 || ms[0].Seq != 2 || ms[1].Seq != 3 || ms[0].Kind != kiosk.KindVisitCheckin {
		t.Fatalf("PendingMutations = %+v, %v", ms, err)
	}
	// Answers out of order (never from the syncer) cut the batch at the gap.
	answer(t, db, 3, kiosk.OutboxApplied, "", "")
	if ms, _ := db.PendingMutations(ctx, 10); len(ms) != 1 || ms[0].Seq != 2 {
		t.Errorf("PendingMutations across a gap = %+v", ms)
	}
	h, err := db.SyncHealth(ctx)
	if err != nil || h.Pending != 2 || !h.OldestPendingAt.Equal(t0.Add(time.Second)) || !h.LastPullAt.Equal(t0) {
		t.Errorf("SyncHealth = %+v, %v", h, err)
	}
}

func TestKioskIdentity(t *testing.T) {
	ctx := context.Background()
	db, clock, _ := openStore(t)
	if _, err := db.KioskIdentity(ctx); kiosk.ErrorCode(err) != kiosk.ENOTFOUND {
		t.Fatalf("before enrollment: %v", err)
	}
	_, err := db.SaveKioskIdentity(ctx, kiosk.KioskIdentity{KioskID: "k_1", Token: "tok"})
	wantCode(t, err, kiosk.EINVALID, "")
	must(t, db.CheckInVisit(ctx, visit("v1", "s1", clock))) // made before enrollment: pushed after it
	id, err := db.SaveKioskIdentity(ctx, kiosk.KioskIdentity{KioskID: "k_1", Token: "tok", HallID: "hall-1", Server: "http://c.example/ "})
	if err != nil || id.SeqBase != 0 || id.Server != "http://c.example" {
		t.Fatalf("first enrollment = %+v, %v", id, err)
	}
	_, err = db.ApplyChanges(ctx, kiosk.ChangePage{Cursor: "c9"})
	must(t, err)
	answer(t, db, 1, kiosk.OutboxApplied, "", "")
	must(t, db.CheckInVisit(ctx, visit("v2", "s1", clock))) // 2

	// The same kiosk with a new URL keeps its numbering and cursor.
	if _, err := db.SaveKioskIdentity(ctx, kiosk.KioskIdentity{KioskID: "k_1", Token: "tok2", HallID: "hall-1", Server: "http://d.example", SeqBase: 7}); err != nil {
		t.Fatal(err)
	}
	got, err := db.KioskIdentity(ctx)
	if err != nil || got != (kiosk.KioskIdentity{KioskID: "k_1", Token: "tok2", HallID: "hall-1", Server: "http://d.example"}) {
		t.Fatalf("KioskIdentity = %+v, %v", got, err)
	}
	if c, _ := db.SyncCursor(ctx); c != "c9" {
		t.Errorf("cursor %q", c)
	}

	// Enrolled anew: central numbers from the first unanswered entry and
	// the next pull is a snapshot.
	id, err = db.SaveKioskIdentity(ctx, kiosk.KioskIdentity{KioskID: "k_2", Token: "t", HallID: "hall-2"})
	if err != nil || id.SeqBase != 1 {
		t.Fatalf("re-enrollment = %+v, %v", id, err)
	}
	if c, _ := db.SyncCursor(ctx); c != "" {
		t.Errorf("cursor %q after re-enrollment", c)
	}
	answer(t, db, 2, kiosk.OutboxApplied, "", "")
	if id, _ := db.SaveKioskIdentity(ctx, kiosk.KioskIdentity{KioskID: "k_3", Token: "t", HallID: "hall-2"}); id.SeqBase != 2 {
		t.Errorf("all answered: seq base %d, want the last seq", id.SeqBase)
	}
}

func TestSetOnline(t *testing.T) {
	ctx := context.Background()
	db, clock, _ := openStore(t)
	db.SetOnline(true)
	must(t, db.MarkContact(ctx))
	st, _ := db.SyncStatus(ctx)
	if !st.Online || !st.LastContact.Equal(clock.Now()) {
		t.Errorf("status %+v", st)
	}
	db.SetOnline(false)
	if st, _ := db.SyncStatus(ctx); st.Online {
		t.Error("still online")
	}
}

// Applied entries stay in the outbox for store.OutboxRetention after
// their answer, to be sent again to a central restored from a backup,
// then go; pending and refused entries stay whatever their age.
func TestPruneOutbox(t *testing.T) {
	ctx := context.Background()
	db, clock := openServices(t)
	for _, id := range []string{"v1", "v2", "v3", "v4"} {
		must(t, db.CheckInVisit(ctx, visit(id, "s1", clock)))
	}
	must(t, db.RecordPushResults(ctx, []kiosk.PushResult{
		{Seq: 1, State: kiosk.OutboxApplied},
		{Seq: 2, State: kiosk.OutboxRejected, Code: kiosk.EINVALID, MessageID: kiosk.MsgErrSyncRejected},
	}))
	clock.Advance(store.OutboxRetention - time.Hour)
	must(t, db.RecordPushResults(ctx, []kiosk.PushResult{{Seq: 3, State: kiosk.OutboxApplied}}))
	if n, err := db.PruneOutbox(ctx); err != nil || n != 0 {
		t.Fatalf("pruned %d (%v) within the retention period", n, err)
	}
	clock.Advance(2 * time.Hour)
	if n, err := db.PruneOutbox(ctx); err != nil || n != 1 {
		t.Fatalf("pruned %d (%v), want seq 1 alone", n, err)
	}
	ms, err := db.Outbox(ctx, 0, 10)
	must(t, err)
	var seqs []int64
	for _, m := range ms {
		seqs = append(seqs, m.Seq)
	}
	if len(seqs) != 3 || seqs[0] != 2 || seqs[1] != 3 || seqs[2] != 4 {
		t.Errorf("outbox holds seqs %v, want 2 (rejected), 3 (recent), 4 (pending)", seqs)
	}
	// The seq counter goes on from where it was, not from the rows left.
	must(t, db.CheckInVisit(ctx, visit("v5", "s1", clock)))
	if ms, _ := db.Outbox(ctx, 4, 10); len(ms) != 1 || ms[0].Seq != 5 {
		t.Errorf("next entry %+v, want seq 5", ms)
	}
}
