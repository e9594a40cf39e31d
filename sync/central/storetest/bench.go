package storetest

import (
	"fmt"
	"testing"

	"onestop/kiosk"
)

// BenchDrain measures draining a kiosk's offline outbox: b.N rounds of
// 10,000 mutations (visits, with a request and an event check-in
// every 100) pushed in batches of 500, as the syncer sends them.
func BenchDrain(b *testing.B, fresh Fresh) {
	const total, batch = 10_000, 500
	f := NewFixture(b, fresh)
	k := f.K1
	var seq int64
	b.ResetTimer()
	for range b.N {
		b.StopTimer()
		ms := make([]kiosk.Mutation, total)
		for i := range ms {
			seq++
			id := fmt.Sprint("m", seq)
			ms[i] = kiosk.Mutation{Seq: seq, ID: id, Kind: kiosk.KindVisitCheckin, Payload: mustJSON(b, visit(id, Alice))}
			switch i % 100 {
			case 1:
				ms[i].Kind, ms[i].Payload = kiosk.KindRequestCreate, mustJSON(b, Request(id, Bob))
			case 2:
				ms[i].Kind, ms[i].Payload = kiosk.KindEventCheckin, mustJSON(b, kiosk.Attendance{ID: id, EventID: EventA, StudentKey: Alice})
			}
		}
		b.StartTimer()
		for i := 0; i < total; i += batch {
			if _, err := f.S.Push(f.Ctx, k, ms[i:i+batch]); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*total), "ns/mutation")
}
