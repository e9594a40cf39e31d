package client_test

import (
	"context"
	"errors"
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
	visitsOnce(t, c, k, "pipe", n)
}
