package client_test

import (
	"context"
	"errors"
	"fmt"
	"sync/atomic"
	"testing"

	"onestop/kiosk"
	"onestop/sync/client"
)

// failingRecords is a kiosk store whose first failN RecordPushResults
// fail, as a full disk or a crash between send and record would.
type failingRecords struct {
	kiosk.SyncService
	failN atomic.Int32
	calls atomic.Int32
}

var errDiskFull = errors.New("disk full (simulated)")

func (f *failingRecords) RecordPushResults(ctx context.Context, rs []kiosk.PushResult) error {
	f.calls.Add(1)
	if f.failN.Add(-1) >= 0 {
		return errDiskFull
	}
	return f.SyncService.RecordPushResults(ctx, rs)
}

// TestPushPipelineRecordFails: the syncer sends the next batch while it
// records the previous one's answers. When recording fails, the push
// stops with that error once the batch in flight is answered, its
// entries and the failed batch's stay pending, and the next sync gets
// central's stored answers for them:
// every visit exists once at central and is answered once here.
func TestPushPipelineRecordFails(t *testing.T) {
	c := newCampus(t)
	k := c.enrolledKiosk(kioskOpts{})
	const n, batch = 25, 10
	visits(t, c, k, "pipe", n)
	recs := &failingRecords{SyncService: k.db}
	recs.failN.Store(1)
	syncer := client.NewSyncer(k.api, recs, client.Config{Clock: c.clock, BatchSize: batch})
	ctx := context.Background()
	pushes := c.count("/api/v1/push")
	if err := syncer.Sync(ctx); !errors.Is(err, errDiskFull) {
		t.Fatalf("Sync = %v, want the record failure", err)
	}
	if got := c.count("/api/v1/push") - pushes; got != 2 {
		t.Errorf("%d pushes before stopping, want the failed batch and the one in flight", got)
	}
	if p := k.pending(); p != n {
		t.Errorf("%d pending after the failure, want all %d: the push stops at the first failure", p, n)
	}
	if err := syncer.Sync(ctx); err != nil {
		t.Fatal(err)
	}
	if k.pending() != 0 {
		t.Errorf("%d still pending", k.pending())
	}
	id, _ := k.db.KioskIdentity(ctx)
	if got := c.lastSeq(id.KioskID); got != n {
		t.Errorf("central's last seq %d, want %d", got, n)
	}
	vs, err := k.db.VisitsOf(ctx, k.student(0).Key)
	must(t, err)
	seen := map[string]int{}
	for _, v := range vs {
		seen[v.ID]++
		if v.SyncState != kiosk.OutboxApplied {
			t.Errorf("visit %s is %s", v.ID, v.SyncState)
		}
	}
	snap := c.snapshot()
	for i := range n {
		id := fmt.Sprintf("pipe-%d", i)
		if _, ok := snap[kiosk.EntityVisit][id]; !ok || seen[id] != 1 {
			t.Errorf("visit %s: at central %v, %d times on the kiosk", id, ok, seen[id])
		}
	}
}
