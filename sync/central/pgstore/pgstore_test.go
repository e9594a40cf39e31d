package pgstore_test

import (
	"context"
	"testing"

	"onestop/kiosk"
	"onestop/sync/central"
	"onestop/sync/central/pgstore"
	"onestop/sync/central/pgstore/pgtest"
	"onestop/sync/central/storetest"
)

func fresh(t testing.TB) storetest.Opener { return openAt(pgtest.Schema(t)) }

// openAt opens handles on the database at dsn.
func openAt(dsn string) storetest.Opener {
	return func(tb testing.TB, clock kiosk.Clock) central.Store {
		tb.Helper()
		s, err := pgstore.Open(context.Background(), dsn, clock)
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
}

func TestContract(t *testing.T) {
	storetest.Run(t, fresh)
}

func BenchmarkDrain10k(b *testing.B) { storetest.BenchDrain(b, fresh) }
