package sqlitestore_test

import (
	"path/filepath"
	"testing"

	"onestop/kiosk"
	"onestop/sync/central"
	"onestop/sync/central/sqlitestore"
	"onestop/sync/central/storetest"
)

func TestContract(t *testing.T) {
	storetest.Run(t, func(t testing.TB) storetest.Opener {
		path := filepath.Join(t.TempDir(), "central.db")
		return func(tb testing.TB, clock kiosk.Clock) central.Store {
			tb.Helper()
			s, err := sqlitestore.Open(path, clock)
			if err != nil {
				tb.Fatal(err)
			}
			tb.Cleanup(func() {
				if err := s.Close(); err != nil {
					tb.Error(err)
				}
			})
			return s
		}
	})
}

func BenchmarkDrain10k(b *testing.B) {
	storetest.BenchDrain(b, func(t testing.TB) storetest.Opener {
		path := filepath.Join(t.TempDir(), "central.db")
		return func(tb testing.TB, clock kiosk.Clock) central.Store {
			s, err := sqlitestore.Open(path, clock)
			if err != nil {
				tb.Fatal(err)
			}
			tb.Cleanup(func() { s.Close() })
			return s
		}
	})
}
