package storetest

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"onestop/kiosk"
	"onestop/sync/central"
)

// testConcurrentFeed: kiosks push through two handles (two central
// processes) while an admin writes and a kiosk pulls. Transactions
// commit in another order than they took ids; the puller must still see
// every change exactly once, in the order a later full read gives.
func testConcurrentFeed(t *testing.T, fresh Fresh) {
	f := NewFixture(t, fresh)
	s2 := f.Open(t, f.Clock)
	kiosks := []central.Kiosk{f.K1, f.K2, f.Enroll(HallA, "k3"), f.Enroll(HallA, "k4")}
	stores := []central.Store{f.S, s2, f.S, s2}
	_, start, _ := PullAll(t, f.S, HallA, central.Cursor{}, 500)
	const batches, perBatch, admin = 10, 20, 50
	ctx := context.Background()

	var wg sync.WaitGroup
	errs := make(chan error, len(kiosks)+2)
	for i, k := range kiosks {
		wg.Go(func() {
			var seq int64
			for range batches {
				ms := make([]kiosk.Mutation, perBatch)
				for j := range ms {
					seq++
					id := fmt.Sprintf("%s-%d", k.ID, seq)
					ms[j] = kiosk.Mutation{Seq: seq, ID: id, Kind: kiosk.KindVisitCheckin, Payload: mustJSON(t, visit(id, Alice))}
				}
				if _, err := stores[i].Push(ctx, k, ms); err != nil {
					errs <- fmt.Errorf("push %s: %w", k.ID, err)
					return
				}
			}
		})
	}
	wg.Go(func() {
		for i := range admin {
			if err := s2.PutAnnouncement(ctx, HallA, announcement(fmt.Sprint("c", i))); err != nil {
				errs <- err
				return
			}
		}
	})

	writersDone := make(chan struct{})
	var pulled []central.Change
	var pullWG sync.WaitGroup
	pullWG.Go(func() {
		c := start
		for i := 0; ; i++ {
			// Decide before pulling: the last pull must start after the
			// writers finished.
			finished := isClosed(writersDone)
			p, err := stores[i%2].Changes(ctx, HallA, c, 37)
			if err != nil {
				errs <- err
				return
			}
			if p.Reset {
				errs <- fmt.Errorf("reset during the run")
				return
			}
			pulled = append(pulled, p.Changes...)
			c = p.Next
			if finished && !p.HasMore {
				return
			}
		}
	})
	wg.Wait()
	close(writersDone)
	pullWG.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}

	truth, _, _ := PullAll(t, f.S, HallA, start, 500)
	if want := len(kiosks)*batches*perBatch + admin; len(truth) != want {
		t.Fatalf("log has %d changes, want %d", len(truth), want)
	}
	if len(pulled) != len(truth) {
		t.Fatalf("puller saw %d changes, log has %d: a late commit was skipped", len(pulled), len(truth))
	}
	for i := range truth {
		if key(pulled[i]) != key(truth[i]) {
			t.Fatalf("change %d: puller %s, log %s", i, key(pulled[i]), key(truth[i]))
		}
	}
}

func isClosed(c chan struct{}) bool {
	select {
	case <-c:
		return true
	default:
		return false
	}
}
