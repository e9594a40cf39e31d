package backup_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"onestop/kiosk"
	"onestop/kiosk/kiosktest"
	"onestop/sync/central"
	"onestop/sync/central/backup"
	"onestop/sync/central/sqlitestore"
	"onestop/sync/wire"
)

var start = time.Date(2026, 3, 2, 9, 0, 0, 0, kiosk.DefaultLocation())

// running is a central store kept open, as the server keeps it, with n
// announcements in hall h.
func running(t *testing.T, dir string, clock kiosk.Clock, n int) (central.Store, string) {
	t.Helper()
	path := filepath.Join(dir, "central.db")
	s, err := sqlitestore.Open(path, clock)
	must(t, err)
	t.Cleanup(func() { s.Close() })
	must(t, s.PutHall(context.Background(), central.Hall{ID: "h", Name: kiosk.LocalName{Zh: "大厅"}}))
	announce(t, s, clock, 0, n)
	return s, path
}

func announce(t *testing.T, s central.Store, clock kiosk.Clock, from, to int) {
	t.Helper()
	for i := from; i < to; i++ {
		a := kiosk.Announcement{ID: fmt.Sprint("n", i), Title: kiosk.LocalName{Zh: "通知"}, StartsAt: clock.Now()}
		must(t, s.PutAnnouncement(context.Background(), "h", a))
	}
}

func TestCopyOfARunningCentral(t *testing.T) {
	ctx := context.Background()
	clock := kiosktest.NewClock(start)
	src := t.TempDir()
	s, path := running(t, src, clock, 5)
	outDir := t.TempDir()
	dst := filepath.Join(outDir, "central-backup.db")
	r, err := backup.Copy(ctx, path, dst)
	must(t, err)
	if !r.Exact || r.Rows["announcements"] != 5 || r.Rows["halls"] != 1 || r.Path != dst {
		t.Fatalf("report %+v", r)
	}
	fi, err := os.Stat(dst)
	must(t, err)
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("backup mode %o, want 600", fi.Mode().Perm())
	}
	if es, _ := os.ReadDir(outDir); len(es) != 1 {
		t.Errorf("%d files beside the backup, want it alone (no temporary left)", len(es))
	}
	// The source goes on; the copy holds what was there at the copy.
	announce(t, s, clock, 5, 8)
	c, err := sqlitestore.Open(dst, clock)
	must(t, err)
	defer c.Close()
	if _, _, err := c.Entity(ctx, wire.EntityAnnouncement, "n4"); err != nil {
		t.Errorf("n4 in the copy: %v", err)
	}
	if _, _, err := c.Entity(ctx, wire.EntityAnnouncement, "n5"); kiosk.ErrorCode(err) != kiosk.ENOTFOUND {
		t.Errorf("n5, written after the copy, is in it: %v", err)
	}
}

// Writes go on while the copy is made; the copy is whole and holds a
// prefix of them, and the check passes whichever way the race went.
func TestCopyDuringWrites(t *testing.T) {
	ctx := context.Background()
	clock := kiosktest.NewClock(start)
	s, path := running(t, t.TempDir(), clock, 200)
	done := make(chan struct{})
	go func() {
		defer close(done)
		for i := 200; i < 400; i++ {
			a := kiosk.Announcement{ID: fmt.Sprint("n", i), Title: kiosk.LocalName{Zh: "通知"}, StartsAt: clock.Now()}
			if err := s.PutAnnouncement(ctx, "h", a); err != nil {
				t.Error(err)
				return
			}
		}
	}()
	r, err := backup.Copy(ctx, path, filepath.Join(t.TempDir(), "b.db"))
	<-done
	must(t, err)
	if n := r.Rows["announcements"]; n < 200 || n > 400 {
		t.Fatalf("%d announcements in the copy, want 200–400", n)
	}
}

// A backup that cannot be written, or would destroy the database, is
// refused and says why.
func TestCopyFails(t *testing.T) {
	ctx := context.Background()
	clock := kiosktest.NewClock(start)
	s0, path := running(t, t.TempDir(), clock, 1)
	must(t, s0.Close())
	if _, err := backup.Copy(ctx, path, filepath.Join(t.TempDir(), "missing", "b.db")); err == nil {
		t.Error("backup into a missing directory succeeded")
	}
	if _, err := backup.Copy(ctx, filepath.Join(t.TempDir(), "none.db"), filepath.Join(t.TempDir(), "b.db")); err == nil {
		t.Error("backup of a missing database succeeded")
	}
	// Onto the database itself, by another name, or onto its WAL.
	link := filepath.Join(t.TempDir(), "link.db")
	must(t, os.Symlink(path, link))
	for _, dst := range []string{path, link, path + "-wal"} {
		if _, err := backup.Copy(ctx, path, dst); err == nil || !strings.Contains(err.Error(), "overwrite the database") {
			t.Errorf("backup onto %s: %v", dst, err)
		}
		if err := backup.Restore(ctx, dst, path); err == nil || !strings.Contains(err.Error(), "overwrite the database") {
			t.Errorf("restore from %s: %v", dst, err)
		}
	}
	s, err := sqlitestore.Open(path, clock)
	must(t, err)
	defer s.Close()
	if _, _, err := s.Entity(ctx, wire.EntityAnnouncement, "n0"); err != nil {
		t.Errorf("the database after the refusals: %v", err)
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
