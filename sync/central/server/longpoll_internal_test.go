package server

import (
	"context"
	"runtime"
	"testing"

	"onestop/sync/central"
)

// TestWakeReadsShared: a waiter asking with the key of a read that runs
// gets its page without a read of its own, even when the asker who
// started it has left; nothing is kept once the read is done.
func TestWakeReadsShared(t *testing.T) {
	var w wakeReads
	k := readKey{wake: make(chan struct{}), hall: "h", cursor: "c", limit: 500}
	release, started := make(chan struct{}), make(chan struct{})
	first, leave := context.WithCancel(context.Background())
	firstDone := make(chan struct{})
	go func() {
		defer close(firstDone)
		w.read(first, k, func(ctx context.Context) (central.Page, error) {
			close(started)
			<-release
			return central.Page{HasMore: true}, ctx.Err() // the first asker's leaving must not show here
		})
	}()
	<-started
	second := make(chan central.Page, 1)
	go func() {
		p, err := w.read(context.Background(), k, func(context.Context) (central.Page, error) {
			t.Error("a second read ran for the same wake and cursor")
			return central.Page{}, nil
		})
		if err != nil {
			t.Errorf("the joined asker failed: %v", err)
		}
		second <- p
	}()
	for joined := 0; joined == 0; runtime.Gosched() {
		w.mu.Lock()
		joined = w.m[k].joined
		w.mu.Unlock()
	}
	leave()
	close(release)
	if p := <-second; !p.HasMore {
		t.Fatalf("the joined asker got %+v", p)
	}
	<-firstDone
	w.mu.Lock()
	defer w.mu.Unlock()
	if len(w.m) != 0 {
		t.Fatalf("%d reads left behind", len(w.m))
	}
}
