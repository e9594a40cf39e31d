package store_test

import (
	"context"
	"encoding/json"
	"fmt"
	"sync"
	"testing"
	"time"

	"onestop/kiosk"
)

func TestCheckInVisitWritesOutboxGapFree(t *testing.T) {
	ctx := context.Background()
	db, clock, _ := openStore(t)
	var want []*kiosk.Visit
	for _, id := range []string{"v1", "v2", "v3"} {
		v := visit(id, "s1", clock)
		if err := db.CheckInVisit(ctx, v); err != nil {
			t.Fatal(err)
		}
		want = append(want, v)
		clock.Advance(time.Minute)
	}
	ms, err := db.Outbox(ctx, 0, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(ms) != 3 {
		t.Fatalf("outbox has %d entries, want 3", len(ms))
	}
	for i, m := range ms {
		v := want[i]
		if m.Seq != int64(i+1) || m.ID != v.ID || m.Kind != kiosk.KindVisitCheckin ||
			m.State != kiosk.OutboxPending || !m.At.Equal(v.At) {
			t.Errorf("entry %d = %+v, want seq %d for %s", i, m, i+1, v.ID)
		}
		var got kiosk.Visit
		if err := json.Unmarshal(m.Payload, &got); err != nil {
			t.Fatalf("payload %s: %v", m.Payload, err)
		}
		if got.ID != v.ID || got.StudentKey != v.StudentKey || got.HallID != v.HallID ||
			got.Purpose != v.Purpose || !got.At.Equal(v.At) {
			t.Errorf("payload = %+v, want %+v", got, *v)
		}
	}
	st, err := db.SyncStatus(ctx)
	if err != nil || st.Pending != 3 {
		t.Errorf("SyncStatus = %+v, %v; want 3 pending", st, err)
	}
	vs, err := db.VisitsOf(ctx, "s1")
	if err != nil || len(vs) != 3 || vs[0].ID != "v3" || vs[2].ID != "v1" || !vs[0].At.Equal(want[2].At) {
		t.Errorf("VisitsOf = %+v, %v; want v3, v2, v1", vs, err)
	}
	if vs[0].SyncState != kiosk.OutboxPending {
		t.Errorf("a new visit is %q, want pending sync", vs[0].SyncState)
	}
}

func TestCheckInVisitSameIDOnce(t *testing.T) {
	ctx := context.Background()
	db, clock, _ := openStore(t)
	v := visit("v1", "s1", clock)
	for range 2 {
		if err := db.CheckInVisit(ctx, v); err != nil {
			t.Fatal(err)
		}
	}
	if err := db.CheckInVisit(ctx, visit("v2", "s1", clock)); err != nil {
		t.Fatal(err)
	}
	ms, err := db.Outbox(ctx, 0, 10)
	if err != nil || len(ms) != 2 || ms[0].ID != "v1" || ms[1].ID != "v2" || ms[1].Seq != 2 {
		t.Errorf("outbox = %+v, %v; want v1 at 1, v2 at 2", ms, err)
	}
	if vs, _ := db.VisitsOf(ctx, "s1"); len(vs) != 2 {
		t.Errorf("%d visits, want 2", len(vs))
	}
}

func TestCheckInVisitInvalid(t *testing.T) {
	ctx := context.Background()
	db, clock, _ := openStore(t)
	bad := visit("v1", "s1", clock)
	bad.Purpose = "nap"
	wantCode(t, db.CheckInVisit(ctx, bad), kiosk.EINVALID, kiosk.MsgErrInvalidPurpose)
	wantCode(t, db.CheckInVisit(ctx, visit("v1", "", clock)), kiosk.EINVALID, kiosk.MsgErrNotIdentified)
	wantCode(t, db.CheckInVisit(ctx, nil), kiosk.EINVALID, "")
	// Nothing was written and no seq was spent.
	if err := db.CheckInVisit(ctx, visit("v1", "s1", clock)); err != nil {
		t.Fatal(err)
	}
	ms, err := db.Outbox(ctx, 0, 10)
	if err != nil || len(ms) != 1 || ms[0].Seq != 1 {
		t.Errorf("outbox = %+v, %v; want one entry at seq 1", ms, err)
	}
}

func TestOutboxPages(t *testing.T) {
	ctx := context.Background()
	db, clock, _ := openStore(t)
	for _, id := range []string{"a", "b", "c", "d", "e"} {
		if err := db.CheckInVisit(ctx, visit(id, "s1", clock)); err != nil {
			t.Fatal(err)
		}
	}
	ms, err := db.Outbox(ctx, 2, 2)
	if err != nil || len(ms) != 2 || ms[0].Seq != 3 || ms[1].Seq != 4 {
		t.Errorf("Outbox(2, 2) = %+v, %v; want seqs 3, 4", ms, err)
	}
	if ms, err := db.Outbox(ctx, 5, 10); err != nil || len(ms) != 0 {
		t.Errorf("Outbox past the end = %+v, %v", ms, err)
	}
	_, err = db.Outbox(ctx, 0, 0)
	wantCode(t, err, kiosk.EINVALID, "")
}

func TestConcurrentCheckInsStayGapFree(t *testing.T) {
	ctx := context.Background()
	db, clock, _ := openStore(t)
	seedDemo(t, db)
	const workers, each = 6, 15
	var wg sync.WaitGroup
	errs := make(chan error, workers*each*2)
	for w := range workers {
		wg.Go(func() {
			for i := range each {
				id := fmt.Sprintf("w%d-%d", w, i)
				errs <- db.CheckInVisit(ctx, visit(id, "s1", clock))
				// Readers run beside the writer.
				_, err := db.Identify(ctx, kiosk.Credential{Kind: kiosk.CredNumber, Value: "2023010001"})
				errs <- err
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	ms, err := db.Outbox(ctx, 0, 1000)
	if err != nil || len(ms) != workers*each {
		t.Fatalf("outbox has %d entries, %v; want %d", len(ms), err, workers*each)
	}
	for i, m := range ms {
		if m.Seq != int64(i+1) {
			t.Fatalf("entry %d has seq %d", i, m.Seq)
		}
	}
}
