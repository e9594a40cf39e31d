// Package sqlitetest gives the tests above the store (the HTTP server,
// the public pages, the admin CLI, the demo seeding) a fresh SQLite
// store: they need one backend, the contract suite in storetest covers
// both.
package sqlitetest

import (
	"path/filepath"
	"testing"

	"onestop/kiosk"
	"onestop/sync/central"
	"onestop/sync/central/sqlitestore"
	"onestop/sync/central/storetest"
)

// Fresh opens stores on a new SQLite file in t's temporary directory.
func Fresh(t testing.TB) storetest.Opener {
	path := filepath.Join(t.TempDir(), "central.db")
	return func(tb testing.TB, clock kiosk.Clock) central.Store {
		tb.Helper()
		s, err := sqlitestore.Open(path, clock)
		if err != nil {
			tb.Fatal(err)
		}
		tb.Cleanup(func() { s.Close() })
		return s
	}
}
