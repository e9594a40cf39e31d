package client_test

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"onestop/kiosk"
	"onestop/kiosk/demo"
	"onestop/sync/client"
)

// BenchmarkArrivalAtOtherKiosk (issue 11, goal p99 < 1 s): a student
// checks in on kiosk A; how long until the visit is in kiosk B's store,
// over real sync (HTTP on loopback, central on SQLite), both kiosks
// running their background loops with the long poll: A is nudged by the
// write and pushes, central wakes B's held pull, B applies the page.
func BenchmarkArrivalAtOtherKiosk(b *testing.B) {
	c := newBenchCentral(b, demoStudents, 0, 0)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	dbA, apiA, syncA := c.benchKiosk(b, b.TempDir())
	c.enroll(b, dbA, apiA)
	dbB, apiB, _ := c.benchKiosk(b, b.TempDir())
	c.enroll(b, dbB, apiB)
	applied := make(chan struct{}, 1)
	syncB := client.NewSyncer(apiB, dbB, client.Config{Clock: c.clock, Ticks: make(chan time.Time),
		OnProgress: func(p kiosk.SyncProgress) {
			if !p.Running && p.Received > 0 {
				select {
				case applied <- struct{}{}:
				default:
				}
			}
		}})
	for _, s := range []*client.Syncer{syncA, syncB} {
		if err := s.Sync(ctx); err != nil {
			b.Fatal(err)
		}
	}
	select {
	case <-applied: // the initial snapshot
	default:
	}
	go syncA.Run(ctx)
	go syncB.Run(ctx)
	st, err := dbA.Identify(ctx, kiosk.Credential{Kind: kiosk.CredNumber, Value: demo.Identities[0].Number})
	if err != nil {
		b.Fatal(err)
	}
	lat := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := range b.N {
		id := fmt.Sprintf("arrival-%d", i)
		t0 := time.Now()
		if err := dbA.CheckInVisit(ctx, &kiosk.Visit{ID: id, StudentKey: st.Key, HallID: demo.HallID,
			Purpose: kiosk.PurposeService, At: c.clock.Now()}); err != nil {
			b.Fatal(err)
		}
		syncA.Nudge() // as the kiosk's store does after every write
		for seen := false; !seen; {
			select {
			case <-applied:
			case <-time.After(time.Minute):
				b.Fatalf("visit %s not at kiosk B after a minute", id)
			}
			vs, err := dbB.VisitsOf(ctx, st.Key)
			if err != nil {
				b.Fatal(err)
			}
			seen = slices.ContainsFunc(vs, func(v kiosk.Visit) bool { return v.ID == id })
		}
		lat = append(lat, time.Since(t0))
	}
	b.StopTimer()
	slices.Sort(lat)
	q := func(f float64) float64 { return float64(lat[int(f*float64(len(lat)-1))]) / 1e6 }
	b.ReportMetric(q(0.5), "p50-ms")
	b.ReportMetric(q(0.99), "p99-ms")
	b.ReportMetric(q(1), "max-ms")
}
