package sqlitestore_test

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"testing"
	"time"

	"onestop/kiosk"
	"onestop/kiosk/kiosktest"
	"onestop/sync/central"
	"onestop/sync/central/sqlitestore"
	"onestop/sync/wire"
)

// Regression (issue 9, item 1): after central's database is restored
// from an older copy, a kiosk's cursor points past the feed's head. It
// must get a reset and a snapshot, never "no changes": otherwise it
// misses every change until the feed catches up. Done as an operator
// would: back up, pull more, restore the copy, write, pull.
func TestCursorAheadOfRestoredFeedResets(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	path, backup := filepath.Join(dir, "central.db"), filepath.Join(dir, "backup.db")
	clock := kiosktest.NewClock(time.Date(2026, 3, 2, 9, 0, 0, 0, kiosk.DefaultLocation()))
	open := func() central.Store {
		s, err := sqlitestore.Open(path, clock)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	announce := func(s central.Store, from, to int) {
		for i := from; i < to; i++ {
			a := kiosk.Announcement{ID: fmt.Sprint("n", i), Title: kiosk.LocalName{Zh: "通知"}, StartsAt: clock.Now()}
			if err := s.PutAnnouncement(ctx, "h", a); err != nil {
				t.Fatal(err)
			}
		}
	}
	pullAll := func(s central.Store, c central.Cursor) (central.Cursor, []central.Change, bool) {
		var all []central.Change
		reset := false
		for {
			p, err := s.Changes(ctx, "h", c, 500)
			if err != nil {
				t.Fatal(err)
			}
			reset = reset || p.Reset
			all, c = append(all, p.Changes...), p.Next
			if !p.HasMore {
				return c, all, reset
			}
		}
	}
	s := open()
	if err := s.PutHall(ctx, central.Hall{ID: "h", Name: kiosk.LocalName{Zh: "大厅"}}); err != nil {
		t.Fatal(err)
	}
	announce(s, 0, 3)
	cursor, _, _ := pullAll(s, central.Cursor{})
	must(t, s.Close())
	copyFile(t, path, backup) // the nightly backup
	clock.Advance(time.Hour)
	s = open()
	announce(s, 3, 6)
	cursor, _, _ = pullAll(s, cursor) // the kiosk is now past the backup
	must(t, s.Close())
	copyFile(t, backup, path) // the restore
	os.Remove(path + "-wal")
	os.Remove(path + "-shm")
	clock.Advance(time.Hour)
	s = open()
	defer s.Close()
	announce(s, 10, 17) // 7 new announcements after the restore
	_, got, reset := pullAll(s, cursor)
	seen := map[string]bool{}
	for _, c := range got {
		if c.Entity == wire.EntityAnnouncement {
			seen[c.ID] = true
		}
	}
	for i := 10; i < 17; i++ {
		if !seen[fmt.Sprint("n", i)] {
			t.Errorf("announcement n%d missing after the restore (reset %v, %d changes)", i, reset, len(got))
		}
	}
	if !reset {
		t.Error("a cursor ahead of the feed must reset")
	}
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	in, err := os.Open(from)
	must(t, err)
	defer in.Close()
	out, err := os.OpenFile(to, os.O_CREATE|os.O_TRUNC|os.O_WRONLY, 0o600)
	must(t, err)
	if _, err := io.Copy(out, in); err != nil {
		t.Fatal(err)
	}
	must(t, out.Close())
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
