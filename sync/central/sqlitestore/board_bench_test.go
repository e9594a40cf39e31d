package sqlitestore_test

import (
	"testing"

	"onestop/sync/central/sqlitestore/sqlitetest"
	"onestop/sync/central/storetest"
)

func BenchmarkBoard100k(b *testing.B) { storetest.BenchBoard(b, sqlitetest.Fresh, 100000) }
