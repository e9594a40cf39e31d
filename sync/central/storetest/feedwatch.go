package storetest

import (
	"context"
	"testing"
	"time"

	"onestop/kiosk"
)

// woken waits for ch to close; the bound only keeps a broken store from
// hanging the suite (PostgreSQL's notification arrives asynchronously).
func woken(ch <-chan struct{}) bool {
	select {
	case <-ch:
		return true
	case <-time.After(10 * time.Second):
		return false
	}
}

func asleep(ch <-chan struct{}) bool {
	select {
	case <-ch:
		return false
	default:
		return true
	}
}

// testFeedWake: a commit that records a change for a hall wakes that
// hall's waiters (a push and an admin write alike), not another hall's;
// a write refused before it changed anything wakes nobody.
func testFeedWake(t *testing.T, fresh Fresh) {
	f := NewFixture(t, fresh)
	s, ctx := f.S, f.Ctx
	// The fixture's own writes may still be on their way to the waiters
	// (PostgreSQL's NOTIFY arrives after the commit): start once they are in.
	quiet := func() {
		t.Helper()
		if b, ok := s.(interface{ FeedBarrier(context.Context) error }); ok {
			f.Must(b.FeedBarrier(ctx))
		}
	}
	quiet()
	a, b := s.FeedChanged(HallA), s.FeedChanged(HallB)
	if err := s.DeleteRoom(ctx, "no-such-room"); kiosk.ErrorCode(err) != kiosk.ENOTFOUND {
		t.Fatalf("delete unknown room: %v", err)
	}
	f.Push(f.K1, kiosk.KindVisitCheckin, "v1", kiosk.Visit{ID: "v1", StudentKey: Alice, Purpose: kiosk.PurposeStudy, At: Start})
	if !woken(a) {
		t.Fatal("a push to hall A did not wake hall A's waiters")
	}
	// Hall B's waiter stays asleep: its change would have been sent
	// before hall A's, so it would have arrived by now.
	if !asleep(b) {
		t.Fatal("a push to hall A woke hall B's waiters")
	}
	quiet()
	next := s.FeedChanged(HallA)
	f.Must(s.PutAnnouncement(ctx, HallB, kiosk.Announcement{ID: "ann-b", Title: kiosk.LocalName{Zh: "通知"},
		StartsAt: Start, EndsAt: Start.Add(time.Hour)}))
	if !woken(b) {
		t.Fatal("an announcement in hall B did not wake hall B's waiters")
	}
	if !asleep(next) {
		t.Fatal("hall B's announcement woke hall A's waiters")
	}
	f.Must(s.SetSettings(ctx, HallA, map[string]string{kiosk.SettingIdleTimeout: "90"}))
	if !woken(next) {
		t.Fatal("a settings change in hall A did not wake hall A's waiters")
	}
}
