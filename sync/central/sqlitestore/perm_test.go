package sqlitestore_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"onestop/kiosk"
	"onestop/kiosk/kiosktest"
	"onestop/sync/central"
	"onestop/sync/central/sqlitestore"
)

// Regression (issue 9, item 6): central.db, its WAL and SHM are 0600 and
// the data directory 0700, even when the directory already existed
// world-readable (they were 0644 then).
func TestFilesAreOwnerOnly(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "central-data")
	must(t, os.Mkdir(dir, 0o755))
	path := filepath.Join(dir, "central.db")
	must(t, os.WriteFile(path, nil, 0o644))
	s, err := sqlitestore.Open(path, kiosktest.NewClock(time.Date(2026, 3, 2, 9, 0, 0, 0, kiosk.DefaultLocation())))
	must(t, err)
	defer s.Close()
	must(t, s.PutHall(context.Background(), central.Hall{ID: "h", Name: kiosk.LocalName{Zh: "大厅"}}))
	for p, want := range map[string]os.FileMode{dir: 0o700, path: 0o600, path + "-wal": 0o600, path + "-shm": 0o600} {
		fi, err := os.Stat(p)
		must(t, err)
		if got := fi.Mode().Perm(); got != want {
			t.Errorf("%s: mode %o, want %o", filepath.Base(p), got, want)
		}
	}
}
