package store_test

import (
	"os"
	"path/filepath"
	"testing"

	"onestop/kiosk/kiosktest"
	"onestop/kiosk/store"
)

// Regression (issue 9, item 6): the database, its WAL and shared-memory
// files are the owner's only, and so is their directory, even when they
// existed world-readable before.
func TestFilesAreOwnerOnly(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data")
	must(t, os.Mkdir(dir, 0o755))
	path := filepath.Join(dir, "kiosk.db")
	db, err := store.Open(path, kiosktest.NewClock(t0))
	must(t, err)
	must(t, db.Close())
	must(t, os.Chmod(path, 0o644))
	must(t, os.Chmod(dir, 0o755))
	db, err = store.Open(path, kiosktest.NewClock(t0))
	must(t, err)
	defer db.Close()
	seedStudents(t, db, "s1") // a write, so the WAL and SHM exist
	wantMode(t, dir, 0o700)
	for _, p := range []string{path, path + "-wal", path + "-shm"} {
		wantMode(t, p, 0o600)
	}
}

func wantMode(t *testing.T, path string, want os.FileMode) {
	t.Helper()
	fi, err := os.Stat(path)
	must(t, err)
	if got := fi.Mode().Perm(); got != want {
		t.Errorf("%s: mode %o, want %o", filepath.Base(path), got, want)
	}
}
