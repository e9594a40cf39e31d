package backup_test

import (
	"context"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"onestop/kiosk"
	"onestop/kiosk/kiosktest"
	"onestop/sync/central/backup"
	"onestop/sync/central/sqlitestore"
	"onestop/sync/wire"
)

// The round trip an operator does (docs/operations-backup.md): back up
// the running central, change things, stop it, restore, start it. The
// change is gone and what was there before it is back.
func TestRestoreRoundTrip(t *testing.T) {
	ctx := context.Background()
	clock := kiosktest.NewClock(start)
	dir := t.TempDir()
	s, path := running(t, dir, clock, 3)
	copyPath := filepath.Join(t.TempDir(), "b.db")
	_, err := backup.Copy(ctx, path, copyPath)
	must(t, err)
	// The change: one announcement replaced, one deleted, one added.
	must(t, s.PutAnnouncement(ctx, "h", kiosk.Announcement{ID: "n0", Title: kiosk.LocalName{Zh: "改了"}, StartsAt: clock.Now()}))
	must(t, s.DeleteAnnouncement(ctx, "n1"))
	announce(t, s, clock, 3, 4)
	if _, err := os.Stat(path + "-wal"); err != nil {
		t.Fatalf("the running database has no WAL to go stale: %v", err)
	}
	must(t, s.Close())

	must(t, backup.Restore(ctx, copyPath, path))
	for _, p := range []string{path + "-wal", path + "-shm"} {
		if _, err := os.Stat(p); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("%s left beside the restored database: %v", filepath.Base(p), err)
		}
	}
	if fi, err := os.Stat(path); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("restored database: %v %v", fi, err)
	}
	// Onto a new machine: no data directory yet.
	fresh := filepath.Join(t.TempDir(), "central-data", "central.db")
	must(t, backup.Restore(ctx, copyPath, fresh))
	for _, p := range []string{path, fresh} {
		checkRestored(t, p, clock)
	}
}

func checkRestored(t *testing.T, path string, clock kiosk.Clock) {
	t.Helper()
	ctx := context.Background()
	r, err := sqlitestore.Open(path, clock)
	must(t, err)
	defer r.Close()
	_, data, err := r.Entity(ctx, wire.EntityAnnouncement, "n0")
	if err != nil || !strings.Contains(string(data), "通知") {
		t.Errorf("n0 after the restore: %s %v", data, err)
	}
	if _, _, err := r.Entity(ctx, wire.EntityAnnouncement, "n1"); err != nil {
		t.Errorf("n1, deleted after the backup, is not back: %v", err)
	}
	if _, _, err := r.Entity(ctx, wire.EntityAnnouncement, "n3"); kiosk.ErrorCode(err) != kiosk.ENOTFOUND {
		t.Errorf("n3, added after the backup, survived the restore: %v", err)
	}
}

// While a server holds the database a restore is refused and changes
// nothing; servers share the hold; once they stop it goes through.
func TestRestoreRefusedWhileServerHolds(t *testing.T) {
	ctx := context.Background()
	clock := kiosktest.NewClock(start)
	s, path := running(t, t.TempDir(), clock, 1)
	copyPath := filepath.Join(t.TempDir(), "b.db")
	_, err := backup.Copy(ctx, path, copyPath)
	must(t, err)
	announce(t, s, clock, 1, 2)
	h1, err := backup.Hold(path)
	must(t, err)
	h2, err := backup.Hold(path) // a second central process on the same file
	must(t, err)
	if err := backup.Restore(ctx, copyPath, path); !errors.Is(err, backup.ErrInUse) {
		t.Fatalf("restore under a running server: %v", err)
	}
	if _, _, err := s.Entity(ctx, wire.EntityAnnouncement, "n1"); err != nil {
		t.Fatalf("the refused restore changed the database: %v", err)
	}
	must(t, h1.Close())
	if err := backup.Restore(ctx, copyPath, path); !errors.Is(err, backup.ErrInUse) {
		t.Fatalf("restore while one server still runs: %v", err)
	}
	must(t, h2.Close())
	must(t, s.Close())
	must(t, backup.Restore(ctx, copyPath, path))
}

// A damaged copy, one from a newer central and a file that is not
// central's are refused before anything is touched.
func TestRestoreRefusesBadCopies(t *testing.T) {
	ctx := context.Background()
	clock := kiosktest.NewClock(start)
	s, path := running(t, t.TempDir(), clock, 50)
	must(t, s.Close())
	before, err := os.ReadFile(path)
	must(t, err)
	tmp := t.TempDir()
	good := filepath.Join(tmp, "good.db")
	_, err = backup.Copy(ctx, path, good)
	must(t, err)
	must(t, backup.Check(ctx, good))

	damaged := filepath.Join(tmp, "damaged.db")
	b, err := os.ReadFile(good)
	must(t, err)
	for i := 4096 * 3; i < len(b)-4096; i += 4096 { // every page but the first and last
		copy(b[i+100:i+400], strings.Repeat("\xff", 300))
	}
	must(t, os.WriteFile(damaged, b, 0o600))

	newer := filepath.Join(tmp, "newer.db")
	_, err = backup.Copy(ctx, path, newer)
	must(t, err)
	exec(t, newer, `INSERT INTO schema_migrations (version, name, applied_at) VALUES (9999, '9999_future.sql', 0)`)

	foreign := filepath.Join(tmp, "foreign.db")
	exec(t, foreign, `CREATE TABLE t (x INTEGER)`)

	for name, want := range map[string]string{damaged: "", newer: "newer than this build", foreign: "not a central database",
		filepath.Join(tmp, "missing.db"): "no such file"} {
		err := backup.Restore(ctx, name, path)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("restore %s: %v, want an error saying %q", filepath.Base(name), err, want)
		}
	}
	after, err := os.ReadFile(path)
	must(t, err)
	if string(after) != string(before) {
		t.Error("a refused restore changed the database")
	}
}

func exec(t *testing.T, path, stmt string) {
	t.Helper()
	db, err := sql.Open("sqlite3", path)
	must(t, err)
	defer db.Close()
	_, err = db.Exec(stmt)
	must(t, err)
}
