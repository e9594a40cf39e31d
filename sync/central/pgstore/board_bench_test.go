package pgstore_test

import (
	"testing"

	"onestop/sync/central/storetest"
)

func BenchmarkBoard100k(b *testing.B) { storetest.BenchBoard(b, fresh, 100000) }
