package store_test

import (
	"path/filepath"
	"testing"

	"onestop/kiosk"
	"onestop/kiosk/servicetest"
	"onestop/kiosk/store"
)

// TestContract runs the services' contract on the store; the fakes run
// the same cases (kiosk/kiosktest), so they cannot drift apart.
func TestContract(t *testing.T) {
	servicetest.Run(t, func(tb testing.TB, clock kiosk.Clock) servicetest.Env {
		db, err := store.Open(filepath.Join(tb.TempDir(), "kiosk.db"), clock)
		if err != nil {
			tb.Fatal(err)
		}
		tb.Cleanup(func() { db.Close() })
		return servicetest.Env{Rooms: db, Appointments: db, Visits: db, Events: db, Requests: db, Records: db,
			Apply: db.ApplyChanges}
	})
}
